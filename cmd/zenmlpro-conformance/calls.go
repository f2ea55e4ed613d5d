package main

import (
	"crypto/rand"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// call is one line of the table: how to make the request from what earlier calls found, and what
// to learn from its answer for the calls after it.
type call struct {
	name   string // as printed: "GET /teams/{id}"
	mark   string
	answer shape
	// request builds the request; it fails only when something it cannot make up is unknown.
	request func(*facts) (request, error)
	// learn records, from a served answer, what later calls need.
	learn func(*facts, any)
	// extra checks what the shape cannot say (a filter that is ignored, say); each string is a
	// difference.
	extra func(*facts, request, any) []string
	// absentMeans is what an object's 404 means for a call that reads no id (SSO: "not
	// configured"), rather than "no object".
	absentMeans string
}

// request is one GET. found says that the object it reads was found by an earlier call, so that a
// 404 for it is a difference rather than the answer to a made-up id; madeUp that it reads an
// object by an id or email made up because none was found, so that an empty answer means "no
// object".
type request struct {
	path   string
	query  url.Values
	found  bool
	madeUp bool
}

// facts are what the calls learn for each other. Empty means not found: a made-up id is used.
type facts struct {
	orgID, orgName        string
	callerID, callerEmail string
	personID, personEmail string // a person among the members
	userID                string // a user found by email
	workspaceID           string
	invitationID          string
	invitationEmail       string
	teamID                string
	roleID, roleName      string
	serviceAccountID      string
	apiKeyID              string
}

// pageQuery is the query of a list: the first page, of the public client's size.
func pageQuery(extra ...string) url.Values {
	q := url.Values{"offset": {"0"}, "limit": {strconv.Itoa(client.PublicPageSize)}}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	return q
}

func esc(s string) string { return url.PathEscape(s) }

// idOr returns id when it is known (found), else a made-up UUID: a control plane that serves the
// route then answers an object's 404.
func idOr(id string) (string, bool) {
	if id != "" {
		return id, true
	}
	return randomUUID(), false
}

// madeUpEmail is an address no one has (the .invalid domain is reserved).
func madeUpEmail() string { return "conformance-" + randomUUID()[:8] + "@example.invalid" }

func randomUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func orgPath(f *facts, rest string) string { return "/organizations/" + esc(f.orgID) + rest }

// ---- requests ----

func listOrganizations(*facts) (request, error) {
	return request{path: "/organizations", query: pageQuery()}, nil
}

func getOrganization(f *facts) (request, error) {
	return request{path: orgPath(f, ""), found: true}, nil
}

func getOrganizationByName(f *facts) (request, error) {
	if f.orgName == "" {
		return request{}, fmt.Errorf("the organization's name is unknown: neither GET /organizations nor GET /organizations/{id} gave it")
	}
	return request{path: "/organizations/" + esc(f.orgName), found: true}, nil
}

func listMembers(f *facts) (request, error) {
	return request{path: orgPath(f, "/members"), query: pageQuery()}, nil
}

func currentUser(*facts) (request, error) { return request{path: "/users/me", found: true}, nil }

// usersByEmail asks for a person the members list showed, else for the caller (a service account,
// which GET /users may not list: an empty list is then no difference).
func usersByEmail(f *facts) (request, error) {
	if f.personEmail != "" {
		return request{path: "/users", query: pageQuery("email", f.personEmail), found: true}, nil
	}
	if f.callerEmail != "" {
		return request{path: "/users", query: pageQuery("email", f.callerEmail)}, nil
	}
	return request{path: "/users", query: pageQuery("email", madeUpEmail()), madeUp: true}, nil
}

func getUser(f *facts) (request, error) {
	id := f.userID
	if id == "" {
		id = f.personID
	}
	id, found := idOr(id)
	return request{path: "/users/" + esc(id), found: found, madeUp: !found}, nil
}

func listWorkspaces(managed string) func(*facts) (request, error) {
	return func(f *facts) (request, error) {
		return request{path: "/workspaces", query: pageQuery("organization_id", f.orgID, "is_managed", managed)}, nil
	}
}

func getWorkspace(f *facts) (request, error) {
	id, found := idOr(f.workspaceID)
	return request{path: "/workspaces/" + esc(id), found: found, madeUp: !found}, nil
}

func listInvitations(f *facts) (request, error) {
	return request{path: orgPath(f, "/invitations"), query: pageQuery()}, nil
}

// invitationsByEmail is how the provider reads an invitation (GET .../invitations/{id} is not
// public): the list for its email, in which it picks the id.
func invitationsByEmail(f *facts) (request, error) {
	if f.invitationEmail == "" {
		return request{path: orgPath(f, "/invitations"), query: pageQuery("email", madeUpEmail()), madeUp: true}, nil
	}
	return request{path: orgPath(f, "/invitations"), query: pageQuery("email", f.invitationEmail), found: true}, nil
}

func listTeams(f *facts) (request, error) {
	return request{path: orgPath(f, "/teams"), query: pageQuery()}, nil
}

func getTeam(f *facts) (request, error) {
	id, found := idOr(f.teamID)
	return request{path: "/teams/" + esc(id), found: found, madeUp: !found}, nil
}

func listTeamMembers(f *facts) (request, error) {
	id, found := idOr(f.teamID)
	return request{path: "/teams/" + esc(id) + "/members", query: pageQuery(), found: found, madeUp: !found}, nil
}

func listRoles(f *facts) (request, error) {
	return request{path: orgPath(f, "/roles"), query: pageQuery()}, nil
}

func getRole(f *facts) (request, error) {
	id, found := idOr(f.roleID)
	return request{path: "/roles/" + esc(id), found: found, madeUp: !found}, nil
}

func listPermissions(*facts) (request, error) {
	return request{path: "/permissions", query: pageQuery()}, nil
}

func listAssignments(f *facts) (request, error) {
	id, found := idOr(f.roleID)
	return request{path: "/roles/" + esc(id) + "/assignments", query: pageQuery(), found: found, madeUp: !found}, nil
}

func getSSO(f *facts) (request, error) { return request{path: orgPath(f, "/sso")}, nil }

func listServiceAccounts(f *facts) (request, error) {
	return request{path: orgPath(f, "/service_accounts"), query: pageQuery()}, nil
}

func getServiceAccount(f *facts) (request, error) {
	id, found := idOr(f.serviceAccountID)
	return request{path: orgPath(f, "/service_accounts/"+esc(id)), found: found, madeUp: !found}, nil
}

func listAPIKeys(f *facts) (request, error) {
	id, found := idOr(f.serviceAccountID)
	return request{path: orgPath(f, "/service_accounts/"+esc(id)+"/api_keys"), query: pageQuery(), found: found, madeUp: !found}, nil
}

func getAPIKey(f *facts) (request, error) {
	saID, saFound := idOr(f.serviceAccountID)
	keyID, keyFound := idOr(f.apiKeyID)
	return request{path: orgPath(f, "/service_accounts/"+esc(saID)+"/api_keys/"+esc(keyID)), found: saFound && keyFound, madeUp: !saFound || !keyFound}, nil
}

// ---- what the answers teach ----

func text(v any, key string) string {
	if m, ok := v.(map[string]any); ok {
		if s, ok := m[key].(string); ok {
			return s
		}
	}
	return ""
}

func entries(v any) []any {
	list, _ := v.([]any)
	return list
}

func learnOrganizationName(f *facts, v any) {
	for _, o := range append(entries(v), v) {
		if strings.EqualFold(text(o, "id"), f.orgID) && text(o, "name") != "" {
			f.orgName = text(o, "name")
		}
	}
}

func learnMember(f *facts, v any) {
	for _, m := range entries(v) {
		if text(m, "type") != "user" || f.personEmail != "" {
			continue
		}
		u := m.(map[string]any)["user"]
		if email := text(u, "email"); email != "" && text(u, "id") != "" {
			f.personID, f.personEmail = text(u, "id"), email
		}
	}
}

func learnCaller(f *facts, v any) {
	f.callerID, f.callerEmail = text(v, "id"), text(v, "email")
}

func learnUser(f *facts, v any) {
	for _, u := range entries(v) {
		if f.personEmail != "" && strings.EqualFold(text(u, "email"), f.personEmail) {
			f.userID = text(u, "id")
		}
	}
}

func learnWorkspace(f *facts, v any) {
	if list := entries(v); len(list) > 0 && f.workspaceID == "" {
		f.workspaceID = text(list[0], "id")
	}
}

func learnInvitation(f *facts, v any) {
	if list := entries(v); len(list) > 0 {
		f.invitationID, f.invitationEmail = text(list[0], "id"), text(list[0], "email")
	}
}

func learnTeam(f *facts, v any) {
	if list := entries(v); len(list) > 0 {
		f.teamID = text(list[0], "id")
	}
}

// learnRole picks Organization Admin when there is one (the caller likely holds it, so its
// assignment list is not empty), else the first role.
func learnRole(f *facts, v any) {
	for _, r := range entries(v) {
		if f.roleID == "" || text(r, "name") == "Organization Admin" && f.roleName != "Organization Admin" {
			f.roleID, f.roleName = text(r, "id"), text(r, "name")
		}
	}
}

// learnServiceAccount picks the caller when it is listed (it has an API key), else the first.
func learnServiceAccount(f *facts, v any) {
	for _, sa := range entries(v) {
		if f.serviceAccountID == "" || text(sa, "id") == f.callerID {
			f.serviceAccountID = text(sa, "id")
		}
	}
}

func learnAPIKey(f *facts, v any) {
	if list := entries(v); len(list) > 0 {
		f.apiKeyID = text(list[0], "id")
	}
}

// ---- what the shapes cannot say ----

func sameOrganization(f *facts, _ request, v any) []string {
	if id := text(v, "id"); id != "" && !strings.EqualFold(id, f.orgID) {
		return []string{"answers another organization than GET /organizations/{id}"}
	}
	return nil
}

func listsTheUser(f *facts, req request, v any) []string {
	if !req.found {
		return nil
	}
	for _, u := range entries(v) {
		if strings.EqualFold(text(u, "email"), f.personEmail) {
			return nil
		}
	}
	return []string{"does not list the member found by GET /organizations/{org}/members with that email"}
}

// onlyManaged holds a list asked for is_managed to that: a control plane that ignores the filter
// would show hybrid workspaces as managed, or the other way round.
func onlyManaged(managed bool) func(*facts, request, any) []string {
	return func(_ *facts, _ request, v any) []string {
		for _, w := range entries(v) {
			if got, ok := w.(map[string]any)["is_managed"].(bool); ok && got != managed {
				return []string{fmt.Sprintf("lists a workspace with is_managed=%t: the filter is ignored", got)}
			}
		}
		return nil
	}
}

func listsTheInvitation(f *facts, req request, v any) []string {
	if !req.found {
		return nil
	}
	for _, inv := range entries(v) {
		if strings.EqualFold(text(inv, "id"), f.invitationID) {
			return nil
		}
	}
	return []string{"does not list the invitation GET /organizations/{org}/invitations showed for that email"}
}
