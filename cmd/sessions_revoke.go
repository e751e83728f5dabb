package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
)

// sessionsRevokeOptions is what `sessions revoke` uses.
type sessionsRevokeOptions struct {
	ids    []string
	user   string
	email  string
	all    bool
	except []string
	filter sessionfilter.Options
	revokeFlags
}

func newSessionsRevokeCmd(a *app) *cobra.Command {
	o := &sessionsRevokeOptions{}
	c := &cobra.Command{
		Use:   "revoke (SESSION_ID... | --user ID | --email ADDR) [--all | filters] [--except SESSION_ID]",
		Short: "Revoke sessions: preview, confirm, revoke each, report each",
		Long: `Revoke sessions so that their tokens stop working at once (JWTs already
issued still verify locally until they expire, at most 5 minutes).

Name sessions by ID, or pick them from a user's active sessions with --user
or --email and the same filters as sessions list (--factor, --ip,
--user-agent, --started-before, --idle-for, …), minus --except. Revoking
every session of a user must be said with --all: a user without --all or a
filter is refused.

Before anything is revoked the sessions are shown on stderr with the project
and whether it is LIVE. On a terminal you are asked to confirm; without a
terminal --yes is required. --dry-run prints the sessions that would be
revoked (in any -o format) and sends nothing.

Each session is revoked with its own request, --concurrency at a time. The
result is one row per session: revoked, not found or failed, with Stytch's
request_id and the error; -o json prints {"results":[…]}. Not found is only
Stytch's 404 session_not_found: any other 404 (a wrong base path, a proxy)
is failed. A revoke retried
after a timeout or 5xx that then answers session_not_found counts as
revoked: the first try did it. Every outcome is appended to the revoke
journal in the config directory with --reason (see sessions journal).

Exit status: 0 when every session was revoked, 3 when one was not found, 1,
4 or 5 when one failed (the output still lists every outcome), 130 when
interrupted: Ctrl-C sends no new revoke, waits for those in flight, and
prints and journals what happened. A 401 or 403, whatever its body, is
exit 4 and sends no further revoke.`,
		Example: examples(
			"stytchctl sessions revoke --profile demo --user alice-42 --ip 198.51.100.0/24 --dry-run",
			"stytchctl sessions revoke --profile demo session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14 --yes --reason 'stolen laptop'",
			"stytchctl sessions revoke --profile demo --user alice-42 --all --except session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14 --dry-run -o json",
			"stytchctl sessions revoke --profile demo --email alice.nakamura@example.com --idle-for 1h --yes -o json | jq -r '.results[] | [.session_id, .result] | @tsv'",
		),
		RunE: func(c *cobra.Command, args []string) error {
			o.ids = args
			return o.run(c, a)
		},
	}
	c.Flags().StringVarP(&o.user, "user", "u", "", "Revoke sessions of the user with this `ID` or external ID (with --all or filters)")
	c.Flags().StringVar(&o.email, "email", "", "Revoke sessions of the user with this exact email `ADDR` (with --all or filters)")
	c.Flags().BoolVar(&o.all, "all", false, "Revoke every active session of the user (still minus --except)")
	c.Flags().StringArrayVar(&o.except, "except", nil, "Keep the session with this `SESSION_ID` (repeatable or comma-separated)")
	sessionfilter.BindMatch(c.Flags(), &o.filter)
	bindRevokeFlags(c, &o.revokeFlags)
	return c
}

