package team

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/service/role"
)

// The emails of zenmlpro_team_members: people named by address, as an identity provider's group
// lists them. An address of an existing user is that user's membership; any other gets an
// organization invitation that is a member of the team until it is accepted (the API then moves
// the membership to the new user, who carries the same address). The invitations the resource
// sent are the only ones it ever revokes.

// emailInvitationsKey is the private-state key of the invitations the resource sent.
const emailInvitationsKey = "email_invitations"

// organizationMemberRole is the built-in role default_invitation_role_id defaults to.
const organizationMemberRole = "Organization Member"

// sentInvitations are the invitations this resource sent for its emails, by lowercase address.
// They are bookkeeping, not configuration, so they live in private state: an imported resource
// starts with none and so never revokes an invitation it did not send.
type sentInvitations map[string]string

func readSent(ctx context.Context, private framework.PrivateStateReader) (sentInvitations, diag.Diagnostics) {
	sent := sentInvitations{}
	if private == nil {
		return sent, nil
	}
	raw, diags := private.GetKey(ctx, emailInvitationsKey)
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &sent); err != nil {
			diags.AddWarning("Unreadable private state",
				fmt.Sprintf("The record of the invitations this resource sent could not be read (%v); it starts afresh, "+
					"and the invitations it sent before are no longer revoked when their address is removed.", err))
			sent = sentInvitations{}
		}
	}
	return sent, diags
}

func (s sentInvitations) save(ctx context.Context, private framework.PrivateState) diag.Diagnostics {
	if len(s) == 0 {
		return private.SetKey(ctx, emailInvitationsKey, nil) // no value removes the key
	}
	raw, _ := json.Marshal(map[string]string(s))
	return private.SetKey(ctx, emailInvitationsKey, raw)
}

// emailList reads a set of addresses as configured, sorted.
func emailList(ctx context.Context, s types.Set) ([]string, diag.Diagnostics) {
	if s.IsNull() || s.IsUnknown() {
		return nil, nil
	}
	var out []string
	diags := s.ElementsAs(ctx, &out, false)
	slices.Sort(out)
	return out, diags
}

// subject is one team member.
type subject struct{ kind, id string }

// membersByEmail maps each lowercase address to the members that carry it: users by their email,
// and pending invitations (an expired one no longer stands for anyone).
func membersByEmail(members []client.TeamMember) map[string][]subject {
	out := map[string][]subject{}
	for _, m := range members {
		switch {
		case m.User != nil && m.User.Email != nil:
			e := strings.ToLower(*m.User.Email)
			out[e] = append(out[e], subject{client.SubjectUser, m.User.ID})
		case m.Invitation != nil && (m.Invitation.Status == client.InvitationPending || m.Invitation.Status == ""):
			e := strings.ToLower(m.Invitation.Email)
			out[e] = append(out[e], subject{client.SubjectInvitation, m.Invitation.ID})
		}
	}
	return out
}

// satisfiedBy returns the members that stand for email: those carrying the address, or else the
// user who accepted the invitation the resource sent for it (should the API have given the user
// another spelling of the address). None means the address is not in the team.
func (o *observed) satisfiedBy(ctx context.Context, email string, sent sentInvitations, follower *invitationFollower) ([]subject, error) {
	if subs := o.byEmail[strings.ToLower(email)]; len(subs) > 0 {
		return subs, nil
	}
	invitationID := sent[strings.ToLower(email)]
	if invitationID == "" {
		return nil, nil
	}
	userID, err := follower.acceptedBy(ctx, invitationID, o.raw)
	if err != nil || userID == "" {
		return nil, err
	}
	return []subject{{client.SubjectUser, userID}}, nil
}

// emailEnlister adds to a team the members that addresses not yet in it stand for, learning the
// team's organization and the invitation role once, and only when an address needs them.
type emailEnlister struct {
	r        *membersResource
	teamID   string
	roleID   string // default_invitation_role_id as configured ("" for the default)
	sent     sentInvitations
	orgID    string
	resolved string // the role invitations are sent with, once looked up
	// newlySent are the invitations sent in this operation (a failed create revokes them).
	newlySent []string
}

func (e *emailEnlister) organization(ctx context.Context) (string, error) {
	if e.orgID == "" {
		team, err := getTeamTolerant(ctx, e.r.data.Client, e.teamID)
		if err != nil {
			return "", err
		}
		e.orgID = team.OrganizationID
	}
	return e.orgID, nil
}

// invitationRole is default_invitation_role_id, or the organization's built-in Organization
// Member when it is not set.
func (e *emailEnlister) invitationRole(ctx context.Context, orgID string) (string, error) {
	if e.roleID != "" {
		return e.roleID, nil
	}
	if e.resolved == "" {
		roles, err := e.r.data.Client.ListRoles(ctx, orgID, client.LevelOrganization, organizationMemberRole)
		if err != nil {
			return "", fmt.Errorf("looking up the built-in %s role: %w", organizationMemberRole, err)
		}
		for _, role := range roles {
			if role.Name == organizationMemberRole && role.Level == client.LevelOrganization {
				e.resolved = role.ID
			}
		}
		if e.resolved == "" {
			return "", fmt.Errorf("organization %s has no organization-level role named %q; set default_invitation_role_id "+
				"to the role invitations should give", orgID, organizationMemberRole)
		}
	}
	return e.resolved, nil
}

