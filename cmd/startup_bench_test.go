package cmd

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

// BenchmarkRunVersion measures what every run pays before its command's
// own work: building the command tree for a run (lazily: no value
// completions, no help topic texts) and parsing the arguments.
// BenchmarkCommandTree builds the whole tree, as documentation does.
func BenchmarkRunVersion(b *testing.B) {
	deps := &Deps{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard,
		LookupEnv: func(string) (string, bool) { return "", false }, Now: time.Now, Build: BuildInfo{Version: "dev"}}
	for b.Loop() {
		if code := Run(context.Background(), deps, []string{"--version"}); code != ExitOK {
			b.Fatalf("exit %d", code)
		}
	}
}

func BenchmarkCommandTree(b *testing.B) {
	for b.Loop() {
		if CommandTree(BuildInfo{}) == nil {
			b.Fatal("no tree")
		}
	}
}
