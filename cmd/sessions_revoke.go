package cmd

import (
	"cmp"
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
	"github.com/stytchctl/stytchctl/cmd/sessionpick"
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
		Long: `Revoke sessions so that their tokens stop working at once: sessions named
by ID, or a user's sessions picked with --user or --email and the filters
of sessions list (all of them only with --all; on a terminal, a picker).
They are previewed on stderr, confirmed on a terminal (--yes without one),
then revoked, one request, one row and one journal entry each. Exits 0 when
all were revoked, 3 when one was not found, else 1, 4 or 5: help revoking.`,
		Example: examples(
			"stytchctl sessions revoke -u alice-42 --ip 198.51.100.0/24 --dry-run",
			"stytchctl sessions revoke session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14 --yes --reason 'stolen laptop'",
			"stytchctl sessions revoke 4e9b2d7a -u alice-42 --dry-run",
			"stytchctl sessions revoke -u alice-42 --all --except session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14 --dry-run -o json",
			"stytchctl sessions revoke --email alice.nakamura@example.com --idle-for 1h --yes -o json | jq -r '.results[] | [.session_id, .result] | @tsv'",
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
	who := cmp.Or(o.email, o.user) // as typed, for the picker and notes
	if plan.Targets, err = a.userRevokeTargets(ctx, client, userID, who, sel); err != nil {
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
	// what names the named IDs in errors: "session" unless set.
	what string
	// pick leaves the choice to the person, in the session picker: an
	// owner and nothing else, on a terminal (see allowPicker).
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
// combine with --user, --email, --all and --except (revokeSelection.check),
// and the user flags. Every error is a usage error: nothing has been sent.
func (o *sessionsRevokeOptions) selection(a *app) (revokeSelection, error) {
	sel, err := newRevokeSelection(a, o.filter, o.output.loc, o.ids, "session ID", o.except)
	if err != nil {
		return revokeSelection{}, err
	}
	sel.allowPicker(a, countSet(o.user, o.email), o.all)
	if err := sel.check(userRevokeOwner, countSet(o.user, o.email), o.all); err != nil {
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
// sel picks (see pickRevokeTargets); who is the user as typed, an ID or
// an email address, as the picker and notes name them.
func (a *app) userRevokeTargets(ctx context.Context, client *api.Client, userID, who string, sel revokeSelection) ([]revokeTarget, error) {
	resp, err := client.GetSessions(ctx, userID)
	if err != nil {
		return nil, wrap(err, "listing sessions of user %s", userID)
	}
	return a.pickRevokeTargets(ctx, sel, revokeListing{
		listed: resp.Sessions, labels: listedSessions(resp.Sessions),
		what: "listing sessions of user " + userID, owner: "user " + who,
		rows: func() []sessionpick.Row { return sessionpick.SessionRows(resp.Sessions, a.deps.Now()) },
		target: func(i int) revokeTarget {
			sess := resp.Sessions[i]
			return revokeTarget{
				SessionID:  sess.SessionID,
				UserID:     sess.UserID,
				Device:     sessionview.ParseDevice(sess.UserAgent).Short(sess.UserAgent),
				IP:         sess.IPAddress,
				LastActive: sess.LastAccessedAt,
				Raw:        sess.Raw,
			}
		},
	})
}
