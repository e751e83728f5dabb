package cmd

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

func TestSessionsJournal(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "journal")
	r.expect(t, ExitOK, "has no entries")
	if r.stdout != "" {
		t.Errorf("stdout %q", r.stdout)
	}

	// Two old entries written by hand, then one real revoke.
	old := `{"time":"2026-05-01T09:00:00Z","operator":"bob","profile":"prod","project":"project-live-x","environment":"live","user_id":"user-test-1","session_id":"session-test-1","result":"failed","request_id":"r1","error":"boom","reason":"old","extra":false}` + "\n"
	if err := os.MkdirAll(h.configDir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(h.configDir, journalFileName)
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	h.run("sessions", "revoke", aliceChrome, "--yes", "--reason", "new").expect(t, ExitOK)
	// An existing journal with looser permissions is tightened.
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("journal mode %v %v", fi.Mode().Perm(), err)
	}

	r = h.run("sessions", "journal", "-o", "json")
	r.expect(t, ExitOK)
	var doc struct {
		Entries []map[string]any `json:"entries"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Entries) != 2 {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	// Lossless: the stored line, unknown fields and false included;
	// newest first.
	if doc.Entries[1]["extra"] != false || doc.Entries[0]["session_id"] != aliceChrome || doc.Entries[0]["reason"] != "new" ||
		doc.Entries[0]["operator"] != testOperator || doc.Entries[0]["project"] != apitest.ProjectID {
		t.Errorf("entries %v", doc.Entries)
	}

	// --since keeps the newer one; ndjson prints the stored lines.
	r = h.run("sessions", "journal", "--since", "7d", "-o", "ndjson")
	r.expect(t, ExitOK)
	if strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, aliceChrome) {
		t.Errorf("--since 7d:\n%s", r.stdout)
	}
	r = h.run("sessions", "journal", "--since", "2026-04-30")
	r.expect(t, ExitOK)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 || lines[1] != "2026-05-01T09:00:00Z\tprod\tbob\tproject-live-x\tlive\tuser-test-1\tsession-test-1\tfailed\tr1\told" {
		t.Errorf("table:\n%s", r.stdout)
	}
	r = h.run("sessions", "journal", "-o", "csv")
	r.expect(t, ExitOK)
	if !strings.HasPrefix(r.stdout, "time,profile,operator,project,environment,user_or_member_id,session_id,result,request_id,reason,organization_id,error\r\n") {
		t.Errorf("csv:\n%s", r.stdout)
	}
	r = h.run("sessions", "journal", "--since", "yesterday")
	r.expect(t, ExitUsage, `invalid --since "yesterday"`)

}

// TestSessionsJournalTornLine: a line torn by a crash mid-write neither
// hides the good entries nor swallows the next revoke's first entry.
func TestSessionsJournalTornLine(t *testing.T) {
	h := newHarness(t)
	if err := os.MkdirAll(h.configDir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(h.configDir, journalFileName)
	good := `{"time":"2026-05-01T09:00:00Z","operator":"bob","project":"p","environment":"test","session_id":"session-test-1","result":"revoked","request_id":"r1","reason":"old"}` + "\n"
	torn := `{"time":"2026-11-27T12:00:00Z","result":"revo`
	if err := os.WriteFile(path, []byte(good+torn), 0o600); err != nil {
		t.Fatal(err)
	}
	// The next revoke starts a new line instead of appending to the torn one.
	h.run("sessions", "revoke", aliceChrome, "--yes", "--reason", "after crash").expect(t, ExitOK, "1 session: 1 revoked.")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 3 || lines[1] != torn || !strings.HasPrefix(lines[2], `{"time":`) || !strings.Contains(lines[2], aliceChrome) {
		t.Fatalf("journal after the revoke:\n%s", b)
	}

	// Add more junk; every good entry is still printed, each bad line
	// named once on stderr, exit 0.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("not json\n")
	f.Close()
	r := h.run("sessions", "journal", "-o", "ndjson")
	r.expect(t, ExitOK,
		"stytchctl: warning: "+path+":2: skipped, not a journal entry",
		"stytchctl: warning: "+path+":4: skipped, not a journal entry")
	if n := strings.Count(r.stderr, "warning:"); n != 2 {
		t.Errorf("%d warnings:\n%s", n, r.stderr)
	}
	out := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(out) != 2 || !strings.Contains(out[1], "session-test-1") || !strings.Contains(out[0], aliceChrome) {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	// Table form too; the warnings never reach stdout.
	r = h.run("sessions", "journal")
	r.expect(t, ExitOK, ":2: skipped")
	if strings.Count(r.stdout, "\n") != 2 || strings.Contains(r.stdout, "warning") {
		t.Errorf("table:\n%s", r.stdout)
	}
}

// TestRevokeJournalLongErrors: a server error of 2 MiB is stored cut to
// 4 KiB, marked as cut, so that the journal stays readable; and a line too
// long to be an entry (written by an older version, or by hand) is skipped
// with a warning like any other bad line, not a failure of every entry.
func TestRevokeJournalLongErrors(t *testing.T) {
	h := newHarness(t)
	huge := strings.Repeat("x", 2<<20)
	h.fake.AddFault(apitest.Fault{Path: "/v1/sessions/revoke", Status: 400,
		Body: `{"status_code":400,"request_id":"request-id-test-huge","error_type":"bad_request","error_message":"` + huge + `"}`})
	h.run("sessions", "revoke", aliceChrome, "--yes", "--reason", strings.Repeat("why ", 2<<10)).expect(t, ExitFailure, "1 failed")

	path := filepath.Join(h.configDir, journalFileName)
	j := readJournalFile(t, h)
	if len(j) != 1 {
		t.Fatalf("journal has %d entries", len(j))
	}
	for field, v := range map[string]string{"error": j[0].Error, "reason": j[0].Reason} {
		if len(v) > maxJournalText || !strings.HasSuffix(v, journalCut) {
			t.Errorf("journal %s is %d bytes, ends %q; want at most %d, marked as cut", field, len(v), v[max(0, len(v)-20):], maxJournalText)
		}
	}
	if !strings.Contains(j[0].Error, "bad_request: xxx") || j[0].RequestID != "request-id-test-huge" {
		t.Errorf("journal entry %+v", j[0])
	}

	// An entry too long to read between two good ones.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"time":"2026-06-01T00:00:00Z","session_id":"s-long","error":"` + huge + "\"}\n")
	f.WriteString(`{"time":"2026-06-02T00:00:00Z","session_id":"s-after","result":"revoked"}` + "\n")
	f.Close()
	r := h.run("sessions", "journal", "-o", "ndjson")
	r.expect(t, ExitOK, "stytchctl: warning: "+path+":2: skipped, longer than 1 MiB, not a journal entry")
	out := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(out) != 2 || !strings.Contains(out[0], aliceChrome) || !strings.Contains(out[1], "s-after") {
		t.Errorf("stdout has %d entries, want the 2 around the long line:\n%.300s", len(out), r.stdout)
	}
}

// TestReadJournalLineLimits: a line of maxJournalLine bytes is read, one
// byte more is dropped as long, at the end of the file as elsewhere.
func TestReadJournalLineLimits(t *testing.T) {
	atLimit := strings.Repeat("a", maxJournalLine)
	over := strings.Repeat("b", maxJournalLine+1)
	type got struct {
		n    int
		long bool
	}
	for name, tc := range map[string]struct {
		in   string
		want []got
	}{
		"at the limit":      {atLimit + "\n" + over + "\nx", []got{{maxJournalLine, false}, {0, true}, {1, false}}},
		"long at the end":   {"x\n" + over, []got{{1, false}, {0, true}}},
		"empty lines":       {"\n\nx\n", []got{{0, false}, {0, false}, {1, false}}},
		"at limit, no feed": {atLimit, []got{{maxJournalLine, false}}},
	} {
		br := bufio.NewReaderSize(strings.NewReader(tc.in), 4096)
		var lines []got
		for {
			line, long, err := readJournalLine(br)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			lines = append(lines, got{len(line), long})
		}
		if !slices.Equal(lines, tc.want) {
			t.Errorf("%s: lines %v, want %v", name, lines, tc.want)
		}
	}
}
