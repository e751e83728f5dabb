package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
)

const watchUser = "user-test-c0000000-0000-4000-8000-00000000000c"

// watchScript drives sessions watch: before poll i+1 (that is, at the
// i-th sleep) it runs steps[i] on the fake; at the sleep after the last
// step it cancels the run, as Ctrl-C does. It records every wait and
// moves the clock on by each wait.
type watchScript struct {
	h      *harness
	steps  []func()
	waits  []time.Duration
	clock  time.Time
	cancel context.CancelFunc
}

func newWatchScript(h *harness, steps ...func()) (*watchScript, context.Context) {
	ctx, cancel := context.WithCancel(context.Background())
	w := &watchScript{h: h, steps: steps, clock: testNow, cancel: cancel}
	h.now = func() time.Time { return w.clock }
	h.sleep = func(ctx context.Context, d time.Duration) error {
		w.waits = append(w.waits, d)
		w.clock = w.clock.Add(d)
		i := len(w.waits) - 1
		if i >= len(w.steps) {
			w.cancel()
			return ctx.Err()
		}
		w.steps[i]()
		return nil
	}
	return w, ctx
}

func TestSessionsWatchEvents(t *testing.T) {
	h := newHarness(t)
	a := rawSession("session-test-wa", watchUser, uaTestMac, "203.0.113.1")
	b := rawSession("session-test-wb", watchUser, uaTestAndroid, "2001:db8::2")
	c := rawSession("session-test-wc", watchUser, uaTestWindows, "198.51.100.3")
	h.fake.AddUser(watchUser, a, b)
	w, ctx := newWatchScript(h,
		func() { h.fake.AddUser(watchUser, a, b, c) }, // c appears
		func() {},                               // nothing changes
		func() { h.fake.AddUser(watchUser, c) }, // a and b go
	)
	r := h.runCtx(ctx, "sessions", "watch", "--user", watchUser, "--interval", "30s")
	r.expect(t, ExitInterrupted)
	if r.stderr != "stytchctl: interrupted\n" {
		t.Errorf("stderr = %q", r.stderr)
	}
	t0 := testNow
	at := func(d time.Duration) string { return t0.Add(d).UTC().Format(time.RFC3339) }
	var sum time.Duration
	var times []time.Duration
	for _, d := range w.waits {
		sum += d
		times = append(times, sum)
	}
	want := at(0) + "\tADDED\tsession-test-wa\tChrome 126 · macOS\t203.0.113.1\tEmail magic link + TOTP\n" +
		at(0) + "\tADDED\tsession-test-wb\tChrome 126 · Android 14\t2001:db8::2\tEmail magic link + TOTP\n" +
		at(times[0]) + "\tADDED\tsession-test-wc\tFirefox 127 · Windows\t198.51.100.3\tEmail magic link + TOTP\n" +
		at(times[2]) + "\tREMOVED\tsession-test-wa\tChrome 126 · macOS\t203.0.113.1\tEmail magic link + TOTP\n" +
		at(times[2]) + "\tREMOVED\tsession-test-wb\tChrome 126 · Android 14\t2001:db8::2\tEmail magic link + TOTP\n"
	if r.stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, want)
	}
	if len(w.waits) != 4 {
		t.Fatalf("waits = %v", w.waits)
	}
	for _, d := range w.waits {
		if d < 27*time.Second || d > 33*time.Second {
			t.Errorf("wait %s is not 30s ± 10%%", d)
		}
	}
	polls := 0
	for _, req := range h.fake.Requests() {
		if req.Path == "/v1/sessions" && req.Query.Get("user_id") == watchUser {
			polls++
		}
	}
	if polls != 4 {
		t.Errorf("%d polls, want 4", polls)
	}
}

func TestSessionsWatchNDJSON(t *testing.T) {
	h := newHarness(t)
	a := rawSession("session-test-wa", watchUser, uaTestMac, "203.0.113.1")
	h.fake.AddUser(watchUser, a)
	_, ctx := newWatchScript(h, func() { h.fake.AddUser(watchUser) })
	r := h.runCtx(ctx, "sessions", "watch", "-u", watchUser, "-o", "ndjson", "--interval", "1m")
	r.expect(t, ExitInterrupted)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("stdout:\n%s", r.stdout)
	}
	for i, want := range []string{"added", "removed"} {
		var ev struct {
			Event   string          `json:"event"`
			At      string          `json:"at"`
			UserID  string          `json:"user_id"`
			Session json.RawMessage `json:"session"`
		}
		if err := json.Unmarshal([]byte(lines[i]), &ev); err != nil {
			t.Fatal(err)
		}
		if ev.Event != want || ev.UserID != watchUser || string(ev.Session) != string(a) {
			t.Errorf("line %d = %s", i, lines[i])
		}
		if _, err := time.Parse(time.RFC3339, ev.At); err != nil {
			t.Errorf("at %q: %v", ev.At, err)
		}
	}
}

