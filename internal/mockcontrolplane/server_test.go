package mockcontrolplane

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestParseFaults(t *testing.T) {
	tests := []struct {
		spec    string
		want    Faults
		wantErr string
	}{
		{"", Faults{}, ""},
		{"error_rate=0.1,rate_limit=0.2,latency=20ms,consistency_lag=300ms,drop_response=0.05",
			Faults{ErrorRate: 0.1, RateLimit: 0.2, Latency: 20 * time.Millisecond, ConsistencyLag: 300 * time.Millisecond, DropResponse: 0.05}, ""},
		{" token_ttl=2s , seed=7 ,", Faults{TokenTTL: 2 * time.Second, Seed: 7}, ""},
		{"max_rps=50", Faults{MaxRPS: 50}, ""},
		{"max_rps=-1", Faults{}, "max_rps"},
		{"max_rps=1.5", Faults{}, "max_rps"},
		{"max_limit=20", Faults{MaxLimit: 20}, ""},
		{"max_limit=20,max_rps=3,seed=1", Faults{MaxLimit: 20, MaxRPS: 3, Seed: 1}, ""},
		{"max_limit=-1", Faults{}, "max_limit"},
		{"max_limit=ten", Faults{}, "max_limit"},
		{"error_rate=1.5", Faults{}, "error_rate"},
		{"error_rate=NaN", Faults{}, "error_rate"},
		{"rate_limit=-0.1", Faults{}, "rate_limit"},
		{"latency=fast", Faults{}, "latency"},
		{"consistency_lag=-1s", Faults{}, "consistency_lag"},
		{"seed=x", Faults{}, "seed"},
		{"chaos=1", Faults{}, `unknown key "chaos"`},
		{"latency", Faults{}, "key=value"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := ParseFaults(tt.spec)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
			if back, _ := ParseFaults(got.String()); back != got {
				t.Fatalf("String() does not round-trip: %q", got.String())
			}
		})
	}
}

func TestFaultInjection(t *testing.T) {
	s := newTestServer(t, Options{})
	c := admin(t, s)
	path := "/organizations/" + s.OrganizationID()

	s.SetFaults(Faults{RateLimit: 1})
	r := c.get(path).want(429)
	if r.header.Get("Retry-After") != "1" || r.stringDetail() == "" { // a fault answers a string detail, as a gateway would
		t.Fatalf("Retry-After = %q, body %s", r.header.Get("Retry-After"), r.body)
	}
	rawLogin(t, s, url.Values{"password": {s.APIKey()}}).want(429) // login is an API call too

	s.SetFaults(Faults{ErrorRate: 1})
	for range 10 {
		if r := c.get(path); r.status != 502 && r.status != 503 && r.status != 504 || r.stringDetail() == "" {
			t.Fatalf("error_rate=1 answered %d %s", r.status, r.body)
		}
	}
	c.do("POST", "/teams", obj{"organization_id": s.OrganizationID(), "name": "never"}).want(502, 503, 504)
	if n := len(s.Snapshot().Teams); n != 0 {
		t.Fatal("an injected error did the work")
	}

	s.SetFaults(Faults{DropResponse: 1})
	c.get(path).want(200) // GETs are never dropped
	r = c.do("POST", "/teams", obj{"organization_id": s.OrganizationID(), "name": "dropped"}).want(502)
	if r.stringDetail() != "injected fault: response dropped" || len(s.Snapshot().Teams) != 1 {
		t.Fatalf("drop_response: %s, teams %d", r.body, len(s.Snapshot().Teams))
	}

	s.SetFaults(Faults{Latency: 30 * time.Millisecond})
	start := time.Now()
	c.get(path).want(200)
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Fatalf("latency not applied: %v", d)
	}

	// The mock endpoints never see faults.
	s.SetFaults(Faults{ErrorRate: 1, RateLimit: 1})
	serve(t, s, httpRequest("GET", "/_mock/stats", "")).want(200)

	s.SetFaults(Faults{})
	stats := s.Stats()
	if stats.Faults["rate_limit"] != 2 || stats.Faults["error"] != 11 || stats.Faults["drop_response"] != 1 || stats.Faults["lag"] != 0 {
		t.Fatalf("fault counters %v", stats.Faults)
	}
}

