package framework

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// IDAttribute is the computed, stable id every resource has.
func IDAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: description,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// CreatedAttribute is the creation timestamp the API reports.
func CreatedAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: "When the object was created (RFC 3339, as the API reports it).",
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// OrganizationIDAttribute is an optional organization id that defaults to the provider's
// (filled in by SetDefaultOrganization at plan time) and replaces the object when it changes.
func OrganizationIDAttribute(kind string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: fmt.Sprintf("The id of the organization the %s belongs to. Defaults to the provider's "+
			"`organization_id`. Changing it replaces the %s.", kind, kind),
		Validators:    []validator.String{UUID()},
		PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}

// DeletionProtectionAttribute guards an object against terraform destroy.
func DeletionProtectionAttribute(kind string) schema.BoolAttribute {
	return schema.BoolAttribute{
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(true),
		MarkdownDescription: fmt.Sprintf("While `true` (the default), a plan that would destroy or replace the %s fails at "+
			"plan time, before anything is deleted. Set it to `false` and apply before destroying or replacing it; to stop "+
			"managing the %s without deleting it, use a `removed` block with `lifecycle { destroy = false }`. Not part of "+
			"the API: an imported %s starts with `true`.", kind, kind, kind),
	}
}

// DeletionProtected adds an error and returns true when protected is set.
func DeletionProtected(protected types.Bool, kind, name string, diags *diag.Diagnostics) bool {
	if protected.IsNull() || protected.ValueBool() {
		diags.AddError(fmt.Sprintf("Cannot destroy %s %q: deletion protection is on", kind, name),
			fmt.Sprintf("The %s %q has deletion_protection = true, so Terraform will not delete it. To delete it, "+
				"set deletion_protection = false, run terraform apply, then destroy it (or remove it from the "+
				"configuration) again.", kind, name))
		return true
	}
	return false
}

// Deletion protection is checked twice: at plan time, so that a plan that would delete a protected
// object fails before anything (in this object or any other) is deleted, and again in Delete, for
// the replacements Terraform plans without asking the provider (-replace, a tainted object).

// RefuseProtectedDestroy adds the plan-time error for a plan that destroys a protected object and
// returns true; release is how to stop managing the object without deleting it, in the words of
// its kind (see RemovedBlock).
func RefuseProtectedDestroy(ctx context.Context, state tfsdk.State, kind, release string, diags *diag.Diagnostics) bool {
	var protected types.Bool
	var name types.String
	diags.Append(state.GetAttribute(ctx, path.Root("deletion_protection"), &protected)...)
	diags.Append(state.GetAttribute(ctx, path.Root("name"), &name)...)
	if diags.HasError() || (!protected.IsNull() && !protected.ValueBool()) {
		return false
	}
	diags.AddAttributeError(path.Root("deletion_protection"),
		fmt.Sprintf("Cannot destroy %s %q: deletion protection is on", kind, name.ValueString()),
		fmt.Sprintf("This plan would delete the %s %q, which has deletion_protection = true, so the plan stops here and "+
			"nothing is deleted. To delete it, set deletion_protection = false, run terraform apply, then destroy it (or "+
			"remove it from the configuration). %s", kind, name.ValueString(), release))
	return true
}

// RemovedBlock is the configuration that stops managing an object without deleting it (Terraform
// 1.7 or later): the resource leaves the state, the object stays.
func RemovedBlock(resourceType string) string {
	return fmt.Sprintf("removed {\n  from = %s.<name>\n  lifecycle {\n    destroy = false\n  }\n}\n\n"+
		"(<name> is the resource's name in your configuration.)", resourceType)
}

// RefuseProtectedReplace adds the plan-time error for a plan that replaces a protected object
// because attr changes (from a state value to a planned one, which may be unknown), and returns
// true. why says what replacing the object means for its users.
func RefuseProtectedReplace(protected types.Bool, kind, name, attr string, from, to types.String, why string, diags *diag.Diagnostics) bool {
	if !protected.IsNull() && !protected.ValueBool() {
		return false
	}
	target := fmt.Sprintf("%q", to.ValueString())
	if to.IsUnknown() {
		target = "a value known only after apply"
	}
	diags.AddAttributeError(path.Root("deletion_protection"),
		fmt.Sprintf("Cannot replace %s %q: deletion protection is on", kind, name),
		fmt.Sprintf("Changing %s from %q to %s replaces the %s: it cannot change in place, so Terraform would delete the "+
			"%s and create a new one. %s The %s has deletion_protection = true, so the plan stops here and nothing is "+
			"deleted. To keep it, change %s back; to replace it anyway, set deletion_protection = false and apply first.",
			attr, from.ValueString(), target, kind, kind, why, kind, attr))
	return true
}

