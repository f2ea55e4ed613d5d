package sso_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

const addr = "zenmlpro_sso.test"

func TestMain(m *testing.M) { acctest.Main(m) }

// ssoConfig is an SSO configuration with the attributes the lifecycle test changes.
type ssoConfig struct {
	secret    string
	version   int
	scopes    string
	domains   string
	jit       bool
	enforce   bool
	defaultRl string
}

func (c ssoConfig) hcl(env *acctest.Env) string {
	role := "null"
	if c.defaultRl != "" {
		role = fmt.Sprintf("%q", c.defaultRl)
	}
	scopes := ""
	if c.scopes != "" {
		scopes = "scopes                   = " + c.scopes
	}
	return env.Config(fmt.Sprintf(`
resource "zenmlpro_sso" "test" {
  issuer_url               = "https://login.example.com/oauth2/default"
  client_id                = "zenml-pro"
  client_secret_wo         = %q
  client_secret_wo_version = %d
  %s
  domains                  = %s
  jit_provisioning         = %t
  enforce_sso              = %t
  default_role_id          = %s
}
`, c.secret, c.version, scopes, c.domains, c.jit, c.enforce, role))
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// secretReceived checks that the mock last received the given client secret.
func secretReceived(env *acctest.Env, secret string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got, want := env.Mock.SSOClientSecretSHA256(env.OrganizationID), sha256Hex(secret); got != want {
			return fmt.Errorf("the mock holds the client secret with hash %q, want the hash of %q (%s)", got, secret, want)
		}
		return nil
	}
}

// noSecretInState fails when any of the strings occurs anywhere in the state (as terraform show
// -json renders it, sensitive values included).
type noSecretInState []string

func (s noSecretInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	for _, secret := range s {
		if strings.Contains(string(raw), secret) {
			resp.Error = fmt.Errorf("the state contains the secret %q", secret)
			return
		}
	}
}

func orgMemberRole(t *testing.T, env *acctest.Env) string {
	t.Helper()
	roles, err := env.Client.ListRoles(context.Background(), env.OrganizationID, "organization", "Organization Member")
	if err != nil || len(roles) != 1 {
		t.Fatalf("finding the Organization Member role: %d found, %v", len(roles), err)
	}
	return roles[0].ID
}

