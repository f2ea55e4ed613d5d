// Package framework holds what two or more resources share: validators, plan modifiers, import-ID
// parsing, waiting, and the handling of deletion protection and eventual consistency. It depends on
// the plugin framework only, never on the API client.
package framework

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Patterns of the API contract (API-CONTRACT.md); the mock enforces the same ones.
var (
	uuidPattern             = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	domainPattern           = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	emailPattern            = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	workspaceNamePattern    = regexp.MustCompile(`^[a-z][a-z0-9-]{0,49}$`)
	organizationNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$`)
	identifierNamePattern   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$`)
)

// IsUUID reports whether s is a canonical lowercase UUID.
func IsUUID(s string) bool { return uuidPattern.MatchString(s) }

// stringCheck is a string validator built from a predicate that returns "" when the value is fine
// and otherwise the sentence to show, which names the fix.
type stringCheck struct {
	description string
	check       func(string) string
}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := v.check(req.ConfigValue.ValueString()); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+attributeName(req.Path), msg)
	}
}

// attributeName is the name of the attribute p leads to: for an element of a list, set or map
// (scopes[0], domains[Value("a.example.com")]), the attribute that holds it. Reading it off the
// path's steps, not its string form, keeps the name whole whatever the element's value contains.
func attributeName(p path.Path) string {
	steps := p.Steps()
	for i := len(steps) - 1; i >= 0; i-- {
		if name, ok := steps[i].(path.PathStepAttributeName); ok {
			return string(name)
		}
	}
	return p.String()
}

// UUID accepts a canonical lowercase UUID.
func UUID() validator.String {
	return stringCheck{"must be a UUID", func(s string) string {
		if IsUUID(s) {
			return ""
		}
		return fmt.Sprintf("%q is not a UUID. Use the id attribute of the object (36 lowercase hexadecimal characters and hyphens, such as 123e4567-e89b-12d3-a456-426614174000).", s)
	}}
}

// Domain accepts a lowercase DNS name with at least one dot.
func Domain() validator.String {
	return stringCheck{"must be a lowercase domain name such as example.com", func(s string) string {
		if domainPattern.MatchString(s) && len(s) <= 253 {
			return ""
		}
		if lower := strings.ToLower(s); domainPattern.MatchString(lower) && len(s) <= 253 {
			return fmt.Sprintf("%q must be written in lowercase: use %q (domain names are compared in lowercase).", s, lower)
		}
		return fmt.Sprintf("%q is not a domain name. Use a lowercase DNS name such as example.com (no scheme, path, port or wildcard).", s)
	}}
}

// Email accepts an address of the form name@domain.tld.
func Email() validator.String {
	return stringCheck{"must be an email address", func(s string) string {
		if emailPattern.MatchString(s) && len(s) <= 254 {
			return ""
		}
		return fmt.Sprintf("%q is not an email address. Use the form name@example.com.", s)
	}}
}

// WorkspaceName accepts what the API accepts for a workspace name.
func WorkspaceName() validator.String {
	return stringCheck{"1-50 lowercase letters, digits and hyphens, starting with a letter", func(s string) string {
		if workspaceNamePattern.MatchString(s) {
			return ""
		}
		return fmt.Sprintf("%q is not a valid workspace name: use 1 to 50 lowercase letters, digits and hyphens, starting with a letter (for example %q).", s, suggestWorkspaceName(s))
	}}
}

// suggestWorkspaceName turns s into a valid workspace name, for the error message.
func suggestWorkspaceName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '-', r == '_', r == ' ', r == '.':
			b.WriteRune('-')
		}
	}
	out := strings.TrimLeft(b.String(), "-0123456789")
	if out == "" {
		out = "ws-" + b.String()
	}
	if len(out) > 50 {
		out = out[:50]
	}
	return strings.TrimRight(out, "-")
}

// OrganizationName accepts what the API accepts for an organization name.
func OrganizationName() validator.String {
	return stringCheck{"1-64 letters, digits, spaces, dots, hyphens and underscores, starting with a letter or digit", func(s string) string {
		if organizationNamePattern.MatchString(s) {
			return ""
		}
		return fmt.Sprintf("%q is not a valid organization name: use 1 to 64 letters, digits, spaces, dots, hyphens and underscores, starting with a letter or digit.", s)
	}}
}