// enlist makes email a member: the user with that address when there is one in the organization,
// else the organization's pending invitation for it, else a new invitation (which the resource
// then owns). It returns the member added.
func (e *emailEnlister) enlist(ctx context.Context, email string) (subject, error) {
	c := e.r.data.Client
	users, err := c.FindUsersByEmail(ctx, email)
	if err != nil {
		return subject{}, fmt.Errorf("looking up a user with the email %q: %w", email, err)
	}
	var userErr error
	for _, u := range users {
		if u.IsServiceAccount {
			continue
		}
		_, userErr = c.AddTeamMember(ctx, e.teamID, client.SubjectUser, u.ID)
		if userErr == nil || client.IsConflict(userErr) { // a conflict: a member already
			return subject{client.SubjectUser, u.ID}, nil
		}
		if !client.IsValidation(userErr) {
			return subject{}, fmt.Errorf("adding user %s (%s): %w", u.ID, email, userErr)
		}
		// 422: the user is not a member of the team's organization; an invitation brings them in.
		break
	}
	orgID, err := e.organization(ctx)
	if err != nil {
		return subject{}, fmt.Errorf("reading team %s for its organization: %w", e.teamID, err)
	}
	invitationID, err := e.pendingInvitation(ctx, orgID, email)
	if err != nil {
		return subject{}, err
	}
	if invitationID == "" {
		roleID, err := e.invitationRole(ctx, orgID)
		if err != nil {
			return subject{}, err
		}
		inv, err := c.CreateInvitation(ctx, orgID, client.InvitationCreate{Email: email, RoleID: roleID})
		switch {
		case err == nil:
			invitationID = inv.ID
			if previous := e.sent[strings.ToLower(email)]; previous != "" {
				// The one sent before is no longer pending (expired, most likely): revoke it, as far as
				// the API lets (an accepted or vanished one answers 409 or 404, which is fine).
				_ = c.DeleteInvitation(ctx, orgID, previous)
			}
			e.sent[strings.ToLower(email)] = inv.ID
			e.newlySent = append(e.newlySent, inv.ID)
		case client.IsConflict(err):
			// Sent meanwhile, by another resource of the same apply: use that one.
			if invitationID, _ = e.pendingInvitation(ctx, orgID, email); invitationID == "" {
				return subject{}, explainInvitationConflict(email, orgID, userErr, err)
			}
		default:
			return subject{}, fmt.Errorf("inviting %q into organization %s with role %s: %w", email, orgID, roleID, err)
		}
	}
	if _, err := c.AddTeamMember(ctx, e.teamID, client.SubjectInvitation, invitationID); err != nil && !client.IsConflict(err) {
		return subject{}, fmt.Errorf("adding the invitation of %q (%s): %w", email, invitationID, err)
	}
	return subject{client.SubjectInvitation, invitationID}, nil
}

func explainInvitationConflict(email, orgID string, userErr, err error) error {
	msg := fmt.Sprintf("inviting %q into organization %s answered a conflict, yet the organization has no pending "+
		"invitation for it: the address belongs to a member whom GET /users?email= does not show", email, orgID)
	if userErr != nil {
		msg += fmt.Sprintf(" (adding the user found by email answered: %v)", userErr)
	}
	return fmt.Errorf("%s: %w", msg, err)
}

// pendingInvitation returns the id of the organization's pending invitation for email ("" when
// there is none).
func (e *emailEnlister) pendingInvitation(ctx context.Context, orgID, email string) (string, error) {
	list, err := e.r.data.Client.ListInvitations(ctx, orgID, email, true)
	if err != nil {
		return "", fmt.Errorf("listing the pending invitations of organization %s for %q: %w", orgID, email, err)
	}
	for _, inv := range list {
		if strings.EqualFold(inv.Email, email) && inv.Status == client.InvitationPending {
			return inv.ID, nil
		}
	}
	return "", nil
}

