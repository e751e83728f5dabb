package cmd

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/config"
	"github.com/stytchctl/stytchctl/render"
)

// This file is the machinery `sessions revoke` and `b2b sessions revoke`
// share: the confirmation rules, the preview, --dry-run, sending the
// revokes with bounded concurrency, Ctrl-C, the results and the journal.
// The commands only decide which sessions a run targets and how one is
// revoked, so both keep exactly the same promises:
//
//   - Without a terminal on stdin, --yes is required (exit 2, nothing is
//     sent, not even the listing): checkConfirmable, before connecting.
//   - The preview (sessions, project, LIVE or test) always goes to stderr,
//     with --yes too; on a terminal without --yes the user is asked.
//   - --dry-run prints the sessions that would be revoked to stdout in the
//     -o format and sends no revoke.
//   - Results are one row per session on stdout ({"results":[…]}); every
//     outcome is journalled as it arrives.
//   - Ctrl-C stops new revokes, waits for those in flight, prints and
//     journals what happened, and exits 130.

// Result words of a revoke, in the output and the journal.
const (
	resultRevoked  = "revoked"
	resultNotFound = "not found"
	resultFailed   = "failed"
	// resultNotSent is a session a 401/403 or Ctrl-C stopped the run
	// before: still active, printed but not journalled (nothing was sent).
	resultNotSent = "not sent"
)

// revokeFlags are the flags every revoke command shares.
type revokeFlags struct {
	yes         bool
	dryRun      bool
	reason      string
	concurrency int
	output      outputOptions
}

// bindRevokeFlags adds --yes, --dry-run, --reason, --concurrency and the
// output flags to c.
func bindRevokeFlags(c *cobra.Command, f *revokeFlags) {
	c.Flags().BoolVarP(&f.yes, "yes", "y", false, "Revoke without asking (required when stdin is not a terminal); the preview is still printed on stderr")
	c.Flags().BoolVar(&f.dryRun, "dry-run", false, "Print the sessions that would be revoked and send no revoke")
	c.Flags().StringVar(&f.reason, "reason", "", "Why the sessions are revoked, as `TEXT` stored with each one in the revoke journal")
	c.Flags().IntVar(&f.concurrency, "concurrency", defaultConcurrency, fmt.Sprintf("Send `N` revokes at once, 1 to %d", maxConcurrency))
	bindOutput(c, &f.output)
}

// validate checks the shared flags before anything is sent. It returns done
// when -o help was answered. The confirmation rule is checkConfirmable's,
// which the command calls after checking what is asked: a missing or
// contradictory selection and bad IDs are reported before "pass --yes".
func (f *revokeFlags) validate(c *cobra.Command, a *app) (done bool, err error) {
	if done, err := f.output.validate(c, a); done || err != nil {
		return done, err
	}
	if f.concurrency < 1 || f.concurrency > maxConcurrency {
		return false, usageErrorf("invalid --concurrency %d: want 1 to %d", f.concurrency, maxConcurrency)
	}
	if f.dryRun && f.yes {
		return false, usageErrorf("--dry-run and --yes cannot be used together: a dry run revokes nothing")
	}
	return false, nil
}

// checkConfirmable refuses a revoke that could not be confirmed: without a
// terminal on stdin, --yes or --dry-run is required. It is the last check
// before connecting, after the selection.
func (f *revokeFlags) checkConfirmable(a *app) error {
	if !f.dryRun && !f.yes && !a.deps.StdinTTY {
		return &exitError{code: ExitUsage,
			err:  errors.New("refusing to revoke without confirmation: stdin is not a terminal, so nothing can be asked; pass --yes"),
			hint: "Check what would be revoked with --dry-run first, then run again with --yes."}
	}
	return nil
}

// revokeTarget is one session a run may end, with what the preview shows.
type revokeTarget struct {
	SessionID string
	// UserID is the consumer user, "" when a session was named without
	// --user; MemberID and OrganizationID are the B2B member's.
	UserID         string
	MemberID       string
	OrganizationID string
	Device         string
	IP             string
	LastActive     time.Time
	// Raw is the session as the API listed it, or {"session_id":…} for a
	// session named on the command line whose details are not known.
	Raw json.RawMessage
}

