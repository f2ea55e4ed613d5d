package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// simulate-server stands in for a ZenML workspace server in Pro hybrid mode: it reads the settings
// a real server reads, then makes a real server's calls to the control plane, as ZenML 0.98 makes
// them (public: zen_server/cloud_utils.py, auth.py, rbac/zenml_cloud_rbac.py), printing one line
// per call. It talks HTTP itself, like the server; it shares no code with the mock it may call.

const simulateUsage = `zenmlpro-mock simulate-server: make a ZenML workspace server's calls to a control plane.

Usage:
  zenmlpro-mock simulate-server [--user-token TOKEN] [--action read] [--resource stack]
                                [--server-version 0.98.0]

It reads the environment a ZenML server in Pro hybrid mode reads, as the workspace-server-config
module renders it (container_environment and container_secret_environment):
  ZENML_SERVER_DEPLOYMENT_TYPE            must be cloud
  ZENML_SERVER_PRO_API_URL                the control plane's API URL
  ZENML_SERVER_PRO_DASHBOARD_URL          the control plane's dashboard URL
  ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET   the workspace's enrollment key
  ZENML_SERVER_PRO_OAUTH2_AUDIENCE        the login's audience (the API URL)
  ZENML_SERVER_PRO_ORGANIZATION_ID        the organization's id
  ZENML_SERVER_PRO_WORKSPACE_ID           the workspace's id (the login's client_id)
  ZENML_SERVER_PRO_HTTP_TIMEOUT           seconds per call (optional, default 30)
  ZENML_SERVER_SERVER_URL                 the server's own URL (optional): sent as zenml-server-url
ZENML_SERVER_PRO_ORGANIZATION_NAME and ZENML_SERVER_PRO_WORKSPACE_NAME are read by a real server
too, and not needed for these calls.

Then, as a server does at startup, it logs in (POST /auth/login, client_credentials) and reports
its status (PATCH /workspace_status, no body: URL and version in the zenml-server-* headers). Given
a user's token (--user-token, or the environment variable ZENMLPRO_MOCK_USER_TOKEN), it authorizes
that user as the server does for each dashboard or CLI user (GET /users/authorize_server with the
user's token) and checks one permission of theirs (POST /rbac/check_permissions with the server's
token). One line per call on stdout; exit 0 when every call succeeds, 1 when one fails (a real
server would fail its startup, or refuse the user), 2 for bad settings.

Flags:
`

// envUserToken is where the user token is read from when --user-token is not given (a token on a
// command line shows in the process list).
const envUserToken = "ZENMLPRO_MOCK_USER_TOKEN"

// serverSettings are the ZENML_SERVER_PRO_* settings the calls use.
type serverSettings struct {
	apiURL, audience, enrollmentKey, workspaceID, organizationID, serverURL string
	timeout                                                                 time.Duration
}

var simulateUUID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// readServerSettings reads the environment as a ZenML server does, and names every setting that
// is missing or wrong at once.
func readServerSettings(getenv func(string) string) (serverSettings, error) {
	var problems []string
	required := func(name string) string {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			problems = append(problems, name+" is not set")
		}
		return v
	}
	httpURL := func(name string) string {
		v := required(name)
		if u, err := url.Parse(v); v != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
			problems = append(problems, fmt.Sprintf("%s=%q is not an http(s) URL", name, v))
		}
		return strings.TrimRight(v, "/")
	}
	uuid := func(name string) string {
		v := required(name)
		if v != "" && !simulateUUID.MatchString(v) {
			problems = append(problems, fmt.Sprintf("%s=%q is not a UUID", name, v))
		}
		return strings.ToLower(v)
	}
	if v := getenv("ZENML_SERVER_DEPLOYMENT_TYPE"); v != "cloud" {
		problems = append(problems, fmt.Sprintf("ZENML_SERVER_DEPLOYMENT_TYPE is %q: a server makes these calls only with cloud", v))
	}
	s := serverSettings{
		apiURL:         httpURL("ZENML_SERVER_PRO_API_URL"),
		audience:       required("ZENML_SERVER_PRO_OAUTH2_AUDIENCE"),
		enrollmentKey:  required("ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET"),
		workspaceID:    uuid("ZENML_SERVER_PRO_WORKSPACE_ID"),
		organizationID: uuid("ZENML_SERVER_PRO_ORGANIZATION_ID"),
		serverURL:      strings.TrimSpace(getenv("ZENML_SERVER_SERVER_URL")),
		timeout:        30 * time.Second,
	}
	httpURL("ZENML_SERVER_PRO_DASHBOARD_URL")
	if v := strings.TrimSpace(getenv("ZENML_SERVER_PRO_HTTP_TIMEOUT")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			problems = append(problems, fmt.Sprintf("ZENML_SERVER_PRO_HTTP_TIMEOUT=%q is not a whole number of seconds", v))
		}
		s.timeout = time.Duration(n) * time.Second
	}
	if len(problems) > 0 {
		return s, errors.New(strings.Join(problems, "; "))
	}
	return s, nil
}

