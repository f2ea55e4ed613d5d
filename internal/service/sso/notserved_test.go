package sso_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/mockcontrolplane"
)

// TestAccSSO_notServed: against a control plane that serves no SSO calls (a ZenML Pro SaaS
// organization, whose SSO ZenML sets up), applying a zenmlpro_sso beside other resources fails for
// the SSO resource only, with the not-served diagnostic and the advice for SaaS organizations, and
// without retrying the call; the team and the invitation of the same apply are created.
func TestAccSSO_notServed(t *testing.T) {
	env := acctest.New(t, func(o *mockcontrolplane.Options) { o.Without = []string{"sso"} })
	env.RequireMock(t)
	ctx := context.Background()
	others := `
data "zenmlpro_role" "member" {
  name  = "Organization Member"
  level = "organization"
}

resource "zenmlpro_team" "ml" {
  name = "ml-engineers"
}

resource "zenmlpro_invitation" "dana" {
  email   = "dana@example.com"
  role_id = data.zenmlpro_role.member.id
}
`
	withSSO := env.Config(others + `
resource "zenmlpro_sso" "test" {
  issuer_url               = "https://login.example.com/oauth2/default"
  client_id                = "zenml-pro"
  client_secret_wo         = "s3cret"
  client_secret_wo_version = 1
}
`)
	// The summary, then (after the detail's first sentences) the advice.
	notServed := regexp.MustCompile(acctest.ErrorText("Error: Not served by this control plane: GET /organizations/"+env.OrganizationID+
		"/sso, needed for creating SSO configuration").String() + `(?s).*` +
		acctest.ErrorText(`SSO of a ZenML Pro SaaS or hybrid organization is set up with ZenML`).String() + `.*` +
		acctest.ErrorText(`The guide "Setting up SSO" shows what can be managed as code instead`).String())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{
			{
				PreConfig:   env.Mock.ResetStats,
				Config:      withSSO,
				ExpectError: notServed,
			},
			{
				// Everything else of that apply was created: without the SSO resource, nothing is
				// left to do. The SSO call was made once, not retried.
				PreConfig: func() {
					if n := env.Mock.Stats().Requests["GET /organizations/{id}/sso"]["404"]; n != 1 {
						t.Errorf("GET /organizations/{id}/sso was answered 404 %d times, want once (no retries)", n)
					}
					if err := teamAndInvitationExist(ctx, env); err != nil {
						t.Error(err)
					}
				},
				Config:           env.Config(others),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func teamAndInvitationExist(ctx context.Context, env *acctest.Env) error {
	teams, err := env.Client.ListTeams(ctx, env.OrganizationID)
	if err != nil {
		return err
	}
	if len(teams) != 1 || teams[0].Name != "ml-engineers" {
		return fmt.Errorf("teams after the failed apply: %+v, want ml-engineers", teams)
	}
	invitations, err := env.Client.ListInvitations(ctx, env.OrganizationID, "dana@example.com", true)
	if err != nil {
		return err
	}
	if len(invitations) != 1 || invitations[0].Status != client.InvitationPending {
		return fmt.Errorf("invitations of dana@example.com after the failed apply: %+v, want one pending", invitations)
	}
	return nil
}
