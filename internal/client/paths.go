package client

import "net/url"

// Every path of the API contract (API-CONTRACT.md), in one place and grouped by the contract's
// marks, so that a reader sees which calls a public ZenML source shows and which are our own
// design: a correction to the real API touches one line here. Path parameters are escaped.

func esc(s string) string { return url.PathEscape(s) }

// ---- public: a public ZenML source shows the call ----
// Sources (repository zenml-io/zenml): the Python Pro client (src/zenml/login/pro/), the
// workspace server's calls (src/zenml/zen_server/cloud_utils.py), and the management script
// docs/book/getting-started/zenml-pro/scripts/sync_sso_users.py.

const (
	pathLogin           = "/auth/login"       // API key, or a workspace server's client credentials
	pathUsersMe         = "/users/me"         // the caller
	pathUsers           = "/users"            // ?email=
	pathOrganizations   = "/organizations"    // list; create (self-hosted)
	pathWorkspaces      = "/workspaces"       // list; create (?enroll=true for hybrid)
	pathWorkspaceStatus = "/workspace_status" // a workspace server reports itself
	pathRoles           = "/roles"            // create a custom role (the body is ours)
)

func pathOrganization(idOrName string) string { return pathOrganizations + "/" + esc(idOrName) }

// pathOrganizationMembers: the list (its shape is ours) and DELETE ?user_id=.
func pathOrganizationMembers(orgID string) string { return pathOrganization(orgID) + "/members" }

func pathOrganizationInvitations(orgID string) string {
	return pathOrganization(orgID) + "/invitations"
}
func pathOrganizationInvitation(orgID, id string) string { // DELETE only; reads list by email
	return pathOrganizationInvitations(orgID) + "/" + esc(id)
}
func pathOrganizationTeams(orgID string) string { return pathOrganization(orgID) + "/teams" }
func pathOrganizationRoles(orgID string) string { return pathOrganization(orgID) + "/roles" }

func pathWorkspace(id string) string { return pathWorkspaces + "/" + esc(id) }

// pathTeamMembers: POST and DELETE ?user_id= or ?invitation_id= are public; the list is ours.
func pathTeamMembers(id string) string { return pathTeam(id) + "/members" }

// pathRoleAssignments: POST and DELETE ?user_id=|team_id=|invitation_id= are public; the list is
// ours.
func pathRoleAssignments(id string) string { return pathRole(id) + "/assignments" }

// ---- inferred: implied by public sources, or shown only by a third-party page ----

// pathOrganizationServiceAccounts: create (name, username, description, initial role). Service
// accounts are organization-scoped users (ZenML's service-accounts docs); the path is a
// third-party page's.
func pathOrganizationServiceAccounts(orgID string) string {
	return pathOrganization(orgID) + "/service_accounts"
}

// pathServiceAccountAPIKeys: create, with expires_in_minutes (a third-party page).
func pathServiceAccountAPIKeys(orgID, id string) string {
	return pathServiceAccount(orgID, id) + "/api_keys"
}

// ---- ours: no public trace; a real control plane may not serve these ----

const (
	pathTeams       = "/teams"       // create a team
	pathPermissions = "/permissions" // the catalogue custom roles draw on
)

func pathOrganizationSSO(orgID string) string     { return pathOrganization(orgID) + "/sso" }
func pathWorkspaceEnrollmentKey(id string) string { return pathWorkspace(id) + "/enrollment_key" }
func pathUser(id string) string                   { return pathUsers + "/" + esc(id) }
func pathTeam(id string) string                   { return pathTeams + "/" + esc(id) }
func pathRole(id string) string                   { return pathRoles + "/" + esc(id) }

func pathServiceAccount(orgID, id string) string {
	return pathOrganizationServiceAccounts(orgID) + "/" + esc(id)
}
func pathServiceAccountAPIKey(orgID, id, keyID string) string {
	return pathServiceAccountAPIKeys(orgID, id) + "/" + esc(keyID)
}
func pathServiceAccountAPIKeyRotate(orgID, id, keyID string) string {
	return pathServiceAccountAPIKey(orgID, id, keyID) + "/rotate"
}
