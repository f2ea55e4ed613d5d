package reliability

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
)

// badCase is one invalid configuration and the diagnostic it must produce at plan time.
type badCase struct {
	// name says what is wrong; it is shown when the case fails.
	name string
	// kind is the type (or "provider") the case is about, for the per-type count.
	kind string
	// body is the configuration after the provider block; a case about the provider block itself
	// sets provider instead, which replaces the standard provider block's arguments.
	body     string
	provider string
	// summary is the diagnostic's summary line, exactly; detail is a distinctive part of its detail.
	summary, detail string
	// atApply marks a check of an object yet to be created that needs more than its configuration
	// (a role's level, a role that exists, the clock): a warning at plan time, which an error there
	// would turn into a blocked terraform destroy (framework.Problem), and this error at apply,
	// before anything is written.
	atApply bool
}

// expect is the error a case must produce: "Error: <summary>" followed (in the same diagnostic,
// whatever lies between: the "with ..." and "on ..." lines) by the detail.
func (c badCase) expect() *regexp.Regexp {
	return regexp.MustCompile(acctest.ErrorText("Error: "+c.summary).String() + `\s*\n(?s:.*?)` + acctest.ErrorText(c.detail).String())
}

// providerConfig is a provider block that reaches env's control plane with extra arguments.
func providerConfig(env *acctest.Env, extra string) string {
	return fmt.Sprintf("provider \"zenmlpro\" {\n  api_url = %q\n  api_key = %q\n%s\n}\n", env.URL, env.APIKey, extra)
}

// someUUID is a well-formed id of no object.
const someUUID = "0b6f1d8e-3c2a-4e5f-9a7b-1c2d3e4f5a6b"