// simulatedServer makes the calls, with the server's token in hand.
type simulatedServer struct {
	settings serverSettings
	version  string
	http     *http.Client
	out      io.Writer
	token    string
}

// callResult is one answer: its status and body.
type callResult struct {
	status int
	body   []byte
}

// errCallFailed ends the simulation: the line saying why is already printed.
var errCallFailed = errors.New("a call failed")

func simulate(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("zenmlpro-mock simulate-server", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	userToken := fs.String("user-token", "", "a user's `TOKEN` to authorize (default: $"+envUserToken+"); without one, only the startup calls are made")
	action := fs.String("action", "read", "the `ACTION` of the permission to check, as ZenML's server names it (read, create, update, delete, ...)")
	resource := fs.String("resource", "stack", "the `RESOURCE` of the permission to check, as ZenML's server writes it: [<project id>:]<type>[/<id>]")
	version := fs.String("server-version", "0.98.0", "the ZenML `VERSION` the server reports")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, simulateUsage)
			printFlags(fs, stdout)
			return 0
		}
		fmt.Fprintf(stderr, "zenmlpro-mock simulate-server: %v (see --help)\n", err)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "zenmlpro-mock simulate-server: unexpected argument %q (see --help)\n", fs.Arg(0))
		return 2
	}
	settings, err := readServerSettings(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "zenmlpro-mock simulate-server: %v. Set them as a ZenML server's environment, as modules/workspace-server-config renders it.\n", err)
		return 2
	}
	token := *userToken
	if token == "" {
		token = strings.TrimSpace(getenv(envUserToken))
	}
	s := &simulatedServer{settings: settings, version: *version, http: &http.Client{Timeout: settings.timeout}, out: stdout}
	if err := s.run(token, *action, *resource); err != nil {
		fmt.Fprintf(stderr, "zenmlpro-mock simulate-server: %v\n", err)
		return 1
	}
	return 0
}

// run makes a server's startup calls, then, given a user's token, authorizes the user and checks
// one permission.
func (s *simulatedServer) run(userToken, action, resource string) error {
	if err := s.login(); err != nil {
		return fmt.Errorf("%w: a ZenML server cannot start without logging in", err)
	}
	if err := s.reportStatus(); err != nil {
		return fmt.Errorf("%w: a ZenML server fails its startup when this call fails", err)
	}
	if userToken == "" {
		fmt.Fprintf(s.out, "GET /users/authorize_server: skipped, no user token (--user-token or %s)\n", envUserToken)
		return nil
	}
	userID, err := s.authorize(userToken)
	if err != nil {
		return fmt.Errorf("%w: a ZenML server refuses this user", err)
	}
	return s.checkPermission(userID, action, resource)
}

// headers are what a ZenML server sends with every call (public: zen_server/utils.py).
func (s *simulatedServer) headers(h http.Header) {
	h.Set("zenml-server-id", s.settings.workspaceID)
	h.Set("zenml-server-version", s.version)
	if s.settings.serverURL != "" {
		h.Set("zenml-server-url", s.settings.serverURL)
	}
}

