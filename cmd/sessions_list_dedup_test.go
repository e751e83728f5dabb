package cmd

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// sessionIDsOf returns the session_id of every session in a sessions
// list -o json document, or of every -o ndjson line.
func sessionIDsOf(t *testing.T, out string, ndjson bool) []string {
	t.Helper()
	var raws []json.RawMessage
	if ndjson {
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			raws = append(raws, json.RawMessage(line))
		}
	} else {
		var doc struct {
			Sessions []json.RawMessage `json:"sessions"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("stdout is not JSON: %v\n%s", err, out)
		}
		raws = doc.Sessions
	}
	var ids []string
	for _, r := range raws {
		var s struct {
			SessionID string `json:"session_id"`
		}
		if err := json.Unmarshal(r, &s); err != nil {
			t.Fatalf("not a session: %v: %s", err, r)
		}
		ids = append(ids, s.SessionID)
	}
	return ids
}

// The same user named by external ID, user ID and email is listed once:
// the answers are de-duplicated by the user_id their sessions carry.
func TestSessionsListSameUserNamedTwoWaysListedOnce(t *testing.T) {
	want := len(apitestDemoSessions(t))
	note := "stytchctl: note: alice-42 and " + apitest.DemoUserID + " name the same user: its sessions are listed once\n"
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"external and user ID", []string{"-u", apitest.DemoExternalID, "-u", apitest.DemoUserID}},
		{"comma-separated", []string{"-u", apitest.DemoExternalID + "," + apitest.DemoUserID}},
		{"email and external ID", []string{"--email", apitest.DemoEmail, "-u", apitest.DemoExternalID}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.run(append([]string{"sessions", "list", "-o", "ndjson"}, tt.args...)...)
			r.expect(t, 0)
			ids := sessionIDsOf(t, r.stdout, true)
			if len(ids) != want || len(uniqueStrings(ids)) != want {
				t.Errorf("got %d sessions (%d unique), want each of %d once:\n%s", len(ids), len(uniqueStrings(ids)), want, r.stdout)
			}
			if r.stderr != note {
				t.Errorf("stderr = %q, want %q", r.stderr, note)
			}
			// Both were fetched: only the answer tells they are the same.
			if n := countSessionsRequests(h); n != 2 {
				t.Errorf("%d GET /v1/sessions, want 2", n)
			}
		})
	}
}

// The piped table (TSV) and the terminal table print each session once.
func TestSessionsListSameUserTableRowsOnce(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "-u", apitest.DemoExternalID, "-u", apitest.DemoUserID)
	r.expect(t, 0, "name the same user")
	if n := strings.Count(r.stdout, "\n"); n != len(apitestDemoSessions(t)) {
		t.Errorf("%d rows, want %d:\n%s", n, len(apitestDemoSessions(t)), r.stdout)
	}
}

// One user named twice prints, with -o json, Stytch's own response object
// once, just as the user named once does.
func TestSessionsListSameUserTwiceJSONIsTheAPIResponse(t *testing.T) {
	h := newHarness(t)
	once := h.run("sessions", "list", "-u", apitest.DemoUserID, "-o", "json")
	once.expect(t, 0)
	twice := h.run("sessions", "list", "-u", apitest.DemoExternalID, "-u", apitest.DemoUserID, "-o", "json")
	twice.expect(t, 0)
	strip := func(s string) string {
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, s)
		}
		if !strings.HasPrefix(string(m["request_id"]), `"request-id-test-`) || string(m["status_code"]) != "200" {
			t.Errorf("not the API's response object: %s", s)
		}
		delete(m, "request_id")
		b, _ := json.Marshal(m)
		return string(b)
	}
	if strip(once.stdout) != strip(twice.stdout) {
		t.Errorf("named twice:\n%s\nnamed once:\n%s", twice.stdout, once.stdout)
	}
	// With a filter the envelope is still the API's.
	f := h.run("sessions", "list", "-u", apitest.DemoExternalID, "-u", apitest.DemoUserID, "--factor", "totp", "-o", "json")
	f.expect(t, 0)
	if !strings.Contains(f.stdout, `"status_code"`) || len(sessionIDsOf(t, f.stdout, false)) != 1 {
		t.Errorf("filtered, named twice: %s", f.stdout)
	}
}

// Two different users stay two users, in input order, with {"sessions":…}.
func TestSessionsListDifferentUsersNotMerged(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "-u", apitest.DemoExternalID, "-u", apitest.FactorZooUserID, "-o", "json")
	r.expect(t, 0)
	if r.stderr != "" {
		t.Errorf("stderr = %q", r.stderr)
	}
	if strings.Contains(r.stdout, `"status_code"`) {
		t.Errorf("several users printed as one response: %s", r.stdout)
	}
	want := len(h.fake.Sessions(apitest.DemoUserID)) + len(h.fake.Sessions(apitest.FactorZooUserID))
	if got := len(sessionIDsOf(t, r.stdout, false)); got != want {
		t.Errorf("%d sessions, want %d", got, want)
	}
}

func apitestDemoSessions(t *testing.T) []json.RawMessage {
	t.Helper()
	h := newHarness(t)
	s := h.fake.Sessions(apitest.DemoUserID)
	if len(s) == 0 {
		t.Fatal("demo user has no sessions")
	}
	return s
}

func uniqueStrings(s []string) map[string]bool {
	m := map[string]bool{}
	for _, v := range s {
		m[v] = true
	}
	return m
}

func countSessionsRequests(h *harness) int {
	n := 0
	for _, r := range h.fake.Requests() {
		if r.Method == "GET" && r.Path == "/v1/sessions" {
			n++
		}
	}
	return n
}
