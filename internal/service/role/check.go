package role

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
)

// CheckOrganizationRole refuses, at plan time, a role that the API would refuse at apply where an
// organization-level role of one organization is wanted (an invitation's role, a service
// account's initial role, the SSO default role): a role that does not exist, has another level,
// or belongs to another organization. gives says what the role is for ("an invitation gives"),
// and otherLevel what to do with a role of another level instead. A role or organization not
// known yet (made in this apply) is left to the API.
func CheckOrganizationRole(ctx context.Context, c *client.Client, attr path.Path, roleID, orgID types.String,
	gives, otherLevel string, diags *diag.Diagnostics,
) {
	if roleID.IsUnknown() || roleID.IsNull() || c == nil {
		return
	}
	const useOne = "Use one such as the built-in Organization Member (data \"zenmlpro_role\" with level = \"organization\")."
	role, err := c.CachedRole(ctx, roleID.ValueString())
	if client.IsNotFound(err) {
		diags.AddAttributeError(attr, "Role not found",
			fmt.Sprintf("There is no role %s in any organization this API key can see; %s an organization-level role. %s",
				roleID.ValueString(), gives, useOne))
		return
	}
	if framework.IsNotServed(err) {
		return // a control plane without reads by id: the API checks the role at apply
	}
	if err != nil {
		framework.AddAPIError(diags, "Error reading role",
			fmt.Sprintf("Could not read role %s to check its level (%s an organization-level role)", roleID.ValueString(), gives), err)
		return
	}
	if role.Level != client.LevelOrganization {
		detail := fmt.Sprintf("Role %q is a %s-level role; %s an organization-level role. %s", role.Name, role.Level, gives, useOne)
		if otherLevel != "" {
			detail += " " + fmt.Sprintf(otherLevel, role.Level)
		}
		diags.AddAttributeError(attr, "Role of the wrong level", detail)
		return
	}
	if !orgID.IsUnknown() && !orgID.IsNull() && role.OrganizationID != orgID.ValueString() {
		diags.AddAttributeError(attr, "Role of another organization",
			fmt.Sprintf("Role %q belongs to organization %s, not to organization %s. Use a role of organization %s "+
				"(data \"zenmlpro_role\" with organization_id set).", role.Name, role.OrganizationID,
				orgID.ValueString(), orgID.ValueString()))
	}
}
