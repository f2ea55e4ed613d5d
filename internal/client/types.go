package client

import "time"

// Wire types of API-CONTRACT.md. Timestamps stay strings (RFC 3339, as the API sends them) so that
// what the provider stores is exactly what the API said. Nullable fields are pointers; request
// fields that "absent keeps" are pointers with omitempty.

// UserRef is the short form of a user inside other objects.
type UserRef struct {
	ID       string  `json:"id"`
	Username string  `json:"username,omitempty"`
	Email    *string `json:"email,omitempty"`
}

// User is a person or a service account (service accounts are users: GET /users/me with a
// service-account key answers the service account, with its username as its email). Users carry
// no creation time in the public sample.
type User struct {
	ID               string  `json:"id"`
	Username         string  `json:"username"`
	Email            *string `json:"email"`
	Name             string  `json:"name"`
	IsActive         bool    `json:"is_active"`
	IsServiceAccount bool    `json:"is_service_account"`
	OrganizationID   *string `json:"organization_id,omitempty"` // service accounts only
}

// Organization is a tenant of the control plane.
type Organization struct {
	ID                    string   `json:"id"`
	Name                  string   `json:"name"`
	Description           string   `json:"description"`
	TrustedDomains        []string `json:"trusted_domains"`
	Owner                 *UserRef `json:"owner"`
	HasActiveSubscription bool     `json:"has_active_subscription"`
	Created               string   `json:"created"`
	Updated               string   `json:"updated"`
}

// OrganizationCreate is the body of POST /organizations.
type OrganizationCreate struct {
	Name           string   `json:"name"`
	Description    string   `json:"description"`
	TrustedDomains []string `json:"trusted_domains"`
}

// OrganizationUpdate is the body of PATCH /organizations/{id}: nil keeps, an empty list clears.
type OrganizationUpdate struct {
	Name           *string   `json:"name,omitempty"`
	Description    *string   `json:"description,omitempty"`
	TrustedDomains *[]string `json:"trusted_domains,omitempty"`
}

// OrganizationMember is one entry of GET /organizations/{id}/members.
type OrganizationMember struct {
	Type           string          `json:"type"`
	User           *User           `json:"user,omitempty"`
	ServiceAccount *ServiceAccount `json:"service_account,omitempty"`
	Team           *Team           `json:"team,omitempty"`
	Invitation     *Invitation     `json:"invitation,omitempty"`
	Roles          []RoleRef       `json:"roles"`
}

// Workspace statuses.
const (
	WorkspaceStatusNotInitialized = "not_initialized"
	WorkspaceStatusPending        = "pending"
	WorkspaceStatusAvailable      = "available"
	WorkspaceStatusFailed         = "failed"
	WorkspaceStatusDeactivated    = "deactivated"
	WorkspaceStatusDeleted        = "deleted"
)

// OrganizationRef is the short form of an organization inside a workspace.
type OrganizationRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ZenMLService is the workspace server's desired configuration and reported status. Either may
// be null in the public read model.
type ZenMLService struct {
	Configuration *ZenMLServiceConfiguration `json:"configuration,omitempty"`
	Status        *ZenMLServiceStatus        `json:"status,omitempty"`
}

// ConfiguredVersion is the version the control plane asks of the server ("" when none).
func (z ZenMLService) ConfiguredVersion() string {
	if z.Configuration == nil {
		return ""
	}
	return z.Configuration.Version
}

// ZenMLServiceConfiguration is what the control plane asks of the server.
type ZenMLServiceConfiguration struct {
	Version string `json:"version,omitempty"`
}

// ZenMLServiceStatus is what the server reported.
type ZenMLServiceStatus struct {
	ServerURL string `json:"server_url"`
	Version   string `json:"version"`
}

// Workspace is a ZenML server registered with the control plane (hybrid or managed). IsManaged,
// DisplayName, Created and Updated are ours: a real control plane may leave them out.
type Workspace struct {
	ID           string          `json:"id"`
	Name         string          `json:"name"`
	DisplayName  string          `json:"display_name"`
	Description  string          `json:"description"`
	Organization OrganizationRef `json:"organization"`
	IsManaged    bool            `json:"is_managed"`
	DesiredState string          `json:"desired_state"`
	Status       string          `json:"status"`
	StateReason  string          `json:"state_reason"`
	ZenMLService ZenMLService    `json:"zenml_service"`
	Created      string          `json:"created"`
	Updated      string          `json:"updated"`
	// EnrollmentKey is present once, in the answer to a hybrid create.
	EnrollmentKey string `json:"enrollment_key,omitempty"`
}

