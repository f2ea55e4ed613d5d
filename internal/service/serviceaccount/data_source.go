package serviceaccount

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
)

var _ datasource.DataSourceWithConfigValidators = (*serviceAccountDataSource)(nil)

type serviceAccountDataSource struct {
	data *providerdata.Data
}

// NewDataSource returns the zenmlpro_service_account data source.
func NewDataSource() datasource.DataSource { return &serviceAccountDataSource{} }

func (d *serviceAccountDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_service_account"
}

func (d *serviceAccountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a service account by `id` or `username` in an organization (for example one made " +
			"in the dashboard, to bind roles to it or give it API keys).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The service account's id. Exactly one of `id` and `username` is required.",
				Validators:          []validator.String{framework.UUID()},
			},
			"username": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The service account's username (unique in the organization).",
				Validators:          []validator.String{framework.IdentifierName()},
			},
			"name": schema.StringAttribute{Computed: true, MarkdownDescription: "The service account's display name."},
			"organization_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The organization of the service account; defaults to the provider's.",
				Validators:          []validator.String{framework.UUID()},
			},
			"description": schema.StringAttribute{Computed: true, MarkdownDescription: "The description."},
			"active":      schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the service account can log in."},
			"created":     schema.StringAttribute{Computed: true, MarkdownDescription: "When the service account was created."},
		},
	}
}

func (d *serviceAccountDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("username")),
	}
}

func (d *serviceAccountDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

func (d *serviceAccountDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.data.Ready(&resp.Diagnostics) {
		return
	}
	var cfg dataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID := d.data.Organization(cfg.OrganizationID.ValueString(), &resp.Diagnostics)
	if orgID == "" {
		return
	}
	lookup := cfg.ID.ValueString()
	if cfg.ID.IsNull() {
		lookup = cfg.Username.ValueString()
	}
	sa, err := findServiceAccount(ctx, d.data.Client, orgID, lookup)
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading service account",
			fmt.Sprintf("Looking up service account %q in organization %s", lookup, orgID), err)
		return
	}
	cfg.fromAPI(sa)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
