package cmd

import (
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestOrgUnknownOneHint: every command that meets an unknown organization
// gives the same hint, which says what works (ID or slug, an external ID
// where Stytch accepts one) and how to find the organization.
func TestOrgUnknownOneHint(t *testing.T) {
	for _, args := range [][]string{
		{"b2b", "orgs", "get", "nw-404"},
		{"b2b", "members", "search", "--org", "nw-404"},
		{"b2b", "members", "get", "emp-7731", "--org", "nw-404"},
		{"b2b", "sessions", "list", "--org", "nw-404", "--member", "emp-7731"},
		{"b2b", "sessions", "list", "--org", "nw-404", "--email", apitest.DemoMemberEmail},
	} {
		h := newHarness(t)
		r := h.run(args...)
		r.expect(t, ExitNotFound, "unknown organization nw-404")
		if !strings.Contains(r.stderr, orgUnknownHint) {
			t.Errorf("%v: stderr lacks the one hint:\n%s", args, r.stderr)
		}
		for _, old := range []string{"take it with --member", "check the organization's ID"} {
			if strings.Contains(r.stderr, old) {
				t.Errorf("%v: old hint %q in\n%s", args, old, r.stderr)
			}
		}
	}
	for _, line := range strings.Split(orgUnknownHint, "\n") {
		if len(line) > 80 {
			t.Errorf("hint line over 80 columns: %q", line)
		}
	}
	for _, want := range []string{"ID or slug", "external ID", "where", "Stytch accepts", "b2b orgs search"} {
		if !strings.Contains(orgUnknownHint, want) {
			t.Errorf("hint lacks %q: %s", want, orgUnknownHint)
		}
	}
}
