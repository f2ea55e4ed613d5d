package provider_test

import (
	"context"
	"fmt"
	"net"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/provider"
)

func TestMain(m *testing.M) { acctest.Main(m) }

// closedPort returns an address on which nothing listens: connections to it are refused.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// TestAccProvider_unreachableAPIFailsFast: an api_url nobody answers at — a refused connection, a
// host that does not exist — fails the whole Terraform run within 10 seconds, with a message that
// names the host and api_url. (The retries meant for answers that say "try again" used to make it
// 84 seconds.)
func TestAccProvider_unreachableAPIFailsFast(t *testing.T) {
	cases := map[string]struct{ url, host string }{
		"refused":      {"http://" + closedPort(t), ""},
		"unknown host": {"https://zenmlpro-acctest.invalid", "zenmlpro-acctest.invalid"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			host := c.host
			if host == "" {
				host = c.url[len("http://"):]
			}
			config := fmt.Sprintf(`
provider "zenmlpro" {
  api_url         = %q
  api_key         = "ZENPROKEY_acctest_unreachable"
  organization_id = "123e4567-e89b-12d3-a456-426614174000"
}

data "zenmlpro_current_user" "me" {}

data "zenmlpro_organization" "current" {}
`, c.url)
			// Timed from when the subtest runs (not while it waits for a parallel slot).
			t.Parallel()
			start := time.Now()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(),
				Steps: []resource.TestStep{{
					Config:      config,
					ExpectError: regexp.MustCompile(`(?s)no answer from\s+` + regexp.QuoteMeta(host) + `.*api_url`),
				}},
			})
			// The whole run — terraform init, plan and the failing calls — not just the calls.
			if elapsed := time.Since(start); elapsed > 10*time.Second {
				t.Errorf("an unreachable api_url took %v to fail, want under 10 s", elapsed.Round(100*time.Millisecond))
			} else {
				t.Logf("failed after %v", elapsed.Round(100*time.Millisecond))
			}
		})
	}
}

// TestAccProvider_wrongAPIKey: a refused API key is reported as such, with where it came from (the
// api_key argument or the ZENML_PRO_API_KEY environment variable) — never as an object that could
// not be found (it used to read "Could not find organization").
func TestAccProvider_wrongAPIKey(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t) // the wrong key is made up; a real control plane would count the refusals
	const wrongKey = "ZENPROKEY_not_a_key_of_this_control_plane"
	const body = `
data "zenmlpro_organization" "current" {}

data "zenmlpro_current_user" "me" {}
`
	cases := []struct {
		name, providerBlock, source string
		env                         bool
	}{
		{"argument", fmt.Sprintf("provider \"zenmlpro\" {\n  api_url = %q\n  api_key = %q\n  organization_id = %q\n}\n", env.URL, wrongKey, env.OrganizationID),
			"the api_key argument of the provider block", false},
		{"environment", fmt.Sprintf("provider \"zenmlpro\" {\n  api_url = %q\n  organization_id = %q\n}\n", env.URL, env.OrganizationID),
			"the ZENML_PRO_API_KEY environment variable", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.env {
				t.Setenv(provider.EnvAPIKey, wrongKey)
			}
			expect := expectError(t,
				[]string{"API key refused", "login to " + env.URL + " refused (HTTP 401)", c.source},
				regexp.MustCompile(`(?i)could not find|not found|does not exist`))
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(),
				ErrorCheck:               expect.check,
				Steps:                    []resource.TestStep{{Config: c.providerBlock + body}},
			})
			expect.verify()
		})
	}
}

// errorExpectation checks the error of a step as ExpectError cannot: every wanted text present
// (word-wrapping aside), and a pattern absent. verify fails the test when no error came at all.
type errorExpectation struct {
	t      *testing.T
	want   []string
	forbid *regexp.Regexp
	seen   bool
}

func expectError(t *testing.T, want []string, forbid *regexp.Regexp) *errorExpectation {
	return &errorExpectation{t: t, want: want, forbid: forbid}
}

func (e *errorExpectation) check(err error) error {
	e.seen = true
	for _, w := range e.want {
		if !acctest.ErrorText(w).MatchString(err.Error()) {
			return fmt.Errorf("the error does not say %q: %w", w, err)
		}
	}
	if m := e.forbid.FindString(err.Error()); m != "" {
		return fmt.Errorf("the error says %q: %w", m, err)
	}
	return nil
}

func (e *errorExpectation) verify() {
	e.t.Helper()
	if !e.seen {
		e.t.Error("the configuration applied without an error")
	}
}

// TestAccProvider_accessToken: access_token configures the provider with a bearer token used as it
// is; it conflicts with api_key as arguments, and wins over ZENML_PRO_API_KEY from the environment
// (a second provider block runs on a token where the first one's key is in the environment).
func TestAccProvider_accessToken(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	tok, err := env.Client.NewAccessToken(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	block := func(credentials string) string {
		return fmt.Sprintf("provider \"zenmlpro\" {\n  api_url = %q\n  organization_id = %q\n%s}\n\n", env.URL, env.OrganizationID, credentials)
	}
	const body = `data "zenmlpro_current_user" "me" {}
`
	t.Run("both arguments", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.Factories(),
			Steps: []resource.TestStep{{
				Config:      block(fmt.Sprintf("  api_key = %q\n  access_token = %q\n", env.APIKey, tok.AccessToken)) + body,
				ExpectError: acctest.ErrorText("Both api_key and access_token are set"),
			}},
		})
	})
	t.Run("argument over the environment's key", func(t *testing.T) {
		t.Setenv(provider.EnvAPIKey, "ZENPROKEY_not_a_key_of_this_control_plane")
		logins := loginCount(env)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.Factories(),
			Steps: []resource.TestStep{{
				Config: block(fmt.Sprintf("  access_token = %q\n", tok.AccessToken)) + body,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.zenmlpro_current_user.me", tfjsonpath.New("is_service_account"), knownvalue.Bool(true)),
				},
			}},
		})
		if n := loginCount(env) - logins; n != 0 {
			t.Errorf("the provider logged in %d times; an access token is used as it is", n)
		}
	})
	t.Run("environment", func(t *testing.T) {
		t.Setenv(provider.EnvAccessToken, tok.AccessToken)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.Factories(),
			Steps:                    []resource.TestStep{{Config: block("") + body}},
		})
	})
	t.Run("both environment variables", func(t *testing.T) {
		t.Setenv(provider.EnvAccessToken, tok.AccessToken)
		t.Setenv(provider.EnvAPIKey, env.APIKey)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.Factories(),
			Steps: []resource.TestStep{{
				Config:      block("") + body,
				ExpectError: acctest.ErrorText("Both ZENML_PRO_API_KEY and ZENML_PRO_ACCESS_TOKEN are set"),
			}},
		})
	})
	t.Run("expired token", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.Factories(),
			Steps: []resource.TestStep{{
				Config:      block("  access_token = \"mocktoken_expired_or_made_up\"\n") + body,
				ExpectError: acctest.ErrorText("an access token is used as given and never refreshed"),
			}},
		})
	})
}

// loginCount is how many logins the mock has answered.
func loginCount(env *acctest.Env) int {
	n := 0
	for _, count := range env.Mock.Stats().Requests["POST /auth/login"] {
		n += count
	}
	return n
}
