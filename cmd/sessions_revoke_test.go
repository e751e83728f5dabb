package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// Alice's three sessions (apitest.DemoUserID, external ID alice-42).
const (
	aliceChrome  = "session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14" // 203.0.113.42, macOS
	aliceSafari  = "session-test-a7c3e1f9-5b2d-4e86-9f0a-3b6d8c1e5a27" // 2001:db8:…, iOS
	aliceFirefox = "session-test-6d1f8b3e-9a4c-4f72-8e15-b2c7d9a3f056" // 198.51.100.17, Windows
	noSession    = "session-test-00000000-0000-4000-8000-00000000dead"
)

// revokeBodies returns the bodies of every revoke request the fake saw, in
// arrival order.
func revokeBodies(h *harness) []string {
	var out []string
	for _, r := range h.fake.Requests() {
		if strings.HasSuffix(r.Path, "/sessions/revoke") {
			out = append(out, r.Method+" "+r.Path+" "+string(r.Body))
		}
	}
	return out
}

type resultRow struct {
	SessionID string `json:"session_id"`
	UserID    string `json:"user_id"`
	MemberID  string `json:"member_id"`
	Result    string `json:"result"`
	RequestID string `json:"request_id"`
	Error     string `json:"error"`
	ErrorType string `json:"error_type"`
}

func decodeResults(t *testing.T, stdout string) []resultRow {
	t.Helper()
	var doc struct {
		Results []resultRow `json:"results"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("stdout is not {\"results\":[…]}: %v\n%s", err, stdout)
	}
	return doc.Results
}

func readJournalFile(t *testing.T, h *harness) []journalEntry {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(h.configDir, journalFileName))
	if err != nil {
		t.Fatal(err)
	}
	var out []journalEntry
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var e journalEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("journal line %q: %v", line, err)
		}
		out = append(out, e)
	}
	return out
}

func TestRevokeRefusals(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		tty   bool
		wants []string
	}{
		{"user without --all or filter", []string{"--user", "alice-42", "--yes"}, false,
			[]string{"refusing to revoke every session of the user without --all"}},
		{"piped without --yes", []string{aliceChrome}, false,
			[]string{"refusing to revoke without confirmation: stdin is not a terminal", "pass --yes", "--dry-run first"}},
		{"piped without --yes, by user", []string{"--user", "alice-42", "--all"}, false,
			[]string{"stdin is not a terminal"}},
		{"nothing named", []string{"--yes"}, false, []string{"nothing to revoke: give SESSION_ID"}},
		{"malformed session ID", []string{"sess-1", "--yes"}, false, []string{`invalid session ID: session ID "sess-1" is malformed`}},
		{"malformed --except", []string{"--user", "alice-42", "--all", "--except", "x", "--yes"}, false, []string{"invalid --except"}},
		{"ids and --user --all", []string{aliceChrome, "--user", "alice-42", "--all", "--yes"}, false, []string{"sessions named by ID are revoked as given"}},
		{"short ID without a user", []string{"4e9b2d7a", "--dry-run"}, false, []string{`short session ID "4e9b2d7a" needs --user or --email`, "whole session ID"}},
		{"short ID too short", []string{"4e9", "--user", "alice-42", "--dry-run"}, false, []string{"invalid session ID", "short ID a table shows"}},
		{"--all and filters", []string{"--user", "alice-42", "--all", "--ip", "1.2.3.4", "--yes"}, false, []string{"--all revokes every session"}},
		{"filters with named ids", []string{aliceChrome, "--ip", "1.2.3.4", "--yes"}, false, []string{"sessions named by ID are revoked as given"}},
		{"malformed email", []string{"--email", "alice@", "--all", "--yes"}, false, []string{"invalid --email"}},
		{"bad filter", []string{"--user", "alice-42", "--ip", "999.1.1.1", "--yes"}, false, []string{"invalid --ip"}},
		{"dry run and yes", []string{aliceChrome, "--dry-run", "--yes"}, false, []string{"--dry-run and --yes cannot be used together"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.run(append([]string{"sessions", "revoke"}, tc.args...)...)
			r.expect(t, ExitUsage, tc.wants...)
			if r.stdout != "" {
				t.Errorf("stdout: %s", r.stdout)
			}
			if n := len(h.fake.Requests()); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
			if _, err := os.Stat(filepath.Join(h.configDir, journalFileName)); err == nil {
				t.Error("a refused run wrote the journal")
			}
		})
	}
}

func TestRevokeDryRunSendsNothing(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "revoke", "--user", "alice-42", "--all", "--except", aliceSafari, "--dry-run", "-o", "json")
	r.expect(t, ExitOK, "Dry run: 2 sessions in project "+apitest.ProjectID+" (test) would be revoked; nothing was sent.")
	var doc struct {
		Sessions []struct {
			SessionID  string `json:"session_id"`
			Attributes struct {
				IP string `json:"ip_address"`
			} `json:"attributes"`
		} `json:"sessions"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err, r.stdout)
	}
	if len(doc.Sessions) != 2 || doc.Sessions[0].SessionID != aliceChrome || doc.Sessions[1].SessionID != aliceFirefox ||
		doc.Sessions[0].Attributes.IP != "203.0.113.42" {
		t.Errorf("dry run listed %+v", doc.Sessions)
	}
	if b := revokeBodies(h); len(b) != 0 {
		t.Errorf("dry run sent %v", b)
	}
	if !h.fake.HasSession(aliceChrome) {
		t.Error("dry run revoked a session")
	}

	// Piped table: one TSV line per session; ndjson: one object per line.
	r = h.run("sessions", "revoke", "-u", "alice-42", "--ip", "198.51.100.0/24", "--dry-run")
	r.expect(t, ExitOK)
	if want := aliceFirefox + "\t" + apitest.DemoUserID + "\tFirefox 127 · Windows\t198.51.100.17\t"; !strings.HasPrefix(r.stdout, want) || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("table dry run:\n%s", r.stdout)
	}
	r = h.run("sessions", "revoke", aliceChrome, noSession, "--dry-run", "-o", "ndjson")
	r.expect(t, ExitOK)
	if r.stdout != `{"session_id":"`+aliceChrome+`"}`+"\n"+`{"session_id":"`+noSession+`"}`+"\n" {
		t.Errorf("ndjson dry run:\n%s", r.stdout)
	}
	if b := revokeBodies(h); len(b) != 0 {
		t.Errorf("dry run sent %v", b)
	}
}

