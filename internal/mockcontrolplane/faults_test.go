package mockcontrolplane

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseFaultsServerErrorAndIdempotency(t *testing.T) {
	got, err := ParseFaults("server_error=0.05,ignore_idempotency=true,error_rate=0.15")
	if err != nil {
		t.Fatal(err)
	}
	if want := (Faults{ServerError: 0.05, IgnoreIdempotency: true, ErrorRate: 0.15}); got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if back, err := ParseFaults(got.String()); err != nil || back != got {
		t.Fatalf("String() %q does not round-trip: %+v, %v", got.String(), back, err)
	}
	if f, err := ParseFaults("ignore_idempotency=false"); err != nil || f.IgnoreIdempotency {
		t.Fatalf("ignore_idempotency=false: %+v, %v", f, err)
	}
	for spec, want := range map[string]string{
		"server_error=2":          "server_error",
		"server_error=x":          "server_error",
		"ignore_idempotency=yes!": "ignore_idempotency",
		"ignore_idempotency":      "key=value",
	} {
		if _, err := ParseFaults(spec); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want it to name %q", spec, err, want)
		}
	}
	if _, err := ParseFaults("chaos=1"); err == nil || !strings.Contains(err.Error(), "server_error") || !strings.Contains(err.Error(), "ignore_idempotency") {
		t.Errorf("the list of keys does not name the new ones: %v", err)
	}
}

func TestFaultsJSONCarriesServerErrorAndIdempotency(t *testing.T) {
	s := newTestServer(t, Options{})
	got := serve(t, s, httpRequest("PUT", "/_mock/faults", `{"server_error":0.25,"ignore_idempotency":true}`)).want(200).obj()
	if got["server_error"] != 0.25 || got["ignore_idempotency"] != true {
		t.Fatalf("PUT /_mock/faults answered %v", got)
	}
	if f := s.Faults(); f.ServerError != 0.25 || !f.IgnoreIdempotency {
		t.Fatalf("faults %+v", f)
	}
	serve(t, s, httpRequest("PUT", "/_mock/faults", `{"server_error":1.5}`)).want(422)
	// A PUT replaces every setting: leaving the switch out turns it off.
	serve(t, s, httpRequest("PUT", "/_mock/faults", `{}`)).want(200)
	if s.Faults().IgnoreIdempotency {
		t.Fatal("ignore_idempotency survived a PUT without it")
	}
}

// TestServerError: every call answers 500; about half of the writes are done before the answer.
func TestServerError(t *testing.T) {
	s := newTestServer(t, Options{})
	c := admin(t, s)
	s.SetFaults(Faults{ServerError: 1, Seed: 11})
	const posts = 40
	for i := range posts {
		r := c.do("POST", "/teams", obj{"organization_id": s.OrganizationID(), "name": "t" + strings.Repeat("x", i)}).want(500)
		if r.stringDetail() == "" || !strings.HasPrefix(r.stringDetail(), "injected fault: internal server error") {
			t.Fatalf("detail %q", r.stringDetail())
		}
	}
	c.get("/organizations").want(500) // reads too
	s.SetFaults(Faults{})
	done := len(s.Snapshot().Teams)
	if done < posts/4 || done > posts*3/4 {
		t.Fatalf("%d of %d failed creates were done: want about half", done, posts)
	}
	if n := s.Stats().Faults["server_error"]; n != posts+1 {
		t.Fatalf("server_error counter %d, want %d", n, posts+1)
	}
}

