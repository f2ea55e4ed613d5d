package serviceaccount

import (
	"context"
	"fmt"
	"strings"

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
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/service/role"
)

var (
	_ resource.ResourceWithConfigure   = (*serviceAccountResource)(nil)
	_ resource.ResourceWithImportState = (*serviceAccountResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*serviceAccountResource)(nil)
)

type serviceAccountResource struct {
	data *providerdata.Data
}

// NewResource returns the zenmlpro_service_account resource.
func NewResource() resource.Resource { return &serviceAccountResource{} }

func (r *serviceAccountResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_service_account"
}

func (r *serviceAccountResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A service account: a non-human user of an organization, such as a CI system, that " +
			"reaches ZenML Pro (and every workspace of the organization) with `zenmlpro_api_key`s. It is created with an " +
			"organization-level role (`role_id`); give it more roles with role bindings (`service_account_id`) and put " +
			"it in teams like any other member. Deleting it deletes its API keys, role assignments and team memberships.",
		Attributes: map[string]schema.Attribute{
			"id":              framework.IDAttribute("The service account's id (UUID)."),
			"organization_id": framework.OrganizationIDAttribute("service account"),
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The service account's display name (at most 100 characters). Renaming keeps its keys.",
				Validators:          []validator.String{framework.DisplayName(100)},
			},
			"username": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The service account's username, unique in the organization (it logs in to workspaces " +
					"under it, and shows as its email): 1 to 50 letters, digits, dots, hyphens and underscores, starting with a " +
					"letter or digit. Defaults to `name` when `name` is such a string; otherwise set it. Changing it keeps " +
					"the keys.",
				Validators:    []validator.String{framework.IdentifierName()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"role_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The id of the organization-level role the service account holds (the API makes every " +
					"service account with one), such as the built-in Organization Admin (`data \"zenmlpro_role\"` with " +
					"`level = \"organization\"`). Defaults to the organization's built-in `" + defaultRoleName + "`. " +
					"Changing it moves the service account to the new role in place: the new role is given, then the old " +
					"one taken away. Do not also bind this role to it at organization scope with `zenmlpro_role_binding`; " +
					"roles at workspace and project scope are given that way.",
				Validators:    []validator.String{framework.UUID()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"description": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: "A free-text description (at most 1000 characters).",
				Validators:          []validator.String{framework.MaxLength(1000)},
			},
			"active": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "`false` suspends the service account: none of its API keys can log in until it is " +
					"`true` (the default) again.",
			},
			"created": framework.CreatedAttribute(),
		},
	}
}

func (r *serviceAccountResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan fills organization_id with the provider's default and username with the name, and
// checks the role at plan time.
func (r *serviceAccountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || framework.PlanUnchanged(req) {
		return // destroy, or nothing changes
	}
	if r.data != nil {
		framework.SetDefaultOrganization(ctx, req, resp, r.data.OrganizationID)
	}
	var plan, cfg resourceModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.Username.IsNull() && !plan.Name.IsUnknown() {
		if !framework.IsIdentifierName(plan.Name.ValueString()) {
			resp.Diagnostics.AddAttributeError(path.Root("username"), "No username",
				fmt.Sprintf("The service account's name %q is not a valid username, so username cannot default to it. Set "+
					"username to 1 to 50 letters, digits, dots, hyphens and underscores, starting with a letter or digit "+
					"(for example %q).", plan.Name.ValueString(), framework.SuggestIdentifier(plan.Name.ValueString())))
			return
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("username"), plan.Name)...)
	}
	var priorRole types.String
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("role_id"), &priorRole)...)
	}
	if r.data == nil || plan.RoleID.Equal(priorRole) {
		return
	}
	if problem := r.roleProblem(ctx, plan); problem != nil {
		if req.State.Raw.IsNull() {
			// A warning: an error would also stop the refresh before terraform destroy. Create
			// stops at it before anything is written.
			problem.AddCreateWarning(&resp.Diagnostics, "service account")
		} else {
			problem.AddError(&resp.Diagnostics)
		}
	}
}

// roleProblem is what the API would refuse about the planned role: a service account holds an
// organization-level role of its organization.
func (r *serviceAccountResource) roleProblem(ctx context.Context, plan resourceModel) *framework.Problem {
	return role.OrganizationRoleProblem(ctx, r.data.Client, path.Root("role_id"), plan.RoleID, plan.OrganizationID,
		"a service account holds", "Give the %s-level role with a zenmlpro_role_binding whose service_account_id is "+
			"this service account's id.")
}

