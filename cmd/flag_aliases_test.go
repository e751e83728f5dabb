package cmd

import (
	"regexp"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestHelpSpeaksTheNewDialect: examples, Longs and help topics never
// teach an old spelling that is kept only as a hidden alias (--user-id,
// --member-id, --organization): a flag named in help is a flag some
// command shows under that name.
func TestHelpSpeaksTheNewDialect(t *testing.T) {
	root := CommandTree(BuildInfo{})
	shown, aliased := map[string]bool{}, map[string]string{}
	var cmds []*cobra.Command
	walkCommands(root, func(c *cobra.Command) { cmds = append(cmds, c) })
	for _, c := range cmds {
		c.Flags().VisitAll(func(f *pflag.Flag) { shown[f.Name] = true })
		c.InheritedFlags().VisitAll(func(f *pflag.Flag) { shown[f.Name] = true })
	}
	flagRE := regexp.MustCompile(`--([a-z][a-z0-9-]+)`)
	for _, c := range cmds {
		for _, m := range flagRE.FindAllStringSubmatch(c.Example+"\n"+c.Long, -1) {
			if m[1] == "session" && c.Name() == "revoking" {
				t.Errorf("help revoking names --session: b2b sessions revoke takes sessions as arguments")
			}
			name := m[1]
			if shown[name] {
				continue
			}
			for _, other := range cmds {
				if f := other.Flags().Lookup(name); f != nil && f.Name != name {
					aliased[c.CommandPath()+": --"+name] = "--" + f.Name
				}
			}
		}
	}
	for where, want := range aliased {
		t.Errorf("%s is an old spelling; help should say %s", where, want)
	}
}
