package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
)

// Bounds of sessions watch's polling.
const (
	defaultWatchInterval = 30 * time.Second
	minWatchInterval     = 5 * time.Second
	maxWatchInterval     = 24 * time.Hour
	// watchJitter spreads polls by ±10% so that many watchers do not
	// poll in step.
	watchJitter = 0.10
	// maxWatchBackoff caps the wait after repeated failures.
	maxWatchBackoff = 10 * time.Minute
)

// sessionsWatchOptions is what `sessions watch` uses.
type sessionsWatchOptions struct {
	user     string
	interval time.Duration
	output   outputOptions
}

func newSessionsWatchCmd(a *app) *cobra.Command {
	o := &sessionsWatchOptions{}
	c := &cobra.Command{
		Use:   "watch --user ID [--interval DURATION]",
		Short: "Print sessions as they appear and disappear",
		Long: `Poll a user's active sessions and print an event whenever one appears
(ADDED) or disappears (REMOVED: revoked, signed out or expired), with the
absolute time it was seen; the sessions active at the start come first.
It polls every --interval and backs off on failures; an unknown user (3)
or bad credentials (4) end it, Ctrl-C exits 130. Polling: stytchctl help
retries; the event formats: stytchctl help formatting.`,
		Example: examples(
			"stytchctl sessions watch -u user-test-b4d2e8f1-6a3c-4e97-8d05-f1c3a7e9b264",
			"stytchctl sessions watch -u alice-42 --interval 1m -o ndjson | jq -c '{event, id: .session.session_id}'",
		),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	bindOneUser(c, &o.user, "User `ID` or external ID whose sessions to watch (one user at a time)")
	c.Flags().Var(newDurationValue(&o.interval, defaultWatchInterval), "interval", "Poll every `DURATION` (at least 5s), with ±10% jitter")
	bindStreamOutput(c, &o.output)
	return c
}

func (o *sessionsWatchOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.output.validateStream(c, a); done || err != nil {
		return err
	}
	if o.user == "" {
		return usageErrorf("--user is required: the user ID or external ID whose sessions to watch")
	}
	if err := checkOneUser("sessions watch", o.user); err != nil {
		return err
	}
	if err := checkWatchInterval(c, o.interval); err != nil {
		return err
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	src := userWatchSource{client: s.client.WithPacer(&api.Pacer{}), user: o.user}
	w := &watcher{a: a, src: src, interval: o.interval, output: &o.output, rand: rand.Float64}
	return w.loop(c.Context())
}

// watchSource is what a watch polls: the active sessions of one owner, a
// user or an organization member, through the consumer session view.
type watchSource interface {
	// poll fetches the owner's active sessions.
	poll(ctx context.Context) ([]api.Session, error)
	// owner names whose sessions are watched: "user ID", "member ID in
	// organization ORG".
	owner() string
	// final is err, a failure that ends the watch (watchEnds), as the
	// command reports it.
	final(err error) error
	// record is the -o ndjson line of event about s at at (RFC 3339).
	record(event, at string, s api.Session) any
	// cells are the event's cells after the session ID.
	cells(s api.Session) []string
}

// userWatchSource polls a user's sessions: GET /v1/sessions.
type userWatchSource struct {
	client *api.Client
	// user is --user: the user ID or external ID.
	user string
}

func (u userWatchSource) poll(ctx context.Context) ([]api.Session, error) {
	resp, err := u.client.GetSessions(ctx, u.user)
	if err != nil {
		return nil, err
	}
	return resp.Sessions, nil
}

func (u userWatchSource) owner() string { return "user " + u.user }

func (u userWatchSource) final(err error) error {
	return wrap(err, "watching sessions of user %s", u.user)
}

// record names the user as Stytch does: --user may be an external ID, and
// every session carries its user_id.
func (u userWatchSource) record(event, at string, s api.Session) any {
	userID := s.UserID
	if userID == "" {
		userID = u.user
	}
	return struct {
		Event   string          `json:"event"`
		At      string          `json:"at"`
		UserID  string          `json:"user_id"`
		Session json.RawMessage `json:"session"`
	}{event, at, userID, s.Raw}
}

func (u userWatchSource) cells(s api.Session) []string {
	device := sessionview.ParseDevice(s.UserAgent).Short(s.UserAgent)
	return []string{device, s.IPAddress, sessionview.Factors(s.AuthenticationFactors)}
}

// checkWatchInterval refuses an --interval d outside the polling bounds:
// a usage error naming it as typed.
func checkWatchInterval(c *cobra.Command, d time.Duration) error {
	if d < minWatchInterval || d > maxWatchInterval {
		return usageErrorf("invalid --interval %s: want %s to %s", c.Flags().Lookup("interval").Value, api.DurationText(minWatchInterval), api.DurationText(maxWatchInterval))
	}
	return nil
}

// watcher polls one owner's sessions and prints the differences.
type watcher struct {
	a        *app
	src      watchSource
	interval time.Duration
	output   *outputOptions
	// rand returns a number in [0, 1) for the jitter.
	rand func() float64
	// known are the sessions of the last successful poll, in its order.
	known []api.Session
	// short are the short IDs of the sessions of the poll being printed
	// and of the one before it, unique among them (terminal only).
	short map[string]string
}

// loop polls until ctx ends (returning its error: exit 130) or a failure
// that polling again cannot fix.
func (w *watcher) loop(ctx context.Context) error {
	failures := 0
	for {
		sessions, err := w.src.poll(ctx)
		wait := w.interval
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil && watchEnds(err):
			return w.src.final(err)
		case err != nil:
			failures++
			wait = min(w.interval<<min(failures, 16), maxWatchBackoff)
			fmt.Fprintf(w.a.deps.Stderr, "stytchctl: warning: polling sessions of %s: %s; trying again in %s\n",
				render.Sanitize(w.src.owner()), render.Sanitize(err.Error()), wait.Round(time.Second))
		default:
			failures = 0
			if err := w.diff(sessions); err != nil {
				return err
			}
		}
		if err := w.a.deps.sleep(ctx, w.jitter(wait)); err != nil {
			return err
		}
	}
}

// watchEnds reports an error that polling again will not cure: bad
// credentials, an unknown user, a request Stytch refuses.
func watchEnds(err error) bool {
	if api.IsAuthFailure(err) {
		return true
	}
	ae, ok := api.AsError(err)
	return ok && (ae.IsNotFound() || ae.StatusCode == 400)
}

// jitter spreads d by ±watchJitter.
func (w *watcher) jitter(d time.Duration) time.Duration {
	f := 1 + watchJitter*(2*w.rand()-1)
	return time.Duration(float64(d) * f)
}

// diff prints REMOVED for the known sessions that are gone, then ADDED for
// the new ones, and remembers the new set.
func (w *watcher) diff(now []api.Session) error {
	seen := make(map[string]bool, len(now))
	for _, s := range now {
		seen[s.SessionID] = true
	}
	before := make(map[string]bool, len(w.known))
	for _, s := range w.known {
		before[s.SessionID] = true
	}
	at := w.a.deps.Now()
	w.short = shortSessionIDs(w.known, now)
	for _, s := range w.known {
		if !seen[s.SessionID] {
			if err := w.print(at, "removed", s); err != nil {
				return err
			}
		}
	}
	for _, s := range now {
		if !before[s.SessionID] {
			if err := w.print(at, "added", s); err != nil {
				return err
			}
		}
	}
	w.known = now
	return nil
}

// print writes one event.
func (w *watcher) print(at time.Time, event string, s api.Session) error {
	out := w.a.deps.Stdout
	if w.output.format == render.NDJSON {
		line, err := json.Marshal(w.src.record(event, at.UTC().Format(time.RFC3339), s))
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(out, "%s\n", line)
		return err
	}
	cells := append([]string{"", strings.ToUpper(event), s.SessionID}, w.src.cells(s)...)
	if !w.a.deps.StdoutTTY {
		cells[0] = at.UTC().Format(time.RFC3339)
		// As every piped table: text from Stytch sanitised, so that no
		// escape sequence reaches whatever reads the pipe and each event
		// stays one line of tab-separated cells.
		for i, c := range cells {
			cells[i] = render.Sanitize(c)
		}
		_, err := fmt.Fprintln(out, strings.Join(cells, "\t"))
		return err
	}
	cells[0] = at.In(w.output.loc).Format("2006-01-02 15:04:05 MST")
	if short, ok := w.short[s.SessionID]; ok {
		cells[2] = short
	}
	for i := range cells {
		cells[i] = render.Sanitize(cells[i])
	}
	cells[1] = fmt.Sprintf("%-7s", cells[1])
	if w.a.deps.colorEnabled(true) {
		colour := "32" // green
		if event == "removed" {
			colour = "31" // red
		}
		cells[1] = "\x1b[" + colour + "m" + cells[1] + "\x1b[0m"
	}
	// Fit the event to the terminal: what does not fit goes on lines
	// indented under the session ID (see render.FitLine).
	line := strings.Join(cells, "  ")
	if w.a.deps.TermWidth != nil {
		hang := len([]rune(cells[0])) + 2 + 7 + 2
		line = strings.Join(render.FitLine(line, w.a.deps.TermWidth(), hang), "\n")
	}
	_, err := fmt.Fprintln(out, w.a.terminalText(line))
	return err
}

// shortSessionIDs is the short ID of every session in lists, unique among
// all of them.
func shortSessionIDs(lists ...[]api.Session) map[string]string {
	var ids []string
	for _, l := range lists {
		for _, s := range l {
			ids = append(ids, s.SessionID)
		}
	}
	return sessionview.ShortIDs(ids)
}
