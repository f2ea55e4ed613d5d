package client

import "net/url"

// Every path of the API contract (API-CONTRACT.md), in one place: a correction to the real API
// touches one line here. Path parameters are escaped.
const (
	pathLogin           = "/auth/login"
	pathUsersMe         = "/users/me"
	pathUsers           = "/users"
	pathOrganizations   = "/organizations"
	pathWorkspaces      = "/workspaces"
	pathWorkspaceStatus = "/workspace_status"
	pathTeams           = "/teams"
	pathRoles           = "/roles"
	pathPermissions     = "/permissions"
	pathServiceAccounts = "/service_accounts"
)

func esc(s string) string { return url.PathEscape(s) }

func pathOrganization(idOrName string) string { return pathOrganizations + "/" + esc(idOrName) }
func pathOrganizationMembers(orgID string) string {
	return pathOrganization(orgID) + "/members"
}
func pathOrganizationInvitations(orgID string) string {
	return pathOrganization(orgID) + "/invitations"
}
func pathOrganizationInvitation(orgID, id string) string {
	return pathOrganizationInvitations(orgID) + "/" + esc(id)
}
func pathOrganizationTeams(orgID string) string { return pathOrganization(orgID) + "/teams" }
func pathOrganizationRoles(orgID string) string { return pathOrganization(orgID) + "/roles" }
func pathOrganizationSSO(orgID string) string   { return pathOrganization(orgID) + "/sso" }
func pathOrganizationServiceAccounts(orgID string) string {
	return pathOrganization(orgID) + "/service_accounts"
}

func pathWorkspace(id string) string              { return pathWorkspaces + "/" + esc(id) }
func pathWorkspaceEnrollmentKey(id string) string { return pathWorkspace(id) + "/enrollment_key" }

func pathTeam(id string) string        { return pathTeams + "/" + esc(id) }
func pathTeamMembers(id string) string { return pathTeam(id) + "/members" }

func pathRole(id string) string            { return pathRoles + "/" + esc(id) }
func pathRoleAssignments(id string) string { return pathRole(id) + "/assignments" }

func pathServiceAccount(id string) string { return pathServiceAccounts + "/" + esc(id) }
func pathServiceAccountAPIKeys(id string) string {
	return pathServiceAccount(id) + "/api_keys"
}
func pathServiceAccountAPIKey(id, keyID string) string {
	return pathServiceAccountAPIKeys(id) + "/" + esc(keyID)
}
func pathServiceAccountAPIKeyRotate(id, keyID string) string {
	return pathServiceAccountAPIKey(id, keyID) + "/rotate"
}
