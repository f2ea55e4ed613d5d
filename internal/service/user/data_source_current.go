// Package user implements the zenmlpro_current_user and zenmlpro_user data sources.
package user

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
)

type currentUserDataSource struct {
	data *providerdata.Data
}

type currentUserModel struct {
	ID               types.String `tfsdk:"id"`
	Username         types.String `tfsdk:"username"`
	Email            types.String `tfsdk:"email"`
	IsServiceAccount types.Bool   `tfsdk:"is_service_account"`
}

// NewCurrentUserDataSource returns the zenmlpro_current_user data source.
func NewCurrentUserDataSource() datasource.DataSource { return &currentUserDataSource{} }

func (d *currentUserDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_current_user"
}

func (d *currentUserDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The identity the provider's API key belongs to (`GET /users/me`): a service account for " +
			"service-account keys, a user for personal access tokens.",
		Attributes: map[string]schema.Attribute{
			"id":                 schema.StringAttribute{Computed: true, MarkdownDescription: "The user's (or service account's) id."},
			"username":           schema.StringAttribute{Computed: true, MarkdownDescription: "The username; a service account's name."},
			"email":              schema.StringAttribute{Computed: true, MarkdownDescription: "The email address; for a service account, its username (as the API reports it)."},
			"is_service_account": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the caller is a service account."},
		},
	}
}

func (d *currentUserDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

func (d *currentUserDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.data.Ready(&resp.Diagnostics) {
		return
	}
	u, err := d.data.Client.CurrentUser(ctx)
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading the current user", "Could not read GET /users/me", err)
		return
	}
	state := currentUserModel{
		ID:               types.StringValue(u.ID),
		Username:         types.StringValue(u.Username),
		Email:            types.StringPointerValue(u.Email),
		IsServiceAccount: types.BoolValue(u.IsServiceAccount),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
