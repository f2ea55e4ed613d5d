// Command zenmlpro-mock serves the mock ZenML Pro control plane (internal/mockcontrolplane) for
// `make demo`, scripts and users' CI. When ready it prints exactly one line to stdout:
//
//	zenmlpro-mock listening on http://127.0.0.1:PORT organization_id=<uuid> api_key=<key>
//
// and nothing else, ever, so that scripts can parse it. It serves until SIGINT or SIGTERM, then
// shuts down gracefully, saves the state when --state is set, and exits 0. Errors go to stderr
// with exit status 2.
//
// `zenmlpro-mock simulate-server` is a stand-in for a ZenML workspace server instead: it makes a
// real server's calls to a control plane, configured as a real server is (simulate.go).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/mockcontrolplane"
)

// repeated is a flag that may be given several times (--api-key, --user, --without).
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

const usageHeader = `zenmlpro-mock: an in-memory mock of the ZenML Pro control-plane API.

Usage:
  zenmlpro-mock [--listen 127.0.0.1:8080] [--api-key KEY]... [--organization NAME] [--user EMAIL]...
                [--state FILE] [--faults SPEC] [--token-ttl 1h] [--provision-delay 2s]
                [--without GROUP[,GROUP]]
  zenmlpro-mock simulate-server [--user-token TOKEN] [--action read] [--resource stack]
                a ZenML workspace server's calls to a control plane (see simulate-server --help)

When ready it prints one line to stdout:
  zenmlpro-mock listening on http://127.0.0.1:PORT organization_id=<uuid> api_key=<key>
It serves until SIGINT or SIGTERM, then saves --state (if set) and exits 0.

Flags:
`

