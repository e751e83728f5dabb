package cmd

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// maxInitAllocs bounds the allocations of each of stytchctl's own packages
// while the process starts. Every command, --version and completion
// included, pays for package initialisation, so package-level values must
// stay cheap: regular expressions are compiled on first use (a UUID
// pattern alone is a few hundred allocations), nothing touches the keyring,
// the terminal or the network. The README's start-up figure is measured
// against a bare Cobra binary; this guards the part of it that is ours.
const maxInitAllocs = 64

// TestStartupInitIsLight re-runs this test binary with
// GODEBUG=inittrace=1, which makes the runtime report each package's
// initialisation, and checks stytchctl's packages against maxInitAllocs.
func TestStartupInitIsLight(t *testing.T) {
	if os.Getenv("STYTCHCTL_INITTRACE_CHILD") != "" {
		return
	}
	c := exec.Command(os.Args[0], "-test.run=^$")
	c.Env = append(os.Environ(), "GODEBUG=inittrace=1", "STYTCHCTL_INITTRACE_CHILD=1")
	out, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("re-running the test binary: %v\n%s", err, out)
	}
	// init github.com/stytchctl/stytchctl/api @5.6 ms, 0.001 ms clock, 216 bytes, 6 allocs
	line := regexp.MustCompile(`(?m)^init (github\.com/stytchctl/stytchctl/\S+) @.* (\d+) allocs$`)
	seen := 0
	for _, m := range line.FindAllStringSubmatch(string(out), -1) {
		seen++
		n, _ := strconv.Atoi(m[2])
		if n > maxInitAllocs {
			t.Errorf("package %s makes %d allocations at start-up (limit %d): move the work behind first use, e.g. sync.OnceValue", m[1], n, maxInitAllocs)
		}
	}
	if seen < 3 {
		t.Fatalf("inittrace reported %d stytchctl packages; output:\n%s", seen, out)
	}
}
