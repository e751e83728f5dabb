package cmd

import (
	"strings"
	"testing"
)

// TestDurationsPrintAsTyped: a duration in a message is the one typed
// (48h, 2d), bounds are written as people write them (24h, not
// 24h0m0s), and help names every duration flag's value DURATION with
// its default as typed.
func TestDurationsPrintAsTyped(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sessions", "watch", "-u", "alice-42", "--interval", "48h"}, "invalid --interval 48h: want 5s to 24h"},
		{[]string{"sessions", "watch", "-u", "alice-42", "--interval", "2d"}, "invalid --interval 2d: want 5s to 24h"},
		{[]string{"sessions", "watch", "-u", "alice-42", "--interval", "1s"}, "invalid --interval 1s: want 5s to 24h"},
		{[]string{"sessions", "watch", "-u", "alice-42", "--interval", "soon"}, `invalid argument "soon" for "--interval" flag: want a number and a unit`},
		{[]string{"sessions", "list", "-u", "alice-42", "--timeout", "0s"}, "--timeout must be positive, got 0s"},
		{[]string{"sessions", "list", "-u", "alice-42", "--timeout", "-1m"}, "--timeout must be positive, got -1m"},
		{[]string{"sessions", "list", "-u", "alice-42", "--timeout", "soon"}, `invalid argument "soon" for "--timeout" flag: want a number and a unit`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			h := newHarness(t)
			r := h.run(tc.args...)
			r.expect(t, ExitUsage, tc.want)
			if strings.Contains(r.stderr, "0m0s") {
				t.Errorf("stderr writes a duration as Go does: %s", r.stderr)
			}
			if n := len(h.fake.Requests()); n != 0 || r.stdout != "" {
				t.Errorf("%d requests sent, stdout %q", n, r.stdout)
			}
		})
	}
	// A day is a duration here as in every filter: --timeout 1d is taken.
	r := newHarness(t).run("sessions", "list", "-u", "alice-42", "--timeout", "1d")
	r.expect(t, ExitOK)

	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--help"}, []string{"--timeout DURATION", "(default 30s)", "--profile NAME", "--api-url URL"}},
		{[]string{"sessions", "watch", "--help"}, []string{"--interval DURATION", "(default 30s)", "--timeout DURATION"}},
		{[]string{"sessions", "decode", "--help"}, []string{"--leeway DURATION", "--project ID"}},
		{[]string{"auth", "login", "--help"}, []string{"--project-id ID"}},
	} {
		r := newHarness(t).run(tc.args...)
		r.expect(t, ExitOK)
		for _, w := range tc.want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("%s lacks %q:\n%s", strings.Join(tc.args, " "), w, r.stdout)
			}
		}
	}
}
