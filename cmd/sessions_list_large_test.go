package cmd

import (
	"encoding/json"
	"github.com/stytchctl/stytchctl/api/apitest"
	"strings"
	"testing"
	"time"
)

// TestSessionsListLargeTable lists 1,500 sessions of one user (a body of
// 256 KiB or more) and checks the piped table row by row against -o json:
// every session once, in the API's order, with its ID, IP and times, from
// one request each.
func TestSessionsListLargeTable(t *testing.T) {
	h := newHarness(t)
	const user = "user-test-bbbbbbbb-0000-4000-8000-000000000005"
	h.fake.AddSyntheticSessions(user, 1500)

	js := h.run("sessions", "list", "--limit", "0", "-u", user, "-o", "json")
	if js.code != 0 {
		t.Fatalf("-o json: exit %d: %s", js.code, js.stderr)
	}
	if len(js.stdout) < 256<<10 {
		t.Fatalf("the response is %d bytes; the test needs one of 256 KiB or more", len(js.stdout))
	}
	var doc struct {
		Sessions []struct {
			SessionID      string `json:"session_id"`
			UserID         string `json:"user_id"`
			StartedAt      string `json:"started_at"`
			LastAccessedAt string `json:"last_accessed_at"`
			ExpiresAt      string `json:"expires_at"`
			Attributes     struct {
				IPAddress string `json:"ip_address"`
			} `json:"attributes"`
		} `json:"sessions"`
	}
	if err := json.Unmarshal([]byte(js.stdout), &doc); err != nil || len(doc.Sessions) != 1500 {
		t.Fatalf("-o json: %d sessions, %v", len(doc.Sessions), err)
	}

	before := len(h.fake.Requests())
	tbl := h.run("sessions", "list", "--limit", "0", "-u", user)
	if tbl.code != 0 || tbl.stderr != "" {
		t.Fatalf("table: exit %d, stderr %q", tbl.code, tbl.stderr)
	}
	if reqs := h.fake.Requests()[before:]; len(reqs) != 1 || reqs[0].Path != "/v1/sessions" || reqs[0].Query.Get("user_id") != user {
		t.Fatalf("table sent %+v, want one GET /v1/sessions?user_id=%s", reqs, user)
	}
	lines := strings.Split(strings.TrimSuffix(tbl.stdout, "\n"), "\n")
	if len(lines) != len(doc.Sessions) {
		t.Fatalf("table has %d rows, want %d", len(lines), len(doc.Sessions))
	}
	rfc3339UTC := func(s string) string { // the table's form of an API time
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatalf("API time %q: %v", s, err)
		}
		return tm.UTC().Format("2006-01-02T15:04:05Z07:00")
	}
	for i, line := range lines {
		cells := strings.Split(line, "\t")
		s := doc.Sessions[i]
		if len(cells) != 8 {
			t.Fatalf("row %d = %q, want 8 cells", i, line)
		}
		want := []string{s.SessionID, s.UserID, cells[2], cells[3], s.Attributes.IPAddress, rfc3339UTC(s.StartedAt), rfc3339UTC(s.LastAccessedAt), rfc3339UTC(s.ExpiresAt)}
		if strings.Join(cells, "\t") != strings.Join(want, "\t") || cells[2] == "" || cells[3] == "" {
			t.Fatalf("row %d = %q, want session %s with IP %s and its times", i, line, s.SessionID, s.Attributes.IPAddress)
		}
	}
}

// TestSessionsListLargeInvalidAnswer serves a 1,500-session answer cut in
// half, and whole but with one session made malformed in the middle: each
// is exit 1 with the reason, and nothing on stdout, in the table and in
// -o json.
func TestSessionsListLargeInvalidAnswer(t *testing.T) {
	const user = "user-test-bbbbbbbb-0000-4000-8000-000000000005"
	h := newHarness(t)
	h.fake.AddSyntheticSessions(user, 1500)
	js := h.run("sessions", "list", "--limit", "0", "-u", user, "-o", "json")
	if js.code != 0 || len(js.stdout) < 512<<10 {
		t.Fatalf("-o json: exit %d, %d bytes", js.code, len(js.stdout))
	}
	mid := strings.Index(js.stdout[len(js.stdout)/2:], `"ip_address":`) + len(js.stdout)/2
	malformed := js.stdout[:mid] + `"ip_address" ` + js.stdout[mid+len(`"ip_address":`):]

	for _, c := range []struct {
		name  string
		fault apitest.Fault
		want  string
	}{
		{"cut in half", apitest.Fault{Truncate: true}, "truncated"},
		{"one session malformed", apitest.Fault{Body: malformed}, "malformed JSON"},
	} {
		for _, format := range []string{"table", "json"} {
			h.fake.AddFault(c.fault)
			r := h.run("sessions", "list", "--limit", "0", "-u", user, "-o", format)
			r.expect(t, 1, c.want)
			if r.stdout != "" {
				t.Errorf("%s, -o %s: stdout has %d bytes", c.name, format, len(r.stdout))
			}
			assertNoPanic(t, r)
		}
	}
}
