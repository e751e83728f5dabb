package cmd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// Revokes against answers that are not the revoke endpoint's own: a
// redirect, a 200 that is not Stytch's success, a 401/403 whatever its
// body, a 404 that is not session_not_found, a listing with unusable
// session IDs. None of them may be reported "revoked".

const (
	consumerRevokePath = "/v1/sessions/revoke"
	b2bRevokePath      = "/v1/b2b/sessions/revoke"
)

// revokeKind is one of the two revoke commands, with three sessions to
// name and the path its revokes go to.
type revokeKind struct {
	name     string
	path     string
	sessions []string
}

var revokeKinds = []revokeKind{
	{"consumer", consumerRevokePath, []string{aliceChrome, aliceSafari, aliceFirefox}},
	{"b2b", b2bRevokePath, []string{apitest.DemoMemberSessionSAML, apitest.DemoMemberSessionMagicLink, noSession}},
}

// args returns the command line revoking the first n sessions of k,
// piped, with --yes, one at a time, as JSON.
func (k revokeKind) args(n int) []string {
	var args []string
	if k.name == "consumer" {
		args = append([]string{"sessions", "revoke"}, k.sessions[:n]...)
	} else {
		args = []string{"b2b", "sessions", "revoke"}
		for _, s := range k.sessions[:n] {
			args = append(args, "--session", s)
		}
	}
	return append(args, "--yes", "--concurrency", "1", "-o", "json")
}

// stillActive reports whether the first session of k is still active in
// the fake.
func (k revokeKind) stillActive(h *harness) bool {
	if k.name == "consumer" {
		return h.fake.HasSession(k.sessions[0])
	}
	for _, raw := range h.fake.MemberSessions(apitest.DemoMemberID) {
		if strings.Contains(string(raw), k.sessions[0]) {
			return true
		}
	}
	return false
}

// expectFailedNotRevoked checks one revoke that must be "failed", exit 1:
// the row (whose error says each of errorWants), the journal, and the
// session still active.
func expectFailedNotRevoked(t *testing.T, h *harness, k revokeKind, r result, errorWants ...string) {
	t.Helper()
	r.expect(t, ExitFailure, ": 0 revoked, 1 failed.")
	rows := decodeResults(t, r.stdout)
	if len(rows) != 1 || rows[0].Result != "failed" || rows[0].Error == "" {
		t.Errorf("rows %+v, want one failed with its error", rows)
	}
	for _, w := range errorWants {
		if len(rows) == 1 && !strings.Contains(rows[0].Error, w) {
			t.Errorf("the row's error %q does not say %q", rows[0].Error, w)
		}
	}
	if j := readJournalFile(t, h); len(j) != 1 || j[0].Result != "failed" {
		t.Errorf("journal %+v, want one failed entry", j)
	}
	if !k.stillActive(h) {
		t.Error("the session is gone: the fault did not stand in front of the endpoint")
	}
}

// TestRevokeRedirectIsFailedAndNotFollowed: a revoke answered with a
// redirect (to plain http on the same host, another port) is "failed",
// exit 1, naming the status and the Location; the Location gets nothing.
func TestRevokeRedirectIsFailedAndNotFollowed(t *testing.T) {
	for _, k := range revokeKinds {
		for _, status := range []int{301, 302, 303, 307, 308} {
			t.Run(fmt.Sprintf("%s %d", k.name, status), func(t *testing.T) {
				h := newHarness(t)
				elsewhere, srv := apitest.Start(apitest.Options{Now: func() time.Time { return testNow }})
				t.Cleanup(srv.Close)
				h.fake.AddFault(apitest.Fault{Path: k.path, Status: status, Location: srv.URL + k.path})
				r := h.run(k.args(1)...)
				expectFailedNotRevoked(t, h, k, r, fmt.Sprint(status), srv.URL+k.path)
				if got := elsewhere.Requests(); len(got) != 0 {
					t.Errorf("the redirect was followed: %d requests reached %s, Authorization %q", len(got), srv.URL, got[0].Header.Get("Authorization"))
				}
				if n := len(revokeBodies(h)); n != 1 {
					t.Errorf("%d revokes sent, want 1", n)
				}
			})
		}
	}
}

