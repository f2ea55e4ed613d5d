package client

import (
	"context"
	"time"
)

// ---- SSO ----

// GetSSO reads an organization's SSO configuration (404 when none).
func (c *Client) GetSSO(ctx context.Context, orgID string) (*SSO, error) {
	var s SSO
	return &s, c.get(ctx, pathOrganizationSSO(orgID), nil, &s)
}

// PutSSO replaces an organization's SSO configuration.
func (c *Client) PutSSO(ctx context.Context, orgID string, in SSOUpdate) (*SSO, error) {
	if in.Scopes == nil {
		in.Scopes = []string{}
	}
	if in.Domains == nil {
		in.Domains = []string{}
	}
	var s SSO
	return &s, c.put(ctx, pathOrganizationSSO(orgID), in, &s)
}

// DeleteSSO removes the configuration: SSO is off and password logins are back.
func (c *Client) DeleteSSO(ctx context.Context, orgID string) error {
	return c.del(ctx, pathOrganizationSSO(orgID), nil)
}

// ---- Service accounts ----
// Service accounts are organization-scoped users: every call names the organization.

// ListServiceAccounts lists an organization's service accounts.
func (c *Client) ListServiceAccounts(ctx context.Context, orgID string) ([]ServiceAccount, error) {
	return listAll[ServiceAccount](ctx, c, pathOrganizationServiceAccounts(orgID), nil)
}

// GetServiceAccount reads a service account.
func (c *Client) GetServiceAccount(ctx context.Context, orgID, id string) (*ServiceAccount, error) {
	var s ServiceAccount
	return &s, c.get(ctx, pathServiceAccount(orgID, id), nil, &s)
}

// CreateServiceAccount creates a service account holding in.RoleID, an organization-level role,
// from the start.
func (c *Client) CreateServiceAccount(ctx context.Context, orgID string, in ServiceAccountCreate) (*ServiceAccount, error) {
	s, err := createChecked(ctx, c, postRequest(pathOrganizationServiceAccounts(orgID), nil, in), serviceAccountKey(c, orgID, in))
	if err == nil {
		c.assignments.invalidate(in.RoleID) // the initial role is an assignment of that role
	}
	return s, err
}

// UpdateServiceAccount patches a service account.
func (c *Client) UpdateServiceAccount(ctx context.Context, orgID, id string, in ServiceAccountUpdate) (*ServiceAccount, error) {
	var s ServiceAccount
	err := c.patch(ctx, pathServiceAccount(orgID, id), in, &s)
	if err == nil && in.Username != nil {
		c.assignments.invalidateAll() // assignments show the username
	}
	return &s, err
}

// DeleteServiceAccount deletes a service account with its keys, role assignments and team
// memberships.
func (c *Client) DeleteServiceAccount(ctx context.Context, orgID, id string) error {
	err := c.del(ctx, pathServiceAccount(orgID, id), nil)
	if err == nil {
		c.assignments.invalidateAll()
		c.teamMembers.invalidateAll()
	}
	return err
}

// ---- API keys ----

// ListAPIKeys lists a service account's keys (never their values).
func (c *Client) ListAPIKeys(ctx context.Context, orgID, serviceAccountID string) ([]APIKey, error) {
	return listAll[APIKey](ctx, c, pathServiceAccountAPIKeys(orgID, serviceAccountID), nil)
}

// GetAPIKey reads one key (never its value).
func (c *Client) GetAPIKey(ctx context.Context, orgID, serviceAccountID, keyID string) (*APIKey, error) {
	var k APIKey
	return &k, c.get(ctx, pathServiceAccountAPIKey(orgID, serviceAccountID, keyID), nil, &k)
}

// CreateAPIKey creates a key; the answer's Key holds the value, once. The API takes the expiry as
// a number of minutes from now (expires_in_minutes): it is rounded up, so that the key never
// expires before in.ExpiresAt (it expires at most a minute, plus the request's time, after it).
func (c *Client) CreateAPIKey(ctx context.Context, orgID, serviceAccountID string, in APIKeyCreate) (*APIKey, error) {
	body := apiKeyCreateBody{Name: in.Name, Description: in.Description}
	if in.ExpiresAt != nil {
		minutes := ExpiresInMinutes(*in.ExpiresAt, time.Now())
		body.ExpiresInMinutes = &minutes
	}
	k, err := createChecked(ctx, c, postRequest(pathServiceAccountAPIKeys(orgID, serviceAccountID), nil, body),
		apiKeyKey(c, orgID, serviceAccountID, in))
	if k != nil {
		c.secrets.add(k.Key)
	}
	return k, err
}

// ExpiresInMinutes is the whole number of minutes from now until at, rounded up, and at least 1
// (the API refuses 0). An instant in the past gives 1; callers check for that at plan time.
func ExpiresInMinutes(at, now time.Time) int64 {
	d := at.Sub(now)
	minutes := int64(d / time.Minute)
	if d%time.Minute > 0 {
		minutes++
	}
	return max(minutes, 1)
}

// UpdateAPIKey patches a key's description or active flag.
func (c *Client) UpdateAPIKey(ctx context.Context, orgID, serviceAccountID, keyID string, in APIKeyUpdate) (*APIKey, error) {
	var k APIKey
	return &k, c.patch(ctx, pathServiceAccountAPIKey(orgID, serviceAccountID, keyID), in, &k)
}

// RotateAPIKey issues a new value; the previous one keeps working for the retain period. A
// rotation repeated after a lost answer issues another value, and the last one is returned: it
// is retried like a read.
func (c *Client) RotateAPIKey(ctx context.Context, orgID, serviceAccountID, keyID string, retainMinutes int64) (*APIKey, error) {
	var k APIKey
	err := c.post(ctx, pathServiceAccountAPIKeyRotate(orgID, serviceAccountID, keyID), nil,
		APIKeyRotate{RetainPeriodMinutes: retainMinutes}, &k)
	c.secrets.add(k.Key)
	return &k, err
}

// DeleteAPIKey deletes a key.
func (c *Client) DeleteAPIKey(ctx context.Context, orgID, serviceAccountID, keyID string) error {
	return c.del(ctx, pathServiceAccountAPIKey(orgID, serviceAccountID, keyID), nil)
}
