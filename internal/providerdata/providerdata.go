// Package providerdata is what the provider hands every resource and data source when it is
// configured: the API client and the provider-level defaults.
package providerdata

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// Data is shared by every resource of one provider instance.
type Data struct {
	Client *client.Client
	// OrganizationID is the provider's organization_id: the default of every resource's
	// organization_id ("" when the provider has none).
	OrganizationID string
	// DashboardURL is the ZenML Pro dashboard's base URL (workspace pages, the SSO redirect URI).
	DashboardURL string
}

// From reads the provider's data in a Configure call. It returns nil without error when the
// provider is not configured yet (Terraform validates configurations before configuring).
func From(providerData any, diags *diag.Diagnostics) *Data {
	if providerData == nil {
		return nil
	}
	d, ok := providerData.(*Data)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerdata.Data, got %T. This is a bug in the provider; please report it.", providerData))
		return nil
	}
	return d
}

// Ready reports whether d can make API calls, adding an error that says why not otherwise.
func (d *Data) Ready(diags *diag.Diagnostics) bool {
	if d != nil && d.Client != nil {
		return true
	}
	diags.AddError("Provider not configured",
		"The zenmlpro provider has no usable configuration: its api_key or another setting was unknown "+
			"when Terraform configured it (for example, it comes from a resource not created yet). "+
			"Apply the resources it depends on first (terraform apply -target=...), or pass the values "+
			"through ZENML_PRO_API_KEY and ZENML_PRO_API_URL.")
	return false
}

// Organization returns configured when set, else the provider's default; it adds an error naming
// the fix when neither exists.
func (d *Data) Organization(configured string, diags *diag.Diagnostics) string {
	if configured != "" {
		return configured
	}
	if d != nil && d.OrganizationID != "" {
		return d.OrganizationID
	}
	diags.AddError("No organization",
		"organization_id is not set here and the provider has no organization_id. Set organization_id "+
			"on this block, or on the provider (or ZENML_PRO_ORGANIZATION_ID).")
	return ""
}
