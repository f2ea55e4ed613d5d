package mockcontrolplane

import (
	"fmt"
	"strings"
	"testing"
)

func TestSSO(t *testing.T) {
	f := newFixture(t)
	c := f.c
	path := "/organizations/" + f.org + "/sso"
	c.get(path).want(404)
	base := func() obj {
		return obj{"enabled": true, "issuer_url": "https://login.example.com/realms/acme", "client_id": "zenml",
			"scopes": []string{"openid", "email"}, "domains": []string{"acme.io"}, "jit_provisioning": true,
			"default_role_id": f.roleIDs["Organization Member"], "enforce_sso": false}
	}
	first := base()
	if r := c.do("PUT", path, first).want(422); !strings.Contains(r.detail(), "client_secret") {
		t.Fatalf("first PUT without a secret: %q", r.detail())
	}
	first["client_secret"] = "s3cret"
	got := c.do("PUT", path, first).want(200).obj()
	if got["client_secret_set"] != true || got["protocol"] != "oidc" || got["default_role_id"] != f.roleIDs["Organization Member"] {
		t.Fatalf("after PUT %v", got)
	}
	if strings.Contains(string(c.get(path).want(200).body), "s3cret") {
		t.Fatal("the client secret is returned")
	}
	if f.s.SSOClientSecretSHA256(f.org) != sha256Hex("s3cret") {
		t.Fatal("SSOClientSecretSHA256 does not match the secret sent")
	}
	if strings.Contains(fmt.Sprintf("%+v", f.s.Snapshot()), "s3cret") {
		t.Fatal("the snapshot holds the secret in clear")
	}

	// A PUT without client_secret keeps the secret and replaces the rest.
	again := base()
	delete(again, "scopes")
	delete(again, "default_role_id")
	again["enabled"] = false
	got = c.do("PUT", path, again).want(200).obj()
	if got["client_secret_set"] != true || got["default_role_id"] != nil || fmt.Sprint(got["scopes"]) != "[openid email profile]" {
		t.Fatalf("after a PUT without secret %v", got)
	}

	tests := []struct {
		name  string
		patch obj
		field string
	}{
		{"http issuer", obj{"issuer_url": "http://login.example.com"}, "issuer_url"},
		{"issuer without host", obj{"issuer_url": "https://"}, "issuer_url"},
		{"missing client id", obj{"client_id": nil}, "client_id"},
		{"scopes without openid", obj{"scopes": []string{"email"}}, "openid"},
		{"bad domain", obj{"domains": []string{"ACME.io"}}, "domains"},
		{"role of another level", obj{"default_role_id": f.roleIDs["Workspace Admin"]}, "default_role_id"},
		{"malformed role", obj{"default_role_id": "x"}, "default_role_id"},
		{"enforce without enabled", obj{"enabled": false, "enforce_sso": true}, "enforce_sso"},
		{"saml", obj{"protocol": "saml"}, "protocol"},
		{"empty secret", obj{"client_secret": ""}, "client_secret"},
		{"enabled of wrong type", obj{"enabled": "yes"}, "enabled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := base()
			for k, v := range tt.patch {
				if v == nil {
					delete(body, k)
				} else {
					body[k] = v
				}
			}
			if r := c.do("PUT", path, body).want(422); !strings.Contains(r.detail(), tt.field) {
				t.Fatalf("detail %q does not name %q", r.detail(), tt.field)
			}
		})
	}
	c.do("DELETE", "/roles/"+f.roleIDs["Organization Member"], nil).want(403)
	c.do("DELETE", path, nil).want(200)
	c.get(path).want(404)
	c.do("DELETE", path, nil).want(404)
	if r := c.do("PUT", path, base()).want(422); !strings.Contains(r.detail(), "client_secret") {
		t.Fatalf("after DELETE the secret must be sent again: %q", r.detail())
	}
}
