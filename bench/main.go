// Command bench measures the provider against Terraform's own floor (`make bench`).
//
// For each N it generates a realistic configuration (teams, memberships, role bindings,
// workspaces), applies it against the mock control plane, then times `terraform plan` with a full
// refresh and with -refresh=false, three times each (the median is reported). Two floors are
// measured in the same run with the same N: N terraform_data resources (Terraform alone, no
// plugin) and N resources of the plugin floor in ./floorprovider (a framework provider that does
// no I/O). It reports wall time, the ratios to both floors, API requests per resource (from the
// mock's /_mock/stats) and the provider's peak RSS, writes bench/results/latest.{json,md} and
// prints the table.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/e2e"
)

// Targets of the performance issue, checked in the table.
const (
	targetRefreshRatio        = 1.25 // refresh plan vs the plugin floor, N = 1000, mock as it is
	targetRefreshRatioLatency = 2.5  // the same with latency=50ms
	targetListedPerResource   = 0.2  // requests per refreshed binding or membership
	targetOtherPerResource    = 1.0  // requests per other refreshed resource
	targetApplyPerResource    = 2.0  // requests per created resource
	targetPeakRSSMB           = 150
	targetGrowth              = 12.0 // time at N=1000 over time at N=100
)

// Result is one scenario at one N.
type Result struct {
	Scenario  string `json:"scenario"` // zenmlpro, zenmlpro+latency50ms, plugin-floor, terraform_data
	N         int    `json:"n"`
	Resources int    `json:"resources"`

	ApplySeconds     float64   `json:"apply_seconds"`
	RefreshSeconds   []float64 `json:"plan_refresh_seconds"`
	NoRefreshSeconds []float64 `json:"plan_no_refresh_seconds"`
	RefreshMedian    float64   `json:"plan_refresh_median_seconds"`
	NoRefreshMedian  float64   `json:"plan_no_refresh_median_seconds"`
	PeakRSSMB        float64   `json:"provider_peak_rss_mb,omitempty"`

	// zenmlpro only.
	ApplyRequests          int            `json:"apply_requests,omitempty"`
	ApplyPerResource       float64        `json:"apply_requests_per_resource,omitempty"`
	RefreshRequests        map[string]int `json:"refresh_requests_by_route,omitempty"`
	ListedPerResource      float64        `json:"refresh_requests_per_binding_or_membership,omitempty"`
	OtherPerResource       float64        `json:"refresh_requests_per_other_resource,omitempty"`
	RefreshRequestsPerRes  float64        `json:"refresh_requests_per_resource,omitempty"`
	BindingsAndMemberships int            `json:"bindings_and_memberships,omitempty"`
}

type harness struct {
	bins      *e2e.Binaries
	cliConfig string
	work      string
	runs      int
}

func main() {
	sizes := flag.String("n", "100,500,1000", "comma-separated resource counts")
	runs := flag.Int("runs", 3, "plans per measurement (the median is reported)")
	latencyN := flag.Int("latency-n", 1000, "also measure zenmlpro at this N with the mock's latency=50ms (0: skip)")
	out := flag.String("out", "bench/results", "directory for latest.json and latest.md")
	emit := flag.Int("emit", 0, "print the zenmlpro configuration of this N and exit (to profile or inspect it)")
	renderFrom := flag.String("render", "", "print the table of a results JSON file (such as bench/results/latest.json) and exit")
	flag.Parse()
	if *emit > 0 {
		fmt.Print(realisticMix(*emit).HCL())
		return
	}
	if *renderFrom != "" {
		raw, err := os.ReadFile(*renderFrom)
		if err != nil {
			log.Fatal(err)
		}
		var saved struct{ Results []Result }
		if err := json.Unmarshal(raw, &saved); err != nil {
			log.Fatal(err)
		}
		fmt.Print(render(saved.Results))
		return
	}

	if err := run(*sizes, *runs, *latencyN, *out); err != nil {
		log.Fatal(err)
	}
}

