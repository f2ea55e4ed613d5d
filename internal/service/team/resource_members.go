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
	_ resource.ResourceWithModifyPlan  = (*membersResource)(nil)
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
			"Members are named by id (`user_ids`, `invitation_ids`) or by email address (`emails`), which suits a team " +
			"fed from an identity provider's group: an address of an existing user is that user's membership, and any " +
			"other address gets an organization invitation (with `default_invitation_role_id`) that is a member until it " +
			"is accepted, so that the person is in the team from their first sign-in. See the guide \"Setting up SSO\".\n\n" +
			"**Invitations.** A pending invitation can be a member. When the invitee accepts, the API moves the membership " +
			"to the new user; this resource counts that user's membership as the invitation's (or as the email's), so no " +
			"change is planned. Move the user's id into `user_ids` (and the invitation's out of `invitation_ids`) at your " +
			"convenience: that plans an update that changes nothing in the API.\n\n" +
			"**Invitations it sends.** The resource revokes an invitation it sent for an address when the address leaves " +
			"`emails`, or on destroy, if the invitation is still pending and no other team has it as a member (one that " +
			"another team still uses is revoked by a later apply once none does). It never " +
			"revokes an invitation it did not send (one of a `zenmlpro_invitation`, say, which it uses for its address); " +
			"which invitations it sent is kept in the resource's private state, so an imported resource revokes none.\n\n" +
			mixingNote,
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
			"emails": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true, Computed: true, Default: emptySet,
				MarkdownDescription: "The email addresses of members, such as an identity provider's group lists them. An " +
					"address of a user of the organization (found with `GET /users?email=`, matched exactly, without regard " +
					"to case) is that user's membership. Any other address is invited into the organization (with " +
					"`default_invitation_role_id`), or its pending invitation used when it has one, and the invitation is " +
					"the member until it is accepted. An address is in the team while a member user carries it or a pending " +
					"invitation for it is a member: one missing is drift, which the next apply repairs. Write addresses in " +
					"lowercase; each once. Default: none.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(framework.Email()), emailSetValidator{}},
			},
			"default_invitation_role_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The organization-level role of the invitations this resource sends for `emails` " +
					"that are not users yet. Default (when null): the organization's built-in Organization Member. Changing " +
					"it applies to invitations sent afterwards; pending ones keep the role they were sent with.",
				Validators: []validator.String{framework.UUID()},
			},
		},
	}
}

func (r *membersResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan checks a default_invitation_role_id that is set or changed.
func (r *membersResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var planned, prior types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("default_invitation_role_id"), &planned)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("default_invitation_role_id"), &prior)...)
	}
	if !resp.Diagnostics.HasError() {
		r.checkInvitationRole(ctx, planned, prior, req.State.Raw.IsNull(), &resp.Diagnostics)
	}
}

// observed is a team's membership as this resource sees it.
type observed struct {
	raw roster // the members the API lists
	// acceptedBy maps each tracked invitation (invitation_ids) that was accepted to the user it
	// became, now a member in its place.
	acceptedBy map[string]string
	byEmail    map[string][]subject
	follower   *invitationFollower
}

// observe reads the team's members (through the cache when cached is set) and follows the
// invitations of invitation_ids (tracked) that were accepted to the users they became.
func (r *membersResource) observe(ctx context.Context, teamID string, tracked map[string]bool, cached bool) (*observed, error) {
	list := r.data.Client.ListTeamMembers
	if cached {
		list = r.data.Client.CachedTeamMembers
	}
	members, err := list(ctx, teamID)
	if err != nil {
		return nil, err
	}
	o := &observed{raw: newRoster(members), acceptedBy: map[string]string{}, byEmail: membersByEmail(members),
		follower: &invitationFollower{client: r.data.Client, teamID: teamID}}
	for _, invitationID := range sortedKeys(tracked) {
		if o.raw.invitations[invitationID] {
			continue
		}
		userID, err := o.follower.acceptedBy(ctx, invitationID, o.raw)
		if err != nil {
			return nil, err
		}
		if userID != "" {
			o.acceptedBy[invitationID] = userID
		}
	}
	return o, nil
}

// stands returns the members that the configuration's users, invitations and emails stand for,
// and the emails that no member stands for (not in the team).
func (o *observed) stands(ctx context.Context, users, invitations map[string]bool, emails []string, sent sentInvitations) (standUsers, standInvitations map[string]bool, missing []string, err error) {
	standUsers, standInvitations = map[string]bool{}, map[string]bool{}
	for id := range users {
		standUsers[id] = true
	}
	for id := range invitations {
		standInvitations[id] = true
		if userID, ok := o.acceptedBy[id]; ok {
			standUsers[userID] = true // the invitation's membership, moved to its user
		}
	}
	for _, email := range emails {
		subs, err := o.satisfiedBy(ctx, email, sent, o.follower)
		if err != nil {
			return nil, nil, nil, err
		}
		if len(subs) == 0 {
			missing = append(missing, email)
		}
		for _, s := range subs {
			if s.kind == client.SubjectUser {
				standUsers[s.id] = true
			} else {
				standInvitations[s.id] = true
			}
		}
	}
	return standUsers, standInvitations, missing, nil
}

