package apikey_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

const addr = "zenmlpro_api_key.test"

var keyPattern = regexp.MustCompile(`^ZENPROKEY_\S{16,}$`)

func TestMain(m *testing.M) { acctest.Main(m) }

// keyConfig is a service account with one API key; body holds the key's attributes besides
// service_account_id and name.
func keyConfig(env *acctest.Env, account, body string) string {
	return env.Config(fmt.Sprintf(`
resource "zenmlpro_service_account" "ci" {
  name = %q
}

resource "zenmlpro_api_key" "test" {
  service_account_id = zenmlpro_service_account.ci.id
  name               = "default"
  %s
}
`, account, body))
}

// checkDestroyed asserts through the API that no key of the final state is left.
func checkDestroyed(env *acctest.Env) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			if rs.Type != "zenmlpro_api_key" {
				continue
			}
			_, err := env.Client.GetAPIKey(context.Background(), env.OrganizationID, rs.Primary.Attributes["service_account_id"], rs.Primary.ID)
			if !client.IsNotFound(err) {
				return fmt.Errorf("%s (%s) after destroy: want 404, got %w", name, rs.Primary.ID, err)
			}
		}
		return nil
	}
}

func stateKey(s *terraform.State, name string) string {
	v, _ := acctest.Attribute(s, name, "key")
	return v
}

// keyWorks checks whether each key logs in at the mock right now.
func keyWorks(env *acctest.Env, want bool, keys ...*string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for i, k := range keys {
			if got := env.Mock.APIKeyWorks(*k); got != want {
				return fmt.Errorf("key %d of %d logs in: %v, want %v", i+1, len(keys), got, want)
			}
		}
		return nil
	}
}

func apiKey(env *acctest.Env, s *terraform.State, name string) (*client.APIKey, error) {
	rs, ok := s.RootModule().Resources[name]
	if !ok {
		return nil, fmt.Errorf("%s not in state", name)
	}
	return env.Client.GetAPIKey(context.Background(), env.OrganizationID, rs.Primary.Attributes["service_account_id"], rs.Primary.ID)
}

