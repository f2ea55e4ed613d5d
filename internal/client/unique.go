package client

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// The unique key of every kind the provider creates, and how a create whose answer was lost finds
// its object by it (outcome.go). Each lookup reads afresh through the public list where there is
// one; "exactly the planned object" compares every field the create sent.
//
//	kind                  unique key                                        looked up with
//	organization          name                                              GET /organizations/{name}
//	workspace             name (in the control plane; hybrid and managed)   GET /workspaces?organization_id=&workspace_name=
//	team                  name in the organization                          GET /organizations/{org}/teams
//	custom role           name in the organization                          GET /organizations/{org}/roles?name=
//	invitation            email, among the organization's pending ones      GET /organizations/{org}/invitations?email=&only_pending=true
//	service account       username in the organization                      GET /organizations/{org}/service_accounts
//	API key               name within its service account                   GET .../service_accounts/{id}/api_keys
//	role assignment       role, subject and scope (the whole object)        GET /roles/{id}/assignments
//	team membership       team and subject (the whole object)               GET /teams/{id}/members
//
// Every kind the provider creates has one; the SSO configuration is one per organization and is
// written with PUT, which repeats without harm.

func organizationKey(c *Client, in OrganizationCreate) uniqueKey[Organization] {
	return uniqueKey[Organization]{
		kind: "organization", key: fmt.Sprintf("named %q", in.Name),
		find: func(ctx context.Context) (*Organization, error) {
			o, err := c.GetOrganization(ctx, in.Name)
			if IsNotFound(err) {
				return nil, nil
			}
			if err != nil || o.Name != in.Name {
				return nil, err
			}
			return o, nil
		},
		differs: func(o *Organization) string {
			return differences(
				field("description", o.Description, in.Description),
				setField("trusted_domains", o.TrustedDomains, in.TrustedDomains))
		},
		id: func(o *Organization) string { return o.ID },
	}
}

func workspaceKey(c *Client, in WorkspaceCreate) uniqueKey[Workspace] {
	return uniqueKey[Workspace]{
		kind: "workspace", key: fmt.Sprintf("named %q", in.Name),
		find: func(ctx context.Context) (*Workspace, error) {
			list, err := c.ListWorkspaces(ctx, WorkspacesAll, WorkspaceFilter{OrganizationID: in.OrganizationID, Name: in.Name})
			if err != nil {
				return nil, err
			}
			for i := range list {
				if list[i].Name == in.Name && list[i].Status != WorkspaceStatusDeleted {
					return &list[i], nil
				}
			}
			return nil, nil
		},
		differs: func(w *Workspace) string {
			diffs := []string{
				field("organization_id", w.Organization.ID, in.OrganizationID),
				field("is_managed", fmt.Sprint(w.IsManaged), fmt.Sprint(in.IsManaged)),
				field("description", w.Description, in.Description),
			}
			if in.DisplayName != "" {
				diffs = append(diffs, field("display_name", w.DisplayName, in.DisplayName))
			}
			if in.ZenMLService != nil {
				diffs = append(diffs, field("zenml_version", w.ZenMLService.ConfiguredVersion(), in.ZenMLService.ConfiguredVersion()))
			}
			return differences(diffs...)
		},
		id: func(w *Workspace) string { return w.ID },
		recover: func(ctx context.Context, w *Workspace) (*Workspace, error) {
			if w.IsManaged {
				return w, nil
			}
			// A hybrid workspace's enrollment key is shown once, in the answer that was lost:
			// nobody has seen it, so a new one replaces it.
			key, err := c.RotateEnrollmentKey(ctx, w.ID)
			if err != nil {
				return nil, fmt.Errorf("hybrid workspace %q (%s) was created, but the answer carrying its enrollment key was lost, "+
					"and issuing a new key failed: %w. Import the workspace and rotate its key (enrollment_key_version), or delete it and apply again",
					w.Name, w.ID, err)
			}
			w.EnrollmentKey = key
			return w, nil
		},
	}
}

func teamKey(c *Client, in TeamCreate) uniqueKey[Team] {
	return uniqueKey[Team]{
		kind: "team", key: fmt.Sprintf("named %q in organization %s", in.Name, in.OrganizationID),
		find: func(ctx context.Context) (*Team, error) {
			list, err := listAll[Team](ctx, c, pathOrganizationTeams(in.OrganizationID), nil)
			return firstOf(list, err, func(t *Team) bool { return t.Name == in.Name })
		},
		differs: func(t *Team) string { return differences(field("description", t.Description, in.Description)) },
		id:      func(t *Team) string { return t.ID },
	}
}

