// Package team implements the zenmlpro_team resource and data source, and the two ways of
// managing a team's members: zenmlpro_team_member (one membership, non-authoritative) and
// zenmlpro_team_members (the whole member list, authoritative).
package team

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

type resourceModel struct {
	ID             types.String `tfsdk:"id"`
	OrganizationID types.String `tfsdk:"organization_id"`
	Name           types.String `tfsdk:"name"`
	Description    types.String `tfsdk:"description"`
	MemberCount    types.Int64  `tfsdk:"member_count"`
	Created        types.String `tfsdk:"created"`
}

func (m *resourceModel) fromAPI(t *client.Team) {
	m.ID = types.StringValue(t.ID)
	m.OrganizationID = types.StringValue(t.OrganizationID)
	m.Name = types.StringValue(t.Name)
	m.Description = types.StringValue(t.Description)
	m.MemberCount = types.Int64Value(t.MemberCount)
	m.Created = types.StringValue(t.Created)
}

type dataSourceModel struct {
	ID             types.String `tfsdk:"id"`
	OrganizationID types.String `tfsdk:"organization_id"`
	Name           types.String `tfsdk:"name"`
	Description    types.String `tfsdk:"description"`
	MemberCount    types.Int64  `tfsdk:"member_count"`
	UserIDs        types.Set    `tfsdk:"user_ids"`
	InvitationIDs  types.Set    `tfsdk:"invitation_ids"`
	Created        types.String `tfsdk:"created"`
}

// memberModel is one zenmlpro_team_member.
type memberModel struct {
	ID           types.String `tfsdk:"id"`
	TeamID       types.String `tfsdk:"team_id"`
	UserID       types.String `tfsdk:"user_id"`
	InvitationID types.String `tfsdk:"invitation_id"`
	Email        types.String `tfsdk:"email"`
}

// membersModel is one zenmlpro_team_members.
type membersModel struct {
	ID                      types.String `tfsdk:"id"`
	TeamID                  types.String `tfsdk:"team_id"`
	UserIDs                 types.Set    `tfsdk:"user_ids"`
	InvitationIDs           types.Set    `tfsdk:"invitation_ids"`
	Emails                  types.Set    `tfsdk:"emails"`
	DefaultInvitationRoleID types.String `tfsdk:"default_invitation_role_id"`
}

// invitationPrefix marks the invitation form of a zenmlpro_team_member id:
// "<team_id>/invitation:<invitation_id>".
const invitationPrefix = "invitation:"

// memberID is the id of a zenmlpro_team_member: "<team_id>/<user_id>" for a user and
// "<team_id>/invitation:<invitation_id>" for a pending invitation.
func memberID(teamID, kind, subjectID string) string {
	if kind == client.SubjectInvitation {
		return teamID + "/" + invitationPrefix + subjectID
	}
	return teamID + "/" + subjectID
}

// roster is a team's member list split by kind.
type roster struct {
	users       map[string]bool
	invitations map[string]bool
}

func newRoster(members []client.TeamMember) roster {
	r := roster{users: map[string]bool{}, invitations: map[string]bool{}}
	for _, m := range members {
		switch {
		case m.User != nil:
			r.users[m.User.ID] = true
		case m.Invitation != nil:
			r.invitations[m.Invitation.ID] = true
		}
	}
	return r
}

func (r roster) has(kind, id string) bool {
	if kind == client.SubjectInvitation {
		return r.invitations[id]
	}
	return r.users[id]
}

// idSet turns ids into a sorted set value (sorted, so that state is stable).
func idSet(ctx context.Context, ids map[string]bool) (types.Set, diag.Diagnostics) {
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	slices.Sort(list)
	return types.SetValueFrom(ctx, types.StringType, list)
}

// setIDs reads a set of strings; a null or unknown set is empty.
func setIDs(ctx context.Context, s types.Set) (map[string]bool, diag.Diagnostics) {
	out := map[string]bool{}
	if s.IsNull() || s.IsUnknown() {
		return out, nil
	}
	var list []string
	diags := s.ElementsAs(ctx, &list, false)
	for _, id := range list {
		out[id] = true
	}
	return out, diags
}
