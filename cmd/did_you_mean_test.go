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
		{[]string{"help", "exit-code"}, `unknown help topic "stytchctl exit-code": did you mean exit-codes?`},
		{[]string{"help", "sessions", "lsit"}, `did you mean list?`},
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
