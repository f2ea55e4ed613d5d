package mockcontrolplane

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Faults makes the mock misbehave like a real network service, so that the client's retries,
// Retry-After handling, token refresh and read-after-write waits are exercised.
type Faults struct {
	ErrorRate      float64       // share of API calls answered 502/503/504 before any work
	RateLimit      float64       // share of API calls answered 429 with Retry-After: 1
	DropResponse   float64       // share of non-GET calls whose work is done but whose response is replaced by a 502
	Latency        time.Duration // added before every API call
	ConsistencyLag time.Duration // GET of one object created less than this long ago answers 404
	TokenTTL       time.Duration // access-token lifetime; 0 keeps Options.TokenTTL
	Seed           int64         // 0: random; otherwise fault decisions repeat from run to run
	// MaxRPS, when positive, is a real rate limit, as an API gateway enforces one: API calls
	// beyond this many in one second (wall clock) answer 429 with Retry-After: 1. Unlike the
	// random RateLimit, it rewards a client that paces itself.
	MaxRPS int
	// MaxLimit, when positive, refuses (422) a list request whose limit is above it, as a real
	// API with a smaller maximum page size would; a list asked without limit is served.
	MaxLimit int
	// ServerError is the share of API calls answered 500: half of them before any work, half
	// after the work is done (the client cannot tell which, as with a real server that fails
	// while writing its answer).
	ServerError float64
	// IgnoreIdempotency makes the mock honour no Idempotency-Key, as a control plane without
	// support for the header would: a repeated POST does the work again.
	IgnoreIdempotency bool
}

// Fault counter names, as they appear in Stats.Faults.
const (
	faultError    = "error"
	faultRate     = "rate_limit"
	faultDrop     = "drop_response"
	faultLag      = "lag"
	faultMaxLimit = "max_limit"
	faultServer   = "server_error"
	// faultIdemIgnored counts the POSTs whose Idempotency-Key was ignored (ignore_idempotency).
	faultIdemIgnored = "idempotency_ignored"
	faultKeysHelp    = "error_rate, rate_limit, drop_response, server_error, latency, consistency_lag, token_ttl, seed, max_rps, max_limit, ignore_idempotency"
)

// ParseFaults parses the --faults specification, e.g.
// "error_rate=0.1,rate_limit=0.1,latency=20ms,consistency_lag=300ms,drop_response=0.05,token_ttl=2s,seed=7,max_limit=20,
// server_error=0.05,ignore_idempotency=true".
// The empty string means no faults.
func ParseFaults(spec string) (Faults, error) {
	var f Faults
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		key, value, ok := strings.Cut(item, "=")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if !ok {
			return Faults{}, fmt.Errorf("faults: %q is not key=value (keys: %s)", item, faultKeysHelp)
		}
		var err error
		switch key {
		case "error_rate":
			f.ErrorRate, err = parseRate(key, value)
		case "rate_limit":
			f.RateLimit, err = parseRate(key, value)
		case "drop_response":
			f.DropResponse, err = parseRate(key, value)
		case "server_error":
			f.ServerError, err = parseRate(key, value)
		case "ignore_idempotency":
			f.IgnoreIdempotency, err = strconv.ParseBool(value)
			if err != nil {
				err = fmt.Errorf("faults: ignore_idempotency=%q must be true or false", value)
			}
		case "latency":
			f.Latency, err = parseFaultDuration(key, value)
		case "consistency_lag":
			f.ConsistencyLag, err = parseFaultDuration(key, value)
		case "token_ttl":
			f.TokenTTL, err = parseFaultDuration(key, value)
		case "seed":
			f.Seed, err = strconv.ParseInt(value, 10, 64)
			if err != nil {
				err = fmt.Errorf("faults: seed=%q is not an integer", value)
			}
		case "max_rps":
			f.MaxRPS, err = strconv.Atoi(value)
			if err != nil || f.MaxRPS < 0 {
				err = fmt.Errorf("faults: max_rps=%q must be a whole number of at least 0", value)
			}
		case "max_limit":
			f.MaxLimit, err = strconv.Atoi(value)
			if err != nil || f.MaxLimit < 0 {
				err = fmt.Errorf("faults: max_limit=%q must be a whole number of at least 0", value)
			}
		default:
			return Faults{}, fmt.Errorf("faults: unknown key %q (keys: %s)", key, faultKeysHelp)
		}
		if err != nil {
			return Faults{}, err
		}
	}
	return f, nil
}

func parseRate(key, value string) (float64, error) {
	v, err := strconv.ParseFloat(value, 64)
	if err != nil || v < 0 || v > 1 || v != v {
		return 0, fmt.Errorf("faults: %s=%q must be a number from 0 to 1", key, value)
	}
	return v, nil
}

