// Package serviceaccount implements the zenmlpro_service_account resource and data source: the
// non-human identities (CI systems, pipelines) that reach ZenML Pro with API keys.
package serviceaccount

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

type resourceModel struct {
	ID             types.String `tfsdk:"id"`
	OrganizationID types.String `tfsdk:"organization_id"`
	Name           types.String `tfsdk:"name"`
	Username       types.String `tfsdk:"username"`
	RoleID         types.String `tfsdk:"role_id"`
	Description    types.String `tfsdk:"description"`
	Active         types.Bool   `tfsdk:"active"`
	Created        types.String `tfsdk:"created"`
}

func (m *resourceModel) fromAPI(sa *client.ServiceAccount) {
	m.ID = types.StringValue(sa.ID)
	m.OrganizationID = types.StringValue(sa.OrganizationID)
	m.Name = types.StringValue(sa.Name)
	m.Username = types.StringValue(sa.Username)
	m.Description = types.StringValue(sa.Description)
	m.Active = types.BoolValue(sa.Active)
	m.Created = types.StringValue(sa.Created)
}

// dataSourceModel is the zenmlpro_service_account data source: the same attributes but the role,
// looked up.
type dataSourceModel struct {
	ID             types.String `tfsdk:"id"`
	OrganizationID types.String `tfsdk:"organization_id"`
	Name           types.String `tfsdk:"name"`
	Username       types.String `tfsdk:"username"`
	Description    types.String `tfsdk:"description"`
	Active         types.Bool   `tfsdk:"active"`
	Created        types.String `tfsdk:"created"`
}

func (m *dataSourceModel) fromAPI(sa *client.ServiceAccount) {
	m.ID = types.StringValue(sa.ID)
	m.OrganizationID = types.StringValue(sa.OrganizationID)
	m.Name = types.StringValue(sa.Name)
	m.Username = types.StringValue(sa.Username)
	m.Description = types.StringValue(sa.Description)
	m.Active = types.BoolValue(sa.Active)
	m.Created = types.StringValue(sa.Created)
}
