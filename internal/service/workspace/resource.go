package workspace

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
)

const (
	defaultCreateTimeout = 30 * time.Minute
	defaultUpdateTimeout = 30 * time.Minute
	defaultDeleteTimeout = 20 * time.Minute
	pollInterval         = 500 * time.Millisecond
	maxPollInterval      = 10 * time.Second
)

// importedKey marks, in private state, a workspace adopted by import whose enrollment_key_version
// Terraform never set: the first version the configuration gives is recorded, not acted upon, so
// that adopting a workspace does not rotate the key its running server enrolled with.
const importedKey = "imported"

var (
	_ resource.ResourceWithConfigure      = (*workspaceResource)(nil)
	_ resource.ResourceWithImportState    = (*workspaceResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*workspaceResource)(nil)
	_ resource.ResourceWithValidateConfig = (*workspaceResource)(nil)
)

type workspaceResource struct {
	data *providerdata.Data
}

// NewResource returns the zenmlpro_workspace resource.
func NewResource() resource.Resource { return &workspaceResource{} }

func (r *workspaceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace"
}

func (r *workspaceResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A ZenML Pro workspace: one ZenML server, registered with the control plane. A **hybrid** " +
			"workspace's server runs in your own infrastructure and enrolls with the `enrollment_key` this resource " +
			"returns (pass it, with `id` and `name`, to one of the companion modules); a **managed** workspace is " +
			"run by ZenML.\n\n" +
			"~> **Secret in state:** `enrollment_key` is returned once, when the workspace is created (or the key " +
			"rotated), and is kept in the Terraform state, marked sensitive. Protect the state accordingly (an " +
			"encrypted remote backend with restricted access).",
		Attributes: map[string]schema.Attribute{
			"id":              framework.IDAttribute("The workspace's id (UUID): the server's `ZENML_SERVER_PRO_WORKSPACE_ID`."),
			"organization_id": framework.OrganizationIDAttribute("workspace"),
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The workspace's name, unique in the control plane and part of its URLs: 1 to 50 lowercase " +
					"letters, digits and hyphens, starting with a letter. Changing it replaces the workspace.",
				Validators:    []validator.String{framework.WorkspaceName()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"display_name": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The name shown in the dashboard (at most 100 characters). Defaults to `name`.",
				Validators:          []validator.String{framework.DisplayName(100)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"description": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: "A free-text description (at most 1000 characters).",
				Validators:          []validator.String{framework.MaxLength(1000)},
			},
			"hosting": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(hostingHybrid),
				MarkdownDescription: "`\"hybrid\"` (the default: the server runs in your infrastructure) or `\"managed\"` " +
					"(ZenML runs it). Changing it replaces the workspace.",
				Validators:    []validator.String{stringvalidator.OneOf(hostingHybrid, hostingManaged)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"zenml_version": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The ZenML server version wanted. A managed workspace is upgraded to it; for a hybrid " +
					"workspace it is informational (your deployment decides the version; see `server_version`).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"active": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "`false` deactivates the workspace (its `desired_state` becomes `deactivated`); " +
					"`true` (the default) brings it back.",
			},
			"wait_for": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "What create and update wait for: `\"none\"` (the default for hybrid workspaces) or " +
					"`\"available\"` (the default for active managed workspaces), bounded by the `timeouts`. A `failed` " +
					"status ends the wait with the API's reason. A hybrid workspace becomes available only when its " +
					"server has enrolled, so wait for it only when the server is deployed outside this apply; one that is " +
					"not available when the timeout ends is kept in state as it is, untainted, with a warning (a managed " +
					"one is an error).",
				Validators: []validator.String{stringvalidator.OneOf(waitNone, waitAvailable)},
			},
			"enrollment_key": schema.StringAttribute{
				Computed: true, Sensitive: true,
				MarkdownDescription: "The hybrid workspace's enrollment key (the server's `ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET`). " +
					"Returned once at creation and kept in state (sensitive); null for managed workspaces. After an import " +
					"it is null: the key the running server enrolled with cannot be read back, so Terraform does not know " +
					"it until the next rotation (a change of `enrollment_key_version`), and an output or module input fed " +
					"from it is null until then.",
			},
			"enrollment_key_version": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Any number; changing it rotates the enrollment key in place: a new `enrollment_key` is " +
					"issued and the old one stops working at once (redeploy the server with the new key). Hybrid workspaces " +
					"only. The first version set on an imported workspace is recorded without rotating (the plan shows it as " +
					"an in-place update that changes nothing else), so that adopting a workspace never cuts its running " +
					"server off; changing it afterwards rotates.",
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
			"deletion_protection": framework.DeletionProtectionAttribute("workspace"),
			"status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The workspace's status: `not_initialized` (a hybrid server has not enrolled yet), " +
					"`pending`, `available`, `failed`, `deactivated` or `deleted`.",
			},
			"state_reason": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Why the workspace is in its status, when the API says (for example, why it failed).",
			},
			"server_url": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The server's URL, as the server reported it (empty until then).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"server_version": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The ZenML version the server reported (empty until then).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"dashboard_url": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The workspace's page in the ZenML Pro dashboard.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created": framework.CreatedAttribute(),
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{
				Create: true, Update: true, Delete: true,
				CreateDescription: fmt.Sprintf("How long create may take, the wait for `wait_for = \"available\"` included, as a "+
					"duration such as `\"45m\"`. Default `%s`.", durationText(defaultCreateTimeout)),
				UpdateDescription: fmt.Sprintf("How long update may take, the wait for `wait_for = \"available\"` included. "+
					"Default `%s`.", durationText(defaultUpdateTimeout)),
				DeleteDescription: fmt.Sprintf("How long delete may take, until the workspace is gone (its name is free "+
					"again only then). Default `%s`.", durationText(defaultDeleteTimeout)),
			}),
		},
	}
}

