package cmd

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
	"github.com/stytchctl/stytchctl/render"
)

// auditCollector is the state of one `sessions audit`: it audits each
// user's sessions as they arrive (audit), prints or holds the findings,
// keeps the tally, ends the output (finish), and then says how the run
// ends (exitError). Every method runs on the goroutine that prints.
type auditCollector struct {
	manyUsers
	a   *app
	o   *sessionsAuditOptions
	p   render.Printer[sessionaudit.Finding]
	now time.Time
	// users and sessions count what was audited; counts and worst tally
	// every finding, printed or left out by --limit: the summary and
	// --fail-on are about the whole audit.
	users    int
	sessions int
	counts   map[sessionaudit.Severity]int
	worst    sessionaudit.Severity
	// clearBar is set when findings reach the terminal as they are found,
	// so the progress bar must make way for them.
	clearBar bool
	// held are the findings kept for an order (--sort-by, or critical
	// first on a terminal), cut to --limit once all are found; printed
	// counts the findings printed as found, and cut those --limit left
	// out.
	held    []sessionaudit.Finding
	printed int
	cut     int
	// client, when the sessions came from the API, names users typed by
	// user ID in a terminal table (nameHeld).
	client *api.Client
	// bySeverity is 1 when findings are printed critical first, -1 info
	// first, 0 in the order found (see newAuditCollector).
	bySeverity int
}

// newAuditCollector returns the collector of an audit with the validated
// options o. It draws no progress bar until one is set: how many users
// there are is known only once the inputs are.
func newAuditCollector(a *app, o *sessionsAuditOptions) *auditCollector {
	r := &auditCollector{
		manyUsers: newManyUsers(a.deps.Stderr),
		a:         a,
		o:         o,
		now:       a.deps.Now(),
		counts:    map[sessionaudit.Severity]int{},
	}
	r.p = o.printer(a)
	r.clearBar = a.deps.StdoutTTY && r.p.Streams()
	// Without --sort-by, the terminal table (written at the end anyway)
	// comes critical first; machine formats and piped tables keep the
	// order found, so that --all-users holds nothing.
	r.bySeverity = o.severityOrder
	if r.bySeverity == 0 && !o.flt.Sorts() && o.output.format.IsTable() && o.output.jq == "" && o.output.template == "" && !r.p.Streams() {
		r.bySeverity = 1
	}
	return r
}

// audit prints the findings of one user's sessions; label is how the
// person named the user (the input typed, or with --all-users the external
// ID or email), shown in a terminal table. --limit caps only what is
// printed: every user is audited and every finding counted, so the
// summary and --fail-on see findings that were not printed.
func (r *auditCollector) audit(userID, label string, sessions []api.Session) error {
	r.users++
	r.sessions += len(sessions)
	if r.clearBar {
		r.prog.Clear()
	}
	limit := r.o.flt.Limit()
	auditFindings := sessionaudit.AuditUserMatching
	if r.o.members {
		auditFindings = memberAuditFindings
	}
	for _, f := range auditFindings(userID, sessions, r.o.flt.Match, r.now, r.o.thresholds) {
		f.UserLabel = label
		r.count(f)
		switch {
		case r.holds():
			r.held = append(r.held, f) // ordered once all are found, then cut
		case limit > 0 && r.printed >= limit:
			r.cut++
		default:
			r.printed++
			if err := r.p.Add(f); err != nil {
				return err
			}
		}
	}
	return r.p.Flush()
}

// holds reports whether findings are held to be ordered at the end: by
// --sort-by, or critical first in a terminal table (written at the end
// anyway).
func (r *auditCollector) holds() bool {
	return r.o.flt.Sorts() || r.o.bySeverityFlag || r.bySeverity != 0
}

// count tallies a finding, printed or not.
func (r *auditCollector) count(f sessionaudit.Finding) {
	r.counts[f.Severity]++
	r.worst = max(r.worst, f.Severity)
}

