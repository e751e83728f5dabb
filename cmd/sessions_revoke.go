package cmd

import (
	"context"
	"fmt"
	"slices"

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
		Use:     "revoke (SESSION_ID... [--user ID | --email ADDR] | --user ID | --email ADDR) [--all | filters] [--except SESSION_ID]",
		Aliases: []string{"rm"},
		Short:   "Revoke sessions: preview, confirm, revoke each, report each",
		Long: `Revoke sessions so that their tokens stop working at once (JWTs already
issued still verify locally until they expire, at most 5 minutes).

Name sessions by ID, or pick them from a user's active sessions with --user
or --email and the same filters as sessions list (--factor, --ip,
--user-agent, --started-before, --idle-for, …), minus --except. Revoking
every session of a user must be said with --all: a user without --all or a
filter is refused, except on a terminal, where a picker lists the user's
sessions to choose from (arrows, space, / to filter, Enter; Ctrl-C: 130).

A session ID may be the short ID a table shows on a terminal (4e9b2d7a, the
start of the ID's UUID part, at least 4 characters) when --user or --email
says whose session it is: it is looked up among that user's active sessions
(one request). A short ID that starts none of them, or several, is exit 2
listing the candidates, and nothing is revoked. Whole IDs need no user;
with one, they too must be active sessions of that user.

Before anything is revoked the sessions are shown on stderr with the project
and whether it is LIVE. On a terminal you are asked to confirm; without a
terminal --yes is required. --dry-run prints the sessions that would be
revoked (in any -o format) and sends nothing.

Each session is revoked with its own request, --concurrency at a time. The
result is one row per session: revoked, not found, failed or not sent, with
Stytch's request_id and the error; -o json prints {"results":[…]}. Not found
is only Stytch's 404 session_not_found: any other 404 (a wrong base path, a
proxy) is failed. A 401 or 403 stops the run (exit 4) and Ctrl-C new
revokes (exit 130): the sessions not yet sent are "not sent" rows, still
active, and stderr says why. A revoke retried
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
			"stytchctl sessions revoke --profile demo 4e9b2d7a --user alice-42 --dry-run",
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
	c.Flags().StringArrayVar(&o.except, "except", nil, "Keep the session with this `SESSION_ID` or short ID (repeatable or comma-separated)")
	sessionfilter.BindMatch(c.Flags(), &o.filter)
	bindRevokeFlags(c, &o.revokeFlags)
	return c
}

// run revokes in named steps: check the flags, work out the selection,
// connect, and hand runRevoke the sessions named by ID or those of the
// user that the selection picks.
func (o *sessionsRevokeOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.revokeFlags.validate(c, a); done || err != nil {
		return err
	}
	sel, err := o.selection(a)
	if err != nil {
		return err
	}
	s, client, err := a.connectForRevoke(&o.revokeFlags)
	if err != nil {
		return err
	}
	ctx := c.Context()
	plan := sessionRevokePlan(client)
	if len(sel.named) > 0 && o.user == "" && o.email == "" {
		plan.Targets = namedRevokeTargets(sel.named, "session_id")
		plan.NoDetails = "(Sessions named by ID: Stytch cannot look one up by ID, so device, IP and last activity are unknown.)"
		return a.runRevoke(ctx, s, &o.revokeFlags, plan)
	}
	userID := o.user
	if o.email != "" {
		if userID, err = resolveEmail(ctx, client, o.email); err != nil {
			return err
		}
	}
	sel.owner = o.owner(userID)
	if plan.Targets, err = a.userRevokeTargets(ctx, client, userID, sel); err != nil {
		return err
	}
	return a.runRevoke(ctx, s, &o.revokeFlags, plan)
}

// revokeSelection is what the arguments and flags of sessions revoke
// pick: sessions named by ID, or else the sessions of the --user or
// --email that filter matches (every one with --all), minus except.
// Named and except IDs may be short (see resolveSessionRefs) when there
// is a user; owner names that user in errors.
type revokeSelection struct {
	named  []string
	except []string
	filter *sessionfilter.Filter
	owner  string
	// pick leaves the choice to the person, in the session picker: a
	// user and nothing else, on a terminal (see opensPicker).
	pick bool
}

// owner names the user of --user or --email in errors: as typed, and by
// user ID when the email was looked up.
func (o *sessionsRevokeOptions) owner(userID string) string {
	if o.email != "" {
		return fmt.Sprintf("user %s (%s)", userID, o.email)
	}
	return "user " + userID
}

// selection compiles the filters and validates the session IDs, how they
// combine with --user, --email, --all and --except, and the user flags.
// Every error is a usage error: nothing has been sent.
func (o *sessionsRevokeOptions) selection(a *app) (revokeSelection, error) {
	flt, err := o.filter.Compile(a.deps.Now(), o.output.loc)
	if err != nil {
		return revokeSelection{}, &exitError{code: ExitUsage, err: err}
	}
	warnUnknownFactors(a.deps.Stderr, o.filter)
	named, err := uniqueSessionRefs(o.ids, "session ID")
	if err != nil {
		return revokeSelection{}, err
	}
	except, err := uniqueSessionRefs(splitComma(o.except), "--except")
	if err != nil {
		return revokeSelection{}, err
	}
	sel := revokeSelection{named: named, except: except, filter: flt}
	sel.pick = o.opensPicker(a, sel)
	if err := o.checkCombination(sel); err != nil {
		return revokeSelection{}, err
	}
	if o.user != "" {
		if err := validateUserFlag("--user", o.user); err != nil {
			return revokeSelection{}, err
		}
	}
	if o.email != "" {
		if err := validateEmailFlag(o.email); err != nil {
			return revokeSelection{}, err
		}
	}
	return sel, nil
}

// opensPicker says whether the sessions are picked interactively: a
// --user or --email with no session ID, --all, --except or filter, on a
// terminal (canPick). Anywhere else that selection is refused, as before.
func (o *sessionsRevokeOptions) opensPicker(a *app, sel revokeSelection) bool {
	byUser := o.user != "" || o.email != ""
	return byUser && len(sel.named) == 0 && len(sel.except) == 0 && !o.all && !sel.filter.Selects() && a.canPick()
}

// checkCombination refuses selections that say too little or too much:
// both --user and --email, short IDs without a user, IDs with what picks
// a user's sessions, nothing at all, a user without --all or a filter (every
// session of a user must be asked for with --all), and --all with filters.
func (o *sessionsRevokeOptions) checkCombination(sel revokeSelection) error {
	byUser := o.user != "" || o.email != ""
	named := len(sel.named) > 0
	switch {
	case o.user != "" && o.email != "":
		return usageErrorf("give --user or --email, not both")
	case named && !byUser && firstShort(sel.named) != "":
		return shortNeedsOwner(firstShort(sel.named), "--user or --email")
	case named && (o.all || sel.filter.Selects() || len(sel.except) > 0):
		return usageErrorf("--all, --except and filters pick sessions of a --user or --email; sessions named by ID are revoked as given")
	case !named && !byUser:
		return usageErrorf("nothing to revoke: give SESSION_ID..., or --user ID or --email ADDR with --all or filters")
	case byUser && !named && !o.all && !sel.filter.Selects() && !sel.pick:
		return usageErrorf("refusing to revoke every session of the user without --all: say --all, or pick sessions with filters (--factor, --ip, --idle-for, …)")
	case o.all && sel.filter.Selects():
		return usageErrorf("--all revokes every session; leave it out to revoke only those the filters match")
	}
	return nil
}

// sessionRevokePlan is the plan of a consumer revoke, without its
// targets: each session is revoked by its own ID.
func sessionRevokePlan(client *api.Client) revokePlan {
	return revokePlan{
		Noun:   "sessions",
		DryKey: "sessions",
		Owner:  "User",
		Detail: "Device",
		One: func(ctx context.Context, t revokeTarget) (*api.RevokeResponse, error) {
			resp, err := client.RevokeSession(ctx, t.SessionID)
			return resp, wrap(err, "revoking session %s", t.SessionID)
		},
	}
}

// userRevokeTargets lists userID's active sessions and returns those that
// sel's filter matches, minus sel's --except, in the listed order. An
// --except that is not an active session of the user gets a note on
// stderr: it may be a typo.
func (a *app) userRevokeTargets(ctx context.Context, client *api.Client, userID string, sel revokeSelection) ([]revokeTarget, error) {
	resp, err := client.GetSessions(ctx, userID)
	if err != nil {
		return nil, wrap(err, "listing sessions of user %s", userID)
	}
	ids := make([]string, len(resp.Sessions))
	for i, sess := range resp.Sessions {
		ids[i] = sess.SessionID
	}
	if err := checkListedIDs(ids, "listing sessions of user "+userID); err != nil {
		return nil, err
	}
	if sel.pick {
		title := "Revoke which sessions of " + sel.owner + "?"
		if sel.named, err = a.pickSessions(ctx, resp.Sessions, title, true, "nothing was revoked"); err != nil || len(sel.named) == 0 {
			return nil, err
		}
	}
	if sel, err = sel.resolve(resp.Sessions); err != nil {
		return nil, err
	}
	var targets []revokeTarget
	seen := sessionSet{}
	for _, sess := range resp.Sessions {
		if !sel.picks(sess) || !seen.add(sess.SessionID) {
			continue
		}
		targets = append(targets, revokeTarget{
			SessionID:  sess.SessionID,
			UserID:     sess.UserID,
			Device:     sessionview.ParseDevice(sess.UserAgent).Short(sess.UserAgent),
			IP:         sess.IPAddress,
			LastActive: sess.LastAccessedAt,
			Raw:        sess.Raw,
		})
	}
	for _, id := range sel.except {
		if !slices.Contains(ids, id) {
			fmt.Fprintf(a.deps.Stderr, "stytchctl: note: --except %s is not an active session of user %s\n", id, userID)
		}
	}
	return targets, nil
}

// resolve turns the named and except IDs, whole or short, into whole IDs
// among the user's listed sessions (see resolveSessionRefs). An --except
// given whole that is not listed stays, for the note that it may be a typo.
func (sel revokeSelection) resolve(listed []api.Session) (revokeSelection, error) {
	ls := listedSessions(listed)
	var err error
	if sel.named, err = resolveSessionRefs(sel.named, ls, sel.owner, "session"); err != nil {
		return sel, nothingRevoked(err)
	}
	var except []string
	for _, ref := range sel.except {
		if !sessionview.IsShortID(ref) {
			except = append(except, ref)
			continue
		}
		full, err := resolveSessionRefs([]string{ref}, ls, sel.owner, "--except")
		if err != nil {
			return sel, nothingRevoked(err)
		}
		except = append(except, full...)
	}
	sel.except = except
	return sel, nil
}

// picks says whether the selection revokes sess, one of the user's
// listed sessions: named, or matched by the filter and not excepted.
func (sel revokeSelection) picks(sess api.Session) bool {
	if len(sel.named) > 0 {
		return slices.Contains(sel.named, sess.SessionID)
	}
	return sel.filter.Match(sess) && !slices.Contains(sel.except, sess.SessionID)
}
