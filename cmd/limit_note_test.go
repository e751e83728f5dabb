package cmd

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestSessionsAuditLimitNeverHidesAFailure: --limit caps the findings
// printed, not those --fail-on and the summary count. Info first
// (--sort-by -severity) with --limit 5 prints no critical finding, yet
// --fail-on critical fails, and a terminal says what was left out.
func TestSessionsAuditLimitNeverHidesAFailure(t *testing.T) {
	h := newHarness(t)
	addAuditUser(h)
	r := h.run("sessions", "audit", "-u", auditUser, "--sort-by", "-severity", "--limit", "5", "--fail-on", "critical", "-o", "ndjson")
	r.expect(t, ExitCheckFailed, "1 finding at or above critical (--fail-on critical)")
	if got := shorts(parseNDJSONFindings(t, r.stdout)); strings.Contains(got, "critical") || strings.Count(got, "\n") != 4 {
		t.Errorf("printed:\n%s\nwant 5 findings, none critical", got)
	}

	// Streamed in the order found, a later user's critical finding
	// counts too, though --limit 1 printed only an earlier one.
	r = h.run("sessions", "audit", "-u", auditUser, "--limit", "1", "--fail-on", "info", "-o", "ndjson")
	r.expect(t, ExitCheckFailed, "6 findings at or above info (--fail-on info)")
	if n := len(parseNDJSONFindings(t, r.stdout)); n != 1 {
		t.Errorf("--limit 1 printed %d findings", n)
	}

	// A terminal: the summary counts every finding, and one line says
	// what --limit left out, on stderr, for a machine format too.
	h.stderrTTY = true
	r = h.run("sessions", "audit", "-u", auditUser, "--sort-by", "-severity", "--limit", "2", "-o", "json")
	r.expect(t, ExitOK, "Audited 1 user, ", ": 1 critical, 4 warning, 1 info.", "Showing 2 of 6 findings; --limit 0 for all")
	if strings.Contains(r.stdout, "Showing") || strings.Count(r.stdout, `"rule"`) != 2 {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	// Its help says what --limit counts.
	r = h.run("sessions", "audit", "--help")
	if text := strings.Join(strings.Fields(r.stdout), " "); !strings.Contains(text, "--limit N Print at most N findings, after sorting (0: no limit); findings past it still count for --fail-on (default 100)") {
		t.Errorf("sessions audit --help:\n%s", r.stdout)
	}
	// Nothing left out: no note.
	r = h.run("sessions", "audit", "-u", auditUser, "-o", "json")
	r.expect(t, ExitOK)
	if strings.Contains(r.stderr, "Showing") {
		t.Errorf("stderr = %q", r.stderr)
	}
}

// TestSessionsListDefaultLimit: sessions list prints at most 100 sessions
// by default, as every --limit; a terminal's stderr says what was left
// out, whatever the format; --limit 0 prints them all, and a user with no
// more than the cap gets Stytch's answer exactly as sent.
func TestSessionsListDefaultLimit(t *testing.T) {
	h := newHarness(t)
	const user = "user-test-bbbbbbbb-0000-4000-8000-000000000005"
	h.fake.AddSyntheticSessions(user, 240)
	h.stderrTTY = true
	r := h.run("sessions", "list", "-u", user, "-o", "ndjson")
	r.expect(t, ExitOK, "Showing 100 of 240 sessions; --limit 0 for all")
	if n := len(ndjsonLines(t, r.stdout)); n != 100 {
		t.Errorf("default printed %d sessions, want 100", n)
	}
	r = h.run("sessions", "list", "-u", user, "-o", "json")
	r.expect(t, ExitOK, "Showing 100 of 240 sessions")
	if n := strings.Count(r.stdout, `"session_id"`); n != 100 {
		t.Errorf("-o json printed %d sessions, want 100", n)
	}
	r = h.run("sessions", "list", "-u", user, "--limit", "0", "-o", "ndjson")
	r.expect(t, ExitOK)
	if n := len(ndjsonLines(t, r.stdout)); n != 240 || r.stderr != "" {
		t.Errorf("--limit 0 printed %d sessions, stderr %q", n, r.stderr)
	}
	// Several users: the run stops once the cap left one out, and says
	// only that more match.
	r = h.run("sessions", "list", "-u", user+",alice-42", "-o", "ndjson")
	r.expect(t, ExitOK, "Showing the first 100 sessions, and more match; --limit 0 for all")

	// Not cut: the API's own answer, byte for byte, and no note.
	h.fake.ResetRequests()
	r = h.run("sessions", "list", "-u", "alice-42", "-o", "json")
	r.expect(t, ExitOK)
	reqs := h.fake.Requests()
	if len(reqs) != 1 || strings.Contains(r.stderr, "Showing") {
		t.Fatalf("%d requests, stderr %q", len(reqs), r.stderr)
	}
	reqID := regexp.MustCompile(`"request_id":"[^"]*"`)
	whole := h.run("sessions", "list", "-u", "alice-42", "--limit", "0", "-o", "json").stdout
	if got, want := reqID.ReplaceAllString(r.stdout, ""), reqID.ReplaceAllString(whole, ""); got != want {
		t.Errorf("default -o json differs from --limit 0's (the API's answer):\n%s\nwant\n%s", got, want)
	}
	// Piped stderr: no note.
	h.stderrTTY = false
	r = h.run("sessions", "list", "-u", user, "-o", "ndjson")
	r.expect(t, ExitOK)
	if r.stderr != "" {
		t.Errorf("piped stderr = %q", r.stderr)
	}
}

// TestB2BSessionsListLimitNote: b2b sessions list caps at --limit as
// sessions list does, and a terminal's stderr says what was left out,
// for -o json too; stdout keeps the document.
func TestB2BSessionsListLimitNote(t *testing.T) {
	h := newHarness(t)
	h.stderrTTY = true
	args := []string{"b2b", "sessions", "list", "--org", apitest.DemoOrganizationID, "--member", apitest.DemoMemberID}
	r := h.run(append(args, "--limit", "1", "-o", "json")...)
	r.expect(t, ExitOK, "Showing 1 of 2 sessions; --limit 0 for all")
	if n := strings.Count(r.stdout, `"member_session_id"`); n != 1 || strings.Contains(r.stdout, "Showing") {
		t.Errorf("--limit 1 printed %d sessions:\n%s", n, r.stdout)
	}
	r = h.run(append(args, "-o", "json")...)
	r.expect(t, ExitOK)
	if strings.Contains(r.stderr, "Showing") || strings.Count(r.stdout, `"member_session_id"`) != 2 {
		t.Errorf("default: stderr %q\n%s", r.stderr, r.stdout)
	}
}
