package contracttest

import (
	"testing"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
)

// TestMain gives the acceptance tests here (TestAcc..., with TF_ACC=1) the harness's Terraform
// setup; the other tests run as they are.
func TestMain(m *testing.M) { acctest.Main(m) }
