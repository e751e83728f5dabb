package cmd

import (
	"context"
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/geoip"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
)

// sessionsShowOptions is what `sessions show` uses.
type sessionsShowOptions struct {
	session string
	user    string
	email   string
	output  outputOptions
	geo     locationOptions
}

func newSessionsShowCmd(a *app) *cobra.Command {
	o := &sessionsShowOptions{}
	c := &cobra.Command{
		Use:   "show [SESSION] (--user ID | --email ADDR)",
		Short: "Show one session in full: factors, device, IP, times, claims",
		Long: `Show one of a user's active sessions, one field per line: IDs, every
factor with its details, the device and whole user agent, the IP, its
times (absolute and relative), roles and custom claims. SESSION is a whole
session ID or the short ID a table shows (4e9b2d7a); --user or --email
says whose; without it, on a terminal, a picker lists the user's sessions.
Piped, "key<TAB>value" lines. More: help selecting-users, help formatting.`,
		Example: examples(
			"stytchctl sessions show 4e9b2d7a -u alice-42",
			"stytchctl sessions show session-test-a7c3e1f9-5b2d-4e86-9f0a-3b6d8c1e5a27 --email alice.nakamura@example.com",
			"stytchctl sessions show 4e9b2d7a -u alice-42 -o json | jq '.authentication_factors'",
			`stytchctl sessions show 4e9b2d7a -u alice-42 | awk -F'\t' '$1 == "user_agent" {print $2}'`,
			"STYTCHCTL_GEOIP_DB=City.mmdb stytchctl sessions show 4e9b2d7a -u alice-42",
		),
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 && a.canPick() {
				return nil // the picker asks which
			}
			if len(args) != 1 {
				return usageErrorf("sessions show needs exactly one session ID or short ID, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.session = args[0]
			}
			return o.run(c, a)
		},
	}
	c.Flags().StringVarP(&o.user, "user", "u", "", "The session's user: user `ID` or external ID")
	c.Flags().StringVar(&o.email, "email", "", "The session's user, found by exact email `ADDR`")
	bindLocations(c, &o.geo)
	bindDocumentOutput(c, &o.output)
	return c
}

// run shows the session in named steps: check the arguments, find the
// user, list the user's sessions, pick the session, print it.
func (o *sessionsShowOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.validate(c, a); done || err != nil {
		return err
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	var db *geoip.DB
	if !o.raw() {
		if db, err = o.geo.openLocations(a, s.creds.Demo); err != nil {
			return err
		}
		defer db.Close()
	}
	ctx := c.Context()
	userID, owner := o.user, "user "+o.user
	if o.email != "" {
		if userID, err = resolveEmail(ctx, s.client, o.email); err != nil {
			return err
		}
		owner = fmt.Sprintf("user %s (%s)", userID, o.email)
	}
	resp, err := s.client.GetSessions(ctx, userID)
	if err != nil {
		return wrap(err, "listing sessions of user %s", userID)
	}
	sess, err := o.choose(ctx, a, resp.Sessions, owner)
	if err != nil {
		return err
	}
	return o.print(ctx, a, sess, resp.Sessions, db)
}

// validate checks the output flags, the session and the user flags before
// anything is sent; done means -o help was answered. Every error is a
// usage error.
func (o *sessionsShowOptions) validate(c *cobra.Command, a *app) (done bool, err error) {
	if done, err := o.output.validateDocument(c, a); done || err != nil {
		return done, err
	}
	if o.session != "" {
		if _, err := uniqueSessionRefs([]string{o.session}, "session ID"); err != nil {
			return false, err
		}
	}
	switch {
	case o.user != "" && o.email != "":
		return false, usageErrorf("give --user or --email, not both")
	case o.user == "" && o.email == "":
		return false, usageErrorf("--user or --email is required: whose session to show (Stytch cannot look a session up by ID alone)")
	case o.user != "":
		return false, validateUserFlag("--user", o.user)
	}
	return false, validateEmailFlag(o.email)
}

// choose is the session to show: the one named, or the one picked on the
// terminal when none is (the command's Args allow that only there). A
// user without active sessions has nothing to pick: not found, exit 3.
func (o *sessionsShowOptions) choose(ctx context.Context, a *app, sessions []api.Session, owner string) (api.Session, error) {
	if o.session != "" {
		return pickSession(sessions, o.session, owner)
	}
	if len(sessions) == 0 {
		return api.Session{}, &exitError{code: ExitNotFound, err: fmt.Errorf("%s has no active sessions", owner)}
	}
	ids, err := a.pickSessions(ctx, sessions, "Show which session of "+owner+"?", false, "nothing to show")
	if err != nil {
		return api.Session{}, err
	}
	return pickSession(sessions, ids[0], owner)
}

// pickSession finds ref (a whole or short ID) among the user's sessions.
// A whole ID that is not there is not found (exit 3); a short one that
// names none or several is a usage error (exit 2); both list the sessions.
func pickSession(sessions []api.Session, ref, owner string) (api.Session, error) {
	listed := listedSessions(sessions)
	ids, err := resolveSessionRefs([]string{ref}, listed, owner, "session")
	if err != nil {
		if ee, ok := err.(*exitError); ok && !sessionview.IsShortID(ref) {
			ee.code = ExitNotFound
		}
		return api.Session{}, err
	}
	i := slices.IndexFunc(sessions, func(s api.Session) bool { return s.SessionID == ids[0] })
	return sessions[i], nil
}

// raw reports whether the session is printed exactly as sent: -o json
// and yaml, --jq, --template. Only the other views show its location.
func (o *sessionsShowOptions) raw() bool {
	return o.output.format.IsDocument() || o.output.print.JQ != nil || o.output.print.Template != nil
}

// print writes the session: exactly as sent for -o json and yaml (and
// --jq, --template), else field by field, with its location when db is
// open and its short ID among the user's sessions on a terminal.
func (o *sessionsShowOptions) print(ctx context.Context, a *app, sess api.Session, all []api.Session, db *geoip.DB) error {
	if o.raw() {
		return a.printDocumentOutput(ctx, &o.output, sess.Raw)
	}
	opts := sessionview.ShowOptions{TTY: a.deps.StdoutTTY, Now: a.deps.Now(), Location: o.output.loc}
	short := ""
	if opts.TTY {
		short = shortSessionIDs(all)[sess.SessionID]
		if a.deps.TermWidth != nil {
			opts.Width = a.deps.TermWidth()
		}
	}
	fields := sessionview.LocateFields(sessionview.ShowFields(sess, short), db.Describe(sess.IPAddress))
	return sessionview.WriteShow(a.deps.Stdout, fields, opts)
}
