package cmd

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// Answers of echoingServer.
const (
	echoJSONError = "JSON error"
	echoHTMLPage  = "HTML page"
	echoSuccess   = "success"
)

// echoingServer wraps the fake in a hostile server or proxy that answers
// every authenticated request by echoing the credentials it received, in
// the encoding named echo (apitest.CredentialEchoes), in a header and in
// answer: a 400 Stytch JSON error whose every field carries them, a 502
// HTML page, or a 200 whose request_id carries them.
func echoingServer(echo, answer string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			user, pass, ok := basicAuth(r.Header.Get("Authorization"))
			if !ok {
				next.ServeHTTP(w, r)
				return
			}
			e := apitest.CredentialEchoes(user, pass)[echo]
			w.Header().Set("X-Echo", e)
			switch answer {
			case echoHTMLPage:
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusBadGateway)
				fmt.Fprintf(w, "<p>denied: Basic %s</p>", e)
				return
			case echoSuccess:
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"request_id":"req-%s","status_code":200}`, e)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"status_code":400,"request_id":"req-%s","error_type":"bad_%s","error_message":"got %s","error_url":"https://stytch.com/docs/%s"}`,
				e, e, e, e)
		})
	}
}

// TestEchoedCredentialsNeverPrinted: whatever encoding a hostile server
// echoes the credentials in, neither stdout nor stderr (--debug traces
// included) nor the revoke journal shows them (the harness checks every
// stream and, at cleanup, every file), while the error still shows where
// they were and keeps its request_id.
func TestEchoedCredentialsNeverPrinted(t *testing.T) {
	for echo := range apitest.CredentialEchoes(apitest.ProjectID, apitest.Secret) {
		for _, answer := range []string{echoJSONError, echoHTMLPage} {
			for _, args := range [][]string{
				{"sessions", "list", "-u", apitest.DemoUserID},
				{"sessions", "list", "-u", apitest.DemoUserID, "-o", "json", "--debug"},
				{"sessions", "revoke", aliceChrome, "--yes"},
				{"sessions", "revoke", aliceChrome, "--yes", "-o", "json", "--debug"},
			} {
				t.Run(fmt.Sprintf("%s/%s/%s", echo, answer, strings.Join(args, " ")), func(t *testing.T) {
					h := newWrappedHarness(t, echoingServer(echo, answer))
					r := h.run(args...)
					if args[1] == "revoke" {
						r.expect(t, ExitFailure, "1 session: 0 revoked, 1 failed.")
						checkEchoRevokeFailed(t, h, r, slices.Contains(args, "json"))
						return
					}
					want := "req-"
					if answer == echoHTMLPage {
						want = "unreadable response (HTTP 502"
					}
					r.expect(t, ExitFailure, want, "****")
				})
			}
		}
	}
}

// checkEchoRevokeFailed checks that the one revoke of a run answered by
// echoingServer is journalled and printed (as a table row or, with
// jsonOut, a JSON result) as failed, with the error masked where the
// credentials were.
func checkEchoRevokeFailed(t *testing.T, h *harness, r result, jsonOut bool) {
	t.Helper()
	j := readJournalFile(t, h)
	if len(j) != 1 || j[0].Result != resultFailed || !strings.Contains(j[0].Error, "****") {
		t.Errorf("journal = %+v, want one failed revoke whose error shows ****", j)
	}
	if !jsonOut {
		if !strings.Contains(r.stdout, "****") {
			t.Errorf("the result does not show where the credentials were:\n%s", r.stdout)
		}
		return
	}
	rows := decodeResults(t, r.stdout)
	if len(rows) != 1 || rows[0].Result != resultFailed || !strings.Contains(rows[0].Error, "****") {
		t.Errorf("results = %+v, want one failed revoke whose error shows ****", rows)
	}
}

// TestEchoedCredentialsNeverJournalled: a revoke answered 200 with the
// credentials echoed in its request_id, in any encoding, is journalled and
// printed with the request_id masked.
func TestEchoedCredentialsNeverJournalled(t *testing.T) {
	for echo := range apitest.CredentialEchoes(apitest.ProjectID, apitest.Secret) {
		t.Run(echo, func(t *testing.T) {
			h := newWrappedHarness(t, echoingServer(echo, echoSuccess))
			r := h.run("sessions", "revoke", aliceChrome, "--yes", "-o", "json")
			r.expect(t, ExitOK, "1 session: 1 revoked.")
			j := readJournalFile(t, h)
			rows := decodeResults(t, r.stdout)
			if len(j) != 1 || j[0].Result != resultRevoked || !strings.Contains(j[0].RequestID, "****") {
				t.Errorf("journal = %+v, want one revoke whose request_id shows ****", j)
			}
			if len(rows) != 1 || rows[0].Result != resultRevoked || !strings.Contains(rows[0].RequestID, "****") {
				t.Errorf("results = %+v, want one revoke whose request_id shows ****", rows)
			}
		})
	}
}
