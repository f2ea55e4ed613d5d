package contracttest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// zenmlServer replays what a ZenML 0.98 workspace server in Pro hybrid mode sends to its control
// plane, request by request, as its public source writes them (repository zenml-io/zenml:
// src/zenml/zen_server/cloud_utils.py, auth.py, rbac/zenml_cloud_rbac.py, rbac/models.py,
// feature_gate/zenml_cloud_feature_gate.py). It builds raw HTTP requests, never through our client,
// so that the mock is held to the server's wire format rather than to our own reading of it.
type zenmlServer struct {
	t                                            *testing.T
	apiURL, workspaceID, organizationID, version string
	serverURL                                    string
	token                                        string // from the last login
}

// answer is one response on the wire.
type answer struct {
	status int
	body   []byte
}

func (a answer) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("answer %d %s: %v", a.status, a.body, err)
	}
}

// pyQuery encodes parameters in the order given, as requests does with a dict (urllib's
// quote_plus, repeated keys for a list).
func pyQuery(pairs ...string) string {
	parts := make([]string, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		parts = append(parts, url.QueryEscape(pairs[i])+"="+url.QueryEscape(pairs[i+1]))
	}
	return strings.Join(parts, "&")
}

// pyString is a JSON string as Python's json.dumps writes it (the same for the ASCII ids here).
func pyString(s string) string { return strconv.Quote(s) }

// send puts one request on the wire with python-requests' own default headers, and logs it
// with its answer (tokens and keys masked).
func (z *zenmlServer) send(method, path, query string, header http.Header, body string) answer {
	z.t.Helper()
	target := z.apiURL + path
	if query != "" {
		target += "?" + query
	}
	var rd io.Reader = http.NoBody
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, target, rd)
	if err != nil {
		z.t.Fatal(err)
	}
	req.Header = header
	req.Header.Set("User-Agent", "python-requests/2.32.3")
	req.Header.Set("Accept-Encoding", "gzip, deflate")
	req.Header.Set("Accept", "*/*")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		z.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	logged := maskSecrets.ReplaceAllString(string(raw), `"$1":"***"`)
	if len(logged) > 800 {
		logged = logged[:800] + "..."
	}
	shown := path
	if query != "" {
		shown += "?" + query
	}
	z.t.Logf("%s %s\n    -> %d %s", method, shown, resp.StatusCode, logged)
	return answer{status: resp.StatusCode, body: raw}
}

var maskSecrets = regexp.MustCompile(`"(access_token|enrollment_key)":"[^"]*"`)

// headers are get_zenml_headers(): every call of the server's session carries them.
func (z *zenmlServer) headers() http.Header {
	h := http.Header{}
	h.Set("zenml-server-id", z.workspaceID)
	h.Set("zenml-server-version", z.version)
	if z.serverURL != "" {
		h.Set("zenml-server-url", z.serverURL)
	}
	return h
}

// login is _fetch_auth_token: a form post (client_id, client_secret, audience, grant_type, in
// that order) with the zenml headers; the server keeps access_token when expires_in is an int.
func (z *zenmlServer) login(enrollmentKey string) answer {
	z.t.Helper()
	h := z.headers()
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	a := z.send(http.MethodPost, "/auth/login", "", h,
		pyQuery("client_id", z.workspaceID, "client_secret", enrollmentKey, "audience", z.apiURL, "grant_type", "client_credentials"))
	if a.status == http.StatusOK {
		var tok struct {
			AccessToken string          `json:"access_token"`
			ExpiresIn   json.RawMessage `json:"expires_in"`
		}
		a.decode(z.t, &tok)
		if _, err := strconv.Atoi(string(tok.ExpiresIn)); err != nil || tok.AccessToken == "" {
			z.t.Fatalf("login answer %s: a ZenML server needs a string access_token and an int expires_in", a.body)
		}
		z.token = tok.AccessToken
	}
	return a
}

// call is ZenMLCloudConnection.request: the session's headers and bearer token, params as a
// query, data as JSON (json=data; none when data is None).
func (z *zenmlServer) call(method, path, query, jsonBody string) answer {
	z.t.Helper()
	h := z.headers()
	h.Set("Authorization", "Bearer "+z.token)
	if jsonBody != "" {
		h.Set("Content-Type", "application/json")
	}
	return z.send(method, path, query, h, jsonBody)
}

