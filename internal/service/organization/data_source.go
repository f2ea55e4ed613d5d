package organization

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
)

var _ datasource.DataSourceWithConfigValidators = (*orgDataSource)(nil)

type orgDataSource struct {
	data *providerdata.Data
}

// NewDataSource returns the zenmlpro_organization data source.
func NewDataSource() datasource.DataSource { return &orgDataSource{} }

func (d *orgDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization"
}

func (d *orgDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up an organization by `id` or `name`; with neither, the provider's default organization.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The organization's id. Conflicts with `name`.",
				Validators:          []validator.String{framework.UUID()},
			},
			"name": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The organization's name. Conflicts with `id`.",
			},
			"description":     schema.StringAttribute{Computed: true, MarkdownDescription: "The description."},
			"trusted_domains": schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Trusted email domains."},
			"created":         schema.StringAttribute{Computed: true, MarkdownDescription: "When the organization was created."},
		},
	}
}

func (d *orgDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.Conflicting(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *orgDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

func (d *orgDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.data.Ready(&resp.Diagnostics) {
		return
	}
	var cfg dataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	key := cfg.ID.ValueString()
	if key == "" {
		key = cfg.Name.ValueString()
	}
	if key == "" {
		// Not d.data.Organization: its hint names an organization_id argument, which this data
		// source does not have.
		if key = d.data.OrganizationID; key == "" {
			resp.Diagnostics.AddError("No organization",
				"This data source names no organization and the provider has no organization_id. Set id or name on "+
					"this data source, or organization_id on the provider (or ZENML_PRO_ORGANIZATION_ID).")
			return
		}
	}
	org, err := d.data.Client.GetOrganization(ctx, key)
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading organization",
			fmt.Sprintf("Could not find organization %q", key), err)
		return
	}
	resp.Diagnostics.Append(cfg.fromAPI(ctx, org)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