func (r *serviceAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if problem := r.roleProblem(ctx, plan); problem != nil {
		problem.AddError(&resp.Diagnostics)
		return
	}
	org := plan.OrganizationID.ValueString()
	if plan.RoleID.IsUnknown() || plan.RoleID.IsNull() {
		roleID, err := r.defaultRole(ctx, org)
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error creating service account",
				fmt.Sprintf("Could not find the built-in role %q of organization %s for service account %q (set role_id to give it another)",
					defaultRoleName, org, plan.Username.ValueString()), err)
			return
		}
		plan.RoleID = types.StringValue(roleID)
	}
	in := client.ServiceAccountCreate{
		Name:        plan.Name.ValueString(),
		Username:    plan.Username.ValueString(),
		Description: plan.Description.ValueString(),
		RoleID:      plan.RoleID.ValueString(),
		Active:      plan.Active.ValueBoolPointer(),
	}
	sa, err := r.data.Client.CreateServiceAccount(ctx, org, in)
	if err != nil {
		framework.AddCreateError(&resp.Diagnostics, "Error creating service account",
			fmt.Sprintf("Could not create service account %q in organization %s", in.Username, org), err,
			func(id string) string { return org + "/" + id })
		return
	}
	plan.fromAPI(sa)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(framework.MarkCreated(ctx, resp.Private)...)
}

func (r *serviceAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	org, id := state.OrganizationID.ValueString(), state.ID.ValueString()
	var sa *client.ServiceAccount
	err := framework.ReadTolerant(ctx, req.Private, client.IsNotFound, func(ctx context.Context) error {
		var err error
		sa, err = r.data.Client.GetServiceAccount(ctx, org, id)
		return err
	})
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading service account",
			fmt.Sprintf("Could not read service account %q (%s)", state.Name.ValueString(), id), err)
		return
	}
	state.fromAPI(sa)
	// The role is an assignment like any other: check that the service account still holds it.
	if !state.RoleID.IsNull() {
		held, err := r.holdsRole(ctx, state.RoleID.ValueString(), id)
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error reading service account",
				fmt.Sprintf("Could not check that service account %q (%s) still holds role %s", state.Name.ValueString(), id,
					state.RoleID.ValueString()), err)
			return
		}
		if !held {
			state.RoleID = types.StringNull() // plans giving it back
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *serviceAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	org, id := state.OrganizationID.ValueString(), state.ID.ValueString()
	var patch client.ServiceAccountUpdate
	if !plan.Name.Equal(state.Name) {
		patch.Name = plan.Name.ValueStringPointer()
	}
	if !plan.Username.IsUnknown() && !plan.Username.Equal(state.Username) {
		patch.Username = plan.Username.ValueStringPointer()
	}
	if !plan.Description.Equal(state.Description) {
		patch.Description = plan.Description.ValueStringPointer()
	}
	if !plan.Active.Equal(state.Active) {
		patch.Active = plan.Active.ValueBoolPointer()
	}
	sa, err := r.data.Client.UpdateServiceAccount(ctx, org, id, patch)
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error updating service account",
			fmt.Sprintf("Could not update service account %q (%s)", state.Name.ValueString(), id), err)
		return
	}
	plan.fromAPI(sa)
	if plan.RoleID.IsUnknown() { // not configured, and not held any more (see Read): the default again
		roleID, err := r.defaultRole(ctx, org)
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error updating service account",
				fmt.Sprintf("Could not find the built-in role %q of organization %s for service account %q", defaultRoleName, org, plan.Username.ValueString()), err)
			return
		}
		plan.RoleID = types.StringValue(roleID)
	}
	if !plan.RoleID.Equal(state.RoleID) {
		if err := r.moveRole(ctx, id, state.RoleID.ValueString(), plan.RoleID.ValueString()); err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error changing the role of service account",
				fmt.Sprintf("Service account %q (%s) was updated, but could not be moved from role %s to role %s",
					plan.Username.ValueString(), id, state.RoleID.ValueString(), plan.RoleID.ValueString()), err)
			plan.RoleID = state.RoleID // the next apply tries again
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *serviceAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.Ready(&resp.Diagnostics) {
		return
	}
	err := r.data.Client.DeleteServiceAccount(ctx, state.OrganizationID.ValueString(), state.ID.ValueString())
	if err != nil && !client.IsNotFound(err) {
		framework.AddAPIError(&resp.Diagnostics, "Error deleting service account",
			fmt.Sprintf("Could not delete service account %q (%s)", state.Name.ValueString(), state.ID.ValueString()), err)
	}
}