func run(sizes string, runs, latencyN int, out string) error {
	root, err := e2e.RepoRoot()
	if err != nil {
		return err
	}
	if err := os.Chdir(root); err != nil {
		return err
	}
	h, err := newHarness(root, runs)
	if err != nil {
		return err
	}
	defer os.RemoveAll(h.bins.Dir)
	defer os.RemoveAll(h.work)

	var results []Result
	for _, field := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 25 {
			return fmt.Errorf("-n: %q is not a count of at least 25", field)
		}
		for _, scenario := range []string{"terraform_data", "plugin-floor", "plugin-floor-shaped", "zenmlpro"} {
			r, err := h.measure(scenario, n, "")
			if err != nil {
				return fmt.Errorf("%s at N=%d: %w", scenario, n, err)
			}
			results = append(results, *r)
			log.Printf("%-22s N=%-5d refresh %.2fs  no-refresh %.2fs  apply %.2fs", scenario, n, r.RefreshMedian, r.NoRefreshMedian, r.ApplySeconds)
		}
		if n == latencyN {
			r, err := h.measure("zenmlpro", n, "latency=50ms")
			if err != nil {
				return fmt.Errorf("zenmlpro with latency at N=%d: %w", n, err)
			}
			results = append(results, *r)
			log.Printf("%-22s N=%-5d refresh %.2fs  no-refresh %.2fs  apply %.2fs", r.Scenario, n, r.RefreshMedian, r.NoRefreshMedian, r.ApplySeconds)
		}
	}

	table := render(results)
	fmt.Print(table)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	raw, _ := json.MarshalIndent(map[string]any{"when": time.Now().UTC().Format(time.RFC3339), "results": results}, "", "  ")
	if err := os.WriteFile(filepath.Join(out, "latest.json"), append(raw, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "latest.md"), []byte(table), 0o644)
}

