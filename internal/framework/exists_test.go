package framework

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

type existsErr struct{ id string }

func (e existsErr) Error() string                    { return "a team named \"ml\" already exists" }
func (e existsErr) ExistingObject() (string, string) { return "team", e.id }

func TestAddCreateError(t *testing.T) {
	orgScoped := func(id string) string { return "org-1/" + id }

	var diags diag.Diagnostics
	AddCreateError(&diags, "Error creating team", "Could not create team \"ml\"", fmt.Errorf("wrapped: %w", existsErr{id: "t-9"}), orgScoped)
	if len(diags) != 1 {
		t.Fatalf("diagnostics %v", diags)
	}
	detail := diags[0].Detail()
	for _, want := range []string{`Could not create team "ml": wrapped: a team named "ml" already exists.`,
		`import it with the import ID "org-1/t-9"`, `id = "org-1/t-9"`, "terraform import <address> org-1/t-9"} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail does not say %q:\n%s", want, detail)
		}
	}

	diags = nil
	AddCreateError(&diags, "Error creating team", "Could not create team", existsErr{}, ImportByID)
	if d := diags[0].Detail(); strings.Contains(d, "import ID") || !strings.Contains(d, "find the existing one and import it") {
		t.Errorf("without an id: %s", d)
	}

	diags = nil
	AddCreateError(&diags, "Error creating team", "Could not create team", errors.New("HTTP 422"), ImportByID)
	if len(diags) != 1 || diags[0].Detail() != "Could not create team: HTTP 422" {
		t.Errorf("another error: %v", diags)
	}
	if AddExistsError(&diags, "s", "a", errors.New("x"), ImportByID) {
		t.Error("AddExistsError took an unrelated error")
	}
}
