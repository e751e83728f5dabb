package cmd

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestSessionsShowFitsTerminal: every line of sessions show, hostile user
// agents and claims included, fits 80 and 120 columns, the whole session
// ID is on the first line, and no ID in the session is cut.
func TestSessionsShowFitsTerminal(t *testing.T) {
	for _, tc := range []struct{ short, user, id string }{
		{"4e9b2d7a", "alice-42", aliceChrome},
		{"0e4a7c2f", apitest.FactorZooUserID, "session-test-0e4a7c2f-9b1d-4e63-a8f5-2d7c9e1b4a06"},
		{"2f6c9a3e", apitest.FactorZooUserID, "session-test-2f6c9a3e-8d1b-4e74-a5c0-7b3e1d9f6a28"},
		{"d9e2b7a4", apitest.HostileUserID, "session-test-d9e2b7a4-8c1f-4d63-b5a0-6e3f9c2d8b17"},
		{"f05d3a8e", apitest.LosslessUserID, "session-test-f05d3a8e-2c7b-4e19-9a6d-4b8e1c3f7a95"},
	} {
		h := newHarness(t)
		asSent := h.run("sessions", "show", tc.short, "-u", tc.user, "-o", "json").stdout
		ids := regexp.MustCompile(`[a-z0-9-]+-test-[0-9a-f]{8}-[0-9a-f-]{27}`).FindAllString(asSent, -1)
		if len(ids) < 2 {
			t.Fatalf("%s: IDs in the session: %v", tc.short, ids)
		}
		for _, width := range []int{80, 120} {
			h := newHarness(t)
			h.tty, h.width = true, width
			r := h.run("sessions", "show", tc.short, "-u", tc.user)
			r.expect(t, ExitOK)
			lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
			for _, line := range lines {
				if n := ansi.StringWidth(line); n > width {
					t.Errorf("%s at %d: line %d wide: %q", tc.short, width, n, line)
				}
				if strings.ContainsRune(line, '\x1b') {
					t.Errorf("%s: raw escape reached the terminal: %q", tc.short, line)
				}
			}
			for _, id := range ids {
				if !strings.Contains(r.stdout, id) {
					t.Errorf("%s at %d: %s is cut:\n%s", tc.short, width, id, r.stdout)
				}
			}
			if !strings.Contains(lines[0], tc.id+" ("+tc.short+")") {
				t.Errorf("%s at %d: first line %q", tc.short, width, lines[0])
			}
		}
	}
}

// TestSessionsShowJSONIsTheSessionAsSent: -o json and yaml are the
// session's own bytes from the listing, byte for byte when piped.
func TestSessionsShowJSONIsTheSessionAsSent(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "-u", apitest.LosslessUserID, "-o", "json")
	r.expect(t, ExitOK)
	var listing struct{ Sessions []json.RawMessage }
	if err := json.Unmarshal([]byte(r.stdout), &listing); err != nil || len(listing.Sessions) == 0 {
		t.Fatalf("listing: %v\n%s", err, r.stdout)
	}
	r = h.run("sessions", "show", "f05d3a8e", "-u", apitest.LosslessUserID, "-o", "json")
	r.expect(t, ExitOK)
	var want json.RawMessage
	for _, s := range listing.Sessions {
		if bytes.Contains(s, []byte("session-test-f05d3a8e-")) {
			want = s
		}
	}
	if strings.TrimSuffix(r.stdout, "\n") != string(want) {
		t.Errorf("-o json:\n%s\nwant the listed session:\n%s", r.stdout, want)
	}
	r = h.run("sessions", "show", "f05d3a8e", "-u", apitest.LosslessUserID, "-o", "yaml")
	r.expect(t, ExitOK, "")
	for _, s := range []string{`nickname: ""`, "feature_flags: []", "manager_id: null", "beta_opt_in: false"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("-o yaml lacks %q:\n%s", s, r.stdout)
		}
	}
}

// TestSessionsShowErrors: bad input is exit 2 with nothing sent; an
// unknown whole ID is exit 3 and an unknown or ambiguous short ID exit 2,
// both after the one listing, naming the user's sessions.
func TestSessionsShowErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		requests int
		wants    []string
	}{
		{"no user", []string{"4e9b2d7a"}, ExitUsage, 0, []string{"--user or --email is required"}},
		{"no session", []string{"-u", "alice-42"}, ExitUsage, 0, []string{"exactly one session ID"}},
		{"two sessions", []string{"4e9b2d7a", "a7c3e1f9", "-u", "alice-42"}, ExitUsage, 0, []string{"exactly one session ID"}},
		{"both user and email", []string{"4e9b2d7a", "-u", "alice-42", "--email", "a@example.com"}, ExitUsage, 0, []string{"not both"}},
		{"malformed", []string{"sess-1", "-u", "alice-42"}, ExitUsage, 0, []string{"invalid session ID"}},
		{"bad output", []string{"4e9b2d7a", "-u", "alice-42", "-o", "csv"}, ExitUsage, 0, []string{"-o csv: stytchctl sessions show prints one document: use -o table, json or yaml"}},
		{"unknown whole ID", []string{noSession, "-u", "alice-42"}, ExitNotFound, 1, []string{"session " + noSession + " is not an active session of user alice-42", aliceChrome, aliceSafari}},
		{"unknown short ID", []string{"ffff0000", "-u", "alice-42"}, ExitUsage, 1, []string{"session ffff0000 is not an active session", aliceFirefox}},
		{"ambiguous short ID", []string{"4e9b2d7a", "-u", twinUser}, ExitUsage, 1, []string{"session 4e9b2d7a is ambiguous", twins[0], twins[1]}},
		{"unknown user", []string{"4e9b2d7a", "-u", "nobody-here"}, ExitNotFound, 1, []string{"listing sessions of user nobody-here"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := twinHarness(t)
			r := h.run(append([]string{"sessions", "show"}, tc.args...)...)
			r.expect(t, tc.code, tc.wants...)
			if r.stdout != "" {
				t.Errorf("stdout: %s", r.stdout)
			}
			if n := len(h.fake.Requests()); n != tc.requests {
				t.Errorf("%d requests, want %d", n, tc.requests)
			}
		})
	}
}

// TestSessionsShowByEmail: --email finds the user first.
func TestSessionsShowByEmail(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "show", "a7c3e1f9", "--email", "alice.nakamura@example.com")
	r.expect(t, ExitOK, "")
	if !strings.HasPrefix(r.stdout, "session_id\t"+aliceSafari+"\n") || !strings.Contains(r.stdout, "\nip_address\t2001:db8:4f2a:91c0::1b7\n") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
}