// ImportState accepts the service account's id (in the provider's organization), or
// "<organization name or id>/<service account id or username>". Its role_id is read from its
// organization-level assignments when it holds exactly one such role.
func (r *serviceAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	const format = "<service account id> (in the provider's organization) or <organization name or id>/<service account id or username>"
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var sa *client.ServiceAccount
	var err error
	if framework.IsUUID(req.ID) {
		if r.data.OrganizationID == "" {
			resp.Diagnostics.AddError("Invalid import ID",
				fmt.Sprintf("The import ID %q is a service account id alone, but the provider has no organization_id. Use the form %s.", req.ID, format))
			return
		}
		sa, err = r.data.Client.GetServiceAccount(ctx, r.data.OrganizationID, req.ID)
	} else {
		parts := framework.SplitImportID(req.ID, 2, format, &resp.Diagnostics)
		if parts == nil {
			return
		}
		sa, err = findServiceAccount(ctx, r.data.Client, parts[0], parts[1])
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error importing service account", fmt.Sprintf("Could not find service account %q", req.ID), err)
		return
	}
	roleID, err := r.organizationRole(ctx, sa)
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error importing service account",
			fmt.Sprintf("Could not read the organization-level role of service account %q", sa.Username), err)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), sa.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("organization_id"), sa.OrganizationID)...)
	if roleID != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("role_id"), roleID)...)
	}
}

// defaultRoleName is the role a service account holds when the configuration names none.
const defaultRoleName = "Organization Member"

// defaultRole finds the organization's built-in defaultRoleName.
func (r *serviceAccountResource) defaultRole(ctx context.Context, org string) (string, error) {
	roles, err := r.data.Client.ListRoles(ctx, org, client.LevelOrganization, defaultRoleName)
	if err != nil {
		return "", err
	}
	for _, role := range roles {
		if role.Name == defaultRoleName {
			return role.ID, nil
		}
	}
	return "", fmt.Errorf("the organization has no role named %q", defaultRoleName)
}

// organizationRole is the one organization-level role the service account holds, from the
// organization's member list ("" when it holds none or several: the plan then shows which the
// configuration wants).
func (r *serviceAccountResource) organizationRole(ctx context.Context, sa *client.ServiceAccount) (string, error) {
	members, err := r.data.Client.ListOrganizationMembers(ctx, sa.OrganizationID)
	if err != nil {
		return "", err
	}
	for _, m := range members {
		id := ""
		switch {
		case m.ServiceAccount != nil:
			id = m.ServiceAccount.ID
		case m.User != nil:
			id = m.User.ID
		}
		if id == sa.ID && len(m.Roles) == 1 {
			return m.Roles[0].ID, nil
		}
	}
	return "", nil
}

// holdsRole reports whether the service account holds the organization-level role roleID, from
// the role's assignment list (shared by every reader of that role in this run). A control plane
// that does not serve the list cannot tell: the role is taken to be held.
func (r *serviceAccountResource) holdsRole(ctx context.Context, roleID, id string) (bool, error) {
	a, err := r.data.Client.FindAssignment(ctx, client.AssignmentKey{RoleID: roleID, SubjectKind: client.SubjectServiceAccount, SubjectID: id})
	if framework.IsNotServed(err) {
		return true, nil
	}
	return a != nil, err
}

// moveRole gives the service account the new organization-level role, then takes the old one
// away: it is never left without one.
func (r *serviceAccountResource) moveRole(ctx context.Context, id, from, to string) error {
	key := client.AssignmentKey{RoleID: to, SubjectKind: client.SubjectServiceAccount, SubjectID: id}
	if _, err := r.data.Client.CreateAssignment(ctx, key); err != nil && !client.IsConflict(err) {
		return err
	}
	if from == "" {
		return nil
	}
	key.RoleID = from
	if err := r.data.Client.DeleteAssignment(ctx, key); err != nil && !client.IsNotFound(err) {
		return err
	}
	return nil
}

// findServiceAccount looks a service account up by id or username in an organization given by
// name or id.
func findServiceAccount(ctx context.Context, c *client.Client, organization, idOrUsername string) (*client.ServiceAccount, error) {
	org, err := c.GetOrganization(ctx, organization)
	if err != nil {
		return nil, fmt.Errorf("could not find organization %q: %w", organization, err)
	}
	if framework.IsUUID(idOrUsername) {
		return c.GetServiceAccount(ctx, org.ID, idOrUsername)
	}
	list, err := c.ListServiceAccounts(ctx, org.ID)
	if err != nil {
		return nil, fmt.Errorf("could not list the service accounts of organization %q: %w", org.Name, err)
	}
	for i := range list {
		if strings.EqualFold(list[i].Username, idOrUsername) {
			return &list[i], nil
		}
	}
	return nil, fmt.Errorf("organization %q has no service account with username %q", org.Name, idOrUsername)
}