// badInputCases is the catalogue. roles maps built-in role names to their ids.
func badInputCases(roles map[string]string) []badCase {
	wsDev, orgMember, projViewer := roles["Workspace Developer"], roles["Organization Member"], roles["Project Viewer"]
	past := "2001-01-01T00:00:00Z"
	future := time.Now().Add(90 * 24 * time.Hour).UTC().Format(time.RFC3339)
	long51 := strings.Repeat("a", 51)
	return []badCase{
		// ---- the provider block ----
		{name: "api_url without scheme", kind: "provider", provider: `api_url_override = "cloudapi.zenml.io"`,
			summary: "Invalid api_url", detail: `"cloudapi.zenml.io" is not an absolute http(s) URL, such as https://cloudapi.zenml.io.`},
		{name: "api_url with query", kind: "provider", provider: `api_url_override = "https://cloudapi.zenml.io/?x=1"`,
			summary: "Invalid api_url", detail: `"https://cloudapi.zenml.io/?x=1" must not carry a query or fragment.`},
		{name: "max_retries above 100", kind: "provider", provider: `max_retries = 101`,
			summary: "Invalid Attribute Value", detail: `Attribute max_retries value must be between 0 and 100, got: 101`},
		{name: "max_retries negative", kind: "provider", provider: `max_retries = -1`,
			summary: "Invalid Attribute Value", detail: `Attribute max_retries value must be between 0 and 100, got: -1`},
		{name: "request_timeout without unit", kind: "provider", provider: `request_timeout = "60"`,
			summary: "Invalid request_timeout", detail: `"60" is not a positive duration. Use a number with a unit, such as "60s" or "2m".`},
		{name: "organization_id not a UUID", kind: "provider", provider: `organization_id = "acme"`,
			summary: "Invalid organization_id", detail: `"acme" is not a UUID. Use the id attribute of the object`},
		{name: "requests_per_second negative", kind: "provider", provider: `requests_per_second = -1`,
			summary: "Invalid Attribute Value", detail: `Attribute requests_per_second value must be at least 0.000000, got: -1.000000`},
		{name: "dashboard_url ftp", kind: "provider", provider: `dashboard_url = "ftp://cloud.zenml.io"`,
			summary: "Invalid dashboard_url", detail: `"ftp://cloud.zenml.io" is not an absolute http(s) URL`},

		// ---- zenmlpro_organization ----
		{name: "organization name starting with a hyphen", kind: "organization",
			body:    `resource "zenmlpro_organization" "x" { name = "-acme" }`,
			summary: "Invalid name", detail: `"-acme" is not a valid organization name: use 1 to 64 letters, digits, spaces, dots, hyphens and underscores, starting with a letter or digit.`},
		{name: "organization trusted domain with scheme", kind: "organization",
			body:    `resource "zenmlpro_organization" "x" { name = "acme", trusted_domains = ["https://acme.example.com"] }`,
			summary: "Invalid trusted_domains", detail: `"https://acme.example.com" is not a domain name. Use a lowercase DNS name such as example.com (no scheme, path, port or wildcard).`},
		{name: "organization description too long", kind: "organization",
			body:    fmt.Sprintf(`resource "zenmlpro_organization" "x" { name = "acme", description = %q }`, strings.Repeat("d", 1001)),
			summary: "Invalid description", detail: `The value is 1001 characters long; the limit is 1000.`},

		// ---- zenmlpro_workspace ----
		{name: "workspace name with uppercase", kind: "workspace",
			body:    `resource "zenmlpro_workspace" "x" { name = "MyWorkspace" }`,
			summary: "Invalid name", detail: `"MyWorkspace" is not a valid workspace name: use 1 to 50 lowercase letters, digits and hyphens, starting with a letter (for example "myworkspace").`},
		{name: "workspace name with underscore", kind: "workspace",
			body:    `resource "zenmlpro_workspace" "x" { name = "ml_platform" }`,
			summary: "Invalid name", detail: `(for example "ml-platform")`},
		{name: "workspace name with leading digit", kind: "workspace",
			body:    `resource "zenmlpro_workspace" "x" { name = "9lives" }`,
			summary: "Invalid name", detail: `"9lives" is not a valid workspace name`},
		{name: "workspace name of 51 characters", kind: "workspace",
			body:    fmt.Sprintf(`resource "zenmlpro_workspace" "x" { name = %q }`, long51),
			summary: "Invalid name", detail: fmt.Sprintf(`%q is not a valid workspace name: use 1 to 50`, long51)},
		{name: "workspace hosting cloud", kind: "workspace",
			body:    `resource "zenmlpro_workspace" "x" { name = "ok", hosting = "cloud" }`,
			summary: "Invalid Attribute Value Match", detail: `Attribute hosting value must be one of: ["hybrid" "managed"], got: "cloud"`},
		{name: "managed workspace with enrollment_key_version", kind: "workspace",
			body:    `resource "zenmlpro_workspace" "x" { name = "ok", hosting = "managed", enrollment_key_version = 2 }`,
			summary: "Enrollment key on a managed workspace", detail: `enrollment_key_version applies to hybrid workspaces only: a managed workspace has no enrollment key. Remove it, or set hosting = "hybrid".`},
		{name: "wait_for available on an inactive workspace", kind: "workspace",
			body:    `resource "zenmlpro_workspace" "x" { name = "ok", active = false, wait_for = "available" }`,
			summary: "Waiting for an inactive workspace", detail: `wait_for = "available" can never be met while active = false. Set wait_for = "none", or active = true.`},
		{name: "workspace wait_for unknown value", kind: "workspace",
			body:    `resource "zenmlpro_workspace" "x" { name = "ok", wait_for = "ready" }`,
			summary: "Invalid Attribute Value Match", detail: `Attribute wait_for value must be one of: ["none" "available"], got: "ready"`},
		{name: "workspace organization_id not a UUID", kind: "workspace",
			body:    `resource "zenmlpro_workspace" "x" { name = "ok", organization_id = "acme" }`,
			summary: "Invalid organization_id", detail: `"acme" is not a UUID.`},
		{name: "workspace display_name with trailing space", kind: "workspace",
			body:    `resource "zenmlpro_workspace" "x" { name = "ok", display_name = "Prod " }`,
			summary: "Invalid display_name", detail: `"Prod " has leading or trailing white space; remove it.`},

		// ---- zenmlpro_team ----
		{name: "team name with trailing space", kind: "team",
			body:    `resource "zenmlpro_team" "x" { name = "ml-engineers " }`,
			summary: "Invalid name", detail: `"ml-engineers " has leading or trailing white space; remove it.`},
		{name: "team name of 101 characters", kind: "team",
			body:    fmt.Sprintf(`resource "zenmlpro_team" "x" { name = %q }`, strings.Repeat("t", 101)),
			summary: "Invalid name", detail: `The name is 101 characters long; the limit is 100.`},
		{name: "team name with a newline", kind: "team",
			body:    `resource "zenmlpro_team" "x" { name = "ml\nengineers" }`,
			summary: "Invalid name", detail: `contains a control character (such as a newline or tab); remove it.`},

		// ---- zenmlpro_team_member ----
		{name: "team member without subject", kind: "team_member",
			body:    fmt.Sprintf(`resource "zenmlpro_team_member" "x" { team_id = %q }`, someUUID),
			summary: "No team member named", detail: `A zenmlpro_team_member names exactly one member: set one of user_id, invitation_id or email.`},
		{name: "team member with two subjects", kind: "team_member",
			body:    fmt.Sprintf(`resource "zenmlpro_team_member" "x" { team_id = %q, user_id = %q, email = "ann@example.com" }`, someUUID, someUUID),
			summary: "More than one team member named", detail: `A zenmlpro_team_member names exactly one member, but this one sets user_id and email.`},
		{name: "team member malformed email", kind: "team_member",
			body:    fmt.Sprintf(`resource "zenmlpro_team_member" "x" { team_id = %q, email = "ann.example.com" }`, someUUID),
			summary: "Invalid email", detail: `"ann.example.com" is not an email address. Use the form name@example.com.`},
		{name: "team member team_id not a UUID", kind: "team_member",
			body:    fmt.Sprintf(`resource "zenmlpro_team_member" "x" { team_id = "ml-engineers", user_id = %q }`, someUUID),
			summary: "Invalid team_id", detail: `"ml-engineers" is not a UUID.`},

		// ---- zenmlpro_team_members ----
		{name: "team members with an email among user_ids", kind: "team_members",
			body:    fmt.Sprintf(`resource "zenmlpro_team_members" "x" { team_id = %q, user_ids = ["ann@example.com"] }`, someUUID),
			summary: "Invalid user_ids", detail: `"ann@example.com" is not a UUID.`},
		{name: "team members invitation id malformed", kind: "team_members",
			body:    fmt.Sprintf(`resource "zenmlpro_team_members" "x" { team_id = %q, invitation_ids = ["42"] }`, someUUID),
			summary: "Invalid invitation_ids", detail: `"42" is not a UUID.`},
		{name: "team members team_id malformed UUID", kind: "team_members",
			body:    `resource "zenmlpro_team_members" "x" { team_id = "0B6F1D8E-3C2A-4E5F-9A7B-1C2D3E4F5A6B" }`,
			summary: "Invalid team_id", detail: `"0B6F1D8E-3C2A-4E5F-9A7B-1C2D3E4F5A6B" is not a UUID.`},

		// ---- zenmlpro_invitation ----
		{name: "invitation malformed email", kind: "invitation",
			body:    fmt.Sprintf(`resource "zenmlpro_invitation" "x" { email = "dana@example", role_id = %q }`, orgMember),
			summary: "Invalid email", detail: `"dana@example" is not an email address. Use the form name@example.com.`},
		{name: "invitation role given by name", kind: "invitation",
			body:    `resource "zenmlpro_invitation" "x" { email = "dana@example.com", role_id = "Organization Member" }`,
			summary: "Invalid role_id", detail: `"Organization Member" is not a UUID.`},
		{name: "invitation with a workspace-level role", kind: "invitation",
			body:    fmt.Sprintf(`resource "zenmlpro_invitation" "x" { email = "dana@example.com", role_id = %q }`, wsDev),
			summary: "Role of the wrong level", detail: `Role "Workspace Developer" is a workspace-level role; an invitation gives an organization-level role.`, atApply: true},
		{name: "invitation with a role that does not exist", kind: "invitation",
			body:    fmt.Sprintf(`resource "zenmlpro_invitation" "x" { email = "dana@example.com", role_id = %q }`, someUUID),
			summary: "Role not found", detail: fmt.Sprintf(`There is no role %s in any organization this API key can see;`, someUUID), atApply: true},

		// ---- zenmlpro_role ----
		{name: "role with an unknown permission", kind: "role",
			body:    `resource "zenmlpro_role" "x" { name = "Ops", level = "workspace", permissions = ["stack:read", "stack:reed"] }`,
			summary: "Invalid permission", detail: `Unknown permission "stack:reed" for a workspace-level role. Did you mean "stack:read"?`},
		{name: "role with a permission of another level", kind: "role",
			body:    `resource "zenmlpro_role" "x" { name = "Ops", level = "workspace", permissions = ["pipeline:run"] }`,
			summary: "Invalid permission", detail: `Permission "pipeline:run" is a project-level permission; a workspace-level role cannot hold it.`},
		{name: "role level global", kind: "role",
			body:    `resource "zenmlpro_role" "x" { name = "Ops", level = "global", permissions = ["stack:read"] }`,
			summary: "Invalid Attribute Value Match", detail: `Attribute level value must be one of: ["organization" "workspace" "project"], got: "global"`},
		{name: "role name with leading space", kind: "role",
			body:    `resource "zenmlpro_role" "x" { name = " Ops", level = "workspace", permissions = ["stack:read"] }`,
			summary: "Invalid name", detail: `" Ops" has leading or trailing white space; remove it.`},

		// ---- zenmlpro_role_binding ----
		{name: "binding with two subjects", kind: "role_binding",
			body:    fmt.Sprintf(`resource "zenmlpro_role_binding" "x" { role_id = %q, user_id = %q, team_id = %q }`, orgMember, someUUID, someUUID),
			summary: "More than one subject", detail: `A role binding gives its role to exactly one subject, but user_id and team_id are both set.`},
		{name: "binding without subject", kind: "role_binding",
			body:    fmt.Sprintf(`resource "zenmlpro_role_binding" "x" { role_id = %q }`, orgMember),
			summary: "No subject", detail: `A role binding needs the subject that receives the role: set exactly one of user_id, team_id, invitation_id or service_account_id.`},
		{name: "binding project scope without workspace", kind: "role_binding",
			body:    fmt.Sprintf(`resource "zenmlpro_role_binding" "x" { role_id = %q, team_id = %q, project_id = %q }`, projViewer, someUUID, someUUID),
			summary: "Project without its workspace", detail: `project_id is set but workspace_id is not: a project belongs to a workspace, so a project-level binding needs both.`},
		{name: "binding workspace role at organization scope", kind: "role_binding",
			body:    fmt.Sprintf(`resource "zenmlpro_role_binding" "x" { role_id = %q, team_id = %q }`, wsDev, someUUID),
			summary: "Scope does not fit the role's level", detail: `role "Workspace Developer" is a workspace-level role: set workspace_id to the workspace it applies in.`, atApply: true},
		{name: "binding organization role in a workspace", kind: "role_binding",
			body:    fmt.Sprintf(`resource "zenmlpro_role_binding" "x" { role_id = %q, team_id = %q, workspace_id = %q }`, orgMember, someUUID, someUUID),
			summary: "Scope does not fit the role's level", detail: `role "Organization Member" is an organization-level role: remove workspace_id and project_id`, atApply: true},
		{name: "binding project role without project", kind: "role_binding",
			body:    fmt.Sprintf(`resource "zenmlpro_role_binding" "x" { role_id = %q, team_id = %q, workspace_id = %q }`, projViewer, someUUID, someUUID),
			summary: "Scope does not fit the role's level", detail: `role "Project Viewer" is a project-level role: set workspace_id and project_id`, atApply: true},
		{name: "binding of a role that does not exist", kind: "role_binding",
			body:    fmt.Sprintf(`resource "zenmlpro_role_binding" "x" { role_id = %q, team_id = %q }`, someUUID, someUUID),
			summary: "Role not found", detail: fmt.Sprintf(`There is no role %s in any organization this API key can see.`, someUUID), atApply: true},
		{name: "binding user_id malformed UUID", kind: "role_binding",
			body:    fmt.Sprintf(`resource "zenmlpro_role_binding" "x" { role_id = %q, user_id = "ann" }`, orgMember),
			summary: "Invalid user_id", detail: `"ann" is not a UUID.`},

		// ---- zenmlpro_sso ----
		{name: "sso http issuer", kind: "sso",
			body:    ssoIssuerBody("http://login.example.com", ""),
			summary: "Invalid issuer_url", detail: `"http://login.example.com" uses http; the identity provider must be reached over https (https://login.example.com).`},
		{name: "sso malformed domain", kind: "sso",
			body:    ssoBody(`domains = ["*.acme.example.com"]`),
			summary: "Invalid domains", detail: `"*.acme.example.com" is not a domain name.`},
		{name: "sso enforced while disabled", kind: "sso",
			body:    ssoBody("enabled = false\n  enforce_sso = true"),
			summary: "SSO enforced while disabled", detail: `enforce_sso = true turns password logins off, which needs SSO to be on`},
		{name: "sso scopes without openid", kind: "sso",
			body:    ssoBody(`scopes = ["email", "profile"]`),
			summary: "Invalid scopes", detail: `scopes must contain "openid": without it the identity provider returns no ID token and nobody can sign in.`},
		{name: "sso scope with a space", kind: "sso",
			body:    ssoBody(`scopes = ["openid", "email profile"]`),
			summary: "Invalid scopes", detail: `"email profile" is not a scope name: scopes contain no white space.`},
		{name: "sso default role of workspace level", kind: "sso",
			body:    ssoBody(fmt.Sprintf("default_role_id = %q", wsDev)),
			summary: "Role of the wrong level", detail: `Role "Workspace Developer" is a workspace-level role; default_role_id gives users created just in time an organization-level role.`, atApply: true},
		{name: "sso without client secret", kind: "sso",
			body:    `resource "zenmlpro_sso" "x" { issuer_url = "https://login.example.com", client_id = "tf" }`,
			summary: "Client secret required", detail: `Creating the SSO configuration needs the OIDC client's secret`, atApply: true},
		{name: "sso secret version without secret", kind: "sso",
			body:    `resource "zenmlpro_sso" "x" { issuer_url = "https://login.example.com", client_id = "tf", client_secret_wo_version = 1 }`,
			summary: "Invalid Attribute Combination", detail: `Attribute "client_secret_wo" must be specified when "client_secret_wo_version" is specified`},

		// ---- zenmlpro_service_account ----
		{name: "service account name with a space", kind: "service_account",
			body:    `resource "zenmlpro_service_account" "x" { name = "ci bot", username = "ci bot" }`,
			summary: "Invalid username", detail: `"ci bot" is not a valid name: use 1 to 50 letters, digits, dots, hyphens and underscores, starting with a letter or digit (no spaces).`},
		{name: "service account name that cannot be a username", kind: "service_account",
			body:    `resource "zenmlpro_service_account" "x" { name = "CI bot" }`,
			summary: "No username", detail: `The service account's name "CI bot" is not a valid username, so username cannot default to it. Set username to 1 to 50 letters, digits, dots, hyphens and underscores, starting with a letter or digit (for example "ci-bot").`},
		{name: "service account role_id malformed", kind: "service_account",
			body:    `resource "zenmlpro_service_account" "x" { name = "ci", role_id = "admin" }`,
			summary: "Invalid role_id", detail: `"admin" is not a UUID.`},
		{name: "service account organization_id malformed", kind: "service_account",
			body:    `resource "zenmlpro_service_account" "x" { name = "ci", organization_id = "123e4567" }`,
			summary: "Invalid organization_id", detail: `"123e4567" is not a UUID.`},
		{name: "service account description too long", kind: "service_account",
			body:    fmt.Sprintf(`resource "zenmlpro_service_account" "x" { name = "ci", description = %q }`, strings.Repeat("d", 1001)),
			summary: "Invalid description", detail: `The value is 1001 characters long; the limit is 1000.`},

		// ---- zenmlpro_api_key ----
		{name: "api key expiry in the past", kind: "api_key",
			body:    fmt.Sprintf(`resource "zenmlpro_api_key" "x" { service_account_id = %q, name = "ci", expires_at = %q }`, someUUID, past),
			summary: "Expiry in the past", detail: fmt.Sprintf(`expires_at %q lies in the past: a new API key must expire in the future.`, past), atApply: true},
		{name: "api key expiry not RFC 3339", kind: "api_key",
			body:    fmt.Sprintf(`resource "zenmlpro_api_key" "x" { service_account_id = %q, name = "ci", expires_at = "2030-01-31" }`, someUUID),
			summary: "Invalid expires_at", detail: `"2030-01-31" is not an RFC 3339 timestamp. Use the form 2030-01-31T00:00:00Z`},
		{name: "api key retain_previous_minutes above a week", kind: "api_key",
			body:    fmt.Sprintf(`resource "zenmlpro_api_key" "x" { service_account_id = %q, name = "ci", expires_at = %q, retain_previous_minutes = 10081 }`, someUUID, future),
			summary: "Invalid Attribute Value", detail: `Attribute retain_previous_minutes value must be between 0 and 10080, got: 10081`},
		{name: "api key retain_previous_minutes negative", kind: "api_key",
			body:    fmt.Sprintf(`resource "zenmlpro_api_key" "x" { service_account_id = %q, name = "ci", retain_previous_minutes = -5 }`, someUUID),
			summary: "Invalid Attribute Value", detail: `Attribute retain_previous_minutes value must be between 0 and 10080, got: -5`},
		{name: "api key name with a slash", kind: "api_key",
			body:    fmt.Sprintf(`resource "zenmlpro_api_key" "x" { service_account_id = %q, name = "ci/main" }`, someUUID),
			summary: "Invalid name", detail: `"ci/main" is not a valid name`},
		{name: "api key service_account_id malformed", kind: "api_key",
			body:    `resource "zenmlpro_api_key" "x" { service_account_id = "ci-pipeline", name = "ci" }`,
			summary: "Invalid service_account_id", detail: `"ci-pipeline" is not a UUID.`},

		// ---- data sources ----
		{name: "data workspace with both id and name", kind: "data sources",
			body:    fmt.Sprintf(`data "zenmlpro_workspace" "x" { id = %q, name = "prod" }`, someUUID),
			summary: "Invalid Attribute Combination", detail: `Exactly one of these attributes must be configured: [id,name]`},
		{name: "data workspace with neither id nor name", kind: "data sources",
			body:    `data "zenmlpro_workspace" "x" {}`,
			summary: "Missing Attribute Configuration", detail: `Exactly one of these attributes must be configured: [id,name]`},
		{name: "data user with neither email nor username", kind: "data sources",
			body:    `data "zenmlpro_user" "x" {}`,
			summary: "Missing Attribute Configuration", detail: `Exactly one of these attributes must be configured: [email,username]`},
		{name: "data user malformed email", kind: "data sources",
			body:    `data "zenmlpro_user" "x" { email = "ann" }`,
			summary: "Invalid email", detail: `"ann" is not an email address. Use the form name@example.com.`},
		{name: "data team with id and organization_id", kind: "data sources",
			body:    fmt.Sprintf(`data "zenmlpro_team" "x" { id = %q, organization_id = %q }`, someUUID, someUUID),
			summary: "Invalid Attribute Combination", detail: `These attributes cannot be configured together: [id,organization_id]`},
		{name: "data organization with id and name", kind: "data sources",
			body:    fmt.Sprintf(`data "zenmlpro_organization" "x" { id = %q, name = "acme" }`, someUUID),
			summary: "Invalid Attribute Combination", detail: `These attributes cannot be configured together: [id,name]`},
		{name: "data role level global", kind: "data sources",
			body:    `data "zenmlpro_role" "x" { name = "Workspace Developer", level = "global" }`,
			summary: "Invalid Attribute Value Match", detail: `Attribute level value must be one of: ["organization" "workspace" "project"], got: "global"`},
		{name: "data service account with neither id nor name", kind: "data sources",
			body:    `data "zenmlpro_service_account" "x" {}`,
			summary: "Missing Attribute Configuration", detail: `Exactly one of these attributes must be configured: [id,username]`},
		{name: "data workspaces unknown status", kind: "data sources",
			body:    `data "zenmlpro_workspaces" "x" { status = "running" }`,
			summary: "Invalid Attribute Value Match", detail: `got: "running"`},
		{name: "data roles organization_id malformed", kind: "data sources",
			body:    `data "zenmlpro_roles" "x" { organization_id = "acme" }`,
			summary: "Invalid organization_id", detail: `"acme" is not a UUID.`},
	}
}

