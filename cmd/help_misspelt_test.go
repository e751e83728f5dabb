package cmd

import (
	"strings"
	"testing"
)

// TestMisspeltCommandWithHelp: a mistyped command stays a mistake when
// --help (or -h, or help) comes with it: exit 2, "unknown command" and
// what was probably meant on stderr, nothing on stdout, exactly as
// without --help. A command that exists still shows its help.
func TestMisspeltCommandWithHelp(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sesions", "--help"}, `unknown command "sesions" for "stytchctl": did you mean sessions?`},
		{[]string{"sesions", "-h"}, `unknown command "sesions" for "stytchctl": did you mean sessions?`},
		{[]string{"--help", "sesions"}, `unknown command "sesions" for "stytchctl": did you mean sessions?`},
		{[]string{"sesions"}, `unknown command "sesions" for "stytchctl": did you mean sessions?`},
		{[]string{"sesions", "list", "--help"}, `unknown command "sesions" for "stytchctl": did you mean sessions?`},
		{[]string{"--profile", "demo", "sesions", "--help"}, `unknown command "sesions" for "stytchctl": did you mean sessions?`},
		{[]string{"sessions", "lsit", "--help"}, `unknown command "lsit" for "stytchctl sessions": did you mean list?`},
		{[]string{"sessions", "lsit", "-h"}, `unknown command "lsit" for "stytchctl sessions": did you mean list?`},
		{[]string{"users", "gte", "--help"}, `unknown command "gte" for "stytchctl users": did you mean get?`},
		{[]string{"b2b", "sesions", "--help"}, `unknown command "sesions" for "stytchctl b2b": did you mean sessions?`},
		{[]string{"help", "sesions"}, `unknown help topic "sesions": did you mean sessions?`},
		{[]string{"help", "sessions", "lsit"}, `unknown help topic "sessions lsit": did you mean list?`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			h := newHarness(t)
			r := h.run(tc.args...)
			r.expect(t, ExitUsage, tc.want)
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			if n := len(h.fake.Requests()); n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
	for _, args := range [][]string{
		{"sessions", "--help"}, {"sessions", "list", "--help"}, {"--help"}, {"help", "sessions"},
		{"sessions", "ls", "--help"}, {"-h"}, {"sessions", "-h"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := newHarness(t).run(args...)
			r.expect(t, 0)
			if !strings.Contains(r.stdout, "Usage:") || r.stderr != "" {
				t.Errorf("want help on stdout and nothing on stderr:\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
			}
		})
	}
}