func (r *membersResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan membersModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.data.Ready(&resp.Diagnostics) {
		return
	}
	if problem := r.invitationRoleProblem(ctx, plan.DefaultInvitationRoleID); problem != nil {
		problem.AddError(&resp.Diagnostics)
		return
	}
	sent := sentInvitations{}
	enlister := r.apply(ctx, &plan, sent, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		// The resource is not created, so nothing would ever revoke the invitations it sent: take
		// them back now (the next apply sends them again).
		if enlister != nil && len(enlister.newlySent) > 0 {
			r.takeBack(ctx, enlister, &resp.Diagnostics)
		}
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(sent.save(ctx, resp.Private)...)
}

func (r *membersResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan membersModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	sent, d := readSent(ctx, req.Private)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() || !r.data.Ready(&resp.Diagnostics) {
		return
	}
	r.apply(ctx, &plan, sent, &resp.Diagnostics)
	// The record of sent invitations is saved even when the apply failed part way: the prior
	// state stays, and the next refresh and apply take it from there.
	resp.Diagnostics.Append(sent.save(ctx, resp.Private)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// apply makes the team's members those of the plan, against the member list as the API holds it
// now (not as the state last saw it): it adds the missing ones (inviting addresses that are not
// users yet), removes the others, and revokes the invitations it sent for addresses no longer
// listed. sent is updated in place.
func (r *membersResource) apply(ctx context.Context, plan *membersModel, sent sentInvitations, diags *diag.Diagnostics) *emailEnlister {
	wantUsers, d := setIDs(ctx, plan.UserIDs)
	diags.Append(d...)
	wantInvitations, d := setIDs(ctx, plan.InvitationIDs)
	diags.Append(d...)
	emails, d := emailList(ctx, plan.Emails)
	diags.Append(d...)
	if diags.HasError() {
		return nil
	}
	teamID := plan.TeamID.ValueString()
	have, err := r.observe(ctx, teamID, wantInvitations, false)
	if err != nil {
		framework.AddAPIError(diags, "Error updating team members", fmt.Sprintf("Could not list the members of team %s", teamID), err)
		return nil
	}
	standUsers, standInvitations, missing, err := have.stands(ctx, wantUsers, wantInvitations, emails, sent)
	if err != nil {
		framework.AddAPIError(diags, "Error updating team members", fmt.Sprintf("Could not check the members of team %s", teamID), err)
		return nil
	}
	enlister := &emailEnlister{r: r, teamID: teamID, roleID: plan.DefaultInvitationRoleID.ValueString(), sent: sent}
	for _, email := range missing {
		s, err := enlister.enlist(ctx, email)
		if err != nil {
			framework.AddAPIError(diags, "Error adding team member", fmt.Sprintf("Could not add %q to team %s", email, teamID), err)
			continue
		}
		if s.kind == client.SubjectUser {
			standUsers[s.id] = true
		} else {
			standInvitations[s.id] = true
		}
	}
	// Members named by id that the team lacks. An accepted invitation of invitation_ids stands as
	// its user: it is not added again (it could not be: it is no longer pending).
	type change struct{ kind, id string }
	var adds, removes []change
	for _, id := range sortedKeys(wantUsers) {
		if !have.raw.users[id] {
			adds = append(adds, change{client.SubjectUser, id})
		}
	}
	for _, id := range sortedKeys(wantInvitations) {
		if _, accepted := have.acceptedBy[id]; !have.raw.invitations[id] && !accepted {
			adds = append(adds, change{client.SubjectInvitation, id})
		}
	}
	for _, id := range sortedKeys(have.raw.users) {
		if !standUsers[id] {
			removes = append(removes, change{client.SubjectUser, id})
		}
	}
	for _, id := range sortedKeys(have.raw.invitations) {
		if !standInvitations[id] {
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
	listed := map[string]bool{}
	for _, email := range emails {
		listed[strings.ToLower(email)] = true
	}
	var dropped []string
	for email := range sent {
		if !listed[email] {
			dropped = append(dropped, email)
		}
	}
	slices.Sort(dropped)
	if failed, _ := enlister.revoke(ctx, dropped); len(failed) > 0 {
		diags.AddError("Error revoking invitations",
			fmt.Sprintf("Could not revoke the invitations this resource sent for addresses no longer in emails of team %s "+
				"(the next apply tries again):\n%s", teamID, strings.Join(failed, "\n")))
	}
	if !diags.HasError() {
		plan.ID = types.StringValue(teamID)
	}
	return enlister // the next refresh shows where the team stands after a failure; the next apply finishes the job
}

// takeBack revokes the invitations a failed create sent.
func (r *membersResource) takeBack(ctx context.Context, enlister *emailEnlister, diags *diag.Diagnostics) {
	var left []string
	for _, id := range enlister.newlySent {
		if err := r.data.Client.DeleteInvitation(ctx, enlister.orgID, id); err != nil && !client.IsNotFound(err) {
			left = append(left, fmt.Sprintf("%s: %v", id, err))
		}
	}
	if len(left) > 0 {
		diags.AddWarning("Invitations left pending",
			fmt.Sprintf("Creating the member list of team %s failed after it sent invitations, and these could not be "+
				"revoked; revoke them in the dashboard, or the next apply uses them as invitations it did not send:\n%s",
				enlister.teamID, strings.Join(left, "\n")))
	}
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
	emails, d := emailList(ctx, state.Emails)
	resp.Diagnostics.Append(d...)
	sent, d := readSent(ctx, req.Private)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	teamID := state.TeamID.ValueString()
	if teamID == "" {
		teamID = state.ID.ValueString() // after import
	}
	have, err := r.observe(ctx, teamID, tracked, true)
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx) // the team is gone, and its memberships with it
		return
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading team members", fmt.Sprintf("Could not list the members of team %s", teamID), err)
		return
	}
	// What the emails stand for is theirs; the rest of the members show as users and invitations,
	// so that a member nobody listed appears in user_ids or invitation_ids and plans its removal.
	byEmailUsers, byEmailInvitations, missing, err := have.stands(ctx, nil, nil, emails, sent)
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading team members", fmt.Sprintf("Could not check the members of team %s", teamID), err)
		return
	}
	users, invitations := map[string]bool{}, map[string]bool{}
	accepted := map[string]bool{}
	for invitationID, userID := range have.acceptedBy {
		invitations[invitationID] = true
		accepted[userID] = true
	}
	for id := range have.raw.users {
		// A user that an accepted invitation of invitation_ids became, or that an email stands
		// for, is not listed again, unless user_ids lists it itself.
		if listed[id] || !accepted[id] && !byEmailUsers[id] {
			users[id] = true
		}
	}
	for id := range have.raw.invitations {
		if tracked[id] || !byEmailInvitations[id] {
			invitations[id] = true
		}
	}
	var present []string
	for _, email := range emails {
		if !slices.Contains(missing, email) {
			present = append(present, email) // as configured: an address the API spells otherwise is the same
		}
	}
	state.ID, state.TeamID = types.StringValue(teamID), types.StringValue(teamID)
	state.UserIDs, d = idSet(ctx, users)
	resp.Diagnostics.Append(d...)
	state.InvitationIDs, d = idSet(ctx, invitations)
	resp.Diagnostics.Append(d...)
	state.Emails, d = types.SetValueFrom(ctx, types.StringType, append([]string{}, present...))
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
	emails, d := emailList(ctx, state.Emails)
	resp.Diagnostics.Append(d...)
	sent, d := readSent(ctx, req.Private)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() || !r.data.Ready(&resp.Diagnostics) {
		return
	}
	teamID := state.TeamID.ValueString()
	have, err := r.observe(ctx, teamID, invitations, false)
	if client.IsNotFound(err) {
		return // the team is gone, and its memberships with it (its invitations stay the organization's)
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error removing team members", fmt.Sprintf("Could not list the members of team %s", teamID), err)
		return
	}
	// Remove the members the resource stands for that the team still has: an accepted invitation
	// as its user, an email as the members carrying it.
	standUsers, standInvitations, _, err := have.stands(ctx, users, invitations, emails, sent)
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error removing team members", fmt.Sprintf("Could not check the members of team %s", teamID), err)
		return
	}
	var failed []string
	remove := func(kind, id string) {
		if err := r.data.Client.RemoveTeamMember(ctx, teamID, kind, id); err != nil && !client.IsNotFound(err) {
			failed = append(failed, fmt.Sprintf("%s %s: %v", kind, id, err))
		}
	}
	for _, id := range sortedKeys(standUsers) {
		if have.raw.users[id] {
			remove(client.SubjectUser, id)
		}
	}
	for _, id := range sortedKeys(standInvitations) {
		if have.raw.invitations[id] {
			remove(client.SubjectInvitation, id)
		}
	}
	enlister := &emailEnlister{r: r, teamID: teamID, sent: sent}
	all := make([]string, 0, len(sent))
	for email := range sent {
		all = append(all, email)
	}
	slices.Sort(all)
	notRevoked, kept := enlister.revoke(ctx, all)
	failed = append(failed, notRevoked...)
	if len(kept) > 0 {
		resp.Diagnostics.AddWarning("Invitations left pending",
			fmt.Sprintf("The member list of team %s is destroyed, but these invitations it sent are members of other "+
				"teams, so they were not revoked, and no resource revokes them from now on. If those teams are being "+
				"destroyed too, revoke the invitations in the dashboard (or leave them to expire):\n%s",
				teamID, strings.Join(kept, "\n")))
	}
	if len(failed) > 0 {
		resp.Diagnostics.AddError("Error removing team members",
			fmt.Sprintf("Could not remove these members from team %s, or revoke the invitations sent for them:\n%s",
				teamID, strings.Join(failed, "\n")))
	}
}

// ImportState accepts the team's id. Which members came from emails cannot be told (the first plan
// after the import moves those of the configuration's emails out of user_ids and invitation_ids,
// without an API call), and the imported resource owns no invitation: it revokes none.
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