// finish ends the output once every user was audited: the findings held
// for --sort-by, the document or the terminal table, and on a terminal a
// summary on stderr.
func (r *auditCollector) finish(ctx context.Context) error {
	r.prog.Done()
	r.nameHeld(ctx)
	if err := r.printHeld(); err != nil {
		return err
	}
	if err := r.p.Close(ctx); err != nil {
		return err
	}
	if r.a.deps.StderrTTY {
		r.summarize()
	}
	note := limitNote{shown: r.p.Count(), total: r.p.Count() + r.cut, what: "findings"}
	return note.write(r.a.deps.Stderr, r.a.deps.StderrTTY)
}

// nameHeld names, in the held findings of a terminal table, the users
// the person named by user ID (see nameUsers).
func (r *auditCollector) nameHeld(ctx context.Context) {
	if r.client == nil || len(r.held) == 0 || !r.o.output.print.Table.TTY || !r.o.output.format.IsTable() {
		return
	}
	typed := userLabels{}
	for _, f := range r.held {
		typed.note(f.UserID, cmp.Or(f.UserLabel, f.UserID))
	}
	names := nameUsers(ctx, r.client, typed.byUserID(), r.o.concurrency)
	for i, f := range r.held {
		if name, ok := names[f.UserID]; ok {
			r.held[i].UserLabel = name
		}
	}
}

// printHeld orders the findings held for --sort-by or by severity, cuts
// them to --limit and prints them.
func (r *auditCollector) printHeld() error {
	switch {
	case r.o.flt.Sorts():
		r.sortHeldBySession()
	case r.bySeverity != 0:
		sortBySeverity(r.held, r.bySeverity)
	default:
		return nil
	}
	held := r.held
	if limit := r.o.flt.Limit(); limit > 0 && len(held) > limit {
		r.cut += len(held) - limit
		held = held[:limit]
	}
	for _, f := range held {
		if err := r.p.Add(f); err != nil {
			return err
		}
	}
	r.held = nil
	return nil
}

// sortHeldBySession orders the held findings by their session's times
// (or user), exactly as 'sessions list' orders sessions.
func (r *auditCollector) sortHeldBySession() {
	// Sort stand-ins carrying the fields sessionfilter sorts on and the
	// finding's index, so the order is exactly that of 'sessions list'.
	proxies := make([]api.Session, len(r.held))
	for i, f := range r.held {
		proxies[i] = api.Session{SessionID: strconv.Itoa(i), UserID: f.UserID, StartedAt: f.StartedAt, LastAccessedAt: f.LastActive, ExpiresAt: f.ExpiresAt}
	}
	r.o.flt.Sort(proxies)
	sorted := make([]sessionaudit.Finding, len(proxies))
	for j, p := range proxies {
		i, _ := strconv.Atoi(p.SessionID)
		sorted[j] = r.held[i]
	}
	r.held = sorted
}

// sortBySeverity orders findings critical first (order 1) or info first
// (order -1), keeping the order found within a severity.
func sortBySeverity(fs []sessionaudit.Finding, order int) {
	slices.SortStableFunc(fs, func(a, b sessionaudit.Finding) int {
		return order * cmp.Compare(b.Severity, a.Severity)
	})
}

// summarize tells a person on stderr what was audited and found.
func (r *auditCollector) summarize() {
	one, many := "user", "users"
	if r.o.members {
		one, many = "member", "members"
	}
	fmt.Fprintf(r.a.deps.Stderr, "Audited %d %s, %d %s: %d critical, %d warning, %d info.\n",
		r.users, plural(r.users, one, many), r.sessions, plural(r.sessions, "session", "sessions"),
		r.counts[sessionaudit.Critical], r.counts[sessionaudit.Warning], r.counts[sessionaudit.Info])
}

// exitError is how the audit ends once its output is complete: with the
// first failure's exit code when some users could not be fetched, else
// with ExitCheckFailed when --fail-on LEVEL is given and a finding at or
// above LEVEL was found, printed or left out by --limit, else nil.
func (r *auditCollector) exitError() error {
	if err := r.manyUsers.exitError(); err != nil {
		return err
	}
	level := r.o.failLevel
	if level == 0 || r.worst < level {
		return nil
	}
	n := 0
	for sev, c := range r.counts {
		if sev >= level {
			n += c
		}
	}
	return &exitError{code: ExitCheckFailed, err: fmt.Errorf("%d %s at or above %s (--fail-on %s)", n, plural(n, "finding", "findings"), level, level)}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
