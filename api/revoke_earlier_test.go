package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

// The first attempt reaches the API and revokes the session, but its answer
// is lost (a gateway 502 after the fact, or a response that comes after the
// client gave up); the retry then answers 404 session_not_found. Earlier
// tells the caller what the first attempt got, so it can count the session
// as revoked.
//
// Each attempt's time limit is the only real clock here: the lost answer
// outlasts it, and the retry must not, even on a loaded machine (a 100 ms
// limit failed there), so it is half a second and only the timeout case
// waits it out.
func TestRevokeEarlierAttemptDidTheWork(t *testing.T) {
	for _, tc := range []struct {
		name    string
		timeout time.Duration
		fault   apitest.Fault
	}{
		{"502 after the fact", 10 * time.Second, apitest.Fault{Path: "/v1/sessions/revoke", Status: 502, Apply: true, Times: 1}},
		{"timeout after the fact", 500 * time.Millisecond, apitest.Fault{Path: "/v1/sessions/revoke", Apply: true, Latency: time.Minute, Times: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, fake := newClientTimeout(t, tc.timeout)
			fake.AddFault(tc.fault)
			_, err := c.RevokeSession(context.Background(), aliceChrome)
			ae, ok := api.AsError(err)
			if !ok || ae.ErrorType != "session_not_found" || ae.Attempts != 2 || len(ae.Earlier) != 1 {
				t.Fatalf("err %#v", err)
			}
			if !ae.EarlierMayHaveWorked() {
				t.Errorf("EarlierMayHaveWorked = false after %v", ae.Earlier[0])
			}
			if fake.HasSession(aliceChrome) {
				t.Error("the first attempt did not revoke the session")
			}
			if n := len(fake.Requests()); n != 2 {
				t.Errorf("%d requests, want 2", n)
			}
		})
	}
}

// A 429 means the API refused the attempt: a 404 after it is a real "not
// found", and so is a 404 on the first try.
func TestRevokeEarlierRateLimitDoesNotCount(t *testing.T) {
	c, fake := newClientTimeout(t, time.Second)
	fake.AddFault(apitest.Fault{Path: "/v1/sessions/revoke", Status: 429, Times: 1})
	_, err := c.RevokeSession(context.Background(), "session-test-00000000-0000-4000-8000-00000000dead")
	ae, ok := api.AsError(err)
	if !ok || ae.ErrorType != "session_not_found" || len(ae.Earlier) != 1 || ae.EarlierMayHaveWorked() {
		t.Fatalf("err %#v", err)
	}
	_, err = c.RevokeSession(context.Background(), "session-test-00000000-0000-4000-8000-00000000dead")
	if ae, ok := api.AsError(err); !ok || len(ae.Earlier) != 0 || ae.EarlierMayHaveWorked() {
		t.Fatalf("err %#v", err)
	}
}

func newClientTimeout(t *testing.T, timeout time.Duration) (*api.Client, *apitest.Fake) {
	t.Helper()
	fake, srv := apitest.Start(apitest.Options{})
	t.Cleanup(srv.Close)
	c, err := api.New(api.Config{BaseURL: srv.URL, ProjectID: apitest.ProjectID, Secret: apitest.Secret,
		Timeout: timeout, Retry: api.RetryPolicy{MaxAttempts: 3, Initial: time.Millisecond, Max: 5 * time.Millisecond, MaxWait: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	return c, fake
}
