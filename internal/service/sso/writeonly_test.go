package sso

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
)

// memoryPrivate is a private state in memory, as the framework keeps it between operations.
type memoryPrivate map[string][]byte

func (p memoryPrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return p[key], nil
}

func (p memoryPrivate) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	p[key] = value
	return nil
}

// TestSecretChangedWithoutVersion: the plan-time warning appears exactly when the configured
// secret differs from the one last sent and the version stays the same. Terraform's test
// framework cannot assert warnings, so the decision is tested here; TestAccSSO_lifecycle shows
// the same situation gives an empty plan.
func TestSecretChangedWithoutVersion(t *testing.T) {
	ctx := context.Background()
	private := memoryPrivate{}
	if diags := framework.RecordWriteOnlySent(ctx, private, secretAttr, "first-secret"); diags.HasError() {
		t.Fatal(diags)
	}
	// Only a hash is kept, as JSON (private state values must be JSON).
	stored := string(private[secretAttr+"_sha256"])
	if strings.Contains(stored, "first-secret") || stored != `"`+framework.WriteOnlyHash("first-secret")+`"` {
		t.Fatalf("private state holds %s", stored)
	}
	// The hash is the hex SHA-256 (sha256sum of the same bytes).
	if got, want := framework.WriteOnlyHash("first-secret"), "e0a5091e7f566a51018100473bf5078fe614e6dde73a7592c1161ecd6ec3826a"; got != want {
		t.Fatalf("hash %q, want %q", got, want)
	}

	cases := []struct {
		name           string
		private        framework.PrivateStateReader
		configured     types.String
		versionChanged bool
		warn           bool
	}{
		{"same secret, same version", private, types.StringValue("first-secret"), false, false},
		{"new secret, same version", private, types.StringValue("second-secret"), false, true},
		{"new secret, new version", private, types.StringValue("second-secret"), true, false},
		{"secret removed from the configuration", private, types.StringNull(), false, false},
		{"secret not known until apply", private, types.StringUnknown(), false, false},
		{"nothing recorded (after import)", memoryPrivate{}, types.StringValue("second-secret"), false, false},
		{"no private state at all", nil, types.StringValue("second-secret"), false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var diags diag.Diagnostics
			framework.WarnWriteOnlyChangedUnsent(ctx, c.private, secretAttr, secretVersionAttr, c.configured, c.versionChanged, &diags)
			if diags.HasError() {
				t.Fatalf("errors: %v", diags)
			}
			if got := diags.WarningsCount() > 0; got != c.warn {
				t.Fatalf("warning: got %v, want %v (%v)", got, c.warn, diags)
			}
			if c.warn {
				w := diags.Warnings()[0]
				if w.Summary() != "client_secret_wo changed, but client_secret_wo_version did not" ||
					!strings.Contains(w.Detail(), "change client_secret_wo_version (for example, increment it)") {
					t.Fatalf("warning reads %q: %q", w.Summary(), w.Detail())
				}
			}
		})
	}

	// After a rotation, the new hash replaces the old one: the new secret no longer warns.
	framework.RecordWriteOnlySent(ctx, private, secretAttr, "second-secret")
	var diags diag.Diagnostics
	framework.WarnWriteOnlyChangedUnsent(ctx, private, secretAttr, secretVersionAttr, types.StringValue("second-secret"), false, &diags)
	if diags.WarningsCount() != 0 {
		t.Fatalf("warned after rotation: %v", diags)
	}
}