// authorizeUser is authenticate_external_user: a plain GET with the user's token only (no
// session, no zenml headers) and params=urlencode({"server_id": ...}).
func (z *zenmlServer) authorizeUser(userToken string) answer {
	z.t.Helper()
	h := http.Header{}
	h.Set("Authorization", "Bearer "+userToken)
	return z.send(http.MethodGet, "/users/authorize_server", pyQuery("server_id", z.workspaceID), h, "")
}

func (z *zenmlServer) checkPermissions(userID, action string, resources ...string) map[string]bool {
	z.t.Helper()
	quoted := make([]string, len(resources))
	for i, r := range resources {
		quoted[i] = pyString(r)
	}
	a := z.call(http.MethodPost, "/rbac/check_permissions", pyQuery("user_id", userID, "action", action), "["+strings.Join(quoted, ", ")+"]")
	want(z.t, "check_permissions", a, http.StatusOK)
	var out map[string]bool
	a.decode(z.t, &out)
	asked := slices.Clone(resources)
	slices.Sort(asked)
	var got []string
	for k := range out {
		got = append(got, k)
	}
	slices.Sort(got)
	if !slices.Equal(got, slices.Compact(asked)) {
		z.t.Fatalf("check_permissions answered %v for %v: a ZenML server parses every key as a resource it asked", got, resources)
	}
	return out
}

func (z *zenmlServer) allowedResourceIDs(userID, resource, action string) (bool, []string) {
	z.t.Helper()
	a := z.call(http.MethodGet, "/rbac/allowed_resource_ids", pyQuery("user_id", userID, "resource", resource, "action", action), "")
	want(z.t, "allowed_resource_ids", a, http.StatusOK)
	var out struct {
		FullAccess *bool     `json:"full_access"`
		IDs        *[]string `json:"ids"`
	}
	a.decode(z.t, &out)
	if out.FullAccess == nil || out.IDs == nil {
		z.t.Fatalf("allowed_resource_ids answered %s: a ZenML server reads full_access and ids", a.body)
	}
	return *out.FullAccess, *out.IDs
}

func want(t *testing.T, call string, a answer, status int) {
	t.Helper()
	if a.status != status {
		t.Fatalf("%s: %d %s, want %d", call, a.status, a.body, status)
	}
}

const replayAddr = "zenmlpro_workspace.hybrid"

func replayConfig(env *acctest.Env, name string, keyVersion int) string {
	return env.Config(fmt.Sprintf(`
data "zenmlpro_user" "ann" {
  email = "ann@example.com"
}

data "zenmlpro_user" "cy" {
  email = "cy@example.com"
}

data "zenmlpro_role" "workspace_admin" {
  name  = "Workspace Admin"
  level = "workspace"
}

data "zenmlpro_role" "workspace_viewer" {
  name  = "Workspace Viewer"
  level = "workspace"
}

resource "zenmlpro_workspace" "hybrid" {
  name                   = %q
  enrollment_key_version = %d
  deletion_protection    = false
}

resource "zenmlpro_team" "ml" {
  name = "ml"
}

resource "zenmlpro_team_members" "ml" {
  team_id  = zenmlpro_team.ml.id
  user_ids = [data.zenmlpro_user.cy.id]
}

# ann holds a workspace role directly, cy through the team; bob (seeded) holds none here.
resource "zenmlpro_role_binding" "ann_admin" {
  role_id      = data.zenmlpro_role.workspace_admin.id
  user_id      = data.zenmlpro_user.ann.id
  workspace_id = zenmlpro_workspace.hybrid.id
}

resource "zenmlpro_role_binding" "ml_viewer" {
  role_id      = data.zenmlpro_role.workspace_viewer.id
  team_id      = zenmlpro_team.ml.id
  workspace_id = zenmlpro_workspace.hybrid.id
}
`, name, keyVersion))
}

