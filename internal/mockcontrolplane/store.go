package mockcontrolplane

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// stateVersion is written into every persisted state file. A file of an earlier version is
// migrated on load (migrateState); a file of an unknown version is refused with a clear message
// instead of being misread.
//
// Version 2: service accounts are users (assignments name them with subject type "user", they
// have a username); invitations hold a list of roles (role_ids).
const stateVersion = 2

// State is every object the mock holds, as returned by GET /_mock/state, Snapshot and the --state
// file. Secrets (API keys, enrollment keys, the SSO client secret) appear only as SHA-256 hex
// hashes: that is enough to check a presented secret after a restart, and a state file or a test
// log never exposes a usable credential.
type State struct {
	Version         int              `json:"version"`
	ClockOffset     string           `json:"clock_offset"` // how far the mock's clock runs ahead of real time, e.g. "10m0s"
	Organizations   []Organization   `json:"organizations"`
	Workspaces      []Workspace      `json:"workspaces"`
	Users           []User           `json:"users"`
	Invitations     []Invitation     `json:"invitations"`
	Teams           []Team           `json:"teams"`
	TeamMemberships []TeamMembership `json:"team_memberships"`
	Roles           []Role           `json:"roles"`
	Assignments     []Assignment     `json:"assignments"`
	SSOConfigs      []SSOConfig      `json:"sso_configs"`
	ServiceAccounts []ServiceAccount `json:"service_accounts"`
	APIKeys         []APIKey         `json:"api_keys"`
	ResourceShares  []ResourceShare  `json:"resource_shares"` // absent from files of older mocks: none
}

// Organization is an organization as stored.
type Organization struct {
	ID             string    `json:"id"`
	Name           string    `json:"name"`
	Description    string    `json:"description"`
	TrustedDomains []string  `json:"trusted_domains"`
	Created        time.Time `json:"created"`
	Updated        time.Time `json:"updated"`
}

// Workspace is a workspace as stored. Status is the stored status; a managed workspace that is
// "pending" reads as "available" once the clock passes AvailableAt (computed on read, so no
// background goroutine is needed). Snapshot reports the status as a reader would see it.
type Workspace struct {
	ID                  string     `json:"id"`
	Name                string     `json:"name"`
	DisplayName         string     `json:"display_name"`
	Description         string     `json:"description"`
	OrganizationID      string     `json:"organization_id"`
	IsManaged           bool       `json:"is_managed"`
	DesiredState        string     `json:"desired_state"`
	Status              string     `json:"status"`
	StateReason         string     `json:"state_reason"`
	Version             string     `json:"version"`        // zenml_service.configuration.version
	ServerURL           string     `json:"server_url"`     // last reported by the workspace server
	ServerVersion       string     `json:"server_version"` // last reported by the workspace server
	Reported            bool       `json:"reported"`       // the server has reported at least once
	EnrollmentKeySHA256 string     `json:"enrollment_key_sha256,omitempty"`
	AvailableAt         *time.Time `json:"available_at,omitempty"` // managed and pending: when it becomes available
	DeletedAt           *time.Time `json:"deleted_at,omitempty"`   // deleted: answers "deleted" for the deletion delay, then 404
	Created             time.Time  `json:"created"`
	Updated             time.Time  `json:"updated"`
}

// User is a human user. Users are global; membership in an organization comes from role
// assignments there.
type User struct {
	ID       string    `json:"id"`
	Username string    `json:"username"`
	Email    string    `json:"email"`
	Name     string    `json:"name"`
	IsActive bool      `json:"is_active"`
	Created  time.Time `json:"created"`
	Updated  time.Time `json:"updated"`
}

// Invitation is an invitation to an organization with one or more organization-level roles (the
// first is the invitation's "role"). Status is "pending" or "accepted" as stored; a pending
// invitation past Expires reads as "expired".
type Invitation struct {
	ID             string   `json:"id"`
	OrganizationID string   `json:"organization_id"`
	Email          string   `json:"email"`
	RoleIDs        []string `json:"role_ids"`
	// LegacyRoleID is the single role of a version-1 state file; migrateState moves it to RoleIDs.
	LegacyRoleID string    `json:"role_id,omitempty"`
	Status       string    `json:"status"`
	UserID       string    `json:"user_id,omitempty"`
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated"`
	Expires      time.Time `json:"expires"`
}

