// Command zenmlpro-conformance checks a ZenML Pro control plane against the provider's API
// contract (API-CONTRACT.md) with read calls only. It logs in with an API key (POST /auth/login,
// its only request that is not a GET), makes one GET per read call the provider makes, and prints
// a line for each: served (the answer carries every field the provider needs, with the contract's
// JSON types; extra fields are fine), not served (the route answers 404 {"detail": "Not Found"} or
// 405), or differs (a field is missing or of another type), then a summary. It changes nothing.
//
//	ZENML_PRO_API_URL=https://cloudapi.zenml.io ZENML_PRO_API_KEY=... ZENML_PRO_ORGANIZATION_ID=... \
//	  go run github.com/zenml-io/terraform-provider-zenmlpro/cmd/zenmlpro-conformance
//
// Exit status: 0 when every call is served and matches, 1 when one is not, 2 when the check could
// not run (a missing setting, a refused login).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// The settings, named as the provider's environment variables.
const (
	envAPIURL         = "ZENML_PRO_API_URL"
	envAPIKey         = "ZENML_PRO_API_KEY"
	envOrganizationID = "ZENML_PRO_ORGANIZATION_ID"
)

const usage = `zenmlpro-conformance: checks a ZenML Pro control plane against the provider's API contract,
with GET requests only (and one login).

Usage:
  ZENML_PRO_API_URL=https://cloudapi.zenml.io \
  ZENML_PRO_API_KEY=<a service account's API key> \
  ZENML_PRO_ORGANIZATION_ID=<the organization's id> \
  go run github.com/zenml-io/terraform-provider-zenmlpro/cmd/zenmlpro-conformance

It prints one line per read call: served, not served or differs, then a summary. Exit status 0 when
every call is served and matches, 1 otherwise, 2 when the check cannot run.
`

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "zenmlpro-conformance: unexpected argument %q: it takes its settings from the environment\n\n%s", args[0], usage)
		return 2
	}
	settings := map[string]string{}
	var missing []string
	for _, name := range []string{envAPIURL, envAPIKey, envOrganizationID} {
		settings[name] = strings.TrimSpace(getenv(name))
		if settings[name] == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(stderr, "zenmlpro-conformance: set %s (%s).\n\n%s", strings.Join(missing, ", "), describe(missing), usage)
		return 2
	}
	orgID := strings.ToLower(settings[envOrganizationID])
	if !uuidPattern.MatchString(orgID) {
		fmt.Fprintf(stderr, "zenmlpro-conformance: %s=%q is not an organization id: use the id (a UUID such as "+
			"123e4567-e89b-12d3-a456-426614174000) shown in the dashboard's organization settings.\n", envOrganizationID, settings[envOrganizationID])
		return 2
	}
	c, err := client.New(client.Config{
		APIURL:         settings[envAPIURL],
		APIKey:         settings[envAPIKey],
		MaxRetries:     3,
		RequestTimeout: 30 * time.Second,
		UserAgent:      "zenmlpro-conformance",
	})
	if err != nil {
		fmt.Fprintf(stderr, "zenmlpro-conformance: %s: %v\n", envAPIURL, err)
		return 2
	}
	if err := c.LogIn(ctx); err != nil {
		fmt.Fprintf(stderr, "zenmlpro-conformance: could not log in: %v\n", err)
		return 2
	}
	fmt.Fprintf(stdout, "Checking %s, organization %s, with GET requests only.\n\n", c.BaseURL(), orgID)
	if !report(stdout, checkAll(ctx, c, orgID)) {
		return 1
	}
	return 0
}

func describe(names []string) string {
	what := map[string]string{
		envAPIURL:         envAPIURL + ": the control plane's API URL, such as " + client.DefaultAPIURL,
		envAPIKey:         envAPIKey + ": a service account's API key",
		envOrganizationID: envOrganizationID + ": the id of the organization to read",
	}
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = what[n]
	}
	return strings.Join(parts, "; ")
}
