package cmd

import (
	"context"
	"fmt"
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
	// the findings printed.
	users    int
	sessions int
	counts   map[sessionaudit.Severity]int
	worst    sessionaudit.Severity
	// clearBar is set when findings reach the terminal as they are found,
	// so the progress bar must make way for them.
	clearBar bool
	// held are the findings kept for --sort-by; printed counts what has
	// been printed or held, for --limit.
	held    []sessionaudit.Finding
	printed int
}

// newAuditCollector returns the collector of an audit with the validated
// options o. It draws no progress bar until one is set: how many users
// there are is known only once the inputs are.
func newAuditCollector(a *app, o *sessionsAuditOptions) *auditCollector {
	r := &auditCollector{
		manyUsers: newManyUsers(a.deps.Stderr),
		a:         a,
		o:         o,
		p:         o.printer(a),
		now:       a.deps.Now(),
		counts:    map[sessionaudit.Severity]int{},
	}
	r.clearBar = a.deps.StdoutTTY && r.p.Streams()
	return r
}

// audit prints the findings of one user's sessions. It returns errEnough
// once --limit findings are printed or held.
func (r *auditCollector) audit(userID string, sessions []api.Session) error {
	r.users++
	r.sessions += len(sessions)
	if r.clearBar {
		r.prog.Clear()
	}
	flt := r.o.flt
	limit := flt.Limit()
	for _, f := range sessionaudit.AuditUserMatching(userID, sessions, flt.Match, r.now, r.o.thresholds) {
		if flt.Sorts() {
			r.held = append(r.held, f)
			continue
		}
		r.count(f)
		if err := r.p.Add(f); err != nil {
			return err
		}
		if r.printed++; limit > 0 && r.printed >= limit {
			if err := r.p.Flush(); err != nil {
				return err
			}
			return errEnough
		}
	}
	return r.p.Flush()
}

// count tallies a finding that is printed.
func (r *auditCollector) count(f sessionaudit.Finding) {
	r.counts[f.Severity]++
	r.worst = max(r.worst, f.Severity)
}

// finish ends the output once every user was audited: the findings held
// for --sort-by, the document or the terminal table, and on a terminal a
// summary on stderr.
func (r *auditCollector) finish(ctx context.Context) error {
	r.prog.Done()
	if err := r.printHeld(); err != nil {
		return err
	}
	if err := r.p.Close(ctx); err != nil {
		return err
	}
	if r.a.deps.StderrTTY {
		r.summarize()
	}
	return nil
}

// printHeld sorts the findings held for --sort-by by their session's
// times (or user), cuts them to --limit and prints them.
func (r *auditCollector) printHeld() error {
	if !r.o.flt.Sorts() {
		return nil
	}
	// Sort stand-ins carrying the fields sessionfilter sorts on and the
	// finding's index, so the order is exactly that of 'sessions list'.
	proxies := make([]api.Session, len(r.held))
	for i, f := range r.held {
		proxies[i] = api.Session{SessionID: strconv.Itoa(i), UserID: f.UserID, StartedAt: f.StartedAt, LastAccessedAt: f.LastActive, ExpiresAt: f.ExpiresAt}
	}
	r.o.flt.Sort(proxies)
	if limit := r.o.flt.Limit(); limit > 0 && len(proxies) > limit {
		proxies = proxies[:limit]
	}
	for _, p := range proxies {
		i, _ := strconv.Atoi(p.SessionID)
		r.count(r.held[i])
		if err := r.p.Add(r.held[i]); err != nil {
			return err
		}
	}
	r.held = nil
	return nil
}

// summarize tells a person on stderr what was audited and found.
func (r *auditCollector) summarize() {
	fmt.Fprintf(r.a.deps.Stderr, "Audited %d %s, %d %s: %d critical, %d warning, %d info.\n",
		r.users, plural(r.users, "user", "users"), r.sessions, plural(r.sessions, "session", "sessions"),
		r.counts[sessionaudit.Critical], r.counts[sessionaudit.Warning], r.counts[sessionaudit.Info])
}

// exitError is how the audit ends once its output is complete: with the
// first failure's exit code when some users could not be fetched, else
// with ExitCheckFailed when --fail-on LEVEL is given and a finding at or
// above LEVEL was printed, else nil.
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
