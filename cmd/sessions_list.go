package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/geoip"
	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
)

// Bounds and defaults of --concurrency.
const (
	defaultConcurrency = 4
	maxConcurrency     = 32
)

// sessionsListOptions is what `sessions list` uses.
type sessionsListOptions struct {
	users       userInputs
	emails      emailInputs
	concurrency int
	filter      sessionfilter.Options
	output      outputOptions
	geo         locationOptions
}

func newSessionsListCmd(a *app) *cobra.Command {
	o := &sessionsListOptions{}
	c := &cobra.Command{
		Use:     "list (--user ID... | --users-file PATH | --email ADDR...)",
		Aliases: []string{"ls"},
		Short:   "List users' active sessions",
		Long: `List the active sessions of one or many users: how each one signed in, on
which device and from which IP, when it started, was last active and
expires. A user is --user (user ID or external ID), --email or a line of
--users-file; several are fetched at once and printed in the order given.
Filters, --sort-by and --limit apply to every format. How users are named,
merged and reported on failure: stytchctl help selecting-users.`,
		Example: examples(
			"stytchctl sessions list -u user-test-b4d2e8f1-6a3c-4e97-8d05-f1c3a7e9b264",
			"stytchctl sessions list -u alice-42,emp-00417 -o wide",
			"stytchctl sessions list --email alice.nakamura@example.com --email priya.raman@example.com",
			`printf 'alice-42\nemp-00417\n' | stytchctl sessions list --users-file - -o ndjson | jq -c '{user_id, session_id}'`,
			"stytchctl sessions list -u alice-42 --factor totp --factor sms --sort-by -last-active",
			"stytchctl sessions list -u alice-42 --ip 2001:db8::/32 --idle-for 10m",
			"stytchctl sessions list -u alice-42 --jq '.sessions[].attributes.ip_address'",
			`stytchctl sessions list -u alice-42 --template '{{range .sessions}}{{.session_id}}{{"\n"}}{{end}}'`,
			"stytchctl sessions list -u alice-42 -o csv --tz Europe/Paris > sessions.csv",
		),
		Args: usersAsFlags,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	bindUserInputs(c, &o.users, "whose sessions to list")
	bindEmailInputs(c, &o.emails, "whose sessions to list")
	c.Flags().IntVar(&o.concurrency, "concurrency", defaultConcurrency, fmt.Sprintf("Fetch `N` users at once, 1 to %d", maxConcurrency))
	sessionfilter.Bind(c.Flags(), &o.filter)
	bindLocations(c, &o.geo)
	bindOutput(c, &o.output)
	return c
}

// sessionsListing describes sessions for the printer. With several users
// the table gains a leading user column, naming each user by labels when
// they are not nil (a terminal table).
func sessionsListing(severalUsers bool, labels userLabels) render.List[api.Session] {
	rows := &sessionview.Rows{}
	l := render.List[api.Session]{
		Key:         "sessions",
		Raw:         func(s api.Session) json.RawMessage { return s.Raw },
		Columns:     sessionview.Columns(),
		Row:         rows.Row,
		WideColumns: sessionview.WideColumns(),
		WideRow:     rows.WideRow,
		// Piped, one column set whatever the number of users.
		PipedColumns: sessionview.PipedColumns(),
		PipedRow:     rows.PipedRow,
	}
	if severalUsers {
		l.Columns, l.Row = sessionview.UserColumns(), rows.UserRow
	}
	if severalUsers && labels != nil {
		l.Row = func(s api.Session) []any {
			row := rows.UserRow(s)
			row[0] = labelCell{labels: labels, userID: s.UserID}
			return row
		}
	}
	return l
}

func (o *sessionsListOptions) run(c *cobra.Command, a *app) error {
	flt, done, err := o.validate(c, a)
	if done || err != nil {
		return err
	}
	ids, err := o.resolveUsers(c.Context(), a)
	if err != nil {
		return err
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	db, err := o.openLocations(a, s.creds.Demo)
	if err != nil {
		return err
	}
	defer db.Close()
	client := s.client.WithPacer(&api.Pacer{})
	ctx := c.Context()
	several := len(ids)+len(o.emails.emails) > 1
	var emailFail error
	if o.emails.given() {
		if ids, emailFail, err = o.emails.resolveInto(ctx, a, client, ids, o.concurrency, several); err != nil {
			return err
		}
	}
	if len(ids) == 1 && !several && wholeAnswer(&o.output, flt) && flt.Limit() == 0 {
		return o.printAnswer(ctx, a, client, ids[0])
	}
	col := newSessionsCollector(a, &o.output, flt, ids, several, locator(db))
	col.firstFail, col.emailOf = emailFail, o.emails.typed
	defer col.prog.Done()
	if err := col.fetch(ctx, client, ids, o.concurrency, col.emit); err != nil && !errors.Is(err, errEnough) {
		return err
	}
	col.nameUsers(ctx, client, o.concurrency)
	if err := col.finish(ctx); err != nil {
		return err
	}
	return col.exitError()
}

// validate checks every flag before anything is read or sent, and returns
// the compiled filters; done means -o help was answered. Every error is a
// usage error.
func (o *sessionsListOptions) validate(c *cobra.Command, a *app) (flt *sessionfilter.Filter, done bool, err error) {
	if done, err := o.output.validate(c, a); done || err != nil {
		return nil, done, err
	}
	if o.concurrency < 1 || o.concurrency > maxConcurrency {
		return nil, false, usageErrorf("invalid --concurrency %d: want 1 to %d", o.concurrency, maxConcurrency)
	}
	if flt, err = o.filter.Compile(a.deps.Now(), o.output.loc); err != nil {
		return nil, false, &exitError{code: ExitUsage, err: err}
	}
	warnUnknownFactors(a.deps.Stderr, o.filter)
	if !o.emails.given() && len(o.users.users) == 0 && o.users.file == "" {
		return nil, false, usageErrorf("--user, --users-file or --email is required: whose sessions to list")
	}
	return flt, false, o.emails.validate()
}

// openLocations opens the location databases for -o wide and -o csv, the
// views that show where each IP is; the others never open one.
func (o *sessionsListOptions) openLocations(a *app, demo bool) (*geoip.DB, error) {
	if o.output.format != render.Wide && o.output.format != render.CSV {
		return nil, nil
	}
	return o.geo.openLocations(a, demo)
}

// resolveUsers reads --user and --users-file (not --email, which needs the
// API): the user IDs to list, in input order. With only --email there are
// none yet.
func (o *sessionsListOptions) resolveUsers(ctx context.Context, a *app) ([]string, error) {
	if o.emails.given() && len(o.users.users) == 0 && o.users.file == "" {
		return nil, nil
	}
	return o.users.resolve(ctx, a, "whose sessions to list")
}

// printAnswer prints the one user's answer as Stytch sent it, validated
// but not decoded (see BenchmarkSessionsList5000).
func (o *sessionsListOptions) printAnswer(ctx context.Context, a *app, client *api.Client, id string) error {
	raw, err := client.GetSessionsRaw(ctx, id)
	if err != nil {
		return wrap(err, "listing sessions of user %s", id)
	}
	return a.printDocument(o.output.format, raw)
}