// TestAccAPIKey_lifecycle covers create, update (description, deactivate and reactivate), rotation
// through rotation_triggers with the previous key working for the retain period and no longer,
// import, a no-change plan, drift (deactivated and deleted outside Terraform) and destroy.
func TestAccAPIKey_lifecycle(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t) // logins are checked through the mock, and its clock moves
	ctx := context.Background()
	account := acctest.RandomName("ci-pipeline")
	expires := time.Now().Add(90 * 24 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	config := func(description string, active bool, trigger string) string {
		return keyConfig(env, account, fmt.Sprintf(`description             = %q
  active                  = %t
  expires_at              = %q
  retain_previous_minutes = 30
  rotation_triggers = {
    quarter = %q
  }`, description, active, expires, trigger))
	}
	var firstKey, secondKey string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: config("CI of the training repo", true, "2026-q1"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.StringRegexp(keyPattern)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("expires_at"), knownvalue.StringExact(expires)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_rotated"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("retain_previous_minutes"), knownvalue.Int64Exact(30)),
					statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("key")),
				},
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error {
						firstKey = stateKey(s, addr)
						k, err := apiKey(env, s, addr)
						if err == nil && (k.Name != "default" || k.Description != "CI of the training repo" || !k.Active ||
							k.ExpiresAt == nil || k.Key != "") {
							err = fmt.Errorf("API holds %+v", k)
						}
						return err
					},
					keyWorks(env, true, &firstKey),
				),
			},
			{
				// Deactivated: refused at login; the value is unchanged.
				Config: config("CI of the training repo (paused)", false, "2026-q1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.StringRegexp(keyPattern)),
				}},
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error {
						if stateKey(s, addr) != firstKey {
							return fmt.Errorf("the key value changed without a rotation")
						}
						k, err := apiKey(env, s, addr)
						if err == nil && (k.Active || k.Description != "CI of the training repo (paused)") {
							err = fmt.Errorf("API holds %+v", k)
						}
						return err
					},
					keyWorks(env, false, &firstKey),
				),
			},
			{
				Config: config("CI of the training repo", true, "2026-q1"),
				Check:  keyWorks(env, true, &firstKey),
			},
			{
				// Rotation: a new value; the previous one works for the 30 retained minutes only.
				Config: config("CI of the training repo", true, "2026-q2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("key")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_rotated"), knownvalue.NotNull()),
				},
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error {
						if secondKey = stateKey(s, addr); secondKey == firstKey || !keyPattern.MatchString(secondKey) {
							return fmt.Errorf("the key was not rotated in state")
						}
						return nil
					},
					keyWorks(env, true, &firstKey, &secondKey),
					func(*terraform.State) error { env.Mock.AdvanceClock(29 * time.Minute); return nil },
					keyWorks(env, true, &firstKey, &secondKey),
					func(*terraform.State) error { env.Mock.AdvanceClock(2 * time.Minute); return nil },
					keyWorks(env, false, &firstKey),
					keyWorks(env, true, &secondKey),
				),
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateIdFunc: importID,
				ImportStateVerify: true,
				// An import has no configuration to keep the expiry's notation from: it holds the API's
				// instant, up to a minute after the configured one (the API counts whole minutes).
				ImportStateVerifyIgnore: []string{"key", "rotation_triggers", "retain_previous_minutes", "expires_at"},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || !sameExpiryForTest(states[0].Attributes["expires_at"], expires) {
						return fmt.Errorf("imported expires_at %v, want %s or up to a minute after it", states, expires)
					}
					return nil
				},
			},
			{
				Config:   config("CI of the training repo", true, "2026-q2"),
				PlanOnly: true,
			},
			{
				// Drift: deactivated outside Terraform; exactly that is planned back, without a rotation.
				PreConfig: func() {
					k := findKey(t, env, account)
					off := false
					if _, err := env.Client.UpdateAPIKey(ctx, env.OrganizationID, k.ServiceAccountID, k.ID, client.APIKeyUpdate{Active: &off}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("CI of the training repo", true, "2026-q2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("active"), knownvalue.Bool(true)),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.StringFunc(func(v string) error {
						if v != secondKey {
							return fmt.Errorf("the plan changes the key without a rotation")
						}
						return nil
					})),
				}},
				Check: keyWorks(env, true, &secondKey),
			},
			{
				// Drift: deleted outside Terraform; a re-creation is planned.
				PreConfig: func() {
					k := findKey(t, env, account)
					if err := env.Client.DeleteAPIKey(ctx, env.OrganizationID, k.ServiceAccountID, k.ID); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("CI of the training repo", true, "2026-q2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				Check: func(s *terraform.State) error {
					if k := stateKey(s, addr); !env.Mock.APIKeyWorks(k) || k == secondKey {
						return fmt.Errorf("the re-created key does not log in")
					}
					return nil
				},
			},
		},
	})
}

