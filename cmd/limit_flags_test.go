package cmd

import (
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/stytchctl/stytchctl/api"
)

// TestLimitAndPageSizeMeanTheSameEverywhere: on every command that has
// them, --limit N is "at most N, 0 for no limit", default 100, and
// --page-size is the users (or members) per search request, 1 to 1000,
// default 1000.
func TestLimitAndPageSizeMeanTheSameEverywhere(t *testing.T) {
	root := newRootCmd(&app{deps: &Deps{LookupEnv: func(string) (string, bool) { return "", false }}})
	seen := 0
	walkCommands(root, func(c *cobra.Command) {
		if f := c.LocalFlags().Lookup("limit"); f != nil {
			seen++
			if _, usage := pflag.UnquoteUsage(f); !strings.Contains(usage, "at most N") || !strings.Contains(usage, "(0: no limit") {
				t.Errorf("%s --limit: %q does not say \"at most N\" and \"(0: no limit\"", c.CommandPath(), usage)
			}
			if f.DefValue != "100" {
				t.Errorf("%s --limit defaults to %s, want 100 as everywhere", c.CommandPath(), f.DefValue)
			}
		}
		if f := c.LocalFlags().Lookup("page-size"); f != nil {
			seen++
			if f.DefValue != "1000" {
				t.Errorf("%s --page-size defaults to %s, want 1000", c.CommandPath(), f.DefValue)
			}
			if _, usage := pflag.UnquoteUsage(f); !regexp.MustCompile(`\bN (users|members|orgs) per request, 1 to 1000\b`).MatchString(usage) {
				t.Errorf("%s --page-size: %q", c.CommandPath(), usage)
			}
		}
	})
	if seen < 6 {
		t.Errorf("only %d --limit and --page-size flags seen", seen)
	}
}

// TestUsersSearchLimitZeroIsNoLimit: --limit 0 means no limit here as in
// sessions list: every page is fetched, in pages of --page-size.
func TestUsersSearchLimitZeroIsNoLimit(t *testing.T) {
	h := newHarness(t)
	all := h.run("users", "search", "--all", "-o", "ndjson")
	all.expect(t, 0)
	h.fake.ResetRequests()
	r := h.run("users", "search", "--limit", "0", "--page-size", "30", "-o", "ndjson")
	r.expect(t, 0)
	if r.stdout != all.stdout || len(ndjsonLines(t, r.stdout)) < 3 {
		t.Errorf("--limit 0 printed\n%s\nwant what --all prints:\n%s", r.stdout, all.stdout)
	}
	reqs := h.fake.Requests()
	if len(reqs) < 2 || compact(t, reqs[0].Body) != `{"limit":30}` {
		t.Fatalf("want pages of 30, got %d requests, first %s", len(reqs), reqs[0].Body)
	}
	if api.MaxSearchLimit != 1000 {
		t.Errorf("MaxSearchLimit = %d; the help says 1000", api.MaxSearchLimit)
	}
	r = h.run("users", "search", "--limit", "-1")
	r.expect(t, ExitUsage, "invalid --limit -1: want a number of users, 0 for no limit")
}
