// Command terraform-provider-zenmlpro serves the zenmlpro Terraform provider (protocol 6).
package main

import (
	"context"
	"errors"
	"flag"
	"log"
	"os"
	"runtime/pprof"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/provider"
)

// version is set by the release build (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	var debug bool
	var cpuProfile, memProfile string
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers such as delve (prints TF_REATTACH_PROVIDERS)")
	flag.StringVar(&cpuProfile, "cpuprofile", "", "with -debug: write a CPU profile of everything served until Ctrl-C to this file")
	flag.StringVar(&memProfile, "memprofile", "", "with -debug: write a heap profile at Ctrl-C to this file")
	flag.Parse()
	if err := run(debug, cpuProfile, memProfile); err != nil {
		log.Fatal(err)
	}
}

func run(debug bool, cpuProfile, memProfile string) error {
	// Profiles need a provider that outlives one Terraform command and stops cleanly: only the
	// -debug mode, which Terraform reattaches to and which ends on Ctrl-C, gives that.
	if (cpuProfile != "" || memProfile != "") && !debug {
		return errors.New("-cpuprofile and -memprofile need -debug")
	}
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}

	quietLogsUnlessAsked()
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: provider.Address,
		Debug:   debug,
	})
	if memProfile != "" {
		if f, ferr := os.Create(memProfile); ferr == nil {
			_ = pprof.WriteHeapProfile(f)
			_ = f.Close()
		}
	}
	return err
}

// logVariables are the variables with which a user asks Terraform for a provider's logs.
var logVariables = []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_ZENMLPRO", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}

// quietLogsUnlessAsked turns the plugin's logs off when the user asked for none. Terraform reads
// a plugin's log lines from its stderr and drops them unless TF_LOG asks for them, yet the plugin
// SDK writes them at TRACE by default: dozens of JSON lines per request that both processes spend
// CPU on, a third of the provider's time in a 1,000-resource plan. With any TF_LOG* set (and
// Terraform passes its environment on to plugins), nothing changes.
func quietLogsUnlessAsked() {
	for _, name := range logVariables {
		if os.Getenv(name) != "" {
			return
		}
	}
	for _, name := range logVariables[1:] {
		_ = os.Setenv(name, "off")
	}
}