func newHarness(root string, runs int) (*harness, error) {
	bins, err := e2e.Build(root)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("go", "build", "-o", filepath.Join(bins.Dir, "terraform-provider-floor"), "./bench/floorprovider")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the plugin floor: %w\n%s", err, out)
	}
	cliConfig := filepath.Join(bins.Dir, "bench.tfrc")
	config := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "zenml-io/zenmlpro" = %q
    "bench/floor"       = %q
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
`, bins.Dir, bins.Dir)
	if err := os.WriteFile(cliConfig, []byte(config), 0o600); err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp("", "zenmlpro-bench-")
	if err != nil {
		return nil, err
	}
	bins.CLIConfig = cliConfig
	return &harness{bins: bins, cliConfig: cliConfig, work: work, runs: runs}, nil
}

// users are the organization members the memberships use.
var users = []string{"u01@example.com", "u02@example.com", "u03@example.com", "u04@example.com", "u05@example.com", "u06@example.com",
	"u07@example.com", "u08@example.com", "u09@example.com", "u10@example.com", "u11@example.com", "u12@example.com"}

// realisticMix is N resources as a platform team would have them: per 100 resources, 4 workspaces,
// 8 teams of 6 members (48 memberships) and 40 role bindings (each team holds one organization
// role and four workspace roles).
func realisticMix(n int) e2e.Mix {
	return e2e.Mix{Prefix: "bench", Users: users, Workspaces: n / 25, Teams: n * 2 / 25, TeamMembers: 6, OrgBindings: 1, WSBindings: 4}
}

func (h *harness) measure(scenario string, n int, faults string) (*Result, error) {
	var mock *e2e.Mock
	args := []string{}
	for _, u := range users {
		args = append(args, "--user", u)
	}
	if faults != "" {
		args = append(args, "--faults", faults)
	}
	mock, err := e2e.StartMock(h.bins.Mock, args...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = mock.Stop() }()

	r := &Result{Scenario: scenario, N: n}
	var hcl string
	mix := realisticMix(n)
	switch scenario {
	case "terraform_data":
		hcl = fmt.Sprintf("resource \"terraform_data\" \"r\" {\n  count = %d\n  input = \"v-${count.index}\"\n}\n", n)
		r.Resources = n
	case "plugin-floor":
		hcl = floorPreamble + fmt.Sprintf("resource \"floor_thing\" \"r\" {\n  count = %d\n  value = \"v-${count.index}\"\n}\n", n)
		r.Resources = n
	case "plugin-floor-shaped":
		hcl = floorShaped(mix.HCL())
		r.Resources = mix.Resources()
	default:
		hcl = mix.HCL()
		r.Resources = mix.Resources()
		r.BindingsAndMemberships = mix.Teams*mix.TeamMembers + mix.Teams*(mix.OrgBindings+mix.WSBindings)
		if faults != "" {
			r.Scenario += "+" + strings.ReplaceAll(faults, "=", "")
		}
	}
	tf, err := e2e.NewTerraform(h.work, h.bins, mock, map[string]string{"main.tf": hcl})
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tf.Dir)
	ctx := context.Background()

	res, err := tf.Run(ctx, "apply", "-auto-approve", "-input=false", "-no-color")
	if err == nil {
		err = res.MustSucceed("terraform apply")
	}
	if err != nil {
		return nil, err
	}
	r.ApplySeconds = res.Duration.Seconds()
	stats, err := mock.Stats()
	if err != nil {
		return nil, err
	}
	r.ApplyRequests = stats.Total
	if scenario == "zenmlpro" {
		r.ApplyPerResource = float64(stats.Total) / float64(r.Resources)
	}

	plugin := map[string]string{"zenmlpro": "terraform-provider-zenmlpro", "plugin-floor": "terraform-provider-floor",
		"plugin-floor-shaped": "terraform-provider-floor"}[scenario]
	for i := 0; i < h.runs; i++ {
		if err := mock.ResetStats(); err != nil {
			return nil, err
		}
		d, rss, err := h.plan(tf, plugin, "plan", "-input=false", "-no-color", "-detailed-exitcode")
		if err != nil {
			return nil, err
		}
		r.RefreshSeconds = append(r.RefreshSeconds, d)
		r.PeakRSSMB = max(r.PeakRSSMB, rss)
		if i == 0 && scenario == "zenmlpro" {
			stats, err := mock.Stats()
			if err != nil {
				return nil, err
			}
			r.countRefresh(stats.Requests, mix)
		}
		d, _, err = h.plan(tf, plugin, "plan", "-refresh=false", "-input=false", "-no-color", "-detailed-exitcode")
		if err != nil {
			return nil, err
		}
		r.NoRefreshSeconds = append(r.NoRefreshSeconds, d)
	}
	r.RefreshMedian, r.NoRefreshMedian = median(r.RefreshSeconds), median(r.NoRefreshSeconds)
	return r, nil
}

const floorPreamble = `terraform {
  required_providers {
    floor = { source = "bench/floor" }
  }
}

