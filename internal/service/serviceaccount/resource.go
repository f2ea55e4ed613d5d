package serviceaccount

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
)

var (
	_ resource.ResourceWithConfigure   = (*serviceAccountResource)(nil)
	_ resource.ResourceWithImportState = (*serviceAccountResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*serviceAccountResource)(nil)
)

type serviceAccountResource struct {
	data *providerdata.Data
}

// NewResource returns the zenmlpro_service_account resource.
func NewResource() resource.Resource { return &serviceAccountResource{} }

func (r *serviceAccountResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_service_account"
}

func (r *serviceAccountResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A service account: a non-human identity of an organization, such as a CI system, that " +
			"reaches ZenML Pro with `zenmlpro_api_key`s. Give it roles with role bindings like any other member. " +
			"Deleting it deletes its API keys and role assignments.",
		Attributes: map[string]schema.Attribute{
			"id":              framework.IDAttribute("The service account's id (UUID)."),
			"organization_id": framework.OrganizationIDAttribute("service account"),
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The service account's name, unique in the organization: 1 to 50 letters, digits, " +
					"dots, hyphens and underscores, starting with a letter or digit. Renaming keeps its keys.",
				Validators: []validator.String{framework.IdentifierName()},
			},
			"description": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: "A free-text description (at most 1000 characters).",
				Validators:          []validator.String{framework.MaxLength(1000)},
			},
			"active": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "`false` suspends the service account: none of its API keys can log in until it is " +
					"`true` (the default) again.",
			},
			"created": framework.CreatedAttribute(),
		},
	}
}

func (r *serviceAccountResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan fills organization_id with the provider's default.
func (r *serviceAccountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data != nil {
		framework.SetDefaultOrganization(ctx, req, resp, r.data.OrganizationID)
	}
}

func (r *serviceAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in := client.ServiceAccountCreate{
		OrganizationID: plan.OrganizationID.ValueString(),
		Name:           plan.Name.ValueString(),
		Description:    plan.Description.ValueString(),
		Active:         plan.Active.ValueBool(),
	}
	sa, err := r.data.Client.CreateServiceAccount(ctx, in)
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error creating service account",
			fmt.Sprintf("Could not create service account %q in organization %s", in.Name, in.OrganizationID), err)
		return
	}
	plan.fromAPI(sa)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(framework.MarkCreated(ctx, resp.Private)...)
}

func (r *serviceAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var sa *client.ServiceAccount
	err := framework.ReadTolerant(ctx, req.Private, client.IsNotFound, func(ctx context.Context) error {
		var err error
		sa, err = r.data.Client.GetServiceAccount(ctx, state.ID.ValueString())
		return err
	})
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading service account",
			fmt.Sprintf("Could not read service account %q (%s)", state.Name.ValueString(), state.ID.ValueString()), err)
		return
	}
	state.fromAPI(sa)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *serviceAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var patch client.ServiceAccountUpdate
	if !plan.Name.Equal(state.Name) {
		patch.Name = plan.Name.ValueStringPointer()
	}
	if !plan.Description.Equal(state.Description) {
		patch.Description = plan.Description.ValueStringPointer()
	}
	if !plan.Active.Equal(state.Active) {
		patch.Active = plan.Active.ValueBoolPointer()
	}
	sa, err := r.data.Client.UpdateServiceAccount(ctx, state.ID.ValueString(), patch)
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error updating service account",
			fmt.Sprintf("Could not update service account %q (%s)", state.Name.ValueString(), state.ID.ValueString()), err)
		return
	}
	plan.fromAPI(sa)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *serviceAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.Ready(&resp.Diagnostics) {
		return
	}
	err := r.data.Client.DeleteServiceAccount(ctx, state.ID.ValueString())
	if err != nil && !client.IsNotFound(err) {
		framework.AddAPIError(&resp.Diagnostics, "Error deleting service account",
			fmt.Sprintf("Could not delete service account %q (%s)", state.Name.ValueString(), state.ID.ValueString()), err)
	}
}

// ImportState accepts the service account's id, or "<organization name or id>/<service account name>".
func (r *serviceAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if !framework.IsUUID(id) {
		parts := framework.SplitImportID(id, 2, "<service account id> or <organization name or id>/<service account name>", &resp.Diagnostics)
		if parts == nil || !r.data.Ready(&resp.Diagnostics) {
			return
		}
		sa, err := findByName(ctx, r.data.Client, parts[0], parts[1])
		if err != nil {
			resp.Diagnostics.AddError("Error importing service account", err.Error())
			return
		}
		id = sa.ID
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// findByName looks a service account up by name in an organization given by name or id. The
// error says what was looked for and what was missing.
func findByName(ctx context.Context, c *client.Client, organization, name string) (*client.ServiceAccount, error) {
	org, err := c.GetOrganization(ctx, organization)
	if err != nil {
		return nil, fmt.Errorf("could not find organization %q: %w", organization, err)
	}
	list, err := c.ListServiceAccounts(ctx, org.ID)
	if err != nil {
		return nil, fmt.Errorf("could not list the service accounts of organization %q: %w", org.Name, err)
	}
	for i := range list {
		if list[i].Name == name {
			return &list[i], nil
		}
	}
	return nil, fmt.Errorf("organization %q has no service account named %q", org.Name, name)
}
