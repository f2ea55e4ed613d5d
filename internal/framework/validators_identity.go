package framework

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ScopeName accepts an OAuth scope: 1 to 100 characters without white space or control characters.
func ScopeName() validator.String {
	return stringCheck{"an OAuth scope name (no white space)", func(s string) string {
		switch {
		case s == "":
			return "A scope must not be empty; remove the empty string from the list."
		case len(s) > 100:
			return fmt.Sprintf("The scope %q is %d characters long; the limit is 100.", s, len(s))
		case strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
			return fmt.Sprintf("%q is not a scope name: scopes contain no white space. List each scope as its own element, such as [\"openid\", \"email\"].", s)
		}
		return ""
	}}
}

// listContains is a list validator that requires one string element; the detail says why and
// names the fix.
type listContains struct {
	value, detail string
}

// ListContains requires a list of strings to contain value; detail is the whole message shown
// when it does not (what is wrong and what to do).
func ListContains(value, detail string) validator.List {
	return listContains{value: value, detail: detail}
}

func (v listContains) Description(context.Context) string {
	return fmt.Sprintf("must contain %q", v.value)
}

func (v listContains) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v listContains) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, el := range req.ConfigValue.Elements() {
		s, ok := el.(types.String)
		if !ok || s.IsUnknown() {
			return // an element not known yet may be the one required: decide at apply
		}
		if s.ValueString() == v.value {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+attributeName(req.Path), v.detail)
}
