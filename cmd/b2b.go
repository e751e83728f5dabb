package cmd

import "github.com/spf13/cobra"

// newB2BCmd is the `b2b` command group: the same jobs as the consumer
// commands for B2B projects, where sessions belong to organization members.
func newB2BCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "b2b",
		Short: "Work with a B2B project's members and their sessions",
		Args:  cobra.NoArgs,
		Example: examples(
			"stytchctl b2b members search --profile demo --organization organization-test-2f6a9c1e-8d4b-4e73-a5f0-1b7c3e9d6a82 --email-contains northwind",
			"stytchctl b2b sessions list --profile demo --organization northwind-traders --email priya.natarajan@northwind.example",
			"stytchctl b2b sessions revoke --profile demo --organization northwind-traders --member member-test-6e1b4d8a-3c9f-4a25-b7e0-4f2d8c6a1e93 --dry-run",
		),
		RunE: func(c *cobra.Command, args []string) error {
			return c.Help()
		},
	}
	c.AddCommand(newB2BSessionsCmd(a))
	c.AddCommand(newB2BMembersCmd(a))
	return c
}

// newB2BSessionsCmd is the `b2b sessions` command group.
func newB2BSessionsCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:     "sessions",
		Short:   "List and revoke organization members' sessions",
		Args:    cobra.NoArgs,
		Example: examples("stytchctl b2b sessions list --profile demo --organization northwind-traders --member member-test-6e1b4d8a-3c9f-4a25-b7e0-4f2d8c6a1e93"),
		RunE: func(c *cobra.Command, args []string) error {
			return c.Help()
		},
	}
	c.AddCommand(newB2BSessionsListCmd(a), newB2BSessionsRevokeCmd(a))
	return c
}

// newB2BMembersCmd is the `b2b members` command group.
func newB2BMembersCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:     "members",
		Short:   "Find organization members",
		Args:    cobra.NoArgs,
		Example: examples("stytchctl b2b members search --profile demo --organization organization-test-2f6a9c1e-8d4b-4e73-a5f0-1b7c3e9d6a82 --status active"),
		RunE: func(c *cobra.Command, args []string) error {
			return c.Help()
		},
	}
	c.AddCommand(newB2BMembersSearchCmd(a))
	return c
}
