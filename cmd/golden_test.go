package cmd

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// updateGolden rewrites the golden files instead of comparing with them:
//
//	go test ./cmd -run Golden -update
var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenDir holds the whole outputs the golden tests compare with.
const goldenDir = "testdata/golden"

// golden compares got with testdata/golden/name, or writes it there with
// -update. An empty got with -update removes the file, so a stream that
// falls silent leaves no stale golden behind.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *updateGolden {
		if got == "" {
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
			return
		}
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && got == "" {
		return
	}
	if err != nil {
		t.Fatalf("%v (run go test ./cmd -run Golden -update to create it)", err)
	}
	if !bytes.Equal([]byte(got), want) {
		t.Errorf("%s differs from the golden file (go test ./cmd -run Golden -update rewrites it; review the diff):\n--- got ---\n%s\n--- want ---\n%s",
			path, got, want)
	}
}

// goldenView is one way a command's output is looked at: on a terminal of
// a given width, or piped.
type goldenView struct {
	// suffix names the view in the file name: table.w80, wide.tsv, …
	suffix string
	// output is the -o value, "" for the default.
	output string
	tty    bool
	width  int
	// color leaves colour on (NO_COLOR is set otherwise).
	color bool
}

// terminalViews are terminals 80, 120 and 200 columns wide.
func terminalViews() []goldenView {
	return []goldenView{{suffix: "table.w80", tty: true, width: 80}, {suffix: "table.w120", tty: true, width: 120}, wideTerminalView()}
}

// wideTerminalView is a terminal 200 columns wide.
func wideTerminalView() goldenView { return goldenView{suffix: "table.w200", tty: true, width: 200} }

// pipedView is stdout piped: TSV for the tables.
func pipedView() goldenView { return goldenView{suffix: "tsv"} }

// documentViews are the views of commands without -o wide.
func documentViews() []goldenView { return append(terminalViews(), pipedView()) }

// listViews are the views of the list-like commands: documentViews, and
// -o wide on both terminals and piped.
func listViews() []goldenView {
	return append(documentViews(),
		goldenView{suffix: "wide.w80", output: "wide", tty: true, width: 80},
		goldenView{suffix: "wide.w120", output: "wide", tty: true, width: 120},
		goldenView{suffix: "wide.w200", output: "wide", tty: true, width: 200},
		goldenView{suffix: "wide.tsv", output: "wide"})
}

// newGoldenHarness is newHarness made independent of the machine: the
// clock is testNow (as always), human times are in UTC whatever $TZ the
// machine has, and East Asian ambiguous characters ("·", "…") are one
// column wide whatever the locale, as they are on every non-CJK machine
// (the table library reads LANG/LC_ALL when the process starts).
func newGoldenHarness(t *testing.T, v goldenView) *harness {
	t.Helper()
	if twwidth.IsEastAsian() {
		twwidth.SetEastAsian(false)
		t.Cleanup(func() { twwidth.SetEastAsian(true) })
	}
	h := newHarness(t)
	// Stytch's own base URL, served in-process: no port number that
	// changes from run to run.
	delete(h.env, "STYTCHCTL_API_URL")
	h.httpClient = &http.Client{Transport: h.fake.Transport()}
	h.env["TZ"] = "UTC"
	if !v.color {
		h.env["NO_COLOR"] = "1"
	}
	h.tty, h.width = v.tty, v.width
	return h
}

// goldenCase is one command line whose whole output is pinned in every
// view: testdata/golden/<name>.<view>.golden holds stdout and
// <name>.<view>.stderr.golden stderr, when there is any.
type goldenCase struct {
	name  string
	args  []string
	views []goldenView
	// code is the exit code every view must end with.
	code int
	// setup prepares the fake or the config directory before the run.
	setup func(t *testing.T, h *harness)
	// run replaces h.run (sessions watch stops itself after one poll).
	run func(h *harness, args ...string) result
	// normalize rewrites what legitimately differs between machines.
	normalize func(string) string
}

