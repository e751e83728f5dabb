package cmd

import "github.com/spf13/cobra"

// newSessionsCmd is the `sessions` command group.
func newSessionsCmd(a *app) *cobra.Command {
	return group(&cobra.Command{
		Use:   "sessions",
		Short: "List and manage users' sessions",
		Example: examples(
			"stytchctl sessions list -u user-test-b4d2e8f1-6a3c-4e97-8d05-f1c3a7e9b264",
			"stytchctl sessions revoke -u alice-42 --idle-for 30d --dry-run",
		),
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
