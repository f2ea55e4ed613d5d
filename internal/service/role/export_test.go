package role

import "github.com/zenml-io/terraform-provider-zenmlpro/internal/client"

// Catalogue returns the provider's permission catalogue in the API's shape, for the test that
// holds it equal to GET /permissions.
func Catalogue() []client.Permission {
	out := make([]client.Permission, 0, len(permissionCatalogue))
	for _, p := range permissionCatalogue {
		out = append(out, client.Permission{Name: p.name, Level: p.level, Description: p.description})
	}
	return out
}
