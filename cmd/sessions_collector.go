package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
)

// progressMinUsers is how many users a run needs before a progress bar is
// worth drawing (and only ever on a terminal).
const progressMinUsers = 5

// stopsRun reports a failure that ends a run over many users at once: a
// 401, whatever its body, means the credentials are wrong for every user
// alike.
func stopsRun(err error) bool {
	return api.HTTPStatus(err) == 401
}

// manyUsers is what a run over many users' sessions keeps besides what it
// prints: the progress bar, the users already handled and the first user
// that failed. The collectors of `sessions list` and `sessions audit`
// embed it. Its methods run on the goroutine that prints (fanOut's Emit).
type manyUsers struct {
	stderr io.Writer
	// prog is the progress bar on stderr; nil draws nothing.
	prog *render.Progress
	// owners are the users whose sessions were handled, by user_id.
	owners ownerSet
	// firstFail is the first user (or email address) that could not be
	// fetched; the run ends with its exit code.
	firstFail error
}

func newManyUsers(stderr io.Writer) manyUsers {
	return manyUsers{stderr: stderr, owners: ownerSet{}}
}

// fetch gets the sessions of ids, workers at a time, counts each answer on
// the progress bar and hands the answers to emit in input order. A failure
// that stops the run (stopsRun) ends it, as does an error from emit
// (errEnough for a successful early end).
func (m *manyUsers) fetch(ctx context.Context, client *api.Client, ids []string, workers int, emit func(int, *api.SessionsResponse, error) error) error {
	fan := fanOut[*api.SessionsResponse]{
		Workers:  workers,
		Fetch:    fetchSessionsOf(client, ids),
		Received: func(int, error) { m.prog.Add(1) },
		Fatal:    stopsRun,
		Emit:     emit,
	}
	return fan.run(ctx, len(ids))
}

// failed reports one user that could not be fetched, on stderr, and
// remembers the first such failure; the run goes on.
func (m *manyUsers) failed(err error) error {
	if m.firstFail == nil {
		m.firstFail = err
	}
	m.prog.Clear()
	return printFailureLine(m.stderr, err)
}

// sameUser reports whether sessions, fetched for input, belong to a user
// whose sessions were already handled for an earlier input; it then says
// so on stderr (what the sessions are: "listed", "audited") and err is
// that write's error.
func (m *manyUsers) sameUser(what, input string, sessions []api.Session) (dup bool, err error) {
	first, dup := m.owners.claim(input, sessions)
	if !dup {
		return false, nil
	}
	m.prog.Clear()
	return true, noteSameUser(m.stderr, what, input, first, sessions[0].UserID)
}

