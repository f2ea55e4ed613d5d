package acctest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// MinTerraform is the oldest Terraform the tests accept: write-only attributes need 1.11.
const MinTerraform = "1.11"

// Main is the TestMain of every package with acceptance tests. It gives Terraform a CLI
// configuration of the tests' own (the environment's TF_CLI_CONFIG_FILE may point anywhere, even
// at a missing file), pins the terraform binary found on PATH so that nothing is ever downloaded,
// and fails early with a clear message when that binary is too old.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if os.Getenv("TF_ACC") != "" {
		dir, err := os.MkdirTemp("", "zenmlpro-acctest-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "acctest:", err)
			return 1
		}
		defer os.RemoveAll(dir)
		cliConfig := filepath.Join(dir, "terraform.rc")
		// An empty configuration: providers under test are served in-process (reattach), and no
		// other provider is installed.
		if err := os.WriteFile(cliConfig, []byte("# written by internal/acctest\n"), 0o600); err != nil {
			fmt.Fprintln(os.Stderr, "acctest:", err)
			return 1
		}
		os.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
		os.Setenv("CHECKPOINT_DISABLE", "1")
		if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
			tf, err := exec.LookPath("terraform")
			if err != nil {
				fmt.Fprintf(os.Stderr, "acctest: no terraform on PATH; acceptance tests need Terraform >= %s (or set TF_ACC_TERRAFORM_PATH)\n", MinTerraform)
				return 1
			}
			os.Setenv("TF_ACC_TERRAFORM_PATH", tf)
		}
		if err := checkTerraformVersion(os.Getenv("TF_ACC_TERRAFORM_PATH")); err != nil {
			fmt.Fprintln(os.Stderr, "acctest:", err)
			return 1
		}
	}
	return m.Run()
}

var versionPattern = regexp.MustCompile(`v(\d+)\.(\d+)\.(\d+)`)

func checkTerraformVersion(bin string) error {
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		return fmt.Errorf("running %s version: %w", bin, err)
	}
	m := versionPattern.FindStringSubmatch(string(out))
	if m == nil {
		return fmt.Errorf("cannot read the version of %s from %q", bin, out)
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	if major < 1 || (major == 1 && minor < 11) {
		return fmt.Errorf("%s is Terraform %s.%s; acceptance tests need Terraform >= %s (write-only attributes)", bin, m[1], m[2], MinTerraform)
	}
	return nil
}
