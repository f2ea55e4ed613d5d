package rolebinding

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
)

var (
	_ resource.ResourceWithConfigure        = (*bindingResource)(nil)
	_ resource.ResourceWithImportState      = (*bindingResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*bindingResource)(nil)
	_ resource.ResourceWithConfigValidators = (*bindingResource)(nil)
)

// errGone stands for "the list has no such assignment" inside the tolerant read.
var errGone = errors.New("no such role assignment")

func isGone(err error) bool { return errors.Is(err, errGone) || client.IsNotFound(err) }

type bindingResource struct {
	data *providerdata.Data
}

// NewResource returns the zenmlpro_role_binding resource.
func NewResource() resource.Resource { return &bindingResource{} }

func (r *bindingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role_binding"
}

func (r *bindingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	key := func(description string, required bool) schema.StringAttribute {
		return schema.StringAttribute{
			Required: required, Optional: !required,
			MarkdownDescription: description + " Changing it replaces the binding.",
			Validators:          []validator.String{framework.UUID()},
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		}
	}
	subject := func(what, note string) schema.StringAttribute {
		return key(fmt.Sprintf("The id of the %s that receives the role. Exactly one of `user_id`, `team_id`, "+
			"`invitation_id` and `service_account_id` is set.%s", what, note), false)
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Gives one role to one subject — a user, a team, a pending invitation or a service account — " +
			"at one scope: the whole organization (an organization-level role, no scope), a workspace (a workspace-level " +
			"role with `workspace_id`) or a project (a project-level role with `workspace_id` and `project_id`). The " +
			"scope must fit the role's level: the plan warns about a misfit, and the apply stops at the binding before " +
			"creating it. (Not an error at plan time: Terraform plans missing bindings in the refresh before " +
			"`terraform destroy` too, and an error there would stop the destroy.)\n\n" +
			"A binding has no attribute that can change in place: changing any argument replaces it. Refreshing many " +
			"bindings costs one list call per role, not one call per binding.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "`<role_id>/<subject kind>:<subject id>[/<workspace_id>[/<project_id>]]`, with subject " +
					"kinds `user`, `team`, `invitation` and `service_account` (an assignment has no id of its own). Also the import ID.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"role_id": key("The id of the role to give (a built-in role from the `zenmlpro_role` data source, or a `zenmlpro_role`).", true),
			"user_id": subject("user (a member of the organization)", ""),
			"team_id": subject("team", ""),
			"invitation_id": subject("pending invitation", " When the invitee accepts, the API moves the assignment to "+
				"the new user; the binding follows it (no change is planned, and destroying the binding removes the user's assignment)."),
			"service_account_id": subject("service account", ""),
			"workspace_id":       key("The workspace the role applies in: required for workspace- and project-level roles, not allowed for organization-level roles.", false),
			"project_id": key("The project the role applies to (a project of the workspace's server): required for project-level "+
				"roles, together with `workspace_id`; not allowed otherwise.", false),
			"role_name": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The role's name.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"role_level": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The role's level: `organization`, `workspace` or `project`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *bindingResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{oneSubject{}, projectNeedsWorkspace{}}
}

func (r *bindingResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan, for a binding about to be created (Terraform plans a replacement as a creation too),
// fills in the id, and reads the role to check that the scope fits its level and to show its name
// and level in the plan. What the check finds is a warning here and an error in Create (see
// framework.Problem: a binding that does not exist must not stop terraform destroy). A binding
// that stays costs no API call here.
func (r *bindingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() {
		return // destroy, or an existing binding (nothing of it can change in place)
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.keyKnown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), formatID(plan.key()))...)
	}
	if plan.RoleID.IsUnknown() || plan.RoleID.IsNull() || r.data == nil || r.data.Client == nil {
		return // the role is created in this apply (Create checks the scope then), or no provider yet
	}
	role, problem := r.checkRole(ctx, &plan)
	if problem != nil {
		problem.AddCreateWarning(&resp.Diagnostics, "role binding")
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("role_name"), role.Name)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("role_level"), role.Level)...)
}

