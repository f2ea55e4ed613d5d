package role

import (
	"context"
	"fmt"
	"slices"
	"strings"

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

var (
	_ resource.ResourceWithConfigure      = (*roleResource)(nil)
	_ resource.ResourceWithImportState    = (*roleResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*roleResource)(nil)
	_ resource.ResourceWithValidateConfig = (*roleResource)(nil)
)

type roleResource struct {
	data *providerdata.Data
}

// NewResource returns the zenmlpro_role resource.
func NewResource() resource.Resource { return &roleResource{} }

func (r *roleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role"
}

func (r *roleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A custom role of an organization: a named set of permissions at one level (`organization`, " +
			"`workspace` or `project`), given to users, teams, invitations and service accounts with " +
			"`zenmlpro_role_binding`.\n\n" +
			"The built-in roles (Organization Admin, Workspace Developer, Project Viewer, ...) are managed by ZenML and " +
			"cannot be created, changed or imported here: refer to them with the `zenmlpro_role` data source.",
		Attributes: map[string]schema.Attribute{
			"id":              framework.IDAttribute("The role's id (UUID)."),
			"organization_id": framework.OrganizationIDAttribute("role"),
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The role's name: 1 to 100 characters without leading or trailing white space, unique " +
					"in the organization among built-in and custom roles.",
				Validators: []validator.String{framework.DisplayName(100)},
			},
			"level": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Where the role applies: `organization`, `workspace` (bound with a `workspace_id`) or " +
					"`project` (bound with a `workspace_id` and a `project_id`). It decides which permissions the role may " +
					"hold. Changing it replaces the role (and drops its bindings).",
				Validators:    []validator.String{stringvalidator.OneOf(levels...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"description": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: "A free-text description (at most 1000 characters).",
				Validators:          []validator.String{framework.MaxLength(1000)},
			},
			"permissions": schema.SetAttribute{
				ElementType: types.StringType,
				Required:    true,
				MarkdownDescription: "The permissions the role grants, such as `workspace:read` or `pipeline:run`: each must be " +
					"a permission of the role's `level` (the control plane lists them with `GET /permissions?level=`; the " +
					"guide \"Managing access as code\" has the table). They are checked at plan time. The set is " +
					"authoritative: permissions added outside Terraform are removed.",
			},
			"system_managed": schema.BoolAttribute{
				Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Whether the role is a built-in role: always `false` here (built-in roles cannot be managed " +
					"by this resource).",
			},
			"created": framework.CreatedAttribute(),
		},
	}
}

func (r *roleResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks every permission against the provider's catalogue: it must exist and belong
// to the role's level.
func (r *roleResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var level types.String
	var perms types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("level"), &level)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("permissions"), &perms)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validatePermissions(level, perms, &resp.Diagnostics)
}

// validatePermissions adds one error per permission a role of the level cannot hold. Unknown
// values (from other resources) are checked at apply by the API.
func validatePermissions(level types.String, perms types.Set, diags *diag.Diagnostics) {
	if perms.IsNull() || perms.IsUnknown() {
		return
	}
	// Checked against the level only when it is one: an invalid level has its own error, and
	// the permissions of no level are checked for existence alone.
	lvl := ""
	if !level.IsNull() && !level.IsUnknown() && slices.Contains(levels, level.ValueString()) {
		lvl = level.ValueString()
	}
	for _, elem := range perms.Elements() {
		s, ok := elem.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if msg := checkPermission(lvl, s.ValueString()); msg != "" {
			diags.AddAttributeError(path.Root("permissions").AtSetValue(s), "Invalid permission", msg)
		}
	}
}

func (r *roleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data != nil { // an unconfigured provider (unknown arguments) leaves organization_id unknown
		framework.SetDefaultOrganization(ctx, req, resp, r.data.OrganizationID)
	}
}

func (r *roleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	perms, diags := plan.permissions(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	in := client.RoleCreate{
		OrganizationID: plan.OrganizationID.ValueString(),
		Name:           plan.Name.ValueString(),
		Description:    plan.Description.ValueString(),
		Level:          plan.Level.ValueString(),
		Permissions:    perms,
	}
	role, err := r.data.Client.CreateRole(ctx, in)
	if attempted := fmt.Sprintf("Could not create the %s-level role %q in organization %s", in.Level, in.Name, in.OrganizationID); err != nil {
		if !framework.AddExistsError(&resp.Diagnostics, "Error creating role", attempted, err, framework.ImportByID) {
			addRoleWriteError(&resp.Diagnostics, "Error creating role", attempted, in.Level, err)
		}
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, role)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(framework.MarkCreated(ctx, resp.Private)...)
}

func (r *roleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var role *client.Role
	err := framework.ReadTolerant(ctx, req.Private, client.IsNotFound, func(ctx context.Context) error {
		var err error
		role, err = r.data.Client.GetRole(ctx, state.ID.ValueString())
		return err
	})
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading role",
			fmt.Sprintf("Could not read role %q (%s)", state.Name.ValueString(), state.ID.ValueString()), err)
		return
	}
	resp.Diagnostics.Append(state.fromAPI(ctx, role)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *roleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var patch client.RoleUpdate
	changed := false
	if !plan.Name.Equal(state.Name) {
		patch.Name, changed = plan.Name.ValueStringPointer(), true
	}
	if !plan.Description.Equal(state.Description) {
		patch.Description, changed = plan.Description.ValueStringPointer(), true
	}
	if !plan.Permissions.Equal(state.Permissions) {
		perms, diags := plan.permissions(ctx)
		resp.Diagnostics.Append(diags...)
		patch.Permissions, changed = &perms, true
	}
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	var role *client.Role
	var err error
	if changed {
		role, err = r.data.Client.UpdateRole(ctx, id, patch)
	} else {
		role, err = r.data.Client.GetRole(ctx, id)
	}
	if err != nil {
		addRoleWriteError(&resp.Diagnostics, "Error updating role",
			fmt.Sprintf("Could not update role %q (%s)", state.Name.ValueString(), id), state.Level.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, role)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *roleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.Ready(&resp.Diagnostics) {
		return
	}
	err := r.data.Client.DeleteRole(ctx, state.ID.ValueString())
	if err != nil && !client.IsNotFound(err) {
		framework.AddAPIError(&resp.Diagnostics, "Error deleting role",
			fmt.Sprintf("Could not delete role %q (%s)", state.Name.ValueString(), state.ID.ValueString()), err)
	}
}

// ImportState accepts the role's id, or "<organization name or id>/<role name>". Built-in roles
// are refused: ZenML owns them, and a resource would try to change or delete them.
func (r *roleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	const format = "<role id> or <organization name or id>/<role name>"
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var role *client.Role
	if framework.IsUUID(req.ID) {
		var err error
		if role, err = r.data.Client.GetRole(ctx, req.ID); err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error importing role", fmt.Sprintf("Could not read role %s", req.ID), err)
			return
		}
	} else {
		// Split at the first "/" only: organization names cannot contain one, role names can.
		orgRef, name, ok := strings.Cut(req.ID, "/")
		if !ok || orgRef == "" || name == "" {
			resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("The import ID %q does not have the form %s.", req.ID, format))
			return
		}
		parts := []string{orgRef, name}
		org, err := r.data.Client.GetOrganization(ctx, parts[0])
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error importing role", fmt.Sprintf("Could not find organization %q", parts[0]), err)
			return
		}
		list, err := r.data.Client.ListRoles(ctx, org.ID, "", parts[1])
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error importing role", fmt.Sprintf("Could not list the roles of %q", org.Name), err)
			return
		}
		for i := range list {
			if list[i].Name == parts[1] {
				role = &list[i]
			}
		}
		if role == nil {
			resp.Diagnostics.AddError("Error importing role",
				fmt.Sprintf("Organization %q has no role named %q. %s", org.Name, parts[1],
					r.roleNameHint(ctx, org.ID, "", parts[1])))
			return
		}
	}
	if role.SystemManaged {
		resp.Diagnostics.AddError("Cannot import a built-in role", builtInRoleMessage(role))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), role.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("organization_id"), role.OrganizationID)...)
}

