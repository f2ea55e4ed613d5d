package team

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestEmailSetValidator: an address in upper case is a warning that names the lowercase form; the
// same address twice (in any case) is an error; distinct lowercase addresses pass.
func TestEmailSetValidator(t *testing.T) {
	for _, tc := range []struct {
		emails   []string
		errors   int
		warnings int
		want     string
	}{
		{[]string{"ann@example.com", "bob@example.com"}, 0, 0, ""},
		{[]string{"Ann@Example.com"}, 0, 1, `Write "Ann@Example.com" as "ann@example.com"`},
		{[]string{"ann@example.com", "ANN@example.com"}, 1, 0, `are the same address`},
	} {
		set := types.SetValueMust(types.StringType, func() (out []attr.Value) {
			for _, e := range tc.emails {
				out = append(out, types.StringValue(e))
			}
			return out
		}())
		var resp validator.SetResponse
		emailSetValidator{}.ValidateSet(context.Background(), validator.SetRequest{Path: path.Root("emails"), ConfigValue: set}, &resp)
		if got := resp.Diagnostics.ErrorsCount(); got != tc.errors {
			t.Errorf("%q: %d errors, want %d: %v", tc.emails, got, tc.errors, resp.Diagnostics)
		}
		if got := resp.Diagnostics.WarningsCount(); got != tc.warnings {
			t.Errorf("%q: %d warnings, want %d: %v", tc.emails, got, tc.warnings, resp.Diagnostics)
		}
		if tc.want != "" && (len(resp.Diagnostics) == 0 || !strings.Contains(resp.Diagnostics[0].Detail(), tc.want)) {
			t.Errorf("%q: %v, want a diagnostic saying %q", tc.emails, resp.Diagnostics, tc.want)
		}
	}
}
