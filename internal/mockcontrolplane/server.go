// Package mockcontrolplane is an in-memory stand-in for the ZenML Pro control-plane API, as
// specified by the repository's API-CONTRACT.md. Terraform acceptance tests run it in-process,
// `make demo` and users' CI run it through cmd/zenmlpro-mock. It injects faults on request, keeps
// idempotency keys, exposes its state under /_mock/ and can persist itself to a file.
package mockcontrolplane

import (
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures a Server.
type Options struct {
	Organization   string        // seeded organization name; "" means "default"
	APIKeys        []string      // seeded keys, each a service account holding Organization Admin in the seeded org; none: generate one
	Users          []string      // emails of seeded active users, each an Organization Member of the seeded org
	TokenTTL       time.Duration // access-token lifetime; 0 means 1h
	Faults         Faults
	ProvisionDelay time.Duration // managed workspace pending -> available; 0 means 2s; negative means immediately
	DeletionDelay  time.Duration // how long a deleted workspace answers status "deleted" before 404; default 0
	StatePath      string        // if set: load on New when the file exists; Save writes it atomically
	// Without switches off groups of calls (RouteGroups lists the names): their routes answer
	// what a route the API does not have answers (404 {"detail": "Not Found"}), so that one can
	// see what a client does against a control plane that does not serve them.
	Without []string
}

// Stats counts every request but those to /_mock/. Requests is keyed by route pattern, e.g.
// "GET /teams/{id}", then by status code; a request no route serves is counted under
// "<METHOD> <unknown> <path>" (see countUnknown).
type Stats struct {
	Total    int                       `json:"total"`
	Writes   int                       `json:"writes"`
	Requests map[string]map[string]int `json:"requests"`
	Faults   map[string]int            `json:"faults"`
}

// Server is the mock control plane. It is an http.Handler; all methods are safe for concurrent use.
type Server struct {
	opts Options
	mux  *http.ServeMux
	// offMux holds the routes of the groups in Options.Without (with no-op handlers): it only
	// tells ServeHTTP which switched-off route a request is for, to count it.
	offMux  *http.ServeMux
	without map[string]bool

	// mu guards st and lastSSOSecret: handlers take it for reading or writing, never while
	// sleeping (latency faults are served before any lock is taken).
	mu            sync.RWMutex
	st            *store
	lastSSOSecret map[string]string // organization id -> sha256 of the client secret last received
	seeded        State             // the state right after New: Reset goes back to it
	seededOffset  time.Duration

	clockOffset atomic.Int64 // nanoseconds the mock's clock runs ahead of real time

	tokMu  sync.Mutex
	tokens map[string]token

	faultMu sync.Mutex
	faults  Faults
	rng     *mrand.Rand
	// rpsWindow and rpsCount implement Faults.MaxRPS (guarded by faultMu).
	rpsWindow time.Time
	rpsCount  int

	statsMu       sync.Mutex
	stats         Stats
	unknownRoutes int // distinct "<unknown>" keys in stats.Requests

	idem *idempotencyCache

	orgID  string
	apiKey string
}

const (
	defaultTokenTTL       = time.Hour
	defaultProvisionDelay = 2 * time.Second
	defaultOrganization   = "default"
	apiKeyPrefix          = "ZENPROKEY_"
	invitationLifetime    = 7 * 24 * time.Hour
	idempotencyCapacity   = 10000
	maxTokens             = 100000
)

// New builds a Server: it loads opts.StatePath when that file exists, then makes sure the seeded
// organization, keys and users exist.
func New(opts Options) (*Server, error) {
	if opts.Organization == "" {
		opts.Organization = defaultOrganization
	}
	if !orgNameRE.MatchString(opts.Organization) {
		return nil, fmt.Errorf("organization name %q must match %s", opts.Organization, orgNameRE)
	}
	if opts.TokenTTL < 0 {
		return nil, errors.New("token TTL must not be negative")
	}
	if opts.TokenTTL == 0 {
		opts.TokenTTL = defaultTokenTTL
	}
	if opts.ProvisionDelay == 0 {
		opts.ProvisionDelay = defaultProvisionDelay
	}
	if opts.DeletionDelay < 0 {
		opts.DeletionDelay = 0
	}
	for _, k := range opts.APIKeys {
		if k == "" || len(k) > 512 || containsSpaceOrControl(k) {
			return nil, errors.New("seeded API keys must be non-empty, at most 512 characters, without white space")
		}
	}
	for _, e := range opts.Users {
		if !validEmail(e) {
			return nil, fmt.Errorf("seeded user %q is not an email address", e)
		}
	}
	without := map[string]bool{}
	for _, g := range opts.Without {
		if !slices.Contains(routeGroups, g) {
			return nil, fmt.Errorf("unknown route group %q (groups: %s)", g, strings.Join(routeGroups, ", "))
		}
		without[g] = true
	}
	s := &Server{
		opts:          opts,
		mux:           http.NewServeMux(),
		offMux:        http.NewServeMux(),
		without:       without,
		st:            newStore(),
		lastSSOSecret: map[string]string{},
		tokens:        map[string]token{},
		idem:          newIdempotencyCache(idempotencyCapacity),
	}
	s.SetFaults(opts.Faults)
	s.ResetStats()
	if opts.StatePath != "" {
		if err := s.load(opts.StatePath); err != nil {
			return nil, err
		}
	}
	keys := opts.APIKeys
	if len(keys) == 0 {
		keys = []string{newSecret(apiKeyPrefix)}
	}
	s.apiKey = keys[0]
	if err := s.seed(keys); err != nil {
		return nil, err
	}
	s.seeded = s.st.toState(s.now(), s.opts.DeletionDelay)
	s.seededOffset = time.Duration(s.clockOffset.Load())
	s.routes()
	return s, nil
}

// seed makes sure the seeded organization, one admin service account per key, and the seeded
// users exist. After loading a state file it only adds what is missing, so that ids stay stable
// across restarts and seeded keys keep working.
func (s *Server) seed(keys []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Seeded objects stand for what existed before the mock started: they are dated a day back,
	// so that consistency_lag (which delays reads of new objects) never applies to them.
	now := s.now().Add(-24 * time.Hour)
	st := s.st
	org := st.orgByName(s.opts.Organization)
	if org == nil {
		org = createOrganization(st, s.opts.Organization, "", nil, now)
	}
	s.orgID = org.ID
	admin := st.roleByName(org.ID, roleOrgAdmin)
	if admin == nil {
		return fmt.Errorf("organization %q in the state file has no %q role", org.Name, roleOrgAdmin)
	}
	for i, key := range keys {
		if st.apiKeyByHash(sha256Hex(key)) != nil {
			continue
		}
		name := "mock-admin"
		if i > 0 {
			name = fmt.Sprintf("mock-admin-%d", i+1)
		}
		sa := st.serviceAccountByUsername(org.ID, name)
		if sa == nil {
			sa = &ServiceAccount{ID: newID(), OrganizationID: org.ID, Name: name, Username: name,
				Description: "Seeded by the mock: holds Organization Admin", Active: true, Created: now, Updated: now}
			st.serviceAccounts[sa.ID] = sa
		}
		addAssignment(st, &Assignment{OrganizationID: org.ID, RoleID: admin.ID, SubjectType: subjectUser, SubjectID: sa.ID, Created: now})
		hash := sha256Hex(key)
		k := &APIKey{ID: newID(), ServiceAccountID: sa.ID, Name: "seeded-" + hash[:8], Description: "Seeded by the mock",
			Active: true, KeySHA256: hash, Created: now, Updated: now}
		st.apiKeys[k.ID] = k
	}
	for _, email := range s.opts.Users {
		if _, err := addUserLocked(st, email, "", org.ID, now); err != nil {
			return err
		}
	}
	return nil
}

// now is the mock's clock: real time plus the offset moved by AdvanceClock and /_mock/clock.
// Timestamps carry microseconds, the precision the API shows.
func (s *Server) now() time.Time {
	return time.Now().UTC().Add(time.Duration(s.clockOffset.Load())).Truncate(time.Microsecond)
}

// AdvanceClock moves the mock's clock forward by d (token, key and invitation expiry, retain
// periods, provisioning). A non-positive d does nothing: a clock that runs backwards would break
// the created-time order lists rely on.
func (s *Server) AdvanceClock(d time.Duration) {
	if d > 0 {
		s.clockOffset.Add(int64(d))
	}
}

// OrganizationID returns the seeded organization's id.
func (s *Server) OrganizationID() string { return s.orgID }

// APIKey returns the first seeded API key.
func (s *Server) APIKey() string { return s.apiKey }

// Snapshot returns a deep copy of every object (same data as GET /_mock/state).
func (s *Server) Snapshot() State {
	s.mu.RLock()
	defer s.mu.RUnlock()
	state := s.st.toState(s.now(), s.opts.DeletionDelay)
	state.ClockOffset = time.Duration(s.clockOffset.Load()).String()
	return state
}

// Reset goes back to the state New produced: the seeded objects (plus what a state file held at
// start), the clock offset of that moment, and no remembered idempotency keys. Faults, stats and
// issued tokens are kept: tokens of principals that still exist go on working, so a test harness
// can reset between tests without logging in again.
func (s *Server) Reset() {
	s.mu.Lock()
	s.st = storeFromState(s.seeded)
	s.lastSSOSecret = map[string]string{}
	s.clockOffset.Store(int64(s.seededOffset))
	s.mu.Unlock()
	s.idem.clear()
}

// --- statistics ---

// Stats returns a copy of the counters (same data as GET /_mock/stats).
func (s *Server) Stats() Stats {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	out := Stats{Total: s.stats.Total, Writes: s.stats.Writes, Requests: map[string]map[string]int{}, Faults: map[string]int{}}
	for route, codes := range s.stats.Requests {
		c := map[string]int{}
		for code, n := range codes {
			c[code] = n
		}
		out.Requests[route] = c
	}
	for k, n := range s.stats.Faults {
		out.Faults[k] = n
	}
	return out
}

// ResetStats zeroes the counters.
func (s *Server) ResetStats() {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	s.unknownRoutes = 0
	s.stats = Stats{Requests: map[string]map[string]int{},
		Faults: map[string]int{faultError: 0, faultRate: 0, faultDrop: 0, faultLag: 0, faultMaxLimit: 0, faultServer: 0, faultIdemIgnored: 0}}
}

func (s *Server) countRequest(method, pattern string, status int) {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	s.countLocked(method, pattern, status)
}

func (s *Server) countLocked(method, pattern string, status int) {
	s.stats.Total++
	// Logging in changes nothing a test cares about, so it is not a write, though it is a POST.
	if method != http.MethodGet && method != http.MethodHead && pattern != routeLogin {
		s.stats.Writes++
	}
	codes := s.stats.Requests[pattern]
	if codes == nil {
		codes = map[string]int{}
		s.stats.Requests[pattern] = codes
	}
	codes[strconv.Itoa(status)]++
}

// Unknown routes are counted by method and path, so that a test sees which calls a client made
// that the API does not serve; the number of distinct paths is bounded (random paths from a fuzzer
// must not grow the counters without end), the rest share one entry.
const (
	maxUnknownRoutes  = 200
	maxUnknownPathLen = 200
	unknownRoute      = "<unknown>"
)

func (s *Server) countUnknown(r *http.Request, status int) {
	if strings.HasPrefix(r.URL.Path, "/_mock/") {
		return
	}
	path := r.URL.Path
	if len(path) > maxUnknownPathLen {
		path = path[:maxUnknownPathLen] + "..."
	}
	key := r.Method + " " + unknownRoute + " " + path
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	if _, seen := s.stats.Requests[key]; !seen {
		if s.unknownRoutes >= maxUnknownRoutes {
			key = r.Method + " " + unknownRoute + " (other paths)"
		} else {
			s.unknownRoutes++
		}
	}
	s.countLocked(r.Method, key, status)
}

func (s *Server) countFault(kind string) {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	s.stats.Faults[kind]++
}

// --- routing and the middleware pipeline ---

// handler is an API handler; it returns the whole response (see reply).
type handler func(c *call) reply

// call is one API request as the handlers see it.
type call struct {
	s   *Server
	r   *http.Request
	now time.Time
	who principal
	lag time.Duration
	// maxLimit is the max_limit fault for this call (0: off).
	maxLimit int
}

// lagging implements the consistency_lag fault: an object created less than the lag ago is not
// yet visible to a GET of that one object.
func (c *call) lagging(created time.Time) bool {
	if c.lag <= 0 || c.r.Method != http.MethodGet && c.r.Method != http.MethodHead {
		return false
	}
	if c.now.Sub(created) < c.lag {
		c.s.countFault(faultLag)
		return true
	}
	return false
}

const routeLogin = "POST /auth/login"

// ServeHTTP serves the API and the /_mock/ endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, pattern := s.mux.Handler(r); pattern == "" {
		// A switched-off route answers as if the API did not have it, whatever the method, token
		// or faults; unlike an unknown route it is counted, so that a test sees it was called.
		if _, off := s.offMux.Handler(r); off != "" {
			s.countRequest(r.Method, off, http.StatusNotFound)
			routeNotFound().write(w)
			return
		}
		// The mux would answer 404 or 405 in plain text; the contract wants FastAPI's JSON. Let
		// the mux decide which (and set Allow), then replace the body.
		rec := &headerRecorder{header: http.Header{}}
		s.mux.ServeHTTP(rec, r)
		if allow := rec.header.Get("Allow"); allow != "" {
			w.Header().Set("Allow", allow)
		}
		status := rec.status
		if status == 0 || status == http.StatusOK {
			status = http.StatusNotFound
		}
		s.countUnknown(r, status)
		if status == http.StatusMovedPermanently || status == http.StatusTemporaryRedirect || status == http.StatusPermanentRedirect {
			if loc := rec.header.Get("Location"); loc != "" {
				w.Header().Set("Location", loc)
			}
			w.WriteHeader(status)
			return
		}
		if status == http.StatusMethodNotAllowed {
			methodNotAllowed().write(w)
		} else {
			routeNotFound().write(w)
		}
		return
	}
	s.mux.ServeHTTP(w, r)
}