// roleNameHint says, for a role name that matched none, which roles were meant; see suggestRole.
func (r *roleResource) roleNameHint(ctx context.Context, orgID, level, name string) string {
	return roleNameHint(ctx, r.data.Client, orgID, level, name)
}

// builtInRoleMessage is the error for an attempt to manage a built-in role.
func builtInRoleMessage(role *client.Role) string {
	return fmt.Sprintf("%q is a built-in role: built-in roles are managed by ZenML; use the zenmlpro_role data source "+
		"(data \"zenmlpro_role\" \"x\" { name = %q, level = %q }) to refer to it, and zenmlpro_role_binding to grant it.",
		role.Name, role.Name, role.Level)
}

// addRoleWriteError adds the diagnostic of a failed create or update. A 422 that names a
// permission means the control plane refused one the provider's catalogue accepted at plan time:
// the two catalogues differ (the control plane is newer or older than this provider version).
func addRoleWriteError(diags *diag.Diagnostics, summary, attempted, level string, err error) {
	if client.IsValidation(err) && mentionsPermission(err.Error()) {
		diags.AddError(summary, fmt.Sprintf("%s: the control plane refused a permission: %v.\n\nThe provider checked the "+
			"permissions at plan time against its own copy of the permission catalogue, which this control plane does "+
			"not agree with. Use only permissions the control plane lists for %s-level roles (GET /permissions?level=%s), "+
			"or upgrade the provider.", attempted, err, level, level))
		return
	}
	framework.AddAPIError(diags, summary, attempted, err)
}

func mentionsPermission(detail string) bool {
	return strings.Contains(strings.ToLower(detail), "permission")
}