func (r *workspaceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig rejects combinations no apply could satisfy.
func (r *workspaceResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg resourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.Hosting.ValueString() == hostingManaged && !cfg.EnrollmentKeyVersion.IsNull() && !cfg.EnrollmentKeyVersion.IsUnknown() {
		resp.Diagnostics.AddAttributeError(path.Root("enrollment_key_version"), "Enrollment key on a managed workspace",
			"enrollment_key_version applies to hybrid workspaces only: a managed workspace has no enrollment key. Remove it, or set hosting = \"hybrid\".")
	}
	if cfg.WaitFor.ValueString() == waitAvailable && !cfg.Active.IsNull() && !cfg.Active.IsUnknown() && !cfg.Active.ValueBool() {
		resp.Diagnostics.AddAttributeError(path.Root("wait_for"), "Waiting for an inactive workspace",
			"wait_for = \"available\" can never be met while active = false. Set wait_for = \"none\", or active = true.")
	}
}

// ModifyPlan refuses to plan the deletion of a protected workspace (a destroy or a replacement),
// fills the defaults that depend on other attributes or on the provider, and says when the
// enrollment key will change.
func (r *workspaceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		if !req.State.Raw.IsNull() {
			framework.RefuseProtectedDestroy(ctx, req.State, "workspace", "To stop managing the workspace without "+
				"deleting it (its server keeps running), replace its resource block with a removed block (Terraform 1.7 or later):\n\n"+
				framework.RemovedBlock("zenmlpro_workspace"), &resp.Diagnostics)
		}
		return
	}
	if framework.PlanUnchanged(req) {
		return
	}
	if r.data != nil { // an unconfigured provider (unknown arguments) leaves organization_id unknown
		framework.SetDefaultOrganization(ctx, req, resp, r.data.OrganizationID)
	}
	var plan, cfg resourceModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.WaitFor.IsNull() && !plan.Hosting.IsUnknown() && !plan.Active.IsUnknown() {
		wait := defaultWaitFor(plan.Hosting.ValueString(), plan.Active.ValueBool())
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("wait_for"), wait)...)
	}
	if req.State.Raw.IsNull() {
		if plan.Hosting.ValueString() == hostingManaged {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("enrollment_key"), types.StringNull())...)
		}
		return
	}
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if attr, from, to := replacingChange(&state, &plan); attr != "" &&
		framework.RefuseProtectedReplace(state.DeletionProtection, "workspace", state.Name.ValueString(), attr, from, to,
			"Its server would be cut off (the new workspace has a new id and enrollment key) and what the workspace "+
				"holds would be lost.", &resp.Diagnostics) {
		return
	}
	// The key stays what it is unless enrollment_key_version changes, which rotates it.
	rotating := rotationRequested(&state, &plan, adopted(ctx, req.Private))
	if !rotating {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("enrollment_key"), state.EnrollmentKey)...)
	}
	// The status follows the desired state, the version and the server, not the names: an update
	// that changes none of them (nor waits for a status not reached yet) leaves it as it is, so
	// that the plan of such an update shows no "(known after apply)" for it. Update then keeps
	// the planned value, and the next refresh shows any change the server made meanwhile.
	if plan.Active.Equal(state.Active) && !rotating &&
		(plan.ZenMLVersion.IsUnknown() || plan.ZenMLVersion.Equal(state.ZenMLVersion)) &&
		(plan.WaitFor.ValueString() != waitAvailable || state.Status.ValueString() == client.WorkspaceStatusAvailable) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), state.Status)...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("state_reason"), state.StateReason)...)
	}
}