// owner is the user or member the session belongs to, for tables.
func (t revokeTarget) owner() string {
	if t.MemberID != "" {
		return t.MemberID
	}
	return t.UserID
}

// checkListedIDs checks the session IDs of a listing the way IDs named on
// the command line are checked (api.ValidateSessionID), before anything is
// previewed or sent: an empty or malformed ID would be revoked as it is
// (an empty session_id could even come back "revoked"). One bad ID makes
// the whole listing unusable: an unreadable response, exit 1, nothing
// sent. what says which listing, as in "listing sessions of user U".
func checkListedIDs(ids []string, what string) error {
	for _, id := range ids {
		if err := api.ValidateSessionID(id); err != nil {
			return &exitError{code: ExitFailure,
				err: fmt.Errorf("%s: unreadable response: it lists a session whose ID is unusable (%w); nothing was revoked", what, err)}
		}
	}
	return nil
}

// sessionSet is the session IDs met so far in a listing: one that names
// a session twice gets it revoked (and counted) once.
type sessionSet map[string]struct{}

// add records id and reports whether it was new.
func (s sessionSet) add(id string) bool {
	if _, ok := s[id]; ok {
		return false
	}
	s[id] = struct{}{}
	return true
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

// namedRevokeTargets are the targets of sessions named on the command
// line: only their IDs are known (Stytch cannot look a session up by ID),
// so a dry run prints {"<key>":"<id>"} for each, and the journal records
// no owner for them.
func namedRevokeTargets(ids []string, key string) []revokeTarget {
	targets := make([]revokeTarget, len(ids))
	for i, id := range ids {
		targets[i] = revokeTarget{SessionID: id, Raw: sessionIDObject(key, id)}
	}
	return targets
}

// revokePlan is what a command hands to runRevoke.
type revokePlan struct {
	// Noun is "sessions" or "member sessions", for messages and the dry
	// run's JSON key ("sessions", "member_sessions").
	Noun    string
	DryKey  string
	Targets []revokeTarget
	// Owner is the table header of the owner column: "User" or "Member";
	// Detail that of the target's Device text: "Device" for consumer
	// sessions, "Factors" for member sessions, which have no device.
	Owner  string
	Detail string
	// NoIP leaves out the IP column: member sessions have no IP address.
	NoIP bool
	// One revokes one target: every target gets its own request, so that
	// what was previewed is exactly what is revoked and journalled.
	One func(ctx context.Context, t revokeTarget) (*api.RevokeResponse, error)
	// NoDetails says that the targets' device, IP and last activity are
	// unknown (named sessions), so the preview says so.
	NoDetails string
	// Notes are printed under the preview (member sessions have no IP).
	Notes []string
}

// revokeOutcome is what happened to one target.
type revokeOutcome struct {
	target    revokeTarget
	result    string
	requestID string
	err       error
	// lost is set when the revoke was counted as done because an earlier
	// attempt's answer was lost and the retry found the session gone.
	lost bool
}

// MarshalJSON is the result row of -o json: session_id, the owner,
// result, request_id and error ("" when none).
func (o revokeOutcome) MarshalJSON() ([]byte, error) {
	type row struct {
		SessionID      string `json:"session_id"`
		UserID         string `json:"user_id,omitempty"`
		MemberID       string `json:"member_id,omitempty"`
		OrganizationID string `json:"organization_id,omitempty"`
		Result         string `json:"result"`
		RequestID      string `json:"request_id"`
		Error          string `json:"error"`
		ErrorType      string `json:"error_type"`
	}
	r := row{SessionID: o.target.SessionID, UserID: o.target.UserID, MemberID: o.target.MemberID,
		OrganizationID: o.target.OrganizationID, Result: o.result, RequestID: o.requestID}
	if o.err != nil {
		r.Error = o.err.Error()
		if ae, ok := api.AsError(o.err); ok {
			r.ErrorType = ae.ErrorType
		}
	}
	return json.Marshal(r)
}

func (o revokeOutcome) errText() string {
	if o.err == nil {
		return ""
	}
	return o.err.Error()
}

// errSessionNotFound is the error_type with which both revoke endpoints say
// that a session (a consumer session or a B2B member session) does not
// exist, has expired or was already revoked (REFERENCE.md §2.2; Stytch has
// no member-session variant of it).
const errSessionNotFound = "session_not_found"

// classifyRevoke turns a revoke's answer into an outcome. Only Stytch's
// 404 session_not_found says that the session is gone: any other 404 (a
// wrong base path, a proxy's page, another error_type) says nothing about
// the session, so it is "failed", exit 1, not "not found". A
// session_not_found after an attempt whose answer was lost (timeout,
// connection error, 5xx) means that attempt did the work: revoked.
func classifyRevoke(t revokeTarget, resp *api.RevokeResponse, err error) revokeOutcome {
	o := revokeOutcome{target: t}
	if err == nil {
		o.result, o.requestID = resultRevoked, resp.RequestID
		return o
	}
	ae, ok := api.AsError(err)
	gone := ok && ae.IsNotFound() && ae.ErrorType == errSessionNotFound
	switch {
	case gone && ae.EarlierMayHaveWorked():
		o.result, o.requestID, o.lost = resultRevoked, ae.RequestID, true
	case gone:
		o.result, o.requestID, o.err = resultNotFound, ae.RequestID, err
	default:
		o.result, o.err = resultFailed, err
		if ExitCode(err) == ExitNotFound {
			o.err = &exitError{code: ExitFailure, err: err}
		}
		if ok {
			o.requestID = ae.RequestID
		}
	}
	return o
}

// connectForRevoke checks that the run can be confirmed (--yes or a
// terminal) and only then connects. The client gets a pacer of its own, so
// that one 429 slows every revoke of the run.
func (a *app) connectForRevoke(f *revokeFlags) (*connection, *api.Client, error) {
	if err := f.checkConfirmable(a); err != nil {
		return nil, nil, err
	}
	conn, err := a.connect()
	if err != nil {
		return nil, nil, err
	}
	return conn, conn.client.WithPacer(&api.Pacer{}), nil
}

// runRevoke previews, confirms, revokes, prints and journals plan. conn
// is the API connection (project and profile for the preview and the
// journal).
func (a *app) runRevoke(ctx context.Context, conn *connection, f *revokeFlags, plan revokePlan) error {
	project := conn.client.ProjectID() // the demo profile's comes from the client
	env := "test"
	if config.IsLive(project) {
		env = "LIVE"
	}
	if len(plan.Targets) == 0 {
		_, err := fmt.Fprintf(a.deps.Stderr, "Nothing to revoke: no active %s match.\n", plan.Noun)
		return err
	}
	if f.dryRun {
		return a.dryRunRevoke(ctx, f, plan, project, env)
	}
	if err := a.previewRevoke(conn, f, plan, env); err != nil {
		return err
	}
	if !f.yes {
		if err := a.confirmRevoke(ctx, plan, project, env); err != nil {
			return err
		}
	}
	j, err := a.openJournal()
	if err != nil {
		return err
	}
	defer j.close()
	rec := &revokeRecorder{a: a, j: j, f: f, profile: conn.creds.Profile, project: project, env: strings.ToLower(env), demo: conn.creds.Demo}
	plan.One = scrubRequestIDs(plan.One, conn.client.Scrubber())
	outcomes, notSent := a.sendRevokes(ctx, f.concurrency, plan, rec.record)
	rows := outcomes
	for _, t := range notSent {
		rows = append(rows, revokeOutcome{target: t, result: resultNotSent})
	}
	if err := a.printRevokeResults(ctx, f, plan, rows); err != nil {
		return err
	}
	return a.revokeSummary(ctx, plan, outcomes, notSent, rec.err, j.path)
}

// dryRunRevoke prints the targets in the -o format on stdout and says on
// stderr that nothing was sent.
func (a *app) dryRunRevoke(ctx context.Context, f *revokeFlags, plan revokePlan, project, env string) error {
	p := newListPrinter(a, &f.output, plan.targetListing())
	for _, t := range plan.Targets {
		if err := p.Add(t); err != nil {
			return err
		}
	}
	if err := p.Close(ctx); err != nil {
		return err
	}
	_, err := fmt.Fprintf(a.deps.Stderr, "Dry run: %s in project %s (%s) would be revoked; nothing was sent.\n",
		count(len(plan.Targets), plan.Noun), project, env)
	return err
}

// confirmRevoke asks on the terminal whether to go on; anything but yes
// is exit 1 with nothing revoked.
func (a *app) confirmRevoke(ctx context.Context, plan revokePlan, project, env string) error {
	ok, err := a.confirm(ctx, fmt.Sprintf("Revoke %s in %s project %s? [y/N] ", count(len(plan.Targets), plan.Noun), env, project))
	if err != nil {
		return err
	}
	if !ok {
		return &exitError{code: ExitFailure, err: errors.New("not confirmed: nothing was revoked")}
	}
	return nil
}

// revokeRecorder journals each outcome of a run as it arrives. A journal
// write that fails does not stop the run (the revokes are done whatever
// the journal says): the first such error is kept in err for the summary
// and the exit code.
type revokeRecorder struct {
	a *app
	j *journal
	f *revokeFlags
	// profile, project and env (lower case) are the run's, for every entry.
	profile, project, env string
	// demo is set on the built-in demo profile (see journalEntry.Demo).
	demo bool
	err  error
}

// record appends o to the journal.
func (r *revokeRecorder) record(o revokeOutcome) {
	e := journalEntry{
		Time: r.a.deps.Now().UTC(), Operator: r.a.deps.operator(), Profile: r.profile,
		Project: r.project, Environment: r.env,
		UserID: o.target.UserID, MemberID: o.target.MemberID, OrganizationID: o.target.OrganizationID,
		SessionID: o.target.SessionID, Result: o.result, RequestID: o.requestID, Reason: r.f.reason,
		Demo: r.demo,
	}
	if o.err != nil {
		e.Error = o.err.Error()
	}
	if err := r.j.append(e); err != nil && r.err == nil {
		r.err = err
	}
}

// printRevokeResults prints one row per outcome on stdout in the -o
// format.
func (a *app) printRevokeResults(ctx context.Context, f *revokeFlags, plan revokePlan, outcomes []revokeOutcome) error {
	p := newListPrinter(a, &f.output, plan.resultListing())
	for _, o := range outcomes {
		if err := p.Add(o); err != nil {
			return err
		}
	}
	// The results are printed even when the run was interrupted, so the
	// context must not stop --jq now.
	return p.Close(context.WithoutCancel(ctx))
}

// scrubRequestIDs returns one with the credentials masked in the
// request_id of each answer, which the results print and the journal
// keeps: a server that echoes them there must not get them written to
// disk. (Errors come masked from the client.)
func scrubRequestIDs(one func(context.Context, revokeTarget) (*api.RevokeResponse, error), scrub *api.Scrubber) func(context.Context, revokeTarget) (*api.RevokeResponse, error) {
	return func(ctx context.Context, t revokeTarget) (*api.RevokeResponse, error) {
		resp, err := one(ctx, t)
		if resp != nil {
			resp.RequestID = scrub.String(resp.RequestID)
		}
		return resp, err
	}
}

// revokeSummary tells stderr what happened and picks the exit code: 130
// when interrupted, else the first failure's (1, 4 or 5), else 3 when a
// session was not found, else 0. A session picked from a user's listing
// that is gone by the time it is revoked (expired, or revoked by someone
// else) is "not found" too: the tool did not end it, so it does not claim
// to have.
func (a *app) revokeSummary(ctx context.Context, plan revokePlan, outcomes []revokeOutcome, notSent []revokeTarget, journalErr error, journalPath string) error {
	stderr := a.deps.Stderr
	for _, o := range outcomes {
		if o.lost {
			fmt.Fprintf(stderr, "stytchctl: note: %s: an earlier attempt's answer was lost and the retry found it gone: counted as revoked\n", o.target.SessionID)
		}
	}
	t := tallyRevokes(outcomes)
	fmt.Fprintf(stderr, "%s: %s. Journal: %s\n", capitalise(count(len(plan.Targets), plan.Noun)), t.words(len(notSent)), journalPath)
	if journalErr != nil {
		fmt.Fprintf(stderr, "stytchctl: %s\n", render.Sanitize(journalErr.Error()))
	}
	interrupted := ctx.Err() != nil
	if len(notSent) > 0 {
		notSentNote(stderr, notSent, interrupted, t.firstFail)
	}
	switch {
	case interrupted:
		fmt.Fprintln(stderr, "stytchctl: interrupted")
		return &silentError{code: ExitInterrupted}
	case t.failed > 0:
		return &silentError{code: ExitCode(t.firstFail)}
	case t.notFound > 0:
		return &silentError{code: ExitNotFound}
	case journalErr != nil:
		return &silentError{code: ExitFailure}
	}
	return nil
}

// notSentNote says on stderr which sessions were not sent, why the run
// stopped and, after a 401 or 403, what to do next.
func notSentNote(stderr io.Writer, notSent []revokeTarget, interrupted bool, firstFail error) {
	ids := make([]string, len(notSent))
	for i, t := range notSent {
		ids[i] = t.SessionID
	}
	why := "the run stopped"
	auth := api.IsAuthFailure(firstFail)
	switch {
	case interrupted:
		why = "interrupted"
	case auth:
		why = fmt.Sprintf("stopped: the API refused the credentials (HTTP %d)", api.HTTPStatus(firstFail))
	}
	fmt.Fprintf(stderr, "stytchctl: %s before these were sent (still active): %s\n", why, strings.Join(ids, " "))
	if !auth || interrupted {
		return
	}
	hint := answerHint(firstFail)
	if hint == "" {
		hint = "To fix: check the credentials and what they may do (stytchctl auth status)."
	}
	fmt.Fprintln(stderr, hint+" Then revoke the sessions not sent again.")
}

// revokeTally counts a run's outcomes by result.
type revokeTally struct {
	revoked, notFound, failed int
	// firstFail is the error of the first failed outcome, for the exit
	// code.
	firstFail error
}

// tallyRevokes counts outcomes by result.
func tallyRevokes(outcomes []revokeOutcome) revokeTally {
	var t revokeTally
	for _, o := range outcomes {
		switch o.result {
		case resultRevoked:
			t.revoked++
		case resultNotFound:
			t.notFound++
		default:
			t.failed++
			if t.firstFail == nil {
				t.firstFail = o.err
			}
		}
	}
	return t
}

// words says the tally as "2 revoked, 1 not found, 1 failed, 3 not sent",
// leaving out the counts that are 0 (but never the revoked one).
func (t revokeTally) words(notSent int) string {
	parts := []string{fmt.Sprintf("%d revoked", t.revoked)}
	if t.notFound > 0 {
		parts = append(parts, fmt.Sprintf("%d not found", t.notFound))
	}
	if t.failed > 0 {
		parts = append(parts, fmt.Sprintf("%d failed", t.failed))
	}
	if notSent > 0 {
		parts = append(parts, fmt.Sprintf("%d not sent", notSent))
	}
	return strings.Join(parts, ", ")
}

// sendRevokes revokes plan's targets, at most workers at once, and calls
// record for each outcome on the calling goroutine as it arrives. Ctrl-C
// (ctx) stops new revokes; those in flight run to their end (bounded by
// --timeout and the retry policy), because a revoke whose answer we never
// read would be an outcome lost. A 401 or 403, whatever its body, also
// stops new revokes: the credentials fail for every session alike. It
// returns the outcomes in target order, and the targets never sent.
func (a *app) sendRevokes(ctx context.Context, workers int, plan revokePlan, record func(revokeOutcome)) ([]revokeOutcome, []revokeTarget) {
	s := &revokeSender{ctx: ctx, plan: plan, jobs: make(chan int), results: make(chan sentRevoke), stop: make(chan struct{})}
	go s.feed()
	var wg sync.WaitGroup
	for range min(max(workers, 1), len(plan.Targets)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.work()
		}()
	}
	go func() {
		wg.Wait()
		close(s.results)
	}()
	got := make([]*revokeOutcome, len(plan.Targets))
	for r := range s.results {
		got[r.i] = &r.outcome
		record(r.outcome)
	}
	var outcomes []revokeOutcome
	var notSent []revokeTarget
	for i, o := range got {
		if o == nil {
			notSent = append(notSent, plan.Targets[i])
			continue
		}
		outcomes = append(outcomes, *o)
	}
	return outcomes, notSent
}