// headerRecorder captures the status and headers the mux chose for an unmatched request.
type headerRecorder struct {
	header http.Header
	status int
}

func (h *headerRecorder) Header() http.Header         { return h.header }
func (h *headerRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (h *headerRecorder) WriteHeader(status int) {
	if h.status == 0 {
		h.status = status
	}
}

// api registers an API route of a group ("" for calls no option switches off). Every API call
// goes through: stats, latency, rate_limit, error_rate, authentication, idempotency, the
// handler, drop_response. A route of a switched-off group is registered in offMux instead.
// server_error strikes before authentication or after the handler; consistency_lag for calls
// about an object's children after authentication (laggingNamed).
func (s *Server) api(group, pattern string, h handler) {
	if s.without[group] {
		s.offMux.HandleFunc(pattern, func(http.ResponseWriter, *http.Request) {})
		return
	}
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		rep := s.serveAPI(r, pattern, h)
		s.countRequest(r.Method, pattern, rep.status)
		rep.write(w)
	})
}

func (s *Server) serveAPI(r *http.Request, pattern string, h handler) reply {
	plan := s.planFaults()
	if plan.latency > 0 {
		// Sleep without holding any lock, so that slow calls never block others.
		t := time.NewTimer(plan.latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	if plan.rateLimited {
		s.countFault(faultRate)
		rep := fail(http.StatusTooManyRequests, "injected fault: rate limited, retry after 1 second")
		rep.header = http.Header{"Retry-After": {"1"}}
		return rep
	}
	if plan.errorStatus != 0 {
		s.countFault(faultError)
		return fail(plan.errorStatus, "injected fault: transient server error")
	}
	if plan.serverError == serverErrorBefore {
		s.countFault(faultServer)
		return fail(http.StatusInternalServerError, "injected fault: internal server error")
	}
	c := &call{s: s, r: r, now: s.now(), lag: plan.lag, maxLimit: plan.maxLimit}
	var rep reply
	if pattern == routeLogin {
		rep = safely(h, c)
	} else if who, denied := s.authenticate(r, pattern); denied != nil {
		rep = *denied
	} else {
		c.who = who
		key := r.Header.Get("Idempotency-Key")
		lagging := c.laggingNamed()
		switch {
		case lagging != nil:
			rep = *lagging
		case key == "" || r.Method != http.MethodPost:
			rep = safely(h, c)
		case plan.ignoreIdempotency:
			s.countFault(faultIdemIgnored)
			rep = safely(h, c)
		default:
			rep = s.idempotent(c, key, h)
		}
	}
	if plan.serverError == serverErrorAfter {
		s.countFault(faultServer)
		return fail(http.StatusInternalServerError, "injected fault: internal server error after the work was done")
	}
	if plan.drop && r.Method != http.MethodGet && r.Method != http.MethodHead {
		s.countFault(faultDrop)
		return fail(http.StatusBadGateway, "injected fault: response dropped")
	}
	return rep
}

// safely runs a handler and turns a panic into a 500 instead of a dropped connection. Handlers
// must never panic; this makes a bug visible (the fuzz tests fail on any 5xx) without taking the
// server down.
func safely(h handler, c *call) (rep reply) {
	defer func() {
		if v := recover(); v != nil {
			rep = fail(http.StatusInternalServerError, "internal error in the mock: %v", v)
		}
	}()
	return h(c)
}

// mock registers a /_mock/ route: no authentication, no faults, not counted.
func (s *Server) mock(pattern string, h func(r *http.Request) reply) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		c := &call{s: s, r: r}
		safely(func(*call) reply { return h(r) }, c).write(w)
	})
}

