package mockcontrolplane

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// The RBAC calls a hybrid workspace server makes for its users (public: zen_server/rbac/
// zenml_cloud_rbac.py), answered from the mock's own role assignments. Who reaches a workspace,
// which actions each role grants, and how shares work are ours: API-CONTRACT.md, "Who reaches a
// workspace, and what a role lets one do there".

// ZenML's RBAC actions (public: zen_server/rbac/models.py). A server may send others (the list
// grows between releases): only the Admin roles grant an action this table does not name.
const (
	actionCreate          = "create"
	actionRead            = "read"
	actionUpdate          = "update"
	actionDelete          = "delete"
	actionReadSecretValue = "read_secret_value"
	actionPrune           = "prune"
	actionClient          = "client" // obtain credentials through a service connector
	actionPromote         = "promote"
	actionBackupRestore   = "backup_restore"
	actionShare           = "share"
	everyAction           = "*" // in a grant's typed table: every action on that resource type
)

// rbacNameRE is the shape of a resource type or an action: lowercase words joined by underscores.
var rbacNameRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// rbacResource is a resource as ZenML's server writes it: "[<project id>:]<type>[/<id>]" (public:
// rbac/models.py, Resource.__str__). The project is set for project-scoped types only.
type rbacResource struct {
	project, typ, id string
}

// parseRBACResource reads a resource string; ids are UUIDs in either case.
func parseRBACResource(s string) (rbacResource, bool) {
	var r rbacResource
	rest := s
	if project, after, scoped := strings.Cut(s, ":"); scoped {
		id, ok := parseUUID(project)
		if !ok {
			return r, false
		}
		r.project, rest = id, after
	}
	typ, id, hasID := strings.Cut(rest, "/")
	if !rbacNameRE.MatchString(typ) {
		return r, false
	}
	r.typ = typ
	if hasID {
		lower, ok := parseUUID(id)
		if !ok {
			return r, false
		}
		r.id = lower
	}
	return r, true
}

// String writes the resource back in ZenML's form, ids in lowercase.
func (r rbacResource) String() string {
	s := r.typ
	if r.project != "" {
		s = r.project + ":" + s
	}
	if r.id != "" {
		s += "/" + r.id
	}
	return s
}

// --- what a role lets one do ---

// grant is what one source of rights lets a user do in a workspace: a role held there (directly or
// through a team), or Organization Admin or Manager.
type grant struct {
	project string                     // "": the whole workspace; else that project only
	every   bool                       // every action on every resource type
	actions map[string]bool            // these actions on every resource type
	typed   map[string]map[string]bool // resource type -> actions (everyAction: all of them)
	// readsOwnProject: of the project itself (a project grant's), only read (built-in project
	// roles but Project Admin, as their permission lists say).
	readsOwnProject bool
}

// covers reports whether the grant's scope holds the resource: a project grant holds the
// project's resources and the project itself, not the workspace's global ones (stacks, secrets).
func (g grant) covers(r rbacResource) bool {
	return g.project == "" || r.project == g.project || r.typ == "project" && r.id == g.project
}

func (g grant) allows(r rbacResource, action string) bool {
	if !g.covers(r) {
		return false
	}
	if g.every {
		return true
	}
	if g.readsOwnProject && r.typ == "project" && r.id == g.project && action != actionRead {
		return false
	}
	return g.actions[action] || g.typed[r.typ][action] || g.typed[r.typ][everyAction]
}

func actionSet(actions ...string) map[string]bool {
	m := map[string]bool{}
	for _, a := range actions {
		m[a] = true
	}
	return m
}

// builtinRoleGrants is what each built-in workspace and project role lets one do, on every
// resource type of its scope (Stack Admin: on its resource types only). Immutable.
var builtinRoleGrants = func() map[string]grant {
	developer := actionSet(actionRead, actionCreate, actionUpdate, actionDelete, actionPrune, actionReadSecretValue,
		actionClient, actionPromote)
	contributor := actionSet(actionRead, actionCreate, actionUpdate, actionClient)
	viewer := actionSet(actionRead)
	every := actionSet(everyAction)
	return map[string]grant{
		"Workspace Admin":       {every: true},
		"Workspace Developer":   {actions: developer},
		"Workspace Contributor": {actions: contributor},
		"Workspace Viewer":      {actions: viewer},
		"Stack Admin": {typed: map[string]map[string]bool{"stack": every, "stack_component": every, "flavor": every,
			"service_connector": every, "secret": actionSet(actionRead, actionReadSecretValue)}},
		"Project Admin":       {every: true},
		"Project Developer":   {actions: developer, readsOwnProject: true},
		"Project Contributor": {actions: contributor, readsOwnProject: true},
		"Project Viewer":      {actions: viewer, readsOwnProject: true},
	}
}()

