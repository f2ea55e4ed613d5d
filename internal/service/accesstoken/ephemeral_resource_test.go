package accesstoken_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

const echoAddr = "echo.test"

func TestMain(m *testing.M) { acctest.Main(m) }

// withEcho adds the test-only echo provider, which copies what its configuration is given (here,
// the ephemeral token) into a resource's state, where the test can reach it.
func withEcho() map[string]func() (tfprotov6.ProviderServer, error) {
	factories := acctest.Factories()
	factories["echo"] = echoprovider.NewProviderServer()
	return factories
}

// tokenCheck hands the token that an echo resource holds to check.
type tokenCheck struct {
	address string
	check   func(token string) error
}

func (c tokenCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != c.address {
			continue
		}
		data, _ := r.AttributeValues["data"].(map[string]any)
		token, _ := data["token"].(string)
		resp.Error = c.check(token)
		return
	}
	resp.Error = fmt.Errorf("%s is not in state", c.address)
}

// worksAgainst checks that a token authenticates API calls: a client built on the token alone
// reads the current user, who must be the expected one.
func worksAgainst(env *acctest.Env, address string, wantUsername func() string) tokenCheck {
	return tokenCheck{address, func(token string) error {
		if !strings.HasPrefix(token, "mocktoken_") && env.Mock != nil {
			return fmt.Errorf("token %q does not look like a token of the mock", token)
		}
		c, err := client.New(client.Config{APIURL: env.URL, AccessToken: token})
		if err != nil {
			return err
		}
		me, err := c.CurrentUser(context.Background())
		if err != nil {
			return fmt.Errorf("calling the API with the ephemeral token: %w", err)
		}
		if want := wantUsername(); me.Username != want {
			return fmt.Errorf("the token acts as %q, want %q", me.Username, want)
		}
		return nil
	}}
}