// TestIgnoreIdempotency: a retried POST whose first answer was lost does the work again, and the
// mock says it ignored the key.
func TestIgnoreIdempotency(t *testing.T) {
	s := newTestServer(t, Options{})
	c := admin(t, s)
	body := obj{"organization_id": s.OrganizationID(), "name": "twice"}
	s.SetFaults(Faults{DropResponse: 1, IgnoreIdempotency: true})
	c.do("POST", "/teams", body, "Idempotency-Key", "k1").want(502)
	s.SetFaults(Faults{IgnoreIdempotency: true})
	// The name is taken by the first, lost, create: the retry meets the uniqueness check
	// instead of the stored answer.
	r := c.do("POST", "/teams", body, "Idempotency-Key", "k1").want(409)
	if r.header.Get("Idempotent-Replayed") != "" {
		t.Fatal("the answer was replayed")
	}
	role := obj{"organization_id": s.OrganizationID(), "name": "r", "level": "workspace", "permissions": []string{}}
	c.do("POST", "/roles", role, "Idempotency-Key", "k2").want(200)
	c.do("POST", "/roles", role, "Idempotency-Key", "k2").want(409)
	c.do("POST", "/roles", obj{"organization_id": s.OrganizationID(), "name": "r2", "level": "workspace"}).want(200) // no key: not counted
	if n := s.Stats().Faults["idempotency_ignored"]; n != 4 {
		t.Fatalf("idempotency_ignored counter %d, want 4", n)
	}
	// Without the fault the key is honoured again.
	s.SetFaults(Faults{})
	c.do("POST", "/roles", obj{"organization_id": s.OrganizationID(), "name": "r3", "level": "workspace"}, "Idempotency-Key", "k3").want(200)
	if r := c.do("POST", "/roles", obj{"organization_id": s.OrganizationID(), "name": "r3", "level": "workspace"}, "Idempotency-Key", "k3").want(200); r.header.Get("Idempotent-Replayed") != "true" {
		t.Fatal("the key is not honoured once the fault is off")
	}
}

// TestConsistencyLagOnChildren: calls about a new object's children (its members, its keys, an
// assignment naming it as subject or scope) answer 404 for the new object while it lags; updates
// of the object itself do not wait.
func TestConsistencyLagOnChildren(t *testing.T) {
	f := newFixture(t)
	s, c := f.s, f.c
	s.AdvanceClock(2 * time.Minute) // the fixture's objects are old by now
	s.SetFaults(Faults{ConsistencyLag: time.Minute})
	team := c.do("POST", "/teams", obj{"organization_id": f.org, "name": "fresh"}).want(200).id()
	ws := c.do("POST", "/workspaces?enroll=true", obj{"name": "fresh-ws", "organization_id": f.org}).want(200).id()
	sa := c.do("POST", f.saPath(), obj{"name": "bot", "username": "bot", "role_id": f.roleIDs["Organization Member"]}).want(200).id()
	wsRole := f.roleIDs["Workspace Viewer"]

	lagging := []struct {
		method, path, want string
	}{
		{"GET", "/teams/" + team + "/members", "team not found"},
		{"POST", "/teams/" + team + "/members?user_id=" + f.userID, "team not found"},
		{"POST", "/teams/" + f.teamID + "/members?user_id=" + sa, "service account not found"},
		{"POST", "/roles/" + wsRole + "/assignments?team_id=" + team + "&workspace_id=" + f.hybridID, "team not found"},
		{"POST", "/roles/" + wsRole + "/assignments?team_id=" + f.teamID + "&workspace_id=" + ws, "workspace not found"},
		{"POST", "/roles/" + wsRole + "/assignments?user_id=" + sa + "&workspace_id=" + f.hybridID, "service account not found"},
		{"GET", f.saPath(sa) + "/api_keys", "service account not found"},
		{"POST", f.saPath(sa) + "/api_keys", "service account not found"},
		{"GET", "/workspaces/" + ws, "workspace not found"},
	}
	for _, l := range lagging {
		var body any
		if l.method == "POST" && strings.HasSuffix(l.path, "/api_keys") {
			body = obj{"name": "k"}
		}
		r := c.do(l.method, l.path, body).want(http.StatusNotFound)
		if class, msg := r.errorPair(); class != "KeyError" || msg != "'"+l.want+"'" {
			t.Errorf("%s %s: %s %s, want KeyError '%s'", l.method, l.path, class, msg, l.want)
		}
	}
	// Updates and deletes by id go through; lists of the organization show the new objects.
	c.do("PATCH", "/teams/"+team, obj{"description": "x"}).want(200)
	if l := c.get("/organizations/" + f.org + "/teams").want(200).list(); len(l) != 2 {
		t.Fatalf("organization teams %d, want 2", len(l))
	}
	if n := s.Stats().Faults["lag"]; n != len(lagging) {
		t.Fatalf("lag counter %d, want %d", n, len(lagging))
	}
	s.AdvanceClock(time.Minute)
	for _, l := range lagging[:2] {
		c.do(l.method, l.path, nil).want(200)
	}
	c.do("POST", f.saPath(sa)+"/api_keys", obj{"name": "k"}).want(200)
}
