// Package provider defines the zenmlpro provider: its configuration and the list of its resources,
// data sources and ephemeral resources.
package provider

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/service/accesstoken"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/service/apikey"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/service/invitation"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/service/organization"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/service/role"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/service/rolebinding"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/service/serviceaccount"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/service/sso"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/service/team"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/service/user"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/service/workspace"
)

// Address is the provider's registry address.
const Address = "registry.terraform.io/zenml-io/zenmlpro"

// Environment variables read when the matching provider argument is not set.
const (
	EnvAPIURL         = "ZENML_PRO_API_URL"
	EnvAPIKey         = "ZENML_PRO_API_KEY"
	EnvAccessToken    = "ZENML_PRO_ACCESS_TOKEN"
	EnvOrganizationID = "ZENML_PRO_ORGANIZATION_ID"
	EnvDashboardURL   = "ZENML_PRO_DASHBOARD_URL"
)

// DefaultDashboardURL is the SaaS dashboard.
const DefaultDashboardURL = "https://cloud.zenml.io"

const defaultRequestTimeout = "60s"

var (
	_ provider.Provider                       = (*zenmlProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*zenmlProvider)(nil)
	_ provider.ProviderWithValidateConfig     = (*zenmlProvider)(nil)
)

type zenmlProvider struct {
	version string
}

// New returns a constructor of provider instances; each instance gets its own client and caches.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &zenmlProvider{version: version} }
}

type providerModel struct {
	APIURL            types.String  `tfsdk:"api_url"`
	APIKey            types.String  `tfsdk:"api_key"`
	AccessToken       types.String  `tfsdk:"access_token"`
	OrganizationID    types.String  `tfsdk:"organization_id"`
	DashboardURL      types.String  `tfsdk:"dashboard_url"`
	MaxRetries        types.Int64   `tfsdk:"max_retries"`
	RequestTimeout    types.String  `tfsdk:"request_timeout"`
	RequestsPerSecond types.Float64 `tfsdk:"requests_per_second"`
}

func (p *zenmlProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "zenmlpro"
	resp.Version = p.version
}

func (p *zenmlProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a ZenML Pro organization as code: workspaces (with hybrid enrollment), " +
			"teams, invitations, roles and role bindings, SSO, service accounts and API keys.",
		Attributes: map[string]schema.Attribute{
			"api_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Base URL of the ZenML Pro control-plane API. Defaults to `$" + EnvAPIURL + "`, else `" +
					client.DefaultAPIURL + "`. A self-hosted control plane serves the API under a path such as `https://zenml.example.com/api/v1`.",
				Validators: []validator.String{framework.HTTPURL()},
			},
			"api_key": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "A service-account API key (`ZENPROKEY_...`) or personal access token. Defaults to `$" + EnvAPIKey +
					"`. The provider exchanges it for short-lived bearer tokens and never logs it. Conflicts with `access_token`.",
			},
			"access_token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "A bearer token for the API, used as it is: never exchanged and never refreshed, so it " +
					"must outlive the Terraform run. Meant for a second provider configuration fed by the " +
					"`zenmlpro_access_token` ephemeral resource (a short-lived credential that is never stored). Defaults to `$" +
					EnvAccessToken + "`. Conflicts with `api_key`: set one of the two. An argument wins over the other's " +
					"environment variable; with neither argument, setting both environment variables is an error.",
			},
			"organization_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The organization that resources and data sources use when they do not name one. Defaults to `$" +
					EnvOrganizationID + "`.",
				Validators: []validator.String{framework.UUID()},
			},
			"dashboard_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Base URL of the ZenML Pro dashboard, used for workspace `dashboard_url` and the SSO `redirect_uri`. " +
					"Defaults to `$" + EnvDashboardURL + "`, else `" + DefaultDashboardURL + "` for the SaaS API and the API's own origin otherwise.",
				Validators: []validator.String{framework.HTTPURL()},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many times a request is retried after a rate limit (429), a timeout (408), "+
					"a gateway error (502, 503, 504) or a connection dropped mid-request, with exponential backoff and `Retry-After` "+
					"honoured. Default `%d`. A connection that cannot be made at all (refused, unreachable) is retried twice at "+
					"most, within about two seconds, and a host name that does not exist not at all: a wrong `api_url` fails at once.",
					client.DefaultMaxRetries),
				Validators: []validator.Int64{int64validator.Between(0, 100)},
			},
			"request_timeout": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Time limit of each HTTP attempt, as a duration such as `\"60s\"`. Default `\"" + defaultRequestTimeout + "\"`.",
				Validators:          []validator.String{framework.Duration()},
			},
			"requests_per_second": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: "Client-side limit of API requests per second (retries included), shared by all resources. " +
					"`0` (the default) means no limit.",
				Validators: []validator.Float64{float64validator.AtLeast(0)},
			},
		},
	}
}