// Route groups that Options.Without (the CLI's --without) switches off. Scripts rely on these
// names; API-CONTRACT.md lists the calls of each.
const (
	groupSSO                   = "sso"
	groupServiceAccounts       = "service_accounts"
	groupAssignmentList        = "assignment_list"
	groupTeamCRUD              = "team_crud"
	groupEnrollmentKeyRotation = "enrollment_key_rotation"
	groupRoleCRUD              = "role_crud"
	groupPermissions           = "permissions"
	groupOrganizationDelete    = "organization_delete"
	groupUserRead              = "user_read"
	groupInvitationRead        = "invitation_read"
)

// routeGroups is every group, in the contract's order (immutable).
var routeGroups = []string{groupSSO, groupServiceAccounts, groupAssignmentList, groupTeamCRUD,
	groupEnrollmentKeyRotation, groupRoleCRUD, groupPermissions, groupOrganizationDelete, groupUserRead,
	groupInvitationRead}

// RouteGroups returns the names Options.Without accepts.
func RouteGroups() []string { return slices.Clone(routeGroups) }

// ParseRouteGroups parses a comma-separated list of route groups (the CLI's --without), e.g.
// "sso,service_accounts"; empty items are ignored. An unknown name is an error listing the valid
// ones.
func ParseRouteGroups(spec string) ([]string, error) {
	var out []string
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if !slices.Contains(routeGroups, item) {
			return nil, fmt.Errorf("unknown group %q (groups: %s)", item, strings.Join(routeGroups, ", "))
		}
		if !slices.Contains(out, item) {
			out = append(out, item)
		}
	}
	return out, nil
}

