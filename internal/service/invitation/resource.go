package invitation

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/service/role"
)

var (
	_ resource.ResourceWithConfigure   = (*invitationResource)(nil)
	_ resource.ResourceWithImportState = (*invitationResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*invitationResource)(nil)
)

type invitationResource struct {
	data *providerdata.Data
}

// NewResource returns the zenmlpro_invitation resource.
func NewResource() resource.Resource { return &invitationResource{} }

func (r *invitationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invitation"
}

func (r *invitationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	// What the invitee does (accept) changes status and user_id; that is the invitation's life,
	// not drift, so these are computed only, and kept from the state while nothing else changes.
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Invites a person, by email, into an organization with an organization-level role. The " +
			"invitation is `pending` until the invitee accepts (then `accepted`, with the new member's `user_id`) or it " +
			"expires (`expired`).\n\n" +
			"- Accepting is not drift: the next refresh records `status` and `user_id`, and plans no change.\n" +
			"- An **expired** invitation is replaced on the next apply: it is revoked and a new one is sent.\n" +
			"- **Destroy** revokes a pending (or expired) invitation. Once accepted, the person is a member and destroy " +
			"leaves them so (Terraform just forgets the invitation) unless `remove_member_on_destroy = true`, which " +
			"removes the user from the organization: every role (at organization, workspace and project scope) and team membership they hold in it.\n\n" +
			"Team memberships and role assignments can be made for a pending invitation (its `id`); on acceptance the " +
			"API moves them to the new user.",
		Attributes: map[string]schema.Attribute{
			"id":              framework.IDAttribute("The invitation's id (UUID)."),
			"organization_id": framework.OrganizationIDAttribute("invitation"),
			"email": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The invitee's email address. Changing it replaces the invitation.",
				Validators:          []validator.String{framework.Email()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"role_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The id of the organization-level role the invitee gets on acceptance (for example the " +
					"built-in Organization Member: `data \"zenmlpro_role\"` with `level = \"organization\"`). Changing it " +
					"replaces the invitation.",
				Validators:    []validator.String{framework.UUID()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"role_ids": schema.SetAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Every organization-level role the invitation gives, `role_id` among them. An invitation " +
					"made elsewhere (the dashboard) may give several; this resource manages `role_id` only, and a refresh warns " +
					"about the others.",
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			},
			"remove_member_on_destroy": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "What destroying an accepted invitation does: `false` (the default) leaves the member " +
					"in the organization; `true` removes the user from the organization. A pending invitation is revoked " +
					"either way. Not part of the API: an imported invitation starts with `false`.",
			},
			"status": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`pending`, `accepted` or `expired`.",
				PlanModifiers:       keep,
			},
			"user_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The id of the user who accepted; null while pending.",
				PlanModifiers:       keep,
			},
			"expires": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When a pending invitation expires (RFC 3339).",
				PlanModifiers:       keep,
			},
			"created": framework.CreatedAttribute(),
		},
	}
}

func (r *invitationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan fills the default organization, checks the role of a new invitation, and replaces an
// invitation that expired: it can no longer be accepted, so the configuration ("this person is
// invited") is not met any more.
func (r *invitationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	if r.data != nil { // an unconfigured provider (unknown arguments) leaves organization_id unknown
		framework.SetDefaultOrganization(ctx, req, resp, r.data.OrganizationID)
	}
	if req.State.Raw.IsNull() {
		r.checkRole(ctx, resp) // a new invitation, or the replacement of one
		return
	}
	var status types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("status"), &status)...)
	if resp.Diagnostics.HasError() || status.ValueString() != client.InvitationExpired {
		return
	}
	for _, attr := range []string{"id", "status", "user_id", "expires", "created"} {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(attr), types.StringUnknown())...)
	}
	resp.RequiresReplace = append(resp.RequiresReplace, path.Root("status"))
}

// roleProblem is what the API would refuse at apply about the role: an invitation gives an
// organization-level role of the invitation's organization.
func (r *invitationResource) roleProblem(ctx context.Context, roleID, orgID types.String) *framework.Problem {
	return role.OrganizationRoleProblem(ctx, r.data.Client, path.Root("role_id"), roleID, orgID, "an invitation gives",
		"Give the %s-level role with a zenmlpro_role_binding whose invitation_id is this invitation's id.")
}

// checkRole reports a role the API would refuse, at plan time: as a warning, since the invitation
// does not exist yet (an error would also stop the refresh before terraform destroy); Create then
// stops at it before anything is written.
func (r *invitationResource) checkRole(ctx context.Context, resp *resource.ModifyPlanResponse) {
	var roleID, orgID types.String
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("role_id"), &roleID)...)
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("organization_id"), &orgID)...)
	if resp.Diagnostics.HasError() || r.data == nil {
		return
	}
	if problem := r.roleProblem(ctx, roleID, orgID); problem != nil {
		problem.AddCreateWarning(&resp.Diagnostics, "invitation")
	}
}