// TestAccAPIKey_expiry: an expired key is refused at login, and an expiry that has passed since
// creation does not break later plans.
func TestAccAPIKey_expiry(t *testing.T) {
	// Parallel first, then the clock: a test waiting for its turn must not see its expiry pass.
	t.Parallel()
	env := acctest.New(t)
	env.RequireMock(t)
	account := acctest.RandomName("nightly")
	now := time.Now()
	soon := now.Add(12 * time.Second).UTC().Truncate(time.Second)
	inAnHour := now.Add(time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	// The same instant as inAnHour, written with an offset: state keeps the notation given.
	inAnHourOffset := now.Add(time.Hour).Truncate(time.Second).In(time.FixedZone("CEST", 2*3600)).Format(time.RFC3339)
	config := env.Config(fmt.Sprintf(`
resource "zenmlpro_service_account" "ci" {
  name = %q
}

resource "zenmlpro_api_key" "soon" {
  service_account_id = zenmlpro_service_account.ci.id
  name               = "soon"
  expires_at         = %q
}

resource "zenmlpro_api_key" "hour" {
  service_account_id = zenmlpro_service_account.ci.id
  name               = "hour"
  expires_at         = %q
}

resource "zenmlpro_api_key" "offset" {
  service_account_id = zenmlpro_service_account.ci.id
  name               = "offset"
  expires_at         = %q
}
`, account, soon.Format(time.RFC3339), inAnHour, inAnHourOffset))
	var soonKey, hourKey string

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zenmlpro_api_key.offset", tfjsonpath.New("expires_at"), knownvalue.StringExact(inAnHourOffset)),
					statecheck.ExpectKnownValue("zenmlpro_api_key.hour", tfjsonpath.New("expires_at"), knownvalue.StringExact(inAnHour)),
				},
				Check: func(s *terraform.State) error {
					soonKey, hourKey = stateKey(s, "zenmlpro_api_key.soon"), stateKey(s, "zenmlpro_api_key.hour")
					return keyWorks(env, true, &soonKey, &hourKey)(s)
				},
			},
			{
				// The short-lived key's expiry passes (on the real clock too): later plans are fine.
				// The API counts the expiry in whole minutes from creation (rounded up), so the key
				// lives up to a minute longer than asked: the mock's clock makes up the rest.
				PreConfig: func() {
					time.Sleep(time.Until(soon) + time.Second)
					env.Mock.AdvanceClock(time.Minute)
				},
				Config:   config,
				PlanOnly: true,
			},
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					keyWorks(env, false, &soonKey),
					keyWorks(env, true, &hourKey),
					func(*terraform.State) error { env.Mock.AdvanceClock(61 * time.Minute); return nil },
					keyWorks(env, false, &hourKey),
				),
			},
			{
				// An offset notation of the same instant is no change; another instant replaces the key.
				Config:   config,
				PlanOnly: true,
			},
			{
				ResourceName:            "zenmlpro_api_key.hour",
				ImportState:             true,
				ImportStateIdFunc:       func(s *terraform.State) (string, error) { return importIDOf(s, "zenmlpro_api_key.hour") },
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"key", "retain_previous_minutes", "expires_at"}, // checked below
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || !sameExpiryForTest(states[0].Attributes["expires_at"], inAnHour) {
						return fmt.Errorf("imported expires_at %v, want %s or up to a minute after it", states, inAnHour)
					}
					return nil
				},
			},
		},
	})
}

// TestAccAPIKey_adopt imports a key made outside Terraform: its value stays null, the first
// rotation_triggers are recorded without rotating it (its consumers keep working), and a later
// change of them rotates it.
func TestAccAPIKey_adopt(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	ctx := context.Background()
	account := acctest.RandomName("legacy")
	sa := env.CreateServiceAccount(t, account)
	created, err := env.Client.CreateAPIKey(ctx, env.OrganizationID, sa.ID, client.APIKeyCreate{Name: "default", Description: "made by hand"})
	if err != nil {
		t.Fatal(err)
	}
	original := created.Key
	writes := 0
	config := func(trigger string) string {
		return env.Config(fmt.Sprintf(`
resource "zenmlpro_api_key" "test" {
  service_account_id      = %q
  name                    = "default"
  description             = "made by hand"
  retain_previous_minutes = 0
  rotation_triggers = {
    quarter = %q
  }
}
`, sa.ID, trigger))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkDestroyed(env),
		Steps: []resource.TestStep{
			{
				// The import block's plan records the triggers and the retain period in place (they
				// are Terraform's, not the API's): no rotation, the key null, nothing else.
				Config: config("2026-q1"), ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
				ImportStateId: sa.ID + "/" + created.ID, ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.Null()),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("last_rotated"), knownvalue.Null()),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("retain_previous_minutes"), knownvalue.Int64Exact(0)),
				}},
			},
			{
				PreConfig: func() { writes = env.Mock.Stats().Writes },
				Config:    config("2026-q1") + fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", addr, sa.ID+"/"+created.ID),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.Null()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_rotated"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(
					keyWorks(env, true, &original),
					func(*terraform.State) error {
						if got := env.Mock.Stats().Writes - writes; got != 0 {
							return fmt.Errorf("adopting the key made %d writes, want none", got)
						}
						return nil
					},
				),
			},
			{Config: config("2026-q1"), PlanOnly: true},
			{
				Config: config("2026-q2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("key")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.StringRegexp(keyPattern)),
				},
				Check: func(s *terraform.State) error {
					if env.Mock.APIKeyWorks(original) {
						return fmt.Errorf("the original key still works after a rotation with retain_previous_minutes = 0")
					}
					if !env.Mock.APIKeyWorks(stateKey(s, addr)) {
						return fmt.Errorf("the rotated key does not log in")
					}
					return nil
				},
			},
		},
	})
}

