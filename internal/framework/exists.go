package framework

import (
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// existing is what the client's errors say about a create that met an existing object under the
// planned object's unique key (a 409 to a name, email or username that is taken, or another
// object found there after a lost answer): its kind and id, "" when the client could not find it.
// (Framework code does not import the client: see design.md's layers.)
type existing interface {
	ExistingObject() (kind, id string)
}

// ImportByID is the import ID of a resource imported by its object's id alone.
func ImportByID(id string) string { return id }

// AddCreateError adds the one diagnostic of a failed create: AddExistsError's when the create met
// an existing object, AddAPIError's otherwise.
func AddCreateError(diags *diag.Diagnostics, summary, attempted string, err error, importID func(existingID string) string) {
	if !AddExistsError(diags, summary, attempted, err, importID) {
		AddAPIError(diags, summary, attempted, err)
	}
}

// AddExistsError adds the diagnostic of a create that met an existing object under the planned
// object's unique key, naming the exact import ID (importID of the object's id) that adopts it. It
// adds nothing and returns false for any other error.
func AddExistsError(diags *diag.Diagnostics, summary, attempted string, err error, importID func(existingID string) string) bool {
	var e existing
	if !errors.As(err, &e) {
		return false
	}
	kind, id := e.ExistingObject()
	detail := fmt.Sprintf("%s: %v.", attempted, err)
	if id == "" {
		detail += fmt.Sprintf("\n\nChange the configuration so that it plans another %s, or find the existing one and import it.", kind)
	} else {
		imp := importID(id)
		detail += fmt.Sprintf("\n\nTo manage the existing %s with this resource, import it with the import ID %q:\n\n"+
			"  import {\n    to = <this resource's address>\n    id = %q\n  }\n\n"+
			"(or: terraform import <address> %s), then apply again. Otherwise change the configuration so that it plans another %s.",
			kind, imp, imp, imp, kind)
	}
	diags.AddError(summary, detail)
	return true
}