func TestRevokeOneWithYes(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "revoke", aliceChrome, "--yes", "--reason", "stolen laptop", "-o", "json")
	// --yes never skips the preview: it is on stderr, the results on stdout.
	r.expect(t, ExitOK, "About to revoke 1 session in project "+apitest.ProjectID+" (test), credentials from the environment:",
		aliceChrome, "Reason: stolen laptop", "1 session: 1 revoked.")
	if b := revokeBodies(h); len(b) != 1 || b[0] != `POST /v1/sessions/revoke {"session_id":"`+aliceChrome+`"}` {
		t.Errorf("requests %v", b)
	}
	if h.fake.HasSession(aliceChrome) {
		t.Error("session still active")
	}
	rows := decodeResults(t, r.stdout)
	if len(rows) != 1 || rows[0].SessionID != aliceChrome || rows[0].Result != "revoked" ||
		!strings.HasPrefix(rows[0].RequestID, "request-id-test-") || rows[0].Error != "" {
		t.Errorf("results %+v", rows)
	}
	j := readJournalFile(t, h)
	want := journalEntry{Time: testNow, Operator: testOperator, Profile: "", Project: apitest.ProjectID, Environment: "test",
		SessionID: aliceChrome, Result: "revoked", RequestID: rows[0].RequestID, Reason: "stolen laptop"}
	if len(j) != 1 || !j[0].Time.Equal(want.Time) {
		t.Fatalf("journal %+v", j)
	}
	j[0].Time = want.Time
	if j[0] != want {
		t.Errorf("journal entry\n got %+v\nwant %+v", j[0], want)
	}
	fi, err := os.Stat(filepath.Join(h.configDir, journalFileName))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("journal mode %v, %v", fi.Mode().Perm(), err)
	}

	// A second run appends; it does not rewrite.
	r = h.run("sessions", "revoke", aliceSafari, "--yes")
	r.expect(t, ExitOK)
	if j := readJournalFile(t, h); len(j) != 2 || j[0].SessionID != aliceChrome || j[1].SessionID != aliceSafari || j[1].Reason != "" {
		t.Errorf("journal after 2 runs %+v", j)
	}
}

