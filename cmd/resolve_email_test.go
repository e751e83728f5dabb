package cmd

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

// secondAliceID shares Alice's address, to make an email ambiguous.
const secondAliceID = "user-test-22222222-3333-4444-8555-666666666666"

func testClient(t *testing.T, h *harness) *api.Client {
	t.Helper()
	c, err := api.New(api.Config{BaseURL: h.server.URL, ProjectID: apitest.ProjectID, Secret: apitest.Secret,
		HTTPClient: http.DefaultClient, UserAgent: "test", Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestResolveEmail(t *testing.T) {
	h := newHarness(t)
	c := testClient(t, h)
	ctx := context.Background()

	id, err := resolveEmail(ctx, c, apitest.DemoEmail)
	if err != nil || id != apitest.DemoUserID {
		t.Fatalf("resolveEmail(%s) = %q, %v; want %s", apitest.DemoEmail, id, err, apitest.DemoUserID)
	}
	reqs := h.fake.Requests()
	if len(reqs) != 1 || reqs[0].Method != "POST" || reqs[0].Path != "/v1/users/search" {
		t.Fatalf("requests = %+v", reqs)
	}
	want := `{"limit":2,"query":{"operator":"AND","operands":[{"filter_name":"email_address","filter_value":["alice.nakamura@example.com"]}]}}`
	if got := compact(t, reqs[0].Body); got != want {
		t.Errorf("body = %s, want %s", got, want)
	}

	// Not found: exit 3, naming the address.
	_, err = resolveEmail(ctx, c, "nobody@example.com")
	if err == nil || ExitCode(err) != ExitNotFound || !strings.Contains(err.Error(), "nobody@example.com") {
		t.Errorf("unknown address: %v (exit %d), want exit 3 naming it", err, ExitCode(err))
	}

	// Malformed: exit 2, nothing sent.
	h.fake.ResetRequests()
	_, err = resolveEmail(ctx, c, "not-an-address")
	if ExitCode(err) != ExitUsage || len(h.fake.Requests()) != 0 {
		t.Errorf("malformed address: %v (exit %d), %d requests", err, ExitCode(err), len(h.fake.Requests()))
	}

	// Two users share an address: exit 1, both IDs listed.
	if err := h.fake.SetUserProfile([]byte(`{"user_id":"` + secondAliceID + `","status":"active","emails":[{"email_id":"email-test-x","email":"ALICE.NAKAMURA@example.com","verified":false}]}`)); err != nil {
		t.Fatal(err)
	}
	_, err = resolveEmail(ctx, c, apitest.DemoEmail)
	if ExitCode(err) != ExitFailure || !strings.Contains(err.Error(), apitest.DemoUserID) || !strings.Contains(err.Error(), secondAliceID) {
		t.Errorf("shared address: %v (exit %d), want exit 1 listing both users", err, ExitCode(err))
	}

	// An API failure keeps its error_type, request_id and exit code.
	h.fake.AddFault(apitest.Fault{Path: "/v1/users/search", Status: 401})
	_, err = resolveEmail(ctx, c, apitest.DemoEmail)
	if ExitCode(err) != ExitAuth || !strings.Contains(err.Error(), "finding the user with email address "+apitest.DemoEmail+": unauthorized_credentials") ||
		!strings.Contains(err.Error(), "request_id") {
		t.Errorf("401: %v (exit %d)", err, ExitCode(err))
	}
}

func TestSessionsListByEmail(t *testing.T) {
	h := newHarness(t)
	byUser := h.run("sessions", "list", "-u", apitest.DemoUserID, "-o", "json")
	byUser.expect(t, 0)
	h.fake.ResetRequests()

	r := h.run("sessions", "list", "--email", apitest.DemoEmail, "-o", "json")
	r.expect(t, 0)
	// One address is one user: Stytch's own response, as for --user.
	if compact(t, []byte(r.stdout)) == "" || decodeSessionIDs(t, r.stdout) != decodeSessionIDs(t, byUser.stdout) {
		t.Errorf("--email printed other sessions than --user:\n%s", r.stdout)
	}
	reqs := h.fake.Requests()
	if len(reqs) != 2 || reqs[0].Path != "/v1/users/search" || reqs[1].Path != "/v1/sessions" ||
		reqs[1].Query.Get("user_id") != apitest.DemoUserID {
		t.Errorf("requests = %v", describe(reqs))
	}

	// Not found: exit 3 naming the address; no sessions fetched.
	h.fake.ResetRequests()
	r = h.run("sessions", "list", "--email", "nobody@example.com")
	r.expect(t, ExitNotFound, "finding the user with email address nobody@example.com: no user has that address")
	if r.stdout != "" || len(h.fake.Requests()) != 1 {
		t.Errorf("stdout %q, requests %v", r.stdout, describe(h.fake.Requests()))
	}

	// Malformed: exit 2, nothing sent.
	h.fake.ResetRequests()
	r = h.run("sessions", "list", "--email", "alice.example.com", "-u", apitest.DemoUserID)
	r.expect(t, ExitUsage, "invalid --email")
	if len(h.fake.Requests()) != 0 {
		t.Errorf("requests sent for a malformed address: %v", describe(h.fake.Requests()))
	}

	// Mixed with --user, one address unknown: the others' sessions, one
	// stderr line, exit 3. --user first, then --email; a user named twice
	// is listed once.
	h.fake.ResetRequests()
	r = h.run("sessions", "list", "--email", "nobody@example.com", "--email", apitest.DemoEmail,
		"-u", kenjiUserID, "-u", apitest.DemoUserID, "-o", "ndjson")
	r.expect(t, ExitNotFound)
	if strings.Count(r.stderr, "stytchctl: ") != 1 || !strings.Contains(r.stderr, "nobody@example.com") {
		t.Errorf("stderr = %q, want one line naming the address", r.stderr)
	}
	var users []string
	for _, l := range ndjsonLines(t, r.stdout) {
		var s struct {
			UserID string `json:"user_id"`
		}
		_ = json.Unmarshal([]byte(l), &s)
		if len(users) == 0 || users[len(users)-1] != s.UserID {
			users = append(users, s.UserID)
		}
	}
	if strings.Join(users, ",") != kenjiUserID+","+apitest.DemoUserID {
		t.Errorf("users in output = %v, want Kenji then Alice, once each", users)
	}
	if n := countPath(h.fake.Requests(), "/v1/sessions"); n != 2 {
		t.Errorf("%d session requests, want 2 (Alice once)", n)
	}

	// Only unknown addresses: an empty merged document, exit 3.
	r = h.run("sessions", "list", "--email", "nobody@example.com", "--email", "noone@example.com", "-o", "json")
	r.expect(t, ExitNotFound, "nobody@example.com", "noone@example.com")
	if compact(t, []byte(r.stdout)) != `{"sessions":[]}` {
		t.Errorf("stdout = %s", r.stdout)
	}

	// Nothing at all names a user: exit 2.
	h.run("sessions", "list").expect(t, ExitUsage, "--user, --users-file or --email is required")
}

func decodeSessionIDs(t *testing.T, doc string) string {
	t.Helper()
	var d struct {
		Sessions []struct {
			SessionID string `json:"session_id"`
		} `json:"sessions"`
	}
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	var ids []string
	for _, s := range d.Sessions {
		ids = append(ids, s.SessionID)
	}
	return strings.Join(ids, ",")
}

func describe(reqs []apitest.Request) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Method+" "+r.Path+"?"+r.RawQuery)
	}
	return out
}

func countPath(reqs []apitest.Request, path string) int {
	n := 0
	for _, r := range reqs {
		if r.Path == path {
			n++
		}
	}
	return n
}
