package cmd

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestSessionsListLargeTable lists 1,500 sessions of one user, enough for
// the parallel paths (decoding a body of 256 KiB or more on two CPUs, and
// formatting a piped table of 1,000 rows or more on two goroutines), and
// checks the piped table row by row against -o json: every session once,
// in the API's order, with its ID, IP and times, from one request each.
func TestSessionsListLargeTable(t *testing.T) {
	h := newHarness(t)
	const user = "user-test-bbbbbbbb-0000-4000-8000-000000000005"
	h.fake.AddSyntheticSessions(user, 1500)

	js := h.run("sessions", "list", "-u", user, "-o", "json")
	if js.code != 0 {
		t.Fatalf("-o json: exit %d: %s", js.code, js.stderr)
	}
	if len(js.stdout) < 256<<10 {
		t.Fatalf("the response is %d bytes; the test needs one of 256 KiB or more", len(js.stdout))
	}
	var doc struct {
		Sessions []struct {
			SessionID      string `json:"session_id"`
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
	tbl := h.run("sessions", "list", "-u", user)
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
		want := []string{s.SessionID, cells[1], cells[2], s.Attributes.IPAddress, rfc3339UTC(s.StartedAt), rfc3339UTC(s.LastAccessedAt), rfc3339UTC(s.ExpiresAt)}
		if len(cells) != 7 || strings.Join(cells, "\t") != strings.Join(want, "\t") || cells[1] == "" || cells[2] == "" {
			t.Fatalf("row %d = %q, want session %s with IP %s and its times", i, line, s.SessionID, s.Attributes.IPAddress)
		}
	}
}