// catalogueTypes: the ZenML resource types a resource of the permission catalogue (GET
// /permissions) stands for, so that custom roles grant through their permissions. Immutable.
var catalogueTypes = map[string][]string{
	"project":           {"project"},
	"stack":             {"stack"},
	"component":         {"stack_component", "flavor"},
	"secret":            {"secret"},
	"service_connector": {"service_connector"},
	"pipeline":          {"pipeline", "pipeline_build", "pipeline_deployment", "pipeline_snapshot", "run_template", "code_repository"},
	"run":               {"pipeline_run", "step_run", "run_metadata"},
	"artifact":          {"artifact", "artifact_version"},
	"model":             {"model", "model_version"},
	"deployment":        {"deployment", "service"},
	"schedule":          {"schedule", "trigger", "trigger_execution", "event_source", "action"},
	"tag":               {"tag"},
}

// catalogueActions: the ZenML actions an action of the permission catalogue grants. Immutable.
var catalogueActions = map[string][]string{
	"read":   {actionRead},
	"create": {actionCreate},
	"update": {actionUpdate},
	"delete": {actionDelete, actionPrune},
	"use":    {actionClient},
}

// customRoleGrant is what a custom role lets one do: each of its permissions, through the two
// tables above, with four permissions of their own: secret:read also reads secret values,
// model:update also promotes, pipeline:run creates pipeline runs, workspace:share shares any
// resource. The other workspace:* permissions are about the control plane, not the server.
func customRoleGrant(r *Role) grant {
	g := grant{actions: map[string]bool{}, typed: map[string]map[string]bool{}}
	add := func(typ string, actions ...string) {
		if g.typed[typ] == nil {
			g.typed[typ] = map[string]bool{}
		}
		for _, a := range actions {
			g.typed[typ][a] = true
		}
	}
	for _, p := range r.Permissions {
		switch p {
		case "workspace:share":
			g.actions[actionShare] = true
			continue
		case "pipeline:run":
			add("pipeline_run", actionCreate)
			continue
		}
		actions := catalogueActions[action(p)]
		switch p {
		case "secret:read":
			actions = []string{actionRead, actionReadSecretValue}
		case "model:update":
			actions = []string{actionUpdate, actionPromote}
		}
		for _, typ := range catalogueTypes[resource(p)] {
			add(typ, actions...)
		}
	}
	return g
}

// roleGrant is what holding role r lets one do (organization-level roles: nothing in a workspace).
func roleGrant(r *Role) grant {
	if r.SystemManaged {
		return builtinRoleGrants[r.Name]
	}
	if r.Level == levelOrganization {
		return grant{}
	}
	return customRoleGrant(r)
}

// --- who reaches a workspace ---

// workspaceAccess is what one user may do in one workspace.
type workspaceAccess struct {
	reaches bool     // Organization Admin or Manager, or any workspace or project role there
	admin   bool     // Organization Admin or Manager, or Workspace Admin: is_admin of authorize_server
	grants  []grant  // every source of rights
	teams   []string // the user's teams in the workspace's organization
	userID  string
}

// access computes a user's (a person's or a service account's) rights in w from the role
// assignments held directly or through a team of w's organization. The caller holds s.mu.
func (st *store) access(userID string, w *Workspace) workspaceAccess {
	acc := workspaceAccess{userID: userID, teams: st.userTeams(userID, w.OrganizationID)}
	for _, a := range st.assignments {
		if a.OrganizationID != w.OrganizationID {
			continue
		}
		held := a.SubjectType == subjectUser && a.SubjectID == userID ||
			a.SubjectType == subjectTeam && slices.Contains(acc.teams, a.SubjectID)
		if !held {
			continue
		}
		r := st.roles[a.RoleID]
		switch {
		case r == nil:
		case a.WorkspaceID == "" && r.SystemManaged && (r.Name == roleOrgAdmin || r.Name == roleOrgManager):
			acc.reaches, acc.admin = true, true
			acc.grants = append(acc.grants, grant{every: true})
		case a.WorkspaceID == w.ID:
			acc.reaches = true
			acc.admin = acc.admin || r.SystemManaged && r.Name == "Workspace Admin"
			g := roleGrant(r)
			g.project = a.ProjectID
			acc.grants = append(acc.grants, g)
		}
	}
	return acc
}

