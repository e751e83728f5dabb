package api_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

func newPublic(t *testing.T) (*api.Client, *apitest.Fake, string) {
	t.Helper()
	fake, srv := apitest.Start(apitest.Options{Now: func() time.Time { return now }})
	t.Cleanup(srv.Close)
	c, err := api.NewPublic(api.Config{BaseURL: srv.URL, ProjectID: "ignored", Secret: "ignored", UserAgent: "stytchctl/test",
		Retry: api.RetryPolicy{MaxAttempts: 2, Initial: time.Millisecond, Max: time.Millisecond, MaxWait: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	return c, fake, srv.URL
}

func TestGetJWKSSendsNoCredentials(t *testing.T) {
	c, fake, base := newPublic(t)
	for _, b2b := range []bool{false, true} {
		fake.ResetRequests()
		resp, err := c.GetJWKS(context.Background(), apitest.ProjectID, b2b)
		if err != nil {
			t.Fatal(err)
		}
		kid, _ := fake.SigningKeyID()
		if len(resp.Keys) != 1 || resp.Keys[0].KeyID != kid || resp.Keys[0].KeyType != "RSA" || resp.Keys[0].Algorithm != "RS256" ||
			!strings.HasPrefix(resp.RequestID, "request-id-test-") {
			t.Errorf("b2b=%v: %+v", b2b, resp)
		}
		if k, ok := resp.Key(kid); !ok || !strings.Contains(string(k.Raw), `"x5tS256"`) {
			t.Errorf("Key(%s) = %v, %v", kid, ok, string(k.Raw))
		}
		if _, ok := resp.Key("jwk-test-other"); ok {
			t.Error("found a key that is not there")
		}
		path := api.JWKSPath(apitest.ProjectID, b2b)
		if resp.URL != base+path {
			t.Errorf("URL = %s", resp.URL)
		}
		reqs := fake.Requests()
		if len(reqs) != 1 || reqs[0].Path != path || reqs[0].Header.Get("Authorization") != "" || reqs[0].Header.Get("User-Agent") != "stytchctl/test" {
			t.Errorf("b2b=%v: requests %+v", b2b, reqs)
		}
	}
	if got := api.JWKSPath("project-test-a/b", true); got != "/v1/b2b/sessions/jwks/project-test-a%2Fb" {
		t.Errorf("JWKSPath escapes badly: %s", got)
	}
}

func TestGetJWKSErrors(t *testing.T) {
	c, fake, _ := newPublic(t)
	_, err := c.GetJWKS(context.Background(), "project-test-5c1a7e0e-3b2f-4d8a-9f61-2a7d4e9b8c13", false)
	if ae, ok := api.AsError(err); !ok || ae.StatusCode != 404 || ae.ErrorType != "project_not_found" || ae.RequestID == "" {
		t.Errorf("unknown project: %v", err)
	}
	for body, want := range map[string]string{
		`{"request_id":"x"}`:           `no "keys" array`,
		`{"keys":{"kid":"x"}}`:         "expected shape",
		`{"keys":[1]}`:                 "not a JSON object",
		`<html>gateway timeout</html>`: "body is not JSON",
	} {
		fake.SetJWKS(apitest.ProjectID, []byte(body))
		_, err := c.GetJWKS(context.Background(), apitest.ProjectID, false)
		var re *api.ResponseError
		if !errors.As(err, &re) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want a ResponseError with %q", body, err, want)
		}
	}
	if _, err := c.GetJWKS(context.Background(), "", false); err == nil {
		t.Error("empty project ID accepted")
	}
}

func TestPublicClientRefusesAuthenticatedCalls(t *testing.T) {
	c, fake, _ := newPublic(t)
	_, err := c.GetSessions(context.Background(), apitest.DemoUserID)
	if err == nil || !strings.Contains(err.Error(), "needs credentials") {
		t.Errorf("err = %v", err)
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("%d requests sent by a client without credentials", n)
	}
	if _, err := api.New(api.Config{BaseURL: "https://x.example", ProjectID: "p"}); err == nil {
		t.Error("New accepted a missing secret")
	}
}