func TestRevokeManyNotFoundExit3(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "revoke", aliceChrome, noSession, aliceFirefox, aliceChrome, "--yes", "-o", "json")
	r.expect(t, ExitNotFound, "3 sessions: 2 revoked, 1 not found.")
	rows := decodeResults(t, r.stdout)
	if len(rows) != 3 {
		t.Fatalf("rows %+v", rows)
	}
	for i, want := range []struct{ id, result string }{{aliceChrome, "revoked"}, {noSession, "not found"}, {aliceFirefox, "revoked"}} {
		if rows[i].SessionID != want.id || rows[i].Result != want.result {
			t.Errorf("row %d = %+v, want %v", i, rows[i], want)
		}
	}
	if rows[1].ErrorType != "session_not_found" || !strings.Contains(rows[1].Error, "(request_id "+rows[1].RequestID+")") || rows[1].RequestID == "" {
		t.Errorf("not-found row %+v", rows[1])
	}
	if n := len(revokeBodies(h)); n != 3 {
		t.Errorf("%d revokes sent, want 3 (duplicates dropped)", n)
	}
	if j := readJournalFile(t, h); len(j) != 3 {
		t.Errorf("journal %+v", j)
	}
}

func TestRevokeByUserFiltersAndExcept(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "revoke", "-u", "alice-42", "--all", "--except", aliceSafari, "--yes")
	r.expect(t, ExitOK, "2 sessions: 2 revoked.")
	if h.fake.HasSession(aliceChrome) || h.fake.HasSession(aliceFirefox) || !h.fake.HasSession(aliceSafari) {
		t.Error("wrong sessions revoked")
	}
	// Piped table: session, user, result, request_id, error.
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], aliceChrome+"\t"+apitest.DemoUserID+"\trevoked\trequest-id-test-") {
		t.Errorf("results table:\n%s", r.stdout)
	}

	h = newHarness(t)
	r = h.run("sessions", "revoke", "-u", apitest.DemoUserID, "--user-agent", "firefox", "--yes", "-o", "json")
	r.expect(t, ExitOK)
	if rows := decodeResults(t, r.stdout); len(rows) != 1 || rows[0].SessionID != aliceFirefox || rows[0].UserID != apitest.DemoUserID {
		t.Errorf("rows %+v", rows)
	}
	if b := revokeBodies(h); len(b) != 1 || !strings.Contains(b[0], aliceFirefox) {
		t.Errorf("revokes %v", b)
	}

	// Nothing matches: nothing sent, exit 0, said on stderr.
	h = newHarness(t)
	r = h.run("sessions", "revoke", "-u", "alice-42", "--ip", "192.0.2.0/24", "--yes")
	r.expect(t, ExitOK, "Nothing to revoke: no active sessions match.")
	if len(revokeBodies(h)) != 0 || r.stdout != "" {
		t.Errorf("sent %v, stdout %q", revokeBodies(h), r.stdout)
	}
}