func TestConsistencyLag(t *testing.T) {
	s := newTestServer(t, Options{Faults: Faults{ConsistencyLag: time.Minute}})
	c := admin(t, s)
	id := c.do("POST", "/teams", obj{"organization_id": s.OrganizationID(), "name": "fresh"}).want(200).id()
	c.get("/teams/" + id).want(404)
	if l := c.get("/organizations/" + s.OrganizationID() + "/teams").want(200).list(); len(l) != 1 {
		t.Fatal("lists are not subject to the lag")
	}
	c.do("PATCH", "/teams/"+id, obj{"description": "x"}).want(200) // only GETs lag
	s.AdvanceClock(time.Minute)
	c.get("/teams/" + id).want(200)
	if n := s.Stats().Faults["lag"]; n != 1 {
		t.Fatalf("lag counter %d", n)
	}
}

func TestSeededFaultsAreDeterministic(t *testing.T) {
	run := func() []int {
		s := newTestServer(t, Options{})
		c := admin(t, s)
		s.SetFaults(Faults{ErrorRate: 0.3, RateLimit: 0.3, Seed: 42})
		var statuses []int
		for range 40 {
			statuses = append(statuses, c.get("/organizations").status)
		}
		return statuses
	}
	a, b := run(), run()
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("seeded runs differ:\n%v\n%v", a, b)
	}
	if !strings.Contains(fmt.Sprint(a), "200") || !strings.Contains(fmt.Sprint(a), "429") {
		t.Fatalf("a 30%% fault rate gave %v", a)
	}
}

func TestIdempotencyKeys(t *testing.T) {
	s := newTestServer(t, Options{})
	c := admin(t, s)
	body := obj{"organization_id": s.OrganizationID(), "name": "once"}

	// The first response is lost; the retry with the same key gets the stored answer.
	s.SetFaults(Faults{DropResponse: 1})
	c.do("POST", "/teams", body, "Idempotency-Key", "k1").want(502)
	s.SetFaults(Faults{})
	r := c.do("POST", "/teams", body, "Idempotency-Key", "k1").want(200)
	if r.header.Get("Idempotent-Replayed") != "true" || len(s.Snapshot().Teams) != 1 {
		t.Fatalf("replay: %v, %d teams", r.header, len(s.Snapshot().Teams))
	}
	first := r.id()
	if again := c.do("POST", "/teams", body, "Idempotency-Key", "k1").want(200).id(); again != first {
		t.Fatal("replays differ")
	}
	// A 4xx is remembered too.
	c.do("POST", "/teams", body, "Idempotency-Key", "k2").want(409)
	c.do("POST", "/teams", body, "Idempotency-Key", "k2").want(409)
	// The same key on another path or method is a 422.
	c.do("POST", "/roles", obj{}, "Idempotency-Key", "k1").want(422)
	c.do("POST", "/teams?x=1", body, "Idempotency-Key", "k1").want(422)
	c.do("POST", "/teams", body, "Idempotency-Key", strings.Repeat("k", 256)).want(422)
	// Keys are per caller: another caller's same key runs.
	_, otherKey, _ := s.AddOrganization("other")
	other := loginAs(t, s, otherKey)
	other.do("POST", "/teams", body, "Idempotency-Key", "k1").want(404)
	// After Reset, keys are forgotten.
	s.Reset()
	c.do("POST", "/teams", body, "Idempotency-Key", "k1").want(200)
	if r := c.do("POST", "/teams", body, "Idempotency-Key", "k1").want(200); r.header.Get("Idempotent-Replayed") != "true" {
		t.Fatal("no replay after reset")
	}
}

func TestIdempotencyCacheIsBounded(t *testing.T) {
	ic := newIdempotencyCache(3)
	s := &Server{idem: ic}
	c := &call{s: s, r: httptest.NewRequest("POST", "/x", nil), who: principal{kind: "service_account", id: "a"}}
	runs := 0
	h := func(*call) reply { runs++; return jsonReply(201, runs) }
	for _, k := range []string{"1", "2", "3", "4", "1"} {
		s.idempotent(c, k, h)
	}
	if runs != 5 || len(ic.entries) != 3 {
		t.Fatalf("runs %d, entries %d: the oldest key must be forgotten", runs, len(ic.entries))
	}
}