func parseFaultDuration(key, value string) (time.Duration, error) {
	d, err := time.ParseDuration(value)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("faults: %s=%q must be a duration of at least 0, such as 20ms or 2s", key, value)
	}
	return d, nil
}

// String renders the faults in ParseFaults syntax (only the non-zero ones).
func (f Faults) String() string {
	var parts []string
	add := func(k, v string) { parts = append(parts, k+"="+v) }
	if f.ErrorRate > 0 {
		add("error_rate", strconv.FormatFloat(f.ErrorRate, 'g', -1, 64))
	}
	if f.RateLimit > 0 {
		add("rate_limit", strconv.FormatFloat(f.RateLimit, 'g', -1, 64))
	}
	if f.DropResponse > 0 {
		add("drop_response", strconv.FormatFloat(f.DropResponse, 'g', -1, 64))
	}
	if f.Latency > 0 {
		add("latency", f.Latency.String())
	}
	if f.ConsistencyLag > 0 {
		add("consistency_lag", f.ConsistencyLag.String())
	}
	if f.TokenTTL > 0 {
		add("token_ttl", f.TokenTTL.String())
	}
	if f.Seed != 0 {
		add("seed", strconv.FormatInt(f.Seed, 10))
	}
	if f.MaxRPS > 0 {
		add("max_rps", strconv.Itoa(f.MaxRPS))
	}
	if f.MaxLimit > 0 {
		add("max_limit", strconv.Itoa(f.MaxLimit))
	}
	if f.ServerError > 0 {
		add("server_error", strconv.FormatFloat(f.ServerError, 'g', -1, 64))
	}
	if f.IgnoreIdempotency {
		add("ignore_idempotency", "true")
	}
	return strings.Join(parts, ",")
}

// faultsJSON is the body of GET and PUT /_mock/faults: durations as Go duration strings.
type faultsJSON struct {
	ErrorRate         float64 `json:"error_rate"`
	RateLimit         float64 `json:"rate_limit"`
	DropResponse      float64 `json:"drop_response"`
	Latency           string  `json:"latency"`
	ConsistencyLag    string  `json:"consistency_lag"`
	TokenTTL          string  `json:"token_ttl"`
	Seed              int64   `json:"seed"`
	MaxRPS            int     `json:"max_rps"`
	MaxLimit          int     `json:"max_limit"`
	ServerError       float64 `json:"server_error"`
	IgnoreIdempotency bool    `json:"ignore_idempotency"`
}

func (f Faults) toJSON() faultsJSON {
	return faultsJSON{f.ErrorRate, f.RateLimit, f.DropResponse, f.Latency.String(), f.ConsistencyLag.String(), f.TokenTTL.String(),
		f.Seed, f.MaxRPS, f.MaxLimit, f.ServerError, f.IgnoreIdempotency}
}

func (j faultsJSON) toFaults() (Faults, error) {
	if j.MaxRPS < 0 {
		return Faults{}, fmt.Errorf("max_rps must be a whole number of at least 0")
	}
	if j.MaxLimit < 0 {
		return Faults{}, fmt.Errorf("max_limit must be a whole number of at least 0")
	}
	f := Faults{Seed: j.Seed, MaxRPS: j.MaxRPS, MaxLimit: j.MaxLimit, IgnoreIdempotency: j.IgnoreIdempotency}
	rates := []struct {
		name string
		v    float64
		dst  *float64
	}{{"error_rate", j.ErrorRate, &f.ErrorRate}, {"rate_limit", j.RateLimit, &f.RateLimit}, {"drop_response", j.DropResponse, &f.DropResponse},
		{"server_error", j.ServerError, &f.ServerError}}
	for _, r := range rates {
		if r.v < 0 || r.v > 1 {
			return Faults{}, fmt.Errorf("%s must be a number from 0 to 1", r.name)
		}
		*r.dst = r.v
	}
	durations := []struct {
		name, v string
		dst     *time.Duration
	}{{"latency", j.Latency, &f.Latency}, {"consistency_lag", j.ConsistencyLag, &f.ConsistencyLag}, {"token_ttl", j.TokenTTL, &f.TokenTTL}}
	for _, d := range durations {
		if d.v == "" {
			continue
		}
		v, err := time.ParseDuration(d.v)
		if err != nil || v < 0 {
			return Faults{}, fmt.Errorf("%s must be a duration of at least 0, such as \"20ms\"", d.name)
		}
		*d.dst = v
	}
	return f, nil
}

// faultPlan is what the fault injector decided for one API call, all drawn at once so that a
// seeded run makes the same decisions for the same sequence of calls.
type faultPlan struct {
	latency     time.Duration
	rateLimited bool
	errorStatus int // 0, or 502/503/504
	drop        bool
	lag         time.Duration
	maxLimit    int
	// serverError is serverErrorNone, or when the call answers 500: before or after its work.
	serverError       int
	ignoreIdempotency bool
}

