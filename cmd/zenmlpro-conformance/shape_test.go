package main

import (
	"strings"
	"testing"
)

// TestCheck: what differs and what does not, one rule at a time.
func TestCheck(t *testing.T) {
	member := object(need("id", str), need("count", integer), may("note", orNull(str)),
		may("user", object(need("id", str))), may("team", object(need("id", str)))).exactlyOne("user", "team")
	cases := []struct {
		name  string
		shape shape
		json  string
		want  string // "" for no difference
	}{
		{"every field, right types", member, `{"id": "a", "count": 3, "user": {"id": "u"}}`, ""},
		{"extra fields are fine", member, `{"id": "a", "count": 3, "user": {"id": "u", "x": 1}, "new": [1, {"y": null}]}`, ""},
		{"an optional field may be missing", member, `{"id": "a", "count": 3, "team": {"id": "t"}}`, ""},
		{"an optional field may be null when the contract says so", member, `{"id": "a", "count": 3, "note": null, "user": {"id": "u"}}`, ""},
		{"a needed field missing", member, `{"count": 3, "user": {"id": "u"}}`, "id is missing"},
		{"a needed field of another type", member, `{"id": 7, "count": 3, "user": {"id": "u"}}`, "id is an integer, want a string"},
		{"a needed field null", member, `{"id": null, "count": 3, "user": {"id": "u"}}`, "id is null, want a string"},
		{"an optional field of another type", member, `{"id": "a", "count": 3, "note": false, "user": {"id": "u"}}`, "note is a boolean, want a string"},
		{"a fraction is not an integer", member, `{"id": "a", "count": 2.5, "user": {"id": "u"}}`, "count is a fractional number, want an integer"},
		{"a nested field", member, `{"id": "a", "count": 3, "user": {"id": true}}`, "user.id is a boolean, want a string"},
		{"none of the alternatives", member, `{"id": "a", "count": 3}`, "the answer carries none of them, want exactly one of user, team"},
		{"two alternatives", member, `{"id": "a", "count": 3, "user": {"id": "u"}, "team": {"id": "t"}}`, "the answer carries user and team, want exactly one of user, team"},
		{"an object where a list is expected", list(member), `{"id": "a"}`, "the answer is an object, want an array"},
		{"entries are checked, each problem once", list(member),
			`[{"id": "a", "count": 1, "user": {"id": "u"}}, {"count": 1, "user": {"id": "u"}}, {"count": "2", "team": {"id": "t"}}]`,
			"[].id is missing; [].count is a string, want an integer"},
		{"a list of strings", list(str), `["a", 1]`, "an entry is an integer, want a string"},
		{"more than three problems are counted", object(need("a", str), need("b", str), need("c", str), need("d", str), need("e", str)), `{}`,
			"a is missing; b is missing; c is missing; and 2 more"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := decode([]byte(tc.json))
			if err != nil {
				t.Fatal(err)
			}
			var p problems
			check(v, tc.shape, "", &p)
			if got := p.summary(); got != tc.want {
				t.Errorf("check(%s) = %q, want %q", tc.json, got, tc.want)
			}
		})
	}
}

// TestNeedOnly: a list entry that needs only some fields still has the others type-checked.
func TestNeedOnly(t *testing.T) {
	entry := teamShape.needOnly("id", "name")
	for json, want := range map[string]string{
		`{"id": "t", "name": "ml"}`:                      "",
		`{"id": "t", "name": "ml", "member_count": "3"}`: "member_count is a string, want an integer",
		`{"id": "t"}`: "name is missing",
	} {
		v, _ := decode([]byte(json))
		var p problems
		check(v, entry, "", &p)
		if got := p.summary(); got != want {
			t.Errorf("check(%s) = %q, want %q", json, got, want)
		}
	}
	// needOnly copies: the team shape itself still needs member_count.
	v, _ := decode([]byte(`{"id": "t", "organization_id": "o", "name": "ml", "description": "", "created": "c"}`))
	var p problems
	check(v, teamShape, "", &p)
	if !strings.Contains(p.summary(), "member_count is missing") {
		t.Errorf("needOnly changed the shape it was called on: %q", p.summary())
	}
}
