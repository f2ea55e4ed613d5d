package role

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/mockcontrolplane"
)

func TestCheckPermission(t *testing.T) {
	cases := []struct {
		level, name string
		want        string // "" = accepted; else a part of the message
	}{
		{"workspace", "workspace:read", ""},
		{"project", "project:read", ""},
		{"workspace", "project:read", ""}, // the same name exists at two levels
		{"", "pipeline:run", ""},          // level unknown at plan time: existence only
		{"workspace", "workspace:raed", `Unknown permission "workspace:raed" for a workspace-level role. Did you mean "workspace:read"?`},
		{"project", "Pipeline:Run", `Did you mean "pipeline:run"?`},
		{"workspace", "secret:get", `Did you mean "secret:read" or "secret:create" or "secret:update" or "secret:delete"?`},
		{"workspace", "stacks:read", `Did you mean "stack:read"?`},
		{"organization", "foo:bar", `Unknown permission "foo:bar" for an organization-level role. The organization-level permissions are: "organization:read", "organization:update"`},
		{"workspace", "pipeline:run", `Permission "pipeline:run" is a project-level permission; a workspace-level role cannot hold it. Use a project-level role for it`},
		{"organization", "project:read", `Permission "project:read" is a workspace- and project-level permission; an organization-level role cannot hold it.`},
		{"", "nothing:here", `Unknown permission "nothing:here". The permissions are: "organization:read"`},
	}
	for _, c := range cases {
		got := checkPermission(c.level, c.name)
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("checkPermission(%q, %q) = %q, want %q", c.level, c.name, got, c.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"read", "raed", 2}, {"kitten", "sitting", 3}, {"stack:read", "stacks:read", 1}} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// TestRoleWriteErrorOnRefusedPermission covers what plan-time validation cannot reach: the control
// plane refusing (422) a permission the provider's catalogue accepted, as happens when the two
// catalogues differ. The mock's real 422, through the client, must become one diagnostic naming the
// permission and what to do.
func TestRoleWriteErrorOnRefusedPermission(t *testing.T) {
	mock, err := mockcontrolplane.New(mockcontrolplane.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mock)
	defer srv.Close()
	c, err := client.New(client.Config{APIURL: srv.URL, APIKey: mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateRole(context.Background(), client.RoleCreate{
		OrganizationID: mock.OrganizationID(), Name: "Operators", Level: client.LevelWorkspace,
		Permissions: []string{"workspace:read", "workspace:teleport"},
	})
	if !client.IsValidation(err) {
		t.Fatalf("want a 422 from the API, got %v", err)
	}
	var diags diag.Diagnostics
	addRoleWriteError(&diags, "Error creating role", `Could not create the workspace-level role "Operators"`, client.LevelWorkspace, err)
	if len(diags) != 1 {
		t.Fatalf("want one diagnostic, got %d: %v", len(diags), diags)
	}
	detail := diags[0].Detail()
	for _, want := range []string{
		`Could not create the workspace-level role "Operators"`,
		`"workspace:teleport"`,
		"HTTP 422",
		"GET /permissions?level=workspace",
		"upgrade the provider",
	} {
		if !strings.Contains(detail, want) {
			t.Errorf("diagnostic lacks %q:\n%s", want, detail)
		}
	}

	// Other errors keep the plain form.
	diags = nil
	addRoleWriteError(&diags, "Error creating role", "Could not create", client.LevelWorkspace,
		&client.APIError{StatusCode: 409, Detail: "a role named \"Operators\" already exists", Method: "POST", Path: "/roles"})
	if d := diags[0].Detail(); strings.Contains(d, "catalogue") || !strings.Contains(d, "already exists") {
		t.Errorf("a conflict is not a permission problem: %s", d)
	}
}
