package main

import (
	"context"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/mockcontrolplane"
)

// seededMock starts the mock control plane without the given route groups, with one object of
// every kind the table reads (made through the client, as a user would), so that every call's
// fields are checked.
func seededMock(t *testing.T, without ...string) (url, key, org string) {
	t.Helper()
	mock, err := mockcontrolplane.New(mockcontrolplane.Options{
		Users: []string{"ann@example.com"}, ProvisionDelay: -1, Without: without,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mock)
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{APIURL: srv.URL, APIKey: mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, org := context.Background(), mock.OrganizationID()
	must := func(err error) {
		t.Helper()
		if err != nil && !client.IsNotServed(err) { // a switched-off group cannot be seeded
			t.Fatal(err)
		}
	}
	roles, err := c.ListRoles(ctx, org, client.LevelOrganization, "Organization Member")
	must(err)
	inv, err := c.CreateInvitation(ctx, org, client.InvitationCreate{Email: "dana@example.com", RoleID: roles[0].ID})
	must(err)
	team, err := c.CreateTeam(ctx, client.TeamCreate{OrganizationID: org, Name: "ml"})
	must(err)
	if err == nil {
		_, err = c.AddTeamMember(ctx, team.ID, client.SubjectInvitation, inv.ID)
		must(err)
	}
	_, err = c.CreateWorkspace(ctx, client.WorkspaceCreate{Name: "hybrid", OrganizationID: org})
	must(err)
	_, err = c.CreateWorkspace(ctx, client.WorkspaceCreate{Name: "managed", OrganizationID: org, IsManaged: true})
	must(err)
	secret := "s3cret-value"
	_, err = c.PutSSO(ctx, org, client.SSOUpdate{Enabled: true, Protocol: "oidc", IssuerURL: "https://login.example.com",
		ClientID: "zenml", ClientSecret: &secret, Scopes: []string{"openid"}})
	must(err)
	return srv.URL, mock.APIKey(), org
}

// TestAgainstTheMock: the mock control plane serves every call of the table with every field the
// provider needs, so the table and the mock, both written from API-CONTRACT.md, agree.
func TestAgainstTheMock(t *testing.T) {
	url, key, org := seededMock(t)
	code, out, lines := conform(t, nil, map[string]string{envAPIURL: url, envAPIKey: key, envOrganizationID: org})
	if code != 0 || len(lines) != len(calls) {
		t.Fatalf("exit %d with %d call lines, want 0 and %d:\n%s", code, len(lines), len(calls), out)
	}
	for call, got := range lines {
		if got[0] != served || !strings.HasPrefix(got[1], "fields match") {
			t.Errorf("%s: %q %q, want served with its fields checked", call, got[0], got[1])
		}
	}
}

// TestAgainstTheMockWithout: for every route group the mock can switch off, exactly the table's
// calls in that group are reported not served, and the command exits non-zero when there are any.
func TestAgainstTheMockWithout(t *testing.T) {
	placeholder := regexp.MustCompile(`\{[^}]*\}`)
	normalize := func(call string) string {
		call, _, _ = strings.Cut(call, "?")
		return placeholder.ReplaceAllString(call, "{}")
	}
	groupCalls := mockcontrolplane.RouteGroupCalls()
	for _, group := range mockcontrolplane.RouteGroups() {
		t.Run(group, func(t *testing.T) {
			var want []string
			for _, c := range calls {
				if slices.ContainsFunc(groupCalls[group], func(p string) bool { return normalize(p) == normalize(c.name) }) {
					want = append(want, c.name)
				}
			}
			t.Logf("not served without %s: %q", group, want)
			url, key, org := seededMock(t, group)
			code, out, lines := conform(t, nil, map[string]string{envAPIURL: url, envAPIKey: key, envOrganizationID: org})
			var got []string
			for _, c := range calls {
				switch v := lines[c.name][0]; v {
				case notServed:
					got = append(got, c.name)
				case served:
				default:
					t.Errorf("%s: %q %q, want served or not served", c.name, v, lines[c.name][1])
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("without %s, not served: %q, want %q:\n%s", group, got, want, out)
			}
			if wantCode := map[bool]int{true: 0, false: 1}[len(want) == 0]; code != wantCode {
				t.Errorf("exit %d, want %d:\n%s", code, wantCode, out)
			}
		})
	}
}