func TestPaging(t *testing.T) {
	s := newTestServer(t, Options{})
	c := admin(t, s)
	var want []string
	for i := range 45 {
		want = append(want, c.do("POST", "/teams", obj{"organization_id": s.OrganizationID(), "name": fmt.Sprintf("team-%02d", i)}).want(200).id())
	}
	base := "/organizations/" + s.OrganizationID() + "/teams"
	if l := c.get(base).want(200).list(); len(l) != 20 {
		t.Fatalf("default limit: %d", len(l))
	}
	var got []string
	for offset := 0; ; offset += 7 {
		page := c.get(fmt.Sprintf("%s?offset=%d&limit=7", base, offset)).want(200).list()
		for _, p := range page {
			got = append(got, p["id"].(string))
		}
		if len(page) < 7 {
			break
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatal("paging does not return every team once, in created order")
	}
	if r := c.get(base + "?offset=1000"); string(r.want(200).body) != "[]" {
		t.Fatalf("past the end: %s", r.body)
	}
	for _, q := range []string{"limit=0", "limit=1001", "limit=x", "offset=-1", "offset=x", "limit="} {
		c.get(base + "?" + q).want(422)
	}
	c.get(base + "?limit=1000").want(200)
}

func TestStats(t *testing.T) {
	s := newTestServer(t, Options{})
	c := admin(t, s)
	id := c.do("POST", "/teams", obj{"organization_id": s.OrganizationID(), "name": "t"}).want(200).id()
	c.get("/teams/" + id).want(200)
	c.get("/teams/" + id).want(200)
	c.get("/teams/" + newID()).want(404)
	c.do("DELETE", "/teams/"+id, nil).want(200)
	serve(t, s, httpRequest("GET", "/_mock/state", "")).want(200)
	st := s.Stats()
	if st.Total != 6 || st.Writes != 2 {
		t.Fatalf("total %d writes %d, want 6 and 2 (login is no write, /_mock/ is not counted)", st.Total, st.Writes)
	}
	if st.Requests["GET /teams/{id}"]["200"] != 2 || st.Requests["GET /teams/{id}"]["404"] != 1 ||
		st.Requests["POST /auth/login"]["200"] != 1 || st.Requests["DELETE /teams/{id}"]["200"] != 1 {
		t.Fatalf("requests %v", st.Requests)
	}
	var viaHTTP Stats
	if err := json.Unmarshal(serve(t, s, httpRequest("GET", "/_mock/stats", "")).want(200).body, &viaHTTP); err != nil || viaHTTP.Total != 6 {
		t.Fatalf("GET /_mock/stats: %+v %v", viaHTTP, err)
	}
	serve(t, s, httpRequest("DELETE", "/_mock/stats", "")).want(204)
	if st := s.Stats(); st.Total != 0 || len(st.Requests) != 0 || st.Faults["error"] != 0 {
		t.Fatalf("after reset %+v", st)
	}
}

// TestUnknownRoutesAnswerLikeFastAPI: a path the API does not have answers FastAPI's
// 404 {"detail": "Not Found"}, another method on a known path 405 {"detail": "Method Not Allowed"}
// with the Allow header: what a control plane that does not serve a call answers.
func TestUnknownRoutesAnswerLikeFastAPI(t *testing.T) {
	s := newTestServer(t, Options{})
	c := admin(t, s)
	for _, path := range []string{"/nowhere", "/teams/" + newID() + "/nothing", "/service_accounts"} {
		if r := c.get(path).want(404); string(r.body) != `{"detail":"Not Found"}` {
			t.Fatalf("GET %s: %s", path, r.body)
		}
	}
	team := "/teams/" + newID()
	r := c.do("PUT", team, obj{}).want(405)
	if string(r.body) != `{"detail":"Method Not Allowed"}` || !strings.Contains(r.header.Get("Allow"), "PATCH") {
		t.Fatalf("405: %s %v", r.body, r.header)
	}
	// Without a token too: the route is unknown before anyone is asked for credentials.
	serve(t, s, httpRequest("GET", "/nowhere", "")).want(404)
	// Each is counted, by method and path, so that a test sees what was called.
	st := s.Stats()
	if st.Total != 6 || st.Requests["GET <unknown> /nowhere"]["404"] != 2 || st.Requests["PUT <unknown> "+team]["405"] != 1 {
		t.Fatalf("unknown routes are counted under <unknown>: %v", st.Requests)
	}
	serve(t, s, httpRequest("GET", "/_mock/nowhere", "")).want(404)
	if s.Stats().Total != 6 {
		t.Fatal("a /_mock/ request is never counted")
	}
}

// TestUnknownRoutesCountedBounded: random paths do not grow the counters without end; past the
// bound they share one entry, and every request is still counted.
func TestUnknownRoutesCountedBounded(t *testing.T) {
	s := newTestServer(t, Options{})
	for i := range maxUnknownRoutes + 50 {
		serve(t, s, httpRequest("GET", fmt.Sprintf("/random/%d", i), "")).want(404)
	}
	serve(t, s, httpRequest("GET", "/random/0", "")).want(404)
	st := s.Stats()
	if st.Total != maxUnknownRoutes+51 || len(st.Requests) != maxUnknownRoutes+1 ||
		st.Requests["GET <unknown> (other paths)"]["404"] != 50 || st.Requests["GET <unknown> /random/0"]["404"] != 2 {
		t.Fatalf("total %d, %d keys, other %v", st.Total, len(st.Requests), st.Requests["GET <unknown> (other paths)"])
	}
	s.ResetStats()
	serve(t, s, httpRequest("GET", "/random/999", "")).want(404)
	if s.Stats().Requests["GET <unknown> /random/999"]["404"] != 1 {
		t.Fatal("ResetStats frees the bound")
	}
}

// TestErrorForms: errors answer ZenML's pair {"detail": ["<Class>", "<message>"]}, the class by
// status; a KeyError's message is in single quotes.
func TestErrorForms(t *testing.T) {
	f := newFixture(t)
	c := f.c
	viewer := f.scopedClient(t, "viewer", "Organization Viewer")
	tests := []struct {
		name          string
		r             *result
		status        int
		class, prefix string
	}{
		{"422", c.do("POST", "/teams", obj{"organization_id": f.org}), 422, "ValueError", "name is required"},
		{"422 query", c.get("/organizations/" + f.org + "/teams?limit=0"), 422, "ValueError", "query parameter limit"},
		{"401", serve(t, f.s, httpRequest("GET", "/organizations", "")), 401, "AuthorizationException", "missing bearer token"},
		{"401 login", rawLogin(t, f.s, url.Values{"password": {"wrong"}}), 401, "AuthorizationException", "invalid API key"},
		{"403", viewer.do("POST", "/teams", obj{"organization_id": f.org, "name": "x"}), 403, "IllegalOperationError", "this needs"},
		{"404", c.get("/teams/" + newID()), 404, "KeyError", "'team not found'"},
		{"404 malformed id", c.get("/teams/nope"), 404, "KeyError", "'team not found'"},
		{"409", c.do("POST", "/teams", obj{"organization_id": f.org, "name": "platform"}), 409, "EntityExistsError", "a team named"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.r.want(tt.status)
			class, msg := tt.r.errorPair()
			if class != tt.class || !strings.HasPrefix(msg, tt.prefix) {
				t.Fatalf("%q %q, want %q and a message starting %q", class, msg, tt.class, tt.prefix)
			}
		})
	}
	// Every status the mock answers has its class (429 and 5xx are faults: string details).
	for status, class := range map[int]string{400: "ValueError", 401: "AuthorizationException", 402: "UpgradeRequiredError",
		403: "IllegalOperationError", 404: "KeyError", 409: "EntityExistsError", 422: "ValueError", 429: "", 500: "", 502: ""} {
		if got := errorClass(status); got != class {
			t.Errorf("errorClass(%d) = %q, want %q", status, got, class)
		}
	}
	if b := string(fail(500, "boom").body); b != `{"detail":"boom"}` {
		t.Errorf("a 500 answers %s", b)
	}
}