// revoke revokes the invitations the resource sent for the addresses given, where they are still
// pending (or expired) and no other team has them as a member. Each address handled leaves sent.
// One that another team still uses stays in sent, unrevoked: a later apply of this resource (or
// its destroy) revokes it once nothing uses it. One that fails stays too, for the next apply.
func (e *emailEnlister) revoke(ctx context.Context, emails []string) (failed, kept []string) {
	c := e.r.data.Client
	for _, email := range emails {
		invitationID := e.sent[email]
		orgID, err := e.organization(ctx)
		if client.IsNotFound(err) {
			delete(e.sent, email) // the team is gone; its organization's invitations cannot be told apart
			continue
		}
		if err != nil {
			failed = append(failed, fmt.Sprintf("invitation %s (%s): reading the team's organization: %v", invitationID, email, err))
			continue
		}
		inv, err := c.GetInvitation(ctx, orgID, invitationID, email)
		if client.IsNotFound(err) {
			// The address is kept in lowercase; an API whose email filter minds case finds the
			// invitation only in the whole list.
			inv, err = c.GetInvitation(ctx, orgID, invitationID, "")
		}
		if client.IsNotFound(err) {
			delete(e.sent, email) // revoked or gone already
			continue
		}
		if err != nil {
			failed = append(failed, fmt.Sprintf("invitation %s (%s): %v", invitationID, email, err))
			continue
		}
		if inv.Status == client.InvitationAccepted {
			delete(e.sent, email) // the person is a member now; that is no longer an invitation's business
			continue
		}
		other, err := e.memberOfAnotherTeam(ctx, orgID, invitationID)
		if err != nil {
			failed = append(failed, fmt.Sprintf("invitation %s (%s): checking the organization's other teams: %v", invitationID, email, err))
			continue
		}
		if other != "" {
			kept = append(kept, fmt.Sprintf("%s (invitation %s, a member of team %q)", email, invitationID, other))
			continue
		}
		if err := c.DeleteInvitation(ctx, orgID, invitationID); err != nil && !client.IsNotFound(err) && !client.IsConflict(err) {
			failed = append(failed, fmt.Sprintf("revoking invitation %s (%s): %v", invitationID, email, err))
			continue
		}
		delete(e.sent, email)
	}
	return failed, kept
}

// memberOfAnotherTeam returns the name of a team of the organization, other than this resource's,
// that has the invitation as a member (another zenmlpro_team_members that lists the same
// address), or "" when none has.
func (e *emailEnlister) memberOfAnotherTeam(ctx context.Context, orgID, invitationID string) (string, error) {
	teams, err := e.r.data.Client.ListTeams(ctx, orgID)
	if err != nil {
		return "", err
	}
	for _, t := range teams {
		if t.ID == e.teamID {
			continue
		}
		members, err := e.r.data.Client.CachedTeamMembers(ctx, t.ID)
		if client.IsNotFound(err) {
			continue // deleted meanwhile
		}
		if err != nil {
			return "", err
		}
		if newRoster(members).invitations[invitationID] {
			return t.Name, nil
		}
	}
	return "", nil
}

// emailSetValidator refuses an address listed twice in different case, and advises lowercase.
type emailSetValidator struct{}

func (emailSetValidator) Description(context.Context) string {
	return "each address once, whatever the case; lowercase advised"
}

func (v emailSetValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (emailSetValidator) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	seen := map[string]string{}
	for _, el := range req.ConfigValue.Elements() {
		s, ok := el.(types.String)
		if !ok || s.IsUnknown() || s.IsNull() {
			continue
		}
		email, lower := s.ValueString(), strings.ToLower(s.ValueString())
		if first, dup := seen[lower]; dup {
			resp.Diagnostics.AddAttributeError(req.Path.AtSetValue(s), "Email address listed twice",
				fmt.Sprintf("%q and %q are the same address: ZenML Pro compares addresses without regard to case. Keep one "+
					"(in lowercase: %q).", first, email, lower))
			continue
		}
		seen[lower] = email
		if email != lower {
			resp.Diagnostics.AddAttributeWarning(req.Path.AtSetValue(s), "Email address with upper-case letters",
				fmt.Sprintf("Write %q as %q: ZenML Pro compares addresses without regard to case and may store them in "+
					"lowercase, and a lowercase list reads the same everywhere (an identity provider's export can be "+
					"passed through lower()).", email, lower))
		}
	}
}

// checkInvitationRole reports, at plan time, a default_invitation_role_id the API would refuse at
// apply (not an organization-level role), when it is set and changes: as an error on an existing
// resource, as a warning on a new one (an error would also stop the refresh before terraform
// destroy; Create stops at it, see invitationRoleProblem).
func (r *membersResource) checkInvitationRole(ctx context.Context, plan, state types.String, isNew bool, diags *diag.Diagnostics) {
	if r.data == nil || plan.Equal(state) {
		return
	}
	problem := r.invitationRoleProblem(ctx, plan)
	switch {
	case problem == nil:
	case isNew:
		problem.AddCreateWarning(diags, "team membership list")
	default:
		problem.AddError(diags)
	}
}

// invitationRoleProblem is what the API would refuse about default_invitation_role_id.
func (r *membersResource) invitationRoleProblem(ctx context.Context, roleID types.String) *framework.Problem {
	return role.OrganizationRoleProblem(ctx, r.data.Client, path.Root("default_invitation_role_id"), roleID,
		types.StringNull(), "an invitation gives", "")
}