// TestAccZenMLServerReplay: for a hybrid workspace the provider created through Terraform, a
// ZenML 0.98 server's calls, replayed as the server sends them, get the answers the server needs:
// it enrolls (login, status without a body: the workspace is available with the reported URL and
// version), authorizes a user with a workspace role, one reaching it through a team, refuses one
// with no role there and an unknown server, and answers the five RBAC calls from the role
// assignments. After Terraform rotates the enrollment key, the old key is refused and the new one
// enrolls. Run alone with -v, it prints every call and answer.
func TestAccZenMLServerReplay(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	ctx := context.Background()
	name := acctest.RandomName("tf-acc-replay")
	var firstKey string

	userID := func(s *terraform.State, email string) string {
		return s.RootModule().Resources["data.zenmlpro_user."+strings.SplitN(email, "@", 2)[0]].Primary.ID
	}
	server := func(s *terraform.State, version string) *zenmlServer {
		id, _ := acctest.ResourceID(s, replayAddr)
		return &zenmlServer{t: t, apiURL: env.URL, workspaceID: id, organizationID: env.OrganizationID, version: version,
			serverURL: "https://" + name + ".zenml.example.com"}
	}
	workspace := func(id string) *client.Workspace {
		w, err := env.Client.GetWorkspace(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	enrolled := func(z *zenmlServer) {
		w := workspace(z.workspaceID)
		if w.Status != client.WorkspaceStatusAvailable || w.ZenMLService.Status == nil ||
			w.ZenMLService.Status.ServerURL != z.serverURL || w.ZenMLService.Status.Version != z.version {
			t.Fatalf("after the status report the workspace is %s with %+v, want available at %s, version %s",
				w.Status, w.ZenMLService.Status, z.serverURL, z.version)
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{
			{
				Config: replayConfig(env, name, 1),
				Check: func(s *terraform.State) error {
					z := server(s, "0.98.0")
					firstKey, _ = acctest.Attribute(s, replayAddr, "enrollment_key")
					if w := workspace(z.workspaceID); w.Status != client.WorkspaceStatusNotInitialized {
						return fmt.Errorf("before the server starts the workspace is %s", w.Status)
					}

					// Startup: login, then PATCH /workspace_status with no body (send_pro_workspace_status_update).
					want(t, "login", z.login(firstKey), http.StatusOK)
					want(t, "workspace_status", z.call(http.MethodPatch, "/workspace_status", "", ""), http.StatusOK)
					enrolled(z)

					// authorize_server, with each user's token.
					ann, bob, cy := userID(s, "ann@example.com"), "", userID(s, "cy@example.com")
					users, err := env.Client.FindUsersByEmail(ctx, "bob@example.com")
					if err != nil {
						return fmt.Errorf("finding bob: %w", err)
					}
					if len(users) != 1 {
						return fmt.Errorf("finding bob: %v", users)
					}
					bob = users[0].ID
					token := func(id string) string {
						tok, err := env.Mock.UserToken(id)
						if err != nil {
							t.Fatal(err)
						}
						return tok
					}
					for _, u := range []struct {
						id, email string
						admin     bool
					}{{ann, "ann@example.com", true}, {cy, "cy@example.com", false}} {
						a := z.authorizeUser(token(u.id))
						want(t, "authorize_server", a, http.StatusOK)
						var got struct {
							ID, Email, Name *string
							IsAdmin         *bool `json:"is_admin"`
						}
						a.decode(t, &got)
						if got.ID == nil || *got.ID != u.id || got.Email == nil || *got.Email != u.email || got.IsAdmin == nil || *got.IsAdmin != u.admin {
							return fmt.Errorf("authorize_server for %s answered %s", u.email, a.body)
						}
					}
					want(t, "authorize_server for a user with no role there", z.authorizeUser(token(bob)), http.StatusForbidden)
					unknown := *z
					unknown.workspaceID = "5b0f3c1e-8d2a-4f7b-9c6d-2e1a0b9c8d7e"
					want(t, "authorize_server for an unknown server", unknown.authorizeUser(token(ann)), http.StatusNotFound)

					// The five RBAC calls, with the server's token.
					project := "6c1f4d2e-9e3b-4a8c-8d7e-3f2b1c0d9e8f"
					pipelineID := "7d2a5e3f-0f4c-4b9d-9e8f-4a3c2d1e0f9a"
					pipeline := project + ":pipeline/" + pipelineID
					if got := z.checkPermissions(cy, "read", "stack", project+":pipeline", pipeline); !got["stack"] || !got[project+":pipeline"] || !got[pipeline] {
						return fmt.Errorf("a Workspace Viewer (through a team) reads: %v", got)
					}
					if got := z.checkPermissions(cy, "update", pipeline); got[pipeline] {
						return fmt.Errorf("a Workspace Viewer updates: %v", got)
					}
					if got := z.checkPermissions(bob, "read", "stack"); got["stack"] {
						return fmt.Errorf("a user with no role there reads: %v", got)
					}
					if full, ids := z.allowedResourceIDs(cy, project+":pipeline", "update"); full || len(ids) != 0 {
						return fmt.Errorf("allowed_resource_ids before a share: %v %v", full, ids)
					}
					a := z.call(http.MethodGet, "/rbac/user_team_ids", pyQuery("user_id", cy), "")
					want(t, "user_team_ids", a, http.StatusOK)
					team, _ := acctest.ResourceID(s, "zenmlpro_team.ml")
					var teams []string
					a.decode(t, &teams)
					if !slices.Equal(teams, []string{team}) {
						return fmt.Errorf("user_team_ids %v, want [%s]", teams, team)
					}
					// update_resource_membership: ann (Workspace Admin) shares the pipeline with cy.
					want(t, "resource_members", z.call(http.MethodPost, "/rbac/resource_members", "",
						`{"user_id": `+pyString(cy)+`, "team_id": null, "sharing_user_id": `+pyString(ann)+
							`, "resource": `+pyString(pipeline)+`, "actions": ["update"]}`), http.StatusOK)
					if got := z.checkPermissions(cy, "update", pipeline); !got[pipeline] {
						return fmt.Errorf("the share is not honoured: %v", got)
					}
					if full, ids := z.allowedResourceIDs(cy, project+":pipeline", "update"); full || !slices.Equal(ids, []string{pipelineID}) {
						return fmt.Errorf("allowed_resource_ids after the share: %v %v", full, ids)
					}
					want(t, "delete_resources", z.call(http.MethodDelete, "/rbac/resources", pyQuery("resources", pipeline), ""), http.StatusOK)
					if got := z.checkPermissions(cy, "update", pipeline); got[pipeline] {
						return fmt.Errorf("a share outlives its resource: %v", got)
					}

					// Plan limits (feature gate): answered permissively.
					want(t, "entitlement", z.call(http.MethodGet, "/organizations/"+env.OrganizationID+"/entitlement/pipeline_runs", "", ""), http.StatusOK)
					want(t, "usage-event", z.call(http.MethodPost, "/usage-event", "",
						`{"organization_id": `+pyString(env.OrganizationID)+`, "feature": "pipeline_runs", "total": 1, "metadata": {"workspace_id": `+
							pyString(z.workspaceID)+`, "resource_id": `+pyString(pipelineID)+`}}`), http.StatusOK)

					// The server's token reaches nothing of the management API.
					want(t, "a server listing teams", z.call(http.MethodGet, "/organizations/"+env.OrganizationID+"/teams", "", ""), http.StatusForbidden)
					return nil
				},
			},
			{
				// Terraform rotates the key: the old one is refused, the new one enrolls.
				Config: replayConfig(env, name, 2),
				Check: func(s *terraform.State) error {
					z := server(s, "0.98.1")
					newKey, _ := acctest.Attribute(s, replayAddr, "enrollment_key")
					if newKey == "" || newKey == firstKey {
						return fmt.Errorf("the enrollment key was not rotated in state")
					}
					want(t, "login with the old key", z.login(firstKey), http.StatusUnauthorized)
					want(t, "login with the new key", z.login(newKey), http.StatusOK)
					want(t, "workspace_status", z.call(http.MethodPatch, "/workspace_status", "", ""), http.StatusOK)
					enrolled(z)
					return nil
				},
			},
		},
	})
}
