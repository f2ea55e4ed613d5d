package role

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
)

// ---- zenmlpro_role ----

type roleDataSource struct {
	data *providerdata.Data
}

// NewDataSource returns the zenmlpro_role data source.
func NewDataSource() datasource.DataSource { return &roleDataSource{} }

func (d *roleDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role"
}

func (d *roleDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a role of an organization by name: a built-in role (Organization Admin, Workspace " +
			"Developer, Project Viewer, ...) or a custom one. Use its `id` in `zenmlpro_role_binding`, " +
			"`zenmlpro_invitation` or the SSO default role.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The role's exact name (case-sensitive), such as `Organization Member`.",
				Validators:          []validator.String{framework.DisplayName(100)},
			},
			"level": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The role's level: `organization`, `workspace` or `project`. When set, the role must be " +
					"of that level (a guard against binding a role at the wrong scope).",
				Validators: []validator.String{stringvalidator.OneOf(levels...)},
			},
			"organization_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The organization to look in; defaults to the provider's.",
				Validators:          []validator.String{framework.UUID()},
			},
			"id":          schema.StringAttribute{Computed: true, MarkdownDescription: "The role's id."},
			"description": schema.StringAttribute{Computed: true, MarkdownDescription: "The role's description."},
			"permissions": schema.SetAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The permissions the role grants.",
			},
			"system_managed": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "`true` for a built-in role (managed by ZenML), `false` for a custom role.",
			},
			"created": schema.StringAttribute{Computed: true, MarkdownDescription: "When the role was created."},
		},
	}
}

func (d *roleDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

func (d *roleDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.data.Ready(&resp.Diagnostics) {
		return
	}
	var cfg dataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	org := d.data.Organization(cfg.OrganizationID.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	name, level := cfg.Name.ValueString(), cfg.Level.ValueString()
	// Listed by name only: when the level does not match, the error can say which level the role has.
	list, err := d.data.Client.ListRoles(ctx, org, "", name)
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading role", fmt.Sprintf("Could not list the roles named %q in organization %s", name, org), err)
		return
	}
	var role *client.Role
	for i := range list {
		if list[i].Name == name {
			role = &list[i]
		}
	}
	switch {
	case role == nil:
		resp.Diagnostics.AddError("Role not found", fmt.Sprintf("Organization %s has no role named %q. %s", org, name,
			roleNameHint(ctx, d.data.Client, org, level, name)))
		return
	case level != "" && role.Level != level:
		resp.Diagnostics.AddError("Role of another level", fmt.Sprintf("The role %q of organization %s is %s %s-level role, "+
			"not %s %s-level one. Set level = %q, or choose %s %s-level role.", name, org, article(role.Level), role.Level,
			article(level), level, role.Level, article(level), level))
		return
	}
	resp.Diagnostics.Append(cfg.fromAPI(ctx, role)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// ---- zenmlpro_roles ----

type rolesDataSource struct {
	data *providerdata.Data
}

// NewListDataSource returns the zenmlpro_roles data source.
func NewListDataSource() datasource.DataSource { return &rolesDataSource{} }

func (d *rolesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_roles"
}

func (d *rolesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists an organization's roles, built-in and custom, optionally only those of one level.",
		Attributes: map[string]schema.Attribute{
			"organization_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The organization; defaults to the provider's.",
				Validators:          []validator.String{framework.UUID()},
			},
			"level": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only roles of this level: `organization`, `workspace` or `project`.",
				Validators:          []validator.String{stringvalidator.OneOf(levels...)},
			},
			"roles": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The roles, ordered by level (organization, workspace, project), then built-in before custom, then by name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":          schema.StringAttribute{Computed: true, MarkdownDescription: "The role's id."},
					"name":        schema.StringAttribute{Computed: true, MarkdownDescription: "The role's name."},
					"level":       schema.StringAttribute{Computed: true, MarkdownDescription: "`organization`, `workspace` or `project`."},
					"description": schema.StringAttribute{Computed: true, MarkdownDescription: "The role's description."},
					"system_managed": schema.BoolAttribute{
						Computed: true, MarkdownDescription: "`true` for a built-in role, `false` for a custom role.",
					},
					"permissions": schema.SetAttribute{
						Computed: true, ElementType: types.StringType, MarkdownDescription: "The permissions the role grants.",
					},
				}},
			},
		},
	}
}

func (d *rolesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

func (d *rolesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.data.Ready(&resp.Diagnostics) {
		return
	}
	var cfg listModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	org := d.data.Organization(cfg.OrganizationID.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	list, err := d.data.Client.ListRoles(ctx, org, cfg.Level.ValueString(), "")
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error listing roles", fmt.Sprintf("Could not list the roles of organization %s", org), err)
		return
	}
	slices.SortStableFunc(list, func(a, b client.Role) int {
		if c := slices.Index(levels, a.Level) - slices.Index(levels, b.Level); c != 0 {
			return c
		}
		if a.SystemManaged != b.SystemManaged {
			if a.SystemManaged {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	cfg.OrganizationID = types.StringValue(org)
	cfg.Roles = make([]listItemModel, 0, len(list))
	for i := range list {
		r := &list[i]
		perms, diags := permissionsValue(ctx, r.Permissions)
		resp.Diagnostics.Append(diags...)
		cfg.Roles = append(cfg.Roles, listItemModel{
			ID:            types.StringValue(r.ID),
			Name:          types.StringValue(r.Name),
			Level:         types.StringValue(r.Level),
			Description:   types.StringValue(r.Description),
			SystemManaged: types.BoolValue(r.SystemManaged),
			Permissions:   perms,
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