func (r *invitationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if problem := r.roleProblem(ctx, plan.RoleID, plan.OrganizationID); problem != nil {
		problem.AddError(&resp.Diagnostics)
		return
	}
	org := plan.OrganizationID.ValueString()
	email := plan.Email.ValueString()
	inv, err := r.data.Client.CreateInvitation(ctx, org, client.InvitationCreate{Email: email, RoleID: plan.RoleID.ValueString()})
	if err != nil {
		framework.AddCreateError(&resp.Diagnostics, "Error creating invitation",
			fmt.Sprintf("Could not invite %q into organization %s with role %s (a conflict means a pending invitation "+
				"for the address exists, or the address is already a member: import that invitation, or drop this one)",
				email, org, plan.RoleID.ValueString()), err, func(id string) string { return org + "/" + id })
		return
	}
	plan.fromAPI(inv)
	plan.OrganizationID = types.StringValue(org)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(framework.MarkCreated(ctx, resp.Private)...)
}

func (r *invitationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	org, id := state.OrganizationID.ValueString(), state.ID.ValueString()
	var inv *client.Invitation
	err := framework.ReadTolerant(ctx, req.Private, client.IsNotFound, func(ctx context.Context) error {
		var err error
		inv, err = r.data.Client.GetInvitation(ctx, org, id, state.Email.ValueString())
		return err
	})
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading invitation",
			fmt.Sprintf("Could not read the invitation of %q (%s) in organization %s", state.Email.ValueString(), id, org), err)
		return
	}
	state.fromAPI(inv)
	if extra := extraRoles(inv, state.RoleID.ValueString()); len(extra) > 0 {
		resp.Diagnostics.AddWarning("Invitation gives more roles than role_id",
			fmt.Sprintf("The invitation of %q (%s) gives %d role(s) besides role_id: %s. This resource manages role_id "+
				"only and leaves the others as they are (they are listed in role_ids); revoke and recreate the invitation "+
				"to give role_id alone.", state.Email.ValueString(), id, len(extra), strings.Join(extra, ", ")))
	}
	if state.RemoveMemberOnDestroy.IsNull() {
		state.RemoveMemberOnDestroy = types.BoolValue(false) // after import
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update changes only remove_member_on_destroy, which lives in Terraform alone; everything else is
// as the state has it.
func (r *invitationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.RemoveMemberOnDestroy = plan.RemoveMemberOnDestroy
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *invitationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.Ready(&resp.Diagnostics) {
		return
	}
	org, id, email := state.OrganizationID.ValueString(), state.ID.ValueString(), state.Email.ValueString()
	// Decide on what the invitation is now, not on the last refresh: it may have been accepted
	// since. Right after creation a 404 may be the API's read lag, not a revoked invitation.
	var inv *client.Invitation
	err := framework.ReadTolerant(ctx, req.Private, client.IsNotFound, func(ctx context.Context) error {
		var err error
		inv, err = r.data.Client.GetInvitation(ctx, org, id, email)
		return err
	})
	if client.IsNotFound(err) {
		return
	}
	if err == nil && inv.Status != client.InvitationAccepted {
		err = r.data.Client.DeleteInvitation(ctx, org, id)
		if client.IsConflict(err) { // accepted in between: see what became of it
			inv, err = r.data.Client.GetInvitation(ctx, org, id, email)
		}
	}
	if client.IsNotFound(err) {
		return
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error revoking invitation",
			fmt.Sprintf("Could not revoke the invitation of %q (%s) in organization %s", email, id, org), err)
		return
	}
	if inv.Status != client.InvitationAccepted || !state.RemoveMemberOnDestroy.ValueBool() || inv.UserID == nil {
		return // revoked, or accepted and the member stays: Terraform forgets the invitation
	}
	unchecked, err := r.data.Client.RemoveMemberEverywhere(ctx, org, *inv.UserID)
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error removing organization member",
			fmt.Sprintf("The invitation of %q was accepted and remove_member_on_destroy is set, but user %s could not be "+
				"removed from organization %s", email, *inv.UserID, org), err)
		return
	}
	if len(unchecked) > 0 {
		resp.Diagnostics.AddWarning("Member removed; some of their access could not be checked",
			fmt.Sprintf("User %s (%s) no longer holds an organization-level role in organization %s, but this control "+
				"plane does not list %s, so any they hold there may remain. Remove them in the dashboard; the guide "+
				"\"API coverage\" says which calls are missing.", *inv.UserID, email, org, strings.Join(unchecked, " or ")))
	}
}

// ImportState accepts "<organization_id>/<invitation_id>", or the invitation id alone in the
// provider's default organization.
func (r *invitationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	const format = "<organization_id>/<invitation_id>, or <invitation_id> with the provider's organization_id"
	var org, id string
	if framework.IsUUID(req.ID) {
		id = req.ID
		if r.data == nil || r.data.OrganizationID == "" {
			resp.Diagnostics.AddError("Invalid import ID",
				fmt.Sprintf("The import ID %q is an invitation id alone, but the provider has no organization_id. Use the form %s.", req.ID, format))
			return
		}
		org = r.data.OrganizationID
	} else {
		parts := framework.SplitImportID(req.ID, 2, format, &resp.Diagnostics)
		if parts == nil {
			return
		}
		org, id = parts[0], parts[1]
		if !framework.IsUUID(org) || !framework.IsUUID(id) {
			resp.Diagnostics.AddError("Invalid import ID",
				fmt.Sprintf("The import ID %q does not have the form %s, where both ids are UUIDs.", req.ID, format))
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("organization_id"), org)...)
}
