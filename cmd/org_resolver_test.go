package cmd

import (
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestOrgFlagEverywhere: every B2B command takes the organization as --org
// (or the old --organization), by ID, slug or external ID where Stytch
// can find it, and b2b members search resolves a slug to the ID its
// endpoint takes, once.
func TestOrgFlagEverywhere(t *testing.T) {
	for _, flag := range []string{"--org", "--organization"} {
		for _, org := range []string{apitest.DemoOrganizationID, apitest.DemoOrganizationSlug} {
			h := newHarness(t)
			r := h.run("b2b", "members", "search", flag, org, "--member-id", apitest.DemoMemberID)
			r.expect(t, ExitOK)
			if !strings.HasPrefix(r.stdout, apitest.DemoMemberID+"\t") {
				t.Errorf("%s %s: stdout %q", flag, org, r.stdout)
			}
			var paths []string
			for _, req := range h.fake.Requests() {
				paths = append(paths, req.Method+" "+req.Path)
				if req.Path == "/v1/b2b/organizations/members/search" &&
					!strings.Contains(string(req.Body), `"organization_ids":["`+apitest.DemoOrganizationID+`"]`) {
					t.Errorf("%s %s: search body %s", flag, org, req.Body)
				}
			}
			want := "POST /v1/b2b/organizations/members/search"
			if org == apitest.DemoOrganizationSlug {
				want = "GET /v1/b2b/organizations/" + org + "\n" + want
			}
			if got := strings.Join(paths, "\n"); got != want {
				t.Errorf("%s %s: requests\n%s\nwant\n%s", flag, org, got, want)
			}
		}
	}
	// The sessions commands pass --org as typed: GET /v1/b2b/sessions
	// takes the ID, slug or external ID itself.
	for _, args := range [][]string{
		{"b2b", "sessions", "list", "--org", "nw-001", "--member", apitest.DemoMemberID},
		{"b2b", "sessions", "revoke", "--org", "nw-001", "--member", apitest.DemoMemberID, "--all", "--dry-run"},
	} {
		h := newHarness(t)
		h.run(args...).expect(t, ExitOK)
		if reqs := h.fake.Requests(); len(reqs) != 1 || reqs[0].Query.Get("organization_id") != "nw-001" {
			t.Errorf("%v: requests %v", args, describe(reqs))
		}
	}
}

// TestOrgNotFound: an organization that no ID or slug names is exit 3
// naming it, with the reason an external ID cannot be looked up.
func TestOrgNotFound(t *testing.T) {
	for _, org := range []string{"nw-001", "no-such-org"} {
		h := newHarness(t)
		r := h.run("b2b", "members", "search", "--org", org)
		r.expect(t, ExitNotFound, "unknown organization "+org+": organization_not_found",
			"give the organization's ID or slug", "an external ID works only where")
		if reqs := h.fake.Requests(); len(reqs) != 1 || reqs[0].Path != "/v1/b2b/organizations/"+org {
			t.Errorf("%s: requests %v", org, describe(reqs))
		}
		if r.stdout != "" {
			t.Errorf("stdout %q", r.stdout)
		}
	}
	// Unknown to the sessions endpoints: Stytch's own 404, exit 3.
	h := newHarness(t)
	h.run("b2b", "sessions", "list", "--org", "no-such-org", "--member", apitest.DemoMemberID).
		expect(t, ExitNotFound, "unknown organization no-such-org: organization_not_found")
}