// oneLineBlock is a block written on one line, with its arguments separated by commas.
var oneLineBlock = regexp.MustCompile(`^((?:resource|data) "[a-z_]+" "[a-z_]+") \{ (.*) \}$`)

// multiline turns a one-line block with several arguments (which HCL does not allow) into the
// multi-line form; the catalogue is easier to read with one case a line.
func multiline(body string) string {
	m := oneLineBlock.FindStringSubmatch(body)
	if m == nil {
		return body
	}
	var args []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(m[2]); i++ {
		switch ch := m[2][i]; {
		case ch == '\\' && quoted:
			i++
		case ch == '"':
			quoted = !quoted
		case quoted:
		case ch == '[' || ch == '{':
			depth++
		case ch == ']' || ch == '}':
			depth--
		case ch == ',' && depth == 0:
			args = append(args, strings.TrimSpace(m[2][start:i]))
			start = i + 1
		}
	}
	args = append(args, strings.TrimSpace(m[2][start:]))
	return m[1] + " {\n  " + strings.Join(args, "\n  ") + "\n}\n"
}

// ssoBody is a valid SSO configuration with one more argument (or more, one a line).
func ssoBody(extra string) string { return ssoIssuerBody("https://login.example.com", extra) }

// ssoIssuerBody is ssoBody with another issuer.
func ssoIssuerBody(issuer, extra string) string {
	return fmt.Sprintf(`resource "zenmlpro_sso" "x" {
  issuer_url               = %q
  client_id                = "terraform"
  client_secret_wo         = "s3cret"
  client_secret_wo_version = 1
  %s
}`, issuer, extra)
}