`

var (
	resourceHeader = regexp.MustCompile(`^resource "zenmlpro_(\w+)" "(\w+)" \{$`)
	dataHeader     = regexp.MustCompile(`^data "zenmlpro_(\w+)" "(\w+)" \{$`)
	attributeLine  = regexp.MustCompile(`^  (\w+)\s*= (.+)$`)
	dataReference  = regexp.MustCompile(`data\.zenmlpro_(\w+)\.(\w+)`)
	resourceRef    = regexp.MustCompile(`\bzenmlpro_(\w+)\.(\w+)`)
)

// floorShaped mirrors a zenmlpro configuration with the plugin floor, block for block: the same
// count and for_each expressions, the same references between objects (hence the same graph), and
// every other argument folded into the floor's one string attribute. Terraform does the same work
// evaluating both; what differs is what the two plugins cost.
func floorShaped(hcl string) string {
	var b strings.Builder
	b.WriteString(floorPreamble)
	lines := strings.Split(hcl, "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if strings.HasPrefix(line, "terraform {") || strings.HasPrefix(line, `provider "zenmlpro"`) {
			for ; i < len(lines) && lines[i] != "}" && !strings.HasSuffix(lines[i], "{}"); i++ {
			}
			continue
		}
		header := ""
		if m := resourceHeader.FindStringSubmatch(line); m != nil {
			header = fmt.Sprintf("resource \"floor_thing\" \"%s__%s\" {", m[1], m[2])
		} else if m := dataHeader.FindStringSubmatch(line); m != nil {
			header = fmt.Sprintf("data \"floor_lookup\" \"%s__%s\" {", m[1], m[2])
		}
		if header == "" {
			b.WriteString(rename(line) + "\n")
			continue
		}
		b.WriteString(header + "\n")
		var args []string
		for i++; i < len(lines) && lines[i] != "}"; i++ {
			m := attributeLine.FindStringSubmatch(lines[i])
			switch {
			case m == nil:
				continue
			case m[1] == "count" || m[1] == "for_each":
				b.WriteString(rename(lines[i]) + "\n")
			default:
				args = append(args, fmt.Sprintf("%s = %s", m[1], rename(m[2])))
			}
		}
		fmt.Fprintf(&b, "  value = jsonencode({ %s })\n}\n", strings.Join(args, ", "))
	}
	return b.String()
}

func rename(s string) string {
	s = dataReference.ReplaceAllString(s, "data.floor_lookup.${1}__${2}")
	return resourceRef.ReplaceAllString(s, "floor_thing.${1}__${2}")
}

// plan runs a plan that must be empty, sampling the peak RSS of the plugin process meanwhile.
func (h *harness) plan(tf *e2e.Terraform, plugin string, args ...string) (seconds, peakRSSMB float64, err error) {
	done := make(chan struct{})
	peak := make(chan float64, 1)
	go func() { peak <- samplePeakRSS(plugin, done) }()
	res, err := tf.Run(context.Background(), args...)
	close(done)
	rss := <-peak
	if err != nil {
		return 0, 0, err
	}
	if res.ExitCode != 0 {
		return 0, 0, fmt.Errorf("plan %v exited %d (a benchmark plan must be empty):\n%s\n%s", args, res.ExitCode, res.Stdout, res.Stderr)
	}
	return res.Duration.Seconds(), rss, nil
}

// samplePeakRSS watches for processes running the named plugin binary until done, and returns the
// highest VmHWM (peak resident set) seen, in MB. VmHWM is the peak over the process's life, so
// sampling every 20 ms misses nothing but the last few milliseconds.
func samplePeakRSS(plugin string, done <-chan struct{}) float64 {
	if plugin == "" {
		return 0
	}
	var peakKB float64
	ticker := time.NewTicker(20 * time.Millisecond)
	defer ticker.Stop()
	for {
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			if _, err := strconv.Atoi(e.Name()); err != nil {
				continue
			}
			exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
			if err != nil || filepath.Base(exe) != plugin {
				continue
			}
			status, err := os.ReadFile(filepath.Join("/proc", e.Name(), "status"))
			if err != nil {
				continue
			}
			for _, line := range strings.Split(string(status), "\n") {
				if strings.HasPrefix(line, "VmHWM:") {
					if kb, err := strconv.ParseFloat(strings.Fields(line)[1], 64); err == nil {
						peakKB = max(peakKB, kb)
					}
				}
			}
		}
		select {
		case <-done:
			return peakKB / 1024
		case <-ticker.C:
		}
	}
}

// countRefresh sorts the requests of one refreshing plan into those that serve bindings and
// memberships (the cached lists) and those that serve the other resources.
func (r *Result) countRefresh(requests map[string]map[string]int, mix e2e.Mix) {
	r.RefreshRequests = map[string]int{}
	total, listed, other := 0, 0, 0
	for route, byStatus := range requests {
		n := 0
		for _, c := range byStatus {
			n += c
		}
		r.RefreshRequests[route] = n
		total += n
		switch route {
		case "GET /roles/{id}/assignments", "GET /teams/{id}/members":
			listed += n
		case "GET /workspaces/{id}", "GET /teams/{id}":
			other += n
		}
	}
	r.RefreshRequestsPerRes = float64(total) / float64(r.Resources)
	r.ListedPerResource = float64(listed) / float64(r.BindingsAndMemberships)
	r.OtherPerResource = float64(other) / float64(mix.Workspaces+mix.Teams)
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func render(results []Result) string {
	find := func(scenario string, n int) *Result {
		for i := range results {
			if results[i].Scenario == scenario && results[i].N == n {
				return &results[i]
			}
		}
		return nil
	}
	ratio := func(r, base *Result) float64 {
		if r == nil || base == nil || base.RefreshMedian == 0 {
			return 0
		}
		return r.RefreshMedian / base.RefreshMedian
	}
	var b strings.Builder
	b.WriteString("| scenario | N | resources | apply s | plan (refresh) s | plan -refresh=false s | × floor, same shape | × floor, count | × terraform_data | req/res apply | req/res refresh (bindings+memberships / other / all) | peak RSS MB |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for i := range results {
		r := &results[i]
		cell := func(x float64) string {
			if x == 0 {
				return "–"
			}
			return fmt.Sprintf("%.2f", x)
		}
		reqs, apply, rss := "–", "–", "–"
		if strings.HasPrefix(r.Scenario, "zenmlpro") {
			reqs = fmt.Sprintf("%.3f / %.2f / %.2f", r.ListedPerResource, r.OtherPerResource, r.RefreshRequestsPerRes)
			apply = fmt.Sprintf("%.2f", r.ApplyPerResource)
		}
		if r.PeakRSSMB > 0 {
			rss = fmt.Sprintf("%.0f", r.PeakRSSMB)
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s | %s |\n", r.Scenario, r.N, r.Resources,
			r.ApplySeconds, r.RefreshMedian, r.NoRefreshMedian, cell(ratio(r, find("plugin-floor-shaped", r.N))),
			cell(ratio(r, find("plugin-floor", r.N))), cell(ratio(r, find("terraform_data", r.N))), apply, reqs, rss)
	}
	b.WriteString("\nThe plugin floor is measured twice: with the same configuration as zenmlpro (same blocks, count and " +
		"for_each, references and data sources: Terraform does the same work for both, so the ratio is what the provider " +
		"costs), and as one count block of N resources. Targets are judged against the first; the second ratio is shown " +
		"beside it, and includes what Terraform itself spends on the richer configuration.\n\nTargets (N = 1000 unless said):\n\n")
	check := func(ok bool) string {
		if ok {
			return "met"
		}
		return "MISSED"
	}
	z, shaped, floor := find("zenmlpro", 1000), find("plugin-floor-shaped", 1000), find("plugin-floor", 1000)
	zl := find("zenmlpro+latency50ms", 1000)
	z100 := find("zenmlpro", 100)
	if z != nil && shaped != nil {
		x := ratio(z, shaped)
		fmt.Fprintf(&b, "- refresh plan ≤ %.2f× the plugin floor: %.2f× — %s (%.2f× the count-only floor)\n", targetRefreshRatio, x, check(x <= targetRefreshRatio), ratio(z, floor))
		if zl != nil {
			x := ratio(zl, shaped)
			fmt.Fprintf(&b, "- with latency=50ms ≤ %.1f× the plugin floor: %.2f× — %s (%.2f× the count-only floor)\n", targetRefreshRatioLatency, x, check(x <= targetRefreshRatioLatency), ratio(zl, floor))
		}
		fmt.Fprintf(&b, "- requests per refreshed binding or membership ≤ %.1f: %.3f — %s\n", targetListedPerResource, z.ListedPerResource, check(z.ListedPerResource <= targetListedPerResource))
		fmt.Fprintf(&b, "- requests per other refreshed resource ≤ %.0f: %.2f — %s\n", targetOtherPerResource, z.OtherPerResource, check(z.OtherPerResource <= targetOtherPerResource))
		fmt.Fprintf(&b, "- requests per created resource ≤ %.0f: %.2f — %s\n", targetApplyPerResource, z.ApplyPerResource, check(z.ApplyPerResource <= targetApplyPerResource))
		fmt.Fprintf(&b, "- provider peak RSS ≤ %d MB: %.0f MB — %s\n", targetPeakRSSMB, z.PeakRSSMB, check(z.PeakRSSMB <= targetPeakRSSMB))
	}
	if z != nil && z100 != nil && z100.RefreshMedian > 0 {
		growth := z.RefreshMedian / z100.RefreshMedian
		fmt.Fprintf(&b, "- growth, refresh time N=1000 / N=100 ≤ %.0f: %.1f — %s\n", targetGrowth, growth, check(growth <= targetGrowth))
	}
	return b.String()
}
