package cmd

import (
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// CommandTree returns stytchctl's complete command tree, for generators of
// documentation and completion scripts (completions/gen): cobra's help
// command included, exactly as a user's binary has it. Its commands must
// not be executed: they have no streams, an empty environment and no way to
// reach the network.
func CommandTree(b BuildInfo) *cobra.Command {
	deps := &Deps{
		Stdin:     strings.NewReader(""),
		Stdout:    io.Discard,
		Stderr:    io.Discard,
		TermWidth: func() int { return 0 },
		LookupEnv: func(string) (string, bool) { return "", false },
		Now:       time.Now,
		Build:     b,
	}
	return newRootCmd(&app{deps: deps})
}
