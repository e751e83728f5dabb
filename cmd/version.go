package cmd

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version, commit and build date",
		Args:    cobra.NoArgs,
		Example: examples("stytchctl version", "stytchctl --version"),
		RunE: func(c *cobra.Command, args []string) error {
			b := a.deps.Build
			_, err := fmt.Fprintf(a.deps.Stdout, "stytchctl %s\n", b.Version)
			if err != nil {
				return err
			}
			if b.Commit != "" {
				fmt.Fprintf(a.deps.Stdout, "commit: %s\n", b.Commit)
			}
			if b.Date != "" {
				fmt.Fprintf(a.deps.Stdout, "built: %s\n", b.Date)
			}
			_, err = fmt.Fprintf(a.deps.Stdout, "go: %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}
