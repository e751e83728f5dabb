package cmd

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// onlyHost is an HTTP transport that reaches host alone, so a test that
// would otherwise fetch keys from Stytch's real API fails instead.
type onlyHost string

func (o onlyHost) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != string(o) {
		return nil, fmt.Errorf("the test refuses to reach %s", r.URL.Host)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestSessionsDecodeVerifyLikeTheSDKs: --verify accepts exactly what
// Stytch's SDKs accept (REFERENCE.md §6.2): no clock leeway unless asked
// for, an issuer that is stytch.com/<project> or the base URL in use (a
// profile's saved api_url included), and RSA keys built from n and e, so
// that an x5c certificate chain plays no part.
func TestSessionsDecodeVerifyLikeTheSDKs(t *testing.T) {
	project := apitest.ProjectID
	key := newTestKey(t, "jwk-test-4b9e2c7a-1f6d-4a83-9c50-d8e3b1a7f246")
	hdr := map[string]any{"alg": "RS256", "kid": key.kid, "typ": "JWT"}
	token := func(mod func(map[string]any)) string {
		c := stytchClaims(project, testNow.Add(-time.Minute))
		mod(c)
		return signRS256(t, key.priv, hdr, c)
	}
	verified := func(t *testing.T, r result) {
		t.Helper()
		if r.code != 0 || !strings.Contains(r.stdout, "Verified\tyes: RS256 signature by "+key.kid) {
			t.Errorf("exit %d, want a verified token\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
		}
	}

	t.Run("no leeway by default", func(t *testing.T) {
		h := newHarness(t)
		h.fake.SetJWKS(project, jwksBody(t, key))
		jwt := token(func(c map[string]any) { c["exp"] = testNow.Add(-time.Second).Unix() })
		r := decodeRun(h, testNow, jwt, false, "sessions", "decode", "--verify")
		r.expect(t, ExitCheckFailed, "session JWT does not verify: expired at 2026-06-04T09:59:59Z (just now; leeway 0s)")
		verified(t, decodeRun(h, testNow, jwt, false, "sessions", "decode", "--verify", "--leeway", "5s"))
		r = decodeRun(h, testNow, jwt, false, "sessions", "decode", "--verify", "--leeway", "5s", "-o", "json")
		if !strings.Contains(r.stdout, `"leeway_seconds":5`) {
			t.Errorf("-o json does not report the leeway: %s", r.stdout)
		}
		// --leeway reads durations as every other duration flag does ("d"
		// included), and means nothing without --verify.
		h.fake.ResetRequests()
		r = decodeRun(h, testNow, jwt, false, "sessions", "decode", "--verify", "--leeway", "1d")
		r.expect(t, ExitUsage, "--leeway must be between 0s and 1h, got 1d")
		r = decodeRun(h, testNow, jwt, false, "sessions", "decode", "--leeway", "5s")
		r.expect(t, ExitUsage, "--leeway needs --verify")
		if r.stdout != "" || len(h.fake.Requests()) != 0 {
			t.Errorf("a bad --leeway printed %q and sent %d requests", r.stdout, len(h.fake.Requests()))
		}
		verified(t, decodeRun(h, testNow, jwt, false, "sessions", "decode", "--verify", "--leeway", "0.5m"))
	})

	t.Run("an https issuer that is not the base URL fails", func(t *testing.T) {
		h := newHarness(t)
		// Stytch's own base URL for the project, served by the fake in-process.
		h.env = map[string]string{"STYTCH_PROJECT_ID": project, "STYTCH_SECRET": apitest.Secret}
		h.httpClient = &http.Client{Transport: h.fake.Transport()}
		h.fake.SetJWKS(project, jwksBody(t, key))
		jwt := token(func(c map[string]any) { c["iss"] = "https://evil.example" })
		r := decodeRun(h, testNow, jwt, false, "sessions", "decode", "--verify")
		r.expect(t, ExitCheckFailed, `wrong issuer: iss is "https://evil.example", want stytch.com/`+project+" or https://test.stytch.com")
		// The base URL in use is an issuer the SDKs accept.
		verified(t, decodeRun(h, testNow, token(func(c map[string]any) { c["iss"] = "https://test.stytch.com" }), false, "sessions", "decode", "--verify"))
	})

	t.Run("the profile's api_url is the base URL and an issuer", func(t *testing.T) {
		h := newAuthHarness(t)
		h.login("--profile", "work").expect(t, 0)
		h.fake.SetJWKS(project, jwksBody(t, key))
		h.fake.ResetRequests()
		u, _ := url.Parse(h.server.URL)
		h.httpClient = &http.Client{Transport: onlyHost(u.Host)}
		h.keyringOps = 0
		jwt := token(func(c map[string]any) { c["iss"] = h.server.URL })
		verified(t, decodeRun(h, testNow, jwt, false, "sessions", "decode", "--verify"))
		verified(t, decodeRun(h, testNow, jwt, false, "sessions", "decode", "--verify", "--profile", "work"))
		if reqs := h.fake.Requests(); len(reqs) != 2 || reqs[0].Path != "/v1/sessions/jwks/"+project {
			t.Errorf("key set requests = %v", describe(reqs))
		}
		if h.keyringOps != 0 {
			t.Errorf("verification read the keyring %d times; it needs no secret", h.keyringOps)
		}
		// Another https issuer still fails under the profile.
		r := decodeRun(h, testNow, token(func(c map[string]any) { c["iss"] = "https://evil.example" }), false, "sessions", "decode", "--verify")
		r.expect(t, ExitCheckFailed, `wrong issuer: iss is "https://evil.example", want stytch.com/`+project+" or "+h.server.URL)
	})

	t.Run("keys come from n and e, whatever x5c holds", func(t *testing.T) {
		h := newHarness(t)
		jwk := key.jwk()
		jwk["x5c"] = []string{"bm90IGEgY2VydGlmaWNhdGU=", "!!"}
		jwk["x5tS256"] = "bm90IGEgdGh1bWJwcmludA=="
		body, err := json.Marshal(map[string]any{"keys": []any{jwk}, "request_id": "request-id-test-0b6c8f1e-2d4a-4c97-9e35-7a1f0d3b5c82", "status_code": 200})
		if err != nil {
			t.Fatal(err)
		}
		h.fake.SetJWKS(project, body)
		verified(t, decodeRun(h, testNow, token(func(map[string]any) {}), false, "sessions", "decode", "--verify"))
		// The key is still the key: another one's signature fails.
		other := newTestKey(t, key.kid)
		r := decodeRun(h, testNow, signRS256(t, other.priv, hdr, stytchClaims(project, testNow.Add(-time.Minute))), false, "sessions", "decode", "--verify")
		r.expect(t, ExitCheckFailed, "bad signature")
	})
}
