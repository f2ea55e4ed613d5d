package mockcontrolplane

import (
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

var workspaceStatuses = []string{"not_initialized", "pending", "available", "failed", "deactivated", "deleted"}

const defaultServerVersion = "0.85.0"

type workspaceView struct {
	ID           string       `json:"id"`
	Name         string       `json:"name"`
	DisplayName  string       `json:"display_name"`
	Description  string       `json:"description"`
	Organization nameRef      `json:"organization"`
	IsManaged    bool         `json:"is_managed"`
	DesiredState string       `json:"desired_state"`
	Status       string       `json:"status"`
	StateReason  string       `json:"state_reason"`
	ZenMLService zenmlService `json:"zenml_service"`
	Created      string       `json:"created"`
	Updated      string       `json:"updated"`
	Enrollment   *string      `json:"enrollment_key,omitempty"` // only in the answer that creates it
}

// zenmlService is the public read model's zenml_service: configuration is null until a version
// is set, status null until the workspace's server reports.
type zenmlService struct {
	Configuration *serviceConfiguration `json:"configuration"`
	Status        *serviceStatus        `json:"status"`
}

type serviceConfiguration struct {
	Version string `json:"version"`
}

type serviceStatus struct {
	ServerURL string `json:"server_url"`
	Version   string `json:"version"`
}

func (s *Server) viewWorkspace(w *Workspace, now time.Time) workspaceView {
	v := workspaceView{ID: w.ID, Name: w.Name, DisplayName: w.DisplayName, Description: w.Description,
		Organization: nameRef{ID: w.OrganizationID}, IsManaged: w.IsManaged, DesiredState: w.DesiredState,
		Status: effectiveWorkspaceStatus(w, now), StateReason: w.StateReason,
		Created: ts(w.Created), Updated: ts(w.Updated)}
	if w.Version != "" {
		v.ZenMLService.Configuration = &serviceConfiguration{Version: w.Version}
	}
	if o := s.st.orgs[w.OrganizationID]; o != nil {
		v.Organization.Name = o.Name
	}
	if w.Reported {
		v.ZenMLService.Status = &serviceStatus{ServerURL: w.ServerURL, Version: w.ServerVersion}
	}
	return v
}

// liveWorkspace returns the workspace unless it does not exist or its "deleted" window is over.
func (s *Server) liveWorkspace(id string, now time.Time) *Workspace {
	w := s.st.workspaces[id]
	if w == nil || workspaceGone(w, now, s.opts.DeletionDelay) {
		return nil
	}
	return w
}

// pathWorkspace resolves /workspaces/{id} for a service-account caller. A workspace in its
// "deleted" window can be read but not changed.
func (c *call) pathWorkspace(write bool) (*Workspace, *reply) {
	id, ok := parseUUID(c.r.PathValue("id"))
	w := c.s.liveWorkspace(id, c.now)
	if !ok || w == nil || write && w.DeletedAt != nil {
		rep := notFound("workspace")
		return nil, &rep
	}
	if rep := c.orgAccess(w.OrganizationID, write, "workspace"); rep != nil {
		return nil, rep
	}
	return w, nil
}

// provision starts (or restarts) a managed workspace: pending until the provisioning delay passes.
func (s *Server) provision(w *Workspace, now time.Time) {
	w.StateReason = ""
	if s.opts.ProvisionDelay < 0 {
		w.Status, w.AvailableAt = "available", nil
		return
	}
	at := now.Add(s.opts.ProvisionDelay)
	w.Status, w.AvailableAt = "pending", &at
}

// settle stores the status a reader would see now, before a write changes the workspace.
func settle(w *Workspace, now time.Time) {
	if st := effectiveWorkspaceStatus(w, now); st != w.Status && w.DeletedAt == nil {
		w.Status, w.AvailableAt = st, nil
	}
}

// listWorkspaces is GET /workspaces?organization_id=&workspace_name=&status=&url=&member_only=&is_managed=.
// is_managed is true by default: hybrid workspaces are listed only with is_managed=false (as a
// changelog entry says of the real API). url matches the URL the workspace's server reported.
// member_only changes nothing: a service account sees exactly the workspaces of the
// organizations it is a member of.
func (s *Server) listWorkspaces(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	q := c.r.URL.Query()
	orgID, rep := queryUUID(c.r, "organization_id")
	if rep != nil {
		return *rep
	}
	name, status, serverURL := q.Get("workspace_name"), q.Get("status"), strings.TrimRight(q.Get("url"), "/")
	if status != "" && !contains(workspaceStatuses, status) {
		return invalid("query parameter status must be one of not_initialized, pending, available, failed, deactivated, deleted")
	}
	managed, rep := queryBoolDefault(c.r, "is_managed", true)
	if rep != nil {
		return *rep
	}
	if _, rep := queryBool(c.r, "member_only"); rep != nil {
		return *rep
	}
	out := []workspaceView{}
	for _, w := range values(s.st.workspaces, func(w *Workspace) time.Time { return w.Created }, func(w *Workspace) string { return w.ID }) {
		if workspaceGone(w, c.now, s.opts.DeletionDelay) || !c.isMember(w.OrganizationID) || w.IsManaged != managed {
			continue
		}
		if orgID != "" && w.OrganizationID != orgID || name != "" && w.Name != name {
			continue
		}
		if serverURL != "" && (!w.Reported || strings.TrimRight(w.ServerURL, "/") != serverURL) {
			continue
		}
		v := s.viewWorkspace(w, c.now)
		if status != "" && v.Status != status {
			continue
		}
		out = append(out, v)
	}
	return listReply(c, out)
}

type workspaceBody struct {
	Name           *string `json:"name"`
	DisplayName    *string `json:"display_name"`
	Description    *string `json:"description"`
	OrganizationID *string `json:"organization_id"`
	IsManaged      *bool   `json:"is_managed"`
	DesiredState   *string `json:"desired_state"`
	ZenMLService   *struct {
		Configuration *struct {
			Version *string `json:"version"`
		} `json:"configuration"`
	} `json:"zenml_service"`
}

func (b *workspaceBody) version() *string {
	if b.ZenMLService == nil || b.ZenMLService.Configuration == nil {
		return nil
	}
	return b.ZenMLService.Configuration.Version
}

func (b *workspaceBody) validateCommon() *reply {
	if b.DisplayName != nil && utf8.RuneCountInString(*b.DisplayName) > maxDisplayName {
		rep := invalid("display_name must be at most %d characters", maxDisplayName)
		return &rep
	}
	if b.Description != nil {
		if rep := validDescription(*b.Description); rep != nil {
			return rep
		}
	}
	if v := b.version(); v != nil && *v != "" && !versionRE.MatchString(*v) {
		rep := invalid("zenml_service.configuration.version must be a version such as 0.85.0")
		return &rep
	}
	if b.DesiredState != nil && *b.DesiredState != "available" && *b.DesiredState != "deactivated" {
		rep := invalid("desired_state must be available or deactivated")
		return &rep
	}
	return nil
}

// createWorkspace: POST /workspaces?enroll=true makes a hybrid workspace from as little as
// {"name", "organization_id"} (is_managed absent or false) and answers its enrollment key, once;
// POST /workspaces without enroll=true makes a managed one, and its body must say is_managed: true.
func (s *Server) createWorkspace(c *call) reply {
	var body workspaceBody
	if rep := decodeJSON(c.r, &body); rep != nil {
		return *rep
	}
	enroll, rep := queryBool(c.r, "enroll")
	if rep != nil {
		return *rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, rep := c.bodyOrg(body.OrganizationID)
	if rep != nil {
		return *rep
	}
	if body.Name == nil || !workspaceNameRE.MatchString(*body.Name) {
		return invalid("name must be 1-50 characters of lowercase letters, digits and hyphens, starting with a letter")
	}
	if rep := body.validateCommon(); rep != nil {
		return *rep
	}
	var managed bool
	switch {
	case enroll && body.IsManaged != nil && *body.IsManaged:
		return invalid("is_managed: enroll=true makes a hybrid workspace; leave is_managed out (or false), or drop enroll=true for a managed one")
	case enroll:
		managed = false
	case body.IsManaged == nil || !*body.IsManaged:
		return invalid("is_managed: a managed workspace says is_managed: true; a hybrid one is created with POST /workspaces?enroll=true")
	default:
		managed = true
	}
	for _, other := range s.st.workspaces {
		if other.Name == *body.Name && !workspaceGone(other, c.now, s.opts.DeletionDelay) {
			return conflict("a workspace named %q already exists (workspace names are globally unique)", *body.Name)
		}
	}
	s.purgeGoneWorkspaces(c.now)
	w := &Workspace{ID: newID(), Name: *body.Name, DisplayName: deref(body.DisplayName), Description: deref(body.Description),
		OrganizationID: o.ID, IsManaged: managed, DesiredState: "available", Version: deref(body.version()),
		Created: c.now, Updated: c.now}
	if w.DisplayName == "" {
		w.DisplayName = w.Name
	}
	if body.DesiredState != nil && *body.DesiredState == "deactivated" {
		w.DesiredState = "deactivated"
	}
	var key string
	switch {
	case w.DesiredState == "deactivated":
		w.Status = "deactivated"
	case managed:
		s.provision(w, c.now)
	default:
		w.Status = "not_initialized"
	}
	if !managed {
		key = newEnrollmentKey()
		w.EnrollmentKeySHA256 = sha256Hex(key)
	}
	s.st.workspaces[w.ID] = w
	v := s.viewWorkspace(w, c.now)
	if key != "" {
		v.Enrollment = &key
	}
	return created(v)
}

// purgeGoneWorkspaces forgets deleted workspaces whose "deleted" window is over.
func (s *Server) purgeGoneWorkspaces(now time.Time) {
	for id, w := range s.st.workspaces {
		if workspaceGone(w, now, s.opts.DeletionDelay) {
			delete(s.st.workspaces, id)
		}
	}
}

func (s *Server) getWorkspace(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var w *Workspace
	if c.who.kind == principalWorkspace {
		// authenticate already checked that a workspace server reads only its own workspace.
		w = s.liveWorkspace(c.who.id, c.now)
		if w == nil {
			return notFound("workspace")
		}
	} else {
		var rep *reply
		if w, rep = c.pathWorkspace(false); rep != nil {
			return *rep
		}
	}
	if c.lagging(w.Created) {
		return notFound("workspace")
	}
	return jsonReply(http.StatusOK, s.viewWorkspace(w, c.now))
}

func (s *Server) updateWorkspace(c *call) reply {
	var body workspaceBody
	if rep := decodeJSON(c.r, &body); rep != nil {
		return *rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w, rep := c.pathWorkspace(true)
	if rep != nil {
		return *rep
	}
	if body.Name != nil && *body.Name != w.Name {
		return invalid("name is immutable: create a new workspace instead")
	}
	if body.IsManaged != nil && *body.IsManaged != w.IsManaged {
		return invalid("is_managed is immutable")
	}
	if rep := body.validateCommon(); rep != nil {
		return *rep
	}
	settle(w, c.now)
	if body.DisplayName != nil {
		w.DisplayName = *body.DisplayName
		if w.DisplayName == "" {
			w.DisplayName = w.Name
		}
	}
	if body.Description != nil {
		w.Description = *body.Description
	}
	if v := body.version(); v != nil {
		w.Version = *v
	}
	if body.DesiredState != nil {
		switch *body.DesiredState {
		case "deactivated":
			w.DesiredState, w.Status, w.StateReason, w.AvailableAt = "deactivated", "deactivated", "", nil
		case "available":
			w.DesiredState = "available"
			// Re-activating (or retrying a failed workspace) brings it up again.
			if w.Status == "deactivated" || w.Status == "failed" {
				s.activate(w, c.now)
			}
		}
	}
	w.Updated = c.now
	return jsonReply(http.StatusOK, s.viewWorkspace(w, c.now))
}

// activate: a managed workspace provisions again; a hybrid one is available if its server ever
// reported, else not_initialized.
func (s *Server) activate(w *Workspace, now time.Time) {
	w.StateReason = ""
	switch {
	case w.IsManaged:
		s.provision(w, now)
	case w.Reported:
		w.Status = "available"
	default:
		w.Status = "not_initialized"
	}
}

func (s *Server) deleteWorkspace(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, rep := c.pathWorkspace(true)
	if rep != nil {
		return *rep
	}
	s.st.deleteAssignmentsWhere(func(a *Assignment) bool { return a.WorkspaceID == w.ID })
	s.st.deleteSharesWhere(func(sh *ResourceShare) bool { return sh.WorkspaceID == w.ID })
	if s.opts.DeletionDelay > 0 {
		at := c.now
		w.DeletedAt, w.Status, w.AvailableAt, w.Updated = &at, "deleted", nil, c.now
	} else {
		delete(s.st.workspaces, w.ID)
	}
	return deleted()
}

func (s *Server) rotateEnrollmentKey(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, rep := c.pathWorkspace(true)
	if rep != nil {
		return *rep
	}
	if w.IsManaged {
		return invalid("a managed workspace has no enrollment key")
	}
	key := newEnrollmentKey()
	w.EnrollmentKeySHA256 = sha256Hex(key) // the old key stops working at once
	w.Updated = c.now
	return jsonReply(http.StatusOK, map[string]string{"enrollment_key": key})
}

type statusReport struct {
	ServerURL *string `json:"server_url"`
	Version   *string `json:"version"`
}

// Headers a hybrid workspace server sends with every call (public: cloud_utils.py).
const (
	headerServerID      = "zenml-server-id"
	headerServerURL     = "zenml-server-url"
	headerServerVersion = "zenml-server-version"
)

// reportWorkspaceStatus is PATCH /workspace_status from a hybrid workspace server. A real server
// sends no body: its URL and version come in the zenml-server-url and zenml-server-version
// headers. A JSON body {"server_url", "version"} is accepted too; a field it carries wins over
// the header. (authenticate checked that a zenml-server-id header names the token's workspace.)
func (s *Server) reportWorkspaceStatus(c *call) reply {
	var body statusReport
	if rep := decodeOptionalJSON(c.r, &body); rep != nil {
		return *rep
	}
	serverURL, version := c.r.Header.Get(headerServerURL), c.r.Header.Get(headerServerVersion)
	if body.ServerURL != nil {
		serverURL = *body.ServerURL
	}
	if body.Version != nil {
		version = *body.Version
	}
	if !validHTTPURL(serverURL, false) {
		return invalid("server_url (or the %s header) must be an http or https URL with a host", headerServerURL)
	}
	if !versionRE.MatchString(version) {
		return invalid("version (or the %s header) must be a version such as 0.85.0", headerServerVersion)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.liveWorkspace(c.who.id, c.now)
	if w == nil || w.DeletedAt != nil {
		return notFound("workspace")
	}
	s.report(w, serverURL, version, c.now)
	return jsonReply(http.StatusOK, s.viewWorkspace(w, c.now))
}

func (s *Server) report(w *Workspace, serverURL, version string, now time.Time) {
	w.ServerURL, w.ServerVersion, w.Reported = serverURL, version, true
	if w.DesiredState != "deactivated" {
		w.Status, w.StateReason = "available", ""
	}
	w.Updated = now
}

// ConnectWorkspace does what a hybrid workspace server does on first start: log in with its
// enrollment key and report its URL and version. "" picks defaults.
func (s *Server) ConnectWorkspace(id, serverURL, version string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	w := s.liveWorkspace(id, now)
	if w == nil || w.DeletedAt != nil {
		return errors.New("workspace not found")
	}
	if w.IsManaged {
		return errors.New("a managed workspace has no server to connect")
	}
	if serverURL == "" {
		serverURL = "https://" + w.Name + ".workspaces.example.com"
	}
	if !validHTTPURL(serverURL, false) {
		return errors.New("server_url must be an http or https URL with a host")
	}
	if version == "" {
		version = w.Version
		if version == "" {
			version = defaultServerVersion
		}
	}
	if !versionRE.MatchString(version) {
		return errors.New("version must be a version such as 0.85.0")
	}
	s.report(w, serverURL, version, now)
	return nil
}

// FailWorkspace puts a workspace in status "failed" with the reason.
func (s *Server) FailWorkspace(id, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	w := s.liveWorkspace(id, now)
	if w == nil || w.DeletedAt != nil {
		return errors.New("workspace not found")
	}
	if reason == "" {
		reason = "failed (injected by the mock)"
	}
	w.Status, w.StateReason, w.AvailableAt, w.Updated = "failed", reason, nil, now
	return nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
