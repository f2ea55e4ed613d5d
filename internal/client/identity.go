package client

import (
	"context"
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

// ListServiceAccounts lists an organization's service accounts.
func (c *Client) ListServiceAccounts(ctx context.Context, orgID string) ([]ServiceAccount, error) {
	return listAll[ServiceAccount](ctx, c, pathOrganizationServiceAccounts(orgID), nil)
}

// GetServiceAccount reads a service account.
func (c *Client) GetServiceAccount(ctx context.Context, id string) (*ServiceAccount, error) {
	var s ServiceAccount
	return &s, c.get(ctx, pathServiceAccount(id), nil, &s)
}

// CreateServiceAccount creates a service account.
func (c *Client) CreateServiceAccount(ctx context.Context, in ServiceAccountCreate) (*ServiceAccount, error) {
	var s ServiceAccount
	return &s, c.post(ctx, pathServiceAccounts, nil, in, &s)
}

// UpdateServiceAccount patches a service account.
func (c *Client) UpdateServiceAccount(ctx context.Context, id string, in ServiceAccountUpdate) (*ServiceAccount, error) {
	var s ServiceAccount
	return &s, c.patch(ctx, pathServiceAccount(id), in, &s)
}

// DeleteServiceAccount deletes a service account with its keys and role assignments.
func (c *Client) DeleteServiceAccount(ctx context.Context, id string) error {
	err := c.del(ctx, pathServiceAccount(id), nil)
	if err == nil {
		c.assignments.invalidateAll()
	}
	return err
}

// ---- API keys ----

// ListAPIKeys lists a service account's keys (never their values).
func (c *Client) ListAPIKeys(ctx context.Context, serviceAccountID string) ([]APIKey, error) {
	return listAll[APIKey](ctx, c, pathServiceAccountAPIKeys(serviceAccountID), nil)
}

// GetAPIKey reads one key (never its value).
func (c *Client) GetAPIKey(ctx context.Context, serviceAccountID, keyID string) (*APIKey, error) {
	var k APIKey
	return &k, c.get(ctx, pathServiceAccountAPIKey(serviceAccountID, keyID), nil, &k)
}

// CreateAPIKey creates a key; the answer's Key holds the value, once.
func (c *Client) CreateAPIKey(ctx context.Context, serviceAccountID string, in APIKeyCreate) (*APIKey, error) {
	var k APIKey
	return &k, c.post(ctx, pathServiceAccountAPIKeys(serviceAccountID), nil, in, &k)
}

// UpdateAPIKey patches a key's description or active flag.
func (c *Client) UpdateAPIKey(ctx context.Context, serviceAccountID, keyID string, in APIKeyUpdate) (*APIKey, error) {
	var k APIKey
	return &k, c.patch(ctx, pathServiceAccountAPIKey(serviceAccountID, keyID), in, &k)
}

// RotateAPIKey issues a new value; the previous one keeps working for the retain period.
func (c *Client) RotateAPIKey(ctx context.Context, serviceAccountID, keyID string, retainMinutes int64) (*APIKey, error) {
	var k APIKey
	return &k, c.post(ctx, pathServiceAccountAPIKeyRotate(serviceAccountID, keyID), nil,
		APIKeyRotate{RetainPeriodMinutes: retainMinutes}, &k)
}

// DeleteAPIKey deletes a key.
func (c *Client) DeleteAPIKey(ctx context.Context, serviceAccountID, keyID string) error {
	return c.del(ctx, pathServiceAccountAPIKey(serviceAccountID, keyID), nil)
}