// checkRole reads the planned binding's role (through the client's cache: the plan read it
// already) and says what is wrong with binding it at the planned scope, if anything: the role
// does not exist or cannot be read, or the scope does not fit its level.
func (r *bindingResource) checkRole(ctx context.Context, plan *resourceModel) (*client.Role, *framework.Problem) {
	roleID := plan.RoleID.ValueString()
	role, err := r.data.Client.CachedRole(ctx, roleID)
	if client.IsNotFound(err) {
		return nil, &framework.Problem{Path: path.Root("role_id"), Summary: "Role not found",
			Detail: fmt.Sprintf("There is no role %s in any organization this API key can see. Use the id of a "+
				"zenmlpro_role, or of a built-in role from the zenmlpro_role data source.", roleID)}
	}
	if err != nil {
		return nil, &framework.Problem{Path: path.Root("role_id"), Summary: "Error reading role",
			Detail: fmt.Sprintf("Could not read role %s to check the binding's scope against its level: %v", roleID, err)}
	}
	if attr, msg := levelProblem(role.Name, role.Level, plan.WorkspaceID, plan.ProjectID); msg != "" {
		return role, &framework.Problem{Path: attr, Summary: "Scope does not fit the role's level", Detail: msg}
	}
	return role, nil
}

func (r *bindingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The check the plan reported as a warning (a role created in this apply was not checked at
	// all), now before anything is written.
	if _, problem := r.checkRole(ctx, &plan); problem != nil {
		problem.AddError(&resp.Diagnostics)
		return
	}
	k := plan.key()
	what := describe(k)
	a, err := r.data.Client.CreateAssignment(ctx, k)
	if client.IsConflict(err) {
		// The assignment exists already. Adopt it only when it is exactly the one planned: same role,
		// subject and scope (the write above dropped the cached list, so this reads afresh).
		existing, findErr := r.data.Client.FindAssignment(ctx, k)
		switch {
		case findErr != nil:
			framework.AddAPIError(&resp.Diagnostics, "Error creating role binding",
				fmt.Sprintf("Could not create %s: the API answered that it conflicts with an existing assignment (%v), "+
					"and reading the role's assignments to adopt it failed", what, err), findErr)
			return
		case existing == nil || !k.Matches(existing):
			framework.AddAPIError(&resp.Diagnostics, "Error creating role binding",
				fmt.Sprintf("Could not create %s: the API reports a conflict, but the role has no identical assignment "+
					"to adopt. Check the role's assignments in the dashboard", what), err)
			return
		}
		resp.Diagnostics.AddWarning("Existing role assignment adopted",
			fmt.Sprintf("%s already existed (made outside this configuration); Terraform now manages it and will remove "+
				"it when this binding is destroyed.", capitalize(what)))
		a, err = existing, nil
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error creating role binding", fmt.Sprintf("Could not create %s", what), err)
		return
	}
	plan.setKey(k)
	if plan.RoleName.IsUnknown() {
		plan.RoleName = types.StringValue(a.Role.Name)
	}
	if plan.RoleLevel.IsUnknown() {
		plan.RoleLevel = types.StringValue(r.roleLevel(ctx, a))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(framework.MarkCreated(ctx, resp.Private)...)
}

// roleLevel is the level of the assignment's role: from the assignment when the API includes it,
// else from the role.
func (r *bindingResource) roleLevel(ctx context.Context, a *client.Assignment) string {
	if a.Role.Level != "" {
		return a.Role.Level
	}
	if role, err := r.data.Client.CachedRole(ctx, a.Role.ID); err == nil {
		return role.Level
	}
	return ""
}

// Read looks the binding up through the client's per-role cache of assignments: refreshing many
// bindings costs one paged list per role. Right after creation, a miss is retried uncached for a
// while (the API's lists may lag its writes).
func (r *bindingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	k := state.key()
	var found *client.Assignment
	cached := true
	err := framework.ReadTolerant(ctx, req.Private, isGone, func(ctx context.Context) error {
		var err error
		if cached {
			found, err = r.data.Client.FindAssignment(ctx, k)
			cached = false
		} else {
			found, err = r.findUncached(ctx, k)
		}
		if err == nil && found == nil {
			return errGone
		}
		return err
	})
	if isGone(err) && k.SubjectKind == client.SubjectInvitation {
		found, err = r.findAccepted(ctx, k)
	}
	if isGone(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading role binding", fmt.Sprintf("Could not read %s", describe(k)), err)
		return
	}
	state.setKey(k)
	state.RoleName = types.StringValue(found.Role.Name)
	if found.Role.Level != "" || state.RoleLevel.IsNull() {
		state.RoleLevel = types.StringValue(r.roleLevel(ctx, found))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// findAccepted finds the assignment an invitation's binding became when the invitee accepted: the
// API moves the invitation's assignments to the new user. The binding follows it, so that
// accepting an invitation plans no change (re-creating the invitation's assignment would fail:
// the invitation is no longer pending). errGone when there is none.
func (r *bindingResource) findAccepted(ctx context.Context, k client.AssignmentKey) (*client.Assignment, error) {
	userKey, accepted, err := r.acceptedUserKey(ctx, k)
	if err != nil {
		return nil, err
	}
	if !accepted {
		return nil, errGone
	}
	a, err := r.data.Client.FindAssignment(ctx, userKey)
	if err == nil && a == nil {
		return nil, errGone
	}
	return a, err
}

// acceptedUserKey returns k with the subject replaced by the user who accepted k's invitation;
// accepted is false while the invitation is not accepted (or no longer exists).
func (r *bindingResource) acceptedUserKey(ctx context.Context, k client.AssignmentKey) (userKey client.AssignmentKey, accepted bool, err error) {
	role, err := r.data.Client.CachedRole(ctx, k.RoleID)
	if err != nil {
		return k, false, ignoreNotFound(err)
	}
	inv, err := r.data.Client.GetInvitation(ctx, role.OrganizationID, k.SubjectID, "")
	if err != nil {
		return k, false, ignoreNotFound(err)
	}
	if inv.Status != client.InvitationAccepted || inv.UserID == nil {
		return k, false, nil
	}
	userKey = k
	userKey.SubjectKind, userKey.SubjectID = client.SubjectUser, *inv.UserID
	return userKey, true, nil
}

func ignoreNotFound(err error) error {
	if client.IsNotFound(err) {
		return nil
	}
	return err
}

func (r *bindingResource) findUncached(ctx context.Context, k client.AssignmentKey) (*client.Assignment, error) {
	list, err := r.data.Client.ListRoleAssignments(ctx, k.RoleID, k.WorkspaceID, k.ProjectID)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if k.Matches(&list[i]) {
			return &list[i], nil
		}
	}
	return nil, nil
}

// Update is never called: every argument requires replacement.
func (r *bindingResource) Update(_ context.Context, _ resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.AddError("Role bindings cannot change in place",
		"Every argument of zenmlpro_role_binding replaces the binding when it changes. This is a bug in the provider; please report it.")
}

func (r *bindingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.Ready(&resp.Diagnostics) {
		return
	}
	k := state.key()
	err := r.data.Client.DeleteAssignment(ctx, k)
	if client.IsNotFound(err) && k.SubjectKind == client.SubjectInvitation {
		// An accepted invitation's assignment now belongs to the user (see findAccepted).
		userKey, accepted, lookupErr := r.acceptedUserKey(ctx, k)
		switch {
		case lookupErr != nil:
			err = lookupErr
		case accepted:
			k, err = userKey, r.data.Client.DeleteAssignment(ctx, userKey)
		}
	}
	if err != nil && !client.IsNotFound(err) {
		framework.AddAPIError(&resp.Diagnostics, "Error deleting role binding", fmt.Sprintf("Could not remove %s", describe(k)), err)
	}
}

// ImportState accepts the binding's id: "<role_id>/<subject kind>:<subject id>[/<workspace_id>[/<project_id>]]".
func (r *bindingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	k, err := parseID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("The import ID %q does not have the form %s: %v.", req.ID, importFormat, err))
		return
	}
	var m resourceModel
	m.setKey(k)
	m.RoleName, m.RoleLevel = types.StringNull(), types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// describe names an assignment in messages: "role R for team T in workspace W".
func describe(k client.AssignmentKey) string {
	s := fmt.Sprintf("the assignment of role %s to %s %s", k.RoleID, k.SubjectKind, k.SubjectID)
	switch {
	case k.ProjectID != "":
		s += fmt.Sprintf(" in project %s of workspace %s", k.ProjectID, k.WorkspaceID)
	case k.WorkspaceID != "":
		s += " in workspace " + k.WorkspaceID
	default:
		s += " in the organization"
	}
	return s
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
