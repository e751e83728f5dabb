package cmd

import (
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// A 200 that does not hold the sessions array (none, null, an object, a
// Stytch error body) is an unreadable response, exit 1: never "No active
// sessions", never an empty document, never a clean audit.

// badSessionsBodies are 200 answers to GET /v1/sessions (or, with key
// member_sessions, /v1/b2b/sessions) that are not a sessions list.
func badSessionsBodies(key string) []string {
	return []string{
		`{"request_id":"request-id-test-x","status_code":200}`,
		`{"request_id":"request-id-test-x","` + key + `":null,"status_code":200}`,
		`{"request_id":"request-id-test-x","` + key + `":{"session_id":"session-test-x"},"status_code":200}`,
		`{"status_code":404,"request_id":"request-id-test-e","error_type":"user_not_found","error_message":"User could not be found."}`,
	}
}

// expectUnreadable checks exit 1, an empty stdout and an "unreadable
// response" on stderr that makes no claim about sessions.
func expectUnreadable(t *testing.T, what string, r result) {
	t.Helper()
	r.expect(t, ExitFailure, "unreadable response (HTTP 200")
	if r.stdout != "" {
		t.Errorf("%s: stdout %q, want nothing", what, r.stdout)
	}
	for _, claim := range []string{"No active sessions", "Audited"} {
		if strings.Contains(r.stderr, claim) {
			t.Errorf("%s: stderr claims %q:\n%s", what, claim, r.stderr)
		}
	}
}

func TestSessionsListRefusesABodyWithoutSessions(t *testing.T) {
	for _, body := range badSessionsBodies("sessions") {
		for _, args := range [][]string{
			{"sessions", "list", "-u", apitest.DemoUserID},
			{"sessions", "list", "-u", apitest.DemoUserID, "-o", "json"},
			{"sessions", "list", "-u", apitest.DemoUserID, "-o", "yaml"},
			{"sessions", "list", "-u", apitest.DemoUserID, "-o", "ndjson"},
			{"sessions", "audit", "-u", apitest.DemoUserID},
			{"sessions", "audit", "-u", apitest.DemoUserID, "-o", "json"},
		} {
			h := newHarness(t)
			h.tty = true // the table then says "No active sessions" when it sees none
			h.fake.AddFault(apitest.Fault{Path: "/v1/sessions", Body: body})
			r := h.run(args...)
			expectUnreadable(t, strings.Join(args, " ")+" of "+body, r)
			if strings.Contains(body, "error_type") && !strings.Contains(r.stderr, "user_not_found") {
				t.Errorf("%s: the error body's error_type is not named:\n%s", body, r.stderr)
			}
		}
	}
}

func TestB2BSessionsListRefusesABodyWithoutMemberSessions(t *testing.T) {
	for _, body := range badSessionsBodies("member_sessions") {
		for _, format := range []string{"table", "json"} {
			h := newHarness(t)
			h.tty = true
			h.fake.AddFault(apitest.Fault{Path: "/v1/b2b/sessions", Body: body})
			r := h.run("b2b", "sessions", "list", "--organization", apitest.DemoOrganizationSlug, "--member", apitest.DemoMemberID, "-o", format)
			expectUnreadable(t, format+" of "+body, r)
		}
	}
}
