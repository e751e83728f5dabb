package cmd

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// twinUser has two sessions whose UUIDs share their first 9 characters
// and a third apart: short IDs 4e9b2d7a-1, 4e9b2d7a-2 and 0b1c2d3e.
const twinUser = "user-test-d0000000-0000-4000-8000-00000000000d"

var twins = []string{
	"session-test-4e9b2d7a-1111-4a38-b5e0-8d3f7a2c9e14",
	"session-test-4e9b2d7a-2222-4a38-b5e0-8d3f7a2c9e14",
	"session-test-0b1c2d3e-3333-4a38-b5e0-8d3f7a2c9e14",
}

func twinHarness(t *testing.T) *harness {
	h := newHarness(t)
	h.fake.AddUser(twinUser,
		rawSession(twins[0], twinUser, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", "203.0.113.42"),
		rawSession(twins[1], twinUser, "curl/8.4.0", "2001:db8:4f2a:91c0::1b7"),
		rawSession(twins[2], twinUser, "curl/8.4.0", "198.51.100.17"))
	return h
}

// requestsSent counts the fake's requests whose path ends with suffix.
func requestsSent(h *harness, suffix string) int {
	n := 0
	for _, r := range h.fake.Requests() {
		if strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// TestShortIDRoundTrip: the short ID a terminal table shows, given back
// with its user, names that session to revoke --dry-run (and to --except);
// nothing is revoked.
func TestShortIDRoundTrip(t *testing.T) {
	for _, width := range []int{80, 120} {
		h := newHarness(t)
		h.tty, h.width = true, width
		r := h.run("sessions", "list", "-u", "alice-42")
		r.expect(t, ExitOK)
		var short string
		for _, line := range strings.Split(ansi.Strip(r.stdout), "\n") {
			if strings.Contains(line, "203.0.113.42") {
				short = strings.Fields(line)[0]
			}
		}
		if short != "4e9b2d7a" {
			t.Fatalf("at %d columns the Chrome session shows as %q, want 4e9b2d7a:\n%s", width, short, r.stdout)
		}
		h.tty = false
		r = h.run("sessions", "revoke", short, "-u", "alice-42", "--dry-run")
		r.expect(t, ExitOK)
		if r.stdout != aliceChrome+"\tuser-test-00000000-0000-4000-8000-000000000001\tChrome 126 · macOS\t203.0.113.42\t2026-06-04T08:00:00Z\n" &&
			!strings.HasPrefix(r.stdout, aliceChrome+"\t") {
			t.Errorf("dry run of %s names:\n%q", short, r.stdout)
		}
		if strings.Count(r.stdout, "\n") != 1 {
			t.Errorf("dry run names %d sessions, want 1:\n%s", strings.Count(r.stdout, "\n"), r.stdout)
		}
		r = h.run("sessions", "revoke", "-u", "alice-42", "--all", "--except", short+",a7c3e1f9", "--dry-run")
		r.expect(t, ExitOK)
		if !strings.HasPrefix(r.stdout, aliceFirefox+"\t") || strings.Count(r.stdout, "\n") != 1 {
			t.Errorf("--except %s,a7c3e1f9 --dry-run:\n%s", short, r.stdout)
		}
		if n := len(revokeBodies(h)); n != 0 {
			t.Errorf("%d revokes sent by dry runs", n)
		}
	}
}

// TestShortIDsOnATerminalOnly: a table on a terminal shows short IDs
// unique among its rows; piped output and JSON keep whole IDs.
func TestShortIDsOnATerminalOnly(t *testing.T) {
	h := twinHarness(t)
	h.tty, h.width = true, 80
	r := h.run("sessions", "list", "-u", twinUser)
	r.expect(t, ExitOK)
	for _, want := range []string{"\n4e9b2d7a-1  ", "\n4e9b2d7a-2  ", "\n0b1c2d3e    "} {
		if !strings.Contains(ansi.Strip(r.stdout), want) {
			t.Errorf("terminal table lacks %q:\n%s", want, r.stdout)
		}
	}
	h.tty = false
	for _, args := range [][]string{{}, {"-o", "json"}, {"-o", "csv"}, {"-o", "ndjson"}, {"-o", "wide"}} {
		r = h.run(append([]string{"sessions", "list", "-u", twinUser}, args...)...)
		r.expect(t, ExitOK)
		for _, id := range twins {
			if !strings.Contains(r.stdout, id) {
				t.Errorf("piped %v lacks the whole ID %s:\n%s", args, id, r.stdout)
			}
		}
	}
}

// TestShortIDErrors: an ambiguous or unknown short ID is exit 2 listing
// the candidates by whole ID, after one listing and no revoke.
func TestShortIDErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		wants []string
		not   []string
	}{
		{"ambiguous", []string{"4e9b2d7a"}, []string{"session 4e9b2d7a is ambiguous: it starts 2 sessions of user " + twinUser, "Give more of the ID:", twins[0], twins[1], "Chrome 126"}, []string{twins[2]}},
		{"ambiguous among several", []string{"0b1c2d3e", "4e9b"}, []string{"session 4e9b is ambiguous"}, []string{twins[2]}},
		{"unknown", []string{"ffff0000"}, []string{"session ffff0000 is not an active session of user " + twinUser, "Active sessions of user " + twinUser + ":", twins[0], twins[1], twins[2]}, nil},
		{"whole ID of another user", []string{aliceChrome}, []string{"session " + aliceChrome + " is not an active session"}, nil},
		{"ambiguous --except", []string{"--all", "--except", "4e9b2d7a"}, []string{"--except 4e9b2d7a is ambiguous"}, nil},
		{"unknown --except", []string{"--all", "--except", "ffff0000"}, []string{"--except ffff0000 is not an active session"}, nil},
	} {
		for _, dry := range []string{"--dry-run", "--yes"} {
			t.Run(tc.name+dry, func(t *testing.T) {
				h := twinHarness(t)
				r := h.run(append(append([]string{"sessions", "revoke", "-u", twinUser}, tc.args...), dry)...)
				r.expect(t, ExitUsage, tc.wants...)
				for _, s := range tc.not {
					if strings.Contains(r.stderr, s) {
						t.Errorf("stderr names %s, not a candidate:\n%s", s, r.stderr)
					}
				}
				if r.stdout != "" {
					t.Errorf("stdout: %s", r.stdout)
				}
				if n := requestsSent(h, "/revoke"); n != 0 {
					t.Errorf("%d revokes sent", n)
				}
				if n := len(h.fake.Requests()); n != 1 {
					t.Errorf("%d requests, want the one listing", n)
				}
			})
		}
	}
}

// TestWholeIDsSendNoListing: whole session IDs without a user are revoked
// as before, with no listing first.
func TestWholeIDsSendNoListing(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "revoke", aliceChrome, "--dry-run")
	r.expect(t, ExitOK)
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("%d requests for a dry run of a whole ID, want none", n)
	}
	if !regexp.MustCompile(`^` + aliceChrome + `\b`).MatchString(r.stdout) {
		t.Errorf("dry run: %q", r.stdout)
	}
}