func roleKey(c *Client, in RoleCreate) uniqueKey[Role] {
	return uniqueKey[Role]{
		kind: "role", key: fmt.Sprintf("named %q in organization %s", in.Name, in.OrganizationID),
		find: func(ctx context.Context) (*Role, error) {
			list, err := listAll[Role](ctx, c, pathOrganizationRoles(in.OrganizationID), url.Values{"name": {in.Name}})
			return firstOf(list, err, func(r *Role) bool { return r.Name == in.Name })
		},
		differs: func(r *Role) string {
			if r.SystemManaged {
				return "it is a built-in role"
			}
			return differences(
				field("level", r.Level, in.Level),
				field("description", r.Description, in.Description),
				setField("permissions", r.Permissions, in.Permissions))
		},
		id: func(r *Role) string { return r.ID },
	}
}

func invitationKey(c *Client, orgID string, in InvitationCreate) uniqueKey[Invitation] {
	return uniqueKey[Invitation]{
		kind: "invitation", key: fmt.Sprintf("for %q in organization %s", in.Email, orgID),
		find: func(ctx context.Context) (*Invitation, error) {
			list, err := listAll[Invitation](ctx, c, pathOrganizationInvitations(orgID), url.Values{"email": {in.Email}, "only_pending": {"true"}})
			return firstOf(list, err, func(inv *Invitation) bool {
				return strings.EqualFold(inv.Email, in.Email) && inv.Status == InvitationPending
			})
		},
		differs: func(inv *Invitation) string {
			var roles []string
			for _, r := range inv.AllRoles() {
				roles = append(roles, r.ID)
			}
			return differences(setField("role_id", roles, []string{in.RoleID}))
		},
		id: func(inv *Invitation) string { return inv.ID },
	}
}

func serviceAccountKey(c *Client, orgID string, in ServiceAccountCreate) uniqueKey[ServiceAccount] {
	holdsRole := map[string]bool{} // by service account id, as find saw it
	return uniqueKey[ServiceAccount]{
		kind: "service account", key: fmt.Sprintf("with username %q in organization %s", in.Username, orgID),
		find: func(ctx context.Context) (*ServiceAccount, error) {
			list, err := listAll[ServiceAccount](ctx, c, pathOrganizationServiceAccounts(orgID), nil)
			found, err := firstOf(list, err, func(sa *ServiceAccount) bool { return sa.Username == in.Username })
			if found == nil || err != nil {
				return found, err
			}
			// Its initial role is part of the planned object: find it among the role's
			// assignments (a list the control plane may not serve; then the rest must do).
			assignments, err := c.ListRoleAssignments(ctx, in.RoleID, "", "")
			switch {
			case IsNotServed(err): // the role cannot be checked: the other fields must do
			case err != nil:
				return nil, err
			default:
				k := AssignmentKey{RoleID: in.RoleID, SubjectKind: SubjectServiceAccount, SubjectID: found.ID}
				holdsRole[found.ID] = slices.ContainsFunc(assignments, func(a Assignment) bool { return k.Matches(&a) })
			}
			return found, nil
		},
		differs: func(sa *ServiceAccount) string {
			diffs := []string{field("name", sa.Name, in.Name), field("description", sa.Description, in.Description)}
			if in.Active != nil {
				diffs = append(diffs, field("active", fmt.Sprint(sa.Active), fmt.Sprint(*in.Active)))
			}
			if held, known := holdsRole[sa.ID]; known && !held {
				diffs = append(diffs, fmt.Sprintf("it does not hold role_id %s", in.RoleID))
			}
			return differences(diffs...)
		},
		id: func(sa *ServiceAccount) string { return sa.ID },
	}
}

// apiKeyExpirySlack is how far an API key's reported expiry may lie from the planned one and still
// be the planned key: the API takes whole minutes from its own clock.
const apiKeyExpirySlack = 5 * time.Minute

