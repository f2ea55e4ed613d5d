package sso

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/service/role"
)

const (
	secretAttr        = "client_secret_wo"
	secretVersionAttr = "client_secret_wo_version"
)

var (
	_ resource.ResourceWithConfigure      = (*ssoResource)(nil)
	_ resource.ResourceWithImportState    = (*ssoResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*ssoResource)(nil)
	_ resource.ResourceWithValidateConfig = (*ssoResource)(nil)
)

type ssoResource struct {
	data *providerdata.Data
}

// NewResource returns the zenmlpro_sso resource.
func NewResource() resource.Resource { return &ssoResource{} }

func (r *ssoResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sso"
}

func (r *ssoResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	scopeDefault := make([]attr.Value, 0, len(defaultScopes))
	for _, s := range defaultScopes {
		scopeDefault = append(scopeDefault, types.StringValue(s))
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "~> **For control planes that serve the provider's own SSO calls only.** ZenML publishes no SSO " +
			"API: the SSO of a ZenML Pro SaaS (and hybrid) organization is set up by ZenML, and a self-hosted control plane " +
			"configures SSO in its Helm values. This resource works against a control plane that serves " +
			"`/organizations/{id}/sso` (the mock control plane does; see the guide \"API coverage\"). To feed an " +
			"identity provider's users and groups into an organization with public calls only, see the guide " +
			"\"Setting up SSO\".\n\n" +
			"An organization's single sign-on through an OpenID Connect identity provider (Okta, Microsoft " +
			"Entra ID, Google Workspace, Keycloak, ...). There is one configuration per organization; destroying this " +
			"resource turns SSO off (password logins work again).\n\n" +
			"The client secret is a **write-only** attribute (`client_secret_wo`, Terraform 1.11 or later): it is sent to " +
			"the API but never stored in the plan or the state, and the API never returns it. It is sent when the " +
			"configuration is created and whenever `client_secret_wo_version` changes, so to rotate the secret, change " +
			"both. The provider keeps a SHA-256 hash of the secret it last sent in the resource's private state and warns " +
			"at plan time when the secret changed but the version did not.",
		Attributes: map[string]schema.Attribute{
			"id":              framework.IDAttribute("The id of the organization (the configuration has none of its own)."),
			"organization_id": framework.OrganizationIDAttribute("SSO configuration"),
			"enabled": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Whether users can sign in through the identity provider. Default `true`; `false` keeps " +
					"the configuration but turns SSO off.",
			},
			"issuer_url": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The identity provider's OIDC issuer URL (its discovery document lives under " +
					"`<issuer_url>/.well-known/openid-configuration`). Must be `https://`.",
				Validators: []validator.String{framework.HTTPSURL()},
			},
			"client_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The client (application) id of the OIDC client registered at the identity provider.",
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			secretAttr: schema.StringAttribute{
				Optional: true, Sensitive: true, WriteOnly: true,
				MarkdownDescription: "The OIDC client's secret. **Write-only**: never stored in the plan or state, never " +
					"returned by the API. Required when the configuration is created; afterwards it is sent only when " +
					"`client_secret_wo_version` changes. It may later be removed from the configuration together with its " +
					"version: the API keeps the secret it has. Needs Terraform 1.11 or later.",
				Validators: []validator.String{stringvalidator.LengthBetween(1, 1024)},
			},
			secretVersionAttr: schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Any number that identifies the current `client_secret_wo`; changing it sends the " +
					"secret to the API (rotate the secret by changing both). After an import it is null, so the first " +
					"apply that sets it sends the configured secret.",
				Validators: []validator.Int64{
					int64validator.AlsoRequires(path.MatchRoot(secretAttr)),
				},
			},
			"scopes": schema.ListAttribute{
				ElementType: types.StringType,
				Optional:    true, Computed: true,
				Default: listdefault.StaticValue(types.ListValueMust(types.StringType, scopeDefault)),
				MarkdownDescription: "The OAuth scopes requested from the identity provider. Must contain `\"openid\"`. " +
					"Default `[\"openid\", \"email\", \"profile\"]`.",
				Validators: []validator.List{
					framework.ListContains("openid", "scopes must contain \"openid\": without it the identity provider "+
						"returns no ID token and nobody can sign in. Add \"openid\" to the list, for example "+
						"[\"openid\", \"email\", \"profile\"]."),
					listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(framework.ScopeName()),
				},
			},
			"domains": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true, Computed: true,
				Default: setdefault.StaticValue(types.SetValueMust(types.StringType, nil)),
				MarkdownDescription: "Email domains (lowercase DNS names such as `example.com`) whose users are sent to " +
					"this identity provider when they sign in. Default: none.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(framework.Domain())},
			},
			"jit_provisioning": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Whether a user who signs in through SSO for the first time is created on the spot " +
					"(just-in-time provisioning) and given `default_role_id`. Default `false`: users need an invitation.",
			},
			"default_role_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The id of an organization-level role (such as *Organization Member*) given to users " +
					"created just in time. Optional.",
				Validators: []validator.String{framework.UUID()},
			},
			"enforce_sso": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Whether password logins are turned off, so that users of the organization can sign " +
					"in only through SSO. Needs `enabled = true`. Default `false`. Test SSO with a real user before you " +
					"enforce it: a misconfigured identity provider then locks everyone out of the dashboard (API keys of " +
					"service accounts keep working).",
			},
			"client_secret_set": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether the API holds a client secret (the secret itself is never returned).",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"redirect_uri": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The redirect (callback) URI to register at the identity provider: the provider's " +
					"`dashboard_url` followed by `/api/auth/callback`.",
			},
			"created": framework.CreatedAttribute(),
		},
	}
}