// route is one API call: its pattern, the group that switches it off ("" for none) and its
// handler, as a method expression so that the table is immutable package data.
type route struct {
	group, pattern string
	handle         func(*Server, *call) reply
}

const (
	saPath  = "/organizations/{id}/service_accounts"
	keyPath = saPath + "/{sa_id}/api_keys"
)

// apiRoutes is every API call of the mock (API-CONTRACT.md) but a workspace server's own
// (workspaceServerRoutes, userRoutes in servercalls.go).
var apiRoutes = []route{
	{"", routeLogin, (*Server).login},

	{"", "GET /organizations", (*Server).listOrganizations},
	{"", "POST /organizations", (*Server).createOrganization},
	{"", "GET /organizations/{id}", (*Server).getOrganization},
	{"", "PATCH /organizations/{id}", (*Server).updateOrganization},
	{groupOrganizationDelete, "DELETE /organizations/{id}", (*Server).deleteOrganization},
	{"", "GET /organizations/{id}/members", (*Server).listMembers},
	{"", "DELETE /organizations/{id}/members", (*Server).removeMember},

	{"", "GET /workspaces", (*Server).listWorkspaces},
	{"", "POST /workspaces", (*Server).createWorkspace},
	{"", "GET /workspaces/{id}", (*Server).getWorkspace},
	{"", "PATCH /workspaces/{id}", (*Server).updateWorkspace},
	{"", "DELETE /workspaces/{id}", (*Server).deleteWorkspace},
	{groupEnrollmentKeyRotation, "POST /workspaces/{id}/enrollment_key", (*Server).rotateEnrollmentKey},

	{"", "GET /users/me", (*Server).getMe},
	{"", "GET /users", (*Server).listUsers},
	{groupUserRead, "GET /users/{id}", (*Server).getUser},
	{"", "PATCH /users/{id}", (*Server).updateUser},

	{"", "GET /organizations/{id}/invitations", (*Server).listInvitations},
	{"", "POST /organizations/{id}/invitations", (*Server).createInvitation},
	{groupInvitationRead, "GET /organizations/{id}/invitations/{invitation_id}", (*Server).getInvitation},
	{"", "DELETE /organizations/{id}/invitations/{invitation_id}", (*Server).deleteInvitation},

	{"", "GET /organizations/{id}/teams", (*Server).listTeams},
	{groupTeamCRUD, "POST /teams", (*Server).createTeam},
	{groupTeamCRUD, "GET /teams/{id}", (*Server).getTeam},
	{groupTeamCRUD, "PATCH /teams/{id}", (*Server).updateTeam},
	{groupTeamCRUD, "DELETE /teams/{id}", (*Server).deleteTeam},
	{groupTeamCRUD, "GET /teams/{id}/members", (*Server).listTeamMembers},
	{"", "POST /teams/{id}/members", (*Server).addTeamMember},
	{"", "DELETE /teams/{id}/members", (*Server).removeTeamMember},

	{"", "GET /organizations/{id}/roles", (*Server).listRoles},
	{"", "POST /roles", (*Server).createRole},
	{groupRoleCRUD, "GET /roles/{id}", (*Server).getRole},
	{groupRoleCRUD, "PATCH /roles/{id}", (*Server).updateRole},
	{groupRoleCRUD, "DELETE /roles/{id}", (*Server).deleteRole},
	{groupPermissions, "GET /permissions", (*Server).listPermissions},
	{groupAssignmentList, "GET /roles/{id}/assignments", (*Server).listAssignments},
	{"", "POST /roles/{id}/assignments", (*Server).createAssignment},
	{"", "DELETE /roles/{id}/assignments", (*Server).deleteAssignment},

	{groupSSO, "GET /organizations/{id}/sso", (*Server).getSSO},
	{groupSSO, "PUT /organizations/{id}/sso", (*Server).putSSO},
	{groupSSO, "DELETE /organizations/{id}/sso", (*Server).deleteSSO},

	{groupServiceAccounts, "GET " + saPath, (*Server).listServiceAccounts},
	{groupServiceAccounts, "POST " + saPath, (*Server).createServiceAccount},
	{groupServiceAccounts, "GET " + saPath + "/{sa_id}", (*Server).getServiceAccount},
	{groupServiceAccounts, "PATCH " + saPath + "/{sa_id}", (*Server).updateServiceAccount},
	{groupServiceAccounts, "DELETE " + saPath + "/{sa_id}", (*Server).deleteServiceAccount},
	{groupServiceAccounts, "GET " + keyPath, (*Server).listAPIKeys},
	{groupServiceAccounts, "POST " + keyPath, (*Server).createAPIKey},
	{groupServiceAccounts, "GET " + keyPath + "/{key_id}", (*Server).getAPIKey},
	{groupServiceAccounts, "PATCH " + keyPath + "/{key_id}", (*Server).updateAPIKey},
	{groupServiceAccounts, "POST " + keyPath + "/{key_id}/rotate", (*Server).rotateAPIKey},
	{groupServiceAccounts, "DELETE " + keyPath + "/{key_id}", (*Server).deleteAPIKey},
}

