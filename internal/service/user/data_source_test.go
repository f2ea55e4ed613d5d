package user_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
)

func TestAccUserDataSource(t *testing.T) {
	env := acctest.New(t)
	users, err := env.Client.FindUsersByEmail(context.Background(), "ann@example.com")
	if err != nil || len(users) != 1 {
		t.Fatalf("finding ann: %d, %v", len(users), err)
	}
	ann := users[0]
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		// The error steps come first: the test ends by destroying with the last step's configuration.
		Steps: []resource.TestStep{
			{
				Config:      env.Config(`data "zenmlpro_user" "x" {}`),
				ExpectError: acctest.ErrorText(`Exactly one of these attributes must be configured: [email,username]`),
			},
			{
				Config: env.Config(`
data "zenmlpro_user" "x" {
  email    = "ann@example.com"
  username = "ann"
}
`),
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*Exactly one of these attributes must be configured: \[email,username\]`),
			},
			{
				Config:      env.Config(`data "zenmlpro_user" "x" { email = "ann" }`),
				ExpectError: acctest.ErrorText(`"ann" is not an email address. Use the form name@example.com.`),
			},
			{
				Config:      env.Config(`data "zenmlpro_user" "x" { email = "nobody@example.com" }`),
				ExpectError: acctest.ErrorText(`No user with email "nobody@example.com" is a member of an organization this API key can see.`),
			},
			{
				Config: env.Config(`
data "zenmlpro_user" "by_email" {
  email = "Ann@Example.com"
}

data "zenmlpro_user" "by_username" {
  username = data.zenmlpro_user.by_email.username
}

data "zenmlpro_current_user" "me" {}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.zenmlpro_user.by_email", tfjsonpath.New("id"), knownvalue.StringExact(ann.ID)),
					statecheck.ExpectKnownValue("data.zenmlpro_user.by_email", tfjsonpath.New("email"), knownvalue.StringExact("Ann@Example.com")),
					statecheck.ExpectKnownValue("data.zenmlpro_user.by_email", tfjsonpath.New("username"), knownvalue.StringExact(ann.Username)),
					statecheck.ExpectKnownValue("data.zenmlpro_user.by_email", tfjsonpath.New("name"), knownvalue.StringExact(ann.Name)),
					statecheck.ExpectKnownValue("data.zenmlpro_user.by_email", tfjsonpath.New("is_active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.zenmlpro_user.by_email", tfjsonpath.New("is_service_account"), knownvalue.Bool(false)),
					statecheck.CompareValuePairs("data.zenmlpro_user.by_username", tfjsonpath.New("id"),
						"data.zenmlpro_user.by_email", tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue("data.zenmlpro_user.by_username", tfjsonpath.New("email"), knownvalue.StringExact("ann@example.com")),
					statecheck.ExpectKnownValue("data.zenmlpro_current_user.me", tfjsonpath.New("is_service_account"), knownvalue.Bool(true)),
					// A service account's email is its username (the public /users/me sample).
					statecheck.CompareValuePairs("data.zenmlpro_current_user.me", tfjsonpath.New("email"),
						"data.zenmlpro_current_user.me", tfjsonpath.New("username"), compare.ValuesSame()),
				},
			},
		},
	})
	if env.Mock != nil {
		if writes := env.Mock.Stats().Writes; writes != 0 {
			t.Errorf("data sources wrote to the API: %d writes", writes)
		}
	}
}