// TestRevokeIsOnlyTheEndpointsSuccess: a 2xx counts only with Stytch's
// status_code 200 in its body.
func TestRevokeIsOnlyTheEndpointsSuccess(t *testing.T) {
	for _, k := range revokeKinds {
		for _, body := range []string{`{"request_id":"request-id-test-x"}`, `{"request_id":"request-id-test-x","status_code":401}`, `{}`} {
			t.Run(k.name+" "+body, func(t *testing.T) {
				h := newHarness(t)
				h.fake.AddFault(apitest.Fault{Path: k.path, Body: body})
				r := h.run(k.args(1)...)
				expectFailedNotRevoked(t, h, k, r, "status_code")
			})
		}
	}
}

// TestRevokeAuthFailureWhateverItsBody: any 401 or 403 (an empty body, a
// WAF's plain text, an HTML page) is exit 4 and stops the run: the rest are
// not sent.
func TestRevokeAuthFailureWhateverItsBody(t *testing.T) {
	for _, k := range revokeKinds {
		for _, fault := range []apitest.Fault{
			{Status: 401, EmptyBody: true},
			{Status: 403, EmptyBody: true},
			{Status: 403, ContentType: "text/plain", Body: "Request blocked by the web application firewall."},
			{Status: 401, ContentType: "text/html", Body: "<html><body>Authorization Required</body></html>"},
		} {
			t.Run(fmt.Sprintf("%s %d %q", k.name, fault.Status, fault.Body), func(t *testing.T) {
				h := newHarness(t)
				fault.Path = k.path
				h.fake.AddFault(fault)
				r := h.run(k.args(3)...)
				r.expect(t, ExitAuth, "3 "+map[string]string{"consumer": "sessions", "b2b": "member sessions"}[k.name]+": 0 revoked, 1 failed, 2 not sent.",
					fmt.Sprintf("stopped: the API refused the credentials (HTTP %d) before these were sent (still active): ", fault.Status)+k.sessions[1]+" "+k.sessions[2], "To fix: ")
				if n := len(revokeBodies(h)); n != 1 {
					t.Errorf("%d revokes sent after a %d, want 1", n, fault.Status)
				}
			})
		}
	}
}

// TestRevokeAuthFailureWhateverItsBodyOneCommand: a single command
// answered 401/403 with no Stytch body is exit 4 too, with the next step.
func TestRevokeAuthFailureWhateverItsBodyOneCommand(t *testing.T) {
	for _, fault := range []apitest.Fault{
		{Status: 401, EmptyBody: true},
		{Status: 403, ContentType: "text/plain", Body: "Request blocked."},
	} {
		h := newHarness(t)
		h.fake.AddFault(fault)
		r := h.run("sessions", "list", "-u", apitest.DemoUserID)
		r.expect(t, ExitAuth, fmt.Sprint(fault.Status))
		if r.stdout != "" {
			t.Errorf("stdout %q", r.stdout)
		}
	}
	// A 401 with no Stytch body still stops a run over many users: of
	// the five, no more are fetched than the fan-out's window (two with
	// --concurrency 1) holds before the 401 is seen.
	h := newHarness(t)
	h.fake.AddFault(apitest.Fault{Status: 401, EmptyBody: true})
	r := h.run("sessions", "list", "-u", apitest.DemoUserID, "-u", "emp-00417", "-u", "alice-42", "-u", "user-test-00000000-0000-4000-8000-000000000002",
		"-u", "user-test-00000000-0000-4000-8000-000000000003", "--concurrency", "1")
	r.expect(t, ExitAuth, "401")
	if n := len(h.fake.Requests()); n > 2 {
		t.Errorf("%d requests after a 401, want at most 2", n)
	}
}