// TestAccSSO_lifecycle covers create, update, rotation of the write-only secret through its
// version, a changed secret without a version change (an empty plan: the provider only warns),
// import, a no-change plan, drift (changed and deleted outside Terraform) and destroy (SSO off).
func TestAccSSO_lifecycle(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t) // the secret is checked through the mock's hash of it
	ctx := context.Background()
	role := orgMemberRole(t, env)
	const first, second = "first-client-secret-8f2e", "second-client-secret-c41a"

	created := ssoConfig{secret: first, version: 1, domains: `["example.com"]`}
	updated := ssoConfig{secret: first, version: 1, scopes: `["openid", "email", "groups"]`,
		domains: `["example.com", "corp.example.org"]`, jit: true, enforce: true, defaultRl: role}
	secretOnly := updated
	secretOnly.secret = second
	rotated := secretOnly
	rotated.version = 2

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy: func(*terraform.State) error {
			_, err := env.Client.GetSSO(ctx, env.OrganizationID)
			if !client.IsNotFound(err) {
				return fmt.Errorf("after destroy, GET sso: want 404, got %w", err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: created.hcl(env),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(env.OrganizationID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("organization_id"), knownvalue.StringExact(env.OrganizationID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("client_secret_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("client_secret_set"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("scopes"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("openid"), knownvalue.StringExact("email"), knownvalue.StringExact("profile"),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("redirect_uri"), knownvalue.StringExact(env.URL+"/api/auth/callback")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("default_role_id"), knownvalue.Null()),
					noSecretInState{first},
				},
				Check: resource.ComposeTestCheckFunc(secretReceived(env, first), func(*terraform.State) error {
					s, err := env.Client.GetSSO(ctx, env.OrganizationID)
					if err != nil {
						return err
					}
					if !s.Enabled || s.IssuerURL != "https://login.example.com/oauth2/default" || s.ClientID != "zenml-pro" ||
						!s.ClientSecretSet || len(s.Domains) != 1 || s.Domains[0] != "example.com" || s.EnforceSSO || s.JITProvisioning {
						return fmt.Errorf("API holds %+v", s)
					}
					return nil
				}),
			},
			{
				// Update in place: scopes, domains, JIT with a default role, enforcement. The secret
				// is not sent again.
				Config: updated.hcl(env),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(secretReceived(env, first), func(*terraform.State) error {
					s, err := env.Client.GetSSO(ctx, env.OrganizationID)
					if err != nil {
						return err
					}
					if strings.Join(s.Scopes, ",") != "openid,email,groups" || len(s.Domains) != 2 || !s.JITProvisioning ||
						!s.EnforceSSO || s.DefaultRoleID == nil || *s.DefaultRoleID != role {
						return fmt.Errorf("API holds %+v", s)
					}
					return nil
				}),
			},
			{
				// The secret changed but its version did not: nothing to apply (the provider warns at
				// plan time; see TestSecretChangedWithoutVersion), and the mock keeps the old secret.
				Config:   secretOnly.hcl(env),
				PlanOnly: true,
				Check:    secretReceived(env, first),
			},
			{
				// Rotation: a new version sends the new secret.
				Config: rotated.hcl(env),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("client_secret_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("client_secret_wo_version"), knownvalue.Int64Exact(2)),
					noSecretInState{first, second},
				},
				Check: secretReceived(env, second),
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateId:           env.OrganizationID,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"client_secret_wo_version"},
			},
			{
				Config:   rotated.hcl(env),
				PlanOnly: true,
			},
			{
				// Drift: changed outside Terraform; exactly that change is planned back.
				PreConfig: func() {
					s, err := env.Client.GetSSO(ctx, env.OrganizationID)
					if err != nil {
						t.Fatal(err)
					}
					_, err = env.Client.PutSSO(ctx, env.OrganizationID, client.SSOUpdate{Enabled: true, Protocol: "oidc",
						IssuerURL: s.IssuerURL, ClientID: s.ClientID, Scopes: s.Scopes, Domains: []string{"example.com"},
						JITProvisioning: false, DefaultRoleID: s.DefaultRoleID, EnforceSSO: s.EnforceSSO})
					if err != nil {
						t.Fatal(err)
					}
				},
				Config: rotated.hcl(env),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("jit_provisioning"), knownvalue.Bool(true)),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("domains"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("example.com"), knownvalue.StringExact("corp.example.org"),
					})),
				}},
				Check: secretReceived(env, second),
			},
			{
				// Drift: SSO turned off outside Terraform; a re-creation is planned, which sends the
				// secret again (the first PUT must carry it).
				PreConfig: func() {
					if err := env.Client.DeleteSSO(ctx, env.OrganizationID); err != nil {
						t.Fatal(err)
					}
				},
				Config: rotated.hcl(env),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				Check: secretReceived(env, second),
			},
		},
	})
}

// TestAccSSO_importAndSendSecret adopts an SSO configuration made outside Terraform: the import
// leaves client_secret_wo_version null, and the first apply that sets it sends the secret.
func TestAccSSO_importAndSendSecret(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	ctx := context.Background()
	outside := "made-in-the-dashboard"
	if _, err := env.Client.PutSSO(ctx, env.OrganizationID, client.SSOUpdate{Enabled: true, Protocol: "oidc",
		IssuerURL: "https://login.example.com/oauth2/default", ClientID: "zenml-pro", ClientSecret: &outside,
		Scopes: []string{"openid", "email", "profile"}, Domains: []string{"example.com"}}); err != nil {
		t.Fatal(err)
	}
	cfg := ssoConfig{secret: "from-terraform-now", version: 1, domains: `["example.com"]`}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{
			{
				// Creating over an existing configuration is refused with a pointer to import.
				Config:      cfg.hcl(env),
				ExpectError: acctest.ErrorText("already has an SSO configuration, and Terraform does not overwrite one it did not create"),
			},
			{
				Config:             cfg.hcl(env),
				ResourceName:       addr,
				ImportState:        true,
				ImportStateId:      env.OrganizationID,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["client_secret_wo_version"] != "" ||
						states[0].Attributes["client_id"] != "zenml-pro" {
						return fmt.Errorf("imported %+v", states)
					}
					return nil
				},
			},
			{
				Config: cfg.hcl(env),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: secretReceived(env, "from-terraform-now"),
			},
			{Config: cfg.hcl(env), PlanOnly: true},
		},
	})
}

