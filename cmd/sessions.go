package cmd

import "github.com/spf13/cobra"

// newSessionsCmd is the `sessions` command group.
func newSessionsCmd(a *app) *cobra.Command {
	return group(&cobra.Command{
		Use:     "sessions",
		Short:   "List and manage users' sessions",
		Example: examples("stytchctl sessions list --user user-test-00000000-0000-4000-8000-000000000001 --profile demo"),
	},
		newSessionsListCmd(a),
		newSessionsShowCmd(a),
		newSessionsDecodeCmd(a),
		newSessionsRevokeCmd(a),
		newSessionsJournalCmd(a),
		newSessionsDevicesCmd(a),
		newSessionsAuditCmd(a),
		newSessionsWatchCmd(a),
	)
}
