package team

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
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
	_ resource.ResourceWithConfigure      = (*memberResource)(nil)
	_ resource.ResourceWithImportState    = (*memberResource)(nil)
	_ resource.ResourceWithValidateConfig = (*memberResource)(nil)
)

type memberResource struct {
	data *providerdata.Data
}

// NewMemberResource returns the zenmlpro_team_member resource.
func NewMemberResource() resource.Resource { return &memberResource{} }

func (r *memberResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_team_member"
}

// mixingNote is the warning both membership resources carry.
const mixingNote = "~> **Note:** Manage a team's members either with `zenmlpro_team_members` (authoritative: it removes " +
	"every member it does not list) or with `zenmlpro_team_member` resources (one membership each), never both on the " +
	"same team: `zenmlpro_team_members` would remove the members the `zenmlpro_team_member` resources add, and each " +
	"apply would undo the other."

func (r *memberResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	// user_id and invitation_id are computed too (an email resolves to one of them); the state's
	// value stands in for an unconfigured one, so that a resolved id never plans a replacement.
	subjectModifiers := []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One membership of a team: a user, or a pending invitation, in a team. Non-authoritative: " +
			"members added otherwise are left alone. Name the member with exactly one of `user_id`, `invitation_id` or " +
			"`email`; every change replaces the membership.\n\n" +
			"**Invitations.** An invitation can be a team member while it is pending. When the invitee accepts, the API " +
			"moves the membership to the new user; this resource follows it: the next refresh sets `user_id` (keeping " +
			"`invitation_id`), the `id` becomes `<team_id>/<user_id>`, no change is planned, and destroying the resource " +
			"removes the user from the team.\n\n" + mixingNote,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "`<team_id>/<user_id>` for a user member, `<team_id>/invitation:<invitation_id>` for a " +
					"pending invitation (the import ID has the same form).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"team_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The team's id. Changing it replaces the membership.",
				Validators:          []validator.String{framework.UUID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"user_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The member's user id; the user must be a member of the team's organization. When " +
					"`email` is set, the user it resolved to (or, after an invitation member was accepted, the user who " +
					"accepted). Exactly one of `user_id`, `invitation_id` and `email` is set.",
				Validators:    []validator.String{framework.UUID()},
				PlanModifiers: subjectModifiers,
			},
			"invitation_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The id of a pending invitation of the team's organization: the invitee is a member " +
					"from the moment they accept. When `email` is set, the invitation it resolved to, if it resolved to one.",
				Validators:    []validator.String{framework.UUID()},
				PlanModifiers: subjectModifiers,
			},
			"email": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The member's email address, resolved once, at creation: to the organization's user " +
					"with that email, or else to the organization's pending invitation for that address (the resolved id " +
					"is stored in `user_id` or `invitation_id`). Invite them first (`zenmlpro_invitation`) when they are " +
					"neither. Changing it replaces the membership.",
				Validators:    []validator.String{framework.Email()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
		},
	}
}