// WorkspaceCreate is the body of POST /workspaces. A hybrid enrollment sends name and
// organization_id and only the optional fields that are set, as the public enrollment script
// does: IsManaged is sent only when true (a managed workspace), ZenMLService only when it has a
// version.
type WorkspaceCreate struct {
	Name           string        `json:"name"`
	OrganizationID string        `json:"organization_id"`
	DisplayName    string        `json:"display_name,omitempty"`
	Description    string        `json:"description,omitempty"`
	IsManaged      bool          `json:"is_managed,omitempty"`
	ZenMLService   *ZenMLService `json:"zenml_service,omitempty"`
}

// WorkspaceUpdate is the body of PATCH /workspaces/{id}.
type WorkspaceUpdate struct {
	DisplayName  *string       `json:"display_name,omitempty"`
	Description  *string       `json:"description,omitempty"`
	DesiredState *string       `json:"desired_state,omitempty"`
	ZenMLService *ZenMLService `json:"zenml_service,omitempty"`
}

// WorkspaceFilter narrows GET /workspaces; empty fields are not sent.
type WorkspaceFilter struct {
	OrganizationID string
	Name           string
	Status         string
}

// Workspace kinds for ListWorkspaces. GET /workspaces lists managed workspaces only unless asked
// for is_managed=false (a changelog entry; inferred), so a lookup that must see hybrid workspaces
// asks for them explicitly, and one that must see both asks twice.
const (
	WorkspacesHybrid  = "hybrid"
	WorkspacesManaged = "managed"
	WorkspacesAll     = "all"
)

// RoleRef is the short form of a role.
type RoleRef struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Level string `json:"level,omitempty"`
}

// Invitation statuses.
const (
	InvitationPending  = "pending"
	InvitationAccepted = "accepted"
	InvitationExpired  = "expired"
)

// Invitation asks a person, by email, to join an organization with organization-level roles.
// Invitations may carry several roles (a changelog entry; the wire shape is not public): Role is
// the one the public create sends, Roles all of them when the answer lists them.
type Invitation struct {
	ID             string    `json:"id"`
	OrganizationID string    `json:"organization_id"`
	Email          string    `json:"email"`
	Role           *RoleRef  `json:"role"`
	Roles          []RoleRef `json:"roles,omitempty"`
	Status         string    `json:"status"`
	UserID         *string   `json:"user_id"`
	Created        string    `json:"created"`
	Expires        string    `json:"expires,omitempty"`
}

// AllRoles returns every role of the invitation, Role first, without repeats.
func (inv *Invitation) AllRoles() []RoleRef {
	var out []RoleRef
	seen := map[string]bool{}
	add := func(r RoleRef) {
		if r.ID != "" && !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	if inv.Role != nil {
		add(*inv.Role)
	}
	for _, r := range inv.Roles {
		add(r)
	}
	return out
}

// InvitationCreate is the body of POST /organizations/{org}/invitations.
type InvitationCreate struct {
	Email  string `json:"email"`
	RoleID string `json:"role_id"`
}

// Team groups users (and pending invitations) of one organization.
type Team struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organization_id"`
	Name           string `json:"name"`
	Description    string `json:"description"`
	MemberCount    int64  `json:"member_count"`
	Created        string `json:"created"`
	Updated        string `json:"updated"`
}

// TeamCreate is the body of POST /teams.
type TeamCreate struct {
	OrganizationID string `json:"organization_id"`
	Name           string `json:"name"`
	Description    string `json:"description"`
}

// TeamUpdate is the body of PATCH /teams/{id}.
type TeamUpdate struct {
	Name        *string `json:"name,omitempty"`
	Description *string `json:"description,omitempty"`
}

