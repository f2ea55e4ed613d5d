// Package apikey implements the zenmlpro_api_key resource: a service account's credential, with
// rotation in place that keeps the previous value working for a while.
package apikey

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// defaultRetainMinutes is how long, by default, the previous key keeps working after a rotation:
// time for every consumer to pick up the new key, so that a rotation causes no outage.
const defaultRetainMinutes = 60

type resourceModel struct {
	ID                    types.String `tfsdk:"id"`
	OrganizationID        types.String `tfsdk:"organization_id"`
	ServiceAccountID      types.String `tfsdk:"service_account_id"`
	Name                  types.String `tfsdk:"name"`
	Description           types.String `tfsdk:"description"`
	Active                types.Bool   `tfsdk:"active"`
	ExpiresAt             types.String `tfsdk:"expires_at"`
	RotationTriggers      types.Map    `tfsdk:"rotation_triggers"`
	RetainPreviousMinutes types.Int64  `tfsdk:"retain_previous_minutes"`
	Key                   types.String `tfsdk:"key"`
	LastRotated           types.String `tfsdk:"last_rotated"`
	Created               types.String `tfsdk:"created"`
}

// fromAPI copies what the API reports. The key value is not among it (the API returns it only when
// it is issued), so the caller sets it. An expiry the API reports as the instant already held, in
// another notation or rounded up to the minute the API counts in (expiryTolerance), keeps the value
// already held, so that the configuration and the state agree.
func (m *resourceModel) fromAPI(k *client.APIKey) {
	m.ID = types.StringValue(k.ID)
	m.ServiceAccountID = types.StringValue(k.ServiceAccountID)
	m.Name = types.StringValue(k.Name)
	m.Description = types.StringValue(k.Description)
	m.Active = types.BoolValue(k.Active)
	switch {
	case k.ExpiresAt == nil:
		m.ExpiresAt = types.StringNull()
	case m.ExpiresAt.IsNull() || m.ExpiresAt.IsUnknown() || !sameExpiry(m.ExpiresAt.ValueString(), *k.ExpiresAt):
		m.ExpiresAt = types.StringValue(normalizeTimestamp(*k.ExpiresAt))
	}
	m.LastRotated = types.StringPointerValue(k.LastRotated)
	m.Created = types.StringValue(k.Created)
}

// expiryTolerance is how much later than the configured instant a key may expire and still be the
// key the configuration asked for: the API takes expires_in_minutes, rounded up, counted from when
// it handles the create (a minute, plus the request's time, plus clock skew).
const expiryTolerance = 5 * time.Minute

// sameExpiry reports whether the API's expiry is the configured one: the same instant, or up to
// expiryTolerance later (never earlier, beyond a second of clock skew).
func sameExpiry(configured, reported string) bool {
	tc, errC := time.Parse(time.RFC3339Nano, configured)
	tr, errR := time.Parse(time.RFC3339Nano, reported)
	if errC != nil || errR != nil {
		return false
	}
	d := tr.Sub(tc)
	return d >= -time.Second && d <= expiryTolerance
}

// normalizeTimestamp writes an API timestamp the way people write one (UTC, no trailing zero
// fraction), so that an imported expiry matches a configuration such as "2030-01-31T00:00:00Z".
func normalizeTimestamp(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC().Format(time.RFC3339Nano)
}
