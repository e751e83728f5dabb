package cmd

import (
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// IDs that one answer hands to the next request are validated like IDs
// typed on the command line: an unusable one makes the answer unreadable,
// exit 1, and nothing more is sent.

// sessionsAsked lists the requests for a sessions list.
func sessionsAsked(h *harness) []string {
	var out []string
	for _, r := range h.fake.Requests() {
		if r.Path == "/v1/sessions" || r.Path == "/v1/b2b/sessions" {
			out = append(out, r.Path+"?"+r.RawQuery)
		}
	}
	return out
}

func TestSearchResultWithUnusableUserIDIsUnreadable(t *testing.T) {
	for _, id := range []string{"../x", "", "..", "alice@example.com"} {
		for _, args := range [][]string{
			{"sessions", "list", "--email", "a@x.example"},
			{"sessions", "audit", "--all-users"},
		} {
			h := newHarness(t)
			h.fake.AddFault(apitest.Fault{Path: "/v1/users/search",
				Body: `{"request_id":"request-id-test-x","results":[{"user_id":"` + id + `"}],"results_metadata":{"total":1,"next_cursor":null},"status_code":200}`})
			r := h.run(args...)
			r.expect(t, ExitFailure, "unreadable response (HTTP 200", "user_id")
			if got := sessionsAsked(h); len(got) != 0 {
				t.Errorf("%s with user_id %q: sessions asked for: %v", strings.Join(args, " "), id, got)
			}
		}
	}
}

func TestMemberLookupWithoutAMemberIsUnreadable(t *testing.T) {
	for _, body := range []string{
		`{"request_id":"request-id-test-x","status_code":200,"member":{},"organization":{}}`,
		`{"request_id":"request-id-test-x","status_code":200,"member_id":"..","member":{"member_id":".."}}`,
	} {
		h := newHarness(t)
		h.fake.AddFault(apitest.Fault{Path: "/v1/b2b/organizations/" + apitest.DemoOrganizationID + "/member", Body: body})
		r := h.run("b2b", "sessions", "list", "--organization", apitest.DemoOrganizationID, "--email", apitest.DemoMemberEmail)
		r.expect(t, ExitFailure, "unreadable response (HTTP 200", "member_id")
		if got := sessionsAsked(h); len(got) != 0 {
			t.Errorf("%s: member sessions asked for: %v", body, got)
		}
	}
}

func TestListingWithTheSameSessionTwiceRevokesItOnce(t *testing.T) {
	s := `{"session_id":"` + aliceChrome + `","user_id":"` + apitest.DemoUserID + `"}`
	h := newHarness(t)
	h.fake.AddFault(apitest.Fault{Path: "/v1/sessions", Body: `{"request_id":"request-id-test-x","status_code":200,"sessions":[` + s + `,` + s + `]}`})
	r := h.run("sessions", "revoke", "-u", apitest.DemoUserID, "--all", "--yes", "-o", "json")
	r.expect(t, ExitOK, "1 revoked")
	if strings.Contains(r.stderr, "2 sessions") {
		t.Errorf("stderr counts the session twice:\n%s", r.stderr)
	}
	if rows := decodeResults(t, r.stdout); len(rows) != 1 || rows[0].Result != "revoked" {
		t.Errorf("rows %+v, want one revoked", rows)
	}
	if got := revokeBodies(h); len(got) != 1 {
		t.Errorf("%d revokes sent, want 1: %v", len(got), got)
	}
}
