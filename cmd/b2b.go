package cmd

import "github.com/spf13/cobra"

// newB2BCmd is the `b2b` command group: the B2B twins of the consumer
// commands, for projects whose sessions belong to organization members.
func newB2BCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:     "b2b",
		Short:   "Work with a B2B project's organization members and their sessions",
		Args:    cobra.NoArgs,
		Example: examples("stytchctl b2b sessions revoke --profile demo --organization northwind-traders --member member-test-6e1b4d8a-3c9f-4a25-b7e0-4f2d8c6a1e93 --dry-run"),
		RunE: func(c *cobra.Command, args []string) error {
			return c.Help()
		},
	}
	c.AddCommand(newB2BSessionsCmd(a))
	return c
}

// newB2BSessionsCmd is the `b2b sessions` command group.
func newB2BSessionsCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:     "sessions",
		Short:   "List and revoke organization members' sessions",
		Args:    cobra.NoArgs,
		Example: examples("stytchctl b2b sessions revoke --profile demo --organization northwind-traders --member member-test-6e1b4d8a-3c9f-4a25-b7e0-4f2d8c6a1e93 --dry-run"),
		RunE: func(c *cobra.Command, args []string) error {
			return c.Help()
		},
	}
	c.AddCommand(newB2BSessionsRevokeCmd(a))
	return c
}