func (o *sessionsRevokeOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.revokeFlags.validate(c, a); done || err != nil {
		return err
	}
	flt, err := o.filter.Compile(a.deps.Now(), o.output.loc)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	named, err := uniqueSessionIDs(o.ids, "session ID")
	if err != nil {
		return err
	}
	except, err := uniqueSessionIDs(splitComma(o.except), "--except")
	if err != nil {
		return err
	}
	byUser := o.user != "" || o.email != ""
	switch {
	case o.user != "" && o.email != "":
		return usageErrorf("give --user or --email, not both")
	case len(named) > 0 && byUser:
		return usageErrorf("give session IDs or --user/--email, not both")
	case len(named) > 0 && (o.all || flt.Selects() || len(except) > 0):
		return usageErrorf("--all, --except and filters pick sessions of a --user or --email; sessions named by ID are revoked as given")
	case len(named) == 0 && !byUser:
		return usageErrorf("nothing to revoke: give SESSION_ID..., or --user ID or --email ADDR with --all or filters")
	case byUser && !o.all && !flt.Selects():
		return usageErrorf("refusing to revoke every session of the user without --all: say --all, or pick sessions with filters (--factor, --ip, --idle-for, …)")
	case o.all && flt.Selects():
		return usageErrorf("--all revokes every session; leave it out to revoke only those the filters match")
	}
	if o.user != "" {
		if err := validateUserFlag("--user", o.user); err != nil {
			return err
		}
	}
	if o.email != "" {
		if err := validateEmailFlag(o.email); err != nil {
			return err
		}
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	client := s.client.WithPacer(&api.Pacer{})
	ctx := c.Context()
	plan := revokePlan{
		Noun:   "sessions",
		DryKey: "sessions",
		Owner:  "User",
		Detail: "Device",
		One: func(ctx context.Context, t revokeTarget) (*api.RevokeResponse, error) {
			resp, err := client.RevokeSession(ctx, t.SessionID)
			return resp, wrap(err, "revoking session %s", t.SessionID)
		},
	}
	if len(named) > 0 {
		for _, id := range named {
			plan.Targets = append(plan.Targets, revokeTarget{SessionID: id, Raw: sessionIDObject("session_id", id)})
		}
		plan.NoDetails = "(Sessions named by ID: Stytch cannot look one up by ID, so device, IP and last activity are unknown.)"
		return a.runRevoke(ctx, s, &o.revokeFlags, plan)
	}
	userID := o.user
	if o.email != "" {
		if userID, err = resolveEmail(ctx, client, o.email); err != nil {
			return err
		}
	}
	resp, err := client.GetSessions(ctx, userID)
	if err != nil {
		return wrap(err, "listing sessions of user %s", userID)
	}
	ids := make([]string, len(resp.Sessions))
	for i, sess := range resp.Sessions {
		ids[i] = sess.SessionID
	}
	if err := checkListedIDs(ids, "listing sessions of user "+userID); err != nil {
		return err
	}
	listed := make(map[string]bool, len(resp.Sessions))
	for _, sess := range resp.Sessions {
		listed[sess.SessionID] = true
		if !flt.Match(sess) || slices.Contains(except, sess.SessionID) {
			continue
		}
		plan.Targets = append(plan.Targets, revokeTarget{
			SessionID:  sess.SessionID,
			UserID:     sess.UserID,
			Device:     sessionview.ParseDevice(sess.UserAgent).Short(sess.UserAgent),
			IP:         sess.IPAddress,
			LastActive: sess.LastAccessedAt,
			Raw:        sess.Raw,
		})
	}
	for _, id := range except {
		if !listed[id] {
			fmt.Fprintf(a.deps.Stderr, "stytchctl: note: --except %s is not an active session of user %s\n", id, userID)
		}
	}
	return a.runRevoke(ctx, s, &o.revokeFlags, plan)
}

// uniqueSessionIDs validates session IDs (usage errors naming what) and
// drops duplicates, keeping the first.
func uniqueSessionIDs(ids []string, what string) ([]string, error) {
	var out []string
	for _, id := range ids {
		if err := api.ValidateSessionID(id); err != nil {
			return nil, usageErrorf("invalid %s: %w", what, err)
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// splitComma splits every value at commas, trimming spaces.
func splitComma(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return out
}

// sessionIDObject is {"<key>":"<id>"}: what a dry run prints for a session
// known only by its ID.
func sessionIDObject(key, id string) json.RawMessage {
	b, _ := json.Marshal(map[string]string{key: id})
	return b
}