// Team is a team of an organization.
type Team struct {
	ID             string    `json:"id"`
	OrganizationID string    `json:"organization_id"`
	Name           string    `json:"name"`
	Description    string    `json:"description"`
	Created        time.Time `json:"created"`
	Updated        time.Time `json:"updated"`
}

// TeamMembership puts a user (a person or a service account) or a pending invitation (exactly
// one of the two) in a team.
type TeamMembership struct {
	TeamID       string    `json:"team_id"`
	UserID       string    `json:"user_id,omitempty"`
	InvitationID string    `json:"invitation_id,omitempty"`
	Created      time.Time `json:"created"`
}

// Role is a built-in (SystemManaged) or custom role of an organization.
type Role struct {
	ID             string    `json:"id"`
	OrganizationID string    `json:"organization_id"`
	Name           string    `json:"name"`
	Description    string    `json:"description"`
	Level          string    `json:"level"`
	Permissions    []string  `json:"permissions"`
	SystemManaged  bool      `json:"system_managed"`
	Created        time.Time `json:"created"`
	Updated        time.Time `json:"updated"`
}

// Subject types of role assignments, as they appear in query parameters (minus "_id") and JSON
// keys. A service account is a user: its assignments have subject type user and its id.
const (
	subjectUser       = "user"
	subjectTeam       = "team"
	subjectInvitation = "invitation"
	// legacySubjectServiceAccount is how version-1 state files name a service account's assignments.
	legacySubjectServiceAccount = "service_account"
)

// Assignment grants a role to one subject, at organization scope (no workspace), workspace scope
// or project scope. The real API has no assignment id: the tuple is the identity.
type Assignment struct {
	OrganizationID string    `json:"organization_id"`
	RoleID         string    `json:"role_id"`
	SubjectType    string    `json:"subject_type"`
	SubjectID      string    `json:"subject_id"`
	WorkspaceID    string    `json:"workspace_id,omitempty"`
	ProjectID      string    `json:"project_id,omitempty"`
	Created        time.Time `json:"created"`
}

func (a *Assignment) key() assignmentKey {
	return assignmentKey{a.RoleID, a.SubjectType, a.SubjectID, a.WorkspaceID, a.ProjectID}
}

type assignmentKey struct{ roleID, subjectType, subjectID, workspaceID, projectID string }

func (m *TeamMembership) key() membershipKey {
	return membershipKey{m.TeamID, m.UserID, m.InvitationID}
}

type membershipKey struct{ teamID, userID, invitationID string }

// SSOConfig is an organization's single sign-on configuration.
type SSOConfig struct {
	OrganizationID     string    `json:"organization_id"`
	Enabled            bool      `json:"enabled"`
	Protocol           string    `json:"protocol"`
	IssuerURL          string    `json:"issuer_url"`
	ClientID           string    `json:"client_id"`
	ClientSecretSHA256 string    `json:"client_secret_sha256"`
	Scopes             []string  `json:"scopes"`
	Domains            []string  `json:"domains"`
	JITProvisioning    bool      `json:"jit_provisioning"`
	DefaultRoleID      string    `json:"default_role_id,omitempty"`
	EnforceSSO         bool      `json:"enforce_sso"`
	Created            time.Time `json:"created"`
	Updated            time.Time `json:"updated"`
}

// ServiceAccount is a machine user of an organization; it logs in with its API keys. As a user,
// its id is the subject id of its role assignments (subject type user) and team memberships.
type ServiceAccount struct {
	ID             string     `json:"id"`
	OrganizationID string     `json:"organization_id"`
	Name           string     `json:"name"`
	Username       string     `json:"username"` // unique among the organization's service accounts
	Description    string     `json:"description"`
	Active         bool       `json:"active"`
	LastLogin      *time.Time `json:"last_login,omitempty"`
	Created        time.Time  `json:"created"`
	Updated        time.Time  `json:"updated"`
}

