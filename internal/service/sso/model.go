// Package sso implements the zenmlpro_sso resource: an organization's single sign-on (OIDC)
// configuration.
package sso

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// callbackPath is where the dashboard receives the identity provider's answer.
const callbackPath = "/api/auth/callback"

// defaultScopes are the scopes the API uses when none are given.
var defaultScopes = []string{"openid", "email", "profile"}

type resourceModel struct {
	ID                    types.String `tfsdk:"id"`
	OrganizationID        types.String `tfsdk:"organization_id"`
	Enabled               types.Bool   `tfsdk:"enabled"`
	IssuerURL             types.String `tfsdk:"issuer_url"`
	ClientID              types.String `tfsdk:"client_id"`
	ClientSecretWO        types.String `tfsdk:"client_secret_wo"`
	ClientSecretWOVersion types.Int64  `tfsdk:"client_secret_wo_version"`
	Scopes                types.List   `tfsdk:"scopes"`
	Domains               types.Set    `tfsdk:"domains"`
	JITProvisioning       types.Bool   `tfsdk:"jit_provisioning"`
	DefaultRoleID         types.String `tfsdk:"default_role_id"`
	EnforceSSO            types.Bool   `tfsdk:"enforce_sso"`
	ClientSecretSet       types.Bool   `tfsdk:"client_secret_set"`
	RedirectURI           types.String `tfsdk:"redirect_uri"`
	Created               types.String `tfsdk:"created"`
}

// redirectURI is the callback to register at the identity provider.
func redirectURI(dashboardURL string) string {
	return strings.TrimRight(dashboardURL, "/") + callbackPath
}

// fromAPI copies what the API reports. The secret is never among it (write-only); its version is
// Terraform's own and stays as it is.
func (m *resourceModel) fromAPI(ctx context.Context, orgID string, s *client.SSO, dashboardURL string) diag.Diagnostics {
	var diags, d diag.Diagnostics
	m.ID = types.StringValue(orgID)
	m.OrganizationID = types.StringValue(orgID)
	m.Enabled = types.BoolValue(s.Enabled)
	m.IssuerURL = types.StringValue(s.IssuerURL)
	m.ClientID = types.StringValue(s.ClientID)
	m.ClientSecretWO = types.StringNull()
	scopes := s.Scopes
	if scopes == nil {
		scopes = []string{}
	}
	m.Scopes, d = types.ListValueFrom(ctx, types.StringType, scopes)
	diags.Append(d...)
	domains := slices.Clone(s.Domains)
	slices.Sort(domains) // a set: sorted, so the state is stable
	if domains == nil {
		domains = []string{}
	}
	m.Domains, d = types.SetValueFrom(ctx, types.StringType, domains)
	diags.Append(d...)
	m.JITProvisioning = types.BoolValue(s.JITProvisioning)
	m.DefaultRoleID = types.StringPointerValue(s.DefaultRoleID)
	m.EnforceSSO = types.BoolValue(s.EnforceSSO)
	m.ClientSecretSet = types.BoolValue(s.ClientSecretSet)
	m.RedirectURI = types.StringValue(redirectURI(dashboardURL))
	m.Created = types.StringValue(s.Created)
	return diags
}

// toAPI is the PUT body for the planned configuration; secret is nil unless it is to be sent.
func (m *resourceModel) toAPI(ctx context.Context, secret *string) (client.SSOUpdate, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := client.SSOUpdate{
		Enabled:         m.Enabled.ValueBool(),
		Protocol:        "oidc",
		IssuerURL:       m.IssuerURL.ValueString(),
		ClientID:        m.ClientID.ValueString(),
		ClientSecret:    secret,
		Scopes:          []string{},
		Domains:         []string{},
		JITProvisioning: m.JITProvisioning.ValueBool(),
		DefaultRoleID:   m.DefaultRoleID.ValueStringPointer(),
		EnforceSSO:      m.EnforceSSO.ValueBool(),
	}
	diags.Append(m.Scopes.ElementsAs(ctx, &in.Scopes, false)...)
	diags.Append(m.Domains.ElementsAs(ctx, &in.Domains, false)...)
	return in, diags
}
