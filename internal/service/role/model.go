// Package role implements the zenmlpro_role resource (custom roles) and the zenmlpro_role and
// zenmlpro_roles data sources (built-in and custom roles).
package role

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

type resourceModel struct {
	ID             types.String `tfsdk:"id"`
	OrganizationID types.String `tfsdk:"organization_id"`
	Name           types.String `tfsdk:"name"`
	Level          types.String `tfsdk:"level"`
	Description    types.String `tfsdk:"description"`
	Permissions    types.Set    `tfsdk:"permissions"`
	SystemManaged  types.Bool   `tfsdk:"system_managed"`
	Created        types.String `tfsdk:"created"`
}

func (m *resourceModel) fromAPI(ctx context.Context, r *client.Role) diag.Diagnostics {
	m.ID = types.StringValue(r.ID)
	m.OrganizationID = types.StringValue(r.OrganizationID)
	m.Name = types.StringValue(r.Name)
	m.Level = types.StringValue(r.Level)
	m.Description = types.StringValue(r.Description)
	m.SystemManaged = types.BoolValue(r.SystemManaged)
	m.Created = types.StringValue(r.Created)
	var diags diag.Diagnostics
	m.Permissions, diags = permissionsValue(ctx, r.Permissions)
	return diags
}

// permissions returns the planned permissions, sorted (the API keeps the order it is given; a
// sorted list keeps requests reproducible).
func (m *resourceModel) permissions(ctx context.Context) ([]string, diag.Diagnostics) {
	perms := []string{}
	diags := m.Permissions.ElementsAs(ctx, &perms, false)
	slices.Sort(perms)
	return perms, diags
}

// permissionsValue turns the API's list into a set value.
func permissionsValue(ctx context.Context, perms []string) (types.Set, diag.Diagnostics) {
	sorted := slices.Clone(perms)
	slices.Sort(sorted)
	if sorted == nil {
		sorted = []string{}
	}
	return types.SetValueFrom(ctx, types.StringType, sorted)
}

// dataSourceModel is the zenmlpro_role data source.
type dataSourceModel struct {
	ID             types.String `tfsdk:"id"`
	OrganizationID types.String `tfsdk:"organization_id"`
	Name           types.String `tfsdk:"name"`
	Level          types.String `tfsdk:"level"`
	Description    types.String `tfsdk:"description"`
	Permissions    types.Set    `tfsdk:"permissions"`
	SystemManaged  types.Bool   `tfsdk:"system_managed"`
	Created        types.String `tfsdk:"created"`
}

func (m *dataSourceModel) fromAPI(ctx context.Context, r *client.Role) diag.Diagnostics {
	var rm resourceModel
	diags := rm.fromAPI(ctx, r)
	m.ID, m.OrganizationID, m.Name, m.Level, m.Description = rm.ID, rm.OrganizationID, rm.Name, rm.Level, rm.Description
	m.Permissions, m.SystemManaged, m.Created = rm.Permissions, rm.SystemManaged, rm.Created
	return diags
}

// listModel is the zenmlpro_roles data source.
type listModel struct {
	OrganizationID types.String    `tfsdk:"organization_id"`
	Level          types.String    `tfsdk:"level"`
	Roles          []listItemModel `tfsdk:"roles"`
}

type listItemModel struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Level         types.String `tfsdk:"level"`
	Description   types.String `tfsdk:"description"`
	SystemManaged types.Bool   `tfsdk:"system_managed"`
	Permissions   types.Set    `tfsdk:"permissions"`
}
