package organization_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
)

func TestAccOrganizationDataSource(t *testing.T) {
	env := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		// The error steps come first: the test ends by destroying with the last step's configuration.
		Steps: []resource.TestStep{
			{
				Config:      env.Config(fmt.Sprintf("data \"zenmlpro_organization\" \"x\" {\n  name = %q\n}\n", acctest.RandomName("no-such-org"))),
				ExpectError: regexp.MustCompile(`Could not find organization`),
			},
			{
				Config: env.Config(`
data "zenmlpro_organization" "x" {
  id   = "123e4567-e89b-12d3-a456-426614174000"
  name = "both"
}
`),
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination`),
			},
			{
				Config: env.Config(`
data "zenmlpro_organization" "default" {}

data "zenmlpro_organization" "by_id" {
  id = data.zenmlpro_organization.default.id
}

data "zenmlpro_organization" "by_name" {
  name = data.zenmlpro_organization.default.name
}

data "zenmlpro_current_user" "me" {}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.zenmlpro_organization.default", tfjsonpath.New("id"), knownvalue.StringExact(env.OrganizationID)),
					statecheck.ExpectKnownValue("data.zenmlpro_organization.by_id", tfjsonpath.New("id"), knownvalue.StringExact(env.OrganizationID)),
					statecheck.ExpectKnownValue("data.zenmlpro_organization.by_name", tfjsonpath.New("id"), knownvalue.StringExact(env.OrganizationID)),
					statecheck.ExpectKnownValue("data.zenmlpro_organization.default", tfjsonpath.New("trusted_domains"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("data.zenmlpro_current_user.me", tfjsonpath.New("is_service_account"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.zenmlpro_current_user.me", tfjsonpath.New("id"), knownvalue.NotNull()),
				},
			},
		},
	})
}

// TestAccOrganizationDataSource_noOrganization: with neither id, name nor a provider
// organization_id, the error names the arguments this data source has (it used to say "set
// organization_id on this block", an argument it does not have).
func TestAccOrganizationDataSource_noOrganization(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t) // a real control plane's run may set ZENML_PRO_ORGANIZATION_ID
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "zenmlpro" {
  api_url = %q
  api_key = %q
}

data "zenmlpro_organization" "x" {}
`, env.URL, env.APIKey),
			ExpectError: acctest.ErrorText(`Set id or name on this data source, or organization_id on the provider (or ZENML_PRO_ORGANIZATION_ID).`),
		}},
	})
}