// TeamMember is one entry of GET /teams/{id}/members: a user or a pending invitation.
type TeamMember struct {
	User       *User       `json:"user,omitempty"`
	Invitation *Invitation `json:"invitation,omitempty"`
}

// Role levels.
const (
	LevelOrganization = "organization"
	LevelWorkspace    = "workspace"
	LevelProject      = "project"
)

// Role is a built-in (system_managed) or custom role of one organization.
type Role struct {
	ID             string   `json:"id"`
	OrganizationID string   `json:"organization_id"`
	Name           string   `json:"name"`
	Description    string   `json:"description"`
	Level          string   `json:"level"`
	Permissions    []string `json:"permissions"`
	SystemManaged  bool     `json:"system_managed"`
	Created        string   `json:"created"`
	Updated        string   `json:"updated"`
}

// RoleCreate is the body of POST /roles.
type RoleCreate struct {
	OrganizationID string   `json:"organization_id"`
	Name           string   `json:"name"`
	Description    string   `json:"description"`
	Level          string   `json:"level"`
	Permissions    []string `json:"permissions"`
}

// RoleUpdate is the body of PATCH /roles/{id}.
type RoleUpdate struct {
	Name        *string   `json:"name,omitempty"`
	Description *string   `json:"description,omitempty"`
	Permissions *[]string `json:"permissions,omitempty"`
}

// Permission is one entry of GET /permissions.
type Permission struct {
	Name        string `json:"name"`
	Level       string `json:"level"`
	Description string `json:"description"`
}

// Subject kinds of a role assignment or team membership, as the provider names them. On the
// wire a service account is a user (its id is its user id): WireKind maps the kinds to the query
// parameter prefixes (user_id, team_id, invitation_id).
const (
	SubjectUser           = "user"
	SubjectTeam           = "team"
	SubjectInvitation     = "invitation"
	SubjectServiceAccount = "service_account"
)

// WireKind is the subject kind the API knows: service accounts go as users.
func WireKind(kind string) string {
	if kind == SubjectServiceAccount {
		return SubjectUser
	}
	return kind
}

// SubjectKinds lists the subject kinds in a stable order.
var SubjectKinds = [...]string{SubjectUser, SubjectTeam, SubjectInvitation, SubjectServiceAccount}

// SubjectRef is the short form of an assignment's subject.
type SubjectRef struct {
	ID       string  `json:"id"`
	Name     string  `json:"name,omitempty"`
	Username string  `json:"username,omitempty"`
	Email    *string `json:"email,omitempty"`
}

// Assignment is one role held by one subject at one scope. It has no id of its own. A service
// account's assignment shows as a user's.
type Assignment struct {
	Role        RoleRef     `json:"role"`
	User        *SubjectRef `json:"user,omitempty"`
	Team        *SubjectRef `json:"team,omitempty"`
	Invitation  *SubjectRef `json:"invitation,omitempty"`
	WorkspaceID *string     `json:"workspace_id"`
	ProjectID   *string     `json:"project_id"`
	Created     string      `json:"created,omitempty"`
}

// Subject returns the assignment's subject kind as the wire has it (user, team or invitation)
// and its id.
func (a *Assignment) Subject() (kind, id string) {
	switch {
	case a.User != nil:
		return SubjectUser, a.User.ID
	case a.Team != nil:
		return SubjectTeam, a.Team.ID
	case a.Invitation != nil:
		return SubjectInvitation, a.Invitation.ID
	}
	return "", ""
}

// AssignmentKey identifies an assignment: role, subject and scope (empty = none). SubjectKind is
// the provider's kind (service_account included).
type AssignmentKey struct {
	RoleID      string
	SubjectKind string
	SubjectID   string
	WorkspaceID string
	ProjectID   string
}