func TestRevokeByEmail(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "revoke", "--email", apitest.DemoEmail, "--ip", "203.0.113.42", "--yes", "-o", "json")
	r.expect(t, ExitOK)
	if rows := decodeResults(t, r.stdout); len(rows) != 1 || rows[0].SessionID != aliceChrome {
		t.Errorf("rows %+v", rows)
	}
	reqs := h.fake.Requests()
	if reqs[0].Path != "/v1/users/search" || !strings.Contains(string(reqs[0].Body), `"email_address"`) || !strings.Contains(string(reqs[0].Body), apitest.DemoEmail) {
		t.Errorf("first request %s %s", reqs[0].Path, reqs[0].Body)
	}
	if reqs[1].Path != "/v1/sessions" || reqs[1].Query.Get("user_id") != apitest.DemoUserID {
		t.Errorf("second request %s %s", reqs[1].Path, reqs[1].RawQuery)
	}

	h = newHarness(t)
	r = h.run("sessions", "revoke", "--email", "nobody@example.com", "--all", "--yes")
	r.expect(t, ExitNotFound, "finding the user with email address nobody@example.com: no user has that address (request_id request-id-test-")
	if len(revokeBodies(h)) != 0 {
		t.Error("revoked after an unknown email")
	}
}

func TestRevokePartialFailure(t *testing.T) {
	for _, tc := range []struct {
		status, code int
		errType      string
	}{
		{500, ExitFailure, "internal_server_error"},
		{429, ExitRateLimited, "too_many_requests"},
	} {
		h := newHarness(t)
		// Every attempt of the first revoke fails (fastRetry: 3 attempts).
		h.fake.AddFault(apitest.Fault{Path: "/v1/sessions/revoke", Status: tc.status, Times: 3})
		r := h.run("sessions", "revoke", aliceChrome, aliceSafari, noSession, "--yes", "--concurrency", "1", "-o", "json")
		r.expect(t, tc.code, "3 sessions: 1 revoked, 1 not found, 1 failed.")
		rows := decodeResults(t, r.stdout)
		if len(rows) != 3 || rows[0].Result != "failed" || rows[0].ErrorType != tc.errType || rows[0].RequestID == "" ||
			!strings.Contains(rows[0].Error, "revoking session "+aliceChrome) ||
			rows[1].Result != "revoked" || rows[2].Result != "not found" {
			t.Errorf("%d: rows %+v", tc.status, rows)
		}
		if j := readJournalFile(t, h); len(j) != 3 || j[0].Result != "failed" || j[0].Error == "" {
			t.Errorf("%d: journal %+v", tc.status, j)
		}
	}
}

func TestRevokeBadCredentialsStopsNewRevokes(t *testing.T) {
	h := newHarness(t)
	h.env["STYTCH_SECRET"] = "secret-test-wrong-000000000000000000000000000="
	r := h.run("sessions", "revoke", aliceChrome, aliceSafari, aliceFirefox, "--yes", "--concurrency", "1", "-o", "json")
	r.expect(t, ExitAuth, "stytchctl: stopped: the API refused the credentials (HTTP 401) before these were sent (still active): "+aliceSafari+" "+aliceFirefox,
		"To fix: check STYTCH_PROJECT_ID and STYTCH_SECRET", "Then revoke the sessions not sent again.")
	// Every session has its row on stdout, the ones not sent included.
	rows := decodeResults(t, r.stdout)
	if len(rows) != 3 || rows[0].ErrorType != "unauthorized_credentials" ||
		rows[1].SessionID != aliceSafari || rows[1].Result != "not sent" || rows[2].SessionID != aliceFirefox || rows[2].Result != "not sent" {
		t.Errorf("rows %+v, want the failed one and two not sent", rows)
	}
	if n := len(revokeBodies(h)); n != 1 {
		t.Errorf("%d revokes sent after a 401, want 1", n)
	}
	if j := readJournalFile(t, h); len(j) != 1 {
		t.Errorf("journal %+v: only what was sent is journalled", j)
	}
	for _, format := range []string{"csv", "table"} {
		r = h.run("sessions", "revoke", aliceSafari, aliceFirefox, "--yes", "--concurrency", "1", "-o", format)
		if got := strings.Count(r.stdout, "not sent"); got != 1 || !strings.Contains(r.stdout, aliceFirefox) {
			t.Errorf("-o %s: %d rows not sent, want 1:\n%s", format, got, r.stdout)
		}
	}
}

