package cmd

import (
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// The session filters, order and limit of sessions list apply to member
// sessions too (issue 4: every list command), except the IP and user-agent
// filters, which member sessions give nothing to match on.
func TestB2BSessionsListFilters(t *testing.T) {
	h := newHarness(t)
	list := func(extra ...string) result {
		args := append([]string{"b2b", "sessions", "list", "--organization", apitest.DemoOrganizationID, "--member", apitest.DemoMemberID}, extra...)
		return h.run(args...)
	}
	r := list("--factor", "sso")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, apitest.DemoMemberSessionSAML) || strings.Contains(r.stdout, apitest.DemoMemberSessionMagicLink) {
		t.Errorf("--factor sso kept the wrong sessions:\n%s", r.stdout)
	}
	r = list("--factor", "totp", "-o", "json")
	r.expect(t, 0)
	doc := compact(t, []byte(r.stdout))
	if !strings.Contains(doc, `"member_sessions":[{"member_session_id":"`+apitest.DemoMemberSessionMagicLink) || strings.Contains(doc, apitest.DemoMemberSessionSAML) {
		t.Errorf("--factor totp -o json = %s", doc)
	}
	r = list("--sort-by", "-started", "--limit", "1")
	r.expect(t, 0)
	if n := strings.Count(r.stdout, "\n"); n != 1 {
		t.Errorf("--limit 1 printed %d rows:\n%s", n, r.stdout)
	}
	r = list("--factor", "passkey-that-nobody-has")
	r.expect(t, 0, "No active sessions of member "+apitest.DemoMemberID+" match the filters.")
	if r.stdout != "" {
		t.Errorf("stdout = %q", r.stdout)
	}
	h.fake.ResetRequests()
	for _, flag := range []string{"--ip", "--user-agent"} {
		r = list(flag, "x")
		r.expect(t, 2, "unknown flag: "+flag)
	}
	r = list("--idle-for", "soon")
	r.expect(t, 2, "--idle-for")
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("%d requests sent for bad flags", n)
	}
}