// durationText writes a timeout default as people write one for the timeouts block ("30m").
func durationText(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

// replacingChange names the first change in the plan that replaces the workspace (the attributes
// with RequiresReplace), with its values before and after; "" when none does.
func replacingChange(state, plan *resourceModel) (attr string, from, to types.String) {
	for _, a := range []struct {
		name        string
		state, plan types.String
	}{{"name", state.Name, plan.Name}, {"hosting", state.Hosting, plan.Hosting}, {"organization_id", state.OrganizationID, plan.OrganizationID}} {
		if !a.plan.Equal(a.state) {
			return a.name, a.state, a.plan
		}
	}
	return "", types.String{}, types.String{}
}

func (r *workspaceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	managed := plan.Hosting.ValueString() == hostingManaged
	in := client.WorkspaceCreate{
		Name:           plan.Name.ValueString(),
		DisplayName:    plan.DisplayName.ValueString(),
		Description:    plan.Description.ValueString(),
		OrganizationID: plan.OrganizationID.ValueString(),
		IsManaged:      managed,
	}
	if v := plan.ZenMLVersion.ValueString(); v != "" {
		in.ZenMLService = &client.ZenMLService{Configuration: &client.ZenMLServiceConfiguration{Version: v}}
	}
	ws, err := r.data.Client.CreateWorkspace(ctx, in)
	if err != nil {
		framework.AddCreateError(&resp.Diagnostics, "Error creating workspace",
			fmt.Sprintf("Could not create workspace %q in organization %s", in.Name, in.OrganizationID), err, framework.ImportByID)
		return
	}
	enrollmentKey := types.StringNull()
	if !managed {
		enrollmentKey = types.StringValue(ws.EnrollmentKey)
	}
	// Record the workspace at once: whatever fails from here on, Terraform knows it exists (and
	// taints it) instead of losing track of it.
	r.saveState(ctx, &plan, ws, enrollmentKey, &resp.State, &resp.Diagnostics)
	resp.Diagnostics.Append(framework.MarkCreated(ctx, resp.Private)...)
	if resp.Diagnostics.HasError() {
		return
	}

	if !plan.Active.ValueBool() {
		ws, err = r.setActive(ctx, ws.ID, false)
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error deactivating workspace",
				fmt.Sprintf("Workspace %q was created but could not be deactivated", in.Name), err)
			return
		}
	}
	if plan.WaitFor.ValueString() == waitAvailable {
		if ws, err = r.waitAvailable(ctx, ws); err != nil {
			reportWait(ctx, &resp.Diagnostics, managed, fmt.Sprintf("Workspace %q (%s) was created", in.Name, ws.ID), err)
		}
	}
	r.saveState(ctx, &plan, ws, enrollmentKey, &resp.State, &resp.Diagnostics)
}

// reportWait reports a wait for "available" that ended without it. A hybrid workspace that is
// merely not there yet when the timeout ends is a warning: its server may be deployed by another
// pipeline, later, with the key from this state, so the workspace must stay in state as it is
// (an error would taint it, and the next apply replace it: a new id and key). A failure, or a
// managed workspace (ZenML provisions it), is an error.
func reportWait(ctx context.Context, diags *diag.Diagnostics, managed bool, what string, err error) {
	if !managed && ctx.Err() != nil {
		diags.AddWarning("Workspace not available yet",
			fmt.Sprintf("%s, but: %v.\n\nA hybrid workspace becomes available when its server enrolls, which may be "+
				"deployed by another pipeline: the workspace is kept in state as it is (not tainted), and the next plan "+
				"shows no change for it. Its status is refreshed on every plan.", what, err))
		return
	}
	diags.AddError("Workspace did not become available", fmt.Sprintf("%s, but: %v", what, err))
}