func (r *memberResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig insists on exactly one way of naming the member. An unknown value (from a
// resource not created yet) counts as set.
func (r *memberResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg memberModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var set []string
	for _, a := range []struct {
		name  string
		value types.String
	}{{"user_id", cfg.UserID}, {"invitation_id", cfg.InvitationID}, {"email", cfg.Email}} {
		if !a.value.IsNull() {
			set = append(set, a.name)
		}
	}
	switch len(set) {
	case 0:
		resp.Diagnostics.AddError("No team member named",
			"A zenmlpro_team_member names exactly one member: set one of user_id, invitation_id or email.")
	case 1:
	default:
		resp.Diagnostics.AddAttributeError(path.Root(set[1]), "More than one team member named",
			fmt.Sprintf("A zenmlpro_team_member names exactly one member, but this one sets %s. Keep only one of user_id, "+
				"invitation_id or email (for several members, use one resource each, or zenmlpro_team_members).",
				strings.Join(set, " and ")))
	}
}

func (r *memberResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan memberModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	teamID := plan.TeamID.ValueString()
	var kind, subjectID string
	switch {
	case !plan.UserID.IsNull() && !plan.UserID.IsUnknown():
		kind, subjectID = client.SubjectUser, plan.UserID.ValueString()
	case !plan.InvitationID.IsNull() && !plan.InvitationID.IsUnknown():
		kind, subjectID = client.SubjectInvitation, plan.InvitationID.ValueString()
	default:
		kind, subjectID = r.resolveEmail(ctx, teamID, plan.Email.ValueString(), &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	subject := describeSubject(kind, subjectID, plan.Email)

	_, err := r.data.Client.AddTeamMember(ctx, teamID, kind, subjectID)
	if client.IsConflict(err) {
		// "Already a member": success only if the member list shows this very membership (a
		// retried request whose first answer was lost, or a membership made outside Terraform,
		// which this resource then adopts). Any other conflict is reported.
		members, listErr := r.data.Client.ListTeamMembers(ctx, teamID)
		if listErr != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error adding team member",
				fmt.Sprintf("Adding %s to team %s answered a conflict, and the team's members could not be listed to check it", subject, teamID), listErr)
			return
		}
		if newRoster(members).has(kind, subjectID) {
			err = nil
		} else {
			framework.AddAPIError(&resp.Diagnostics, "Error adding team member",
				fmt.Sprintf("Could not add %s to team %s: the API answered a conflict, but the team's member list does not "+
					"show that membership, so it is not the one this resource manages", subject, teamID), err)
			return
		}
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error adding team member",
			fmt.Sprintf("Could not add %s to team %s", subject, teamID), err)
		return
	}
	plan.setSubject(kind, subjectID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// resolveEmail finds the member an email names in the team's organization: the user with that
// email, or else the pending invitation for it.
func (r *memberResource) resolveEmail(ctx context.Context, teamID, email string, diags *diag.Diagnostics) (kind, id string) {
	team, err := getTeamTolerant(ctx, r.data.Client, teamID)
	if err != nil {
		framework.AddAPIError(diags, "Error adding team member", fmt.Sprintf("Could not read team %s to resolve %q", teamID, email), err)
		return "", ""
	}
	members, err := r.data.Client.ListOrganizationMembers(ctx, team.OrganizationID)
	if err != nil {
		framework.AddAPIError(diags, "Error adding team member",
			fmt.Sprintf("Could not list the members of organization %s to resolve %q", team.OrganizationID, email), err)
		return "", ""
	}
	var invitationID string
	for _, m := range members {
		switch {
		case m.User != nil && m.User.Email != nil && strings.EqualFold(*m.User.Email, email):
			return client.SubjectUser, m.User.ID
		case m.Invitation != nil && strings.EqualFold(m.Invitation.Email, email) && m.Invitation.Status == client.InvitationPending:
			invitationID = m.Invitation.ID
		}
	}
	if invitationID != "" {
		return client.SubjectInvitation, invitationID
	}
	diags.AddError("Error adding team member",
		fmt.Sprintf("Organization %s has no member and no pending invitation with the email %q, so it cannot join team %q. "+
			"Invite them first (a zenmlpro_invitation resource, referenced from here so that it is created before), or "+
			"correct the address.", team.OrganizationID, email, team.Name))
	return "", ""
}

func describeSubject(kind, id string, email types.String) string {
	s := kind + " " + id
	if kind == client.SubjectInvitation {
		s = "invitation " + id
	}
	if !email.IsNull() && !email.IsUnknown() {
		s += fmt.Sprintf(" (%s)", email.ValueString())
	}
	return s
}

// setSubject records the member the resource manages, and the id that names it.
func (m *memberModel) setSubject(kind, id string) {
	teamID := m.TeamID.ValueString()
	m.ID = types.StringValue(memberID(teamID, kind, id))
	if kind == client.SubjectUser {
		m.UserID = types.StringValue(id)
		if m.InvitationID.IsUnknown() {
			m.InvitationID = types.StringNull()
		}
		return
	}
	m.InvitationID = types.StringValue(id)
	if m.UserID.IsUnknown() {
		m.UserID = types.StringNull()
	}
}

// subject is the member the resource manages now: the user once one is known (also after an
// invitation member was accepted), else the invitation.
func (m *memberModel) subject() (kind, id string) {
	if !m.UserID.IsNull() && !m.UserID.IsUnknown() && m.UserID.ValueString() != "" {
		return client.SubjectUser, m.UserID.ValueString()
	}
	return client.SubjectInvitation, m.InvitationID.ValueString()
}

func (r *memberResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var state memberModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	teamID := state.TeamID.ValueString()
	kind, subjectID := state.subject()
	// One cached list per team serves every membership of that team refreshed in this run.
	members, err := r.data.Client.CachedTeamMembers(ctx, teamID)
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx) // the team is gone, and its memberships with it
		return
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading team member",
			fmt.Sprintf("Could not list the members of team %s", teamID), err)
		return
	}
	roster := newRoster(members)
	switch {
	case roster.has(kind, subjectID):
	case kind == client.SubjectInvitation:
		follower := invitationFollower{client: r.data.Client, teamID: teamID}
		userID, err := follower.acceptedBy(ctx, subjectID, roster)
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error reading team member",
				fmt.Sprintf("Could not check what became of invitation %s, a member of team %s", subjectID, teamID), err)
			return
		}
		if userID == "" {
			resp.State.RemoveResource(ctx)
			return
		}
		// Accepted: the membership moved to the user. Keep invitation_id (how the member joined).
		state.UserID = types.StringValue(userID)
		state.ID = types.StringValue(memberID(teamID, client.SubjectUser, userID))
	default:
		resp.State.RemoveResource(ctx)
		return
	}
	if state.ID.IsNull() || state.ID.ValueString() == "" {
		state.ID = types.StringValue(memberID(teamID, kind, subjectID))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update is never called with a change (every argument replaces the membership); it keeps the
// state as planned.
func (r *memberResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan memberModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *memberResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state memberModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.Ready(&resp.Diagnostics) {
		return
	}
	teamID := state.TeamID.ValueString()
	kind, subjectID := state.subject()
	err := r.data.Client.RemoveTeamMember(ctx, teamID, kind, subjectID)
	if client.IsNotFound(err) && kind == client.SubjectInvitation {
		// The invitation may have been accepted since the last refresh: the membership is the
		// user's now, and it is that one this resource stands for.
		members, listErr := r.data.Client.ListTeamMembers(ctx, teamID)
		if listErr != nil {
			return // the team is gone (404) or cannot be read: nothing left to remove that we can see
		}
		follower := invitationFollower{client: r.data.Client, teamID: teamID}
		if userID, followErr := follower.acceptedBy(ctx, subjectID, newRoster(members)); followErr == nil && userID != "" {
			kind, subjectID = client.SubjectUser, userID
			err = r.data.Client.RemoveTeamMember(ctx, teamID, kind, subjectID)
		}
	}
	if err != nil && !client.IsNotFound(err) {
		framework.AddAPIError(&resp.Diagnostics, "Error removing team member",
			fmt.Sprintf("Could not remove %s from team %s", describeSubject(kind, subjectID, state.Email), teamID), err)
	}
}

// ImportState accepts "<team_id>/<user_id>" and "<team_id>/invitation:<invitation_id>".
func (r *memberResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	const format = "<team_id>/<user_id> or <team_id>/invitation:<invitation_id>"
	parts := framework.SplitImportID(req.ID, 2, format, &resp.Diagnostics)
	if parts == nil {
		return
	}
	teamID, subjectID := parts[0], parts[1]
	kind := client.SubjectUser
	if rest, ok := strings.CutPrefix(subjectID, invitationPrefix); ok {
		kind, subjectID = client.SubjectInvitation, rest
	}
	if !framework.IsUUID(teamID) || !framework.IsUUID(subjectID) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("The import ID %q does not have the form %s, where both ids are UUIDs.", req.ID, format))
		return
	}
	m := memberModel{
		TeamID:       types.StringValue(teamID),
		UserID:       types.StringNull(),
		InvitationID: types.StringNull(),
		Email:        types.StringNull(),
	}
	m.setSubject(kind, subjectID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// getTeamTolerant reads a team that may have been created a moment ago in the same apply: the
// API's reads can lag its writes, so a 404 is retried for framework.ConsistencyWindow.
func getTeamTolerant(ctx context.Context, c *client.Client, id string) (*client.Team, error) {
	var team *client.Team
	pollCtx, cancel := context.WithTimeout(ctx, framework.ConsistencyWindow)
	defer cancel()
	var lastErr error
	err := framework.Poll(pollCtx, 200*time.Millisecond, 2*time.Second, fmt.Sprintf("team %s", id), func(ctx context.Context) (bool, error) {
		team, lastErr = c.GetTeam(ctx, id)
		if client.IsNotFound(lastErr) {
			return false, nil
		}
		return lastErr == nil, lastErr
	})
	if err != nil && client.IsNotFound(lastErr) && ctx.Err() == nil {
		return nil, lastErr // still not found after the window: the team does not exist
	}
	return team, err
}
