package framework

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// Checks of an object that does not exist yet — a creation, or the creation half of a replacement
// — that ModifyPlan runs (most of them need the API: a role's level, a role that exists) cannot
// fail the plan. Terraform runs a normal plan before every destroy, to refresh the state; that plan
// plans the creation of every object missing from the state, and an error there stops
// terraform destroy from removing what does exist: an apply that failed half way could then not
// be cleaned up. The provider cannot tell that plan from any other, so such a check is reported as
// a warning at plan time, and Create runs it again and refuses, before anything is written.

// Problem is what a check found wrong with a planned object: the diagnostic it makes.
type Problem struct {
	Path            path.Path // the attribute at fault; empty for the object as a whole
	Summary, Detail string
}

// AddError adds the problem as an error (in Create, and wherever an error blocks nothing more).
func (p *Problem) AddError(diags *diag.Diagnostics) {
	if p.Path.Equal(path.Empty()) {
		diags.AddError(p.Summary, p.Detail)
		return
	}
	diags.AddAttributeError(p.Path, p.Summary, p.Detail)
}

// AddCreateWarning adds the problem, found at plan time with an object of the kind that does not
// exist yet, as a warning that says the apply will stop at it.
func (p *Problem) AddCreateWarning(diags *diag.Diagnostics, kind string) {
	detail := fmt.Sprintf("%s\n\nApplying this plan stops at this %s, before it is created. (A warning, not an error: "+
		"Terraform plans the objects that do not exist yet in the refresh before terraform destroy too, and an error "+
		"there would stop the destroy.)", p.Detail, kind)
	if p.Path.Equal(path.Empty()) {
		diags.AddWarning(p.Summary, detail)
		return
	}
	diags.AddAttributeWarning(p.Path, p.Summary, detail)
}
