package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
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
	// Lossless: the stored line, unknown fields and false included.
	if doc.Entries[0]["extra"] != false || doc.Entries[1]["session_id"] != aliceChrome || doc.Entries[1]["reason"] != "new" ||
		doc.Entries[1]["operator"] != testOperator || doc.Entries[1]["project"] != apitest.ProjectID {
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
	if len(lines) != 2 || lines[0] != "2026-05-01T09:00:00Z\tbob\tproject-live-x\tlive\tuser-test-1\tsession-test-1\tfailed\tr1\told" {
		t.Errorf("table:\n%s", r.stdout)
	}
	r = h.run("sessions", "journal", "-o", "csv")
	r.expect(t, ExitOK)
	if !strings.HasPrefix(r.stdout, "time,operator,project,environment,user_or_member_id,session_id,result,request_id,reason,profile,organization_id,error\r\n") {
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
	if len(out) != 2 || !strings.Contains(out[0], "session-test-1") || !strings.Contains(out[1], aliceChrome) {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	// Table form too; the warnings never reach stdout.
	r = h.run("sessions", "journal")
	r.expect(t, ExitOK, ":2: skipped")
	if strings.Count(r.stdout, "\n") != 2 || strings.Contains(r.stdout, "warning") {
		t.Errorf("table:\n%s", r.stdout)
	}
}
