package team

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
)

var (
	_ resource.ResourceWithConfigure   = (*membersResource)(nil)
	_ resource.ResourceWithImportState = (*membersResource)(nil)
)

type membersResource struct {
	data *providerdata.Data
}

// NewMembersResource returns the zenmlpro_team_members resource.
func NewMembersResource() resource.Resource { return &membersResource{} }

func (r *membersResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_team_members"
}

func (r *membersResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	emptySet := setdefault.StaticValue(types.SetValueMust(types.StringType, nil))
	resp.Schema = schema.Schema{
		MarkdownDescription: "The complete member list of a team, authoritative: members added outside Terraform show " +
			"as a change on the next plan and are removed by the apply. Creating the resource makes the team's members " +
			"exactly those listed (removing any others); destroying it removes the listed members.\n\n" +
			"**Invitations.** A pending invitation can be a member (`invitation_ids`). When the invitee accepts, the API " +
			"moves the membership to the new user; this resource counts that user's membership as the invitation's, so " +
			"no change is planned. Move the user's id into `user_ids` (and the invitation's out of `invitation_ids`) at " +
			"your convenience: that plans an update that changes nothing in the API.\n\n" + mixingNote,
		Attributes: map[string]schema.Attribute{
			"id": framework.IDAttribute("The team's id (the resource is one per team)."),
			"team_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The team's id. Changing it replaces the resource (the old team's listed members are removed).",
				Validators:          []validator.String{framework.UUID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"user_ids": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true, Computed: true, Default: emptySet,
				MarkdownDescription: "The ids of the users who are members. Each must be a member of the team's " +
					"organization (`data.zenmlpro_user` looks one up by email). Default: none.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(framework.UUID())},
			},
			"invitation_ids": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true, Computed: true, Default: emptySet,
				MarkdownDescription: "The ids of pending invitations of the team's organization that are members (the " +
					"invitees are members from the moment they accept). Default: none.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(framework.UUID())},
			},
		},
	}
}

func (r *membersResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

// observed is a team's membership as this resource sees it: the members the API lists, with
// accepted invitations the resource tracks counted as the invitation rather than as their user.
type observed struct {
	users, invitations map[string]bool
	// acceptedBy maps each tracked invitation that was accepted to the user it became.
	acceptedBy map[string]string
}

// observe reads the team's members (through the cache when cached is set) and folds accepted
// invitations that the resource tracks (tracked) back into invitations. keepUsers are users the
// resource lists itself: they stay users even when an accepted invitation became them.
func (r *membersResource) observe(ctx context.Context, teamID string, tracked, keepUsers map[string]bool, cached bool) (*observed, error) {
	list := r.data.Client.ListTeamMembers
	if cached {
		list = r.data.Client.CachedTeamMembers
	}
	members, err := list(ctx, teamID)
	if err != nil {
		return nil, err
	}
	ros := newRoster(members)
	o := &observed{users: ros.users, invitations: ros.invitations, acceptedBy: map[string]string{}}
	follower := invitationFollower{client: r.data.Client, teamID: teamID}
	for _, invitationID := range sortedKeys(tracked) {
		if ros.invitations[invitationID] {
			continue
		}
		userID, err := follower.acceptedBy(ctx, invitationID, ros)
		if err != nil {
			return nil, err
		}
		if userID == "" {
			continue
		}
		o.acceptedBy[invitationID] = userID
		o.invitations[invitationID] = true
		if !keepUsers[userID] {
			delete(o.users, userID)
		}
	}
	return o, nil
}

func (r *membersResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.apply(ctx, req.Plan.Get, &resp.State, &resp.Diagnostics)
}

func (r *membersResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.apply(ctx, req.Plan.Get, &resp.State, &resp.Diagnostics)
}

type stateSetter interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}

