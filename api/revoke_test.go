package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

const aliceChrome = "session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14"

func TestRevokeSession(t *testing.T) {
	c, fake := newClient(t, nil)
	resp, err := c.RevokeSession(context.Background(), aliceChrome)
	if err != nil {
		t.Fatal(err)
	}
	req := fake.Requests()[0]
	if req.Method != "POST" || req.Path != "/v1/sessions/revoke" || string(req.Body) != `{"session_id":"`+aliceChrome+`"}` ||
		req.Header.Get("Content-Type") != "application/json" {
		t.Errorf("request %s %s %s", req.Method, req.Path, req.Body)
	}
	if !strings.HasPrefix(resp.RequestID, "request-id-test-") || fake.HasSession(aliceChrome) {
		t.Errorf("resp %+v, still there %v", resp, fake.HasSession(aliceChrome))
	}
	_, err = c.RevokeSession(context.Background(), aliceChrome)
	ae, ok := api.AsError(err)
	if !ok || ae.ErrorType != "session_not_found" || ae.Attempts != 1 {
		t.Errorf("second revoke: %#v", err)
	}
}

// A revoke whose first attempt timed out or failed with a 5xx is retried;
// if that attempt did the work, the retry answers session_not_found, and
// Attempts tells the caller so.
func TestRevokeSessionRetriedAfter5xx(t *testing.T) {
	c, fake := newClient(t, nil)
	fake.AddFault(apitest.Fault{Path: "/v1/sessions/revoke", Status: 502, Times: 1})
	if _, err := c.RevokeSession(context.Background(), aliceChrome); err != nil {
		t.Fatalf("retry did not recover: %v", err)
	}
	if n := len(fake.Requests()); n != 2 || fake.HasSession(aliceChrome) {
		t.Errorf("%d requests, still there %v", n, fake.HasSession(aliceChrome))
	}
	fake.AddFault(apitest.Fault{Path: "/v1/sessions/revoke", Status: 503, Times: 1})
	_, err := c.RevokeSession(context.Background(), aliceChrome)
	if ae, ok := api.AsError(err); !ok || ae.ErrorType != "session_not_found" || ae.Attempts != 2 {
		t.Errorf("err %#v", err)
	}
}

func TestValidateSessionID(t *testing.T) {
	for _, ok := range []string{aliceChrome, "session-live-00000000-0000-4000-8000-000000000000"} {
		if err := api.ValidateSessionID(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "session-test-", "sess-test-00000000-0000-4000-8000-000000000000", "session-test-00000000-0000-4000-8000-00000000000Z", aliceChrome + " "} {
		if err := api.ValidateSessionID(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestRevokeCountsOnlyTheEndpointsOwnSuccess: a revoke answer is a success
// only when it is a 2xx whose body carries Stytch's status_code 200 (REFERENCE
// §3.3, §5.2). A 200 without it, with another status_code or with an error
// body (a proxy's or a login page's answer) is an error, for consumer and
// B2B revokes alike; the session was not revoked.
func TestRevokeCountsOnlyTheEndpointsOwnSuccess(t *testing.T) {
	for _, body := range []string{
		`{"request_id":"request-id-test-x"}`,
		`{"request_id":"request-id-test-x","status_code":404}`,
		`{"request_id":"request-id-test-x","status_code":"200"}`,
		`{"status_code":404,"request_id":"request-id-test-x","error_type":"session_not_found","error_message":"Session could not be found."}`,
		`{}`,
		`[]`,
	} {
		for _, path := range []string{"/v1/sessions/revoke", "/v1/b2b/sessions/revoke"} {
			c, fake := newClient(t, nil)
			fake.AddFault(apitest.Fault{Path: path, Body: body})
			var resp *api.RevokeResponse
			var err error
			if path == "/v1/sessions/revoke" {
				resp, err = c.RevokeSession(context.Background(), aliceChrome)
			} else {
				resp, err = c.RevokeMemberSessions(context.Background(), api.MemberSessionRevoke{MemberSessionID: apitest.DemoMemberSessionSAML})
			}
			if err == nil || resp != nil {
				t.Errorf("%s answered 200 %s: counted as revoked (err %v); want an error", path, body, err)
				continue
			}
			if !strings.Contains(err.Error(), "status_code") {
				t.Errorf("%s answered 200 %s: error %q does not say what was wrong", path, body, err)
			}
		}
	}
	// The documented success still is one.
	c, fake := newClient(t, nil)
	fake.AddFault(apitest.Fault{Path: "/v1/sessions/revoke", Body: `{"request_id":"request-id-test-y","status_code":200}`})
	if resp, err := c.RevokeSession(context.Background(), aliceChrome); err != nil || resp.RequestID != "request-id-test-y" {
		t.Errorf("documented success: %+v, %v", resp, err)
	}
}
