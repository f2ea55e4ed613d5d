// Package rolebinding implements the zenmlpro_role_binding resource: one role given to one subject
// (user, team, invitation or service account) at one scope (organization, workspace or project).
package rolebinding

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
)

// importFormat is the form of the resource's id, which is also its import ID.
const importFormat = "<role_id>/<subject kind>:<subject id>[/<workspace_id>[/<project_id>]] " +
	"(subject kinds: user, team, invitation, service_account)"

type resourceModel struct {
	ID               types.String `tfsdk:"id"`
	RoleID           types.String `tfsdk:"role_id"`
	UserID           types.String `tfsdk:"user_id"`
	TeamID           types.String `tfsdk:"team_id"`
	InvitationID     types.String `tfsdk:"invitation_id"`
	ServiceAccountID types.String `tfsdk:"service_account_id"`
	WorkspaceID      types.String `tfsdk:"workspace_id"`
	ProjectID        types.String `tfsdk:"project_id"`
	RoleName         types.String `tfsdk:"role_name"`
	RoleLevel        types.String `tfsdk:"role_level"`
}

// subjectAttribute is the attribute holding the subject of a kind: user_id, team_id, ...
func subjectAttribute(kind string) string { return kind + "_id" }

// subjectAttributes lists the subject attributes in the order of client.SubjectKinds.
func subjectAttributes() []string {
	out := make([]string, 0, len(client.SubjectKinds))
	for _, k := range client.SubjectKinds {
		out = append(out, subjectAttribute(k))
	}
	return out
}

// subjectField returns the model's field for a subject kind.
func (m *resourceModel) subjectField(kind string) *types.String {
	switch kind {
	case client.SubjectUser:
		return &m.UserID
	case client.SubjectTeam:
		return &m.TeamID
	case client.SubjectInvitation:
		return &m.InvitationID
	case client.SubjectServiceAccount:
		return &m.ServiceAccountID
	}
	return nil
}

// subject returns the kind and id of the one subject set ("" when none is set).
func (m *resourceModel) subject() (kind, id string) {
	for _, k := range client.SubjectKinds {
		if f := m.subjectField(k); !f.IsNull() && !f.IsUnknown() {
			return k, f.ValueString()
		}
	}
	return "", ""
}

// key identifies the assignment the binding stands for.
func (m *resourceModel) key() client.AssignmentKey {
	kind, id := m.subject()
	return client.AssignmentKey{
		RoleID:      m.RoleID.ValueString(),
		SubjectKind: kind,
		SubjectID:   id,
		WorkspaceID: m.WorkspaceID.ValueString(),
		ProjectID:   m.ProjectID.ValueString(),
	}
}

// keyKnown reports whether every part of the key is known (values from resources not yet created
// are unknown at plan time).
func (m *resourceModel) keyKnown() bool {
	for _, v := range []types.String{m.RoleID, m.UserID, m.TeamID, m.InvitationID, m.ServiceAccountID, m.WorkspaceID, m.ProjectID} {
		if v.IsUnknown() {
			return false
		}
	}
	kind, _ := m.subject()
	return !m.RoleID.IsNull() && kind != ""
}

// setKey fills the key's attributes (the subject and scope not in k become null).
func (m *resourceModel) setKey(k client.AssignmentKey) {
	m.RoleID = types.StringValue(k.RoleID)
	for _, kind := range client.SubjectKinds {
		*m.subjectField(kind) = types.StringNull()
	}
	*m.subjectField(k.SubjectKind) = types.StringValue(k.SubjectID)
	m.WorkspaceID, m.ProjectID = optionalString(k.WorkspaceID), optionalString(k.ProjectID)
	m.ID = types.StringValue(formatID(k))
}

func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// formatID renders k as "<role_id>/<kind>:<subject id>[/<workspace_id>[/<project_id>]]".
func formatID(k client.AssignmentKey) string {
	id := k.RoleID + "/" + k.SubjectKind + ":" + k.SubjectID
	if k.WorkspaceID != "" {
		id += "/" + k.WorkspaceID
		if k.ProjectID != "" {
			id += "/" + k.ProjectID
		}
	}
	return id
}

// parseID reads an id of formatID's form; the error says what is wrong with it.
func parseID(id string) (client.AssignmentKey, error) {
	var k client.AssignmentKey
	parts := strings.Split(id, "/")
	if len(parts) < 2 || len(parts) > 4 {
		return k, fmt.Errorf("it has %d part(s) separated by \"/\"; it needs 2 to 4", len(parts))
	}
	kind, subjectID, ok := strings.Cut(parts[1], ":")
	if !ok {
		return k, fmt.Errorf("its second part %q is not <subject kind>:<subject id>", parts[1])
	}
	known := false
	for _, sk := range client.SubjectKinds {
		known = known || sk == kind
	}
	if !known {
		return k, fmt.Errorf("%q is not a subject kind", kind)
	}
	k = client.AssignmentKey{RoleID: parts[0], SubjectKind: kind, SubjectID: subjectID}
	if len(parts) > 2 {
		k.WorkspaceID = parts[2]
	}
	if len(parts) > 3 {
		k.ProjectID = parts[3]
	}
	for _, f := range []struct{ name, value string }{
		{"role id", k.RoleID}, {kind + " id", k.SubjectID}, {"workspace id", k.WorkspaceID}, {"project id", k.ProjectID},
	} {
		if f.value != "" && !framework.IsUUID(f.value) || f.value == "" && (f.name == "role id" || f.name == kind+" id") {
			return client.AssignmentKey{}, fmt.Errorf("the %s %q is not a UUID", f.name, f.value)
		}
	}
	return k, nil
}