// TestCreateAndDeleteAnswer200: creates answer 200 with the object, deletes 200 with null, as
// the public scripts expect.
func TestCreateAndDeleteAnswer200(t *testing.T) {
	f := newFixture(t)
	c := f.c
	saID := f.newServiceAccount(t, "bot", "Organization Viewer")
	keys := f.saPath(saID) + "/api_keys"
	inv := "/organizations/" + f.org + "/invitations"
	creates := []struct{ path, body, key string }{
		{"/organizations", `{"name":"made"}`, "id"},
		{"/workspaces", `{"name":"made","organization_id":"` + f.org + `","is_managed":true}`, "id"},
		{"/workspaces?enroll=true", `{"name":"made-hybrid","organization_id":"` + f.org + `"}`, "enrollment_key"},
		{"/teams", `{"organization_id":"` + f.org + `","name":"made"}`, "id"},
		{"/roles", `{"organization_id":"` + f.org + `","name":"made","level":"workspace"}`, "id"},
		{inv, `{"email":"made@example.com","role_id":"` + f.roleIDs["Organization Member"] + `"}`, "id"},
		{f.saPath(), `{"name":"made","username":"made","role_id":"` + f.roleIDs["Organization Member"] + `"}`, "id"},
		{keys, `{"name":"made"}`, "key"},
		{"/roles/" + f.roleIDs["Organization Viewer"] + "/assignments?team_id=" + f.teamID, ``, "role"},
		{"/teams/" + f.teamID + "/members?user_id=" + f.userID, ``, "user"},
	}
	ids := map[string]string{}
	for _, cr := range creates {
		m := c.do("POST", cr.path, cr.body).want(200).obj()
		if m[cr.key] == nil {
			t.Fatalf("POST %s answered %v, want the object (with %q)", cr.path, m, cr.key)
		}
		if id, ok := m["id"].(string); ok {
			ids[cr.path] = id
		}
	}
	for _, path := range []string{
		"/roles/" + f.roleIDs["Organization Viewer"] + "/assignments?team_id=" + f.teamID,
		"/teams/" + f.teamID + "/members?user_id=" + f.userID,
		keys + "/" + ids[keys], f.saPath(ids[f.saPath()]), inv + "/" + ids[inv], "/roles/" + ids["/roles"],
		"/teams/" + ids["/teams"], "/workspaces/" + ids["/workspaces"], "/workspaces/" + ids["/workspaces?enroll=true"],
		"/organizations/" + ids["/organizations"],
	} {
		c.do("DELETE", path, nil).want(200).null()
	}
	c.do("PUT", "/organizations/"+f.org+"/sso", obj{"issuer_url": "https://id.example.com", "client_id": "c", "client_secret": "s"}).want(200)
	c.do("DELETE", "/organizations/"+f.org+"/sso", nil).want(200).null()
}

