package cmd

import "github.com/spf13/cobra"

// newB2BCmd is the `b2b` command group: the same jobs as the consumer
// commands for B2B projects, where sessions belong to organization members.
func newB2BCmd(a *app) *cobra.Command {
	return group(&cobra.Command{
		Use:   "b2b",
		Short: "Work with a B2B project's members and their sessions",
		Example: examples(
			"stytchctl b2b members search --organization organization-test-2f6a9c1e-8d4b-4e73-a5f0-1b7c3e9d6a82 --email-contains northwind",
			"stytchctl b2b sessions list --organization northwind-traders --email priya.natarajan@northwind.example",
			"stytchctl b2b sessions revoke --organization northwind-traders --member member-test-6e1b4d8a-3c9f-4a25-b7e0-4f2d8c6a1e93 --dry-run",
		),
	},
		newB2BSessionsCmd(a),
		newB2BMembersCmd(a),
	)
}

// newB2BSessionsCmd is the `b2b sessions` command group.
func newB2BSessionsCmd(a *app) *cobra.Command {
	return group(&cobra.Command{
		Use:     "sessions",
		Short:   "List and revoke organization members' sessions",
		Example: examples("stytchctl b2b sessions list --organization northwind-traders --member member-test-6e1b4d8a-3c9f-4a25-b7e0-4f2d8c6a1e93"),
	},
		newB2BSessionsListCmd(a),
		newB2BSessionsRevokeCmd(a),
	)
}

// newB2BMembersCmd is the `b2b members` command group.
func newB2BMembersCmd(a *app) *cobra.Command {
	return group(&cobra.Command{
		Use:     "members",
		Short:   "Find organization members",
		Example: examples("stytchctl b2b members search --organization organization-test-2f6a9c1e-8d4b-4e73-a5f0-1b7c3e9d6a82 --status active"),
	},
		newB2BMembersSearchCmd(a),
	)
}
