package rolebinding

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

const (
	roleID      = "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b"
	subjectID   = "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"
	workspaceID = "123e4567-e89b-12d3-a456-426614174000"
	projectID   = "5b0f3c1e-8d2a-4f7b-9c6d-2e1a0b9c8d7e"
)

func TestIDRoundTrip(t *testing.T) {
	for _, k := range []client.AssignmentKey{
		{RoleID: roleID, SubjectKind: client.SubjectTeam, SubjectID: subjectID},
		{RoleID: roleID, SubjectKind: client.SubjectUser, SubjectID: subjectID, WorkspaceID: workspaceID},
		{RoleID: roleID, SubjectKind: client.SubjectServiceAccount, SubjectID: subjectID, WorkspaceID: workspaceID, ProjectID: projectID},
		{RoleID: roleID, SubjectKind: client.SubjectInvitation, SubjectID: subjectID, WorkspaceID: workspaceID},
	} {
		id := formatID(k)
		got, err := parseID(id)
		if err != nil || got != k {
			t.Errorf("parseID(%q) = %+v, %v; want %+v", id, got, err, k)
		}
		var m resourceModel
		m.setKey(k)
		if m.key() != k || m.ID.ValueString() != id {
			t.Errorf("setKey/key round trip of %+v gave %+v, id %s", k, m.key(), m.ID)
		}
	}
}

func TestParseIDErrors(t *testing.T) {
	for id, want := range map[string]string{
		roleID:                                   "it has 1 part(s)",
		roleID + "/team:" + subjectID + "/a/b/c": "it has 5 part(s)",
		roleID + "/" + subjectID:                 "is not <subject kind>:<subject id>",
		roleID + "/group:" + subjectID:           `"group" is not a subject kind`,
		"acme/team:" + subjectID:                 `the role id "acme" is not a UUID`,
		roleID + "/team:":                        `the team id "" is not a UUID`,
		roleID + "/user:" + subjectID + "/ws-1":  `the workspace id "ws-1" is not a UUID`,
		roleID + "/user:" + subjectID + "/" + workspaceID + "/p": `the project id "p" is not a UUID`,
	} {
		if _, err := parseID(id); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseID(%q) = %v, want an error containing %q", id, err, want)
		}
	}
}

func TestLevelProblem(t *testing.T) {
	set, null, unknown := types.StringValue(workspaceID), types.StringNull(), types.StringUnknown()
	cases := []struct {
		level              string
		workspace, project types.String
		want, attr         string
	}{
		{client.LevelOrganization, null, null, "", ""},
		{client.LevelOrganization, set, null, "is an organization-level role: remove workspace_id and project_id", "workspace_id"},
		{client.LevelOrganization, null, set, "is an organization-level role", "project_id"},
		{client.LevelWorkspace, set, null, "", ""},
		{client.LevelWorkspace, unknown, null, "", ""}, // a workspace created in the same apply
		{client.LevelWorkspace, null, null, "is a workspace-level role: set workspace_id", "workspace_id"},
		{client.LevelWorkspace, set, set, "is a workspace-level role: remove project_id", "project_id"},
		{client.LevelProject, set, set, "", ""},
		{client.LevelProject, set, null, "is a project-level role: set workspace_id and project_id", "project_id"},
		{client.LevelProject, null, null, "is a project-level role", "workspace_id"},
	}
	for _, c := range cases {
		attr, msg := levelProblem("R", c.level, c.workspace, c.project)
		if c.want == "" && msg != "" || c.want != "" && (!strings.Contains(msg, c.want) || attr.String() != c.attr) {
			t.Errorf("levelProblem(%s, %s, %s) = %s: %q; want %s: %q", c.level, c.workspace, c.project, attr, msg, c.attr, c.want)
		}
	}
}
