package role_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/provider"
)

// validateRole runs ValidateResourceConfig of zenmlpro_role, as Terraform does, on a configuration
// with the level and permissions, and returns its error diagnostics.
func validateRole(t *testing.T, level string, permissions ...string) []*tfprotov6.Diagnostic {
	t.Helper()
	ctx := context.Background()
	srv, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := schemas.ResourceSchemas["zenmlpro_role"].ValueType().(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
	}
	values["name"] = tftypes.NewValue(tftypes.String, "Operators")
	values["level"] = tftypes.NewValue(tftypes.String, level)
	elems := make([]tftypes.Value, 0, len(permissions))
	for _, p := range permissions {
		elems = append(elems, tftypes.NewValue(tftypes.String, p))
	}
	values["permissions"] = tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, elems)
	config, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "zenmlpro_role", Config: &config})
	if err != nil {
		t.Fatal(err)
	}
	var errs []*tfprotov6.Diagnostic
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, d)
		}
	}
	return errs
}

// TestRoleInvalidLevelOneError: an invalid level is one error, about the level. The permissions
// used to be checked against the invalid level too, which added a second, nonsensical error
// ("an org-level role cannot hold it ... The org-level permissions are: ."). Permissions that
// exist at no level are still reported.
func TestRoleInvalidLevelOneError(t *testing.T) {
	errs := validateRole(t, "org", "workspace:read", "organization:read")
	if len(errs) != 1 || !strings.Contains(errs[0].Detail, `value must be one of: ["organization" "workspace" "project"], got: "org"`) {
		t.Errorf("an invalid level with valid permissions: %d errors, want the level's alone:%s", len(errs), details(errs))
	}
	errs = validateRole(t, "org", "stack:reed")
	if len(errs) != 2 || !strings.Contains(errs[1].Detail+errs[0].Detail, `Unknown permission "stack:reed". Did you mean "stack:read"?`) {
		t.Errorf("an invalid level with an unknown permission: %d errors, want the level's and the permission's:%s", len(errs), details(errs))
	}
	if errs := validateRole(t, "workspace", "workspace:read"); len(errs) != 0 {
		t.Errorf("a valid role: %s", details(errs))
	}
}

func details(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString("\n  " + d.Summary + ": " + d.Detail)
	}
	return b.String()
}