// TestB2BShortSession: --session takes the short ID of one of the
// member's sessions with --organization and --member; an unknown one is
// exit 2 listing the member's sessions, after one listing and no revoke.
func TestB2BShortSession(t *testing.T) {
	base := []string{"b2b", "sessions", "revoke", "--organization", "northwind-traders", "--member", apitest.DemoMemberID}
	h := newHarness(t)
	r := h.run(append(base, "--session", "9c4e2a7b", "--dry-run")...)
	r.expect(t, ExitOK)
	if !strings.HasPrefix(r.stdout, apitest.DemoMemberSessionSAML+"\t") || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("dry run of 9c4e2a7b:\n%s", r.stdout)
	}
	for _, ref := range []string{"ffff0000", noSession} {
		h = newHarness(t)
		r = h.run(append(base, "--session", ref, "--yes")...)
		r.expect(t, ExitUsage, "--session "+ref+" is not an active session of member "+apitest.DemoMemberID,
			apitest.DemoMemberSessionSAML, apitest.DemoMemberSessionMagicLink)
		if n := requestsSent(h, "/revoke"); n != 0 || len(h.fake.Requests()) != 1 {
			t.Errorf("%s: %d revokes, %d requests", ref, n, len(h.fake.Requests()))
		}
	}
}

// TestB2BShortSessionByEmail: --email names the member as --member does,
// and a short --session is resolved among that member's sessions.
func TestB2BShortSessionByEmail(t *testing.T) {
	h := newHarness(t)
	r := h.run("b2b", "sessions", "revoke", "--organization", "northwind-traders", "--email", apitest.DemoMemberEmail, "--session", "1e7b3c9a", "--dry-run")
	r.expect(t, ExitOK)
	if !strings.HasPrefix(r.stdout, apitest.DemoMemberSessionMagicLink+"\t") || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("dry run of 1e7b3c9a by --email:\n%s", r.stdout)
	}
	for _, args := range [][]string{
		{"--organization", "northwind-traders", "--email", apitest.DemoMemberEmail, "--member", apitest.DemoMemberID},
		{"--email", apitest.DemoMemberEmail, "--session", "1e7b3c9a"},
		{"--organization", "northwind-traders", "--email", "not-an-address", "--session", "1e7b3c9a"},
	} {
		h = newHarness(t)
		r = h.run(append([]string{"b2b", "sessions", "revoke", "--dry-run"}, args...)...)
		r.expect(t, ExitUsage)
		if len(h.fake.Requests()) != 0 {
			t.Errorf("%v: %d requests sent", args, len(h.fake.Requests()))
		}
	}
}

// TestShortIDCandidatesCannotForgeLines: the candidates a short-ID error
// lists carry device labels from the API; a line break in a hostile user
// agent is shown as \n, not obeyed, so the error cannot grow lines of its
// own (a fake "Nothing was revoked." or a fake candidate).
func TestShortIDCandidatesCannotForgeLines(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "show", "4e9b2d7a", "-u", apitest.HostileUserID)
	r.expect(t, ExitUsage, `X-Injected: yes\n`)
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 3 {
		t.Errorf("stderr has %d lines, want the error, the title and one candidate:\n%s", len(lines), r.stderr)
	}
	for _, l := range lines {
		if strings.ContainsAny(l, "\x1b\r") {
			t.Errorf("a raw control character reached stderr: %q", l)
		}
	}
}