// apply makes the team's members those of the plan: it adds the missing ones and removes the
// others, against the member list as the API holds it now (not as the state last saw it).
func (r *membersResource) apply(ctx context.Context, getPlan func(context.Context, any) diag.Diagnostics, state stateSetter, diags *diag.Diagnostics) {
	if !r.data.Ready(diags) {
		return
	}
	var plan membersModel
	diags.Append(getPlan(ctx, &plan)...)
	wantUsers, d := setIDs(ctx, plan.UserIDs)
	diags.Append(d...)
	wantInvitations, d := setIDs(ctx, plan.InvitationIDs)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	teamID := plan.TeamID.ValueString()
	have, err := r.observe(ctx, teamID, wantInvitations, wantUsers, false)
	if err != nil {
		framework.AddAPIError(diags, "Error updating team members", fmt.Sprintf("Could not list the members of team %s", teamID), err)
		return
	}
	// observe counted each accepted invitation's user as that invitation: the user is neither
	// added nor removed, and the invitation is not added again (it could not be: it is no longer
	// pending).
	type change struct{ kind, id string }
	var adds, removes []change
	for _, id := range sortedKeys(wantUsers) {
		if !have.users[id] {
			adds = append(adds, change{client.SubjectUser, id})
		}
	}
	for _, id := range sortedKeys(wantInvitations) {
		if !have.invitations[id] {
			adds = append(adds, change{client.SubjectInvitation, id})
		}
	}
	for _, id := range sortedKeys(have.users) {
		if !wantUsers[id] {
			removes = append(removes, change{client.SubjectUser, id})
		}
	}
	for _, id := range sortedKeys(have.invitations) {
		if !wantInvitations[id] {
			removes = append(removes, change{client.SubjectInvitation, id})
		}
	}
	for _, c := range adds {
		// A conflict means "already a member": someone added it since we listed, which is the goal.
		if _, err := r.data.Client.AddTeamMember(ctx, teamID, c.kind, c.id); err != nil && !client.IsConflict(err) {
			framework.AddAPIError(diags, "Error adding team member", fmt.Sprintf("Could not add %s %s to team %s", c.kind, c.id, teamID), err)
		}
	}
	for _, c := range removes {
		if err := r.data.Client.RemoveTeamMember(ctx, teamID, c.kind, c.id); err != nil && !client.IsNotFound(err) {
			framework.AddAPIError(diags, "Error removing team member", fmt.Sprintf("Could not remove %s %s from team %s", c.kind, c.id, teamID), err)
		}
	}
	if diags.HasError() {
		return // the next refresh shows where the team stands; the next apply finishes the job
	}
	plan.ID = types.StringValue(teamID)
	diags.Append(state.Set(ctx, &plan)...)
}

func (r *membersResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var state membersModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	tracked, d := setIDs(ctx, state.InvitationIDs)
	resp.Diagnostics.Append(d...)
	listed, d := setIDs(ctx, state.UserIDs)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	teamID := state.TeamID.ValueString()
	if teamID == "" {
		teamID = state.ID.ValueString() // after import
	}
	have, err := r.observe(ctx, teamID, tracked, listed, true)
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx) // the team is gone, and its memberships with it
		return
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading team members", fmt.Sprintf("Could not list the members of team %s", teamID), err)
		return
	}
	state.ID, state.TeamID = types.StringValue(teamID), types.StringValue(teamID)
	state.UserIDs, d = idSet(ctx, have.users)
	resp.Diagnostics.Append(d...)
	state.InvitationIDs, d = idSet(ctx, have.invitations)
	resp.Diagnostics.Append(d...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *membersResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state membersModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	users, d := setIDs(ctx, state.UserIDs)
	resp.Diagnostics.Append(d...)
	invitations, d := setIDs(ctx, state.InvitationIDs)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() || !r.data.Ready(&resp.Diagnostics) {
		return
	}
	teamID := state.TeamID.ValueString()
	have, err := r.observe(ctx, teamID, invitations, users, false)
	if client.IsNotFound(err) {
		return // the team is gone, and its memberships with it
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error removing team members", fmt.Sprintf("Could not list the members of team %s", teamID), err)
		return
	}
	// Remove the listed members the team still has; an accepted invitation is removed as its user.
	var failed []string
	remove := func(kind, id string) {
		if err := r.data.Client.RemoveTeamMember(ctx, teamID, kind, id); err != nil && !client.IsNotFound(err) {
			failed = append(failed, fmt.Sprintf("%s %s: %v", kind, id, err))
		}
	}
	for _, id := range sortedKeys(users) {
		if have.users[id] {
			remove(client.SubjectUser, id)
		}
	}
	for _, id := range sortedKeys(invitations) {
		switch userID, accepted := have.acceptedBy[id]; {
		case accepted && !users[userID]:
			remove(client.SubjectUser, userID)
		case !accepted && have.invitations[id]:
			remove(client.SubjectInvitation, id)
		}
	}
	if len(failed) > 0 {
		resp.Diagnostics.AddError("Error removing team members",
			fmt.Sprintf("Could not remove these members from team %s:\n%s", teamID, strings.Join(failed, "\n")))
	}
}

// ImportState accepts the team's id.
func (r *membersResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !framework.IsUUID(req.ID) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("The import ID %q is not a team id; zenmlpro_team_members is imported by the id of its team.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("team_id"), req.ID)...)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
