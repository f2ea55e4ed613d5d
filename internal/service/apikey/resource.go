package apikey

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
)

// importedKey marks, in private state, a key adopted by import whose rotation_triggers were never
// set by Terraform: the first triggers the configuration gives are recorded, not acted upon, so
// that adopting a key does not rotate it.
const importedKey = "imported"

// reportedExpiryKey keeps, in private state, the expiry the API reported when it created the key.
// The API takes the expiry in minutes from the moment it handles the create, on its own clock, so
// its expiry differs a little from the configured instant (more when the clocks disagree); while
// it still reports that same expiry, the configured value is kept in the state.
const reportedExpiryKey = "reported_expires_at"

// reportedExpiry reads reportedExpiryKey ("" when there is none: an imported key, or no expiry).
func reportedExpiry(ctx context.Context, private framework.PrivateStateReader) string {
	if private == nil {
		return ""
	}
	raw, diags := private.GetKey(ctx, reportedExpiryKey)
	var s string
	if diags.HasError() || json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

var (
	_ resource.ResourceWithConfigure   = (*apiKeyResource)(nil)
	_ resource.ResourceWithImportState = (*apiKeyResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*apiKeyResource)(nil)
)

type apiKeyResource struct {
	data *providerdata.Data
}

// NewResource returns the zenmlpro_api_key resource.
func NewResource() resource.Resource { return &apiKeyResource{} }

func (r *apiKeyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

func (r *apiKeyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An API key of a service account (`ZENPROKEY_...`): what a CI system or pipeline logs in " +
			"with. Changing `rotation_triggers` rotates the key in place: a new `key` is issued and the previous one keeps " +
			"working for `retain_previous_minutes`, so consumers can switch without an outage.\n\n" +
			"~> **Secret in state:** `key` is returned once, when the key is created (or rotated), and is kept in the " +
			"Terraform state, marked sensitive. Protect the state accordingly (an encrypted remote backend with " +
			"restricted access). To use a short-lived credential that is never stored, see the `zenmlpro_access_token` " +
			"ephemeral resource.",
		Attributes: map[string]schema.Attribute{
			"id":              framework.IDAttribute("The API key's id (UUID); not the secret value."),
			"organization_id": framework.OrganizationIDAttribute("service account of the API key"),
			"service_account_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the service account the key belongs to. Changing it replaces the key.",
				Validators:          []validator.String{framework.UUID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The key's name, unique per service account: 1 to 50 letters, digits, dots, hyphens and " +
					"underscores, starting with a letter or digit. Changing it replaces the key.",
				Validators:    []validator.String{framework.IdentifierName()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"description": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: "A free-text description (at most 1000 characters).",
				Validators:          []validator.String{framework.MaxLength(1000)},
			},
			"active": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "`false` deactivates the key: it can no longer log in until it is `true` (the default) again.",
			},
			"expires_at": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "When the key stops working, as an RFC 3339 timestamp such as `2030-01-31T00:00:00Z`. " +
					"Must lie in the future when the key is created; once it has passed, the key is refused at login but " +
					"plans go on as usual. The API takes the expiry in whole minutes from the moment of creation, so the key " +
					"expires up to a minute after this instant (never before); the state keeps the value written here. " +
					"Changing it to another instant replaces the key. Default: the key does not expire.",
				Validators: []validator.String{framework.Timestamp()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(expiryChanged,
					"Changing the expiry to another instant replaces the key.", "Changing the expiry to another instant replaces the key.")},
			},
			"rotation_triggers": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Arbitrary strings; any change rotates the key in place (a new `key` is issued; the " +
					"previous one works for `retain_previous_minutes` more). Key it to a schedule, such as " +
					"`{ quarter = \"2026-q1\" }`. The first triggers set on an imported key are recorded without rotating it " +
					"(an in-place update that calls nothing).",
			},
			"retain_previous_minutes": schema.Int64Attribute{
				Optional: true, Computed: true, Default: int64default.StaticInt64(defaultRetainMinutes),
				MarkdownDescription: fmt.Sprintf("How long, in minutes (0 to 10080, one week), the previous key keeps working "+
					"after a rotation, so that its consumers can switch to the new one without an outage. `0` revokes it at "+
					"once. Default `%d`. Used at rotation time only: the API does not keep it, so an imported key starts "+
					"with the default, and a configured other value is recorded by an in-place update that calls nothing.", defaultRetainMinutes),
				Validators: []validator.Int64{int64validator.Between(0, 10080)},
			},
			"key": schema.StringAttribute{
				Computed: true, Sensitive: true,
				MarkdownDescription: "The secret key value (`ZENPROKEY_...`). Returned once at creation and at each " +
					"rotation, and kept in state (sensitive). After an import it is null until the next rotation (the API " +
					"never returns a key's value again): an output of it is null, `terraform output -raw` of it fails, and " +
					"a resource fed from it gets null. Keep the key's consumers on the value they have, or rotate " +
					"(change `rotation_triggers`) to have Terraform issue a value it can hand on.",
			},
			"last_rotated": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the key was last rotated (RFC 3339); null if never.",
			},
			"created": framework.CreatedAttribute(),
		},
	}
}