// Matches reports whether a is the assignment k names.
func (k AssignmentKey) Matches(a *Assignment) bool {
	kind, id := a.Subject()
	return a.Role.ID == k.RoleID && kind == WireKind(k.SubjectKind) && id == k.SubjectID &&
		deref(a.WorkspaceID) == k.WorkspaceID && deref(a.ProjectID) == k.ProjectID
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// SSO is an organization's single sign-on configuration. ClientSecret is only ever sent.
type SSO struct {
	Enabled         bool     `json:"enabled"`
	Protocol        string   `json:"protocol"`
	IssuerURL       string   `json:"issuer_url"`
	ClientID        string   `json:"client_id"`
	ClientSecretSet bool     `json:"client_secret_set"`
	Scopes          []string `json:"scopes"`
	Domains         []string `json:"domains"`
	JITProvisioning bool     `json:"jit_provisioning"`
	DefaultRoleID   *string  `json:"default_role_id"`
	EnforceSSO      bool     `json:"enforce_sso"`
	Created         string   `json:"created"`
	Updated         string   `json:"updated"`
}

// SSOUpdate is the body of PUT /organizations/{org}/sso. A nil ClientSecret keeps the current one.
type SSOUpdate struct {
	Enabled         bool     `json:"enabled"`
	Protocol        string   `json:"protocol"`
	IssuerURL       string   `json:"issuer_url"`
	ClientID        string   `json:"client_id"`
	ClientSecret    *string  `json:"client_secret,omitempty"`
	Scopes          []string `json:"scopes"`
	Domains         []string `json:"domains"`
	JITProvisioning bool     `json:"jit_provisioning"`
	DefaultRoleID   *string  `json:"default_role_id"`
	EnforceSSO      bool     `json:"enforce_sso"`
}

// ServiceAccount is a non-human user of one organization: a name, a unique username, and the
// organization-level role it was created with (held as an ordinary assignment by its id).
type ServiceAccount struct {
	ID             string  `json:"id"`
	OrganizationID string  `json:"organization_id"`
	Name           string  `json:"name"`
	Username       string  `json:"username"`
	Description    string  `json:"description"`
	Active         bool    `json:"active"`
	LastLogin      *string `json:"last_login,omitempty"`
	APIKeyCount    int64   `json:"api_key_count,omitempty"`
	Created        string  `json:"created"`
	Updated        string  `json:"updated"`
}

// ServiceAccountCreate is the body of POST /organizations/{org}/service_accounts.
type ServiceAccountCreate struct {
	Name        string `json:"name"`
	Username    string `json:"username"`
	Description string `json:"description"`
	RoleID      string `json:"role_id"` // the initial organization-level role
	Active      *bool  `json:"active,omitempty"`
}

// ServiceAccountUpdate is the body of PATCH /organizations/{org}/service_accounts/{id}.
type ServiceAccountUpdate struct {
	Name        *string `json:"name,omitempty"`
	Username    *string `json:"username,omitempty"`
	Description *string `json:"description,omitempty"`
	Active      *bool   `json:"active,omitempty"`
}

// APIKey is a credential of a service account. Key is set only in the answers to create and rotate.
type APIKey struct {
	ID               string  `json:"id"`
	ServiceAccountID string  `json:"service_account_id"`
	Name             string  `json:"name"`
	Description      string  `json:"description"`
	Active           bool    `json:"active"`
	ExpiresAt        *string `json:"expires_at"`
	LastLogin        *string `json:"last_login"`
	LastRotated      *string `json:"last_rotated"`
	Created          string  `json:"created"`
	Updated          string  `json:"updated"`
	Key              string  `json:"key,omitempty"`
}

// APIKeyCreate describes a new API key. ExpiresAt, when set, is sent as the number of minutes from
// now (the API takes expires_in_minutes; see CreateAPIKey), so the key's reported expiry lies up to
// a minute after it.
type APIKeyCreate struct {
	Name        string
	Description string
	ExpiresAt   *time.Time
}

// apiKeyCreateBody is the wire form of APIKeyCreate.
type apiKeyCreateBody struct {
	Name             string `json:"name"`
	Description      string `json:"description"`
	ExpiresInMinutes *int64 `json:"expires_in_minutes,omitempty"`
}

// APIKeyUpdate is the body of PATCH .../service_accounts/{id}/api_keys/{key_id}.
type APIKeyUpdate struct {
	Description *string `json:"description,omitempty"`
	Active      *bool   `json:"active,omitempty"`
}

// APIKeyRotate is the body of POST .../rotate.
type APIKeyRotate struct {
	RetainPeriodMinutes int64 `json:"retain_period_minutes"`
}