func (r *workspaceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var ws *client.Workspace
	err := framework.ReadTolerant(ctx, req.Private, client.IsNotFound, func(ctx context.Context) error {
		var err error
		ws, err = r.data.Client.GetWorkspace(ctx, state.ID.ValueString())
		return err
	})
	if client.IsNotFound(err) || (err == nil && ws.Status == client.WorkspaceStatusDeleted) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading workspace",
			fmt.Sprintf("Could not read workspace %q (%s)", state.Name.ValueString(), state.ID.ValueString()), err)
		return
	}
	state.fromAPI(ws, r.data.DashboardURL)
	if state.DeletionProtection.IsNull() {
		state.DeletionProtection = types.BoolValue(true) // after import
	}
	if state.WaitFor.IsNull() {
		state.WaitFor = types.StringValue(defaultWaitFor(state.Hosting.ValueString(), state.Active.ValueBool()))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *workspaceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id, name := state.ID.ValueString(), state.Name.ValueString()

	var patch client.WorkspaceUpdate
	changed := false
	if !plan.DisplayName.IsUnknown() && !plan.DisplayName.Equal(state.DisplayName) {
		patch.DisplayName, changed = plan.DisplayName.ValueStringPointer(), true
	}
	if !plan.Description.Equal(state.Description) {
		patch.Description, changed = plan.Description.ValueStringPointer(), true
	}
	if !plan.ZenMLVersion.IsUnknown() && !plan.ZenMLVersion.Equal(state.ZenMLVersion) {
		patch.ZenMLService = &client.ZenMLService{Configuration: &client.ZenMLServiceConfiguration{Version: plan.ZenMLVersion.ValueString()}}
		changed = true
	}
	if !plan.Active.Equal(state.Active) {
		desired := desiredState(plan.Active.ValueBool())
		patch.DesiredState, changed = &desired, true
	}

	var ws *client.Workspace
	var err error
	if changed {
		ws, err = r.data.Client.UpdateWorkspace(ctx, id, patch)
	} else {
		ws, err = r.data.Client.GetWorkspace(ctx, id)
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error updating workspace",
			fmt.Sprintf("Could not update workspace %q (%s)", name, id), err)
		return
	}

	enrollmentKey := state.EnrollmentKey
	if rotationRequested(&state, &plan, adopted(ctx, req.Private)) {
		key, err := r.data.Client.RotateEnrollmentKey(ctx, id)
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error rotating the enrollment key",
				fmt.Sprintf("Could not rotate the enrollment key of workspace %q (%s); the old key still works", name, id), err)
			r.saveState(ctx, &plan, ws, state.EnrollmentKey, &resp.State, &resp.Diagnostics)
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("enrollment_key_version"), state.EnrollmentKeyVersion)...)
			return
		}
		enrollmentKey = types.StringValue(key)
	}

	if plan.WaitFor.ValueString() == waitAvailable && plan.Active.ValueBool() {
		if ws, err = r.waitAvailable(ctx, ws); err != nil {
			reportWait(ctx, &resp.Diagnostics, state.Hosting.ValueString() == hostingManaged,
				fmt.Sprintf("Workspace %q (%s) was updated", name, id), err)
		}
	}
	r.saveState(ctx, &plan, ws, enrollmentKey, &resp.State, &resp.Diagnostics)
	if !plan.EnrollmentKeyVersion.IsNull() {
		// The version is recorded: from now on it is Terraform's, and its next change rotates.
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
	}
}

// rotationRequested reports whether the plan rotates the enrollment key: enrollment_key_version
// changes on a hybrid workspace, except for the first version given to an adopted (imported)
// workspace, which is recorded without rotating.
func rotationRequested(state, plan *resourceModel, adopted bool) bool {
	switch {
	case state.Hosting.ValueString() != hostingHybrid, plan.EnrollmentKeyVersion.Equal(state.EnrollmentKeyVersion):
		return false
	case adopted && state.EnrollmentKeyVersion.IsNull():
		return false
	}
	return true
}

// adopted reports whether the workspace was imported and has had no enrollment_key_version yet.
func adopted(ctx context.Context, private framework.PrivateStateReader) bool {
	if private == nil {
		return false
	}
	raw, diags := private.GetKey(ctx, importedKey)
	return !diags.HasError() && string(raw) == "true"
}

func (r *workspaceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() ||
		framework.DeletionProtected(state.DeletionProtection, "workspace", state.Name.ValueString(), &resp.Diagnostics) ||
		!r.data.Ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id, name := state.ID.ValueString(), state.Name.ValueString()
	err := r.data.Client.DeleteWorkspace(ctx, id)
	if client.IsNotFound(err) {
		return
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error deleting workspace",
			fmt.Sprintf("Could not delete workspace %q (%s)", name, id), err)
		return
	}
	// The workspace answers status "deleted" for a while; its name is free only once it is gone,
	// so a replacement must not start before then.
	err = framework.Poll(ctx, pollInterval, maxPollInterval, fmt.Sprintf("workspace %q to be deleted", name),
		func(ctx context.Context) (bool, error) {
			_, err := r.data.Client.GetWorkspace(ctx, id)
			if client.IsNotFound(err) {
				return true, nil
			}
			return false, err
		})
	if err != nil {
		resp.Diagnostics.AddError("Error deleting workspace", fmt.Sprintf("Workspace %q (%s): %v", name, id, err))
	}
}

