package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// kind is a JSON type.
type kind int

const (
	kindString kind = iota
	kindBool
	kindInteger
	kindArray
	kindObject
	kindNumber // a number with a fraction or an exponent: no field of the contract is one
)

func (k kind) String() string {
	return [...]string{"a string", "a boolean", "an integer", "an array", "an object", "a fractional number"}[k]
}

// shape is what the contract says a JSON value is. Objects list the fields the provider reads
// (need) and those it can do without (may): a missing need differs, a missing may does not, and
// both differ when present with another type. Fields the shape does not name are fine (the
// contract: both sides ignore unknown fields).
type shape struct {
	kind     kind
	nullable bool
	elem     *shape  // arrays
	fields   []field // objects
	// oneOf names fields of which exactly one is present and not null (a member is a user, a
	// team or an invitation).
	oneOf []string
}

type field struct {
	name     string
	shape    shape
	optional bool
}

// The vocabulary of the table in contract.go.
var (
	str     = shape{kind: kindString}
	boolean = shape{kind: kindBool}
	integer = shape{kind: kindInteger}
)

func orNull(s shape) shape { s.nullable = true; return s }
func list(s shape) shape   { return shape{kind: kindArray, elem: &s} }
func object(fields ...field) shape {
	return shape{kind: kindObject, fields: fields}
}
func need(name string, s shape) field { return field{name: name, shape: s} }
func may(name string, s shape) field  { return field{name: name, shape: s, optional: true} }

// exactlyOne returns the object shape with the rule that exactly one of names is present.
func (s shape) exactlyOne(names ...string) shape {
	s.oneOf = names
	return s
}

// needOnly returns the object shape with only names needed and every other field optional (a
// list whose entries carry at least an id and a name).
func (s shape) needOnly(names ...string) shape {
	fields := slices.Clone(s.fields)
	for i := range fields {
		fields[i].optional = !slices.Contains(names, fields[i].name)
	}
	s.fields = fields
	return s
}

// problems is what differs in a value, by field path, in the order found.
type problems struct {
	order []string
	seen  map[string]bool
}

func (p *problems) add(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	if !p.seen[msg] {
		p.seen[msg] = true
		p.order = append(p.order, msg)
	}
}

func (p *problems) empty() bool { return len(p.order) == 0 }

// summary is the problems in one line: the first few, and how many more.
func (p *problems) summary() string {
	const shown = 3
	if len(p.order) <= shown {
		return strings.Join(p.order, "; ")
	}
	return fmt.Sprintf("%s; and %d more", strings.Join(p.order[:shown], "; "), len(p.order)-shown)
}

// check compares v (decoded with UseNumber) with s; path names v ("" for the answer itself, and
// "[]" for the entries of a list, whose problems are reported once for all of them).
func check(v any, s shape, path string, p *problems) {
	if v == nil {
		if !s.nullable {
			p.add("%s is null, want %s", where(path), s.kind)
		}
		return
	}
	if got := kindOf(v); got != s.kind {
		p.add("%s is %s, want %s", where(path), got, s.kind)
		return
	}
	switch s.kind {
	case kindArray:
		for _, el := range v.([]any) {
			check(el, *s.elem, path+"[]", p)
		}
	case kindObject:
		obj := v.(map[string]any)
		for _, f := range s.fields {
			fv, present := obj[f.name]
			if !present {
				if !f.optional {
					p.add("%s is missing", join(path, f.name))
				}
				continue
			}
			check(fv, f.shape, join(path, f.name), p)
		}
		if len(s.oneOf) > 0 {
			var present []string
			for _, name := range s.oneOf {
				if obj[name] != nil {
					present = append(present, name)
				}
			}
			if len(present) != 1 {
				p.add("%s carries %s, want exactly one of %s", where(path), describeKeys(present), strings.Join(s.oneOf, ", "))
			}
		}
	}
}

// kindOf is the JSON type of a value decoded with UseNumber (never nil).
func kindOf(v any) kind {
	switch x := v.(type) {
	case string:
		return kindString
	case bool:
		return kindBool
	case json.Number:
		if !strings.ContainsAny(x.String(), ".eE") {
			return kindInteger
		}
		return kindNumber
	case []any:
		return kindArray
	case map[string]any:
		return kindObject
	}
	panic(fmt.Sprintf("kindOf: %T is not a decoded JSON value", v))
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func where(path string) string {
	switch path {
	case "":
		return "the answer"
	case "[]":
		return "an entry"
	}
	return path
}

func describeKeys(keys []string) string {
	if len(keys) == 0 {
		return "none of them"
	}
	return strings.Join(keys, " and ")
}

// decode reads an answer as check expects it.
func decode(raw []byte) (any, error) {
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}