// TestAccAccessToken_works: the token from the provider's own key, and the one from a given
// api_key, both authenticate against the API as their key's identity.
func TestAccAccessToken_works(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t) // a second key is made through the mock
	ctx := context.Background()
	me, err := env.Client.CurrentUser(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sa := env.CreateServiceAccount(t, "token-test")
	key, err := env.Client.CreateAPIKey(ctx, env.OrganizationID, sa.ID, client.APIKeyCreate{Name: "default"})
	if err != nil {
		t.Fatal(err)
	}

	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: withEcho(),
		Steps: []resource.TestStep{
			{
				// A key the API refuses: one error naming what was exchanged, and the API's reason.
				Config: env.Config(`
ephemeral "zenmlpro_access_token" "test" {
  api_key = "ZENPROKEY_not-a-real-key"
}

provider "echo" {
  data = ephemeral.zenmlpro_access_token.test
}

resource "echo" "refused" {}
`),
				ExpectError: acctest.ErrorText("Could not exchange the api_key given to zenmlpro_access_token for an access token: login to"),
			},
			{
				Config: env.Config(`
ephemeral "zenmlpro_access_token" "test" {}

provider "echo" {
  data = ephemeral.zenmlpro_access_token.test
}

resource "echo" "test" {}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(echoAddr, tfjsonpath.New("data").AtMapKey("token"), knownvalue.StringRegexp(regexp.MustCompile(`^\S{20,}$`))),
					statecheck.ExpectKnownValue(echoAddr, tfjsonpath.New("data").AtMapKey("token_type"), knownvalue.StringExact("bearer")),
					statecheck.ExpectKnownValue(echoAddr, tfjsonpath.New("data").AtMapKey("api_key"), knownvalue.Null()),
					statecheck.ExpectKnownValue(echoAddr, tfjsonpath.New("data").AtMapKey("expires_at"), knownvalue.StringFunc(expiresWithinTheHour)),
					worksAgainst(env, echoAddr, func() string { return me.Username }),
				},
			},
			{
				Config: env.Config(fmt.Sprintf(`
ephemeral "zenmlpro_access_token" "test" {
  api_key = %q
}

provider "echo" {
  data = ephemeral.zenmlpro_access_token.test
}

resource "echo" "with_key" {}
`, key.Key)),
				// A new echo resource: an existing one keeps the data it first echoed.
				ConfigStateChecks: []statecheck.StateCheck{worksAgainst(env, "echo.with_key", func() string { return sa.Name })},
			},
		},
	})
}

func expiresWithinTheHour(v string) error {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return err
	}
	if until := time.Until(t); until < 50*time.Minute || until > 61*time.Minute {
		return fmt.Errorf("expires_at %s is %s away; the mock's tokens live an hour", v, until)
	}
	return nil
}

// TestAccAccessToken_notInState: without the echo provider, a configuration that uses the token
// (here, in a precondition) leaves no token in the state, and the exchange did happen.
func TestAccAccessToken_notInState(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	config := env.Config(`
ephemeral "zenmlpro_access_token" "test" {}

resource "zenmlpro_service_account" "test" {
  name = "uses-a-token"
  lifecycle {
    precondition {
      condition     = length(ephemeral.zenmlpro_access_token.test.token) > 20
      error_message = "no token"
    }
  }
}
`)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{noTokenInState{}},
			},
			{Config: config, PlanOnly: true},
		},
	})
	logins := env.Mock.Stats().Requests["POST /auth/login"]["200"]
	if logins < 2 { // at least the provider's own login and one exchange for the ephemeral token
		t.Errorf("the mock saw %d logins; the ephemeral token was never obtained", logins)
	}
}

// noTokenInState fails when the state (as terraform show -json renders it, sensitive values
// included) holds anything that looks like an access token of the mock.
type noTokenInState struct{}

func (noTokenInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	if strings.Contains(string(raw), "mocktoken_") {
		resp.Error = fmt.Errorf("the state holds an access token: %s", raw)
	}
	if !strings.Contains(string(raw), "uses-a-token") {
		resp.Error = fmt.Errorf("the state does not hold the service account: %s", raw)
	}
}

// TestAccAccessToken_secondProvider: the token configures a second zenmlpro provider (the
// provider's access_token argument), which manages objects on it — created, planned without a
// change, refreshed and destroyed, each run on a fresh token — and nothing of it reaches the state.
func TestAccAccessToken_secondProvider(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t) // the team is checked and the token counted through the mock
	ctx := context.Background()
	name := acctest.RandomName("token-team")
	config := env.Config(fmt.Sprintf(`
ephemeral "zenmlpro_access_token" "short_lived" {}

provider "zenmlpro" {
  alias           = "short_lived"
  api_url         = %q
  organization_id = %q
  access_token    = ephemeral.zenmlpro_access_token.short_lived.token
}

resource "zenmlpro_team" "on_token" {
  provider = zenmlpro.short_lived
  name     = %q
}

data "zenmlpro_current_user" "on_token" {
  provider = zenmlpro.short_lived
}
`, env.URL, env.OrganizationID, name))
	me, err := env.Client.CurrentUser(ctx)
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy: func(s *terraform.State) error {
			teams, err := env.Client.ListTeams(ctx, env.OrganizationID)
			for _, team := range teams {
				if team.Name == name {
					return fmt.Errorf("team %q is left after destroy", name)
				}
			}
			return err
		},
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.zenmlpro_current_user.on_token", tfjsonpath.New("username"), knownvalue.StringExact(me.Username)),
					statecheck.ExpectKnownValue("zenmlpro_team.on_token", tfjsonpath.New("name"), knownvalue.StringExact(name)),
					noSecretInState{name: name},
				},
			},
			{Config: config, PlanOnly: true},
		},
	})
}

// noSecretInState fails when the state holds anything that looks like a token or key of the mock,
// or does not hold the object named.
type noSecretInState struct{ name string }

func (c noSecretInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	switch {
	case err != nil:
		resp.Error = err
	case strings.Contains(string(raw), "mocktoken_") || strings.Contains(string(raw), "ZENPROKEY_"):
		resp.Error = fmt.Errorf("the state holds a credential: %s", raw)
	case !strings.Contains(string(raw), c.name):
		resp.Error = fmt.Errorf("the state does not hold %q: %s", c.name, raw)
	}
}