// revokeSender is the machinery of one sendRevokes: feed hands out target
// indexes on jobs until Ctrl-C or stop; each worker sends the revokes it
// takes and reports on results; stop closes (once) on a 401 or 403.
type revokeSender struct {
	ctx      context.Context
	plan     revokePlan
	jobs     chan int
	results  chan sentRevoke
	stop     chan struct{}
	stopOnce sync.Once
}

// sentRevoke is the outcome of target i.
type sentRevoke struct {
	i       int
	outcome revokeOutcome
}

// feed offers every target's index in order, and stops offering at
// Ctrl-C or stop; it closes jobs when done.
func (s *revokeSender) feed() {
	defer close(s.jobs)
	for i := range len(s.plan.Targets) {
		if s.ctx.Err() != nil {
			return
		}
		select {
		case s.jobs <- i:
		case <-s.ctx.Done():
			return
		case <-s.stop:
			return
		}
	}
}

// work sends the revokes it takes from jobs. A job taken just as Ctrl-C
// came, or after a 401 or 403, is not sent. The revoke itself runs
// without ctx's cancellation: once sent, its answer is always read.
func (s *revokeSender) work() {
	for i := range s.jobs {
		if s.stopped() {
			continue
		}
		t := s.plan.Targets[i]
		resp, err := s.plan.One(context.WithoutCancel(s.ctx), t)
		o := classifyRevoke(t, resp, err)
		if api.IsAuthFailure(o.err) {
			s.stopOnce.Do(func() { close(s.stop) }) // before the next job is taken
		}
		s.results <- sentRevoke{i, o}
	}
}