// TestAccAPIKey_invalid: bad input is refused at plan time with a message naming the fix.
func TestAccAPIKey_invalid(t *testing.T) {
	env := acctest.New(t)
	const sa = `service_account_id = "123e4567-e89b-12d3-a456-426614174000"`
	// The expiry in the past: a warning at plan time (an error there would stop terraform destroy
	// where the key does not exist), refused at apply before anything is written.
	cases := []struct {
		body, want string
		atApply    bool
	}{
		{sa + "\n  name = \"default\"\n  expires_at = \"2020-01-31T00:00:00Z\"",
			`expires_at "2020-01-31T00:00:00Z" lies in the past: a new API key must expire in the future.`, true},
		{sa + "\n  name = \"default\"\n  expires_at = \"2030-01-31\"",
			`"2030-01-31" is not an RFC 3339 timestamp. Use the form 2030-01-31T00:00:00Z`, false},
		{sa + "\n  name = \"default\"\n  retain_previous_minutes = 20000",
			`Attribute retain_previous_minutes value must be between 0 and 10080, got: 20000`, false},
		{sa + "\n  name = \"default\"\n  retain_previous_minutes = -1",
			`Attribute retain_previous_minutes value must be between 0 and 10080, got: -1`, false},
		{sa + "\n  name = \"my key\"", `"my key" is not a valid name`, false},
		{"service_account_id = \"ci-pipeline\"\n  name = \"default\"", `"ci-pipeline" is not a UUID`, false},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.Config("resource \"zenmlpro_api_key\" \"test\" {\n  " + c.body + "\n}\n"),
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

func importID(s *terraform.State) (string, error) { return importIDOf(s, addr) }

func importIDOf(s *terraform.State, name string) (string, error) {
	rs, ok := s.RootModule().Resources[name]
	if !ok {
		return "", fmt.Errorf("%s not in state", name)
	}
	return rs.Primary.Attributes["service_account_id"] + "/" + rs.Primary.ID, nil
}

// findKey returns the "default" key of the named service account.
func findKey(t *testing.T, env *acctest.Env, account string) *client.APIKey {
	t.Helper()
	ctx := context.Background()
	accounts, err := env.Client.ListServiceAccounts(ctx, env.OrganizationID)
	if err != nil {
		t.Fatal(err)
	}
	for _, sa := range accounts {
		if sa.Username != account {
			continue
		}
		keys, err := env.Client.ListAPIKeys(ctx, env.OrganizationID, sa.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i := range keys {
			if keys[i].Name == "default" {
				return &keys[i]
			}
		}
	}
	t.Fatalf("no key \"default\" of service account %q", account)
	return nil
}

// sameExpiryForTest: the imported expiry is the configured instant or at most about a minute later.
func sameExpiryForTest(imported, configured string) bool {
	a, errA := time.Parse(time.RFC3339Nano, imported)
	b, errB := time.Parse(time.RFC3339Nano, configured)
	d := a.Sub(b)
	return errA == nil && errB == nil && d >= 0 && d <= time.Minute+10*time.Second
}