// userTeams lists the teams of the organization the user belongs to, in creation order.
func (st *store) userTeams(userID, orgID string) []string {
	out := []string{}
	for _, t := range values(st.teams, func(t *Team) time.Time { return t.Created }, func(t *Team) string { return t.ID }) {
		if t.OrganizationID == orgID && st.memberships[membershipKey{teamID: t.ID, userID: userID}] != nil {
			out = append(out, t.ID)
		}
	}
	return out
}

// allows reports whether the user may take the action on the resource: through a grant, or
// through a share of that very resource to the user or one of its teams.
func (st *store) allows(acc workspaceAccess, w *Workspace, r rbacResource, action string) bool {
	for _, g := range acc.grants {
		if g.allows(r, action) {
			return true
		}
	}
	for _, sh := range st.sharesOf(w.ID, r.String()) {
		if acc.sharedWith(sh) && slices.Contains(sh.Actions, action) {
			return true
		}
	}
	return false
}

func (acc workspaceAccess) sharedWith(sh *ResourceShare) bool {
	return sh.SubjectType == subjectUser && sh.SubjectID == acc.userID ||
		sh.SubjectType == subjectTeam && slices.Contains(acc.teams, sh.SubjectID)
}

// --- shares ---

// ResourceShare is one resource a workspace server shared with a user or a team
// (POST /rbac/resource_members): the actions they may take on it, whatever their roles.
type ResourceShare struct {
	WorkspaceID   string    `json:"workspace_id"`
	Resource      string    `json:"resource"` // "[<project id>:]<type>/<id>", ids in lowercase
	SubjectType   string    `json:"subject_type"`
	SubjectID     string    `json:"subject_id"`
	Actions       []string  `json:"actions"`
	SharingUserID string    `json:"sharing_user_id"`
	Created       time.Time `json:"created"`
}

type shareKey struct{ workspaceID, resource, subjectType, subjectID string }

func (sh *ResourceShare) key() shareKey {
	return shareKey{sh.WorkspaceID, sh.Resource, sh.SubjectType, sh.SubjectID}
}

func (sh *ResourceShare) sortID() string {
	return sh.WorkspaceID + "/" + sh.Resource + "/" + sh.SubjectType + "/" + sh.SubjectID
}

func (st *store) sharesOf(workspaceID, resource string) []*ResourceShare {
	var out []*ResourceShare
	for _, sh := range st.shares {
		if sh.WorkspaceID == workspaceID && sh.Resource == resource {
			out = append(out, sh)
		}
	}
	return out
}

func (st *store) deleteSharesWhere(match func(*ResourceShare) bool) {
	for k, sh := range st.shares {
		if match(sh) {
			delete(st.shares, k)
		}
	}
}

// --- the five calls ---

// serverWorkspace is the workspace of the calling server's token (authenticate let only a
// workspace server's token through). The caller holds s.mu.
func (c *call) serverWorkspace() (*Workspace, *reply) {
	w := c.s.liveWorkspace(c.who.id, c.now)
	if w == nil || w.DeletedAt != nil {
		rep := notFound("workspace")
		return nil, &rep
	}
	return w, nil
}

// requiredQueryUUID reads a UUID query parameter that must be there.
func requiredQueryUUID(r *http.Request, name string) (string, *reply) {
	id, rep := queryUUID(r, name)
	if rep == nil && id == "" {
		bad := invalid("query parameter %s is required", name)
		rep = &bad
	}
	return id, rep
}

// userAndAction reads the user_id and action query parameters of check_permissions and
// allowed_resource_ids.
func userAndAction(r *http.Request) (string, string, *reply) {
	userID, rep := requiredQueryUUID(r, "user_id")
	if rep != nil {
		return "", "", rep
	}
	action := r.URL.Query().Get("action")
	if !rbacNameRE.MatchString(action) {
		bad := invalid("query parameter action must be a ZenML action such as read, create, update or delete")
		return "", "", &bad
	}
	return userID, action, nil
}

