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

// TestTemplateOnTerminalEscapesClaimKeys lists a session whose
// custom_claims keys carry an OSC 52 clipboard write and a right-to-left
// override, through --template on a terminal: the keys show escaped, as
// values do, whichever way the template reaches them.
func TestTemplateOnTerminalEscapesClaimKeys(t *testing.T) {
	const user = "user-test-cccccccc-0000-4000-8000-00000000000a"
	h := newHarness(t)
	h.fake.AddUser(user, rawSession("session-test-cccccccc-0000-4000-8000-000000000002", user, "ua", "192.0.2.7", func(m map[string]any) {
		m["custom_claims"] = map[string]any{"\x1b]52;c;ZXZpbA==\a": "clip", "k\u202eyek": "bidi"}
	}))
	h.tty = true
	for _, tmpl := range []string{
		`{{range .sessions}}{{range $k, $v := .custom_claims}}{{$k}}={{$v}} {{end}}{{end}}`,
		`{{range .sessions}}{{.custom_claims}}{{end}}`,
		`{{range .sessions}}{{printf "%v" .custom_claims}}{{end}}`,
	} {
		r := h.run("sessions", "list", "-u", user, "--template", tmpl)
		r.expect(t, 0)
		if strings.ContainsAny(r.stdout, "\x1b\a\u202e") {
			t.Errorf("--template %s on a terminal printed a raw escape or override:\n%q", tmpl, r.stdout)
		}
		if !strings.Contains(r.stdout, `\x1b]52;c;ZXZpbA==\x07`) || !strings.Contains(r.stdout, `k\u202eyek`) {
			t.Errorf("--template %s on a terminal should show the keys escaped:\n%s", tmpl, r.stdout)
		}
	}
}
