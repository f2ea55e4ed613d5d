package team

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
)

var (
	_ resource.ResourceWithConfigure   = (*teamResource)(nil)
	_ resource.ResourceWithImportState = (*teamResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*teamResource)(nil)
)

type teamResource struct {
	data *providerdata.Data
}

// NewResource returns the zenmlpro_team resource.
func NewResource() resource.Resource { return &teamResource{} }

func (r *teamResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_team"
}

func (r *teamResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A team of an organization: a group of users (and pending invitations) that roles are " +
			"granted to as one. Manage its members with `zenmlpro_team_members` (the whole list, authoritative) or " +
			"`zenmlpro_team_member` (one membership each), not both on the same team. Deleting a team deletes its " +
			"memberships and role assignments.",
		Attributes: map[string]schema.Attribute{
			"id":              framework.IDAttribute("The team's id (UUID)."),
			"organization_id": framework.OrganizationIDAttribute("team"),
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The team's name, unique in the organization: 1 to 100 characters, without leading or " +
					"trailing white space or control characters.",
				Validators: []validator.String{framework.DisplayName(100)},
			},
			"description": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: "A free-text description (at most 1000 characters).",
				Validators:          []validator.String{framework.MaxLength(1000)},
			},
			"member_count": schema.Int64Attribute{
				Computed: true,
				MarkdownDescription: "How many members (users and pending invitations) the team had when Terraform last " +
					"read it. Memberships are managed by other resources, so this is refreshed on the next plan.",
				// Renaming the team does not change its members: no "(known after apply)" in the plan.
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"created": framework.CreatedAttribute(),
		},
	}
}

func (r *teamResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

func (r *teamResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data != nil { // an unconfigured provider (unknown arguments) leaves organization_id unknown
		framework.SetDefaultOrganization(ctx, req, resp, r.data.OrganizationID)
	}
}

func (r *teamResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in := client.TeamCreate{
		OrganizationID: plan.OrganizationID.ValueString(),
		Name:           plan.Name.ValueString(),
		Description:    plan.Description.ValueString(),
	}
	team, err := r.data.Client.CreateTeam(ctx, in)
	if err != nil {
		framework.AddCreateError(&resp.Diagnostics, "Error creating team",
			fmt.Sprintf("Could not create team %q in organization %s", in.Name, in.OrganizationID), err, framework.ImportByID)
		return
	}
	plan.fromAPI(team)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(framework.MarkCreated(ctx, resp.Private)...)
}

func (r *teamResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var team *client.Team
	err := framework.ReadTolerant(ctx, req.Private, client.IsNotFound, func(ctx context.Context) error {
		var err error
		team, err = r.data.Client.GetTeam(ctx, state.ID.ValueString())
		return err
	})
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading team",
			fmt.Sprintf("Could not read team %q (%s)", state.Name.ValueString(), state.ID.ValueString()), err)
		return
	}
	state.fromAPI(team)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *teamResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var patch client.TeamUpdate
	if !plan.Name.Equal(state.Name) {
		patch.Name = plan.Name.ValueStringPointer()
	}
	if !plan.Description.Equal(state.Description) {
		patch.Description = plan.Description.ValueStringPointer()
	}
	id := state.ID.ValueString()
	var team *client.Team
	var err error
	if patch.Name != nil || patch.Description != nil {
		team, err = r.data.Client.UpdateTeam(ctx, id, patch)
	} else {
		team, err = r.data.Client.GetTeam(ctx, id)
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error updating team",
			fmt.Sprintf("Could not update team %q (%s)", state.Name.ValueString(), id), err)
		return
	}
	planned := plan.MemberCount
	plan.fromAPI(team)
	// The count the plan showed (the last read's) stays: a membership resource of the same apply
	// may change it meanwhile, and the next refresh records it.
	if !planned.IsUnknown() {
		plan.MemberCount = planned
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *teamResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.Ready(&resp.Diagnostics) {
		return
	}
	err := r.data.Client.DeleteTeam(ctx, state.ID.ValueString())
	if err != nil && !client.IsNotFound(err) {
		framework.AddAPIError(&resp.Diagnostics, "Error deleting team",
			fmt.Sprintf("Could not delete team %q (%s)", state.Name.ValueString(), state.ID.ValueString()), err)
	}
}

// ImportState accepts the team's id, or "<organization name or id>/<team name>".
func (r *teamResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if !framework.IsUUID(id) {
		parts := framework.SplitImportID(id, 2, "<team id> or <organization name or id>/<team name>", &resp.Diagnostics)
		if parts == nil || !r.data.Ready(&resp.Diagnostics) {
			return
		}
		team := findTeamByName(ctx, r.data.Client, parts[0], parts[1], "Error importing team", &resp.Diagnostics)
		if team == nil {
			return
		}
		id = team.ID
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// findTeamByName finds the team named name in the organization given by name or id, adding an
// error under summary (which says what was attempted) when it cannot.
func findTeamByName(ctx context.Context, c *client.Client, orgIDOrName, name, summary string, diags *diag.Diagnostics) *client.Team {
	org, err := c.GetOrganization(ctx, orgIDOrName)
	if err != nil {
		framework.AddAPIError(diags, summary, fmt.Sprintf("Could not find organization %q", orgIDOrName), err)
		return nil
	}
	teams, err := c.ListTeams(ctx, org.ID)
	if err != nil {
		framework.AddAPIError(diags, summary, fmt.Sprintf("Could not list the teams of organization %q", org.Name), err)
		return nil
	}
	for i := range teams {
		if teams[i].Name == name {
			return &teams[i]
		}
	}
	diags.AddError(summary, fmt.Sprintf("Organization %q has no team named %q (team names are case-sensitive).", org.Name, name))
	return nil
}
