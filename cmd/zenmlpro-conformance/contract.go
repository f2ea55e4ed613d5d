package main

// The table: every read call of API-CONTRACT.md the provider makes, its mark, and the shape of its
// answer, written from the contract's object descriptions. A field is needed when the provider
// reads it (a resource or data source attribute, or a decision such as matching an email); the
// others the contract names are optional, checked only when present. Where a public model says a
// field may be null (description: OrganizationRead and WorkspaceRead of the Python Pro client),
// the table says so too. table_test.go holds every field here to the client's Go types, so the two
// cannot drift apart.

// Marks, as API-CONTRACT.md gives them.
const (
	public   = "public"
	inferred = "inferred"
	ours     = "ours"
)

var (
	roleRef = object(need("id", str), may("name", str), may("level", str))

	organizationShape = object(
		need("id", str), need("name", str), need("description", orNull(str)),
		need("trusted_domains", list(str)), may("owner", orNull(object(need("id", str), may("username", str), may("email", orNull(str))))),
		may("has_active_subscription", boolean), need("created", str), may("updated", str),
	)

	workspaceShape = object(
		need("id", str), need("name", str), need("description", orNull(str)),
		need("organization", object(need("id", str), may("name", str))),
		need("desired_state", str), need("status", str), need("state_reason", str),
		need("zenml_service", object(
			need("configuration", orNull(object(need("version", str)))),
			may("status", orNull(object(need("server_url", str), may("version", orNull(str))))),
		)),
		// Ours: the client works without them (is_managed is what the list was asked for).
		may("is_managed", boolean), may("display_name", str), may("created", str), may("updated", str),
	)

	userShape = object(
		need("id", str), need("username", str), need("email", orNull(str)), need("name", str),
		need("is_active", boolean), need("is_service_account", boolean), may("organization_id", orNull(str)),
	)

	invitationShape = object(
		need("id", str), may("organization_id", str), need("email", str),
		need("role", orNull(roleRef)), may("roles", list(roleRef)),
		need("status", str), need("user_id", orNull(str)), need("created", str), may("expires", str),
	)

	teamShape = object(
		need("id", str), need("organization_id", str), need("name", str), need("description", str),
		need("member_count", integer), need("created", str), may("updated", str),
	)

	teamMemberShape = object(may("user", userShape), may("invitation", invitationShape)).
			exactlyOne("user", "invitation")

	serviceAccountShape = object(
		need("id", str), need("organization_id", str), need("name", str), need("username", str),
		need("description", str), need("active", boolean), may("last_login", orNull(str)),
		may("api_key_count", integer), need("created", str), may("updated", str),
	)

	organizationMemberShape = object(
		need("type", str),
		may("user", userShape), may("service_account", serviceAccountShape),
		may("team", teamShape.needOnly("id", "name")), may("invitation", invitationShape),
		need("roles", list(roleRef)),
	).exactlyOne("user", "service_account", "team", "invitation")

	roleShape = object(
		need("id", str), need("organization_id", str), need("name", str), need("description", str),
		need("level", str), need("permissions", list(str)), need("system_managed", boolean),
		need("created", str), may("updated", str),
	)

	permissionShape = object(need("name", str), need("level", str), need("description", str))

	subjectRef = object(need("id", str), may("name", str), may("username", str), may("email", orNull(str)))

	assignmentShape = object(
		need("role", object(need("id", str), may("name", str), may("level", str))),
		may("user", subjectRef), may("team", subjectRef), may("invitation", subjectRef),
		need("workspace_id", orNull(str)), need("project_id", orNull(str)), may("created", str),
	).exactlyOne("user", "team", "invitation")

	ssoShape = object(
		need("enabled", boolean), may("protocol", str), need("issuer_url", str), need("client_id", str),
		need("client_secret_set", boolean), need("scopes", list(str)), need("domains", list(str)),
		need("jit_provisioning", boolean), need("default_role_id", orNull(str)), need("enforce_sso", boolean),
		need("created", str), may("updated", str),
	)

	apiKeyShape = object(
		need("id", str), need("service_account_id", str), need("name", str), need("description", str),
		need("active", boolean), need("expires_at", orNull(str)), may("last_login", orNull(str)),
		need("last_rotated", orNull(str)), need("created", str), may("updated", str),
	)
)

// calls are checked in this order: a read by id uses what a list before it found.
var calls = []call{
	{name: "GET /organizations", mark: public, answer: list(organizationShape), request: listOrganizations, learn: learnOrganizationName},
	{name: "GET /organizations/{id}", mark: public, answer: organizationShape, request: getOrganization, learn: learnOrganizationName},
	{name: "GET /organizations/{name}", mark: public, answer: organizationShape, request: getOrganizationByName, extra: sameOrganization},
	{name: "GET /organizations/{org}/members", mark: public, answer: list(organizationMemberShape), request: listMembers, learn: learnMember},
	{name: "GET /users/me", mark: public, answer: userShape, request: currentUser, learn: learnCaller},
	{name: "GET /users?email=", mark: public, answer: list(userShape), request: usersByEmail, learn: learnUser, extra: listsTheUser},
	{name: "GET /users/{id}", mark: ours, answer: userShape, request: getUser},
	{name: "GET /workspaces?is_managed=false", mark: inferred, answer: list(workspaceShape), request: listWorkspaces("false"), learn: learnWorkspace, extra: onlyManaged(false)},
	{name: "GET /workspaces?is_managed=true", mark: inferred, answer: list(workspaceShape), request: listWorkspaces("true"), learn: learnWorkspace, extra: onlyManaged(true)},
	{name: "GET /workspaces/{id}", mark: public, answer: workspaceShape, request: getWorkspace},
	{name: "GET /organizations/{org}/invitations", mark: public, answer: list(invitationShape), request: listInvitations, learn: learnInvitation},
	{name: "GET /organizations/{org}/invitations?email=", mark: public, answer: list(invitationShape), request: invitationsByEmail, extra: listsTheInvitation},
	{name: "GET /organizations/{org}/teams", mark: public, answer: list(teamShape.needOnly("id", "name")), request: listTeams, learn: learnTeam},
	{name: "GET /teams/{id}", mark: ours, answer: teamShape, request: getTeam},
	{name: "GET /teams/{id}/members", mark: ours, answer: list(teamMemberShape), request: listTeamMembers},
	{name: "GET /organizations/{org}/roles", mark: public, answer: list(roleShape), request: listRoles, learn: learnRole},
	{name: "GET /roles/{id}", mark: ours, answer: roleShape, request: getRole},
	{name: "GET /permissions", mark: ours, answer: list(permissionShape), request: listPermissions},
	{name: "GET /roles/{id}/assignments", mark: ours, answer: list(assignmentShape), request: listAssignments},
	{name: "GET /organizations/{org}/sso", mark: ours, answer: ssoShape, request: getSSO, absentMeans: "not configured"},
	{name: "GET /organizations/{org}/service_accounts", mark: ours, answer: list(serviceAccountShape), request: listServiceAccounts, learn: learnServiceAccount},
	{name: "GET /organizations/{org}/service_accounts/{id}", mark: ours, answer: serviceAccountShape, request: getServiceAccount},
	{name: "GET /organizations/{org}/service_accounts/{id}/api_keys", mark: ours, answer: list(apiKeyShape), request: listAPIKeys, learn: learnAPIKey},
	{name: "GET /organizations/{org}/service_accounts/{id}/api_keys/{key}", mark: ours, answer: apiKeyShape, request: getAPIKey},
}
