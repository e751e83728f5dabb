package cmd

import "github.com/spf13/cobra"

// group makes c a command group: run bare it prints its help (with its
// subcommands), it takes no arguments of its own, and it holds children.
func group(c *cobra.Command, children ...*cobra.Command) *cobra.Command {
	c.Args = noSubcommandArgs
	c.RunE = func(c *cobra.Command, args []string) error { return c.Help() }
	c.AddCommand(children...)
	return c
}