// APIKey is a service account's key. Only hashes are kept: the current key's and, after a
// rotation with a retain period, the previous keys' with the time they stop working.
type APIKey struct {
	ID               string        `json:"id"`
	ServiceAccountID string        `json:"service_account_id"`
	Name             string        `json:"name"`
	Description      string        `json:"description"`
	Active           bool          `json:"active"`
	KeySHA256        string        `json:"key_sha256"`
	Retained         []RetainedKey `json:"retained,omitempty"`
	ExpiresAt        *time.Time    `json:"expires_at,omitempty"`
	LastLogin        *time.Time    `json:"last_login,omitempty"`
	LastRotated      *time.Time    `json:"last_rotated,omitempty"`
	Created          time.Time     `json:"created"`
	Updated          time.Time     `json:"updated"`
}

// RetainedKey is a rotated-out key that keeps logging in until ValidUntil.
type RetainedKey struct {
	KeySHA256  string    `json:"key_sha256"`
	ValidUntil time.Time `json:"valid_until"`
}

// store is the mock's data. It is guarded by Server.mu; nothing in it locks by itself.
type store struct {
	orgs            map[string]*Organization
	workspaces      map[string]*Workspace
	users           map[string]*User
	invitations     map[string]*Invitation
	teams           map[string]*Team
	memberships     map[membershipKey]*TeamMembership
	roles           map[string]*Role
	assignments     map[assignmentKey]*Assignment
	sso             map[string]*SSOConfig // by organization id
	serviceAccounts map[string]*ServiceAccount
	apiKeys         map[string]*APIKey
	shares          map[shareKey]*ResourceShare
}

func newStore() *store {
	return &store{
		orgs:            map[string]*Organization{},
		workspaces:      map[string]*Workspace{},
		users:           map[string]*User{},
		invitations:     map[string]*Invitation{},
		teams:           map[string]*Team{},
		memberships:     map[membershipKey]*TeamMembership{},
		roles:           map[string]*Role{},
		assignments:     map[assignmentKey]*Assignment{},
		sso:             map[string]*SSOConfig{},
		serviceAccounts: map[string]*ServiceAccount{},
		apiKeys:         map[string]*APIKey{},
		shares:          map[shareKey]*ResourceShare{},
	}
}

// byCreated orders objects by created time, then id: the contract's stable list order, which
// keeps offset paging consistent while other clients add objects (new ones sort last).
func byCreated[T any](items []T, created func(T) time.Time, id func(T) string) {
	slices.SortFunc(items, func(a, b T) int {
		if c := created(a).Compare(created(b)); c != 0 {
			return c
		}
		return cmp.Compare(id(a), id(b))
	})
}