// TestMaxLimitFault: under max_limit=N, a list asked with a limit above N answers 422 naming
// limit; N itself, a smaller limit and no limit are served.
func TestMaxLimitFault(t *testing.T) {
	s := newTestServer(t, Options{Faults: Faults{MaxLimit: 20}})
	c := admin(t, s)
	base := "/organizations/" + s.OrganizationID() + "/roles"
	r := c.get(base + "?limit=200").want(422)
	if class, msg := r.errorPair(); class != "ValueError" || !strings.Contains(msg, "limit") || !strings.Contains(msg, "20") {
		t.Fatalf("%q %q", class, msg)
	}
	c.get("/organizations?limit=21").want(422)
	if l := c.get(base + "?limit=20").want(200).list(); len(l) != 14 {
		t.Fatalf("limit=20 gave %d roles", len(l))
	}
	c.get(base + "?limit=5&offset=5").want(200)
	c.get(base).want(200)
	if n := s.Stats().Faults["max_limit"]; n != 2 {
		t.Fatalf("max_limit fault counter %d, want 2", n)
	}
	// Through /_mock/faults.
	serve(t, s, httpRequest("PUT", "/_mock/faults", `{"max_limit":0}`)).want(200)
	c.get(base + "?limit=200").want(200)
	got := serve(t, s, httpRequest("PUT", "/_mock/faults", `{"max_limit":50}`)).want(200).obj()
	if got["max_limit"] != 50.0 || s.Faults().MaxLimit != 50 {
		t.Fatalf("PUT /_mock/faults max_limit: %v", got)
	}
	c.get(base + "?limit=51").want(422)
	serve(t, s, httpRequest("PUT", "/_mock/faults", `{"max_limit":-1}`)).want(422)
	if f, _ := ParseFaults("max_limit=20"); f.String() != "max_limit=20" {
		t.Fatalf("String() = %q", f.String())
	}
}

func TestPersistenceRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	opts := Options{Organization: "persisted", APIKeys: []string{"ZENPROKEY_keep"}, Users: []string{"ann@example.com"}, StatePath: path}
	s := newTestServer(t, opts)
	f := &fixture{s: s, c: admin(t, s), org: s.OrganizationID()}
	c := f.c
	teamID := c.do("POST", "/teams", obj{"organization_id": f.org, "name": "kept"}).want(200).id()
	var viewer string
	for _, r := range c.get("/organizations/" + f.org + "/roles?name=Organization%20Viewer").want(200).list() {
		viewer = r["id"].(string)
	}
	saID := c.do("POST", "/organizations/"+f.org+"/service_accounts", obj{"name": "Bot", "username": "bot", "role_id": viewer}).want(200).id()
	botKey := c.do("POST", "/organizations/"+f.org+"/service_accounts/"+saID+"/api_keys", obj{"name": "k"}).want(200).obj()["key"].(string)
	inv := c.do("POST", "/organizations/"+f.org+"/invitations", obj{"email": "x@example.com", "role_ids": []string{viewer}}).want(200).id()
	hybrid := c.do("POST", "/workspaces?enroll=true", obj{"name": "hy", "organization_id": f.org}).want(200).obj()
	c.do("PUT", "/organizations/"+f.org+"/sso", obj{"issuer_url": "https://id.example.com", "client_id": "c", "client_secret": "topsecret"}).want(200)
	s.AdvanceClock(time.Hour)
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	for _, secret := range []string{"ZENPROKEY_keep", botKey, hybrid["enrollment_key"].(string), "topsecret"} {
		if strings.Contains(string(data), secret) {
			t.Fatalf("the state file holds a secret in clear: %s", secret)
		}
	}
	before := s.Snapshot()

	s2 := newTestServer(t, opts)
	after := s2.Snapshot()
	if s2.OrganizationID() != s.OrganizationID() || len(after.Teams) != 1 || after.Teams[0].ID != teamID ||
		len(after.APIKeys) != len(before.APIKeys) || len(after.Workspaces) != 1 || after.ClockOffset != before.ClockOffset {
		t.Fatalf("restored state differs:\nbefore %+v\nafter  %+v", before, after)
	}
	loginAs(t, s2, "ZENPROKEY_keep").get("/teams/" + teamID).want(200)
	if me := loginAs(t, s2, botKey).get("/users/me").want(200).obj(); me["username"] != "bot" || me["name"] != "Bot" {
		t.Fatalf("the service account after a restart %v", me)
	}
	if got := loginAs(t, s2, botKey).get("/organizations/" + f.org + "/invitations?email=x@example.com").want(200).list(); len(got) != 1 || got[0]["id"] != inv || got[0]["role"].(map[string]any)["id"] != viewer {
		t.Fatalf("the invitation after a restart %v", got)
	}
	rawLogin(t, s2, url.Values{"grant_type": {"client_credentials"}, "client_id": {hybrid["id"].(string)},
		"client_secret": {hybrid["enrollment_key"].(string)}}).want(200)
	if s2.SSOClientSecretSHA256(f.org) != sha256Hex("topsecret") {
		t.Fatal("the SSO secret hash is not restored")
	}
	// A restart with another key adds it; one without keys generates one that works.
	s3 := newTestServer(t, Options{Organization: "persisted", APIKeys: []string{"ZENPROKEY_new"}, StatePath: path})
	loginAs(t, s3, "ZENPROKEY_new")
	s4 := newTestServer(t, Options{Organization: "persisted", StatePath: path})
	loginAs(t, s4, s4.APIKey())

	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(opts); err == nil {
		t.Fatal("a damaged state file was accepted")
	}
}

