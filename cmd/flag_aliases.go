package cmd

import (
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// aliasFlags makes each old flag name in aliases (old name → current name)
// a working, hidden spelling of the current one on c: --user-id ID sets
// --user, help and completion offer only --user, and an error about the
// value names --user. Any normalization c already had still applies.
func aliasFlags(c *cobra.Command, aliases map[string]string) {
	f := c.Flags()
	prev := f.GetNormalizeFunc()
	f.SetNormalizeFunc(func(fs *pflag.FlagSet, name string) pflag.NormalizedName {
		if to, ok := aliases[name]; ok {
			name = to
		}
		return prev(fs, name)
	})
}
