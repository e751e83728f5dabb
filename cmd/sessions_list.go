package cmd

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
)

// Bounds and defaults of --concurrency.
const (
	defaultConcurrency = 4
	maxConcurrency     = 32
)

// progressMinUsers is how many users a run needs before a progress bar is
// worth drawing (and only ever on a terminal).
const progressMinUsers = 5

// sessionsListOptions is what `sessions list` uses.
type sessionsListOptions struct {
	users       userInputs
	emails      emailInputs
	concurrency int
	filter      sessionfilter.Options
	output      outputOptions
}

func newSessionsListCmd(a *app) *cobra.Command {
	o := &sessionsListOptions{}
	c := &cobra.Command{
		Use:   "list (--user ID... | --users-file PATH | --email ADDR...)",
		Short: "List users' active sessions",
		Long: `List the active sessions of one or many users: how each one signed in, on
which device and from which IP, when it started, was last active and expires.

ID is a Stytch user ID (user-test-…, user-live-…) or the user's external ID.
Give several with --user a,b or --user a --user b, or one per line in a file
with --users-file (- reads stdin). Users are fetched --concurrency at a time;
a rate limit (429) pauses every request, honouring Retry-After. Output keeps
the order the users were given in. Expired and revoked sessions are not
listed: Stytch returns only active ones.

--email ADDR (repeatable, and mixable with --user) finds the user with that
exact address first, with a user search. No such user is exit 3 naming the
address; a malformed address is exit 2 before anything is sent. Users named
by --email come after those of --user and --users-file.

A user named more than once (by user ID, external ID or email) is listed
once, where first named: the answers are matched by the user_id their
sessions carry, and one note on stderr says which inputs were the same
user. A user without sessions cannot be matched, but prints nothing.

If some users fail, the sessions of the others are still printed, each
failure is one line on stderr, and the exit code is the first failure's (3
not found, 4 authentication, 5 rate limited, 1 otherwise). A 401 stops the
whole run at once.

-o json prints Stytch's response exactly as sent for one user (also when
named several ways), and
{"sessions":[…]} (every session exactly as sent) for several, so
jq '.sessions[]' works for both. -o ndjson streams one session per line.
Filters, --sort-by and --limit apply to every format.`,
		Example: examples(
			"stytchctl sessions list --profile demo --user user-test-00000000-0000-4000-8000-000000000001",
			"stytchctl sessions list --profile demo -u alice-42,emp-00417 -o wide",
			"stytchctl sessions list --profile demo --email alice.nakamura@example.com --email priya.raman@example.com",
			"printf 'alice-42\\nemp-00417\\n' | stytchctl sessions list --profile demo --users-file - -o ndjson | jq -c '{user_id, session_id}'",
			"stytchctl sessions list --profile demo -u alice-42 --factor totp --factor sms --sort-by -last-active",
			"stytchctl sessions list --profile demo -u alice-42 --ip 2001:db8::/32 --idle-for 10m",
			"stytchctl sessions list --profile demo -u alice-42 --jq '.sessions[].attributes.ip_address'",
			"stytchctl sessions list --profile demo -u alice-42 --template '{{range .sessions}}{{.session_id}} {{timeago .last_accessed_at}}{{\"\\n\"}}{{end}}'",
			"stytchctl sessions list --profile demo -u alice-42 -o csv --tz Europe/Paris > sessions.csv",
		),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	bindUserInputs(c, &o.users, "whose sessions to list")
	bindEmailInputs(c, &o.emails, "whose sessions to list")
	c.Flags().IntVar(&o.concurrency, "concurrency", defaultConcurrency, fmt.Sprintf("Fetch `N` users at once, 1 to %d", maxConcurrency))
	sessionfilter.Bind(c.Flags(), &o.filter)
	bindOutput(c, &o.output)
	return c
}

// sessionsListing describes sessions for the printer. With several users
// the table gains a leading user column.
func sessionsListing(severalUsers bool) render.List[api.Session] {
	rows := &sessionview.Rows{}
	l := render.List[api.Session]{
		Key:         "sessions",
		Raw:         func(s api.Session) json.RawMessage { return s.Raw },
		Columns:     sessionview.Columns(),
		Row:         rows.Row,
		WideColumns: sessionview.WideColumns(),
		WideRow:     rows.WideRow,
	}
	if severalUsers {
		l.Columns, l.Row = sessionview.UserColumns(), rows.UserRow
	}
	return l
}

// stopsRun reports a failure that ends a run over many users at once: a
// 401, whatever its body, means the credentials are wrong for every user
// alike.
func stopsRun(err error) bool {
	return api.HTTPStatus(err) == 401
}

func (o *sessionsListOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.output.validate(c, a); done || err != nil {
		return err
	}
	if o.concurrency < 1 || o.concurrency > maxConcurrency {
		return usageErrorf("invalid --concurrency %d: want 1 to %d", o.concurrency, maxConcurrency)
	}
	flt, err := o.filter.Compile(a.deps.Now(), o.output.loc)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	var ids []string
	if !o.emails.given() && len(o.users.users) == 0 && o.users.file == "" {
		return usageErrorf("--user, --users-file or --email is required: whose sessions to list")
	}
	if err := o.emails.validate(); err != nil {
		return err
	}
	if !o.emails.given() || len(o.users.users) > 0 || o.users.file != "" {
		if ids, err = o.users.resolve(a, "whose sessions to list"); err != nil {
			return err
		}
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	client := s.client.WithPacer(&api.Pacer{})
	ctx := c.Context()
	several := len(ids)+len(o.emails.emails) > 1
	var firstFail error
	if o.emails.given() {
		if ids, firstFail, err = o.emails.resolveInto(ctx, a, client, ids, o.concurrency, several); err != nil {
			return err
		}
	}
	if len(ids) == 1 && !several && o.output.passThrough() && !flt.Selects() && !flt.Sorts() && flt.Limit() == 0 {
		// One user, the whole document: Stytch's bytes, validated but not
		// decoded (see BenchmarkSessionsList5000).
		raw, err := client.GetSessionsRaw(ctx, ids[0])
		if err != nil {
			return wrap(err, "listing sessions of user %s", ids[0])
		}
		return a.printDocument(o.output.format, raw)
	}
	p := newListPrinter(a, &o.output, sessionsListing(several))

	var prog *render.Progress
	if a.deps.StderrTTY && len(ids) >= progressMinUsers {
		prog = render.NewProgress(a.deps.Stderr, len(ids), "users")
	}
	defer prog.Done()
	clearForStdout := a.deps.StdoutTTY && p.Streams()

	var held []api.Session // every match, when --sort-by needs them all
	limit := flt.Limit()
	owners := ownerSet{}
	// answers counts the users fetched; firstRaw is the first response,
	// the envelope of -o json when every input turns out to be one user.
	answers, emptyAnswers := 0, 0
	var firstRaw json.RawMessage
	fan := fanOut[*api.SessionsResponse]{
		Workers:  o.concurrency,
		Fetch:    fetchSessionsOf(client, ids),
		Received: func(int, error) { prog.Add(1) },
		Fatal:    stopsRun,
		Emit: func(i int, resp *api.SessionsResponse, err error) error {
			if err != nil {
				if !several {
					return err
				}
				if firstFail == nil {
					firstFail = err
				}
				prog.Clear()
				werr := printFailureLine(a.deps.Stderr, err)
				return werr
			}
			if !several {
				p.SetEnvelope(resp.Raw)
			}
			if answers++; answers == 1 {
				firstRaw = resp.Raw
			}
			if len(resp.Sessions) == 0 {
				emptyAnswers++
			}
			if first, dup := owners.claim(ids[i], resp.Sessions); dup {
				prog.Clear()
				return noteSameUser(a, "listed", ids[i], first, resp.Sessions[0].UserID)
			}
			if clearForStdout {
				prog.Clear()
			}
			if !flt.Selects() && !flt.Sorts() {
				// Every session, in the API's order: one batch.
				batch := resp.Sessions
				if limit > 0 {
					batch = batch[:min(len(batch), limit-p.Count())]
				}
				if err := p.AddAll(batch); err != nil {
					return err
				}
				if err := p.Flush(); err != nil {
					return err
				}
				if limit > 0 && p.Count() >= limit {
					return errEnough
				}
				return nil
			}
			for _, sess := range resp.Sessions {
				if !flt.Match(sess) {
					continue
				}
				if flt.Sorts() {
					held = append(held, sess)
					continue
				}
				if err := p.Add(sess); err != nil {
					return err
				}
				if limit > 0 && p.Count() >= limit {
					if err := p.Flush(); err != nil {
						return err
					}
					return errEnough
				}
			}
			return p.Flush()
		},
	}
	if err := fan.run(ctx, len(ids)); err != nil && !errors.Is(err, errEnough) {
		return err
	}
	if flt.Sorts() {
		flt.Sort(held)
		if limit > 0 && len(held) > limit {
			held = held[:limit]
		}
		for _, sess := range held {
			if err := p.Add(sess); err != nil {
				return err
			}
		}
	}
	prog.Done()
	if several && firstFail == nil && answers == len(ids) && emptyAnswers == 0 && len(owners) == 1 {
		// Every input named the same user: print Stytch's own response
		// object, as for that user named once.
		if o.output.passThrough() && !flt.Selects() && !flt.Sorts() && limit == 0 {
			return a.printDocument(o.output.format, firstRaw)
		}
		p.SetEnvelope(firstRaw)
	}
	if err := p.Close(ctx); err != nil {
		return err
	}
	if p.Count() == 0 && firstFail == nil && o.output.format.IsTable() {
		if err := o.noteEmpty(a, ids, flt); err != nil {
			return err
		}
	}
	if firstFail != nil {
		return &silentError{code: ExitCode(firstFail)}
	}
	return nil
}

// ownerSet remembers, by user_id, the users whose sessions were printed,
// and the input that named each first. An external ID and a user ID of the
// same user can only be told apart once fetched: every session carries the
// user_id it belongs to.
type ownerSet map[string]string

// claim records the owner of sessions, fetched for input. dup is true when
// that user's sessions were already printed for an earlier input, first.
// An empty list has no owner and is never a duplicate (it prints nothing).
func (o ownerSet) claim(input string, sessions []api.Session) (first string, dup bool) {
	if len(sessions) == 0 || sessions[0].UserID == "" {
		return "", false
	}
	uid := sessions[0].UserID
	if first, ok := o[uid]; ok {
		return first, true
	}
	o[uid] = input
	return "", false
}

// noteSameUser says on stderr, once per repeated input, that input and
// first named the same user, userID, whose sessions are what (listed,
// audited) once.
func noteSameUser(a *app, what, input, first, userID string) error {
	who := ""
	if input != userID && first != userID {
		who = " (" + render.Sanitize(userID) + ")"
	}
	_, err := fmt.Fprintf(a.deps.Stderr, "stytchctl: note: %s and %s name the same user%s: its sessions are %s once\n",
		render.Sanitize(first), render.Sanitize(input), who, what)
	return err
}

// noteEmpty tells a person on stderr why the table is empty.
func (o *sessionsListOptions) noteEmpty(a *app, ids []string, flt *sessionfilter.Filter) error {
	who := "user " + render.Sanitize(ids[0])
	if len(ids) > 1 {
		who = fmt.Sprintf("any of the %d users", len(ids))
	}
	msg := fmt.Sprintf("No active sessions for %s.\n", who)
	if flt.Selects() {
		msg = fmt.Sprintf("No active sessions of %s match the filters.\n", who)
	}
	_, err := fmt.Fprint(a.deps.Stderr, msg)
	return err
}