// expiryChanged replaces the key only when the expiry names another instant: the same instant
// written differently (another offset, a fraction of zero), or the configured instant against the
// API's rounded-up expiry of an imported key (sameExpiry), is an update of the notation only.
func expiryChanged(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	if req.StateValue.IsNull() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		resp.RequiresReplace = true
		return
	}
	resp.RequiresReplace = !sameExpiry(req.PlanValue.ValueString(), req.StateValue.ValueString())
}

func (r *apiKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan checks the expiry at creation, and says whether the key value will change: only a
// rotation (a change of rotation_triggers) changes it.
func (r *apiKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || framework.PlanUnchanged(req) {
		return // destroy, or nothing changes
	}
	if r.data != nil { // an unconfigured provider (unknown arguments) leaves organization_id unknown
		framework.SetDefaultOrganization(ctx, req, resp, r.data.OrganizationID)
	}
	var plan resourceModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		// Only at creation: an expiry that has passed since must not break later plans. A warning
		// here, an error in Create (see framework.Problem: a key that expired and was deleted
		// must not stop terraform destroy).
		if problem := expiryProblem(plan.ExpiresAt); problem != nil {
			problem.AddCreateWarning(&resp.Diagnostics, "API key")
		}
		return
	}
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.RotationTriggers.IsUnknown() || rotationRequested(state.RotationTriggers, plan.RotationTriggers, adopted(ctx, req.Private)) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("key"), types.StringUnknown())...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("last_rotated"), types.StringUnknown())...)
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("key"), state.Key)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("last_rotated"), state.LastRotated)...)
}

// expiryProblem is what is wrong with creating a key with the expiry: one in the past.
func expiryProblem(expiresAt types.String) *framework.Problem {
	if expiresAt.IsNull() || expiresAt.IsUnknown() || !framework.InPast(expiresAt.ValueString()) {
		return nil
	}
	return &framework.Problem{Path: path.Root("expires_at"), Summary: "Expiry in the past",
		Detail: fmt.Sprintf("expires_at %q lies in the past: a new API key must expire in the future. Set a later RFC 3339 "+
			"time, or leave expires_at out for a key that does not expire.", expiresAt.ValueString())}
}

// rotationRequested reports whether the triggers changed. No triggers before and after (null or
// empty) is no change; on an adopted (imported) key, the first triggers are no change either.
func rotationRequested(stateTriggers, planTriggers types.Map, adopted bool) bool {
	stateEmpty, planEmpty := emptyMap(stateTriggers), emptyMap(planTriggers)
	switch {
	case stateEmpty && planEmpty:
		return false
	case stateEmpty && adopted:
		return false
	}
	return !stateTriggers.Equal(planTriggers)
}

func emptyMap(m types.Map) bool {
	return m.IsNull() || (!m.IsUnknown() && len(m.Elements()) == 0)
}

func adopted(ctx context.Context, private framework.PrivateStateReader) bool {
	if private == nil {
		return false
	}
	raw, diags := private.GetKey(ctx, importedKey)
	return !diags.HasError() && string(raw) == "true"
}

func (r *apiKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if problem := expiryProblem(plan.ExpiresAt); problem != nil {
		problem.AddError(&resp.Diagnostics)
		return
	}
	org, saID, name := plan.OrganizationID.ValueString(), plan.ServiceAccountID.ValueString(), plan.Name.ValueString()
	in := client.APIKeyCreate{Name: name, Description: plan.Description.ValueString()}
	if !plan.ExpiresAt.IsNull() {
		// The validator accepted it at plan time: it parses.
		expires, _ := time.Parse(time.RFC3339Nano, plan.ExpiresAt.ValueString())
		in.ExpiresAt = &expires
	}
	k, err := r.data.Client.CreateAPIKey(ctx, org, saID, in)
	if err != nil {
		framework.AddCreateError(&resp.Diagnostics, "Error creating API key",
			fmt.Sprintf("Could not create API key %q of service account %s", name, saID), err,
			func(id string) string { return org + "/" + saID + "/" + id })
		return
	}
	key := types.StringValue(k.Key)
	// Record the key at once: whatever fails from here on, Terraform knows it exists (and taints
	// it) instead of losing track of it and its value.
	r.saveState(ctx, &plan, k, key, &resp.State, &resp.Diagnostics)
	resp.Diagnostics.Append(framework.MarkCreated(ctx, resp.Private)...)
	if k.ExpiresAt != nil {
		raw, _ := json.Marshal(*k.ExpiresAt)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, reportedExpiryKey, raw)...)
	}
	if resp.Diagnostics.HasError() || plan.Active.ValueBool() {
		return
	}
	// The API creates keys active; an inactive one is deactivated right after.
	inactive := false
	k, err = r.data.Client.UpdateAPIKey(ctx, org, saID, k.ID, client.APIKeyUpdate{Active: &inactive})
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error deactivating API key",
			fmt.Sprintf("API key %q of service account %s was created but could not be deactivated (active = false)", name, saID), err)
		return
	}
	r.saveState(ctx, &plan, k, key, &resp.State, &resp.Diagnostics)
}