// SetDefaultOrganization fills organization_id in the plan with the provider's default when the
// configuration leaves it out, so that the plan shows the organization that will be used (and a
// change of the provider's default plans a replacement rather than surprising at apply).
func SetDefaultOrganization(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, providerDefault string) {
	if req.Plan.Raw.IsNull() || PlanUnchanged(req) {
		return // destroy, or an object that stays as it is (its organization_id is the state's)
	}
	attr := path.Root("organization_id")
	var configured types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, attr, &configured)...)
	if resp.Diagnostics.HasError() || !configured.IsNull() {
		return
	}
	if providerDefault == "" {
		resp.Diagnostics.AddAttributeError(attr, "No organization",
			"organization_id is not set here and the provider has no organization_id. Set organization_id on "+
				"this resource, or on the provider (or ZENML_PRO_ORGANIZATION_ID).")
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, attr, types.StringValue(providerDefault))...)
}

// PlanUnchanged reports that Terraform plans no change to an existing object: the proposed state
// equals the prior state. Most objects of a large configuration are in that case on every plan,
// and a ModifyPlan that returns early for them saves reading the plan and the configuration into
// models (reflection the framework does per call). A resource with write-only arguments must not
// use it: their changes never show in the plan.
func PlanUnchanged(req resource.ModifyPlanRequest) bool {
	return !req.State.Raw.IsNull() && !req.Plan.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw)
}

// SplitImportID splits an import id of the form the format names ("<team_id>/<user_id>") into
// exactly n non-empty parts, adding an error that shows the expected format otherwise.
func SplitImportID(id string, n int, format string, diags *diag.Diagnostics) []string {
	parts := strings.Split(id, "/")
	if len(parts) == n {
		ok := true
		for _, p := range parts {
			ok = ok && p != ""
		}
		if ok {
			return parts
		}
	}
	diags.AddError("Invalid import ID",
		fmt.Sprintf("The import ID %q does not have the form %s.", id, format))
	return nil
}

// AddAPIError adds the one diagnostic of a failed API call: what was attempted, on which object,
// and the API's detail with what to do (err carries both). A refused login is about the
// credential, not the object: a refusal of the provider's own key is reported as such, whatever
// the call was for (an object that "could not be found" would send the reader after the wrong
// problem). A call the control plane does not serve gets the diagnostic of AddNotServed.
func AddAPIError(diags *diag.Diagnostics, summary, attempted string, err error) {
	if credentialRefused(err) {
		diags.AddError("API key refused", err.Error()+".")
		return
	}
	if call, ok := NotServedCall(err); ok {
		AddNotServed(diags, summary, attempted, call, "")
		return
	}
	diags.AddError(summary, fmt.Sprintf("%s: %v", attempted, err))
}

// notServed is what the client's errors say about a call the control plane does not serve
// (framework code does not import the client: see design.md's layers).
type notServed interface {
	NotServed() bool
	Call() string
}

// NotServedCall reports whether err is a call the control plane does not serve (a 404 for the
// route, or a 405), and which call ("PUT /organizations/<id>/sso").
func NotServedCall(err error) (string, bool) {
	var ns notServed
	if errors.As(err, &ns) && ns.NotServed() {
		return ns.Call(), true
	}
	return "", false
}

// IsNotServed reports whether err is a call the control plane does not serve.
func IsNotServed(err error) bool {
	_, ok := NotServedCall(err)
	return ok
}

// NotServedSummary starts the summary of every diagnostic about a call the control plane does
// not serve; scripts and tests look for it.
const NotServedSummary = "Not served by this control plane"

// AddNotServed adds the diagnostic of a call the control plane does not serve: the call, what
// needed it (from the summary the caller would have used: "Error creating team" says "creating
// team"), advice when the caller has some, and the guide that lists every resource's calls.
func AddNotServed(diags *diag.Diagnostics, summary, attempted, call, advice string) {
	need := strings.TrimPrefix(summary, "Error ")
	detail := fmt.Sprintf("%s: the control plane does not serve %s (it answered that the route does not exist). "+
		"This resource needs that call for %s; it is part of the provider's own API contract rather than a public "+
		"ZenML one, or this control plane is of another version.", attempted, call, need)
	if advice != "" {
		detail += " " + advice
	}
	detail += " The guide \"API coverage\" lists the calls of every resource and what to do when one is not served; " +
		"`go run github.com/zenml-io/terraform-provider-zenmlpro/cmd/zenmlpro-conformance` checks a control plane " +
		"against the contract and prints what to report."
	diags.AddError(fmt.Sprintf("%s: %s, needed for %s", NotServedSummary, call, need), detail)
}

// credentialRefused reports an error that says the provider's own API key was refused (the
// client's LoginError for a 401 or 403; matched by its method, as this package does not import
// the client).
func credentialRefused(err error) bool {
	var refusal interface{ OwnKeyRefused() bool }
	return errors.As(err, &refusal) && refusal.OwnKeyRefused()
}

// Poll calls check every interval (growing to at most maxInterval) until it reports done, returns
// an error, or ctx ends; the error then says what was awaited.
func Poll(ctx context.Context, interval, maxInterval time.Duration, awaited string, check func(context.Context) (bool, error)) error {
	for {
		done, err := check(ctx)
		if err != nil || done {
			return err
		}
		timer := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			timer.Stop()
			return fmt.Errorf("timed out waiting for %s: %w", awaited, ctx.Err())
		case <-timer.C:
		}
		interval = min(interval*2, maxInterval)
	}
}
