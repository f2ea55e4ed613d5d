package workspace

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
)

// ---- zenmlpro_workspace ----

var _ datasource.DataSourceWithConfigValidators = (*workspaceDataSource)(nil)

type workspaceDataSource struct {
	data *providerdata.Data
}

// NewDataSource returns the zenmlpro_workspace data source.
func NewDataSource() datasource.DataSource { return &workspaceDataSource{} }

func (d *workspaceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace"
}

func (d *workspaceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a workspace by `id`, or by `name` in an organization. The enrollment key is never " +
			"readable: only the `zenmlpro_workspace` resource that created (or rotated) it has it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The workspace's id. Exactly one of `id` and `name` is required.",
				Validators:          []validator.String{framework.UUID()},
			},
			"name": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The workspace's name.",
				Validators:          []validator.String{framework.WorkspaceName()},
			},
			"organization_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The organization to look the name up in; defaults to the provider's.",
				Validators:          []validator.String{framework.UUID()},
			},
			"display_name":   computed("The name shown in the dashboard."),
			"description":    computed("The description."),
			"hosting":        computed("`hybrid` or `managed`."),
			"zenml_version":  computed("The ZenML server version wanted."),
			"active":         schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the workspace is active (not deactivated)."},
			"status":         computed("The workspace's status."),
			"state_reason":   computed("Why the workspace is in its status, when the API says."),
			"server_url":     computed("The server's URL, as it reported it."),
			"server_version": computed("The ZenML version the server reported."),
			"dashboard_url":  computed("The workspace's page in the dashboard."),
			"created":        computed("When the workspace was created."),
		},
	}
}

func (d *workspaceDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
		datasourcevalidator.Conflicting(path.MatchRoot("id"), path.MatchRoot("organization_id")),
	}
}

func (d *workspaceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

func (d *workspaceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.data.Ready(&resp.Diagnostics) {
		return
	}
	var cfg dataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var ws *client.Workspace
	if id := cfg.ID.ValueString(); id != "" {
		var err error
		if ws, err = d.data.Client.GetWorkspace(ctx, id); err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error reading workspace", fmt.Sprintf("Could not read workspace %s", id), err)
			return
		}
	} else {
		org := d.data.Organization(cfg.OrganizationID.ValueString(), &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		name := cfg.Name.ValueString()
		list, err := d.data.Client.ListWorkspaces(ctx, client.WorkspacesAll, client.WorkspaceFilter{OrganizationID: org, Name: name})
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error reading workspace", fmt.Sprintf("Could not list workspaces named %q", name), err)
			return
		}
		for i := range list {
			if list[i].Name == name && list[i].Status != client.WorkspaceStatusDeleted {
				ws = &list[i]
			}
		}
		if ws == nil {
			resp.Diagnostics.AddError("Workspace not found",
				fmt.Sprintf("Organization %s has no workspace named %q.", org, name))
			return
		}
	}
	cfg.fromAPI(ws, d.data.DashboardURL)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// ---- zenmlpro_workspaces ----

type workspacesDataSource struct {
	data *providerdata.Data
}

// NewListDataSource returns the zenmlpro_workspaces data source.
func NewListDataSource() datasource.DataSource { return &workspacesDataSource{} }

func (d *workspacesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspaces"
}

func (d *workspacesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists an organization's workspaces, optionally only those with a status or a name prefix.",
		Attributes: map[string]schema.Attribute{
			"organization_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The organization; defaults to the provider's.",
				Validators:          []validator.String{framework.UUID()},
			},
			"status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only workspaces with this status (`not_initialized`, `pending`, `available`, `failed`, `deactivated`).",
				Validators: []validator.String{stringvalidator.OneOf(client.WorkspaceStatusNotInitialized, client.WorkspaceStatusPending,
					client.WorkspaceStatusAvailable, client.WorkspaceStatusFailed, client.WorkspaceStatusDeactivated)},
			},
			"name_prefix": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only workspaces whose name starts with this.",
			},
			"workspaces": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The workspaces, ordered by name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":            schema.StringAttribute{Computed: true, MarkdownDescription: "The workspace's id."},
					"name":          schema.StringAttribute{Computed: true, MarkdownDescription: "The workspace's name."},
					"status":        schema.StringAttribute{Computed: true, MarkdownDescription: "The workspace's status."},
					"server_url":    schema.StringAttribute{Computed: true, MarkdownDescription: "The server's URL, as it reported it."},
					"dashboard_url": schema.StringAttribute{Computed: true, MarkdownDescription: "The workspace's page in the dashboard."},
				}},
			},
		},
	}
}

func (d *workspacesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

func (d *workspacesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.data.Ready(&resp.Diagnostics) {
		return
	}
	var cfg listModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	org := d.data.Organization(cfg.OrganizationID.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	list, err := d.data.Client.ListWorkspaces(ctx, client.WorkspacesAll, client.WorkspaceFilter{OrganizationID: org, Status: cfg.Status.ValueString()})
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error listing workspaces", fmt.Sprintf("Could not list the workspaces of organization %s", org), err)
		return
	}
	cfg.OrganizationID = types.StringValue(org)
	cfg.Workspaces = []listItemModel{}
	prefix := cfg.NamePrefix.ValueString()
	for i := range list {
		w := &list[i]
		if !strings.HasPrefix(w.Name, prefix) || w.Status == client.WorkspaceStatusDeleted {
			continue
		}
		serverURL, _ := reported(w)
		cfg.Workspaces = append(cfg.Workspaces, listItemModel{
			ID:           types.StringValue(w.ID),
			Name:         types.StringValue(w.Name),
			Status:       types.StringValue(w.Status),
			ServerURL:    types.StringValue(serverURL),
			DashboardURL: types.StringValue(workspaceDashboardURL(d.data.DashboardURL, w.Name)),
		})
	}
	slices.SortFunc(cfg.Workspaces, func(a, b listItemModel) int { return strings.Compare(a.Name.ValueString(), b.Name.ValueString()) })
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
