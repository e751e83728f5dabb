package cmd

import "github.com/spf13/cobra"

// newUsersCmd is the `users` command group: finding the person behind a
// support ticket before looking at their sessions.
func newUsersCmd(a *app) *cobra.Command {
	return group(&cobra.Command{
		Use:     "users",
		Aliases: []string{"user"},
		Short:   "Look up a Stytch project's users",
		Example: examples(
			"stytchctl users get user-test-00000000-0000-4000-8000-000000000001 --profile demo",
			"stytchctl users search --email alice.nakamura@example.com --profile demo",
		),
	},
		newUsersGetCmd(a),
		newUsersSearchCmd(a),
	)
}