// check runs c in each of its views and compares with the golden files.
func (c goldenCase) check(t *testing.T) {
	for _, v := range c.views {
		t.Run(c.name+"."+v.suffix, func(t *testing.T) {
			h := newGoldenHarness(t, v)
			if c.setup != nil {
				c.setup(t, h)
			}
			args := c.args
			if v.output != "" {
				args = append(append([]string{}, args...), "-o", v.output)
			}
			run := (*harness).run
			if c.run != nil {
				run = c.run
			}
			r := run(h, args...)
			if r.code != c.code {
				t.Errorf("exit %d, want %d\nstderr:\n%s", r.code, c.code, r.stderr)
			}
			stdout, stderr := maskRequestIDs(r.stdout), maskRequestIDs(r.stderr)
			if c.normalize != nil {
				stdout, stderr = c.normalize(stdout), c.normalize(stderr)
			}
			golden(t, c.name+"."+v.suffix+".golden", stdout)
			golden(t, c.name+"."+v.suffix+".stderr.golden", stderr)
			if v.tty && v.width > 0 {
				assertTableFits(t, stdout, v.width)
				assertTableFits(t, stderr, v.width)
			}
		})
	}
}

// assertTableFits fails the test for a line of a terminal table in out
// that is wider than width. A table's lines are those from a header line
// (upper case words and spaces) to the next blank line or line of prose;
// prose around them is the terminal's to wrap at word ends.
func assertTableFits(t *testing.T, out string, width int) {
	t.Helper()
	inTable, columns := false, false
	for _, line := range strings.Split(out, "\n") {
		plain := ansi.Strip(line)
		switch {
		case plain == "":
			inTable = false
			continue
		case tableHeader().MatchString(plain):
			inTable, columns = true, strings.Contains(plain, "  ")
		case columns && !strings.Contains(plain, "  "):
			inTable = false // prose after the table, such as a prompt
		}
		if n := ansi.StringWidth(plain); inTable && n > width {
			t.Errorf("table line %d columns wide on a %d-column terminal: %q", n, width, plain)
		}
	}
}