// TestAccBadInput_catalogue plans every invalid configuration of the catalogue against one mock
// and requires, for each, the exact diagnostic summary and its detail at plan time (at apply for
// the atApply cases), and that none of them wrote anything to the API (a plan-time check may
// read, as a binding reads its role).
func TestAccBadInput_catalogue(t *testing.T) {
	env := acctest.New(t)
	roleIDs := map[string]string{}
	roles, err := env.Client.ListRoles(context.Background(), env.OrganizationID, "", "")
	if err != nil {
		t.Fatalf("listing the built-in roles: %v", err)
	}
	for _, r := range roles {
		roleIDs[r.Name] = r.ID
	}
	cases := badInputCases(roleIDs)

	perKind := map[string]int{}
	seen := map[string]bool{}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("two cases are named %q", c.name)
		}
		seen[c.name] = true
		perKind[c.kind]++
		config := env.Config(multiline(c.body))
		if c.provider != "" {
			config = badProviderConfig(env, c.provider)
		}
		steps = append(steps, resource.TestStep{
			Config:      config,
			PlanOnly:    !c.atApply,
			ExpectError: c.expect(),
			// The case's name, shown when the step fails ("step N" alone says nothing).
			PreConfig: func() { t.Logf("bad input: %s", c.name) },
		})
	}
	// A valid, empty configuration last, for the test's destroy.
	steps = append(steps, resource.TestStep{Config: env.Config("")})

	start := time.Now()
	// One TestCase of steps: about 0.12 s a case. A subtest per case (each its own TestCase, in
	// parallel) took six times as long on two cores.
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Factories(), Steps: steps})
	if t.Failed() {
		return
	}
	t.Logf("figures: %d bad-input cases planned in %.1fs; per type: %v", len(cases), time.Since(start).Seconds(), perKind)
	if len(cases) < 45 {
		t.Errorf("the catalogue has %d cases; it needs at least 45", len(cases))
	}
	if env.Mock != nil {
		if writes := env.Mock.Stats().Writes; writes != 0 {
			t.Errorf("invalid configurations reached the API: %d writes (%v)", writes, env.Mock.Stats().Requests)
		}
	}
}

// badProviderConfig is a provider block with one bad argument, and a data source that makes
// Terraform configure the provider.
func badProviderConfig(env *acctest.Env, arg string) string {
	if u, ok := strings.CutPrefix(arg, "api_url_override = "); ok {
		return fmt.Sprintf("provider \"zenmlpro\" {\n  api_url = %s\n  api_key = %q\n}\n\ndata \"zenmlpro_current_user\" \"me\" {}\n", u, env.APIKey)
	}
	return providerConfig(env, "  "+arg) + "\ndata \"zenmlpro_current_user\" \"me\" {}\n"
}
