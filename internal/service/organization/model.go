// Package organization implements the zenmlpro_organization resource and data source.
package organization

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

type resourceModel struct {
	ID                 types.String `tfsdk:"id"`
	Name               types.String `tfsdk:"name"`
	Description        types.String `tfsdk:"description"`
	TrustedDomains     types.Set    `tfsdk:"trusted_domains"`
	DeletionProtection types.Bool   `tfsdk:"deletion_protection"`
	Created            types.String `tfsdk:"created"`
}

type dataSourceModel struct {
	ID             types.String `tfsdk:"id"`
	Name           types.String `tfsdk:"name"`
	Description    types.String `tfsdk:"description"`
	TrustedDomains types.Set    `tfsdk:"trusted_domains"`
	Created        types.String `tfsdk:"created"`
}

// domainsValue turns the API's list into a set value (sorted, so state is stable).
func domainsValue(ctx context.Context, domains []string) (types.Set, diag.Diagnostics) {
	sorted := slices.Clone(domains)
	slices.Sort(sorted)
	if sorted == nil {
		sorted = []string{}
	}
	return types.SetValueFrom(ctx, types.StringType, sorted)
}

func (m *resourceModel) fromAPI(ctx context.Context, o *client.Organization) diag.Diagnostics {
	m.ID = types.StringValue(o.ID)
	m.Name = types.StringValue(o.Name)
	m.Description = types.StringValue(o.Description)
	m.Created = types.StringValue(o.Created)
	var diags diag.Diagnostics
	m.TrustedDomains, diags = domainsValue(ctx, o.TrustedDomains)
	return diags
}

func (m *dataSourceModel) fromAPI(ctx context.Context, o *client.Organization) diag.Diagnostics {
	m.ID = types.StringValue(o.ID)
	m.Name = types.StringValue(o.Name)
	m.Description = types.StringValue(o.Description)
	m.Created = types.StringValue(o.Created)
	var diags diag.Diagnostics
	m.TrustedDomains, diags = domainsValue(ctx, o.TrustedDomains)
	return diags
}

func (m *resourceModel) domains(ctx context.Context) ([]string, diag.Diagnostics) {
	out := []string{}
	diags := m.TrustedDomains.ElementsAs(ctx, &out, false)
	return out, diags
}