const usageFooter = `
Mock endpoints (no authentication, no faults, not counted; every other request is counted in
/_mock/stats, one the API does not serve under "<METHOD> <unknown> <path>"):
  GET    /_mock/stats                    request counters: {"total","writes","requests":{"GET /teams/{id}":{"200":3}},"faults":{...}}
  DELETE /_mock/stats                    zero the counters
  GET    /_mock/state                    every object (secrets only as SHA-256 hashes), as saved with --state
  POST   /_mock/reset                    back to the state at start
  GET    /_mock/faults                   the fault configuration
  PUT    /_mock/faults                   {"error_rate","rate_limit","drop_response","server_error": 0..1,
                                          "latency","consistency_lag","token_ttl": "10ms", "seed": N,
                                          "max_rps": N, "max_limit": N, "ignore_idempotency": bool}
  POST   /_mock/clock                    {"advance": "10m"}: move the mock's clock forward
  POST   /_mock/organizations            {"name"}: a new organization and its admin API key
  POST   /_mock/users                    {"email","username"?,"organization_id"?}: an Organization Member
  POST   /_mock/users/{id}/token         a person's (or service account's) bearer token, as a server's
                                         user holds: {"access_token","token_type","expires_in","user"}
  POST   /_mock/workspaces/{id}/connect  {"server_url"?,"version"?}: a hybrid server's first login and
                                         report, without the server (simulate-server makes the real calls)
  POST   /_mock/workspaces/{id}/fail     {"reason"}: status failed
  POST   /_mock/invitations/{id}/accept  the invitee accepts

Fault specification (--faults), comma-separated key=value:
  error_rate=0.1,rate_limit=0.1,drop_response=0.05   shares of API calls from 0 to 1
  server_error=0.05                                  share answered 500, half of them after the work
  ignore_idempotency=true                            honour no Idempotency-Key (a repeated POST repeats)
  latency=20ms,consistency_lag=300ms,token_ttl=2s    durations; consistency_lag also delays calls
                                                     naming a new object (its members, keys, bindings)
  seed=7                                             repeatable fault decisions
  max_rps=50                                         at most 50 API calls a second (429 beyond)
  max_limit=20                                       lists refuse a limit above 20 (422)
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "simulate-server" {
		return simulate(args[1:], os.Getenv, stdout, stderr)
	}
	fs := flag.NewFlagSet("zenmlpro-mock", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported below, in one line; --help goes to stdout
	var keys, users repeated
	listen := fs.String("listen", "127.0.0.1:8080", "`address` to listen on; port 0 picks a free port")
	fs.Var(&keys, "api-key", "seed an API `KEY` (repeatable): each is a service account holding Organization Admin in the seeded organization; none: one is generated and printed")
	organization := fs.String("organization", "default", "`name` of the seeded organization")
	fs.Var(&users, "user", "seed an active user with this `EMAIL` (repeatable), an Organization Member of the seeded organization")
	statePath := fs.String("state", "", "state `file`: loaded at start when it exists, written (atomically) on shutdown")
	faultSpec := fs.String("faults", "", "fault injection `spec`, e.g. error_rate=0.1,rate_limit=0.1,latency=20ms,consistency_lag=300ms,drop_response=0.05[,server_error=0.05][,ignore_idempotency=true][,token_ttl=2s][,seed=7]")
	tokenTTL := fs.Duration("token-ttl", time.Hour, "access-token `lifetime`")
	provisionDelay := fs.Duration("provision-delay", 2*time.Second, "how long a managed workspace stays pending; negative: available at once")
	var without repeated
	fs.Var(&without, "without", "switch off groups of calls, `GROUP[,GROUP]` (repeatable): their routes answer 404 {\"detail\": \"Not Found\"}, as on a control plane that does not serve them (groups below)")

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(fs, stdout)
			return 0
		}
		fmt.Fprintf(stderr, "zenmlpro-mock: %v (see --help)\n", err)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "zenmlpro-mock: unexpected argument %q (see --help)\n", fs.Arg(0))
		return 2
	}
	faults, err := mockcontrolplane.ParseFaults(*faultSpec)
	if err != nil {
		fmt.Fprintf(stderr, "zenmlpro-mock: --%v\n", err)
		return 2
	}
	groups, err := mockcontrolplane.ParseRouteGroups(strings.Join(without, ","))
	if err != nil {
		fmt.Fprintf(stderr, "zenmlpro-mock: --without: %v\n", err)
		return 2
	}
	if *tokenTTL <= 0 {
		fmt.Fprintln(stderr, "zenmlpro-mock: --token-ttl must be positive")
		return 2
	}
	delay := *provisionDelay
	if delay == 0 {
		delay = -1 // the flag's 0 means "at once"; the library's 0 means its default
	}
	srv, err := mockcontrolplane.New(mockcontrolplane.Options{
		Organization:   *organization,
		APIKeys:        keys,
		Users:          users,
		TokenTTL:       *tokenTTL,
		Faults:         faults,
		ProvisionDelay: delay,
		StatePath:      *statePath,
		Without:        groups,
	})
	if err != nil {
		fmt.Fprintf(stderr, "zenmlpro-mock: %v\n", err)
		return 2
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "zenmlpro-mock: %v\n", err)
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	httpServer := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- httpServer.Serve(ln) }()

	fmt.Fprintf(stdout, "zenmlpro-mock listening on http://%s organization_id=%s api_key=%s\n",
		ln.Addr().String(), srv.OrganizationID(), srv.APIKey())

	select {
	case <-ctx.Done():
	case err := <-served:
		fmt.Fprintf(stderr, "zenmlpro-mock: %v\n", err)
		return 2
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		fmt.Fprintf(stderr, "zenmlpro-mock: shutdown: %v\n", err)
	}
	if err := srv.Save(); err != nil {
		fmt.Fprintf(stderr, "zenmlpro-mock: %v\n", err)
		return 1
	}
	return 0
}

// printUsage documents every flag in the --name form the usage line shows.
func printUsage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprint(w, usageHeader)
	printFlags(fs, w)
	fmt.Fprint(w, usageFooter)
	fmt.Fprint(w, "\nRoute groups (--without), each switching off these calls:\n")
	calls := mockcontrolplane.RouteGroupCalls()
	for _, g := range mockcontrolplane.RouteGroups() {
		// One line per group, wrapped so that the long service_accounts list stays readable.
		line := fmt.Sprintf("  %-24s", g)
		for i, call := range calls[g] {
			if i > 0 {
				line += ","
			}
			if len(line)+1+len(call) > 100 {
				fmt.Fprintln(w, line)
				line = strings.Repeat(" ", 26)
			}
			line += " " + call
		}
		fmt.Fprintln(w, line)
	}
}

// printFlags lists the flags in the --name form the usage lines show.
func printFlags(fs *flag.FlagSet, w io.Writer) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		fmt.Fprintf(w, "  --%s %s\n        %s", f.Name, name, usage)
		if f.DefValue != "" && f.DefValue != "[]" {
			fmt.Fprintf(w, " (default %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}
