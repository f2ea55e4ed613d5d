package role_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/service/role"
)

// TestPermissionCatalogueMatchesAPI holds the provider's permission catalogue (which plan-time
// validation uses) equal to GET /permissions, entry for entry and in order, so the two cannot
// drift apart. It needs no Terraform: against the mock it runs with the unit tests; with
// ZENML_PRO_API_URL and ZENML_PRO_API_KEY set it compares with that control plane.
func TestPermissionCatalogueMatchesAPI(t *testing.T) {
	env := acctest.New(t)
	got, err := env.Client.ListPermissions(context.Background(), "")
	if err != nil {
		t.Fatalf("GET /permissions: %v", err)
	}
	if diff := cmp.Diff(role.Catalogue(), got); diff != "" {
		t.Errorf("internal/service/role/permissions.go differs from GET /permissions (-provider +API):\n%s", diff)
	}
	for _, level := range []string{"organization", "workspace", "project"} {
		perLevel, err := env.Client.ListPermissions(context.Background(), level)
		if err != nil {
			t.Fatalf("GET /permissions?level=%s: %v", level, err)
		}
		for _, p := range perLevel {
			if p.Level != level {
				t.Errorf("GET /permissions?level=%s lists %q of level %q", level, p.Name, p.Level)
			}
		}
	}
}

// TestPermissionCatalogueDocumented holds the permission tables of the guide "Managing access as
// code" equal to the catalogue: each level's section lists exactly that level's permissions.
func TestPermissionCatalogueDocumented(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "templates", "guides", "managing-access.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	guide := string(raw)
	row := regexp.MustCompile("(?m)^\\| `([a-z_]+:[a-z_]+)` \\| (.+) \\|$")
	for _, level := range []string{"Organization", "Workspace", "Project"} {
		heading := "#### " + level + "-level permissions"
		start := strings.Index(guide, heading)
		if start < 0 {
			t.Fatalf("the guide has no section %q", heading)
		}
		section := guide[start+len(heading):]
		if end := strings.Index(section, "\n#"); end >= 0 {
			section = section[:end]
		}
		var documented, want []client.Permission
		for _, m := range row.FindAllStringSubmatch(section, -1) {
			documented = append(documented, client.Permission{Name: m[1], Level: strings.ToLower(level), Description: m[2]})
		}
		for _, p := range role.Catalogue() {
			if p.Level == strings.ToLower(level) {
				want = append(want, p)
			}
		}
		if diff := cmp.Diff(want, documented); diff != "" {
			t.Errorf("the guide's %s differ from the catalogue (-catalogue +guide):\n%s", heading, diff)
		}
	}
}