// ImportState accepts the workspace's id, or "<organization name or id>/<workspace name>".
func (r *workspaceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if !framework.IsUUID(id) {
		parts := framework.SplitImportID(id, 2, "<workspace id> or <organization name or id>/<workspace name>", &resp.Diagnostics)
		if parts == nil || !r.data.Ready(&resp.Diagnostics) {
			return
		}
		org, err := r.data.Client.GetOrganization(ctx, parts[0])
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error importing workspace", fmt.Sprintf("Could not find organization %q", parts[0]), err)
			return
		}
		list, err := r.data.Client.ListWorkspaces(ctx, client.WorkspacesAll, client.WorkspaceFilter{OrganizationID: org.ID, Name: parts[1]})
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error importing workspace", fmt.Sprintf("Could not list the workspaces of %q", org.Name), err)
			return
		}
		id = ""
		for _, w := range list {
			if w.Name == parts[1] && w.Status != client.WorkspaceStatusDeleted {
				id = w.ID
			}
		}
		if id == "" {
			resp.Diagnostics.AddError("Error importing workspace",
				fmt.Sprintf("Organization %q has no workspace named %q.", org.Name, parts[1]))
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("deletion_protection"), true)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte("true"))...)
}

// saveState writes the API's view of ws into the state, keeping the values the plan promised for
// attributes that may not change during this apply (they are refreshed on the next plan).
func (r *workspaceResource) saveState(ctx context.Context, plan *resourceModel, ws *client.Workspace, enrollmentKey types.String, state stateSetter, diags *diag.Diagnostics) {
	m := *plan
	m.fromAPI(ws, r.data.DashboardURL)
	for _, keep := range []struct{ planned, got *types.String }{
		{&plan.ServerURL, &m.ServerURL}, {&plan.ServerVersion, &m.ServerVersion}, {&plan.DashboardURL, &m.DashboardURL},
		{&plan.Status, &m.Status}, {&plan.StateReason, &m.StateReason},
	} {
		if !keep.planned.IsUnknown() && !keep.planned.IsNull() {
			*keep.got = *keep.planned
		}
	}
	m.EnrollmentKey = enrollmentKey
	m.WaitFor, m.DeletionProtection, m.EnrollmentKeyVersion, m.Timeouts = plan.WaitFor, plan.DeletionProtection, plan.EnrollmentKeyVersion, plan.Timeouts
	diags.Append(state.Set(ctx, &m)...)
}

type stateSetter interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}

func (r *workspaceResource) setActive(ctx context.Context, id string, active bool) (*client.Workspace, error) {
	desired := desiredState(active)
	return r.data.Client.UpdateWorkspace(ctx, id, client.WorkspaceUpdate{DesiredState: &desired})
}

func desiredState(active bool) string {
	if active {
		return client.WorkspaceStatusAvailable
	}
	return client.WorkspaceStatusDeactivated
}

// waitAvailable polls until the workspace is available. A failed or deactivated workspace ends the
// wait with the API's reason; the context's deadline (the timeouts block) bounds it.
func (r *workspaceResource) waitAvailable(ctx context.Context, ws *client.Workspace) (*client.Workspace, error) {
	last := ws
	err := framework.Poll(ctx, pollInterval, maxPollInterval, fmt.Sprintf("status \"available\" (last seen: %q)", last.Status),
		func(ctx context.Context) (bool, error) {
			w, err := r.data.Client.GetWorkspace(ctx, ws.ID)
			if client.IsNotFound(err) {
				return false, nil // read-after-write lag right after creation
			}
			if err != nil {
				return false, err
			}
			last = w
			switch w.Status {
			case client.WorkspaceStatusAvailable:
				return true, nil
			case client.WorkspaceStatusFailed:
				reason := w.StateReason
				if reason == "" {
					reason = "the API gave no reason"
				}
				return false, fmt.Errorf("the workspace failed: %s", reason)
			case client.WorkspaceStatusDeactivated, client.WorkspaceStatusDeleted:
				return false, fmt.Errorf("the workspace is %s", w.Status)
			}
			return false, nil
		})
	if err != nil && ctx.Err() != nil {
		err = fmt.Errorf("timed out waiting for status \"available\"; the workspace is still %q. Raise the timeouts, or set wait_for = \"none\"", last.Status)
	}
	return last, err
}
