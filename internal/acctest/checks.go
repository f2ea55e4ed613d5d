package acctest

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// ResourceID returns the id attribute of the named resource in s.
func ResourceID(s *terraform.State, name string) (string, error) {
	rs, ok := s.RootModule().Resources[name]
	if !ok {
		return "", fmt.Errorf("resource %s is not in state", name)
	}
	if rs.Primary.ID == "" {
		return "", fmt.Errorf("resource %s has no id", name)
	}
	return rs.Primary.ID, nil
}

// Attribute returns one attribute of the named resource in s.
func Attribute(s *terraform.State, name, attr string) (string, error) {
	rs, ok := s.RootModule().Resources[name]
	if !ok {
		return "", fmt.Errorf("resource %s is not in state", name)
	}
	return rs.Primary.Attributes[attr], nil
}

// CheckGone returns a CheckDestroy that asserts, for every resource of the given type left in the
// final state, that fetch reports it gone (fetch returns an error satisfying isNotFound).
func CheckGone(resourceType string, isNotFound func(error) bool, fetch func(id string) error) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			if rs.Type != resourceType {
				continue
			}
			err := fetch(rs.Primary.ID)
			if err == nil {
				return fmt.Errorf("%s (%s) still exists after destroy", name, rs.Primary.ID)
			}
			if !isNotFound(err) {
				return fmt.Errorf("checking that %s (%s) is gone: %w", name, rs.Primary.ID, err)
			}
		}
		return nil
	}
}

// ErrorText matches text literally in Terraform's output, where diagnostics are word-wrapped: every
// run of white space in text matches any run of white space (line breaks included).
func ErrorText(text string) *regexp.Regexp {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}