// The first attempt revoked the session but its answer was lost; the retry
// finds the session gone: that is a revoke, not a "not found".
func TestRevokeLostAnswerCountsAsRevoked(t *testing.T) {
	h := newHarness(t)
	h.fake.AddFault(apitest.Fault{Path: "/v1/sessions/revoke", Status: 502, Apply: true, Times: 1})
	r := h.run("sessions", "revoke", aliceChrome, "--yes", "-o", "json")
	r.expect(t, ExitOK, "an earlier attempt's answer was lost and the retry found it gone: counted as revoked")
	rows := decodeResults(t, r.stdout)
	if len(rows) != 1 || rows[0].Result != "revoked" || rows[0].Error != "" || rows[0].RequestID == "" {
		t.Errorf("rows %+v", rows)
	}
	if n := len(revokeBodies(h)); n != 2 {
		t.Errorf("%d attempts, want 2", n)
	}
}

func TestRevokeTerminalConfirmation(t *testing.T) {
	h := newHarness(t)
	h.stdinTTY, h.stdin = true, "y\n"
	r := h.run("sessions", "revoke", "-u", "alice-42", "--ip", "198.51.100.17")
	r.expect(t, ExitOK, "About to revoke 1 session in project "+apitest.ProjectID+" (test)",
		"DEVICE", "LAST ACTIVE", "Firefox 127 · Windows", "198.51.100.17", "1h ago", // 1h33m, floored
		"Revoke 1 session in test project "+apitest.ProjectID+"? [y/N] ")
	if h.fake.HasSession(aliceFirefox) {
		t.Error("not revoked after y")
	}

	h = newHarness(t)
	h.stdinTTY, h.stdin = true, "n\n"
	r = h.run("sessions", "revoke", "-u", "alice-42", "--all")
	r.expect(t, ExitFailure, "not confirmed: nothing was revoked")
	if len(revokeBodies(h)) != 0 || r.stdout != "" {
		t.Errorf("sent %v after n", revokeBodies(h))
	}

	// A live project is called LIVE before anything is asked.
	h = newHarness(t)
	h.env["STYTCH_PROJECT_ID"] = "project-live-00000000-0000-4000-8000-000000000000"
	h.stdinTTY, h.stdin = true, "\n"
	r = h.run("sessions", "revoke", aliceChrome)
	r.expect(t, ExitFailure, "(LIVE)", "This is a LIVE project: real users will be signed out.", "Revoke 1 session in LIVE project")
	if len(h.fake.Requests()) != 0 {
		t.Error("sent without confirmation")
	}
}

// Ctrl-C stops new revokes, waits for the one in flight, prints and
// journals what happened, and exits 130.
func TestRevokeInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Ctrl-C comes when the second revoke reaches the API: the first is
	// done, the second in flight, the third not sent.
	var revokes atomic.Int32
	h := newWrappedHarness(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == consumerRevokePath && revokes.Add(1) == 2 {
				cancel()
			}
			next.ServeHTTP(w, r)
		})
	})
	r := h.runCtx(ctx, "sessions", "revoke", aliceChrome, aliceSafari, aliceFirefox, "--yes", "--concurrency", "1", "-o", "json")
	r.expect(t, ExitInterrupted, "3 sessions: 2 revoked, 1 not sent.",
		"interrupted before these were sent (still active): "+aliceFirefox, "stytchctl: interrupted")
	rows := decodeResults(t, r.stdout)
	if len(rows) != 3 || rows[0].SessionID != aliceChrome || rows[1].SessionID != aliceSafari ||
		rows[0].Result != "revoked" || rows[1].Result != "revoked" || rows[2].SessionID != aliceFirefox || rows[2].Result != "not sent" {
		t.Errorf("rows %+v", rows)
	}
	if h.fake.HasSession(aliceSafari) || !h.fake.HasSession(aliceFirefox) {
		t.Error("the in-flight revoke was dropped, or the third was sent")
	}
	if n := len(revokeBodies(h)); n != 2 {
		t.Errorf("%d revokes sent, want 2", n)
	}
	if j := readJournalFile(t, h); len(j) != 2 || j[0].Result != "revoked" || j[1].Result != "revoked" {
		t.Errorf("journal %+v", j)
	}
}