func TestResetAndMockEndpoints(t *testing.T) {
	s := newTestServer(t, Options{Users: []string{"ann@example.com"}})
	c := admin(t, s)
	c.do("POST", "/teams", obj{"organization_id": s.OrganizationID(), "name": "t"}).want(200)

	org := serve(t, s, httpRequest("POST", "/_mock/organizations", `{"name":"extra"}`)).want(201).obj()
	key := org["api_key"].(string)
	loginAs(t, s, key).get("/organizations/" + org["organization"].(map[string]any)["id"].(string)).want(200)
	serve(t, s, httpRequest("POST", "/_mock/organizations", `{"name":"extra"}`)).want(409)
	serve(t, s, httpRequest("POST", "/_mock/organizations", `{"name":""}`)).want(422)

	u := serve(t, s, httpRequest("POST", "/_mock/users", `{"email":"bob@example.com","username":"bob"}`)).want(201).obj()
	if u["username"] != "bob" {
		t.Fatalf("user %v", u)
	}
	serve(t, s, httpRequest("POST", "/_mock/users", `{"email":"x"}`)).want(422)
	serve(t, s, httpRequest("POST", "/_mock/users", `{"email":"x@example.com","organization_id":"`+newID()+`"}`)).want(404)

	f := serve(t, s, httpRequest("PUT", "/_mock/faults", `{"error_rate":0.5,"latency":"10ms","seed":3}`)).want(200).obj()
	if f["latency"] != "10ms" || s.Faults().ErrorRate != 0.5 || s.Faults().Seed != 3 {
		t.Fatalf("faults %v", f)
	}
	serve(t, s, httpRequest("PUT", "/_mock/faults", `{"error_rate":2}`)).want(422)
	serve(t, s, httpRequest("PUT", "/_mock/faults", `{"latency":"soon"}`)).want(422)
	serve(t, s, httpRequest("PUT", "/_mock/faults", `{}`)).want(200)
	if got := serve(t, s, httpRequest("GET", "/_mock/faults", "")).want(200).obj(); got["error_rate"] != 0.0 {
		t.Fatalf("faults after PUT {} %v", got)
	}

	before := s.now()
	serve(t, s, httpRequest("POST", "/_mock/clock", `{"advance":"10m"}`)).want(200)
	if d := s.now().Sub(before); d < 10*time.Minute {
		t.Fatalf("clock moved by %v", d)
	}
	serve(t, s, httpRequest("POST", "/_mock/clock", `{"advance":"-1m"}`)).want(422)
	serve(t, s, httpRequest("POST", "/_mock/workspaces/"+newID()+"/connect", "")).want(404)
	serve(t, s, httpRequest("POST", "/_mock/workspaces/"+newID()+"/fail", `{"reason":"x"}`)).want(404)

	var state State
	if err := json.Unmarshal(serve(t, s, httpRequest("GET", "/_mock/state", "")).want(200).body, &state); err != nil {
		t.Fatal(err)
	}
	if len(state.Organizations) != 2 || len(state.Users) != 2 || len(state.Teams) != 1 {
		t.Fatalf("state %+v", state)
	}
	serve(t, s, httpRequest("POST", "/_mock/reset", "")).want(204)
	state = s.Snapshot()
	if len(state.Organizations) != 1 || len(state.Users) != 1 || len(state.Teams) != 0 || state.ClockOffset != "0s" {
		t.Fatalf("after reset %+v", state)
	}
	c.get("/organizations").want(200) // tokens of the seeded account keep working
	if s.APIKeyWorks(key) {
		t.Fatal("the key of an organization added after start survives a reset")
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	for name, opts := range map[string]Options{
		"organization name": {Organization: "/bad"},
		"empty key":         {APIKeys: []string{""}},
		"key with space":    {APIKeys: []string{"a b"}},
		"user email":        {Users: []string{"nope"}},
		"negative ttl":      {TokenTTL: -time.Second},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := New(opts); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	if _, err := New(Options{Without: []string{"sso", "teams"}}); err == nil || !strings.Contains(err.Error(), `"teams"`) ||
		!strings.Contains(err.Error(), strings.Join(RouteGroups(), ", ")) {
		t.Fatalf("an unknown route group: %v, want an error naming it and listing the groups", err)
	}
	s := newTestServer(t, Options{})
	if !strings.HasPrefix(s.APIKey(), "ZENPROKEY_") || !s.APIKeyWorks(s.APIKey()) || s.APIKeyWorks("ZENPROKEY_other") {
		t.Fatalf("generated key %q", s.APIKey())
	}
	st := s.Snapshot()
	if st.Organizations[0].Name != "default" || strings.Contains(fmt.Sprint(st), s.APIKey()) {
		t.Fatal("seeded state wrong, or it holds the key in clear")
	}
}

// TestConcurrentClients runs 200 clients over real HTTP with latency injected: the latency sleep
// must not hold the lock, so the whole run takes about one latency per round, not 200. Were the
// calls serialized, 400 calls of 200ms would take at least 80s; the bound leaves room for a slow,
// busy CI machine running with -race.
func TestConcurrentClients(t *testing.T) {
	s := newTestServer(t, Options{})
	srv := httptest.NewServer(s)
	defer srv.Close()
	token := admin(t, s).token
	const latency = 200 * time.Millisecond
	s.SetFaults(Faults{Latency: latency})
	transport := &http.Transport{MaxIdleConnsPerHost: 200, MaxConnsPerHost: 0}
	defer transport.CloseIdleConnections()
	hc := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	const clients = 200
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"organization_id":%q,"name":"team-%d"}`, s.OrganizationID(), i)
			for _, req := range []*http.Request{
				mustRequest("POST", srv.URL+"/teams", body, token),
				mustRequest("GET", srv.URL+"/organizations/"+s.OrganizationID()+"/teams?limit=5", "", token),
			} {
				resp, err := hc.Do(req)
				if err != nil {
					errs <- err
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode >= 300 {
					errs <- fmt.Errorf("%s %s: %d", req.Method, req.URL.Path, resp.StatusCode)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := len(s.Snapshot().Teams); n != clients {
		t.Fatalf("%d teams, want %d", n, clients)
	}
	if d, serialized := time.Since(start), 2*clients*latency; d > serialized/4 {
		t.Fatalf("200 clients with %v latency took %v (serialized: %v): calls block each other", latency, d, serialized)
	}
}

func mustRequest(method, url, body, token string) *http.Request {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	return req
}

func TestStateJSONHasNoNullLists(t *testing.T) {
	s := newTestServer(t, Options{})
	body := string(serve(t, s, httpRequest("GET", "/_mock/state", "")).want(200).body)
	if strings.Contains(body, "null") {
		t.Fatalf("state JSON holds null: %s", body)
	}
}

// TestMaxRPS: a real rate limit answers 429 beyond max_rps calls a second and lets a paced client
// through.
func TestMaxRPS(t *testing.T) {
	s := newTestServer(t, Options{})
	c := admin(t, s)
	path := "/organizations/" + s.OrganizationID()
	s.SetFaults(Faults{MaxRPS: 5})
	limited := 0
	for range 12 { // a burst: at most 5 pass in the window (a window may roll over once)
		if c.get(path).status == 429 {
			limited++
		}
	}
	if limited < 2 {
		t.Fatalf("a burst of 12 calls at max_rps=5: %d answered 429, want most beyond 5", limited)
	}
	time.Sleep(1100 * time.Millisecond)
	for range 4 { // a paced client stays under the limit
		c.get(path).want(200)
		time.Sleep(260 * time.Millisecond)
	}
}

// TestStateVersion1IsMigrated loads testdata/state-v1.json, written by the mock before service
// accounts became users (assignments with subject type service_account, service accounts
// without username, invitations with one role_id): everything keeps working, as version 2.
func TestStateVersion1IsMigrated(t *testing.T) {
	data, err := os.ReadFile("testdata/state-v1.json")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"version": 1`) || !strings.Contains(string(data), `"subject_type": "service_account"`) {
		t.Fatal("the fixture is not a version-1 state with service-account assignments")
	}
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	opts := Options{Organization: "legacy", APIKeys: []string{"ZENPROKEY_legacy"}, StatePath: path}
	s := newTestServer(t, opts)
	// Before any login here: a service account's last_login is its keys' latest one.
	keyLogins := map[string]string{}
	for _, k := range s.Snapshot().APIKeys {
		if k.LastLogin != nil {
			keyLogins[k.ServiceAccountID] = ts(*k.LastLogin)
		}
	}
	if len(keyLogins) == 0 {
		t.Fatal("the fixture has no key that ever logged in")
	}
	for _, sa := range s.Snapshot().ServiceAccounts {
		if got := tsPtr(sa.LastLogin); keyLogins[sa.ID] != "" && (got == nil || *got != keyLogins[sa.ID]) {
			t.Fatalf("service account %s: last_login %v, want its key's %s", sa.Username, got, keyLogins[sa.ID])
		}
	}
	c := admin(t, s) // the seeded admin's Organization Admin assignment was a service_account one
	org := s.OrganizationID()
	c.get("/organizations/" + org).want(200)
	c.do("POST", "/teams", obj{"organization_id": org, "name": "after-migration"}).want(200)

	state := s.Snapshot()
	if state.Version != stateVersion {
		t.Fatalf("version %d", state.Version)
	}
	for _, a := range state.Assignments {
		if a.SubjectType == legacySubjectServiceAccount {
			t.Fatalf("an assignment kept subject type service_account: %+v", a)
		}
	}
	bots := c.get("/organizations/" + org + "/service_accounts?username=ci-bot").want(200).list()
	if len(bots) != 1 || bots[0]["name"] != "ci-bot" || bots[0]["api_key_count"] != 1.0 {
		t.Fatalf("the migrated service account %v", bots)
	}
	botID := bots[0]["id"].(string)
	held := 0
	for _, r := range c.get("/organizations/" + org + "/roles?limit=100").want(200).list() {
		for _, a := range c.get("/roles/" + r["id"].(string) + "/assignments").want(200).list() {
			if u, _ := a["user"].(map[string]any); u != nil && u["id"] == botID {
				if u["username"] != "ci-bot" || u["email"] != "ci-bot" {
					t.Fatalf("assignment subject %v", u)
				}
				held++
			}
		}
	}
	if held != 2 { // Organization Viewer, and Workspace Developer in legacy-ws
		t.Fatalf("the migrated service account holds %d roles, want 2", held)
	}
	invs := c.get("/organizations/" + org + "/invitations?email=bob@example.com").want(200).list()
	if len(invs) != 1 || invs[0]["role"].(map[string]any)["name"] != "Organization Manager" || len(invs[0]["roles"].([]any)) != 1 {
		t.Fatalf("the migrated invitation %v", invs)
	}
	members := memberSummary(t, c.get("/organizations/"+org+"/members").want(200).list())
	if members[botID] != "service_account:Organization Viewer" {
		t.Fatalf("members %v", members)
	}

	// Saved again, it is a version-2 file that loads as such.
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	var saved State
	if raw, err := os.ReadFile(path); err != nil || json.Unmarshal(raw, &saved) != nil {
		t.Fatalf("the saved state: %v", err)
	}
	if saved.Version != 2 || len(saved.Invitations) != 1 || saved.Invitations[0].LegacyRoleID != "" || len(saved.Invitations[0].RoleIDs) != 1 {
		t.Fatalf("the saved state is not version 2: %+v", saved)
	}
	admin(t, newTestServer(t, opts)).get("/organizations/" + org).want(200)

	if err := os.WriteFile(path, []byte(`{"version": 99}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(opts); err == nil || !strings.Contains(err.Error(), "version 99") {
		t.Fatalf("a state of an unknown version: %v", err)
	}
}
