package rolebinding_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/provider"
)

// planCreate plans the creation of one resource through the provider server, as Terraform does
// (configure, then PlanResourceChange with no prior state), and returns the plan's diagnostics:
// plugin-testing shows a step's errors, never its warnings.
func planCreate(t *testing.T, env *acctest.Env, typeName string, config map[string]string) []*tfprotov6.Diagnostic {
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
	providerConfig := dynamic(t, schemas.Provider, map[string]string{"api_url": env.URL, "api_key": env.APIKey, "organization_id": env.OrganizationID}, false)
	configured, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: providerConfig, TerraformVersion: "1.11.4"})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatalf("configuring the provider: %v %v", err, configured.Diagnostics)
	}
	schema := schemas.ResourceSchemas[typeName]
	null, err := tfprotov6.NewDynamicValue(schema.ValueType(), tftypes.NewValue(schema.ValueType(), nil))
	if err != nil {
		t.Fatal(err)
	}
	planned, err := srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName:         typeName,
		PriorState:       &null,
		Config:           dynamic(t, schema, config, false),
		ProposedNewState: dynamic(t, schema, config, true),
	})
	if err != nil {
		t.Fatal(err)
	}
	return planned.Diagnostics
}

// dynamic is an object of the schema's type with the given string attributes, the others null (or,
// when computedUnknown, unknown if computed: the proposed new state of a creation).
func dynamic(t *testing.T, schema *tfprotov6.Schema, attrs map[string]string, computedUnknown bool) *tfprotov6.DynamicValue {
	t.Helper()
	typ := schema.ValueType().(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
	}
	for _, a := range schema.Block.Attributes {
		if computedUnknown && a.Computed && attrs[a.Name] == "" {
			values[a.Name] = tftypes.NewValue(typ.AttributeTypes[a.Name], tftypes.UnknownValue)
		}
	}
	for name, v := range attrs {
		values[name] = tftypes.NewValue(tftypes.String, v)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// TestRoleBindingScopeWarnsAtPlan: a plan that creates a binding whose scope does not fit its role's
// level says so at plan time — as a warning that the apply will stop there, not as an error, which
// would stop terraform destroy (TestAccRoleBinding_destroyAfterFailedApply) — and a fitting one
// says nothing.
func TestRoleBindingScopeWarnsAtPlan(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	f := newFixture(t, env, 1)
	diags := planCreate(t, env, "zenmlpro_role_binding", map[string]string{
		"role_id": f.orgMember.ID, "team_id": f.teams[0], "workspace_id": f.workspace,
	})
	if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
		diags[0].Summary != "Scope does not fit the role's level" ||
		!strings.Contains(diags[0].Detail, `role "Organization Member" is an organization-level role: remove workspace_id`) ||
		!strings.Contains(diags[0].Detail, "Applying this plan stops at this role binding, before it is created.") {
		t.Errorf("diagnostics of a misfit binding = %s", describeDiags(diags))
	}
	if diags := planCreate(t, env, "zenmlpro_role_binding", map[string]string{"role_id": f.orgMember.ID, "team_id": f.teams[0]}); len(diags) != 0 {
		t.Errorf("diagnostics of a fitting binding = %s", describeDiags(diags))
	}
}

func describeDiags(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "\n  %v %s: %s", d.Severity, d.Summary, d.Detail)
	}
	return b.String()
}
