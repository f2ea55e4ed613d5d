// Command soak runs apply, plan and destroy cycles against the mock control plane with random
// faults for a given duration (`make soak`), and reports every cycle that did not converge: a
// failed command, an apply after which the mock does not hold exactly the declared objects (a
// duplicate, a missing object), a plan that was not empty after an apply, or objects left behind
// by destroy (orphans). Every other cycle runs against a control plane that helps less than the
// mock does: it honours no Idempotency-Key and answers 5 % of the calls with a 500, half of them
// after doing the work. The target is 0 failures.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/e2e"
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
	var total totals
	for time.Now().Before(deadline) {
		total.cycles++
		spec := fmt.Sprintf("error_rate=%.2f,rate_limit=%.2f,drop_response=%.2f,consistency_lag=%dms,latency=%dms",
			rng.Float64()*0.2, rng.Float64()*0.2, rng.Float64()*0.08, rng.IntN(800), rng.IntN(20))
		if total.cycles%2 == 0 {
			spec += ",ignore_idempotency=true,server_error=0.05"
		}
		mix := e2e.Mix{
			Prefix: fmt.Sprintf("soak%d", total.cycles), Users: users,
			Workspaces: 1 + rng.IntN(3), Teams: 1 + rng.IntN(5), TeamMembers: rng.IntN(3), AuthTeams: rng.IntN(2),
			CustomRoles: rng.IntN(2), OrgBindings: rng.IntN(3), WSBindings: rng.IntN(3), ProjectBindings: rng.IntN(3),
			Invitations: rng.IntN(3), ServiceAccounts: 1 + rng.IntN(2), KeysPerSA: rng.IntN(2), SSO: rng.IntN(2) == 0,
			SSOSecret: fmt.Sprintf("soak-secret-%d", total.cycles), MixedMembers: rng.IntN(2) == 0, SABindings: rng.IntN(3),
		}
		res, err := cycle(bins, work, spec, mix)
		total.add(mix, res)
		if err != nil {
			total.failures++
			log.Printf("cycle %d FAILED (faults %s, %d resources): %v", total.cycles, spec, mix.Resources(), err)
			continue
		}
		log.Printf("cycle %d ok: %d resources, %d faults injected (%s)", total.cycles, mix.Resources(), res.injected(), spec)
	}
	fmt.Println(total.report(seed))
	return total.failures, nil
}

// result is what one cycle measured.
type result struct {
	faults     map[string]int // by kind, as /_mock/stats counts them
	duplicates int            // objects beyond the declared ones after the apply
	orphans    int            // objects left by the destroy
}

// injected is the number of faults injected (the count of ignored idempotency keys is not one).
func (r result) injected() int {
	n := 0
	for kind, c := range r.faults {
		if kind != "idempotency_ignored" {
			n += c
		}
	}
	return n
}

// totals sums the cycles of a run.
type totals struct {
	cycles, failures, resources, duplicates, orphans int
	faults                                           map[string]int
}

func (t *totals) add(mix e2e.Mix, r result) {
	t.resources += mix.Resources()
	t.duplicates += r.duplicates
	t.orphans += r.orphans
	if t.faults == nil {
		t.faults = map[string]int{}
	}
	for kind, n := range r.faults {
		t.faults[kind] += n
	}
}

func (t totals) report(seed uint64) string {
	injected := 0
	var kinds []string
	for _, kind := range slices.Sorted(maps.Keys(t.faults)) {
		if kind != "idempotency_ignored" {
			injected += t.faults[kind]
		}
		kinds = append(kinds, fmt.Sprintf("%s %d", kind, t.faults[kind]))
	}
	return fmt.Sprintf("soak: %d cycles, %d resources applied and destroyed, %d faults injected (%s), %d failures (target 0), "+
		"%d duplicates, %d orphans, seed %d", t.cycles, t.resources, injected, strings.Join(kinds, ", "), t.failures, t.duplicates, t.orphans, seed)
}

// cycle applies mix against a fresh mock with the given faults, requires that the mock then holds
// exactly the declared objects and that the plan is empty, destroys it and requires that the mock
// is back where it started.
func cycle(bins *e2e.Binaries, work, spec string, mix e2e.Mix) (res result, err error) {
	args := []string{"--faults", spec}
	for _, u := range users {
		args = append(args, "--user", u)
	}
	mock, err := e2e.StartMock(bins.Mock, args...)
	if err != nil {
		return res, err
	}
	defer func() { _ = mock.Stop() }()
	defer func() { res.faults = faultsOf(mock) }() // res is the named result: set on every return
	before, err := counts(mock)
	if err != nil {
		return res, err
	}
	tf, err := e2e.NewTerraform(work, bins, mock, map[string]string{"main.tf": mix.HCL()}, mix.Env()...)
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(tf.Dir)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()

	steps := []struct {
		args []string
		want int
		// check runs after the step: the mock's objects against what the step should leave.
		check func() error
	}{
		{[]string{"apply", "-auto-approve", "-input=false", "-no-color"}, 0, func() error {
			after, err := counts(mock)
			if err != nil {
				return err
			}
			res.duplicates = after.Surplus(before, mix.Declared())
			if problems := after.Diff(before, mix.Declared()); len(problems) > 0 {
				return fmt.Errorf("after apply the mock does not hold exactly the declared objects: %s", strings.Join(problems, "; "))
			}
			return nil
		}},
		{[]string{"plan", "-detailed-exitcode", "-input=false", "-no-color"}, 0, nil},
		{[]string{"destroy", "-auto-approve", "-input=false", "-no-color"}, 0, func() error {
			after, err := counts(mock)
			if err != nil {
				return err
			}
			res.orphans = after.Surplus(before, e2e.Counts{})
			if problems := after.Diff(before, e2e.Counts{}); len(problems) > 0 {
				return fmt.Errorf("destroy left the mock changed: %s", strings.Join(problems, "; "))
			}
			return nil
		}},
	}
	for _, step := range steps {
		out, err := tf.Run(ctx, step.args...)
		if err != nil {
			return res, err
		}
		if out.ExitCode != step.want || strings.Contains(out.Stderr, "inconsistent result") {
			return res, fmt.Errorf("terraform %s exited %d:\n%s", step.args[0], out.ExitCode, lastLines(out.Stdout+out.Stderr, 30))
		}
		if step.check != nil {
			if err := step.check(); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

func counts(mock *e2e.Mock) (e2e.Counts, error) {
	s, err := mock.State()
	if err != nil {
		return nil, err
	}
	return e2e.CountState(s), nil
}

func faultsOf(mock *e2e.Mock) map[string]int {
	stats, err := mock.Stats()
	if err != nil {
		return nil
	}
	return stats.Faults
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
