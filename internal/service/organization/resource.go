package organization

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/framework"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/providerdata"
)

var (
	_ resource.ResourceWithConfigure   = (*orgResource)(nil)
	_ resource.ResourceWithImportState = (*orgResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*orgResource)(nil)
)

type orgResource struct {
	data *providerdata.Data
}

// NewResource returns the zenmlpro_organization resource.
func NewResource() resource.Resource { return &orgResource{} }

func (r *orgResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization"
}

func (r *orgResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A ZenML Pro organization: the tenant that holds workspaces, teams, roles and SSO. " +
			"Self-hosted control planes create organizations through the API; on the SaaS control plane an organization " +
			"is created by signing up, and is adopted into Terraform with an `import` block.\n\n" +
			"~> **Deletion protection:** a plan that would delete a protected organization fails at plan time, before " +
			"anything is deleted. To stop managing an organization without deleting it — the way to let go of a SaaS " +
			"organization — replace its resource block with a `removed` block with `lifecycle { destroy = false }` " +
			"(Terraform 1.7 or later).",
		Attributes: map[string]schema.Attribute{
			"id": framework.IDAttribute("The organization's id (UUID)."),
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The organization's name: 1 to 64 letters, digits, spaces, dots, hyphens and underscores, unique in the control plane.",
				Validators:          []validator.String{framework.OrganizationName()},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
				MarkdownDescription: "A free-text description (at most 1000 characters).",
				Validators:          []validator.String{framework.MaxLength(1000)},
			},
			"trusted_domains": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, nil)),
				MarkdownDescription: "Email domains whose users may join the organization without an invitation " +
					"(lowercase DNS names such as `example.com`). The set is authoritative: domains added outside Terraform are removed.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(framework.Domain())},
			},
			"deletion_protection": framework.DeletionProtectionAttribute("organization"),
			"created":             framework.CreatedAttribute(),
		},
	}
}

func (r *orgResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses to plan the deletion of a protected organization, and shows how to let go of
// it instead: an organization adopted from the SaaS control plane is released, not deleted.
func (r *orgResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return // no name or other argument replaces an organization: only a destroy deletes one
	}
	framework.RefuseProtectedDestroy(ctx, req.State, "organization", "To stop managing the organization without "+
		"deleting it — the way to let go of an organization on the SaaS control plane, which is never deleted "+
		"through Terraform — replace its resource block with a removed block (Terraform 1.7 or later):\n\n"+
		framework.RemovedBlock("zenmlpro_organization"), &resp.Diagnostics)
}

func (r *orgResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	domains, diags := plan.domains(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	org, err := r.data.Client.CreateOrganization(ctx, client.OrganizationCreate{
		Name:           plan.Name.ValueString(),
		Description:    plan.Description.ValueString(),
		TrustedDomains: domains,
	})
	if err != nil {
		framework.AddCreateError(&resp.Diagnostics, "Error creating organization",
			fmt.Sprintf("Could not create organization %q", plan.Name.ValueString()), err, framework.ImportByID)
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, org)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(framework.MarkCreated(ctx, resp.Private)...)
}

func (r *orgResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var org *client.Organization
	err := framework.ReadTolerant(ctx, req.Private, client.IsNotFound, func(ctx context.Context) error {
		var err error
		org, err = r.data.Client.GetOrganization(ctx, state.ID.ValueString())
		return err
	})
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "Error reading organization",
			fmt.Sprintf("Could not read organization %s", state.ID.ValueString()), err)
		return
	}
	resp.Diagnostics.Append(state.fromAPI(ctx, org)...)
	if state.DeletionProtection.IsNull() {
		state.DeletionProtection = types.BoolValue(true) // after import
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *orgResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.data.Ready(&resp.Diagnostics) {
		return
	}
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var patch client.OrganizationUpdate
	changed := false
	if !plan.Name.Equal(state.Name) {
		patch.Name, changed = plan.Name.ValueStringPointer(), true
	}
	if !plan.Description.Equal(state.Description) {
		patch.Description, changed = plan.Description.ValueStringPointer(), true
	}
	if !plan.TrustedDomains.Equal(state.TrustedDomains) {
		domains, diags := plan.domains(ctx)
		resp.Diagnostics.Append(diags...)
		patch.TrustedDomains, changed = &domains, true
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if changed {
		org, err := r.data.Client.UpdateOrganization(ctx, state.ID.ValueString(), patch)
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error updating organization",
				fmt.Sprintf("Could not update organization %q (%s)", state.Name.ValueString(), state.ID.ValueString()), err)
			return
		}
		resp.Diagnostics.Append(plan.fromAPI(ctx, org)...)
	} else {
		plan.Created = state.Created
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *orgResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() ||
		framework.DeletionProtected(state.DeletionProtection, "organization", state.Name.ValueString(), &resp.Diagnostics) ||
		!r.data.Ready(&resp.Diagnostics) {
		return
	}
	err := r.data.Client.DeleteOrganization(ctx, state.ID.ValueString())
	if err != nil && !client.IsNotFound(err) {
		framework.AddAPIError(&resp.Diagnostics, "Error deleting organization",
			fmt.Sprintf("Could not delete organization %q (%s)", state.Name.ValueString(), state.ID.ValueString()), err)
	}
}

// ImportState accepts the organization's id or its name.
func (r *orgResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if !framework.IsUUID(id) {
		if !r.data.Ready(&resp.Diagnostics) {
			return
		}
		org, err := r.data.Client.GetOrganization(ctx, id)
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "Error importing organization",
				fmt.Sprintf("Could not find an organization named %q (the import ID is an organization id or name)", id), err)
			return
		}
		id = org.ID
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("deletion_protection"), true)...)
}
