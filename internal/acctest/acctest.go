// Package acctest is the harness of the acceptance tests: it starts the mock control plane
// in-process (or, when ZENML_PRO_API_URL and ZENML_PRO_API_KEY are set, uses that real control
// plane instead), serves the provider to Terraform, and offers the checks tests share.
package acctest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/mockcontrolplane"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/provider"
)

// Env is one test's control plane: a fresh mock of its own, or the real one.
type Env struct {
	// URL and APIKey reach the control plane; OrganizationID is the organization tests work in.
	URL, APIKey, OrganizationID string
	// Mock is the in-process mock, nil against a real control plane.
	Mock *mockcontrolplane.Server
	// Client calls the API directly, for checks and out-of-band changes (drift).
	Client *client.Client
}

// RealControlPlane reports whether the tests run against a real control plane.
func RealControlPlane() bool {
	return os.Getenv(provider.EnvAPIURL) != "" && os.Getenv(provider.EnvAPIKey) != ""
}

// New returns the control plane for one test. Against the mock, configure may adjust the mock's
// options (seeded users, faults, delays) before it starts.
func New(t testing.TB, configure ...func(*mockcontrolplane.Options)) *Env {
	t.Helper()
	if RealControlPlane() {
		e := &Env{
			URL:            os.Getenv(provider.EnvAPIURL),
			APIKey:         os.Getenv(provider.EnvAPIKey),
			OrganizationID: os.Getenv(provider.EnvOrganizationID),
		}
		e.Client = newClient(t, e.URL, e.APIKey)
		if e.OrganizationID == "" {
			orgs, err := e.Client.ListOrganizations(context.Background())
			if err != nil || len(orgs) == 0 {
				t.Fatalf("real control plane: set %s (listing organizations gave %d, %v)", provider.EnvOrganizationID, len(orgs), err)
			}
			e.OrganizationID = orgs[0].ID
		}
		return e
	}

	opts := mockcontrolplane.Options{
		Organization:   "acc-org",
		Users:          []string{"ann@example.com", "bob@example.com", "cy@example.com"},
		ProvisionDelay: -1, // managed workspaces are available at once unless a test asks otherwise
	}
	for _, f := range configure {
		f(&opts)
	}
	mock, err := mockcontrolplane.New(opts)
	if err != nil {
		t.Fatalf("starting the mock control plane: %v", err)
	}
	srv := httptest.NewServer(mock)
	t.Cleanup(srv.Close)
	e := &Env{URL: srv.URL, APIKey: mock.APIKey(), OrganizationID: mock.OrganizationID(), Mock: mock}
	e.Client = newClient(t, e.URL, e.APIKey)
	return e
}

func newClient(t testing.TB, url, key string) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{APIURL: url, APIKey: key, RetryWaitMin: 50 * time.Millisecond, RetryWaitMax: time.Second})
	if err != nil {
		t.Fatalf("client: %v", err)
	}
	return c
}

// RequireMock skips a test that needs the mock's own controls (faults, connect, clock) when it
// runs against a real control plane.
func (e *Env) RequireMock(t testing.TB) {
	t.Helper()
	if e.Mock == nil {
		t.Skip("needs the mock control plane's test controls; not run against a real control plane")
	}
}

// ProviderBlock is the provider configuration for this control plane. Against the mock it names
// the mock explicitly, so parallel tests with their own mocks never share settings through the
// environment; against a real control plane the environment variables configure the provider.
func (e *Env) ProviderBlock() string {
	if e.Mock == nil {
		return fmt.Sprintf("provider \"zenmlpro\" {\n  organization_id = %q\n}\n", e.OrganizationID)
	}
	return fmt.Sprintf("provider \"zenmlpro\" {\n  api_url         = %q\n  api_key         = %q\n  organization_id = %q\n}\n",
		e.URL, e.APIKey, e.OrganizationID)
}

// Config prepends the provider block to a test configuration.
func (e *Env) Config(body string) string { return e.ProviderBlock() + "\n" + body }

// Factories serves a fresh provider instance for every Terraform command, as a real plugin would.
func Factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"zenmlpro": providerserver.NewProtocol6WithError(provider.New("acctest")()),
	}
}

// RandomName returns a name unique enough for a shared real control plane: prefix plus 8 hex
// characters, lowercase (valid as a workspace name when prefix is).
func RandomName(prefix string) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return strings.ToLower(prefix) + "-" + hex.EncodeToString(b[:])
}

// RoleID returns the id of the role of the test organization with that exact name, such as the
// built-in "Organization Member", failing the test when there is none.
func (e *Env) RoleID(t testing.TB, name string) string {
	t.Helper()
	roles, err := e.Client.ListRoles(context.Background(), e.OrganizationID, "", name)
	if err != nil {
		t.Fatalf("listing roles named %q: %v", name, err)
	}
	for _, r := range roles {
		if r.Name == name {
			return r.ID
		}
	}
	t.Fatalf("the organization has no role named %q", name)
	return ""
}

// CreateServiceAccount makes a service account with the given username (also its name) holding
// the built-in Organization Member role, as something made outside Terraform.
func (e *Env) CreateServiceAccount(t testing.TB, username string) *client.ServiceAccount {
	t.Helper()
	sa, err := e.Client.CreateServiceAccount(context.Background(), e.OrganizationID, client.ServiceAccountCreate{
		Name: username, Username: username, RoleID: e.RoleID(t, "Organization Member"),
	})
	if err != nil {
		t.Fatalf("creating service account %q: %v", username, err)
	}
	return sa
}
