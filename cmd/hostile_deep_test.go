package cmd

import (
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

// deepBody is a 200 of the right shape for every list and lookup, with a
// field nested n arrays deep: n+1 levels in all.
func deepBody(n int) string {
	return `{"request_id":"request-id-test-deep","status_code":200,"sessions":[],"member_sessions":[],"results":[],"user_id":"` +
		apitest.DemoUserID + `","x":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`
}

// TestDeeplyNestedAnswerIsUnreadable: a 2xx nested deeper than the cap is
// an unreadable response, exit 1, on every path that reads a 2xx body (the
// -o json pass-through included), sent once and not retried; one at the
// cap is read.
func TestDeeplyNestedAnswerIsUnreadable(t *testing.T) {
	for _, args := range [][]string{
		{"sessions", "list", "-u", apitest.DemoUserID},
		{"sessions", "list", "-u", apitest.DemoUserID, "-o", "json"},
		{"users", "get", apitest.DemoUserID},
		{"users", "search", "--email", "alice@example.com", "-o", "json"},
		{"b2b", "sessions", "list", "--organization", apitest.DemoOrganizationID, "--member", apitest.DemoMemberID},
	} {
		for _, n := range []int{api.MaxNesting, 100000} {
			h := newHarness(t)
			h.fake.AddFault(apitest.Fault{Body: deepBody(n)})
			r := h.run(args...)
			what := strings.Join(args, " ")
			r.expect(t, ExitFailure, "unreadable response (HTTP 200", "nested deeper than 512 levels")
			if r.stdout != "" {
				t.Errorf("%s at depth %d: stdout %q, want nothing", what, n, r.stdout[:min(len(r.stdout), 200)])
			}
			if got := len(h.fake.Requests()); got != 1 {
				t.Errorf("%s at depth %d: %d requests, want 1 (not retried)", what, n, got)
			}
		}
	}
	h := newHarness(t)
	h.fake.AddFault(apitest.Fault{Body: deepBody(api.MaxNesting - 1)})
	h.run("sessions", "list", "-u", apitest.DemoUserID, "-o", "json").expect(t, ExitOK)
}
