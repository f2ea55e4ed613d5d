// Package reliability holds the suites that prove the provider converges under a flaky API, never
// duplicates or orphans an object, never leaks a secret and keeps organizations apart. The
// end-to-end tests drive the real provider binary through the Terraform CLI against the
// zenmlpro-mock binary; the catalogue and drift suites use the in-process harness.
package reliability

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/e2e"
)

// binaries are built once for the package by TestMain when acceptance tests run.
var binaries *e2e.Binaries

func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC") == "" {
		acctest.Main(m)
		return
	}
	root, err := e2e.RepoRoot()
	if err == nil {
		binaries, err = e2e.Build(root)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "reliability: building the provider and the mock:", err)
		os.Exit(1)
	}
	defer os.RemoveAll(binaries.Dir)
	acctest.Main(m) // exits
}

// seededUsers are the organization members the generated configurations use.
var seededUsers = []string{"ann@example.com", "bob@example.com", "cy@example.com", "dee@example.com", "eve@example.com", "fay@example.com"}

// startMock runs the mock binary with the seeded users and extra arguments; it stops with the test.
func startMock(t *testing.T, args ...string) *e2e.Mock {
	t.Helper()
	if binaries == nil {
		// As for every TestAcc test: the unit run (no TF_ACC) skips it, `make testacc` runs it.
		t.Skip("acceptance test: set TF_ACC=1")
	}
	if acctest.RealControlPlane() {
		t.Skip("end-to-end reliability tests run against the mock binary only")
	}
	for _, u := range seededUsers {
		args = append(args, "--user", u)
	}
	mock, err := e2e.StartMock(binaries.Mock, args...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := mock.Stop(); err != nil {
			t.Errorf("stopping the mock: %v", err)
		}
	})
	return mock
}

// newTerraform writes main.tf into a fresh working directory against mock.
func newTerraform(t *testing.T, mock *e2e.Mock, hcl string, extraEnv ...string) *e2e.Terraform {
	t.Helper()
	tf, err := e2e.NewTerraform(t.TempDir(), binaries, mock, map[string]string{"main.tf": hcl}, extraEnv...)
	if err != nil {
		t.Fatal(err)
	}
	return tf
}

// run runs a terraform command that must succeed.
func run(t *testing.T, tf *e2e.Terraform, args ...string) *e2e.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	res, err := tf.Run(ctx, args...)
	if err != nil {
		t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	if err := res.MustSucceed("terraform " + args[0]); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(res.Stdout+res.Stderr, "inconsistent result") {
		t.Fatalf("terraform %s reported an inconsistent result:\n%s", args[0], res.Stderr)
	}
	return res
}

// requireEmptyPlan runs a refreshing plan that must show no changes.
func requireEmptyPlan(t *testing.T, tf *e2e.Terraform) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	res, err := tf.Run(ctx, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != 0 {
		t.Fatalf("the plan after apply is not empty (exit %d):\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
}

// stateCounts counts the mock's objects kind by kind.
func stateCounts(t *testing.T, mock *e2e.Mock) e2e.Counts {
	t.Helper()
	s, err := mock.State()
	if err != nil {
		t.Fatal(err)
	}
	return e2e.CountState(s)
}
