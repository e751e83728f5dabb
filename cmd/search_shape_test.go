package cmd

import (
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// A 200 from a search endpoint or from users get that is not the answer
// (an error body, no list, a null list, an empty object) is an unreadable
// response, exit 1: never "No users match.", never a clean audit, never an
// empty user.

// badSearchBodies are 200 answers to a search whose list is key.
func badSearchBodies(key string) []string {
	return append(badSessionsBodies(key)[:2:2],
		`{"request_id":"request-id-test-x","`+key+`":null,"results_metadata":{"total":0,"next_cursor":null},"status_code":200}`,
		`{"status_code":400,"request_id":"request-id-test-e","error_type":"invalid_query","error_message":"bad."}`,
		`{"request_id":"request-id-test-x","`+key+`":[null],"status_code":200}`)
}

func TestSearchAnswersWithoutResultsAreUnreadable(t *testing.T) {
	const usersSearch = "/v1/users/search"
	for _, c := range []struct {
		path, key string
		args      []string
	}{
		{usersSearch, "results", []string{"sessions", "audit", "--all-users"}},
		{usersSearch, "results", []string{"sessions", "list", "--email", "a@x.example"}},
		{usersSearch, "results", []string{"users", "search", "--email", "a@x.example"}},
		{usersSearch, "results", []string{"users", "search", "--email", "a@x.example", "-o", "json"}},
		{"/v1/b2b/organizations/members/search", "members", []string{"b2b", "members", "search", "--organization", apitest.DemoOrganizationID}},
	} {
		for _, body := range badSearchBodies(c.key) {
			h := newHarness(t)
			h.tty = true
			h.fake.AddFault(apitest.Fault{Path: c.path, Body: body})
			r := h.run(c.args...)
			what := strings.Join(c.args, " ") + " of " + body
			expectUnreadable(t, what, r)
			for _, claim := range []string{"No users match", "No members match", "no user has that address"} {
				if strings.Contains(r.stderr, claim) {
					t.Errorf("%s: stderr claims %q", what, claim)
				}
			}
			if strings.Contains(body, "error_type") && !strings.Contains(r.stderr, "invalid_query") {
				t.Errorf("%s: the error body's error_type is not named:\n%s", what, r.stderr)
			}
			for _, req := range h.fake.Requests() {
				if req.Path == "/v1/sessions" || req.Path == "/v1/b2b/sessions" {
					t.Errorf("%s: sessions were asked for after an unreadable search: %s?%s", what, req.Path, req.RawQuery)
				}
			}
		}
	}
}

func TestUsersGetAnswerThatIsNoUserIsUnreadable(t *testing.T) {
	for _, body := range []string{`{}`, `null`, `[]`, `{"request_id":"request-id-test-x","status_code":200}`,
		`{"status_code":404,"request_id":"request-id-test-e","error_type":"user_not_found","error_message":"User could not be found."}`} {
		for _, format := range []string{"table", "json"} {
			h := newHarness(t)
			h.fake.AddFault(apitest.Fault{Path: "/v1/users/" + apitest.DemoUserID, Body: body})
			r := h.run("users", "get", apitest.DemoUserID, "-o", format)
			expectUnreadable(t, format+" of "+body, r)
			if strings.Contains(r.stderr, "struct") || strings.Contains(r.stderr, "Go value") {
				t.Errorf("%s: the reason names a Go type:\n%s", body, r.stderr)
			}
			if strings.Contains(body, "error_type") && !strings.Contains(r.stderr, "user_not_found") {
				t.Errorf("%s: the error body's error_type is not named:\n%s", body, r.stderr)
			}
			if n := len(h.fake.Requests()); n != 1 {
				t.Errorf("%s: %d requests, want 1", body, n)
			}
		}
	}
}
