package cmd

import "github.com/spf13/cobra"

// newSessionsCmd is the `sessions` command group.
func newSessionsCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:     "sessions",
		Short:   "List and manage users' sessions",
		Args:    cobra.NoArgs,
		Example: examples("stytchctl sessions list --user user-test-00000000-0000-4000-8000-000000000001 --profile demo"),
		RunE: func(c *cobra.Command, args []string) error {
			return c.Help()
		},
	}
	c.AddCommand(newSessionsListCmd(a))
	c.AddCommand(newSessionsDecodeCmd(a))
	c.AddCommand(newSessionsRevokeCmd(a))
	c.AddCommand(newSessionsJournalCmd(a))
	c.AddCommand(newSessionsDevicesCmd(a))
	c.AddCommand(newSessionsAuditCmd(a))
	c.AddCommand(newSessionsWatchCmd(a))
	return c
}
