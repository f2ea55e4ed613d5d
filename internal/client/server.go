package client

import (
	"context"
	"net/http"
	"net/url"
)

// What a hybrid workspace server sends to the control plane, as ZenML's own server sends it
// (public: src/zenml/zen_server/cloud_utils.py). The provider needs none of it; the contract
// tests and tools that stand in for a server do.

// WorkspaceServer is how a workspace server names itself: the zenml-server-* headers ZenML's
// server sends with every call to the control plane.
type WorkspaceServer struct {
	WorkspaceID string // zenml-server-id; also the login's client_id
	Version     string // zenml-server-version: the server's ZenML version
	URL         string // zenml-server-url, sent when set: where the server is reachable
}

// Header names of WorkspaceServer (public: zen_server/utils.py, get_zenml_headers).
const (
	HeaderServerID      = "zenml-server-id"
	HeaderServerVersion = "zenml-server-version"
	HeaderServerURL     = "zenml-server-url"
)

func (s WorkspaceServer) header() http.Header {
	h := http.Header{}
	h.Set(HeaderServerID, s.WorkspaceID)
	h.Set(HeaderServerVersion, s.Version)
	if s.URL != "" {
		h.Set(HeaderServerURL, s.URL)
	}
	return h
}

// WorkspaceServerLogin logs in as a hybrid workspace server does: the client_credentials grant
// with the workspace id and its enrollment key, the control plane's API URL as the audience, and
// the server's headers.
func (c *Client) WorkspaceServerLogin(ctx context.Context, server WorkspaceServer, enrollmentKey string) (*Token, error) {
	c.secrets.add(enrollmentKey)
	return c.login(ctx, url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {server.WorkspaceID},
		"client_secret": {enrollmentKey},
		"audience":      {c.BaseURL()},
	}, server.header())
}

// ReportWorkspaceStatus is the call a workspace server makes at startup: PATCH /workspace_status
// with no body, its URL and version in the headers. The client must be built with
// Config.AccessToken set to the token of WorkspaceServerLogin.
func (c *Client) ReportWorkspaceStatus(ctx context.Context, server WorkspaceServer) (*Workspace, error) {
	var w Workspace
	return &w, c.do(ctx, request{method: http.MethodPatch, path: pathWorkspaceStatus, header: server.header()}, &w)
}