func apiKeyKey(c *Client, orgID, serviceAccountID string, in APIKeyCreate) uniqueKey[APIKey] {
	return uniqueKey[APIKey]{
		kind: "API key", key: fmt.Sprintf("named %q of service account %s", in.Name, serviceAccountID),
		find: func(ctx context.Context) (*APIKey, error) {
			list, err := listAll[APIKey](ctx, c, pathServiceAccountAPIKeys(orgID, serviceAccountID), nil)
			return firstOf(list, err, func(k *APIKey) bool { return k.Name == in.Name })
		},
		differs: func(k *APIKey) string {
			diffs := []string{field("description", k.Description, in.Description)}
			if !k.Active {
				diffs = append(diffs, "it is inactive, and a new key is active")
			}
			switch {
			case in.ExpiresAt == nil && k.ExpiresAt != nil:
				diffs = append(diffs, fmt.Sprintf("it expires at %s, and the planned key does not expire", *k.ExpiresAt))
			case in.ExpiresAt != nil && k.ExpiresAt == nil:
				diffs = append(diffs, "it does not expire")
			case in.ExpiresAt != nil:
				at, err := time.Parse(time.RFC3339Nano, *k.ExpiresAt)
				if err != nil || at.Sub(*in.ExpiresAt).Abs() > apiKeyExpirySlack {
					diffs = append(diffs, fmt.Sprintf("it expires at %s, not at %s", *k.ExpiresAt, in.ExpiresAt.UTC().Format(time.RFC3339)))
				}
			}
			return differences(diffs...)
		},
		id: func(k *APIKey) string { return k.ID },
		recover: func(ctx context.Context, k *APIKey) (*APIKey, error) {
			// The key's value is shown once, in the answer that was lost: nobody has seen it, so a
			// new value replaces it at once (no retain period).
			rotated, err := c.RotateAPIKey(ctx, orgID, serviceAccountID, k.ID, 0)
			if err != nil {
				return nil, fmt.Errorf("API key %q (%s) was created, but the answer carrying its value was lost, and issuing a new "+
					"value failed: %w. Delete the key (or import it and rotate it) and apply again", k.Name, k.ID, err)
			}
			return rotated, nil
		},
	}
}

func assignmentKey(c *Client, k AssignmentKey) uniqueKey[Assignment] {
	return uniqueKey[Assignment]{
		kind: "role assignment", key: describeAssignment(k),
		find: func(ctx context.Context) (*Assignment, error) {
			list, err := c.ListRoleAssignments(ctx, k.RoleID, "", "")
			return firstOf(list, err, k.Matches)
		},
		differs:     func(*Assignment) string { return "" }, // the key is the whole assignment
		id:          func(*Assignment) string { return "" },
		keyIsObject: true,
		planned: func() *Assignment {
			a := &Assignment{Role: RoleRef{ID: k.RoleID}}
			ref := &SubjectRef{ID: k.SubjectID}
			switch WireKind(k.SubjectKind) {
			case SubjectTeam:
				a.Team = ref
			case SubjectInvitation:
				a.Invitation = ref
			default:
				a.User = ref
			}
			if k.WorkspaceID != "" {
				a.WorkspaceID = &k.WorkspaceID
			}
			if k.ProjectID != "" {
				a.ProjectID = &k.ProjectID
			}
			return a
		},
	}
}

func teamMemberKey(c *Client, teamID, kind, subjectID string) uniqueKey[TeamMember] {
	isIt := func(m *TeamMember) bool {
		if WireKind(kind) == SubjectInvitation {
			return m.Invitation != nil && m.Invitation.ID == subjectID && m.User == nil
		}
		return m.User != nil && m.User.ID == subjectID
	}
	return uniqueKey[TeamMember]{
		kind: "team membership", key: fmt.Sprintf("of %s %s in team %s", kind, subjectID, teamID),
		find: func(ctx context.Context) (*TeamMember, error) {
			list, err := c.ListTeamMembers(ctx, teamID)
			return firstOf(list, err, isIt)
		},
		differs:     func(*TeamMember) string { return "" }, // the key is the whole membership
		id:          func(*TeamMember) string { return "" },
		keyIsObject: true,
		planned:     func() *TeamMember { return &TeamMember{} },
	}
}

func describeAssignment(k AssignmentKey) string {
	s := fmt.Sprintf("of role %s to %s %s", k.RoleID, k.SubjectKind, k.SubjectID)
	switch {
	case k.ProjectID != "":
		s += fmt.Sprintf(" in project %s of workspace %s", k.ProjectID, k.WorkspaceID)
	case k.WorkspaceID != "":
		s += " in workspace " + k.WorkspaceID
	default:
		s += " in its organization"
	}
	return s
}

// firstOf returns a copy of the first item of list that match accepts (nil when none).
func firstOf[T any](list []T, err error, match func(*T) bool) (*T, error) {
	if err != nil {
		return nil, err
	}
	for i := range list {
		if match(&list[i]) {
			item := list[i]
			return &item, nil
		}
	}
	return nil, nil
}

// field says how a field of the object found differs from the planned value ("" when equal).
func field(name, found, planned string) string {
	if found == planned {
		return ""
	}
	return fmt.Sprintf("%s is %q there, %q planned", name, found, planned)
}

// setField compares two lists without regard to order.
func setField(name string, found, planned []string) string {
	a, b := slices.Clone(found), slices.Clone(planned)
	slices.Sort(a)
	slices.Sort(b)
	if slices.Equal(slices.Compact(a), slices.Compact(b)) {
		return ""
	}
	return fmt.Sprintf("%s is [%s] there, [%s] planned", name, strings.Join(found, ", "), strings.Join(planned, ", "))
}

func differences(diffs ...string) string {
	return strings.Join(slices.DeleteFunc(diffs, func(d string) bool { return d == "" }), "; ")
}
