package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// journalFixture is a journal written by hand, out of time order (two
// runs interleaved), with entries of two profiles, of the environment
// (no profile), and of the built-in demo: one tagged, one written before
// the tag existed (profile "demo" only).
const journalFixture = `{"time":"2026-06-01T09:00:00Z","operator":"bob","profile":"prod","project":"project-live-x","environment":"live","user_id":"user-live-11111111-1111-4111-8111-111111111111","session_id":"session-live-aaaa1111-1111-4111-8111-111111111111","result":"revoked","request_id":"r1","reason":"one"}
{"time":"2026-06-03T09:00:00Z","operator":"ann","profile":"staging","project":"project-test-y","environment":"test","member_id":"member-test-22222222-2222-4222-8222-222222222222","organization_id":"organization-test-x","session_id":"session-test-bbbb2222-2222-4222-8222-222222222222","result":"failed","request_id":"r2","reason":"two"}
{"time":"2026-06-02T09:00:00Z","operator":"bob","profile":"","project":"project-test-y","environment":"test","user_id":"user-test-33333333-3333-4333-8333-333333333333","session_id":"session-test-cccc3333-3333-4333-8333-333333333333","result":"revoked","request_id":"r3","reason":"three"}
{"time":"2026-06-03T10:00:00Z","operator":"bob","profile":"demo","project":"project-test-00000000-0000-4000-8000-000000000000","environment":"test","session_id":"session-test-dddd4444-4444-4444-8444-444444444444","result":"revoked","request_id":"r4","reason":"old demo"}
{"time":"2026-06-04T08:00:00Z","operator":"bob","profile":"prod","project":"project-live-x","environment":"live","user_id":"user-live-11111111-1111-4111-8111-111111111111","session_id":"session-live-eeee5555-5555-4555-8555-555555555555","result":"not found","request_id":"r5","reason":"four"}
{"time":"2026-06-04T09:00:00Z","operator":"bob","profile":"demo","demo":true,"project":"project-test-00000000-0000-4000-8000-000000000000","environment":"test","session_id":"session-test-ffff6666-6666-4666-8666-666666666666","result":"revoked","request_id":"r6","reason":"tagged demo"}
`

// writeJournalFixture puts journalFixture in h's config directory.
func writeJournalFixture(t *testing.T, h *harness) {
	t.Helper()
	if err := os.MkdirAll(h.configDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.configDir, journalFileName), []byte(journalFixture), 0o600); err != nil {
		t.Fatal(err)
	}
}

// journalRequests returns the reasons of the piped table's rows, which
// name the fixture's entries, in the order printed.
func journalReasons(t *testing.T, stdout string) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		if line == "" {
			continue
		}
		cells := strings.Split(line, "\t")
		out = append(out, cells[len(cells)-1])
	}
	return out
}

// TestSessionsJournalFilters: newest first, each filter, --limit, and the
// demo's entries kept apart unless --profile demo asks for them. The
// journal is local: no request reaches the API.
func TestSessionsJournalFilters(t *testing.T) {
	h := newHarness(t)
	writeJournalFixture(t, h)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"newest first, demo hidden", nil, "four two three one"},
		{"profile", []string{"--profile", "prod"}, "four one"},
		{"the demo's, tagged or not", []string{"--profile", "demo"}, "tagged-demo old-demo"},
		{"user", []string{"--user", "user-live-11111111-1111-4111-8111-111111111111"}, "four one"},
		{"member as user", []string{"-u", "member-test-22222222-2222-4222-8222-222222222222"}, "two"},
		{"whole session", []string{"--session", "session-test-cccc3333-3333-4333-8333-333333333333"}, "three"},
		{"short session", []string{"--session", "BBBB2222"}, "two"},
		{"operator", []string{"--operator", "ann"}, "two"},
		{"limit", []string{"--limit", "2"}, "four two"},
		{"since", []string{"--since", "2026-06-02T12:00:00Z"}, "four two"},
		{"all together", []string{"--profile", "prod", "--operator", "bob", "--since", "3d", "--limit", "5"}, "four"},
	} {
		r := h.run(append([]string{"sessions", "journal"}, tc.args...)...)
		r.expect(t, ExitOK)
		got := strings.ReplaceAll(strings.Join(journalReasons(t, r.stdout), " "), "tagged demo", "tagged-demo")
		got = strings.ReplaceAll(got, "old demo", "old-demo")
		if got != tc.want {
			t.Errorf("%s: entries %q, want %q\n%s", tc.name, got, tc.want, r.stdout)
		}
	}
	// -o json: the same order and filters, each entry as stored.
	r := h.run("sessions", "journal", "--limit", "1", "-o", "json")
	r.expect(t, ExitOK)
	if !strings.Contains(r.stdout, `"reason":"four"`) || strings.Contains(r.stdout, `"two"`) {
		t.Errorf("-o json --limit 1:\n%s", r.stdout)
	}
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("the journal sent %d requests", n)
	}
}