// stopped says whether no new revoke may start: Ctrl-C, or stop.
func (s *revokeSender) stopped() bool {
	if s.ctx.Err() != nil {
		return true
	}
	select {
	case <-s.stop:
		return true
	default:
		return false
	}
}

// previewRevoke shows on stderr what is about to be revoked: the project,
// LIVE or test, the profile, and each session's owner, device, IP and
// last activity.
func (a *app) previewRevoke(conn *connection, f *revokeFlags, plan revokePlan, env string) error {
	w := a.deps.Stderr
	profile := "credentials from the environment"
	if conn.creds.Profile != "" {
		profile = fmt.Sprintf("profile %q", conn.creds.Profile)
	}
	fmt.Fprintf(w, "About to revoke %s in project %s (%s), %s:\n", count(len(plan.Targets), plan.Noun), conn.client.ProjectID(), env, profile)
	if env == "LIVE" {
		fmt.Fprintln(w, "This is a LIVE project: real users will be signed out.")
	}
	cols, row := plan.targetColumns()
	if !a.deps.StderrTTY {
		cols[0].Terminal = nil // whole IDs in a log, short ones for a person
	}
	rows := make([][]any, len(plan.Targets))
	for i, t := range plan.Targets {
		rows[i] = row(t)
	}
	o := render.TableOptions{
		TTY: true, Color: a.deps.colorEnabled(a.deps.StderrTTY), Now: a.deps.Now(), Location: f.output.loc,
	}
	// Fit the terminal: Deps measures stdout's, which is stderr's too when
	// both are the terminal (the usual case); a piped stdout gives 0, and
	// the preview is then drawn at its natural width.
	if a.deps.StderrTTY && a.deps.TermWidth != nil {
		o.Width = a.deps.TermWidth()
	}
	var table strings.Builder
	if err := render.WriteTable(&table, render.TableData{Columns: cols, Rows: rows}, o); err != nil {
		return err
	}
	io.WriteString(w, a.terminalText(table.String()))
	if plan.NoDetails != "" {
		fmt.Fprintln(w, plan.NoDetails)
	}
	for _, n := range plan.Notes {
		fmt.Fprintln(w, n)
	}
	if f.reason != "" {
		fmt.Fprintf(w, "Reason: %s\n", render.Sanitize(f.reason))
	}
	return nil
}