// When a server_error fault strikes.
const (
	serverErrorNone = iota
	serverErrorBefore
	serverErrorAfter
)

// newRand makes the fault generator: deterministic for a non-zero seed, else seeded from
// crypto/rand.
func newRand(seed int64) *mrand.Rand {
	if seed == 0 {
		var b [16]byte
		_, _ = rand.Read(b[:])
		return mrand.New(mrand.NewPCG(binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:])))
	}
	return mrand.New(mrand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
}

// SetFaults replaces the fault configuration; a non-zero seed restarts the deterministic sequence.
func (s *Server) SetFaults(f Faults) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = f
	s.rng = newRand(f.Seed)
}

// Faults returns the current fault configuration.
func (s *Server) Faults() Faults {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	return s.faults
}

func (s *Server) planFaults() faultPlan {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	f := s.faults
	p := faultPlan{latency: f.Latency, lag: f.ConsistencyLag, maxLimit: f.MaxLimit, ignoreIdempotency: f.IgnoreIdempotency}
	if f.RateLimit > 0 && s.rng.Float64() < f.RateLimit {
		p.rateLimited = true
	}
	if f.MaxRPS > 0 {
		// A fixed one-second window on the wall clock (not the mock's clock, which tests move).
		now := time.Now()
		if now.Sub(s.rpsWindow) >= time.Second {
			s.rpsWindow, s.rpsCount = now, 0
		}
		s.rpsCount++
		if s.rpsCount > f.MaxRPS {
			p.rateLimited = true
		}
	}
	if f.ErrorRate > 0 && s.rng.Float64() < f.ErrorRate {
		p.errorStatus = []int{http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout}[s.rng.IntN(3)]
	}
	if f.DropResponse > 0 && s.rng.Float64() < f.DropResponse {
		p.drop = true
	}
	if f.ServerError > 0 && s.rng.Float64() < f.ServerError {
		p.serverError = serverErrorBefore
		if s.rng.IntN(2) == 1 {
			p.serverError = serverErrorAfter
		}
	}
	return p
}

// laggingNamed implements consistency_lag for the calls about an object's children: a read, or a
// create, whose path or query names an object created less than the lag ago answers 404 for that
// object ("team not found"), as a read replica that has not caught up would answer a call that
// looks the object up first (GET /teams/{id}/members, POST /roles/{id}/assignments?team_id=,
// POST .../service_accounts/{id}/api_keys). Updates and deletes by id are not delayed: they go to
// the object itself, as TestConsistencyLag pins. It returns nil when the call may go ahead.
func (c *call) laggingNamed() *reply {
	if c.lag <= 0 {
		return nil
	}
	switch c.r.Method {
	case http.MethodGet, http.MethodHead, http.MethodPost:
	default:
		return nil
	}
	var ids []string
	for _, name := range []string{"id", "sa_id", "key_id", "invitation_id"} {
		if v := c.r.PathValue(name); v != "" {
			ids = append(ids, v)
		}
	}
	query := c.r.URL.Query()
	for _, name := range []string{"organization_id", "workspace_id", "user_id", "team_id", "invitation_id"} {
		ids = append(ids, query[name]...)
	}
	if len(ids) == 0 {
		return nil
	}
	c.s.mu.RLock()
	defer c.s.mu.RUnlock()
	for _, raw := range ids {
		id, ok := parseUUID(raw)
		if !ok {
			continue
		}
		if kind, created, found := c.s.st.created(id); found && c.now.Sub(created) < c.lag {
			c.s.countFault(faultLag)
			rep := notFound(kind)
			return &rep
		}
	}
	return nil
}

// created finds the object with this id among every kind that has one, and says what it is and
// when it was made.
func (st *store) created(id string) (kind string, at time.Time, ok bool) {
	if o := st.orgs[id]; o != nil {
		return "organization", o.Created, true
	}
	if w := st.workspaces[id]; w != nil {
		return "workspace", w.Created, true
	}
	if u := st.users[id]; u != nil {
		return "user", u.Created, true
	}
	if inv := st.invitations[id]; inv != nil {
		return "invitation", inv.Created, true
	}
	if t := st.teams[id]; t != nil {
		return "team", t.Created, true
	}
	if r := st.roles[id]; r != nil {
		return "role", r.Created, true
	}
	if sa := st.serviceAccounts[id]; sa != nil {
		return "service account", sa.Created, true
	}
	if k := st.apiKeys[id]; k != nil {
		return "API key", k.Created, true
	}
	return "", time.Time{}, false
}
