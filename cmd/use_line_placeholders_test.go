package cmd

import (
	"regexp"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestUseLinesNameValuesAsFlagsDo: a flag's value in a usage line has the
// placeholder its Flags line has (--interval DURATION in both, never
// --interval D in one and DURATION in the other).
func TestUseLinesNameValuesAsFlagsDo(t *testing.T) {
	flagRE := regexp.MustCompile(`--([a-z][a-z0-9-]*)[ =]([A-Z][A-Z_|]*)\b`)
	walkCommands(CommandTree(BuildInfo{}), func(c *cobra.Command) {
		for _, m := range flagRE.FindAllStringSubmatch(c.Use, -1) {
			f := c.Flags().Lookup(m[1])
			if f == nil {
				continue
			}
			if name, _ := pflag.UnquoteUsage(f); name != m[2] {
				t.Errorf("%s: usage line says --%s %s, its flag says --%s %s", c.CommandPath(), m[1], m[2], f.Name, name)
			}
		}
	})
}