// TestAccSSO_invalid: bad input is refused with a message naming the fix, and no request reaches
// the API. What a first configuration needs beyond its own arguments (a client secret, a default
// role of the right level) is a warning at plan time and refused at apply, before anything is
// written (see framework.Problem).
func TestAccSSO_invalid(t *testing.T) {
	env := acctest.New(t)
	const base = "client_id = \"zenml-pro\"\n  client_secret_wo = \"s3cret\"\n  client_secret_wo_version = 1\n"
	roles, err := env.Client.ListRoles(context.Background(), env.OrganizationID, "", "Workspace Viewer")
	if err != nil || len(roles) != 1 {
		t.Fatalf("finding the Workspace Viewer role: %d found, %v", len(roles), err)
	}
	workspaceRole := roles[0].ID
	cases := []struct {
		body, want string
		atApply    bool
	}{
		{base + `issuer_url = "http://login.example.com"`,
			`"http://login.example.com" uses http; the identity provider must be reached over https (https://login.example.com).`, false},
		{base + "issuer_url = \"https://login.example.com\"\n  domains = [\"Example.COM\"]",
			`"Example.COM" must be written in lowercase: use "example.com"`, false},
		{base + "issuer_url = \"https://login.example.com\"\n  domains = [\"https://example.com\"]",
			`"https://example.com" is not a domain name.`, false},
		{base + "issuer_url = \"https://login.example.com\"\n  enabled = false\n  enforce_sso = true",
			`enforce_sso = true turns password logins off, which needs SSO to be on: with enabled = false nobody could sign in.`, false},
		{base + "issuer_url = \"https://login.example.com\"\n  scopes = [\"email\", \"profile\"]",
			`scopes must contain "openid": without it the identity provider returns no ID token and nobody can sign in.`, false},
		{base + "issuer_url = \"https://login.example.com\"\n  scopes = [\"openid email\"]",
			`"openid email" is not a scope name: scopes contain no white space.`, false},
		{base + "issuer_url = \"https://login.example.com\"\n  default_role_id = \"Organization Member\"",
			`"Organization Member" is not a UUID.`, false},
		// Checked against the role (a read, no write) at plan time and before the creation.
		{base + "issuer_url = \"https://login.example.com\"\n  default_role_id = \"" + workspaceRole + `"`,
			`Role "Workspace Viewer" is a workspace-level role; default_role_id gives users created just in time an organization-level role.`, true},
		{"client_id = \"zenml-pro\"\n  issuer_url = \"https://login.example.com\"",
			`Creating the SSO configuration needs the OIDC client's secret: the API refuses a first configuration without one.`, true},
		{"client_id = \"zenml-pro\"\n  issuer_url = \"https://login.example.com\"\n  client_secret_wo_version = 3",
			`Attribute "client_secret_wo" must be specified when "client_secret_wo_version" is specified`, false},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.Config("resource \"zenmlpro_sso\" \"test\" {\n  " + c.body + "\n}\n"),
			PlanOnly:    !c.atApply,
			ExpectError: acctest.ErrorText(c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Factories(), Steps: steps})
	if env.Mock != nil {
		if writes := env.Mock.Stats().Writes; writes != 0 {
			t.Errorf("invalid configurations reached the API: %d writes", writes)
		}
	}
}