// ValidateConfig refuses both credentials as arguments before anything runs (Configure refuses
// them too, for values that were unknown here).
func (p *zenmlProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var apiKey, accessToken types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("api_key"), &apiKey)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("access_token"), &accessToken)...)
	if !apiKey.IsNull() && !accessToken.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("access_token"), bothCredentialsSummary, bothCredentialsDetail)
	}
}

const (
	bothCredentialsSummary = "Both api_key and access_token are set"
	bothCredentialsDetail  = "Set one of the two in the provider block: api_key is exchanged for tokens that the provider " +
		"refreshes; access_token is used as given and never refreshed."
)

func (p *zenmlProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// A value that is unknown now (it comes from a resource not yet created) cannot configure a
	// client. Say so and leave the provider unconfigured: operations that need the API then fail
	// with a clear message, while validation and plans of other providers go on.
	unknown := map[string]bool{
		"api_url": cfg.APIURL.IsUnknown(), "api_key": cfg.APIKey.IsUnknown(), "access_token": cfg.AccessToken.IsUnknown(),
		"organization_id": cfg.OrganizationID.IsUnknown(), "dashboard_url": cfg.DashboardURL.IsUnknown(),
		"max_retries": cfg.MaxRetries.IsUnknown(), "request_timeout": cfg.RequestTimeout.IsUnknown(),
		"requests_per_second": cfg.RequestsPerSecond.IsUnknown(),
	}
	for _, name := range []string{"api_url", "api_key", "access_token", "organization_id", "dashboard_url", "max_retries", "request_timeout", "requests_per_second"} {
		if unknown[name] {
			resp.Diagnostics.AddAttributeWarning(path.Root(name), "Provider argument unknown at plan time",
				fmt.Sprintf("The provider's %s depends on a value that is not known yet, so the provider cannot reach the API "+
					"during this plan. Apply the resources it depends on first (terraform apply -target=...), or set it from a "+
					"variable or environment variable.", name))
			return
		}
	}

	apiURL := stringOr(cfg.APIURL, os.Getenv(EnvAPIURL), client.DefaultAPIURL)
	orgID := stringOr(cfg.OrganizationID, os.Getenv(EnvOrganizationID), "")
	cred := chooseCredential(cfg.APIKey, cfg.AccessToken, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if orgID != "" && !framework.IsUUID(orgID) {
		resp.Diagnostics.AddAttributeError(path.Root("organization_id"), "Invalid organization_id",
			fmt.Sprintf("The organization id %q (from %s) is not a UUID; use the id shown in the dashboard or by the zenmlpro_organization data source.", orgID, EnvOrganizationID))
		return
	}
	base, err := client.ParseAPIURL(apiURL)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("api_url"), "Invalid api_url", err.Error())
		return
	}
	dashboardURL := stringOr(cfg.DashboardURL, os.Getenv(EnvDashboardURL), defaultDashboardURL(base))

	timeout, _ := time.ParseDuration(stringOr(cfg.RequestTimeout, "", defaultRequestTimeout))
	maxRetries := client.DefaultMaxRetries
	if !cfg.MaxRetries.IsNull() {
		maxRetries = int(cfg.MaxRetries.ValueInt64())
		if maxRetries == 0 {
			maxRetries = -1 // the client reads 0 as "default"
		}
	}
	c, err := client.New(client.Config{
		APIURL:            base.String(),
		APIKey:            cred.apiKey,
		AccessToken:       cred.accessToken,
		MaxRetries:        maxRetries,
		RequestTimeout:    timeout,
		RequestsPerSecond: cfg.RequestsPerSecond.ValueFloat64(),
		UserAgent:         "terraform-provider-zenmlpro/" + p.version + " terraform/" + req.TerraformVersion,
		ConsistencyWindow: framework.ConsistencyWindow,
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the zenmlpro provider", err.Error())
		return
	}
	if cred.apiKey != "" {
		c.SetAPIKeySource(cred.source) // named when the key is refused at login
	}
	data := &providerdata.Data{Client: c, OrganizationID: orgID, DashboardURL: dashboardURL}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.EphemeralResourceData = data
}