// IdentifierName accepts service-account and API-key names.
func IdentifierName() validator.String {
	return stringCheck{"1-50 letters, digits, dots, hyphens and underscores, starting with a letter or digit", func(s string) string {
		if identifierNamePattern.MatchString(s) {
			return ""
		}
		return fmt.Sprintf("%q is not a valid name: use 1 to 50 letters, digits, dots, hyphens and underscores, starting with a letter or digit (no spaces).", s)
	}}
}

// IsIdentifierName reports whether s passes IdentifierName.
func IsIdentifierName(s string) bool { return identifierNamePattern.MatchString(s) }

// SuggestIdentifier turns a free-text name into one IdentifierName accepts ("CI bot" becomes
// "ci-bot"), for error messages.
func SuggestIdentifier(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteRune('-')
		}
	}
	out := strings.Trim(b.String(), "-._")
	if len(out) > 50 {
		out = strings.TrimRight(out[:50], "-._")
	}
	if out == "" {
		out = "service-account"
	}
	return out
}

// DisplayName accepts a free-text name of 1 to maxLen characters without leading or trailing white
// space or control characters (team and role names).
func DisplayName(maxLen int) validator.String {
	return stringCheck{fmt.Sprintf("1-%d characters, no leading or trailing white space", maxLen), func(s string) string {
		switch {
		case s == "":
			return "The name must not be empty."
		case len([]rune(s)) > maxLen:
			return fmt.Sprintf("The name is %d characters long; the limit is %d.", len([]rune(s)), maxLen)
		case strings.TrimSpace(s) != s:
			return fmt.Sprintf("%q has leading or trailing white space; remove it.", s)
		case strings.IndexFunc(s, unicode.IsControl) >= 0:
			return fmt.Sprintf("%q contains a control character (such as a newline or tab); remove it.", s)
		}
		return ""
	}}
}

// MaxLength accepts at most maxLen characters.
func MaxLength(maxLen int) validator.String {
	return stringCheck{fmt.Sprintf("at most %d characters", maxLen), func(s string) string {
		if n := len([]rune(s)); n > maxLen {
			return fmt.Sprintf("The value is %d characters long; the limit is %d.", n, maxLen)
		}
		return ""
	}}
}

// HTTPSURL accepts an absolute https URL with a host.
func HTTPSURL() validator.String {
	return stringCheck{"an https URL", func(s string) string {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" || u.Scheme == "" {
			return fmt.Sprintf("%q is not an absolute URL. Use the form https://login.example.com.", s)
		}
		if u.Scheme != "https" {
			return fmt.Sprintf("%q uses %s; the identity provider must be reached over https (https://%s%s).", s, u.Scheme, u.Host, u.Path)
		}
		return ""
	}}
}

// HTTPURL accepts an absolute http or https URL with a host (the provider's own URLs; the mock
// listens on plain http).
func HTTPURL() validator.String {
	return stringCheck{"an absolute http(s) URL", func(s string) string {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return fmt.Sprintf("%q is not an absolute http(s) URL, such as https://cloudapi.zenml.io.", s)
		}
		if u.RawQuery != "" || u.Fragment != "" {
			return fmt.Sprintf("%q must not carry a query or fragment.", s)
		}
		return ""
	}}
}

// Duration accepts a positive Go duration such as "60s" or "2m".
func Duration() validator.String {
	return stringCheck{`a duration such as "60s" or "2m"`, func(s string) string {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return fmt.Sprintf("%q is not a positive duration. Use a number with a unit, such as \"60s\" or \"2m\".", s)
		}
		return ""
	}}
}

// Timestamp accepts an RFC 3339 timestamp. Whether it must lie in the future is a question for
// creation time only (an expiry that has since passed must not break later plans): see InPast.
func Timestamp() validator.String {
	return stringCheck{"an RFC 3339 timestamp", func(s string) string {
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			return fmt.Sprintf("%q is not an RFC 3339 timestamp. Use the form 2030-01-31T00:00:00Z (timeadd(plantimestamp(), \"2160h\") gives one 90 days ahead).", s)
		}
		return ""
	}}
}

// InPast reports whether the RFC 3339 timestamp s lies in the past (false when s does not parse).
func InPast(s string) bool {
	t, err := time.Parse(time.RFC3339, s)
	return err == nil && !t.After(time.Now())
}