// RouteGroupCalls returns, for each group of RouteGroups, the route patterns it switches off
// (for the CLI's help and for tests).
func RouteGroupCalls() map[string][]string {
	out := map[string][]string{}
	for _, rt := range apiRoutes {
		if rt.group != "" {
			out[rt.group] = append(out[rt.group], rt.pattern)
		}
	}
	return out
}

func (s *Server) routes() {
	for _, table := range [][]route{apiRoutes, workspaceServerRoutes, userRoutes} {
		for _, rt := range table {
			handle := rt.handle
			s.api(rt.group, rt.pattern, func(c *call) reply { return handle(s, c) })
		}
	}
	s.mockRoutes()
}

// --- idempotency keys ---

// idempotencyCache remembers, per caller and key, the response a POST produced. It is bounded:
// the oldest keys are forgotten first.
type idempotencyCache struct {
	mu       sync.Mutex
	capacity int
	entries  map[string]*idemEntry
	order    []string // insertion order, for eviction
}

type idemEntry struct {
	target string // method and request URI the key was first used with
	done   bool   // false while the first request is still running
	rep    reply
}

func newIdempotencyCache(capacity int) *idempotencyCache {
	return &idempotencyCache{capacity: capacity, entries: map[string]*idemEntry{}}
}

func (ic *idempotencyCache) clear() {
	ic.mu.Lock()
	defer ic.mu.Unlock()
	ic.entries = map[string]*idemEntry{}
	ic.order = nil
}

