package cmd

import (
	"strings"
	"testing"
)

// TestMistakesGetSuggestions: a misspelt command, help topic or enum value
// is a usage error (exit 2) that says what was probably meant, and nothing
// is sent.
func TestMistakesGetSuggestions(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"sesions", "list"}, `unknown command "sesions" for "stytchctl": did you mean sessions?`},
		{[]string{"sessions", "lsit"}, `unknown command "lsit" for "stytchctl sessions": did you mean list?`},
		{[]string{"sesions", "list", "-u", "x"}, `unknown command "sesions" for "stytchctl": did you mean sessions?`},
		{[]string{"sessions", "list", "-u", "alice-42", "-o", "jsno"}, `unknown output format "jsno": did you mean json?`},
		{[]string{"sessions", "list", "-u", "alice-42", "--sort-by", "lastactive"}, `invalid --sort-by "lastactive": did you mean last-active?`},
		{[]string{"sessions", "audit", "-u", "alice-42", "--fail-on", "critcal"}, `did you mean critical?`},
		{[]string{"sessions", "audit", "-u", "alice-42", "--sort-by", "sevrity"}, `invalid --sort-by "sevrity": did you mean severity?`},
		{[]string{"sessions", "audit", "-u", "alice-42", "--sort-by", "-lastactive"}, `did you mean last-active?`},
		{[]string{"users", "search", "--status", "activ"}, `invalid --status "activ": did you mean active? want active or pending`},
		{[]string{"b2b", "members", "search", "--organization", "organization-test-x", "--status", "invted"}, `did you mean invited?`},
		{[]string{"sessions", "list", "--profide", "demo", "-u", "alice-42"}, "unknown flag: --profide: did you mean --profile?"},
		{[]string{"help", "exit-code"}, `unknown help topic "exit-code": did you mean exit-codes?`},
		{[]string{"help", "sessions", "lsit"}, `unknown help topic "sessions lsit": did you mean list?`},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			h := newHarness(t)
			r := h.run(c.args...)
			if r.code != ExitUsage {
				t.Errorf("exit %d, want %d; stderr:\n%s", r.code, ExitUsage, r.stderr)
			}
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("stderr = %q, want it to contain %q", r.stderr, c.want)
			}
			if strings.Contains(r.stderr, "shorthand") {
				t.Errorf("stderr is about a flag, not the command: %q", r.stderr)
			}
			if n := len(h.fake.Requests()); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
}

// TestNothingCloseNoSuggestion: a word far from every command gets the
// plain error.
func TestNothingCloseNoSuggestion(t *testing.T) {
	r := newHarness(t).run("zzzzzz")
	if r.code != ExitUsage || strings.Contains(r.stderr, "did you mean") || !strings.Contains(r.stderr, `unknown command "zzzzzz"`) {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestArgumentInTheWrongPlace: a user given as an argument, or an email
// given as --user, is a usage error naming the flag to use; nothing sent.
func TestArgumentInTheWrongPlace(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"sessions", "list", "alice-42"}, "sessions list takes users as flags: did you mean --user alice-42?"},
		{[]string{"sessions", "list", "alice@example.com"}, "sessions list takes users as flags: did you mean --email alice@example.com?"},
		{[]string{"sessions", "audit", "alice-42"}, "sessions audit takes users as flags: did you mean --user alice-42?"},
		{[]string{"sessions", "list", "--user", "alice@example.com"}, `--user "alice@example.com" is an email address, not a user ID: use --email alice@example.com`},
		{[]string{"sessions", "list", "-u", "alice@example.com"}, "use --email alice@example.com"},
		{[]string{"sessions", "revoke", "-u", "alice@example.com", "--all", "--yes"}, "use --email alice@example.com"},
		{[]string{"users", "search", "--user-id", "alice@example.com"}, "use --email alice@example.com"},
		// sessions audit has no --email: it must not point to one.
		{[]string{"sessions", "audit", "-u", "alice@example.com"}, `invalid --user: "alice@example.com" looks like an email address`},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			h := newHarness(t)
			r := h.run(c.args...)
			if r.code != ExitUsage || !strings.Contains(r.stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, ExitUsage, c.want)
			}
			if n := len(h.fake.Requests()); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
}

// TestAliasesFromHabit: ls, user, users list and rm run the commands they
// stand for, and help shows them.
func TestAliasesFromHabit(t *testing.T) {
	for _, c := range []struct{ alias, real []string }{
		{[]string{"sessions", "ls", "-u", "alice-42"}, []string{"sessions", "list", "-u", "alice-42"}},
		{[]string{"user", "search"}, []string{"users", "search"}},
		{[]string{"users", "list"}, []string{"users", "search"}},
		{[]string{"sessions", "rm", "-u", "alice-42", "--all", "--dry-run"}, []string{"sessions", "revoke", "-u", "alice-42", "--all", "--dry-run"}},
	} {
		t.Run(strings.Join(c.alias, " "), func(t *testing.T) {
			h := newHarness(t)
			got := h.run(c.alias...)
			want := h.run(c.real...)
			if got.code != 0 || got.code != want.code || got.stdout != want.stdout {
				t.Errorf("%v: exit %d, stderr %q; differs from %v (exit %d)", c.alias, got.code, got.stderr, c.real, want.code)
			}
		})
	}
	for _, c := range []struct {
		help []string
		want string
	}{
		{[]string{"sessions", "list", "--help"}, "Aliases:\n  list, ls"},
		{[]string{"sessions", "revoke", "--help"}, "Aliases:\n  revoke, rm"},
		{[]string{"users", "--help"}, "Aliases:\n  users, user"},
		{[]string{"users", "search", "--help"}, "Aliases:\n  search, list, ls"},
	} {
		if r := newHarness(t).run(c.help...); !strings.Contains(r.stdout, c.want) {
			t.Errorf("%v lacks %q:\n%s", c.help, c.want, r.stdout)
		}
	}
}

// TestUnknownFactorWarns: a --factor name Stytch does not document is a
// warning listing the known names, and still filters.
func TestUnknownFactorWarns(t *testing.T) {
	r := newHarness(t).run("sessions", "list", "-u", "alice-42", "--factor", "smss", "-o", "json")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	for _, want := range []string{`warning: --factor "smss" is not a factor Stytch documents (it still filters): did you mean sms?`, "factor types: ", "totp", "OAuth providers: ", "google"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	for _, line := range strings.Split(r.stderr, "\n")[1:] {
		if len(line) > 80 {
			t.Errorf("line longer than 80 columns: %q", line)
		}
	}
	if strings.Contains(r.stdout, "session-test-") {
		t.Errorf("--factor smss kept sessions:\n%s", r.stdout)
	}
	if r := newHarness(t).run("sessions", "list", "-u", "alice-42", "--factor", "TOTP,google", "-o", "json"); strings.Contains(r.stderr, "warning") {
		t.Errorf("known factors warned: %q", r.stderr)
	}
}
