// Package mockcontrolplane is an in-memory stand-in for the ZenML Pro control-plane API, as
// specified by zenml-pro-api.md and API-CONTRACT.md. Terraform acceptance tests run it in-process,
// `make demo` and users' CI run it through cmd/zenmlpro-mock. It injects faults on request, keeps
// idempotency keys, exposes its state under /_mock/ and can persist itself to a file.
package mockcontrolplane

import (
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"os"
	"strconv"
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
}

// Stats counts API calls (never /_mock/ calls). Requests is keyed by route pattern, e.g.
// "GET /teams/{id}", then by status code.
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

	statsMu sync.Mutex
	stats   Stats

	idem *idempotencyCache

	orgID  string
	apiKey string
}

const (
	defaultTokenTTL       = time.Hour
	defaultProvisionDelay = 2 * time.Second
	defaultOrganization   = "default"
	apiKeyPrefix          = "ZENPROKEY_"
	enrollmentKeyPrefix   = "ZENENROLL_"
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
	s := &Server{
		opts:          opts,
		mux:           http.NewServeMux(),
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
		var sa *ServiceAccount
		for _, cand := range st.serviceAccounts {
			if cand.OrganizationID == org.ID && cand.Name == name {
				sa = cand
			}
		}
		if sa == nil {
			sa = &ServiceAccount{ID: newID(), OrganizationID: org.ID, Name: name,
				Description: "Seeded by the mock: holds Organization Admin", Active: true, Created: now, Updated: now}
			st.serviceAccounts[sa.ID] = sa
		}
		addAssignment(st, &Assignment{OrganizationID: org.ID, RoleID: admin.ID, SubjectType: subjectServiceAccount, SubjectID: sa.ID, Created: now})
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
	s.stats = Stats{Requests: map[string]map[string]int{},
		Faults: map[string]int{faultError: 0, faultRate: 0, faultDrop: 0, faultLag: 0}}
}

func (s *Server) countRequest(method, pattern string, status int) {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
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
		// The mux would answer 404 or 405 in plain text; the contract wants JSON errors. Let the
		// mux decide which (and set Allow), then replace the body.
		rec := &headerRecorder{header: http.Header{}}
		s.mux.ServeHTTP(rec, r)
		if allow := rec.header.Get("Allow"); allow != "" {
			w.Header().Set("Allow", allow)
		}
		status := rec.status
		if status == 0 || status == http.StatusOK {
			status = http.StatusNotFound
		}
		if status == http.StatusMovedPermanently || status == http.StatusTemporaryRedirect || status == http.StatusPermanentRedirect {
			if loc := rec.header.Get("Location"); loc != "" {
				w.Header().Set("Location", loc)
			}
			w.WriteHeader(status)
			return
		}
		detail := "no such endpoint: " + r.Method + " " + r.URL.Path
		if status == http.StatusMethodNotAllowed {
			detail = "method " + r.Method + " is not allowed on " + r.URL.Path
		}
		fail(status, "%s", detail).write(w)
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

// api registers an API route. Every API call goes through: stats, latency, rate_limit,
// error_rate, authentication, idempotency, the handler, drop_response.
func (s *Server) api(pattern string, h handler) {
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
	c := &call{s: s, r: r, now: s.now(), lag: plan.lag}
	var rep reply
	if pattern == routeLogin {
		rep = safely(h, c)
	} else if who, denied := s.authenticate(r, pattern); denied != nil {
		rep = *denied
	} else {
		c.who = who
		if key := r.Header.Get("Idempotency-Key"); key != "" && r.Method == http.MethodPost {
			rep = s.idempotent(c, key, h)
		} else {
			rep = safely(h, c)
		}
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

func (s *Server) routes() {
	s.api(routeLogin, s.login)

	s.api("GET /organizations", s.listOrganizations)
	s.api("POST /organizations", s.createOrganization)
	s.api("GET /organizations/{id}", s.getOrganization)
	s.api("PATCH /organizations/{id}", s.updateOrganization)
	s.api("DELETE /organizations/{id}", s.deleteOrganization)
	s.api("GET /organizations/{id}/members", s.listMembers)
	s.api("DELETE /organizations/{id}/members", s.removeMember)

	s.api("GET /workspaces", s.listWorkspaces)
	s.api("POST /workspaces", s.createWorkspace)
	s.api("GET /workspaces/{id}", s.getWorkspace)
	s.api("PATCH /workspaces/{id}", s.updateWorkspace)
	s.api("DELETE /workspaces/{id}", s.deleteWorkspace)
	s.api("POST /workspaces/{id}/enrollment_key", s.rotateEnrollmentKey)
	s.api("PATCH /workspace_status", s.reportWorkspaceStatus)

	s.api("GET /users/me", s.getMe)
	s.api("GET /users", s.listUsers)
	s.api("GET /users/{id}", s.getUser)

	s.api("GET /organizations/{id}/invitations", s.listInvitations)
	s.api("POST /organizations/{id}/invitations", s.createInvitation)
	s.api("GET /organizations/{id}/invitations/{invitation_id}", s.getInvitation)
	s.api("DELETE /organizations/{id}/invitations/{invitation_id}", s.deleteInvitation)

	s.api("GET /organizations/{id}/teams", s.listTeams)
	s.api("POST /teams", s.createTeam)
	s.api("GET /teams/{id}", s.getTeam)
	s.api("PATCH /teams/{id}", s.updateTeam)
	s.api("DELETE /teams/{id}", s.deleteTeam)
	s.api("GET /teams/{id}/members", s.listTeamMembers)
	s.api("POST /teams/{id}/members", s.addTeamMember)
	s.api("DELETE /teams/{id}/members", s.removeTeamMember)

	s.api("GET /organizations/{id}/roles", s.listRoles)
	s.api("POST /roles", s.createRole)
	s.api("GET /roles/{id}", s.getRole)
	s.api("PATCH /roles/{id}", s.updateRole)
	s.api("DELETE /roles/{id}", s.deleteRole)
	s.api("GET /permissions", s.listPermissions)
	s.api("GET /roles/{id}/assignments", s.listAssignments)
	s.api("POST /roles/{id}/assignments", s.createAssignment)
	s.api("DELETE /roles/{id}/assignments", s.deleteAssignment)

	s.api("GET /organizations/{id}/sso", s.getSSO)
	s.api("PUT /organizations/{id}/sso", s.putSSO)
	s.api("DELETE /organizations/{id}/sso", s.deleteSSO)

	s.api("GET /organizations/{id}/service_accounts", s.listServiceAccounts)
	s.api("POST /service_accounts", s.createServiceAccount)
	s.api("GET /service_accounts/{id}", s.getServiceAccount)
	s.api("PATCH /service_accounts/{id}", s.updateServiceAccount)
	s.api("DELETE /service_accounts/{id}", s.deleteServiceAccount)
	s.api("GET /service_accounts/{id}/api_keys", s.listAPIKeys)
	s.api("POST /service_accounts/{id}/api_keys", s.createAPIKey)
	s.api("GET /service_accounts/{id}/api_keys/{key_id}", s.getAPIKey)
	s.api("PATCH /service_accounts/{id}/api_keys/{key_id}", s.updateAPIKey)
	s.api("POST /service_accounts/{id}/api_keys/{key_id}/rotate", s.rotateAPIKey)
	s.api("DELETE /service_accounts/{id}/api_keys/{key_id}", s.deleteAPIKey)

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