// idempotent runs h at most once per (caller, key). The request target includes the query string
// because assignment and team-member calls carry their subject there: the same key with another
// subject is another request, and replaying the first one's answer would be wrong.
func (s *Server) idempotent(c *call, key string, h handler) reply {
	if len(key) > maxIdempotentKey {
		return invalid("Idempotency-Key must be at most %d characters", maxIdempotentKey)
	}
	target := c.r.Method + " " + c.r.URL.RequestURI()
	id := c.who.kind + ":" + c.who.id + "\x00" + key
	ic := s.idem
	ic.mu.Lock()
	if e, ok := ic.entries[id]; ok {
		ic.mu.Unlock()
		switch {
		case e.target != target:
			return invalid("Idempotency-Key was already used with another request (%s)", e.target)
		case !e.done:
			return conflict("a request with this Idempotency-Key is still in progress")
		}
		rep := e.rep
		rep.header = http.Header{"Idempotent-Replayed": {"true"}}
		return rep
	}
	e := &idemEntry{target: target}
	ic.entries[id] = e
	ic.order = append(ic.order, id)
	for len(ic.order) > ic.capacity {
		delete(ic.entries, ic.order[0])
		ic.order = ic.order[1:]
	}
	ic.mu.Unlock()

	rep := safely(h, c)

	ic.mu.Lock()
	defer ic.mu.Unlock()
	if rep.status < 500 {
		// Stored even if drop_response then discards it: a retry must find the work done.
		e.rep = reply{status: rep.status, body: rep.body}
		e.done = true
	} else if ic.entries[id] == e {
		delete(ic.entries, id) // a server error did no work: let a retry run again
	}
	return rep
}

// --- persistence entry point (see persist.go) ---

// Save writes the state to Options.StatePath atomically (temp file + rename). Without a
// StatePath it does nothing.
func (s *Server) Save() error {
	if s.opts.StatePath == "" {
		return nil
	}
	return s.saveTo(s.opts.StatePath)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
