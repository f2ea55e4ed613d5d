package rolebinding

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// The structural rules of a binding, checked on the configuration alone (before any API call):
// exactly one subject, and no project without its workspace. The rule that depends on the role's
// level is checked in ModifyPlan, which can read the role.

// oneSubject requires exactly one of user_id, team_id, invitation_id and service_account_id.
type oneSubject struct{}

func (oneSubject) Description(context.Context) string {
	return "exactly one of user_id, team_id, invitation_id and service_account_id must be set"
}

func (v oneSubject) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (oneSubject) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var set []string
	unknown := 0
	for _, attr := range subjectAttributes() {
		var v types.String
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(attr), &v)...)
		switch {
		case v.IsUnknown():
			unknown++
		case !v.IsNull():
			set = append(set, attr)
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	switch {
	case len(set) >= 2:
		quantifier := "both"
		if len(set) > 2 {
			quantifier = "all"
		}
		resp.Diagnostics.AddAttributeError(path.Root(set[1]), "More than one subject",
			fmt.Sprintf("A role binding gives its role to exactly one subject, but %s are %s set. Keep one of them, "+
				"and write one zenmlpro_role_binding per subject (for_each helps).", strings.Join(set, " and "), quantifier))
	case len(set) == 0 && unknown == 0:
		resp.Diagnostics.AddError("No subject",
			"A role binding needs the subject that receives the role: set exactly one of user_id, team_id, invitation_id "+
				"or service_account_id.")
	}
}

// projectNeedsWorkspace requires workspace_id whenever project_id is set: a project lives in a
// workspace, and the API addresses it by both.
type projectNeedsWorkspace struct{}

func (projectNeedsWorkspace) Description(context.Context) string {
	return "project_id requires workspace_id"
}

func (v projectNeedsWorkspace) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (projectNeedsWorkspace) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var workspaceID, projectID types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("workspace_id"), &workspaceID)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("project_id"), &projectID)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !projectID.IsNull() && workspaceID.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("project_id"), "Project without its workspace",
			"project_id is set but workspace_id is not: a project belongs to a workspace, so a project-level binding "+
				"needs both. Set workspace_id to the id of the workspace that holds the project.")
	}
}

// levelProblem says what is wrong with the scope of a binding of a role of the level ("" when it
// fits). Unknown values count as set: they come from resources that will exist.
func levelProblem(roleName, level string, workspaceID, projectID types.String) (attr path.Path, msg string) {
	hasWorkspace, hasProject := !workspaceID.IsNull(), !projectID.IsNull()
	switch level {
	case client.LevelOrganization:
		if hasWorkspace || hasProject {
			attr = path.Root("workspace_id")
			if !hasWorkspace {
				attr = path.Root("project_id")
			}
			return attr, fmt.Sprintf("role %q is an organization-level role: remove workspace_id and project_id (it applies "+
				"to the whole organization), or bind a workspace- or project-level role instead.", roleName)
		}
	case client.LevelWorkspace:
		if !hasWorkspace {
			return path.Root("workspace_id"), fmt.Sprintf("role %q is a workspace-level role: set workspace_id to the "+
				"workspace it applies in.", roleName)
		}
		if hasProject {
			return path.Root("project_id"), fmt.Sprintf("role %q is a workspace-level role: remove project_id (it applies "+
				"to the whole workspace), or bind a project-level role for one project.", roleName)
		}
	case client.LevelProject:
		if !hasWorkspace || !hasProject {
			attr = path.Root("project_id")
			if !hasWorkspace {
				attr = path.Root("workspace_id")
			}
			return attr, fmt.Sprintf("role %q is a project-level role: set workspace_id and project_id (the project it "+
				"applies to and the workspace that holds it).", roleName)
		}
	}
	return path.Empty(), ""
}
