package cmd

import "github.com/spf13/cobra"

// newUsersCmd is the `users` command group: finding the person behind a
// support ticket before looking at their sessions.
func newUsersCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "users",
		Short: "Look up a Stytch project's users",
		Args:  cobra.NoArgs,
		Example: examples(
			"stytchctl users get user-test-00000000-0000-4000-8000-000000000001 --profile demo",
			"stytchctl users search --email alice.nakamura@example.com --profile demo",
		),
		RunE: func(c *cobra.Command, args []string) error {
			return c.Help()
		},
	}
	c.AddCommand(newUsersGetCmd(a))
	c.AddCommand(newUsersSearchCmd(a))
	return c
}
