// Package invitation implements the zenmlpro_invitation resource: an email address invited into
// an organization with an organization-level role.
package invitation

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

type resourceModel struct {
	ID                    types.String `tfsdk:"id"`
	OrganizationID        types.String `tfsdk:"organization_id"`
	Email                 types.String `tfsdk:"email"`
	RoleID                types.String `tfsdk:"role_id"`
	RoleIDs               types.Set    `tfsdk:"role_ids"`
	RemoveMemberOnDestroy types.Bool   `tfsdk:"remove_member_on_destroy"`
	Status                types.String `tfsdk:"status"`
	UserID                types.String `tfsdk:"user_id"`
	Expires               types.String `tfsdk:"expires"`
	Created               types.String `tfsdk:"created"`
}

// fromAPI copies what the API reports. An email that differs from the configured one only in
// case is the same address: the configured spelling is kept, so that it plans no replacement.
func (m *resourceModel) fromAPI(inv *client.Invitation) {
	m.ID = types.StringValue(inv.ID)
	if inv.OrganizationID != "" {
		m.OrganizationID = types.StringValue(inv.OrganizationID)
	}
	if m.Email.IsNull() || m.Email.IsUnknown() || !strings.EqualFold(m.Email.ValueString(), inv.Email) {
		m.Email = types.StringValue(inv.Email)
	}
	// An invitation may give several roles (one made in the dashboard, say); this resource manages
	// one. role_id stays the one held while the invitation still gives it; role_ids shows them all.
	roles := inv.AllRoles()
	ids := make([]attr.Value, 0, len(roles))
	held := false
	for _, r := range roles {
		ids = append(ids, types.StringValue(r.ID))
		held = held || r.ID == m.RoleID.ValueString()
	}
	if !held {
		m.RoleID = types.StringNull()
		if len(roles) > 0 {
			m.RoleID = types.StringValue(roles[0].ID)
		}
	}
	m.RoleIDs = types.SetValueMust(types.StringType, ids)
	m.Status = types.StringValue(inv.Status)
	m.UserID = types.StringPointerValue(inv.UserID)
	m.Expires = types.StringValue(inv.Expires)
	m.Created = types.StringValue(inv.Created)
}

// extraRoles lists the roles the invitation gives beyond role_id, by name.
func extraRoles(inv *client.Invitation, roleID string) []string {
	var out []string
	for _, r := range inv.AllRoles() {
		if r.ID != roleID {
			name := r.Name
			if name == "" {
				name = r.ID
			}
			out = append(out, name)
		}
	}
	return out
}
