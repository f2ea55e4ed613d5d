package apikey

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func triggers(kv ...string) types.Map {
	elems := map[string]attr.Value{}
	for i := 0; i+1 < len(kv); i += 2 {
		elems[kv[i]] = types.StringValue(kv[i+1])
	}
	return types.MapValueMust(types.StringType, elems)
}

// TestRotationRequested: which changes of rotation_triggers rotate the key.
func TestRotationRequested(t *testing.T) {
	null := types.MapNull(types.StringType)
	cases := []struct {
		name         string
		state, plan  types.Map
		adopted      bool
		wantRotation bool
	}{
		{"unchanged", triggers("q", "1"), triggers("q", "1"), false, false},
		{"value changed", triggers("q", "1"), triggers("q", "2"), false, true},
		{"key added", triggers("q", "1"), triggers("q", "1", "r", "x"), false, true},
		{"removed", triggers("q", "1"), null, false, true},
		{"none before and after", null, null, false, false},
		{"null to empty", null, triggers(), false, false},
		{"first set on a key Terraform created", null, triggers("q", "1"), false, true},
		{"first set on an imported key", null, triggers("q", "1"), true, false},
		{"changed on an imported key that had triggers", triggers("q", "1"), triggers("q", "2"), true, true},
	}
	for _, c := range cases {
		if got := rotationRequested(c.state, c.plan, c.adopted); got != c.wantRotation {
			t.Errorf("%s: rotation %v, want %v", c.name, got, c.wantRotation)
		}
	}
}

// TestSameExpiry: notations of one instant are the same expiry, and so is the API's expiry rounded
// up to the minute it counts in (up to expiryTolerance later); an earlier one or a much later one is
// another expiry.
func TestSameExpiry(t *testing.T) {
	cases := []struct {
		configured, reported string
		want                 bool
	}{
		{"2030-01-31T00:00:00Z", "2030-01-31T00:00:00.000000Z", true},
		{"2030-01-31T02:00:00+02:00", "2030-01-31T00:00:00Z", true},
		{"2030-01-31T00:00:00.0000004Z", "2030-01-31T00:00:00.000000Z", true},
		{"2030-01-31T00:00:00Z", "2030-01-31T00:00:41.250000Z", true}, // rounded up to whole minutes
		{"2030-01-31T00:00:00Z", "2030-01-31T00:05:00Z", true},
		{"2030-01-31T00:00:00Z", "2030-01-31T00:05:01Z", false},
		{"2030-01-31T00:00:01Z", "2030-01-31T00:00:00Z", true},  // a second of clock skew
		{"2030-01-31T00:00:03Z", "2030-01-31T00:00:00Z", false}, // earlier than asked
		{"2030-02-28T00:00:00Z", "2030-01-31T00:00:00Z", false},
		{"not a time", "not a time", false},
	}
	for _, c := range cases {
		if got := sameExpiry(c.configured, c.reported); got != c.want {
			t.Errorf("sameExpiry(%q, %q) = %v, want %v", c.configured, c.reported, got, c.want)
		}
	}
	if got := normalizeTimestamp("2030-01-31T00:00:00.000000Z"); got != "2030-01-31T00:00:00Z" {
		t.Errorf("normalizeTimestamp gave %q", got)
	}
}
