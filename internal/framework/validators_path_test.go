package framework

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestValidatorSummaryNamesTheAttribute: the summary of a validator's error names the attribute
// even for an element of a set, list or map. It used to be cut from the path's string form at the
// last "." or "[", so that a set element "https://acme.example.com" gave the summary `Invalid com")`
// and a list element gave "Invalid 1".
func TestValidatorSummaryNamesTheAttribute(t *testing.T) {
	tests := []struct {
		path path.Path
		want string
	}{
		{path.Root("name"), "Invalid name"},
		{path.Root("trusted_domains").AtSetValue(types.StringValue("https://acme.example.com")), "Invalid trusted_domains"},
		{path.Root("user_ids").AtSetValue(types.StringValue("42")), "Invalid user_ids"},
		{path.Root("scopes").AtListIndex(1), "Invalid scopes"},
		{path.Root("labels").AtMapKey("team.name"), "Invalid labels"},
		{path.Root("rule").AtListIndex(0).AtName("domain"), "Invalid domain"},
	}
	for _, tt := range tests {
		var resp validator.StringResponse
		Domain().ValidateString(context.Background(), validator.StringRequest{Path: tt.path, ConfigValue: types.StringValue("not a domain")}, &resp)
		if !resp.Diagnostics.HasError() {
			t.Fatalf("%s: no error", tt.path)
		}
		if got := resp.Diagnostics.Errors()[0].Summary(); got != tt.want {
			t.Errorf("%s: summary %q, want %q", tt.path, got, tt.want)
		}
	}

	var resp validator.ListResponse
	list := types.ListValueMust(types.StringType, []attr.Value{types.StringValue("email")})
	ListContains("openid", "needs openid").ValidateList(context.Background(),
		validator.ListRequest{Path: path.Root("scopes"), ConfigValue: list}, &resp)
	if got := resp.Diagnostics.Errors()[0].Summary(); got != "Invalid scopes" {
		t.Errorf("ListContains: summary %q, want %q", got, "Invalid scopes")
	}
}
