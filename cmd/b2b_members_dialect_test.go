package cmd

import (
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestB2BMembersSearchMemberFlag: a B2B member is --member in b2b members
// search too, as in b2b sessions list and revoke; --member-id, the old
// spelling, still works and is not shown in help. The filter sent is the
// same either way.
func TestB2BMembersSearchMemberFlag(t *testing.T) {
	h := newHarness(t)
	wantFilter := `{"filter_name":"member_ids","filter_value":["` + apitest.DemoMemberID + `"]}`
	var outs []string
	for _, flag := range []string{"--member", "--member-id"} {
		h.fake.ResetRequests()
		r := h.run("b2b", "members", "search", "--org", apitest.DemoOrganizationID, flag, apitest.DemoMemberID, "-o", "ndjson")
		r.expect(t, ExitOK)
		outs = append(outs, r.stdout)
		reqs := h.fake.Requests()
		if len(reqs) != 1 || !strings.Contains(compact(t, reqs[0].Body), wantFilter) {
			t.Errorf("%s: requests %v", flag, describe(reqs))
		}
	}
	if outs[0] != outs[1] || strings.Count(outs[0], "\n") != 1 {
		t.Errorf("--member printed\n%s\n--member-id printed\n%s", outs[0], outs[1])
	}
	r := h.run("b2b", "members", "search", "--help")
	r.expect(t, ExitOK)
	if !strings.Contains(r.stdout, "--member ID") || strings.Contains(r.stdout, "--member-id") {
		t.Errorf("help:\n%s", r.stdout)
	}
	h.fake.ResetRequests()
	h.run("b2b", "members", "search", "--org", apitest.DemoOrganizationID, "--member", "member-test-a,,member-test-b").
		expect(t, ExitUsage, "invalid --member: member ID is empty")
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("%d requests sent for a bad --member", n)
	}
}
