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
			"stytchctl users get user-test-b4d2e8f1-6a3c-4e97-8d05-f1c3a7e9b264",
			"stytchctl users search --email alice.nakamura@example.com",
		),
	},
		newUsersGetCmd(a),
		newUsersSearchCmd(a),
	)
}
