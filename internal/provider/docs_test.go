package provider_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docPages returns the generated pages of resources, data sources and ephemeral resources
// (docs/, which `make docs-check` holds equal to what generation gives), by path.
func docPages(t *testing.T) map[string]string {
	t.Helper()
	pages := map[string]string{}
	for _, kind := range []string{"resources", "data-sources", "ephemeral-resources"} {
		paths, err := filepath.Glob(filepath.Join("..", "..", "docs", kind, "*.md"))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			raw, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			pages[filepath.Join(kind, filepath.Base(p))] = string(raw)
		}
	}
	if len(pages) < 20 {
		t.Fatalf("found %d pages under docs/; run from internal/provider", len(pages))
	}
	return pages
}

var subcategoryLine = regexp.MustCompile(`(?m)^subcategory: "([^"]*)"$`)

// TestDocsSubcategories: every page has a subcategory, which groups it in the registry's sidebar
// (templates/resources.md.tmpl and its siblings name them; a type added without one is caught here).
func TestDocsSubcategories(t *testing.T) {
	for path, page := range docPages(t) {
		m := subcategoryLine.FindStringSubmatch(page)
		if m == nil || m[1] == "" {
			t.Errorf("docs/%s has no subcategory: add its type to the fallback template of its kind under templates/", path)
		}
	}
}

// timeoutLine is one attribute of a page's timeouts block.
var timeoutLine = regexp.MustCompile("(?m)^- `(create|read|update|delete)` \\(String\\) (.*)$")

// TestDocsTimeoutDefaults: every page with a timeouts block states each timeout's default.
func TestDocsTimeoutDefaults(t *testing.T) {
	pages := 0
	for path, page := range docPages(t) {
		_, block, ok := strings.Cut(page, "### Nested Schema for `timeouts`")
		if !ok {
			continue
		}
		pages++
		block, _, _ = strings.Cut(block, "\n#")
		lines := timeoutLine.FindAllStringSubmatch(block, -1)
		if len(lines) == 0 {
			t.Errorf("docs/%s: a timeouts block without attributes", path)
		}
		for _, l := range lines {
			if !regexp.MustCompile("Default `\\d+[smh]`").MatchString(l[2]) {
				t.Errorf("docs/%s: timeouts.%s does not state its default: %q", path, l[1], l[2])
			}
		}
	}
	if pages == 0 {
		t.Error("no page has a timeouts block; zenmlpro_workspace's has")
	}
}
