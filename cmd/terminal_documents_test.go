package cmd

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestDocumentsOnTerminalEscapeBidiAndC1 lists a session whose user agent
// carries a right-to-left override and a C1 CSI, as JSON and YAML. On a
// terminal neither reaches the screen raw (JSON and YAML escapes that mean
// the same characters); piped, JSON is Stytch's bytes, untouched.
func TestDocumentsOnTerminalEscapeBidiAndC1(t *testing.T) {
	const user = "user-test-cccccccc-0000-4000-8000-000000000009"
	const ua = "Mozilla/5.0 \u202e(evil)\u009b31m"
	session := `{"session_id":"session-test-cccccccc-0000-4000-8000-000000000001","user_id":"` + user + `",` +
		`"authentication_factors":[],"started_at":"2026-11-27T10:00:00Z","last_accessed_at":"2026-11-27T11:00:00Z",` +
		`"expires_at":"2026-12-27T10:00:00Z","attributes":{"ip_address":"192.0.2.7","user_agent":"` + ua + `"}}`
	h := newHarness(t)
	h.fake.AddUser(user, json.RawMessage(session))

	piped := h.run("sessions", "list", "-u", user, "-o", "json")
	if piped.code != 0 || !strings.Contains(piped.stdout, ua) {
		t.Fatalf("piped -o json: exit %d; the user agent's bytes should pass untouched:\n%s", piped.code, piped.stdout)
	}

	h.tty = true
	for _, format := range []string{"json", "yaml"} {
		r := h.run("sessions", "list", "-u", user, "-o", format)
		if r.code != 0 {
			t.Fatalf("-o %s: exit %d: %s", format, r.code, r.stderr)
		}
		if strings.ContainsAny(r.stdout, "\u202e\u009b") {
			t.Errorf("-o %s on a terminal has a raw override or C1 control:\n%q", format, r.stdout)
		}
		if !strings.Contains(r.stdout, `\u202e(evil)`) {
			t.Errorf("-o %s on a terminal should show the override as \\u202e:\n%s", format, r.stdout)
		}
	}
}
