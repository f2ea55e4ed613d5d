package role_test

import (
	"testing"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
)

func TestMain(m *testing.M) { acctest.Main(m) }