// TestRevoke404IsNotFoundOnlyForSessionNotFound: a 404 that is not Stytch's
// session_not_found (a wrong base path, a proxy's page, another
// error_type) says nothing about the session: "failed", exit 1.
func TestRevoke404IsNotFoundOnlyForSessionNotFound(t *testing.T) {
	for _, k := range revokeKinds {
		for _, fault := range []apitest.Fault{
			{Status: 404, Body: `{"status_code":404,"request_id":"request-id-test-r","error_type":"route_not_found","error_message":"Route not found."}`},
			{Status: 404, ContentType: "text/plain", Body: "404 page not found"},
			{Status: 404, Body: `{"status_code":404,"request_id":"request-id-test-r","error_type":"user_not_found","error_message":"User could not be found."}`},
		} {
			t.Run(k.name+" "+fault.Body, func(t *testing.T) {
				h := newHarness(t)
				fault.Path = k.path
				h.fake.AddFault(fault)
				r := h.run(k.args(1)...)
				expectFailedNotRevoked(t, h, k, r)
			})
		}
	}
	// session_not_found still is "not found", exit 3.
	for _, args := range [][]string{
		{"sessions", "revoke", noSession, "--yes"},
		{"b2b", "sessions", "revoke", "--session", noSession, "--yes"},
	} {
		newHarness(t).run(args...).expect(t, ExitNotFound, "0 revoked, 1 not found.")
	}
}

// TestRevokeValidatesListedSessionIDs: sessions picked from a listing are
// checked like session IDs named on the command line; one that is not a
// session ID makes the listing unusable: exit 1, nothing sent, nothing
// journalled.
func TestRevokeValidatesListedSessionIDs(t *testing.T) {
	for _, id := range []string{"", "..", "session-test-../../v1/users", "not-a-session"} {
		consumer := `{"request_id":"request-id-test-l","sessions":[{"session_id":"` + aliceChrome + `","user_id":"` + apitest.DemoUserID + `"},` +
			`{"session_id":"` + id + `","user_id":"` + apitest.DemoUserID + `"}],"status_code":200}`
		b2b := `{"request_id":"request-id-test-l","member_sessions":[{"member_session_id":"` + id + `","member_id":"` + apitest.DemoMemberID + `"}],"status_code":200}`
		for _, tc := range []struct {
			name, path, body string
			args             []string
		}{
			{"consumer", "/v1/sessions", consumer, []string{"sessions", "revoke", "-u", "alice-42", "--all", "--yes"}},
			{"b2b", "/v1/b2b/sessions", b2b, []string{"b2b", "sessions", "revoke", "--organization", apitest.DemoOrganizationSlug, "--member", apitest.DemoMemberID, "--all", "--yes"}},
		} {
			t.Run(fmt.Sprintf("%s %q", tc.name, id), func(t *testing.T) {
				h := newHarness(t)
				h.fake.AddFault(apitest.Fault{Path: tc.path, Body: tc.body})
				r := h.run(tc.args...)
				r.expect(t, ExitFailure, "session ID")
				if b := revokeBodies(h); len(b) != 0 {
					t.Errorf("revokes sent: %q", b)
				}
				if _, err := os.Stat(filepath.Join(h.configDir, journalFileName)); err == nil {
					t.Error("the journal was written")
				}
			})
		}
	}
}

// TestRedirectIsAnErrorWithTheNextStep: any command answered with a
// redirect exits 1 naming the status and the Location (without the
// credentials in it), says what to check, and sends nothing there.
func TestRedirectIsAnErrorWithTheNextStep(t *testing.T) {
	h := newHarness(t)
	elsewhere, srv := apitest.Start(apitest.Options{Now: func() time.Time { return testNow }})
	t.Cleanup(srv.Close)
	to := strings.Replace(srv.URL, "http://", "http://admin:hunter2@", 1) + "/v1/sessions"
	h.fake.AddFault(apitest.Fault{Status: 302, Location: to})
	r := h.run("sessions", "list", "-u", apitest.DemoUserID)
	r.expect(t, ExitFailure, "HTTP 302", "http://…@"+strings.TrimPrefix(srv.URL, "http://")+"/v1/sessions", "To fix: check the API base URL")
	if strings.Contains(r.stderr, "hunter2") || r.stdout != "" {
		t.Errorf("stdout %q, stderr:\n%s", r.stdout, r.stderr)
	}
	if n := len(elsewhere.Requests()); n != 0 {
		t.Errorf("%d requests followed the redirect", n)
	}
	if n := len(h.fake.Requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}