func TestSessionsWatchBacksOffOnErrors(t *testing.T) {
	h := newHarness(t)
	h.fake.AddUser(watchUser, rawSession("session-test-wa", watchUser, uaTestMac, "203.0.113.1"))
	w, ctx := newWatchScript(h,
		// The next two polls fail (each after fastRetry's 3 attempts).
		func() { h.fake.AddFault(apitest.Fault{Status: 503, Path: "/v1/sessions", Times: 6}) },
		func() {},
		func() {},
	)
	r := h.runCtx(ctx, "sessions", "watch", "-u", watchUser, "--interval", "10s")
	r.expect(t, ExitInterrupted, "stytchctl: warning: polling sessions of user "+watchUser+": ", "trying again in 20s", "trying again in 40s")
	if strings.Count(r.stdout, "ADDED") != 1 || strings.Contains(r.stdout, "REMOVED") {
		t.Errorf("a failed poll must not look like removals:\n%s", r.stdout)
	}
	assertWaits(t, w.waits, 10*time.Second, 20*time.Second, 40*time.Second, 10*time.Second)
}

func TestSessionsWatchStops(t *testing.T) {
	h := newHarness(t)
	_, ctx := newWatchScript(h)
	r := h.runCtx(ctx, "sessions", "watch", "-u", unknownUserID)
	r.expect(t, ExitNotFound, "stytchctl: watching sessions of user "+unknownUserID+": user_not_found")
	if r.stdout != "" {
		t.Errorf("stdout = %q", r.stdout)
	}
	h.env["STYTCH_SECRET"] = "secret-test-wrong"
	r = h.runCtx(ctx, "sessions", "watch", "-u", watchUser)
	r.expect(t, ExitAuth)
}

func TestSessionsWatchUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "--user is required"},
		{[]string{"-u", "alice-42", "-o", "json"}, "-o json: stytchctl sessions watch streams events: use -o table or ndjson"},
		{[]string{"-u", "alice-42", "-o", "wide"}, "-o wide: stytchctl sessions watch streams events"},
		{[]string{"-u", "alice-42", "-o", "jsno"}, `unknown output format "jsno": valid formats are table, ndjson`},
		{[]string{"-u", "alice-42", "--jq", ".x"}, "unknown flag: --jq"},
		{[]string{"-u", "alice-42", "--template", "{{.}}"}, "unknown flag: --template"},
		{[]string{"-u", "alice-42", "--csv-raw"}, "unknown flag: --csv-raw"},
		{[]string{"-u", "alice-42", "--interval", "1s"}, "invalid --interval 1s: want 5s to 24h"},
		{[]string{"-u", "alice-42", "--interval", "soon"}, "invalid argument \"soon\""},
		{[]string{"-u", "bad user"}, "invalid --user"},
	} {
		h := newHarness(t)
		r := h.run(append([]string{"sessions", "watch"}, tt.args...)...)
		r.expect(t, ExitUsage, tt.want)
		if r.stdout != "" || len(h.fake.Requests()) != 0 {
			t.Errorf("%q: stdout %q, %d requests", tt.args, r.stdout, len(h.fake.Requests()))
		}
	}
}

func TestSessionsWatchTerminal(t *testing.T) {
	h := newHarness(t)
	h.fake.AddUser(watchUser, rawSession("session-test-wa", watchUser, "Evil\x1b[31m/1.0", "203.0.113.1"))
	h.tty = true
	h.env["NO_COLOR"] = "1"
	_, ctx := newWatchScript(h)
	r := h.runCtx(ctx, "sessions", "watch", "-u", watchUser, "--tz", "Asia/Tokyo")
	r.expect(t, ExitInterrupted)
	want := fmt.Sprintf("%s  ADDED    session-test-wa  ", testNow.In(mustZone(t, "Asia/Tokyo")).Format("2006-01-02 15:04:05 MST"))
	if !strings.HasPrefix(r.stdout, want) || strings.Contains(r.stdout, "\x1b") {
		t.Errorf("stdout = %q, want prefix %q and no escapes", r.stdout, want)
	}
}

// TestSessionsWatchOffersOnlyWhatItTakes: --help, -o help and completion
// list table and ndjson only, and no --jq, --template or --csv-raw; every
// listed -o value gets past the output checks (to the missing --user).
func TestSessionsWatchOffersOnlyWhatItTakes(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "watch", "--help")
	r.expect(t, 0)
	if !strings.Contains(flatHelp(r.stdout), `Print as FORMAT: table, ndjson ("help" lists them)`) {
		t.Errorf("--help does not list table, ndjson:\n%s", r.stdout)
	}
	_, flags, ok := strings.Cut(r.stdout, "\nFlags:\n")
	if !ok {
		t.Fatalf("no Flags section:\n%s", r.stdout)
	}
	for _, gone := range []string{"--jq", "--template", "--csv-raw", "json,", "yaml", "csv", "wide"} {
		if strings.Contains(flags, gone) || strings.Contains(r.stdout, gone+" ") {
			t.Errorf("--help offers %s:\n%s", gone, r.stdout)
		}
	}
	r = h.run("sessions", "watch", "-o", "help")
	r.expect(t, 0)
	var listed []string
	for _, l := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")[1:] {
		listed = append(listed, strings.Fields(l)[0])
	}
	if strings.Join(listed, ",") != "table,ndjson" || strings.Contains(r.stdout, "--jq") {
		t.Errorf("-o help lists %v:\n%s", listed, r.stdout)
	}
	r = h.run("__complete", "sessions", "watch", "-o", "")
	r.expect(t, 0)
	if !strings.HasPrefix(r.stdout, "table\nndjson\n:4\n") {
		t.Errorf("completion = %q", r.stdout)
	}
	for _, f := range listed {
		r = h.run("sessions", "watch", "-o", f)
		r.expect(t, ExitUsage, "--user is required")
	}
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