func (r *ssoResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig rejects combinations the API would refuse at apply.
func (r *ssoResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var enabled, enforce types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("enabled"), &enabled)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("enforce_sso"), &enforce)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if enforce.ValueBool() && !enabled.IsNull() && !enabled.IsUnknown() && !enabled.ValueBool() {
		resp.Diagnostics.AddAttributeError(path.Root("enforce_sso"), "SSO enforced while disabled",
			"enforce_sso = true turns password logins off, which needs SSO to be on: with enabled = false nobody could "+
				"sign in. Set enabled = true (or leave enabled out: it defaults to true), or set enforce_sso = false.")
	}
}

// ModifyPlan fills the organization and the values derived from the provider, checks a new default
// role, requires the secret on creation, and warns when the secret changed without its version.
func (r *ssoResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	if r.data != nil { // an unconfigured provider (unknown arguments) leaves these unknown
		framework.SetDefaultOrganization(ctx, req, resp, r.data.OrganizationID)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("redirect_uri"), redirectURI(r.data.DashboardURL))...)
	}
	r.reportDefaultRole(ctx, req, resp)
	var secret types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(secretAttr), &secret)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		var orgID types.String
		resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("organization_id"), &orgID)...)
		if !orgID.IsUnknown() && !orgID.IsNull() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), orgID)...)
		}
		if secret.IsNull() {
			secretRequired.AddCreateWarning(&resp.Diagnostics, "SSO configuration")
		}
		return
	}
	var plannedVersion, stateVersion types.Int64
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(secretVersionAttr), &plannedVersion)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(secretVersionAttr), &stateVersion)...)
	if resp.Diagnostics.HasError() {
		return
	}
	framework.WarnWriteOnlyChangedUnsent(ctx, req.Private, secretAttr, secretVersionAttr, secret,
		!plannedVersion.Equal(stateVersion), &resp.Diagnostics)
}

// checkDefaultRole reads a new or changed default_role_id and refuses, at plan time, a role the API
// would refuse at apply: users created just in time get an organization-level role of the
// organization. A role not known yet (created in this apply) is left to the API.
// reportDefaultRole checks a changed default_role_id at plan time: a warning when the SSO
// configuration does not exist yet (Create checks again; see framework.Problem), an error when it
// changes an existing one.
func (r *ssoResource) reportDefaultRole(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var planned, prior, orgID types.String
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("default_role_id"), &planned)...)
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("organization_id"), &orgID)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("default_role_id"), &prior)...)
	}
	if resp.Diagnostics.HasError() || planned.Equal(prior) || r.data == nil || r.data.Client == nil {
		return
	}
	problem := r.checkDefaultRole(ctx, planned, orgID)
	switch {
	case problem == nil:
	case req.State.Raw.IsNull():
		problem.AddCreateWarning(&resp.Diagnostics, "SSO configuration")
	default:
		problem.AddError(&resp.Diagnostics)
	}
}

// checkDefaultRole says what is wrong with giving users created just in time the role planned
// (nothing for an unknown or null one): it must exist and be an organization-level role of the
// SSO's organization.
func (r *ssoResource) checkDefaultRole(ctx context.Context, planned, orgID types.String) *framework.Problem {
	return role.OrganizationRoleProblem(ctx, r.data.Client, path.Root("default_role_id"), planned, orgID,
		"default_role_id gives users created just in time", "")
}

// secretRequired is the problem of a first SSO configuration without a client secret.
var secretRequired = framework.Problem{Path: path.Root(secretAttr), Summary: "Client secret required",
	Detail: "Creating the SSO configuration needs the OIDC client's secret: the API refuses a first configuration " +
		"without one. Set client_secret_wo (from a sensitive variable or a secret store) and client_secret_wo_version = 1."}

