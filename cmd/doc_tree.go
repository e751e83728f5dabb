package cmd

import (
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// CommandTree returns stytchctl's complete command tree, for generators of
// documentation and completion scripts (completions/gen): cobra's help
// command and --version flag included, exactly as a user's binary has it. Its commands must
// not be executed: they have no streams, an empty environment and no way to
// reach the network.
func CommandTree(b BuildInfo) *cobra.Command {
	if b.Version == "" {
		b.Version = "dev"
	}
	deps := &Deps{
		Stdin:     strings.NewReader(""),
		Stdout:    io.Discard,
		Stderr:    io.Discard,
		TermWidth: func() int { return 0 },
		LookupEnv: func(string) (string, bool) { return "", false },
		Now:       time.Now,
		Build:     b,
	}
	root := newRootCmd(&app{deps: deps})
	// Cobra adds --version when it executes; documentation needs it now.
	root.InitDefaultVersionFlag()
	return root
}