// TestRevokeTablesFitTerminal: the preview (stderr) and the results
// (stdout) fit the terminal; what is cut or hidden is never the result, the
// user ID's distinguishing end, the session's short ID, or the last
// activity; result rows start with the short session ID.
// The request ID, hidden at 80 columns (short IDs leave room for it at
// 120), stays in piped output.
func TestRevokeTablesFitTerminal(t *testing.T) {
	sessions := []string{"session-test-1a6e3c9f-7b2d-4f58-8c04-e9d2b6a1f734", "session-test-5f8b2d6a-4e1c-4a97-b3d8-0c7e5a9f2b61"}
	for _, width := range []int{80, 120} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			h := newHarness(t)
			h.tty, h.width = true, width
			r := h.run("sessions", "revoke", "-u", "emp-00417", "--all", "--yes")
			r.expect(t, ExitOK, "2 sessions: 2 revoked.")
			for _, out := range []string{r.stderr, r.stdout} {
				for _, line := range strings.Split(out, "\n") {
					plain := ansi.Strip(line)
					if !strings.HasPrefix(plain, "SESSION ID") && !strings.HasPrefix(plain, "1a6e3c9f") && !strings.HasPrefix(plain, "5f8b2d6a") {
						continue // prose: the terminal wraps it at word ends
					}
					if n := ansi.StringWidth(line); n > width {
						t.Errorf("%d columns wide at width %d: %q", n, width, line)
					}
				}
			}
			for _, id := range sessions {
				short := "\n" + id[len("session-test-"):][:8] + "  "
				if !strings.Contains(ansi.Strip(r.stderr), short) || !strings.Contains(ansi.Strip(r.stdout), short) || strings.Contains(r.stdout+r.stderr, id) {
					t.Errorf("session %s is not shown by its short ID\npreview:\n%s\nresults:\n%s", id, r.stderr, r.stdout)
				}
			}
			if !strings.Contains(r.stderr, "40m ago") || !strings.Contains(r.stderr, "Chrome 12") {
				t.Errorf("preview lost the last activity or the device:\n%s", r.stderr)
			}
			rows := strings.Split(strings.TrimSuffix(ansi.Strip(r.stdout), "\n"), "\n")
			if len(rows) != 3 || !strings.Contains(rows[0], "RESULT") || (width == 80 && strings.Contains(rows[0], "REQUEST ID")) {
				t.Fatalf("results:\n%s", r.stdout)
			}
			for _, row := range rows[1:] {
				// A short session ID starts the row; the user is never cut:
				// where it does not fit it is hidden whole.
				if !strings.Contains(row, "  revoked") || strings.Contains(row, "…") ||
					!(strings.HasPrefix(row, "1a6e3c9f  ") || strings.HasPrefix(row, "5f8b2d6a  ")) ||
					(width >= 120 && !strings.Contains(row, "3a7e9b264")) {
					t.Errorf("row lost the result, or the user is cut or missing at %d: %q", width, row)
				}
			}
		})
	}
	// Piped, every column is there, request ID included.
	h := newHarness(t)
	r := h.run("sessions", "revoke", "-u", "emp-00417", "--all", "--yes")
	r.expect(t, ExitOK)
	for _, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 5 || f[2] != "revoked" || !strings.HasPrefix(f[3], "request-id-test-") {
			t.Errorf("piped row %q", line)
		}
	}
}
