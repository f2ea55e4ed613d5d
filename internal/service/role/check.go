package role

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
)

// OrganizationRoleProblem says what the API would refuse at apply where an organization-level role
// of one organization is wanted (an invitation's role, a service account's role, the SSO default
// role): a role that does not exist, has another level, or belongs to another organization. gives
// says what the role is for ("an invitation gives"), and otherLevel (a format with the role's
// level) what to do with a role of another level instead. It returns nil for a role or an
// organization not known yet (made in this apply; the API checks it then), and for a control plane
// that does not serve reads of roles by id (the API checks it at apply).
//
// Callers add the problem as an error, or, for an object that does not exist yet, as a warning at
// plan time and an error in Create (see framework.Problem: a plan-time error would block destroy).
func OrganizationRoleProblem(ctx context.Context, c *client.Client, attr path.Path, roleID, orgID types.String,
	gives, otherLevel string,
) *framework.Problem {
	if roleID.IsUnknown() || roleID.IsNull() || c == nil {
		return nil
	}
	const useOne = "Use one such as the built-in Organization Member (data \"zenmlpro_role\" with level = \"organization\")."
	role, err := c.CachedRole(ctx, roleID.ValueString())
	switch {
	case client.IsNotFound(err):
		return &framework.Problem{Path: attr, Summary: "Role not found",
			Detail: fmt.Sprintf("There is no role %s in any organization this API key can see; %s an organization-level role. %s",
				roleID.ValueString(), gives, useOne)}
	case framework.IsNotServed(err):
		return nil
	case err != nil:
		return &framework.Problem{Path: attr, Summary: "Error reading role",
			Detail: fmt.Sprintf("Could not read role %s to check its level (%s an organization-level role): %v", roleID.ValueString(), gives, err)}
	}
	if role.Level != client.LevelOrganization {
		detail := fmt.Sprintf("Role %q is a %s-level role; %s an organization-level role. %s", role.Name, role.Level, gives, useOne)
		if otherLevel != "" {
			detail += " " + fmt.Sprintf(otherLevel, role.Level)
		}
		return &framework.Problem{Path: attr, Summary: "Role of the wrong level", Detail: detail}
	}
	if !orgID.IsUnknown() && !orgID.IsNull() && role.OrganizationID != orgID.ValueString() {
		return &framework.Problem{Path: attr, Summary: "Role of another organization",
			Detail: fmt.Sprintf("Role %q belongs to organization %s, not to organization %s. Use a role of organization %s "+
				"(data \"zenmlpro_role\" with organization_id set).", role.Name, role.OrganizationID,
				orgID.ValueString(), orgID.ValueString())}
	}
	return nil
}