// values returns the map's values sorted by created, then id.
func values[T any](m map[string]*T, created func(*T) time.Time, id func(*T) string) []*T {
	out := make([]*T, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	byCreated(out, created, id)
	return out
}

func (a *Assignment) sortID() string {
	return strings.Join([]string{a.RoleID, a.SubjectType, a.SubjectID, a.WorkspaceID, a.ProjectID}, "/")
}

func (m *TeamMembership) sortID() string { return m.TeamID + "/" + m.UserID + "/" + m.InvitationID }

// toState deep-copies the store into a State; now decides lazily computed statuses, so the
// snapshot shows what a reader would see at that moment.
func (st *store) toState(now time.Time, deletionDelay time.Duration) State {
	// Empty collections encode as [], never null, so that scripts can count them without a check.
	out := State{Version: stateVersion, Organizations: []Organization{}, Workspaces: []Workspace{}, Users: []User{},
		Invitations: []Invitation{}, Teams: []Team{}, TeamMemberships: []TeamMembership{}, Roles: []Role{},
		Assignments: []Assignment{}, SSOConfigs: []SSOConfig{}, ServiceAccounts: []ServiceAccount{}, APIKeys: []APIKey{},
		ResourceShares: []ResourceShare{}}
	for _, o := range values(st.orgs, func(o *Organization) time.Time { return o.Created }, func(o *Organization) string { return o.ID }) {
		c := *o
		c.TrustedDomains = slices.Clone(o.TrustedDomains)
		out.Organizations = append(out.Organizations, c)
	}
	for _, w := range values(st.workspaces, func(w *Workspace) time.Time { return w.Created }, func(w *Workspace) string { return w.ID }) {
		if workspaceGone(w, now, deletionDelay) {
			continue
		}
		c := *w
		c.Status = effectiveWorkspaceStatus(w, now)
		if c.Status != "pending" {
			c.AvailableAt = nil
		} else {
			c.AvailableAt = clonePtr(w.AvailableAt)
		}
		c.DeletedAt = clonePtr(w.DeletedAt)
		out.Workspaces = append(out.Workspaces, c)
	}
	for _, u := range values(st.users, func(u *User) time.Time { return u.Created }, func(u *User) string { return u.ID }) {
		out.Users = append(out.Users, *u)
	}
	for _, inv := range values(st.invitations, func(i *Invitation) time.Time { return i.Created }, func(i *Invitation) string { return i.ID }) {
		c := *inv
		c.RoleIDs = slices.Clone(inv.RoleIDs)
		c.Status = effectiveInvitationStatus(inv, now)
		out.Invitations = append(out.Invitations, c)
	}
	for _, t := range values(st.teams, func(t *Team) time.Time { return t.Created }, func(t *Team) string { return t.ID }) {
		out.Teams = append(out.Teams, *t)
	}
	for _, m := range st.sortedMemberships(func(*TeamMembership) bool { return true }) {
		out.TeamMemberships = append(out.TeamMemberships, *m)
	}
	for _, r := range values(st.roles, func(r *Role) time.Time { return r.Created }, func(r *Role) string { return r.ID }) {
		c := *r
		c.Permissions = slices.Clone(r.Permissions)
		out.Roles = append(out.Roles, c)
	}
	for _, a := range st.sortedAssignments(func(*Assignment) bool { return true }) {
		out.Assignments = append(out.Assignments, *a)
	}
	for _, c := range values(st.sso, func(c *SSOConfig) time.Time { return c.Created }, func(c *SSOConfig) string { return c.OrganizationID }) {
		cc := *c
		cc.Scopes = slices.Clone(c.Scopes)
		cc.Domains = slices.Clone(c.Domains)
		out.SSOConfigs = append(out.SSOConfigs, cc)
	}
	for _, sa := range values(st.serviceAccounts, func(a *ServiceAccount) time.Time { return a.Created }, func(a *ServiceAccount) string { return a.ID }) {
		c := *sa
		c.LastLogin = clonePtr(sa.LastLogin)
		out.ServiceAccounts = append(out.ServiceAccounts, c)
	}
	for _, k := range values(st.apiKeys, func(k *APIKey) time.Time { return k.Created }, func(k *APIKey) string { return k.ID }) {
		out.APIKeys = append(out.APIKeys, k.clone())
	}
	shares := make([]*ResourceShare, 0, len(st.shares))
	for _, sh := range st.shares {
		shares = append(shares, sh)
	}
	byCreated(shares, func(sh *ResourceShare) time.Time { return sh.Created }, (*ResourceShare).sortID)
	for _, sh := range shares {
		c := *sh
		c.Actions = slices.Clone(sh.Actions)
		out.ResourceShares = append(out.ResourceShares, c)
	}
	return out
}

func (k *APIKey) clone() APIKey {
	c := *k
	c.Retained = slices.Clone(k.Retained)
	c.ExpiresAt = clonePtr(k.ExpiresAt)
	c.LastLogin = clonePtr(k.LastLogin)
	c.LastRotated = clonePtr(k.LastRotated)
	return c
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

// storeFromState builds a store from a State (a loaded file or the seeded snapshot), copying
// everything so that the State can be reused.
func storeFromState(s State) *store {
	st := newStore()
	for _, o := range s.Organizations {
		c := o
		c.TrustedDomains = slices.Clone(o.TrustedDomains)
		st.orgs[c.ID] = &c
	}
	for _, w := range s.Workspaces {
		c := w
		c.AvailableAt = clonePtr(w.AvailableAt)
		c.DeletedAt = clonePtr(w.DeletedAt)
		st.workspaces[c.ID] = &c
	}
	for _, u := range s.Users {
		c := u
		st.users[c.ID] = &c
	}
	for _, inv := range s.Invitations {
		c := inv
		c.RoleIDs = slices.Clone(inv.RoleIDs)
		if c.Status == "expired" { // stored statuses are pending or accepted; expiry is computed
			c.Status = "pending"
		}
		st.invitations[c.ID] = &c
	}
	for _, t := range s.Teams {
		c := t
		st.teams[c.ID] = &c
	}
	for _, m := range s.TeamMemberships {
		c := m
		st.memberships[c.key()] = &c
	}
	for _, r := range s.Roles {
		c := r
		c.Permissions = slices.Clone(r.Permissions)
		st.roles[c.ID] = &c
	}
	for _, a := range s.Assignments {
		c := a
		st.assignments[c.key()] = &c
	}
	for _, cfg := range s.SSOConfigs {
		c := cfg
		c.Scopes = slices.Clone(cfg.Scopes)
		c.Domains = slices.Clone(cfg.Domains)
		st.sso[c.OrganizationID] = &c
	}
	for _, sa := range s.ServiceAccounts {
		c := sa
		c.LastLogin = clonePtr(sa.LastLogin)
		st.serviceAccounts[c.ID] = &c
	}
	for _, k := range s.APIKeys {
		c := k.clone()
		st.apiKeys[c.ID] = &c
	}
	for _, sh := range s.ResourceShares {
		c := sh
		c.Actions = slices.Clone(sh.Actions)
		st.shares[c.key()] = &c
	}
	return st
}

func (st *store) sortedAssignments(keep func(*Assignment) bool) []*Assignment {
	var out []*Assignment
	for _, a := range st.assignments {
		if keep(a) {
			out = append(out, a)
		}
	}
	byCreated(out, func(a *Assignment) time.Time { return a.Created }, (*Assignment).sortID)
	return out
}

func (st *store) sortedMemberships(keep func(*TeamMembership) bool) []*TeamMembership {
	var out []*TeamMembership
	for _, m := range st.memberships {
		if keep(m) {
			out = append(out, m)
		}
	}
	byCreated(out, func(m *TeamMembership) time.Time { return m.Created }, (*TeamMembership).sortID)
	return out
}

// --- status computed from the clock ---

// effectiveWorkspaceStatus is the status a reader sees now.
func effectiveWorkspaceStatus(w *Workspace, now time.Time) string {
	if w.DeletedAt != nil {
		return "deleted"
	}
	if w.Status == "pending" && w.AvailableAt != nil && !now.Before(*w.AvailableAt) {
		return "available"
	}
	return w.Status
}

// workspaceGone reports a deleted workspace whose "deleted" window has passed: it answers 404.
func workspaceGone(w *Workspace, now time.Time, deletionDelay time.Duration) bool {
	return w.DeletedAt != nil && !now.Before(w.DeletedAt.Add(deletionDelay))
}

func effectiveInvitationStatus(inv *Invitation, now time.Time) string {
	if inv.Status == "pending" && !now.Before(inv.Expires) {
		return "expired"
	}
	return inv.Status
}

// --- lookups and membership (the RBAC model of API-CONTRACT.md) ---

// hasOrgRole reports whether the subject holds an organization-level assignment in the
// organization, optionally restricted to roles with one of the given names.
func (st *store) hasOrgRole(subjectType, subjectID, orgID string, names ...string) bool {
	for _, a := range st.assignments {
		if a.OrganizationID != orgID || a.SubjectType != subjectType || a.SubjectID != subjectID || a.WorkspaceID != "" {
			continue
		}
		r := st.roles[a.RoleID]
		if r == nil || r.Level != levelOrganization {
			continue
		}
		if len(names) == 0 || slices.Contains(names, r.Name) {
			return true
		}
	}
	return false
}

// isMember reports whether a user (a person or a service account, by id) is a member of the
// organization: it holds an organization-level role there.
func (st *store) isMember(userID, orgID string) bool {
	return st.hasOrgRole(subjectUser, userID, orgID)
}

// userSubjectOK reports whether a user_id may be given a role or a team membership in the
// organization: a person who is a member, or a service account that is a member or belongs to
// the organization (it cannot accept an invitation, so its own organization may always give it
// a role back).
func (st *store) userSubjectOK(userID, orgID string) bool {
	if sa := st.serviceAccounts[userID]; sa != nil {
		return sa.OrganizationID == orgID || st.isMember(userID, orgID)
	}
	return st.users[userID] != nil && st.isMember(userID, orgID)
}

func (st *store) serviceAccountByUsername(orgID, username string) *ServiceAccount {
	for _, sa := range st.serviceAccounts {
		if sa.OrganizationID == orgID && sa.Username == username {
			return sa
		}
	}
	return nil
}

func (st *store) userByEmail(email string) *User {
	for _, u := range st.users {
		if strings.EqualFold(u.Email, email) {
			return u
		}
	}
	return nil
}

func (st *store) orgByName(name string) *Organization {
	for _, o := range st.orgs {
		if o.Name == name {
			return o
		}
	}
	return nil
}

func (st *store) roleByName(orgID, name string) *Role {
	for _, r := range st.roles {
		if r.OrganizationID == orgID && r.Name == name {
			return r
		}
	}
	return nil
}

// --- cascading deletes ---

func (st *store) deleteAssignmentsWhere(match func(*Assignment) bool) {
	for k, a := range st.assignments {
		if match(a) {
			delete(st.assignments, k)
		}
	}
}

func (st *store) deleteMembershipsWhere(match func(*TeamMembership) bool) {
	for k, m := range st.memberships {
		if match(m) {
			delete(st.memberships, k)
		}
	}
}

func (st *store) deleteServiceAccount(id string) {
	delete(st.serviceAccounts, id)
	for kid, k := range st.apiKeys {
		if k.ServiceAccountID == id {
			delete(st.apiKeys, kid)
		}
	}
	st.deleteAssignmentsWhere(func(a *Assignment) bool { return a.SubjectType == subjectUser && a.SubjectID == id })
	st.deleteMembershipsWhere(func(m *TeamMembership) bool { return m.UserID == id })
	st.deleteSharesWhere(func(sh *ResourceShare) bool { return sh.SubjectType == subjectUser && sh.SubjectID == id })
}

func (st *store) deleteTeam(id string) {
	delete(st.teams, id)
	st.deleteMembershipsWhere(func(m *TeamMembership) bool { return m.TeamID == id })
	st.deleteAssignmentsWhere(func(a *Assignment) bool { return a.SubjectType == subjectTeam && a.SubjectID == id })
	st.deleteSharesWhere(func(sh *ResourceShare) bool { return sh.SubjectType == subjectTeam && sh.SubjectID == id })
}

func (st *store) deleteInvitation(id string) {
	delete(st.invitations, id)
	st.deleteMembershipsWhere(func(m *TeamMembership) bool { return m.InvitationID == id })
	st.deleteAssignmentsWhere(func(a *Assignment) bool { return a.SubjectType == subjectInvitation && a.SubjectID == id })
}

// deleteOrganization removes the organization and everything that belongs to it. Users are global
// and stay; they only lose their assignments here.
func (st *store) deleteOrganization(orgID string) {
	delete(st.orgs, orgID)
	delete(st.sso, orgID)
	for id, w := range st.workspaces {
		if w.OrganizationID == orgID {
			delete(st.workspaces, id)
			st.deleteSharesWhere(func(sh *ResourceShare) bool { return sh.WorkspaceID == id })
		}
	}
	for id, t := range st.teams {
		if t.OrganizationID == orgID {
			st.deleteTeam(id)
		}
	}
	for id, inv := range st.invitations {
		if inv.OrganizationID == orgID {
			st.deleteInvitation(id)
		}
	}
	for id, sa := range st.serviceAccounts {
		if sa.OrganizationID == orgID {
			st.deleteServiceAccount(id)
		}
	}
	for id, r := range st.roles {
		if r.OrganizationID == orgID {
			delete(st.roles, id)
		}
	}
	st.deleteAssignmentsWhere(func(a *Assignment) bool { return a.OrganizationID == orgID })
}