// confirm asks question on stderr and reads the answer from stdin (a
// terminal: validate made sure). Only y or yes confirms. Ctrl-C while
// waiting ends the command with nothing sent.
func (a *app) confirm(ctx context.Context, question string) (bool, error) {
	fmt.Fprint(a.deps.Stderr, question)
	answer := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(a.deps.Stdin).ReadString('\n')
		answer <- line
	}()
	select {
	case <-ctx.Done():
		fmt.Fprintln(a.deps.Stderr)
		return false, ctx.Err()
	case line := <-answer:
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "y", "yes":
			return true, nil
		}
		return false, nil
	}
}

// targetListing prints the targets of a dry run: the sessions as listed.
func (p revokePlan) targetListing() render.List[revokeTarget] {
	cols, row := p.targetColumns()
	return render.List[revokeTarget]{
		Key:         p.DryKey,
		Raw:         func(t revokeTarget) json.RawMessage { return t.Raw },
		Columns:     cols,
		Row:         row,
		WideColumns: cols,
		WideRow:     row,
	}
}

// targetColumns are the columns of the preview and of a dry run's table:
// session, owner, device (or factors), IP (not for member sessions) and
// last activity.
func (p revokePlan) targetColumns() ([]render.Column, func(revokeTarget) []any) {
	// On a narrow terminal the owner goes first, then the IP, then the
	// device (which shrinks before it goes); the session ID and the last
	// activity stay. No ID or IP is ever cut.
	cols := []render.Column{
		{Header: "Session ID", Kind: render.Identifier, Terminal: sessionview.ShortenIDCells},
		{Header: p.Owner, Kind: render.Identifier, DropOrder: 1},
		{Header: p.Detail, DropOrder: 3},
	}
	if !p.NoIP {
		cols = append(cols, render.Column{Header: "IP", Kind: render.Address, DropOrder: 2})
	}
	cols = append(cols, render.Column{Header: "Last active", Fixed: true, Key: "last_accessed_at"})
	row := func(t revokeTarget) []any {
		r := []any{t.SessionID, t.owner(), t.Device}
		if !p.NoIP {
			r = append(r, t.IP)
		}
		return append(r, t.LastActive)
	}
	return cols, row
}

