// Package accesstoken implements the zenmlpro_access_token ephemeral resource: a short-lived bearer
// token for the ZenML Pro API, obtained at each Terraform run and never stored in plan or state.
package accesstoken

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*accessTokenResource)(nil)

type accessTokenResource struct {
	data *providerdata.Data
}

type model struct {
	APIKey    types.String `tfsdk:"api_key"`
	Token     types.String `tfsdk:"token"`
	TokenType types.String `tfsdk:"token_type"`
	ExpiresAt types.String `tfsdk:"expires_at"`
}

// NewEphemeralResource returns the zenmlpro_access_token ephemeral resource.
func NewEphemeralResource() ephemeral.EphemeralResource { return &accessTokenResource{} }

func (r *accessTokenResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_token"
}

func (r *accessTokenResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A short-lived bearer token for the ZenML Pro API, exchanged (`POST /auth/login`) for the " +
			"provider's own API key or for the given `api_key`. Being ephemeral (Terraform 1.10 or later), it is " +
			"obtained anew in each Terraform run and never written to the plan or the state: use it to configure " +
			"another provider without a long-lived secret in state — a second `zenmlpro` provider block (its " +
			"`access_token` argument), or a workspace's `zenml` provider. The token is never refreshed: it must " +
			"outlive the run that uses it.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "A service-account API key (`ZENPROKEY_...`) to exchange. Default: the provider's " +
					"own `api_key`. The token acts with the key's permissions.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"token": schema.StringAttribute{
				Computed: true, Sensitive: true,
				MarkdownDescription: "The bearer token (`Authorization: Bearer <token>`).",
			},
			"token_type": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The token's type, as the API reports it (`bearer`).",
			},
			"expires_at": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "When the token expires (RFC 3339, UTC, on this machine's clock). Tokens typically " +
					"live one hour; a run that lasts longer needs a fresh one.",
			},
		},
	}
}

func (r *accessTokenResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

func (r *accessTokenResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var m model
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	whose := "the provider's API key"
	if !m.APIKey.IsNull() {
		whose = "the api_key given to zenmlpro_access_token"
	}
	requested := time.Now()
	tok, err := r.data.Client.NewAccessToken(ctx, m.APIKey.ValueString())
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error obtaining an access token",
			"Could not exchange "+whose+" for an access token", err)
		return
	}
	m.Token = types.StringValue(tok.AccessToken)
	m.TokenType = types.StringValue(tok.TokenType)
	// Counted from the request, not the answer: the token can only expire later than this says.
	m.ExpiresAt = types.StringValue(requested.Add(time.Duration(tok.ExpiresIn) * time.Second).UTC().Format(time.RFC3339))
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