func (r *ssoResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan resourceModel
	var secret types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(secretAttr), &secret)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// What the plan reported as warnings (see framework.Problem), now before anything is written.
	if secret.IsNull() {
		secretRequired.AddError(&resp.Diagnostics)
		return
	}
	if problem := r.checkDefaultRole(ctx, plan.DefaultRoleID, plan.OrganizationID); problem != nil {
		problem.AddError(&resp.Diagnostics)
		return
	}
	orgID := plan.OrganizationID.ValueString()

	// One configuration per organization, and a PUT replaces it: refuse to overwrite one made
	// elsewhere (a mistaken overwrite can lock every user out), and point to import instead.
	_, err := r.data.Client.GetSSO(ctx, orgID)
	if err == nil {
		resp.Diagnostics.AddError("SSO already configured",
			fmt.Sprintf("Organization %s already has an SSO configuration, and Terraform does not overwrite one it did not "+
				"create. Adopt it with an import block (id = %q) or terraform import, then apply the configuration.", orgID, orgID))
		return
	}
	if !client.IsNotFound(err) {
		addSSOError(&resp.Diagnostics, "Error creating SSO configuration",
			fmt.Sprintf("Could not check for an existing SSO configuration of organization %s", orgID), err)
		return
	}

	in, diags := plan.toAPI(ctx, secret.ValueStringPointer())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, err := r.data.Client.PutSSO(ctx, orgID, in)
	if err != nil {
		addSSOError(&resp.Diagnostics, "Error creating SSO configuration",
			fmt.Sprintf("Could not configure SSO of organization %s with issuer %s", orgID, in.IssuerURL), err)
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, orgID, s, r.data.DashboardURL)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(framework.RecordWriteOnlySent(ctx, resp.Private, secretAttr, secret.ValueString())...)
	resp.Diagnostics.Append(framework.MarkCreated(ctx, resp.Private)...)
}

func (r *ssoResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID := state.ID.ValueString()
	var s *client.SSO
	err := framework.ReadTolerant(ctx, req.Private, client.IsNotFound, func(ctx context.Context) error {
		var err error
		s, err = r.data.Client.GetSSO(ctx, orgID)
		return err
	})
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addSSOError(&resp.Diagnostics, "Error reading SSO configuration",
			fmt.Sprintf("Could not read the SSO configuration of organization %s", orgID), err)
		return
	}
	resp.Diagnostics.Append(state.fromAPI(ctx, orgID, s, r.data.DashboardURL)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *ssoResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan, state resourceModel
	var secret types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(secretAttr), &secret)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID := state.ID.ValueString()
	// The secret travels only when its version changes: Terraform cannot see the write-only value
	// change, and sending it on every update would make the version meaningless.
	var send *string
	if !plan.ClientSecretWOVersion.Equal(state.ClientSecretWOVersion) && !secret.IsNull() {
		send = secret.ValueStringPointer()
	}
	in, diags := plan.toAPI(ctx, send)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, err := r.data.Client.PutSSO(ctx, orgID, in)
	if err != nil {
		what := "Could not update the SSO configuration of organization %s"
		if send != nil {
			what = "Could not update the SSO configuration (and client secret) of organization %s"
		}
		addSSOError(&resp.Diagnostics, "Error updating SSO configuration", fmt.Sprintf(what, orgID), err)
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, orgID, s, r.data.DashboardURL)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if send != nil {
		resp.Diagnostics.Append(framework.RecordWriteOnlySent(ctx, resp.Private, secretAttr, *send)...)
	}
}

// Delete turns SSO off: the API removes the configuration and password logins work again.
func (r *ssoResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.Ready(&resp.Diagnostics) {
		return
	}
	err := r.data.Client.DeleteSSO(ctx, state.ID.ValueString())
	if err != nil && !client.IsNotFound(err) {
		addSSOError(&resp.Diagnostics, "Error deleting SSO configuration",
			fmt.Sprintf("Could not turn off SSO of organization %s", state.ID.ValueString()), err)
	}
}

// ImportState accepts the organization's id. The secret's version cannot be known, so it stays
// null; the first apply that sets client_secret_wo_version then sends the configured secret.
func (r *ssoResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !framework.IsUUID(req.ID) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("The import ID %q is not an organization id: import zenmlpro_sso by the id (UUID) of its organization.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("organization_id"), req.ID)...)
}

// notServedAdvice is what a user of a control plane without SSO calls does instead.
const notServedAdvice = "SSO of a ZenML Pro SaaS or hybrid organization is set up with ZenML (contact ZenML support), " +
	"not through the API, and a self-hosted control plane configures it in its Helm values; remove this " +
	"zenmlpro_sso resource. The guide \"Setting up SSO\" shows what can be managed as code instead: trusted " +
	"domains, invitations as placeholders for identity-provider users, and teams fed from identity-provider groups."

// addSSOError is framework.AddAPIError with the advice for control planes that serve no SSO calls.
func addSSOError(diags *diag.Diagnostics, summary, attempted string, err error) {
	if call, ok := framework.NotServedCall(err); ok {
		framework.AddNotServed(diags, summary, attempted, call, notServedAdvice)
		return
	}
	framework.AddAPIError(diags, summary, attempted, err)
}