func (s *simulatedServer) send(req *http.Request) (callResult, error) {
	resp, err := s.http.Do(req)
	if err != nil {
		return callResult{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return callResult{status: resp.StatusCode, body: body}, err
}

// login is POST /auth/login with the client_credentials grant; a ZenML server refuses an answer
// without a string access_token and an integer expires_in.
func (s *simulatedServer) login() error {
	form := url.Values{"client_id": {s.settings.workspaceID}, "client_secret": {s.settings.enrollmentKey},
		"audience": {s.settings.audience}, "grant_type": {"client_credentials"}}
	req, err := http.NewRequest(http.MethodPost, s.settings.apiURL+"/auth/login", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	s.headers(req.Header)
	const call = "POST /auth/login"
	res, err := s.send(req)
	if err != nil {
		return s.failed(call, 0, err.Error())
	}
	if res.status < 200 || res.status > 299 {
		return s.failed(call, res.status, errorDetail(res.body))
	}
	var answer struct {
		AccessToken any             `json:"access_token"`
		ExpiresIn   json.RawMessage `json:"expires_in"`
	}
	_ = json.Unmarshal(res.body, &answer)
	token, _ := answer.AccessToken.(string)
	seconds, err := strconv.Atoi(string(answer.ExpiresIn))
	if token == "" || err != nil || seconds <= 0 {
		return s.failed(call, res.status, "the answer needs a string access_token and a whole number expires_in, got "+truncate(res.body))
	}
	s.token = token
	fmt.Fprintf(s.out, "%s: %d, workspace %s logged in with its enrollment key (token for %d s)\n", call, res.status, s.settings.workspaceID, seconds)
	return nil
}

// serverCall makes a call with the server's token, logging in again once on a 401, as a ZenML
// server does.
func (s *simulatedServer) serverCall(method, path string, query url.Values, body any) (callResult, error) {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return callResult{}, err
		}
	}
	target := s.settings.apiURL + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	for relogged := false; ; relogged = true {
		var rd io.Reader = http.NoBody
		if payload != nil {
			rd = bytes.NewReader(payload)
		}
		req, err := http.NewRequest(method, target, rd)
		if err != nil {
			return callResult{}, err
		}
		if payload != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		s.headers(req.Header)
		req.Header.Set("Authorization", "Bearer "+s.token)
		res, err := s.send(req)
		if err != nil || res.status != http.StatusUnauthorized || relogged {
			return res, err
		}
		if err := s.login(); err != nil {
			return callResult{}, err
		}
	}
}

// reportStatus is PATCH /workspace_status with no body: the URL and version travel in the headers.
func (s *simulatedServer) reportStatus() error {
	const call = "PATCH /workspace_status"
	res, err := s.serverCall(http.MethodPatch, "/workspace_status", nil, nil)
	if err != nil {
		return s.failed(call, 0, err.Error())
	}
	if res.status < 200 || res.status > 299 {
		return s.failed(call, res.status, errorDetail(res.body))
	}
	// A server reads nothing of the answer; the mock's is the workspace, worth showing.
	var w struct {
		Name         string `json:"name"`
		Status       string `json:"status"`
		ZenMLService struct {
			Status *struct {
				ServerURL string `json:"server_url"`
				Version   string `json:"version"`
			} `json:"status"`
		} `json:"zenml_service"`
	}
	if json.Unmarshal(res.body, &w) == nil && w.Status != "" && w.ZenMLService.Status != nil {
		fmt.Fprintf(s.out, "%s: %d, workspace %s is %s (server_url %s, version %s)\n", call, res.status, w.Name, w.Status,
			w.ZenMLService.Status.ServerURL, w.ZenMLService.Status.Version)
	} else {
		fmt.Fprintf(s.out, "%s: %d, status reported (server_url %s, version %s)\n", call, res.status, s.settings.serverURL, s.version)
	}
	return nil
}

// authorize is GET /users/authorize_server?server_id= with the user's token, and only that (the
// public server sends no zenml-server-* headers on it): 2xx and the user, 401 or 403 "not
// authorized to access this server", 404 "did not recognize this server".
func (s *simulatedServer) authorize(userToken string) (string, error) {
	const call = "GET /users/authorize_server"
	req, err := http.NewRequest(http.MethodGet, s.settings.apiURL+"/users/authorize_server?"+url.Values{"server_id": {s.settings.workspaceID}}.Encode(), nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+userToken)
	res, err := s.send(req)
	switch {
	case err != nil:
		return "", s.failed(call, 0, err.Error())
	case res.status == http.StatusUnauthorized || res.status == http.StatusForbidden:
		return "", s.failed(call, res.status, "not authorized to access this server: "+errorDetail(res.body))
	case res.status == http.StatusNotFound:
		return "", s.failed(call, res.status, "the control plane did not recognize this server: "+errorDetail(res.body))
	case res.status < 200 || res.status > 299:
		return "", s.failed(call, res.status, errorDetail(res.body))
	}
	var user struct {
		ID      string `json:"id"`
		Email   string `json:"email"`
		Name    string `json:"name"`
		IsAdmin bool   `json:"is_admin"`
	}
	if err := json.Unmarshal(res.body, &user); err != nil || !simulateUUID.MatchString(user.ID) || user.Email == "" {
		return "", s.failed(call, res.status, "the answer needs a user with a UUID id and an email, got "+truncate(res.body))
	}
	fmt.Fprintf(s.out, "%s: %d, %s may use this server (user %s, is_admin %v)\n", call, res.status, user.Email, user.ID, user.IsAdmin)
	return user.ID, nil
}

// checkPermission is POST /rbac/check_permissions?user_id=&action= with the list of resources,
// with the server's token; the answer maps each resource to whether the user may.
func (s *simulatedServer) checkPermission(userID, action, resource string) error {
	const call = "POST /rbac/check_permissions"
	res, err := s.serverCall(http.MethodPost, "/rbac/check_permissions", url.Values{"user_id": {userID}, "action": {action}}, []string{resource})
	if err != nil {
		return s.failed(call, 0, err.Error())
	}
	if res.status < 200 || res.status > 299 {
		return s.failed(call, res.status, errorDetail(res.body))
	}
	var answer map[string]bool
	allowed, found := false, false
	if json.Unmarshal(res.body, &answer) == nil {
		allowed, found = answer[resource]
	}
	if !found || len(answer) != 1 {
		return s.failed(call, res.status, fmt.Sprintf("the answer must map exactly the resource asked, %q, to a boolean; got %s", resource, truncate(res.body)))
	}
	verdict := "refused"
	if allowed {
		verdict = "allowed"
	}
	fmt.Fprintf(s.out, "%s: %d, %s on %s is %s\n", call, res.status, action, resource, verdict)
	return nil
}

// failed prints the call's line and returns the error that ends the simulation.
func (s *simulatedServer) failed(call string, status int, detail string) error {
	if status == 0 {
		fmt.Fprintf(s.out, "%s: failed, %s\n", call, detail)
	} else {
		fmt.Fprintf(s.out, "%s: %d, %s\n", call, status, detail)
	}
	return fmt.Errorf("%s %w", call, errCallFailed)
}

// errorDetail is the message of an error answer in any of ZenML's forms.
func errorDetail(body []byte) string {
	var answer struct {
		Detail any `json:"detail"`
	}
	if json.Unmarshal(body, &answer) == nil {
		switch d := answer.Detail.(type) {
		case string:
			return d
		case []any:
			parts := make([]string, 0, len(d))
			for _, p := range d {
				if s, ok := p.(string); ok {
					parts = append(parts, s)
				}
			}
			if len(parts) > 1 {
				return strings.Join(parts[1:], ": ") + " (" + parts[0] + ")"
			}
		}
	}
	return truncate(body)
}

func truncate(body []byte) string {
	s := strings.TrimSpace(string(body))
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	if s == "" {
		return "an empty answer"
	}
	return s
}
