package main

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// TestTableMatchesClient holds the table, written from API-CONTRACT.md, to the client's Go types:
// every field of a shape is a field the client decodes, of a compatible type, and every field the
// client decodes is in the shape (needed or optional). A field added to one side only fails here.
func TestTableMatchesClient(t *testing.T) {
	// Fields the client's types carry that no read answers: values returned once, by a create.
	writeOnce := map[string][]string{
		"Workspace": {"enrollment_key"},
		"APIKey":    {"key"},
	}
	for _, tc := range []struct {
		name  string
		shape shape
		value any
	}{
		{"organization", organizationShape, client.Organization{}},
		{"workspace", workspaceShape, client.Workspace{}},
		{"user", userShape, client.User{}},
		{"invitation", invitationShape, client.Invitation{}},
		{"team", teamShape, client.Team{}},
		{"team member", teamMemberShape, client.TeamMember{}},
		{"organization member", organizationMemberShape, client.OrganizationMember{}},
		{"role", roleShape, client.Role{}},
		{"permission", permissionShape, client.Permission{}},
		{"assignment", assignmentShape, client.Assignment{}},
		{"sso", ssoShape, client.SSO{}},
		{"service account", serviceAccountShape, client.ServiceAccount{}},
		{"api key", apiKeyShape, client.APIKey{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			typ := reflect.TypeOf(tc.value)
			compare(t, tc.name, tc.shape, typ, writeOnce[typ.Name()])
		})
	}
}

func compare(t *testing.T, where string, s shape, typ reflect.Type, skip []string) {
	t.Helper()
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch s.kind {
	case kindString:
		if typ.Kind() != reflect.String {
			t.Errorf("%s: the table says a string, the client decodes %s", where, typ)
		}
	case kindBool:
		if typ.Kind() != reflect.Bool {
			t.Errorf("%s: the table says a boolean, the client decodes %s", where, typ)
		}
	case kindInteger:
		switch typ.Kind() {
		case reflect.Int, reflect.Int32, reflect.Int64:
		default:
			t.Errorf("%s: the table says an integer, the client decodes %s", where, typ)
		}
	case kindArray:
		if typ.Kind() != reflect.Slice {
			t.Errorf("%s: the table says an array, the client decodes %s", where, typ)
			return
		}
		compare(t, where+"[]", *s.elem, typ.Elem(), nil)
	case kindObject:
		if typ.Kind() != reflect.Struct {
			t.Errorf("%s: the table says an object, the client decodes %s", where, typ)
			return
		}
		decoded := map[string]reflect.Type{}
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.IsExported() && name != "" && name != "-" {
				decoded[name] = f.Type
			}
		}
		inTable := map[string]bool{}
		for _, f := range s.fields {
			inTable[f.name] = true
			ft, ok := decoded[f.name]
			if !ok {
				t.Errorf("%s: the table names %q, which client.%s does not decode", where, f.name, typ.Name())
				continue
			}
			compare(t, where+"."+f.name, f.shape, ft, nil)
		}
		for name := range decoded {
			if !inTable[name] && !slices.Contains(skip, name) {
				t.Errorf("%s: client.%s decodes %q, which the table does not name", where, typ.Name(), name)
			}
		}
	}
}
