// Package workspace implements the zenmlpro_workspace resource and the zenmlpro_workspace and
// zenmlpro_workspaces data sources.
package workspace

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// Hosting modes and the statuses wait_for accepts.
const (
	hostingHybrid  = "hybrid"
	hostingManaged = "managed"
	waitNone       = "none"
	waitAvailable  = "available"
)

type resourceModel struct {
	ID                   types.String   `tfsdk:"id"`
	OrganizationID       types.String   `tfsdk:"organization_id"`
	Name                 types.String   `tfsdk:"name"`
	DisplayName          types.String   `tfsdk:"display_name"`
	Description          types.String   `tfsdk:"description"`
	Hosting              types.String   `tfsdk:"hosting"`
	ZenMLVersion         types.String   `tfsdk:"zenml_version"`
	Active               types.Bool     `tfsdk:"active"`
	WaitFor              types.String   `tfsdk:"wait_for"`
	EnrollmentKey        types.String   `tfsdk:"enrollment_key"`
	EnrollmentKeyVersion types.Int64    `tfsdk:"enrollment_key_version"`
	DeletionProtection   types.Bool     `tfsdk:"deletion_protection"`
	Status               types.String   `tfsdk:"status"`
	StateReason          types.String   `tfsdk:"state_reason"`
	ServerURL            types.String   `tfsdk:"server_url"`
	ServerVersion        types.String   `tfsdk:"server_version"`
	DashboardURL         types.String   `tfsdk:"dashboard_url"`
	Created              types.String   `tfsdk:"created"`
	Timeouts             timeouts.Value `tfsdk:"timeouts"`
}

// fromAPI copies what the API reports. The enrollment key is not among it: the API returns it only
// when it is issued, so the caller sets it.
func (m *resourceModel) fromAPI(w *client.Workspace, dashboardURL string) {
	m.ID = types.StringValue(w.ID)
	m.OrganizationID = types.StringValue(w.Organization.ID)
	m.Name = types.StringValue(w.Name)
	m.DisplayName = types.StringValue(w.DisplayName)
	m.Description = types.StringValue(w.Description)
	m.Hosting = types.StringValue(hosting(w))
	m.ZenMLVersion = types.StringValue(w.ZenMLService.ConfiguredVersion())
	m.Active = types.BoolValue(w.DesiredState != client.WorkspaceStatusDeactivated)
	m.Status = types.StringValue(w.Status)
	m.StateReason = types.StringValue(w.StateReason)
	serverURL, serverVersion := reported(w)
	m.ServerURL = types.StringValue(serverURL)
	m.ServerVersion = types.StringValue(serverVersion)
	m.DashboardURL = types.StringValue(workspaceDashboardURL(dashboardURL, w.Name))
	m.Created = types.StringValue(w.Created)
}

func hosting(w *client.Workspace) string {
	if w.IsManaged {
		return hostingManaged
	}
	return hostingHybrid
}

func reported(w *client.Workspace) (serverURL, version string) {
	if s := w.ZenMLService.Status; s != nil {
		return s.ServerURL, s.Version
	}
	return "", ""
}

func workspaceDashboardURL(base, name string) string {
	return strings.TrimRight(base, "/") + "/workspaces/" + name
}

// defaultWaitFor is wait_for when the configuration leaves it out: an active managed workspace is
// waited for (ZenML provisions it); a hybrid one is not (its server is deployed after it, from its
// outputs), nor is an inactive one (it never becomes available).
func defaultWaitFor(hostingMode string, active bool) string {
	if active && hostingMode == hostingManaged {
		return waitAvailable
	}
	return waitNone
}

// dataSourceModel is the zenmlpro_workspace data source.
type dataSourceModel struct {
	ID             types.String `tfsdk:"id"`
	OrganizationID types.String `tfsdk:"organization_id"`
	Name           types.String `tfsdk:"name"`
	DisplayName    types.String `tfsdk:"display_name"`
	Description    types.String `tfsdk:"description"`
	Hosting        types.String `tfsdk:"hosting"`
	ZenMLVersion   types.String `tfsdk:"zenml_version"`
	Active         types.Bool   `tfsdk:"active"`
	Status         types.String `tfsdk:"status"`
	StateReason    types.String `tfsdk:"state_reason"`
	ServerURL      types.String `tfsdk:"server_url"`
	ServerVersion  types.String `tfsdk:"server_version"`
	DashboardURL   types.String `tfsdk:"dashboard_url"`
	Created        types.String `tfsdk:"created"`
}

func (m *dataSourceModel) fromAPI(w *client.Workspace, dashboardURL string) {
	var r resourceModel
	r.fromAPI(w, dashboardURL)
	m.ID, m.OrganizationID, m.Name, m.DisplayName, m.Description = r.ID, r.OrganizationID, r.Name, r.DisplayName, r.Description
	m.Hosting, m.ZenMLVersion, m.Active, m.Status, m.StateReason = r.Hosting, r.ZenMLVersion, r.Active, r.Status, r.StateReason
	m.ServerURL, m.ServerVersion, m.DashboardURL, m.Created = r.ServerURL, r.ServerVersion, r.DashboardURL, r.Created
}

// listModel is the zenmlpro_workspaces data source.
type listModel struct {
	OrganizationID types.String    `tfsdk:"organization_id"`
	Status         types.String    `tfsdk:"status"`
	NamePrefix     types.String    `tfsdk:"name_prefix"`
	Workspaces     []listItemModel `tfsdk:"workspaces"`
}

type listItemModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	Status       types.String `tfsdk:"status"`
	ServerURL    types.String `tfsdk:"server_url"`
	DashboardURL types.String `tfsdk:"dashboard_url"`
}
