// Command soak runs apply, plan and destroy cycles against the mock control plane with random
// faults for a given duration (`make soak`), and reports every cycle that did not converge: a
// failed command, a plan that was not empty after an apply, or objects left behind by destroy.
// The target is 0 failures.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/e2e"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/mockcontrolplane"
)

var users = []string{"ann@example.com", "bob@example.com", "cy@example.com", "dee@example.com", "eve@example.com", "fay@example.com"}

func main() {
	duration := flag.Duration("duration", 10*time.Minute, "how long to run cycles")
	seed := flag.Uint64("seed", uint64(time.Now().UnixNano()), "random seed (printed, to replay a run)")
	flag.Parse()
	log.SetFlags(log.Ltime)
	failures, err := run(*duration, *seed)
	if err != nil {
		log.Fatal(err)
	}
	if failures > 0 {
		os.Exit(1)
	}
}

func run(duration time.Duration, seed uint64) (failures int, err error) {
	rng := rand.New(rand.NewPCG(seed, 0))
	log.Printf("soak: %v, seed %d", duration, seed)
	root, err := e2e.RepoRoot()
	if err != nil {
		return 0, err
	}
	bins, err := e2e.Build(root)
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(bins.Dir)
	work, err := os.MkdirTemp("", "zenmlpro-soak-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(work)

	deadline := time.Now().Add(duration)
	cycles, faults := 0, 0
	for time.Now().Before(deadline) {
		cycles++
		spec := fmt.Sprintf("error_rate=%.2f,rate_limit=%.2f,drop_response=%.2f,consistency_lag=%dms,latency=%dms",
			rng.Float64()*0.2, rng.Float64()*0.2, rng.Float64()*0.08, rng.IntN(800), rng.IntN(20))
		mix := e2e.Mix{
			Prefix: fmt.Sprintf("soak%d", cycles), Users: users,
			Workspaces: 1 + rng.IntN(3), Teams: 1 + rng.IntN(5), TeamMembers: rng.IntN(3), AuthTeams: rng.IntN(2),
			CustomRoles: rng.IntN(2), OrgBindings: rng.IntN(3), WSBindings: rng.IntN(3), ProjectBindings: rng.IntN(3),
			Invitations: rng.IntN(3), ServiceAccounts: 1 + rng.IntN(2), KeysPerSA: rng.IntN(2), SSO: rng.IntN(2) == 0,
			SSOSecret: fmt.Sprintf("soak-secret-%d", cycles),
		}
		n, err := cycle(bins, work, spec, mix)
		faults += n
		if err != nil {
			failures++
			log.Printf("cycle %d FAILED (faults %s, %d resources): %v", cycles, spec, mix.Resources(), err)
			continue
		}
		log.Printf("cycle %d ok: %d resources, %d faults injected (%s)", cycles, mix.Resources(), n, spec)
	}
	fmt.Printf("soak: %d cycles, %d faults injected, %d failures (target 0), seed %d\n", cycles, faults, failures, seed)
	return failures, nil
}

// cycle applies mix against a fresh mock with the given faults, requires an empty plan, destroys
// it and requires that the mock is back where it started. It returns the faults injected.
func cycle(bins *e2e.Binaries, work, spec string, mix e2e.Mix) (int, error) {
	args := []string{"--faults", spec}
	for _, u := range users {
		args = append(args, "--user", u)
	}
	mock, err := e2e.StartMock(bins.Mock, args...)
	if err != nil {
		return 0, err
	}
	defer func() { _ = mock.Stop() }()
	before, err := mock.State()
	if err != nil {
		return 0, err
	}
	tf, err := e2e.NewTerraform(work, bins, mock, map[string]string{"main.tf": mix.HCL()}, mix.Env()...)
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tf.Dir)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()

	steps := []struct {
		args []string
		want int
	}{
		{[]string{"apply", "-auto-approve", "-input=false", "-no-color"}, 0},
		{[]string{"plan", "-detailed-exitcode", "-input=false", "-no-color"}, 0},
		{[]string{"destroy", "-auto-approve", "-input=false", "-no-color"}, 0},
	}
	for _, step := range steps {
		res, err := tf.Run(ctx, step.args...)
		if err != nil {
			return injected(mock), err
		}
		if res.ExitCode != step.want || strings.Contains(res.Stderr, "inconsistent result") {
			return injected(mock), fmt.Errorf("terraform %s exited %d:\n%s", step.args[0], res.ExitCode, lastLines(res.Stdout+res.Stderr, 30))
		}
	}
	after, err := mock.State()
	if err != nil {
		return injected(mock), err
	}
	if b, a := summary(before), summary(after); !reflect.DeepEqual(b, a) {
		return injected(mock), fmt.Errorf("destroy left the mock changed: before %v, after %v", b, a)
	}
	return injected(mock), nil
}

func injected(mock *e2e.Mock) int {
	stats, err := mock.Stats()
	if err != nil {
		return 0
	}
	n := 0
	for _, c := range stats.Faults {
		n += c
	}
	return n
}

// summary counts the objects of each kind (deleted workspaces and built-in roles left out).
func summary(s *mockcontrolplane.State) map[string]int {
	c := map[string]int{
		"organizations": len(s.Organizations), "invitations": len(s.Invitations), "teams": len(s.Teams),
		"memberships": len(s.TeamMemberships), "assignments": len(s.Assignments), "sso": len(s.SSOConfigs),
		"service_accounts": len(s.ServiceAccounts), "api_keys": len(s.APIKeys), "users": len(s.Users),
	}
	for _, w := range s.Workspaces {
		if w.Status != "deleted" {
			c["workspaces"]++
		}
	}
	for _, r := range s.Roles {
		if !r.SystemManaged {
			c["custom_roles"]++
		}
	}
	return c
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