// exitError is how a run that printed what it could ends when some users
// failed: silently (each failure has its line on stderr) with the first
// failure's exit code. It is nil when none failed.
func (m *manyUsers) exitError() error {
	if m.firstFail != nil {
		return &silentError{code: ExitCode(m.firstFail)}
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

// noteSameUser says on w, once per repeated input, that input and first
// named the same user, userID, whose sessions are what (listed, audited)
// once.
func noteSameUser(w io.Writer, what, input, first, userID string) error {
	who := ""
	if input != userID && first != userID {
		who = " (" + render.Sanitize(userID) + ")"
	}
	_, err := fmt.Fprintf(w, "stytchctl: note: %s and %s name the same user%s: its sessions are %s once\n",
		render.Sanitize(first), render.Sanitize(input), who, what)
	return err
}

// wholeAnswer reports whether the sessions may be printed exactly as
// Stytch sent them: a document format, with no --jq or --template, and no
// filter or order that changes the list. --limit is the caller's to check:
// it changes the list only when there are more sessions than it allows.
func wholeAnswer(out *outputOptions, flt *sessionfilter.Filter) bool {
	return out.passThrough() && !flt.Selects() && !flt.Sorts()
}

// sessionsCollector is the state of one `sessions list` over users fetched
// concurrently: it takes each user's answer in input order (emit), prints
// or holds its sessions, and ends the output (finish); exitError is then
// how the run ends.
type sessionsCollector struct {
	manyUsers
	a   *app
	out *outputOptions
	p   render.Printer[api.Session]
	flt *sessionfilter.Filter
	// ids are the users asked for, in input order; several is true when
	// more than one input was given (the inputs may still name one user).
	ids     []string
	several bool
	// labels name the users of a terminal table as they were typed;
	// emailOf is the --email address typed for a user ID it resolved to.
	labels  userLabels
	emailOf map[string]string
	// clearForStdout is set when sessions reach the terminal as they
	// arrive, so the progress bar must make way for them.
	clearForStdout bool
	// held are the matches kept for --sort-by, which needs them all.
	held []api.Session
	// answers counts the users fetched and emptyAnswers those without
	// sessions; firstRaw is the first answer, the envelope of -o json
	// when every input turns out to name one user.
	answers, emptyAnswers int
	firstRaw              json.RawMessage
	// cut counts the matching sessions --limit left out; stopped is set
	// when --limit ended the run before every input was fetched.
	cut     int
	stopped bool
}

// newSessionsCollector returns the collector of the sessions of ids,
// printed as out says once flt has chosen them. It draws a progress bar
// when stderr is a terminal and there are enough users to wait for. loc,
// when not nil, adds the location columns to -o wide and -o csv.
func newSessionsCollector(a *app, out *outputOptions, flt *sessionfilter.Filter, ids []string, several bool, loc sessionview.Locator) *sessionsCollector {
	c := &sessionsCollector{
		manyUsers: newManyUsers(a.deps.Stderr),
		a:         a,
		out:       out,
		labels:    userLabels{},
		flt:       flt,
		ids:       ids,
		several:   several,
	}
	var labels userLabels
	if several && out.print.Table.TTY && out.format.IsTable() {
		labels = c.labels
	}
	listing := sessionsListing(several, labels)
	listing.WideColumns, listing.WideRow = sessionview.LocateWide(listing.WideColumns, listing.WideRow, loc)
	c.p = newListPrinter(a, out, listing)
	if a.deps.StderrTTY && len(ids) >= progressMinUsers {
		c.prog = render.NewProgress(a.deps.Stderr, len(ids), "users")
	}
	c.clearForStdout = a.deps.StdoutTTY && c.p.Streams()
	return c
}

// emit takes the answer for ids[i] (fanOut's Emit). A failure ends a run
// over one input; over several it is a line on stderr and the run goes on.
// A user already listed for an earlier input is a note instead of its
// sessions again. It returns errEnough once --limit has left a session out.
func (c *sessionsCollector) emit(i int, resp *api.SessionsResponse, err error) error {
	err = c.take(i, resp, err)
	if errors.Is(err, errEnough) && i < len(c.ids)-1 {
		c.stopped = true
	}
	return err
}

// take is emit's work: it prints, holds or reports one answer.
func (c *sessionsCollector) take(i int, resp *api.SessionsResponse, err error) error {
	if err != nil {
		if !c.several {
			return err
		}
		return c.failed(err)
	}
	c.answered(resp)
	if dup, err := c.sameUser("listed", c.ids[i], resp.Sessions); dup {
		return err
	}
	c.noteLabel(c.ids[i], resp.Sessions)
	if c.clearForStdout {
		c.prog.Clear()
	}
	if !c.flt.Selects() && !c.flt.Sorts() {
		return c.addBatch(resp.Sessions)
	}
	return c.addMatching(resp.Sessions)
}

// noteLabel records how the person named the user whose sessions were
// fetched for input: the --email address it came from, else input itself.
func (c *sessionsCollector) noteLabel(input string, sessions []api.Session) {
	if len(sessions) == 0 {
		return
	}
	typed := input
	if email, ok := c.emailOf[input]; ok {
		typed = email
	}
	c.labels.note(sessions[0].UserID, typed)
}

// nameUsers names, for a terminal table of several users, those the
// person named by user ID (see nameUsers): the table is drawn at the end,
// with the names.
func (c *sessionsCollector) nameUsers(ctx context.Context, client *api.Client, workers int) {
	if !c.several || !c.out.print.Table.TTY || !c.out.format.IsTable() || c.p.Streams() {
		return
	}
	for id, name := range nameUsers(ctx, client, c.labels.byUserID(), workers) {
		c.labels[id] = name
	}
}

// answered counts an answer and keeps what the document may be built
// around: the answer itself for one input, the first answer for several.
func (c *sessionsCollector) answered(resp *api.SessionsResponse) {
	if !c.several {
		c.p.SetEnvelope(resp.Raw)
	}
	if c.answers++; c.answers == 1 {
		c.firstRaw = resp.Raw
	}
	if len(resp.Sessions) == 0 {
		c.emptyAnswers++
	}
}

// addBatch prints every session of one answer, in the API's order, as one
// batch, up to --limit; it returns errEnough once --limit left one out.
func (c *sessionsCollector) addBatch(sessions []api.Session) error {
	if limit := c.flt.Limit(); limit > 0 && len(sessions) > limit-c.p.Count() {
		keep := limit - c.p.Count()
		c.cut += len(sessions) - keep
		sessions = sessions[:keep]
	}
	if err := c.p.AddAll(sessions); err != nil {
		return err
	}
	if err := c.p.Flush(); err != nil {
		return err
	}
	if c.cut > 0 {
		return errEnough
	}
	return nil
}

// addMatching prints the sessions of one answer that the filters select,
// up to --limit, or holds them when --sort-by must see them all first. It
// returns errEnough once --limit left one out.
func (c *sessionsCollector) addMatching(sessions []api.Session) error {
	limit := c.flt.Limit()
	for _, sess := range sessions {
		switch {
		case !c.flt.Match(sess):
		case c.flt.Sorts():
			c.held = append(c.held, sess)
		case limit > 0 && c.p.Count() >= limit:
			c.cut++
		default:
			if err := c.p.Add(sess); err != nil {
				return err
			}
		}
	}
	if err := c.p.Flush(); err != nil || c.cut == 0 {
		return err
	}
	return errEnough
}

// finish ends the output once every answer was emitted: the sessions held
// for --sort-by, in order and up to --limit, then the document or the
// terminal table, and on stderr why a table is empty or what --limit left
// out. When one user was named (or several inputs all named one user) and
// --limit cut nothing, the document is that user's own answer, as if it
// had been named once.
func (c *sessionsCollector) finish(ctx context.Context) error {
	if err := c.printHeld(); err != nil {
		return err
	}
	c.prog.Done()
	if c.oneUserAfterAll() || (!c.several && c.answers == 1) {
		if wholeAnswer(c.out, c.flt) && c.cut == 0 {
			return c.a.printDocument(c.out.format, c.firstRaw)
		}
		c.p.SetEnvelope(c.firstRaw)
	}
	if err := c.p.Close(ctx); err != nil {
		return err
	}
	if c.p.Count() == 0 && c.firstFail == nil && c.out.format.IsTable() {
		return c.noteEmpty()
	}
	note := limitNote{shown: c.p.Count(), what: "sessions", total: c.p.Count() + c.cut, more: c.stopped}
	if c.stopped {
		note.total = -1
	}
	return note.write(c.a.deps.Stderr, c.a.deps.StderrTTY)
}

// printHeld sorts the sessions held for --sort-by, cuts them to --limit
// and prints them.
func (c *sessionsCollector) printHeld() error {
	if !c.flt.Sorts() {
		return nil
	}
	c.flt.Sort(c.held)
	held := c.held
	if limit := c.flt.Limit(); limit > 0 && len(held) > limit {
		c.cut += len(held) - limit
		held = held[:limit]
	}
	for _, sess := range held {
		if err := c.p.Add(sess); err != nil {
			return err
		}
	}
	return nil
}

// oneUserAfterAll reports whether several inputs all named the same user,
// every one answered and with sessions (an empty answer has no owner to
// compare).
func (c *sessionsCollector) oneUserAfterAll() bool {
	return c.several && c.firstFail == nil && c.answers == len(c.ids) && c.emptyAnswers == 0 && len(c.owners) == 1
}

// noteEmpty tells a person on stderr why the table is empty.
func (c *sessionsCollector) noteEmpty() error {
	who := "user " + render.Sanitize(c.ids[0])
	if len(c.ids) > 1 {
		who = fmt.Sprintf("any of the %d users", len(c.ids))
	}
	msg := fmt.Sprintf("No active sessions for %s.\n", who)
	if c.flt.Selects() {
		msg = fmt.Sprintf("No active sessions of %s match the filters.\n", who)
	}
	_, err := fmt.Fprint(c.a.deps.Stderr, msg)
	return err
}