// TestSessionsJournalTerminal: a person sees absolute times (a journal is
// read days later: "3h ago" would not say when), a PROFILE column, and on
// stderr how many demo entries were left out and how to see them.
func TestSessionsJournalTerminal(t *testing.T) {
	h := newHarness(t)
	writeJournalFixture(t, h)
	h.tty, h.width = true, 120
	h.env["TZ"], h.env["NO_COLOR"] = "UTC", "1"
	r := h.run("sessions", "journal")
	r.expect(t, ExitOK, "2 revokes made on the built-in demo profile are not shown; --profile demo shows them.")
	lines := strings.Split(r.stdout, "\n")
	if !strings.HasPrefix(lines[0], "TIME ") || !strings.Contains(lines[0], " PROFILE ") {
		t.Errorf("header: %q", lines[0])
	}
	if !strings.HasPrefix(lines[1], "2026-06-04 08:00 UTC  prod ") || strings.Contains(r.stdout, " ago") {
		t.Errorf("want absolute times, newest first:\n%s", r.stdout)
	}

	// --limit says what it left out, on a terminal.
	r = h.run("sessions", "journal", "--limit", "3")
	r.expect(t, ExitOK, "Showing the newest 3 of 4 entries; --limit 0 for all")

	// Everything filtered away says why, and what is hidden.
	r = h.run("sessions", "journal", "--operator", "nobody")
	r.expect(t, ExitOK, "No entries of the revoke journal match.")
	if r.stdout != "" {
		t.Errorf("stdout %q", r.stdout)
	}
	// A user named by external ID: the journal keeps Stytch's IDs.
	r = h.run("sessions", "journal", "--user", "alice-42")
	r.expect(t, ExitOK, "No entries of the revoke journal match.", "the journal keeps user and member IDs", "stytchctl users get alice-42")
}

// TestSessionsJournalBadFlags: bad values are exit 2, before the journal
// is read.
func TestSessionsJournalBadFlags(t *testing.T) {
	h := newHarness(t)
	writeJournalFixture(t, h)
	for args, want := range map[string]string{
		"--limit -1":                "invalid --limit -1",
		"--limit 5 --all":           "--all and --limit cannot be used together",
		"--session x!y":             "invalid --session",
		"--since yesterday":         `invalid --since "yesterday"`,
		"--session abc":             "invalid --session",
		"--operator=":               "--operator needs a value",
		"--user=":                   "--user needs a value",
		"--profile demo --session=": "--session needs a value",
	} {
		r := h.run(append([]string{"sessions", "journal"}, strings.Fields(args)...)...)
		r.expect(t, ExitUsage, want)
		if r.stdout != "" {
			t.Errorf("%s: stdout %q", args, r.stdout)
		}
	}
}

// TestSessionsJournalDemoRevokesKeptApart: a revoke on the built-in demo
// is journalled with "demo":true, hidden from the journal by default and
// shown by --profile demo.
func TestSessionsJournalDemoRevokesKeptApart(t *testing.T) {
	h := newHarness(t)
	h.run("sessions", "revoke", aliceChrome, "--yes", "--reason", "real").expect(t, ExitOK)
	h.run("--profile", "demo", "sessions", "revoke", aliceSafari, "--yes", "--reason", "trying the demo").expect(t, ExitOK)
	b, err := os.ReadFile(filepath.Join(h.configDir, journalFileName))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 2 || strings.Contains(lines[0], `"demo"`) || !strings.Contains(lines[1], `"demo":true`) {
		t.Fatalf("journal:\n%s", b)
	}
	r := h.run("sessions", "journal")
	r.expect(t, ExitOK)
	if got := journalReasons(t, r.stdout); len(got) != 1 || got[0] != "real" {
		t.Errorf("default shows %q", got)
	}
	r = h.run("sessions", "journal", "--profile", "demo", "-o", "ndjson")
	r.expect(t, ExitOK)
	if strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, "trying the demo") {
		t.Errorf("--profile demo:\n%s", r.stdout)
	}
	// The choice is documented where the journal's help points.
	r = h.run("help", "journal")
	r.expect(t, ExitOK)
	if !strings.Contains(r.stdout, `"demo":true`) || !strings.Contains(r.stdout, "unless --profile demo is given") {
		t.Errorf("help journal:\n%s", r.stdout)
	}
}

// TestSessionsJournalLimitZeroIsNoLimit: --limit 0 means no limit, as on
// every other command with --limit, and prints what --all prints.
func TestSessionsJournalLimitZeroIsNoLimit(t *testing.T) {
	h := newHarness(t)
	writeJournalFixture(t, h)
	all := h.run("sessions", "journal", "--all", "-o", "ndjson")
	all.expect(t, ExitOK)
	one := h.run("sessions", "journal", "--limit", "1", "-o", "ndjson")
	one.expect(t, ExitOK)
	zero := h.run("sessions", "journal", "--limit", "0", "-o", "ndjson")
	zero.expect(t, ExitOK)
	if n := strings.Count(all.stdout, "\n"); n < 2 || zero.stdout != all.stdout || strings.Count(one.stdout, "\n") != 1 {
		t.Errorf("--limit 0 printed %d lines, --all %d, --limit 1 %d; want --limit 0 = --all",
			strings.Count(zero.stdout, "\n"), n, strings.Count(one.stdout, "\n"))
	}
}
