package team

import (
	"context"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// When an invitee accepts, the API moves the invitation's team memberships to the new user: the
// invitation member disappears from the team's list and a user member appears. The membership
// Terraform made still exists, under another subject, so the membership resources follow it
// instead of planning to re-add an invitation that can no longer be added (it is not pending) and
// to remove the user it became.

// invitationFollower finds, for invitation members missing from a team's list, the user each
// became. It reads the team's organization once, and only when an invitation is missing: the
// common refresh costs no call beyond the (cached) member list.
type invitationFollower struct {
	client *client.Client
	teamID string
	orgID  string
}

// acceptedBy returns the id of the user the invitation was accepted by when that user is now a
// member of the team, and "" when the invitation is not accepted, is gone, or its user is not in
// the team (then the membership really is gone).
func (f *invitationFollower) acceptedBy(ctx context.Context, invitationID string, r roster) (string, error) {
	if f.orgID == "" {
		team, err := f.client.GetTeam(ctx, f.teamID)
		if err != nil {
			return "", err
		}
		f.orgID = team.OrganizationID
	}
	inv, err := f.client.GetInvitation(ctx, f.orgID, invitationID, "")
	if client.IsNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if inv.Status != client.InvitationAccepted || inv.UserID == nil || !r.users[*inv.UserID] {
		return "", nil
	}
	return *inv.UserID, nil
}
