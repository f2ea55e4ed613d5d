package team

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
)

var _ datasource.DataSourceWithConfigValidators = (*teamDataSource)(nil)

type teamDataSource struct {
	data *providerdata.Data
}

// NewDataSource returns the zenmlpro_team data source.
func NewDataSource() datasource.DataSource { return &teamDataSource{} }

func (d *teamDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_team"
}

func (d *teamDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a team by `id`, or by `name` in an organization, with its current members.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The team's id. Exactly one of `id` and `name` is required.",
				Validators:          []validator.String{framework.UUID()},
			},
			"name": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The team's name (exact, case-sensitive).",
				Validators:          []validator.String{framework.DisplayName(100)},
			},
			"organization_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The organization to look the name up in; defaults to the provider's. Conflicts with `id`.",
				Validators:          []validator.String{framework.UUID()},
			},
			"description":  schema.StringAttribute{Computed: true, MarkdownDescription: "The description."},
			"member_count": schema.Int64Attribute{Computed: true, MarkdownDescription: "How many members (users and pending invitations) the team has."},
			"user_ids": schema.SetAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The ids of the users who are members; null (with a warning) where the control plane does not serve the member list.",
			},
			"invitation_ids": schema.SetAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The ids of the pending invitations that are members; null where the member list is not served.",
			},
			"created": schema.StringAttribute{Computed: true, MarkdownDescription: "When the team was created."},
		},
	}
}

func (d *teamDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
		datasourcevalidator.Conflicting(path.MatchRoot("id"), path.MatchRoot("organization_id")),
	}
}

func (d *teamDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

func (d *teamDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.data.Ready(&resp.Diagnostics) {
		return
	}
	var cfg dataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var team *client.Team
	if id := cfg.ID.ValueString(); id != "" {
		var err error
		if team, err = d.data.Client.GetTeam(ctx, id); err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error reading team", fmt.Sprintf("Could not read team %s", id), err)
			return
		}
	} else {
		org := d.data.Organization(cfg.OrganizationID.ValueString(), &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		if team = findTeamByName(ctx, d.data.Client, org, cfg.Name.ValueString(), "Error reading team", &resp.Diagnostics); team == nil {
			return
		}
	}
	members, err := d.data.Client.CachedTeamMembers(ctx, team.ID)
	membersServed := !framework.IsNotServed(err)
	if err != nil && membersServed {
		framework.AddAPIError(&resp.Diagnostics, "Error reading team", fmt.Sprintf("Could not list the members of team %q", team.Name), err)
		return
	}
	cfg.ID = types.StringValue(team.ID)
	cfg.OrganizationID = types.StringValue(team.OrganizationID)
	cfg.Name = types.StringValue(team.Name)
	cfg.Description = types.StringValue(team.Description)
	cfg.MemberCount = types.Int64Value(team.MemberCount)
	cfg.Created = types.StringValue(team.Created)
	if !membersServed {
		// The team itself is found (its id is what role bindings need); its members cannot be read.
		cfg.UserIDs, cfg.InvitationIDs = types.SetNull(types.StringType), types.SetNull(types.StringType)
		resp.Diagnostics.AddWarning("Team members not read",
			fmt.Sprintf("This control plane does not serve %s, so user_ids and invitation_ids of team %q are null. The "+
				"guide \"API coverage\" says which calls are not public.", callOf(err), team.Name))
		resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
		return
	}
	ros := newRoster(members)
	var diags diag.Diagnostics
	cfg.UserIDs, diags = idSet(ctx, ros.users)
	resp.Diagnostics.Append(diags...)
	cfg.InvitationIDs, diags = idSet(ctx, ros.invitations)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// callOf names the call an error is about ("GET /teams/<id>/members").
func callOf(err error) string {
	call, _ := framework.NotServedCall(err)
	return call
}
