package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
)

// sessionsListOptions is what `sessions list` uses.
type sessionsListOptions struct {
	user   string
	output outputOptions
}

func newSessionsListCmd(a *app) *cobra.Command {
	o := &sessionsListOptions{}
	c := &cobra.Command{
		Use:   "list --user ID",
		Short: "List a user's active sessions",
		Long: `List the active sessions of one user: how each one signed in, on which
device and from which IP, when it started, was last active and expires.

ID is a Stytch user ID (user-test-…, user-live-…) or the user's external ID.
Expired and revoked sessions are not listed: Stytch returns only active ones.

On a terminal the table has a header and relative times; piped, it is
tab-separated with RFC 3339 UTC times so that cut, awk and sort work.
-o json prints Stytch's response exactly as sent.`,
		Example: examples(
			"stytchctl sessions list --profile demo --user user-test-00000000-0000-4000-8000-000000000001",
			"stytchctl sessions list -u alice-42 -o json | jq -r '.sessions[].session_id'",
			"stytchctl sessions list -u user-test-00000000-0000-4000-8000-000000000001 --profile demo -o yaml",
		),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	c.Flags().StringVarP(&o.user, "user", "u", "", "User ID or external ID whose sessions to list (required)")
	bindOutput(c, &o.output)
	return c
}

func (o *sessionsListOptions) run(c *cobra.Command, a *app) error {
	if err := o.output.validate(); err != nil {
		return err
	}
	if !c.Flags().Changed("user") {
		return usageErrorf("--user is required: the user ID or external ID whose sessions to list")
	}
	if err := api.ValidateUserID(o.user); err != nil {
		return usageErrorf("invalid --user: %w", err)
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	if o.output.format.IsDocument() {
		raw, err := s.client.GetSessionsRaw(c.Context(), o.user)
		if err != nil {
			return wrap(err, "listing sessions of user %s", o.user)
		}
		return a.printDocument(o.output.format, raw)
	}
	resp, err := s.client.GetSessions(c.Context(), o.user)
	if err != nil {
		return wrap(err, "listing sessions of user %s", o.user)
	}
	if len(resp.Sessions) == 0 {
		_, err := fmt.Fprintf(a.deps.Stderr, "No active sessions for user %s.\n", render.Sanitize(o.user))
		return err
	}
	t := render.TableData{Columns: sessionview.Columns()}
	for _, sess := range resp.Sessions {
		t.Rows = append(t.Rows, sessionview.Row(sess))
	}
	return a.printTable(t)
}
