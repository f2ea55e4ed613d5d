package main

import (
	"strings"
	"testing"
)

// TestFloorShaped: the mirrored configuration keeps every block, meta-argument and reference,
// and names no zenmlpro type.
func TestFloorShaped(t *testing.T) {
	hcl := realisticMix(100).HCL()
	floor := floorShaped(hcl)
	if strings.Contains(floor, "zenmlpro") {
		t.Fatalf("the floor configuration still names zenmlpro:\n%s", floor)
	}
	for _, want := range []string{"count", "for_each"} {
		if strings.Count(hcl, "  "+want+" ") != strings.Count(floor, "  "+want+" ") {
			t.Errorf("%s: %d in the original, %d in the floor", want, strings.Count(hcl, "  "+want+" "), strings.Count(floor, "  "+want+" "))
		}
	}
	if strings.Count(hcl, "resource \"") != strings.Count(floor, "resource \"") || strings.Count(hcl, "data \"") != strings.Count(floor, "data \"") {
		t.Errorf("block counts differ:\n%s", floor)
	}
	if !strings.Contains(floor, "floor_thing.team__team[each.value[0]].id") {
		t.Errorf("references were not renamed:\n%s", floor)
	}
}