// resultListing prints the results: one row per session.
func (p revokePlan) resultListing() render.List[revokeOutcome] {
	// On a narrow terminal: the session ID and the result are never cut
	// or hidden; the request ID is hidden first (it stays piped, in CSV
	// and JSON output), then the owner, before the error (the point of a
	// failed row) is cut.
	cols := []render.Column{
		{Header: "Session ID", Kind: render.Identifier, Terminal: sessionview.ShortenIDCells},
		{Header: p.Owner, Kind: render.Identifier, DropOrder: 2},
		{Header: "Result", Fixed: true},
		{Header: "Request ID", Kind: render.Identifier, DropOrder: 1},
		{Header: "Error", Keep: true, Terminal: trimRevokeErrorPrefix},
	}
	wide := cols
	row := func(o revokeOutcome) []any {
		return []any{o.target.SessionID, o.target.owner(), o.result, o.requestID, o.errText()}
	}
	return render.List[revokeOutcome]{
		Key: "results",
		Raw: func(o revokeOutcome) json.RawMessage {
			b, _ := o.MarshalJSON() // strings only: cannot fail
			return b
		},
		Columns:     cols,
		Row:         row,
		WideColumns: wide,
		WideRow:     row,
	}
}

// trimRevokeErrorPrefix drops, on a terminal, the session ID an error
// starts with ("revoking session session-test-…: ", "revoking member
// session …: "): the row shows it already, and a full ID in the error
// would take its width or be cut mid-ID. Piped and machine output keep it.
func trimRevokeErrorPrefix(cells []any) {
	for i, c := range cells {
		s, ok := c.(string)
		if !ok {
			continue
		}
		rest, found := strings.CutPrefix(s, "revoking session ")
		if !found {
			rest, found = strings.CutPrefix(s, "revoking member session ")
		}
		if _, cause, cut := strings.Cut(rest, ": "); found && cut && !strings.Contains(rest[:len(rest)-len(cause)-2], " ") {
			cells[i] = cause
		}
	}
}

// count says "1 session" or "3 sessions".
func count(n int, plural string) string {
	if n == 1 {
		return "1 " + strings.TrimSuffix(plural, "s")
	}
	return fmt.Sprintf("%d %s", n, plural)
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
