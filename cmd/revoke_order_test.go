package cmd

import (
	"strings"
	"testing"
)

// TestRevokeChecksWhatBeforeHow: without a terminal and without --yes, a
// revoke reports a missing or contradictory selection and bad IDs first;
// "pass --yes" only when what is asked is sound. Nothing is sent either way.
func TestRevokeChecksWhatBeforeHow(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"sessions", "revoke", "-u", "alice-42"}, "refusing to revoke every session of the user without --all"},
		{[]string{"sessions", "revoke"}, "nothing to revoke: give SESSION_ID..."},
		{[]string{"sessions", "rm", "bad!id"}, `session ID "bad!id" is malformed`},
		{[]string{"sessions", "revoke", "-u", "alice-42", "--all", "--factor", "totp"}, "--all revokes every session; leave it out"},
		{[]string{"sessions", "revoke", "-u", "alice-42", "--email", "a@example.com", "--all"}, "give --user or --email, not both"},
		{[]string{"b2b", "sessions", "revoke"}, "nothing to revoke: give SESSION_ID..., or --org ORG and --member ID"},
		{[]string{"b2b", "sessions", "revoke", "--member", "member-test-x", "--all"}, "--member needs --org"},
		{[]string{"b2b", "sessions", "revoke", "--session", "bad!id"}, `"bad!id" is malformed`},
		// What is asked is sound: now, and only now, how to confirm.
		{[]string{"sessions", "revoke", "-u", "alice-42", "--all"}, "pass --yes"},
		{[]string{"b2b", "sessions", "revoke", "--organization", "organization-test-x", "--member", "member-test-x", "--all"}, "pass --yes"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			h := newHarness(t) // stdin is not a terminal
			r := h.run(c.args...)
			r.expect(t, ExitUsage, c.want)
			if c.want != "pass --yes" && strings.Contains(r.stderr, "--yes") {
				t.Errorf("mentions --yes before the selection is sound:\n%s", r.stderr)
			}
			if n := len(h.fake.Requests()); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
}

// TestExitCodesDocumentDeclinedRevoke: help exit-codes says what a
// declined confirmation exits with (TestRevokeTerminalConfirmation checks
// that it does).
func TestExitCodesDocumentDeclinedRevoke(t *testing.T) {
	r := newHarness(t).run("help", "exit-codes")
	r.expect(t, ExitOK)
	for _, want := range []string{"A revoke declined at its prompt (any answer but y or yes) exits 1", "not confirmed: nothing was revoked"} {
		if !strings.Contains(strings.Join(strings.Fields(r.stdout), " "), want) {
			t.Errorf("help exit-codes lacks %q:\n%s", want, r.stdout)
		}
	}
}