func (r *apiKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	org, saID, id := r.organization(state), state.ServiceAccountID.ValueString(), state.ID.ValueString()
	var k *client.APIKey
	err := framework.ReadTolerant(ctx, req.Private, client.IsNotFound, func(ctx context.Context) error {
		var err error
		k, err = r.data.Client.GetAPIKey(ctx, org, saID, id)
		return err
	})
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading API key",
			fmt.Sprintf("Could not read API key %q (%s) of service account %s", state.Name.ValueString(), id, saID), err)
		return
	}
	configured := state.ExpiresAt
	state.fromAPI(k)
	if k.ExpiresAt != nil && reportedExpiry(ctx, req.Private) == *k.ExpiresAt {
		// The expiry is what the API made of the configured one at creation: whatever the two
		// clocks said then, the configured value stands.
		state.ExpiresAt = configured
	}
	state.OrganizationID = types.StringValue(org)
	if state.RetainPreviousMinutes.IsNull() {
		state.RetainPreviousMinutes = types.Int64Value(defaultRetainMinutes) // after import
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *apiKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	org, saID, id, name := state.OrganizationID.ValueString(), state.ServiceAccountID.ValueString(), state.ID.ValueString(), state.Name.ValueString()

	var patch client.APIKeyUpdate
	changed := false
	if !plan.Description.Equal(state.Description) {
		patch.Description, changed = plan.Description.ValueStringPointer(), true
	}
	if !plan.Active.Equal(state.Active) {
		patch.Active, changed = plan.Active.ValueBoolPointer(), true
	}
	var k *client.APIKey
	var err error
	if changed {
		k, err = r.data.Client.UpdateAPIKey(ctx, org, saID, id, patch)
	} else {
		k, err = r.data.Client.GetAPIKey(ctx, org, saID, id)
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error updating API key",
			fmt.Sprintf("Could not update API key %q (%s) of service account %s", name, id, saID), err)
		return
	}

	key := state.Key
	if rotationRequested(state.RotationTriggers, plan.RotationTriggers, adopted(ctx, req.Private)) {
		rotated, err := r.data.Client.RotateAPIKey(ctx, org, saID, id, plan.RetainPreviousMinutes.ValueInt64())
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error rotating API key",
				fmt.Sprintf("Could not rotate API key %q (%s) of service account %s; the current key still works", name, id, saID), err)
			// Keep the old triggers, so that the next apply tries the rotation again.
			plan.RotationTriggers = state.RotationTriggers
			r.saveState(ctx, &plan, k, key, &resp.State, &resp.Diagnostics)
			return
		}
		k, key = rotated, types.StringValue(rotated.Key)
	}
	r.saveState(ctx, &plan, k, key, &resp.State, &resp.Diagnostics)
	// From now on the triggers are Terraform's own: their next change rotates the key.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
}

func (r *apiKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.Ready(&resp.Diagnostics) {
		return
	}
	org, saID, id := r.organization(state), state.ServiceAccountID.ValueString(), state.ID.ValueString()
	err := r.data.Client.DeleteAPIKey(ctx, org, saID, id)
	if err != nil && !client.IsNotFound(err) {
		framework.AddAPIError(&resp.Diagnostics, "Error deleting API key",
			fmt.Sprintf("Could not delete API key %q (%s) of service account %s", state.Name.ValueString(), id, saID), err)
	}
}

// organization is the key's organization: the state's, or (a state written before keys had one)
// the provider's.
func (r *apiKeyResource) organization(state resourceModel) string {
	if org := state.OrganizationID.ValueString(); org != "" {
		return org
	}
	return r.data.OrganizationID
}

// ImportState accepts "<organization_id>/<service_account_id>/<key_id>", or
// "<service_account_id>/<key_id>" in the provider's organization. The key value cannot be read
// back: it stays null until the next rotation.
func (r *apiKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	const format = "<organization_id>/<service_account_id>/<key_id>, or <service_account_id>/<key_id> with the provider's organization_id"
	parts := strings.Split(req.ID, "/")
	if len(parts) == 2 && r.data != nil && r.data.OrganizationID != "" {
		parts = append([]string{r.data.OrganizationID}, parts...)
	}
	valid := len(parts) == 3
	for _, p := range parts {
		valid = valid && framework.IsUUID(p)
	}
	if !valid {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("The import ID %q does not have the form %s, where every part is an id (UUID).", req.ID, format))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("organization_id"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("service_account_id"), parts[1])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), parts[2])...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte("true"))...)
}

// saveState writes the API's view of k into the state with the given key value, keeping the
// attributes that are Terraform's own (triggers, retain period) as planned.
func (r *apiKeyResource) saveState(ctx context.Context, plan *resourceModel, k *client.APIKey, key types.String, state interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}, diags *diag.Diagnostics) {
	m := *plan
	m.fromAPI(k)
	// The configured expiry is what was asked for; the API's, rounded up to its minutes, may differ
	// a little. After an apply the state holds what the plan said; a later refresh compares.
	m.ExpiresAt = plan.ExpiresAt
	m.Key = key
	diags.Append(state.Set(ctx, &m)...)
}
