package cmd

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

// FuzzPrintError prints Stytch errors with arbitrary error_type, message,
// request_id and error_url (all text from the API, or from whatever proxy
// answered) and checks that nothing but printable text and line ends
// reaches stderr, while the request_id stays readable.
//
//	go test -run='^$' -fuzz=FuzzPrintError -fuzztime=30s ./cmd
func FuzzPrintError(f *testing.F) {
	f.Add(404, "user_not_found", "User could not be found.", "request-id-test-1", "https://stytch.com/docs/api/errors/404")
	f.Add(401, "unauthorized_credentials", "\x1b[2J\x1b]0;pwned\x07Unauthorized", "req\x1b[8m", "")
	f.Add(429, "too_many_requests", "Slow down.\r\nSet-Cookie: x", "r", "https://x\u202e/moc.evil")
	f.Add(500, "", "", "", "")
	f.Add(403, "naïve\x00", "é\x1b[31m", "é\x9b", "\xff")
	f.Add(400, "bad_request", "Bad.\nstytchctl: ok", "r", "https://stytch.com/docs\nstytchctl: all good\r\n")
	f.Fuzz(func(t *testing.T, status int, errorType, message, requestID, errorURL string) {
		err := wrap(&api.Error{StatusCode: status, ErrorType: errorType, Message: message, RequestID: requestID, ErrorURL: errorURL},
			"listing sessions of user %s", "alice-42")
		var b bytes.Buffer
		printError(&b, err, "stytchctl sessions list")
		out := b.String()
		if !strings.HasPrefix(out, "stytchctl: listing sessions of user alice-42: ") || !strings.HasSuffix(out, "\n") {
			t.Fatalf("unexpected shape: %q", out)
		}
		if !utf8.ValidString(out) {
			t.Fatalf("stderr is not UTF-8: %q", out)
		}
		for _, r := range out {
			if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
				t.Fatalf("stderr has %U: %q", r, out)
			}
		}
		if n := strings.Count(out, "\n"); n > 2 {
			t.Fatalf("the error took %d lines: %q", n, out)
		}
		if requestID != "" && !strings.Contains(out, "(request_id ") {
			t.Errorf("request_id lost: %q", out)
		}
	})
}

// TestAPIErrorTextCannotDriveTheTerminal is FuzzPrintError's first finding
// end to end: an error body with escape sequences and a line break, from
// Stytch or a proxy in front of it, reaches stderr escaped, on one line.
func TestAPIErrorTextCannotDriveTheTerminal(t *testing.T) {
	h := newHarness(t)
	h.fake.AddFault(apitest.Fault{Status: 400, Body: `{"status_code":400,"request_id":"request-id-test-\u001b[8m","error_type":"bad_request","error_message":"\u001b]0;owned\u0007\u001b[2JBad\r\nstytchctl: all good"}`})
	r := h.run("sessions", "list", "-u", apitest.DemoUserID)
	r.expect(t, ExitFailure,
		`stytchctl: listing sessions of user `+apitest.DemoUserID+`: bad_request: \x1b]0;owned\x07\x1b[2JBad\r\nstytchctl: all good (request_id request-id-test-\x1b[8m)`)
	if strings.ContainsAny(r.stderr, "\x1b\x07\r") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("stderr = %q", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q", r.stdout)
	}
}

// TestAPIErrorURLCannotForgeLines: the error_url of a Stytch error (text
// from the API, or a proxy) becomes the "See …" hint; a line break in it,
// or in error_message, is shown escaped and never starts a line of its own.
func TestAPIErrorURLCannotForgeLines(t *testing.T) {
	h := newHarness(t)
	h.fake.AddFault(apitest.Fault{Status: 400, Body: `{"status_code":400,"request_id":"request-id-test-1","error_type":"bad_request",` +
		`"error_message":"Bad.\nstytchctl: forged message","error_url":"https://stytch.com/docs\nstytchctl: forged hint\r\n\u2028x"}`})
	r := h.run("sessions", "list", "-u", apitest.DemoUserID)
	r.expect(t, ExitFailure,
		`bad_request: Bad.\nstytchctl: forged message (request_id request-id-test-1)`,
		"\nSee https://stytch.com/docs\\nstytchctl: forged hint\\r\\n\u2028x\n")
	if lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n"); len(lines) != 2 {
		t.Errorf("stderr has %d lines, want the error and its hint:\n%s", len(lines), r.stderr)
	}
}
