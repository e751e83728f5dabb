package cmd

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// bashCompletionScript is where Debian's bash-completion package (which the
// generated script relies on for _init_completion) keeps its entry point.
const bashCompletionScript = "/usr/share/bash-completion/bash_completion"

// TestBashCompletionInRealBash loads the committed completions/stytchctl.bash
// into a real bash with bash-completion and completes command lines the
// way Tab does; the script calls the stytchctl that testscript puts on
// $PATH. Without bash or bash-completion it skips, except in CI (CI set),
// where it fails: .ci/run installs both.
func TestBashCompletionInRealBash(t *testing.T) {
	missing := ""
	if _, err := exec.LookPath("bash"); err != nil {
		missing = "bash"
	} else if _, err := os.Stat(bashCompletionScript); err != nil {
		missing = "bash-completion (" + bashCompletionScript + ")"
	}
	if missing != "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed; .ci/run should have installed it", missing)
		}
		t.Skipf("%s is not installed (apt-get install bash-completion)", missing)
	}
	script, err := filepath.Abs(filepath.Join("..", "completions", CompletionFileName("bash")))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/completion",
		Setup: func(env *testscript.Env) error {
			env.Setenv("BASH_COMPLETION", bashCompletionScript)
			env.Setenv("STYTCHCTL_BASH_SCRIPT", script)
			return nil
		},
	})
}
