package cmd

import "github.com/spf13/cobra"

// newB2BCmd is the `b2b` command group: the same jobs as the consumer
// commands for B2B projects, where sessions belong to organization members.
func newB2BCmd(a *app) *cobra.Command {
	return group(&cobra.Command{
		Use:   "b2b",
		Short: "Work with a B2B project's members and their sessions",
		Example: examples(
			"stytchctl b2b members search --org northwind-traders --email-contains priya --status active",
			"stytchctl b2b sessions list --org northwind-traders --email priya.natarajan@northwind.example",
			"stytchctl b2b sessions revoke --org northwind-traders --email priya.natarajan@northwind.example --all --dry-run",
		),
	},
		newB2BOrgsCmd(a),
		newB2BSessionsCmd(a),
		newB2BMembersCmd(a),
	)
}

// newB2BSessionsCmd is the `b2b sessions` command group.
func newB2BSessionsCmd(a *app) *cobra.Command {
	return group(&cobra.Command{
		Use:   "sessions",
		Short: "List, audit, watch and revoke members' sessions",
		Example: examples(
			"stytchctl b2b sessions list --org northwind-traders --member emp-7731",
			"stytchctl b2b sessions revoke --org northwind-traders --member emp-7731 --all --dry-run",
			"stytchctl b2b sessions watch --org northwind-traders --member emp-7731",
		),
	},
		newB2BSessionsListCmd(a),
		newB2BSessionsAuditCmd(a),
		newB2BSessionsRevokeCmd(a),
		newB2BSessionsWatchCmd(a),
	)
}

// newB2BMembersCmd is the `b2b members` command group.
func newB2BMembersCmd(a *app) *cobra.Command {
	return group(&cobra.Command{
		Use:   "members",
		Short: "Show and find organization members",
		Example: examples(
			"stytchctl b2b members get emp-7731 --org northwind-traders",
			"stytchctl b2b members search --org northwind-traders --status invited --status pending",
		),
	},
		newB2BMembersGetCmd(a),
		newB2BMembersSearchCmd(a),
	)
}

// newB2BOrgsCmd is the `b2b orgs` command group.
func newB2BOrgsCmd(a *app) *cobra.Command {
	return group(&cobra.Command{
		Use:     "orgs",
		Aliases: []string{"org", "organizations"},
		Short:   "Show and find organizations",
		Example: examples(
			"stytchctl b2b orgs get northwind-traders",
			"stytchctl b2b orgs search --name-contains acme --limit 20",
		),
	},
		newB2BOrgsGetCmd(a),
		newB2BOrgsSearchCmd(a),
	)
}