// tableHeader matches the header line of a terminal table: two or more
// upper-case column titles separated by two or more spaces.
// It is compiled on first use: package-level work counts against
// TestStartupInitIsLight.
var tableHeader = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Z][A-Z .]*[A-Z](  +[A-Z][A-Z .]*[A-Z]?…?)+$|^[A-Z][A-Z ]+$`)
})

// runOneWatchFrame runs sessions watch until its first wait, where it is
// interrupted as Ctrl-C would: what the first poll printed, no real wait.
func runOneWatchFrame(h *harness, args ...string) result {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h.sleep = func(ctx context.Context, _ time.Duration) error {
		cancel()
		return ctx.Err()
	}
	return h.runCtx(ctx, args...)
}

// revokeForJournal revokes three of Alice's sessions, three hours, twenty
// minutes and one minute before the journal is read, the last one failing
// with 500s, so that the journal holds lines of several ages and results.
func revokeForJournal(t *testing.T, h *harness) {
	t.Helper()
	at := func(ago time.Duration) { h.now = func() time.Time { return testNow.Add(-ago) } }
	at(3 * time.Hour)
	h.run("sessions", "revoke", aliceChrome, "--yes", "--reason", "stolen laptop", "-o", "json").expect(t, ExitOK)
	at(20 * time.Minute)
	h.run("sessions", "revoke", aliceSafari, "--yes", "-o", "json").expect(t, ExitOK)
	at(time.Minute)
	h.fake.AddFault(apitest.Fault{Path: consumerRevokePath, Status: 500, Times: 3})
	h.run("sessions", "revoke", aliceFirefox, "--yes", "--reason", "incident 4711: \u202eRTL", "-o", "json").expect(t, ExitFailure)
	h.now = nil
}

// declineRevoke answers n at the terminal's confirmation prompt.
// failFirstRevoke makes every attempt of the first revoke fail with a 500.
func failFirstRevoke(_ *testing.T, h *harness) {
	h.fake.AddFault(apitest.Fault{Path: "/v1/sessions/revoke", Status: 500, Times: 3})
}

func declineRevoke(_ *testing.T, h *harness) {
	h.stdinTTY, h.stdin = true, "n\n"
}

// saveTwoProfiles saves "work" (keyring, active) and "box" (insecure
// file), with no credentials left in the environment.
func saveTwoProfiles(t *testing.T, h *harness) {
	t.Helper()
	delete(h.env, "STYTCH_PROJECT_ID")
	delete(h.env, "STYTCH_SECRET")
	for _, args := range [][]string{{"--profile", "work"}, {"--profile", "box", "--insecure-storage"}} {
		h.stdin = apitest.Secret + "\n"
		r := h.run(append([]string{"auth", "login", "--with-secret", "--project-id", apitest.ProjectID}, args...)...)
		r.expect(t, ExitOK)
	}
	h.stdin = ""
}

// fakeRequestID matches a request ID of the fake, which is random, or the
// start of one that a table cut short.
var fakeRequestID = regexp.MustCompile(`request-id-test-[0-9a-f-]+`)

// maskRequestIDs replaces the random hex digits of the fake's request IDs
// with x, keeping their length so that tables keep their shape.
func maskRequestIDs(s string) string {
	return fakeRequestID.ReplaceAllStringFunc(s, func(id string) string {
		const prefix = "request-id-test-"
		return prefix + strings.Map(func(r rune) rune {
			if r == '-' {
				return r
			}
			return 'x'
		}, id[len(prefix):])
	})
}

// normalizeVersion replaces the toolchain and platform the test binary
// was built with, which differ between machines.
// normalizeJournalPath hides the temporary directory of the journal.
func normalizeJournalPath(s string) string {
	return regexp.MustCompile(`Journal: \S+`).ReplaceAllString(s, "Journal: JOURNAL")
}

func normalizeVersion(s string) string {
	s = strings.ReplaceAll(s, runtime.Version(), "GO_VERSION")
	return strings.ReplaceAll(s, runtime.GOOS+"/"+runtime.GOARCH, "GOOS/GOARCH")
}

// TestGoldenOutputs pins the whole human output of every list-like
// command, on terminals 80 and 120 columns wide and piped, on the fake's
// demo data with its hostile parts: long user agents, the 29-factor user,
// IPv6 addresses, escape sequences and a right-to-left override in names.
func TestGoldenOutputs(t *testing.T) {
	// Four users: from five on, a progress bar, drawn as time passes,
	// would share the terminal's stderr.
	several := strings.Join([]string{"alice-42", apitest.FactorZooUserID, apitest.HostileUserID, apitest.LosslessUserID}, ",")
	reversed := strings.Join([]string{apitest.HostileUserID, apitest.LosslessUserID, apitest.FactorZooUserID, "alice-42"}, ",")
	cases := []goldenCase{
		{name: "sessions_list.one_user", args: []string{"sessions", "list", "-u", "alice-42"}, views: listViews()},
		{name: "sessions_list.several_users", args: []string{"sessions", "list", "-u", several}, views: listViews()},
		{name: "sessions_list.several_users", args: []string{"sessions", "list", "-u", several}, views: []goldenView{{suffix: "table.w120.color", tty: true, width: 120, color: true}}},
		{name: "sessions_list.filters", args: []string{"sessions", "list", "-u", "alice-42,emp-00417," + apitest.FactorZooUserID, "--factor", "totp,sms", "--ip", "2001:db8::/32,198.51.100.0/24", "--sort-by", "-last-active"}, views: listViews()},
		// The fitting rule on hostile data: the 29-factor user (IPv6, long
		// device names) and the hostile user (escape sequences, a long user
		// agent), also on a 200-column terminal.
		{name: "sessions_list.factor_zoo", args: []string{"sessions", "list", "-u", apitest.FactorZooUserID}, views: listViews()},
		{name: "sessions_list.hostile", args: []string{"sessions", "list", "-u", apitest.HostileUserID}, views: listViews()},
		{name: "sessions_audit.users", args: []string{"sessions", "audit", "-u", several}, views: listViews()},
		// Found warning, warning…, critical, info: a terminal shows critical
		// first, coloured; piped keeps the order found unless --sort-by.
		{name: "sessions_audit.severity_order", args: []string{"sessions", "audit", "-u", reversed, "--stale-after", "1d"},
			views: append(documentViews(), goldenView{suffix: "table.w120.color", tty: true, width: 120, color: true})},
		// With a GeoIP database: Alice's impossible travel, the demo's
		// HTTP-library agents, IPv6 sessions located.
		{name: "sessions_audit.places", args: []string{"sessions", "audit", "-u", "alice-42,emp-00417," + apitest.FactorZooUserID},
			views: listViews(), setup: func(_ *testing.T, h *harness) { h.locate = demoPlaces() }},
		// Paris, then New York 2h later (IPv4), Tokyo a week before (IPv6).
		{name: "sessions_audit.travel", args: []string{"sessions", "audit", "-u", travelUser},
			views: documentViews(), setup: func(_ *testing.T, h *harness) { addTravelUser(h) }},
		{name: "sessions_audit.sort_severity", args: []string{"sessions", "audit", "-u", reversed, "--stale-after", "1d", "--sort-by", "-severity"}, views: []goldenView{pipedView()}},
		{name: "sessions_devices.one_user", args: []string{"sessions", "devices", "-u", "alice-42"}, views: listViews()},
		{name: "sessions_devices.factor_zoo", args: []string{"sessions", "devices", "-u", apitest.FactorZooUserID}, views: listViews()},
		{name: "sessions_journal", args: []string{"sessions", "journal"}, views: listViews(), setup: revokeForJournal},
		// Profiles, a member, and the demo's revokes left out (said on a
		// terminal's stderr).
		{name: "sessions_journal.profiles", args: []string{"sessions", "journal"}, views: listViews(), setup: writeJournalFixture},
		{name: "sessions_journal.demo", args: []string{"sessions", "journal", "--profile", "demo"}, views: documentViews(), setup: writeJournalFixture},
		{name: "users_search.contains", args: []string{"users", "search", "--email-contains", "example", "--limit", "8"}, views: listViews()},
		{name: "users_search.user_ids", args: []string{"users", "search", "--user-id", apitest.DemoUserID, "--user-id", apitest.HostileUserID, "--user-id", apitest.FactorZooUserID}, views: listViews()},
		{name: "b2b_sessions_list", args: []string{"b2b", "sessions", "list", "--organization", apitest.DemoOrganizationSlug, "--member", apitest.DemoMemberID}, views: listViews()},
		{name: "b2b_members_search", args: []string{"b2b", "members", "search", "--organization", apitest.DemoOrganizationID, "--all"}, views: listViews()},
		{name: "b2b_members_search.by_slug", args: []string{"b2b", "members", "search", "--org", apitest.DemoOrganizationSlug, "--status", "active", "--status", "invited"}, views: listViews()},
		{name: "b2b_members_get", args: []string{"b2b", "members", "get", apitest.DemoMemberEmail, "--org", apitest.DemoOrganizationSlug}, views: documentViews()},
		// The audit demo: an impersonation, an idle password-only session,
		// a member with 12 sessions (Northwind, by slug, every member).
		{name: "b2b_sessions_audit.all_members", args: []string{"b2b", "sessions", "audit", "--org", apitest.DemoOrganizationSlug, "--all-members"}, views: listViews()},
		{name: "b2b_sessions_audit.members", args: []string{"b2b", "sessions", "audit", "--org", apitest.DemoOrganizationSlug, "--member", "emp-8812", "--email", "oskar.lindqvist@northwind.example"}, views: listViews()},
		{name: "b2b_orgs_get", args: []string{"b2b", "orgs", "get", apitest.DemoOrganizationSlug}, views: documentViews()},
		{name: "b2b_orgs_search", args: []string{"b2b", "orgs", "search", "--all"}, views: listViews()},
		{name: "b2b_sessions_revoke.dry_run", args: []string{"b2b", "sessions", "revoke", "--org", apitest.DemoOrganizationSlug, "--email", apitest.DemoMemberEmail, "--factor", "email", "--dry-run"}, views: listViews()},
		{name: "auth_status.environment", args: []string{"auth", "status"}, views: documentViews()},
		{name: "auth_status.profiles", args: []string{"auth", "status"}, views: documentViews(), setup: saveTwoProfiles},
		{name: "sessions_revoke.dry_run", args: []string{"sessions", "revoke", "-u", "alice-42", "--all", "--except", aliceChrome, "--dry-run"}, views: listViews()},
		// A failed revoke: the error, the point of its row, shrinks last.
		{name: "sessions_revoke.partial_failure", args: []string{"sessions", "revoke", aliceChrome, aliceSafari, "--yes", "--concurrency", "1"},
			views: documentViews(), code: ExitFailure, setup: failFirstRevoke, normalize: normalizeJournalPath},
		{name: "sessions_revoke.preview_declined", args: []string{"sessions", "revoke", "-u", apitest.FactorZooUserID, "--all"}, views: terminalViews(), code: ExitFailure, setup: declineRevoke},
		{name: "sessions_watch.one_frame", args: []string{"sessions", "watch", "-u", "alice-42"}, views: documentViews(), code: ExitInterrupted, run: runOneWatchFrame},
		{name: "sessions_watch.factor_zoo", args: []string{"sessions", "watch", "-u", apitest.FactorZooUserID}, views: documentViews(), code: ExitInterrupted, run: runOneWatchFrame},
		{name: "sessions_show.alice", args: []string{"sessions", "show", "4e9b2d7a", "-u", "alice-42"}, views: documentViews()},
		{name: "sessions_show.factor_zoo", args: []string{"sessions", "show", "0e4a7c2f", "-u", apitest.FactorZooUserID}, views: documentViews()},
		{name: "sessions_show.impersonated", args: []string{"sessions", "show", "session-test-9d4b7e2a-5c8f-4b16-93e0-a6d1c4f8b352", "-u", apitest.FactorZooUserID}, views: documentViews()},
		{name: "sessions_show.hostile", args: []string{"sessions", "show", "d9e2b7a4", "-u", apitest.HostileUserID}, views: documentViews()},
		{name: "sessions_show.lossless", args: []string{"sessions", "show", "f05d3a8e", "-u", apitest.LosslessUserID}, views: documentViews()},
		{name: "users_get.alice", args: []string{"users", "get", "alice-42"}, views: documentViews()},
		{name: "users_get.factor_zoo", args: []string{"users", "get", apitest.FactorZooUserID}, views: documentViews()},
		{name: "users_get.hostile", args: []string{"users", "get", apitest.HostileUserID}, views: documentViews()},
		{name: "version", args: []string{"version"}, views: []goldenView{{suffix: "table", tty: true, width: 80}, pipedView()}, normalize: normalizeVersion},
	}
	cases = append(cases, terminalGoldenCases()...)
	cases = append(cases, inspectGoldenCases()...)
	cases = append(cases, helpGoldenCases()...)
	cases = append(cases, locationGoldenCases()...)
	cases = append(cases, pickerGoldenCases()...)
	cases = append(cases, b2bWatchGoldenCases()...)
	used := map[string]bool{}
	for _, c := range cases {
		c.check(t)
		for _, v := range c.views {
			used[c.name+"."+v.suffix+".golden"] = true
			used[c.name+"."+v.suffix+".stderr.golden"] = true
		}
	}
	files, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !used[f.Name()] {
			t.Errorf("%s/%s belongs to no case: delete it", goldenDir, f.Name())
		}
	}
}