func invalidResource(field, s string) *reply {
	rep := invalid("%s: %q is not a resource of the form [<project id>:]<type>[/<id>] (ids are UUIDs), such as stack or <project id>:pipeline", field, s)
	return &rep
}

// checkPermissions is POST /rbac/check_permissions?user_id=&action= with a JSON list of
// resources: it answers {"<resource>": bool} for exactly the resources asked, as they were
// written.
func (s *Server) checkPermissions(c *call) reply {
	userID, action, rep := userAndAction(c.r)
	if rep != nil {
		return *rep
	}
	var asked []string
	if rep := decodeJSONList(c.r, &asked); rep != nil {
		return *rep
	}
	resources := make([]rbacResource, len(asked))
	for i, raw := range asked {
		r, ok := parseRBACResource(raw)
		if !ok {
			return *invalidResource("body", raw)
		}
		resources[i] = r
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	w, rep := c.serverWorkspace()
	if rep != nil {
		return *rep
	}
	acc := s.st.access(userID, w)
	out := map[string]bool{}
	for i, raw := range asked {
		out[raw] = s.st.allows(acc, w, resources[i], action)
	}
	return jsonReply(http.StatusOK, out)
}

// allowedResourceIDs is GET /rbac/allowed_resource_ids?user_id=&resource=&action=: full_access
// when a role lets the user take the action on every resource of that type (in that project),
// else the ids of the resources of that type shared with it for that action.
func (s *Server) allowedResourceIDs(c *call) reply {
	userID, action, rep := userAndAction(c.r)
	if rep != nil {
		return *rep
	}
	raw := c.r.URL.Query().Get("resource")
	res, ok := parseRBACResource(raw)
	if !ok {
		return *invalidResource("query parameter resource", raw)
	}
	if res.id != "" {
		return invalid("query parameter resource names a type, without an id: %s", strings.SplitN(raw, "/", 2)[0])
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	w, rep := c.serverWorkspace()
	if rep != nil {
		return *rep
	}
	acc := s.st.access(userID, w)
	full := false
	ids := []string{}
	for _, g := range acc.grants {
		if g.allows(res, action) {
			full = true
		}
		// A project role holds its own project: listing projects shows that one.
		if res.typ == "project" && g.project != "" && g.allows(rbacResource{typ: "project", id: g.project}, action) {
			ids = append(ids, g.project)
		}
	}
	for _, sh := range s.st.shares {
		r, _ := parseRBACResource(sh.Resource)
		if sh.WorkspaceID == w.ID && r.project == res.project && r.typ == res.typ && acc.sharedWith(sh) && slices.Contains(sh.Actions, action) {
			ids = append(ids, r.id)
		}
	}
	if full {
		ids = []string{}
	}
	slices.Sort(ids)
	return jsonReply(http.StatusOK, map[string]any{"full_access": full, "ids": slices.Compact(ids)})
}

// userTeamIDs is GET /rbac/user_team_ids?user_id=: the teams of the workspace's organization the
// user belongs to (an unknown user belongs to none).
func (s *Server) userTeamIDs(c *call) reply {
	userID, rep := requiredQueryUUID(c.r, "user_id")
	if rep != nil {
		return *rep
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	w, rep := c.serverWorkspace()
	if rep != nil {
		return *rep
	}
	return jsonReply(http.StatusOK, s.st.userTeams(userID, w.OrganizationID))
}

type resourceMembersBody struct {
	UserID        *string   `json:"user_id"`
	TeamID        *string   `json:"team_id"`
	SharingUserID *string   `json:"sharing_user_id"`
	Resource      *string   `json:"resource"`
	Actions       *[]string `json:"actions"`
}

type shareView struct {
	Resource      string   `json:"resource"`
	UserID        *string  `json:"user_id"`
	TeamID        *string  `json:"team_id"`
	SharingUserID string   `json:"sharing_user_id"`
	Actions       []string `json:"actions"`
}

// shareResource is POST /rbac/resource_members {user_id | team_id, sharing_user_id, resource,
// actions}: the user or team may now take exactly these actions on that one resource (an empty
// list takes the share back). The sharing user must be allowed to share it.
func (s *Server) shareResource(c *call) reply {
	var body resourceMembersBody
	if rep := decodeJSON(c.r, &body); rep != nil {
		return *rep
	}
	q, rep := body.subject()
	if rep != nil {
		return *rep
	}
	sharingUser, ok := parseUUID(deref(body.SharingUserID))
	if !ok {
		return invalid("sharing_user_id must be the UUID of the user who shares the resource")
	}
	if body.Resource == nil {
		return invalid("resource is required, such as <project id>:pipeline/<id>")
	}
	res, ok := parseRBACResource(*body.Resource)
	if !ok {
		return *invalidResource("resource", *body.Resource)
	}
	if res.id == "" {
		return invalid("resource must name one resource, <type>/<id>: a type is shared through roles")
	}
	if body.Actions == nil {
		return invalid("actions is required: the list of actions the user or team may take on the resource")
	}
	actions := slices.Clone(*body.Actions)
	for _, a := range actions {
		if !rbacNameRE.MatchString(a) {
			return invalid("actions: %q is not a ZenML action such as read or update", a)
		}
	}
	slices.Sort(actions)
	actions = slices.Compact(actions)

	s.mu.Lock()
	defer s.mu.Unlock()
	w, rep := c.serverWorkspace()
	if rep != nil {
		return *rep
	}
	st := s.st
	switch q.subjectType {
	case subjectUser:
		if !st.userSubjectOK(q.subjectID, w.OrganizationID) && !st.access(q.subjectID, w).reaches {
			return invalid("user_id: user %s is not a member of the workspace's organization", q.subjectID)
		}
	case subjectTeam:
		if t := st.teams[q.subjectID]; t == nil || t.OrganizationID != w.OrganizationID {
			return invalid("team_id: team %s does not exist in the workspace's organization", q.subjectID)
		}
	}
	if !st.allows(st.access(sharingUser, w), w, res, actionShare) {
		return forbidden("user %s may not share %s: sharing needs the share action on it (Workspace Admin, Project Admin, or workspace:share)", sharingUser, res)
	}
	sh := &ResourceShare{WorkspaceID: w.ID, Resource: res.String(), SubjectType: q.subjectType, SubjectID: q.subjectID,
		Actions: actions, SharingUserID: sharingUser, Created: c.now}
	if len(actions) == 0 {
		delete(st.shares, sh.key())
	} else {
		st.shares[sh.key()] = sh
	}
	v := shareView{Resource: sh.Resource, SharingUserID: sharingUser, Actions: actions}
	if q.subjectType == subjectUser {
		v.UserID = &q.subjectID
	} else {
		v.TeamID = &q.subjectID
	}
	return jsonReply(http.StatusOK, v)
}

// subject reads exactly one of user_id and team_id (the other absent or null).
func (b *resourceMembersBody) subject() (assignmentQuery, *reply) {
	bad := func(msg string) (assignmentQuery, *reply) {
		rep := invalid("%s", msg)
		return assignmentQuery{}, &rep
	}
	user, team := deref(b.UserID), deref(b.TeamID)
	switch {
	case user != "" && team != "":
		return bad("give exactly one of user_id and team_id")
	case user != "":
		id, ok := parseUUID(user)
		if !ok {
			return bad("user_id must be a UUID")
		}
		return assignmentQuery{subjectType: subjectUser, subjectID: id}, nil
	case team != "":
		id, ok := parseUUID(team)
		if !ok {
			return bad("team_id must be a UUID")
		}
		return assignmentQuery{subjectType: subjectTeam, subjectID: id}, nil
	}
	return bad("one of user_id and team_id is required")
}

// deleteResources is DELETE /rbac/resources?resources=<resource> (repeated): the resources are
// gone from the server, and every share of them with them.
func (s *Server) deleteResources(c *call) reply {
	raws := c.r.URL.Query()["resources"]
	if len(raws) == 0 {
		return invalid("query parameter resources is required (repeated, one resource each)")
	}
	gone := map[string]bool{}
	for _, raw := range raws {
		res, ok := parseRBACResource(raw)
		if !ok {
			return *invalidResource("query parameter resources", raw)
		}
		gone[res.String()] = true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w, rep := c.serverWorkspace()
	if rep != nil {
		return *rep
	}
	s.st.deleteSharesWhere(func(sh *ResourceShare) bool { return sh.WorkspaceID == w.ID && gone[sh.Resource] })
	return deleted()
}
