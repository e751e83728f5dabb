package cmd

import "github.com/spf13/cobra"

// oneUserValue is the --user of a command that takes one user at a time
// (sessions devices, sessions watch, users get). A plain string flag would
// keep the last of -u a -u b without a word; this one joins repeated
// values with commas, so checkOneUser refuses them as it refuses -u a,b.
type oneUserValue struct {
	p   *string
	set bool
}

func (v *oneUserValue) Set(s string) error {
	if v.set {
		s = *v.p + "," + s
	}
	*v.p, v.set = s, true
	return nil
}

func (v *oneUserValue) String() string { return *v.p }
func (v *oneUserValue) Type() string   { return "string" }

// bindOneUser adds -u/--user to c, stored in p, for a command that takes
// one user at a time; usage is the flag's help.
func bindOneUser(c *cobra.Command, p *string, usage string) {
	c.Flags().VarP(&oneUserValue{p: p}, "user", "u", usage)
}