// credential is what the provider authenticates with: an API key or an access token (one of the
// two), and where it came from.
type credential struct {
	apiKey, accessToken, source string
}

// chooseCredential picks api_key or access_token. The arguments decide when either is set, so that
// a second provider block with access_token works where ZENML_PRO_API_KEY is set for the first;
// with neither argument, the environment variables decide, and both set is ambiguous.
func chooseCredential(apiKey, accessToken types.String, diags *diag.Diagnostics) credential {
	switch {
	case argSet(apiKey) && argSet(accessToken):
		diags.AddAttributeError(path.Root("access_token"), bothCredentialsSummary, bothCredentialsDetail)
	case argSet(apiKey):
		return credential{apiKey: apiKey.ValueString(), source: "the api_key argument of the provider block"}
	case argSet(accessToken):
		return credential{accessToken: accessToken.ValueString(), source: "the access_token argument of the provider block"}
	case os.Getenv(EnvAPIKey) != "" && os.Getenv(EnvAccessToken) != "":
		diags.AddError("Both "+EnvAPIKey+" and "+EnvAccessToken+" are set",
			"The zenmlpro provider block sets neither api_key nor access_token, and the environment has both "+EnvAPIKey+
				" and "+EnvAccessToken+", which is ambiguous. Unset one of the variables, or set api_key or access_token in "+
				"the provider block (an argument wins over the environment).")
	case os.Getenv(EnvAPIKey) != "":
		return credential{apiKey: os.Getenv(EnvAPIKey), source: "the " + EnvAPIKey + " environment variable"}
	case os.Getenv(EnvAccessToken) != "":
		return credential{accessToken: os.Getenv(EnvAccessToken), source: "the " + EnvAccessToken + " environment variable"}
	default:
		diags.AddAttributeError(path.Root("api_key"), "No API key",
			"The zenmlpro provider needs a credential: set api_key in the provider block or the "+EnvAPIKey+" environment "+
				"variable to a service-account API key (ZENPROKEY_...), or access_token (or "+EnvAccessToken+") to a bearer token.")
	}
	return credential{}
}

func argSet(v types.String) bool { return !v.IsNull() && v.ValueString() != "" }

// defaultDashboardURL is the SaaS dashboard for the SaaS API, else the API's own origin (a
// self-hosted control plane serves its dashboard beside its API).
func defaultDashboardURL(api *url.URL) string {
	if api.String() == client.DefaultAPIURL {
		return DefaultDashboardURL
	}
	return (&url.URL{Scheme: api.Scheme, Host: api.Host}).String()
}

func stringOr(v types.String, env, fallback string) string {
	if !v.IsNull() && v.ValueString() != "" {
		return v.ValueString()
	}
	if env != "" {
		return env
	}
	return fallback
}

func (p *zenmlProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		organization.NewResource,
		workspace.NewResource,
		team.NewResource, team.NewMemberResource, team.NewMembersResource, invitation.NewResource, // access management: teams, memberships, invitations (helper A)
		role.NewResource, rolebinding.NewResource, // access management: roles, role bindings (helper B)
		sso.NewResource, serviceaccount.NewResource, apikey.NewResource, // identity: SSO, service accounts, API keys (helper C)
	}
}

func (p *zenmlProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		organization.NewDataSource,
		user.NewCurrentUserDataSource,
		workspace.NewDataSource,
		workspace.NewListDataSource,
		team.NewDataSource, user.NewDataSource, // access management: teams, users (helper A)
		role.NewDataSource, role.NewListDataSource, // access management: roles (helper B)
		serviceaccount.NewDataSource, // identity (helper C)
	}
}

func (p *zenmlProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		accesstoken.NewEphemeralResource, // identity: access tokens (helper C)
	}
}
