package user

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
)

var _ datasource.DataSourceWithConfigValidators = (*userDataSource)(nil)

type userDataSource struct {
	data *providerdata.Data
}

type userModel struct {
	ID               types.String `tfsdk:"id"`
	Username         types.String `tfsdk:"username"`
	Email            types.String `tfsdk:"email"`
	Name             types.String `tfsdk:"name"`
	IsActive         types.Bool   `tfsdk:"is_active"`
	IsServiceAccount types.Bool   `tfsdk:"is_service_account"`
	OrganizationID   types.String `tfsdk:"organization_id"`
}

// NewDataSource returns the zenmlpro_user data source.
func NewDataSource() datasource.DataSource { return &userDataSource{} }

func (d *userDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (d *userDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a user by `email` (among the members of the organizations the provider's API key " +
			"can see) or by `username` (among the members of one organization): exactly one, exact match, " +
			"case-insensitive. For example to put a person in a team (`zenmlpro_team_members.user_ids`) or to bind a " +
			"role to them. A person who was only invited is not a user until they accept.",
		Attributes: map[string]schema.Attribute{
			"email": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The user's email address. Exactly one of `email` and `username` is required.",
				Validators:          []validator.String{framework.Email()},
			},
			"username": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The user's username, looked up among the members of `organization_id`.",
			},
			"organization_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The organization whose members a `username` is looked up among; defaults to the " +
					"provider's. Not used with `email`.",
				Validators: []validator.String{framework.UUID()},
			},
			"id":                 schema.StringAttribute{Computed: true, MarkdownDescription: "The user's id."},
			"name":               schema.StringAttribute{Computed: true, MarkdownDescription: "The user's full name."},
			"is_active":          schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the user's account is active."},
			"is_service_account": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether this is a service account rather than a person."},
		},
	}
}

func (d *userDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("email"), path.MatchRoot("username")),
		datasourcevalidator.Conflicting(path.MatchRoot("email"), path.MatchRoot("organization_id")),
	}
}

func (d *userDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.data.Ready(&resp.Diagnostics) {
		return
	}
	var cfg userModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	email, username := cfg.Email.ValueString(), cfg.Username.ValueString()
	what := fmt.Sprintf("username %q", username)
	if email != "" {
		what = fmt.Sprintf("email %q", email)
	}
	// GET /users?username= is not public; the organization's member list is. Both lookups match
	// exactly here, whatever the API's filter does.
	var found []client.User
	if email != "" {
		list, err := d.data.Client.FindUsersByEmail(ctx, email)
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error looking up user", fmt.Sprintf("Could not look up the user with %s", what), err)
			return
		}
		found = list
	} else {
		orgID := d.data.Organization(cfg.OrganizationID.ValueString(), &resp.Diagnostics)
		if orgID == "" {
			return
		}
		u, err := d.data.Client.FindMemberByUsername(ctx, orgID, username)
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error looking up user",
				fmt.Sprintf("Could not look up the user with %s among the members of organization %s", what, orgID), err)
			return
		}
		if u != nil {
			found = []client.User{*u}
		}
	}
	switch len(found) {
	case 0:
		resp.Diagnostics.AddError("User not found",
			fmt.Sprintf("No user with %s is a member of an organization this API key can see. Check the spelling; a "+
				"person who was invited becomes a user only when they accept the invitation.", what))
		return
	case 1:
	default:
		resp.Diagnostics.AddError("More than one user found",
			fmt.Sprintf("%d users match %s; look the user up by the other attribute (email or username).", len(found), what))
		return
	}
	u := found[0]
	state := userModel{
		ID:               types.StringValue(u.ID),
		Username:         types.StringValue(u.Username),
		Email:            types.StringPointerValue(u.Email),
		Name:             types.StringValue(u.Name),
		IsActive:         types.BoolValue(u.IsActive),
		IsServiceAccount: types.BoolValue(u.IsServiceAccount),
		OrganizationID:   cfg.OrganizationID,
	}
	// The configured value is what Terraform holds the result to: keep its spelling.
	if email != "" {
		state.Email = cfg.Email
	}
	if username != "" {
		state.Username = cfg.Username
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
