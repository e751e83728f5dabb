package sessionjwt

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/stytchctl/stytchctl/api"
)

// keySet is a KeySource serving fixed keys from memory; it records what it
// was asked.
type keySet struct {
	keys  []api.JWK
	err   error
	asked []string // "base project b2b" per call
}

func (k *keySet) source() KeySource {
	return func(_ context.Context, base, project string, b2b bool) (*api.JWKSResponse, error) {
		k.asked = append(k.asked, strings.Join([]string{base, project, map[bool]string{false: "consumer", true: "b2b"}[b2b]}, " "))
		if k.err != nil {
			return nil, k.err
		}
		return &api.JWKSResponse{URL: base + api.JWKSPath(project, b2b), Keys: k.keys}, nil
	}
}

// publicJWK is s's public key as a key set holds it.
func (s signer) publicJWK(alg string) api.JWK {
	s.t.Helper()
	raw, err := jose.JSONWebKey{Key: &s.key.PublicKey, KeyID: s.kid, Algorithm: alg, Use: "sig"}.MarshalJSON()
	if err != nil {
		s.t.Fatal(err)
	}
	return api.JWK{KeyID: s.kid, KeyType: "RSA", Algorithm: alg, Use: "sig", Raw: raw}
}

func mustParse(t *testing.T, jwt string) *Token {
	t.Helper()
	tok, err := Parse(jwt)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestVerifyValid(t *testing.T) {
	good := newSigner(t, testKID)
	keys := &keySet{keys: []api.JWK{good.publicJWK("RS256")}}
	tok := mustParse(t, good.sign(claims(testNow.Add(-time.Minute))))
	v, err := Verify(context.Background(), tok, Expect{Now: testNow}, keys.source())
	if err != nil {
		t.Fatal(err)
	}
	want := Verification{Checked: true, Valid: true, KeyID: testKID, ProjectID: testProject, Issuer: "stytch.com/" + testProject,
		JWKSURL: "https://test.stytch.com/v1/sessions/jwks/" + testProject}
	if v != want {
		t.Errorf("Verify = %+v\nwant %+v", v, want)
	}
	// With no base URL the keys come from Stytch's own for the project in aud.
	if strings.Join(keys.asked, ";") != "https://test.stytch.com "+testProject+" consumer" {
		t.Errorf("keys asked = %q", keys.asked)
	}
	b, _ := json.Marshal(v)
	if string(b) != `{"checked":true,"valid":true,"key_id":"`+testKID+`","jwks_url":"https://test.stytch.com/v1/sessions/jwks/`+testProject+`","project_id":"`+testProject+`","issuer":"stytch.com/`+testProject+`","leeway_seconds":0}` {
		t.Errorf("JSON = %s", b)
	}
	if b, _ := json.Marshal(Verification{}); string(b) != `{"checked":false}` {
		t.Errorf("a token not checked is %s", b)
	}
}

// TestVerifyChecks runs every check in its documented order: a token fails
// the first check it does not pass, and keys are fetched only once the
// header and audience have passed.
func TestVerifyChecks(t *testing.T) {
	good := newSigner(t, testKID)
	other := newSigner(t, "jwk-test-e1d7a3c9-5b2f-4e68-8a14-6c9f0b3d7e52")
	iat := testNow.Add(-time.Minute)
	with := func(mod func(map[string]any)) map[string]any {
		c := claims(iat)
		mod(c)
		return c
	}
	valid := good.sign(claims(iat))
	parts := strings.Split(valid, ".")
	hmacToken := func() string {
		input := b64(`{"alg":"HS256","kid":"`+testKID+`"}`) + "." + parts[1]
		m := hmac.New(sha256.New, []byte("public key"))
		m.Write([]byte(input))
		return input + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	}

	tests := []struct {
		name    string
		jwt     string
		want    Expect
		keys    []api.JWK
		check   string
		reason  string
		hint    string
		fetches bool
	}{
		{name: "alg none", jwt: b64(`{"alg":"none","kid":"`+testKID+`"}`) + "." + parts[1] + "." + parts[2],
			check: "algorithm", reason: `algorithm "none" is not accepted`},
		{name: "HS256", jwt: hmacToken(), check: "algorithm", reason: `algorithm "HS256" is not accepted`},
		{name: "no kid", jwt: b64(`{"alg":"RS256"}`) + "." + parts[1] + "." + parts[2],
			check: "key_id", reason: "the header has no key ID (kid)"},
		{name: "aud not strings", jwt: good.sign(with(func(c map[string]any) { c["aud"] = 7 })),
			check: "audience", reason: "aud is neither a string nor an array of strings"},
		{name: "aud names no project", jwt: good.sign(with(func(c map[string]any) { c["aud"] = []string{"a", "b"} })),
			check: "audience", reason: "wrong audience: aud [a, b] names no Stytch project", hint: "Pass --project"},
		{name: "aud missing", jwt: good.sign(with(func(c map[string]any) { delete(c, "aud") })),
			check: "audience", reason: "wrong audience: aud no project (aud is missing) names no Stytch project"},
		{name: "another project", jwt: valid, want: Expect{Project: "project-test-11111111-2222-4333-8444-555555555555"},
			check: "audience", reason: "wrong audience: the token is for " + testProject + ", not project-test-11111111-2222-4333-8444-555555555555", hint: "pass --project"},
		{name: "unknown kid", jwt: other.sign(claims(iat)), fetches: true,
			check: "key_id", reason: "unknown key ID " + other.kid + ": the keys at https://test.stytch.com/v1/sessions/jwks/" + testProject + " are " + testKID, hint: "no longer serves"},
		{name: "empty key set", jwt: valid, keys: []api.JWK{}, fetches: true,
			check: "key_id", reason: "unknown key ID " + testKID + ": https://test.stytch.com/v1/sessions/jwks/" + testProject + " serves no keys"},
		{name: "key for another algorithm", jwt: valid, keys: []api.JWK{good.publicJWK("RS512")}, fetches: true,
			check: "key_id", reason: "key " + testKID + " is for RS512, not RS256"},
		{name: "other key under the kid", jwt: (signer{t: t, key: other.key, kid: testKID}).sign(claims(iat)), fetches: true,
			check: "signature", reason: "bad signature: the token was altered, or not signed by key " + testKID},
		{name: "tampered payload", jwt: parts[0] + "." + b64(marshal(t, with(func(c map[string]any) { c["sub"] = "user-test-00000000-0000-4000-8000-000000000001" }))) + "." + parts[2], fetches: true,
			check: "signature", reason: "bad signature"},
		{name: "wrong issuer", jwt: good.sign(with(func(c map[string]any) { c["iss"] = "https://evil.example" })), fetches: true,
			check: "issuer", reason: `wrong issuer: iss is "https://evil.example", want stytch.com/` + testProject + " or https://test.stytch.com"},
		{name: "no exp", jwt: good.sign(with(func(c map[string]any) { delete(c, "exp") })), fetches: true,
			check: "expired", reason: "the token has no expiry (exp)"},
		{name: "expired", jwt: good.sign(with(func(c map[string]any) { c["exp"] = testNow.Add(-time.Second).Unix() })), fetches: true,
			check: "expired", reason: "expired at 2026-06-04T09:59:59Z (just now; leeway 0s)"},
		{name: "not yet valid", jwt: good.sign(with(func(c map[string]any) { c["nbf"] = testNow.Add(10 * time.Minute).Unix() })), fetches: true,
			check: "not_yet_valid", reason: "not valid before 2026-06-04T10:10:00Z (in 10m; leeway 0s): check this machine's clock"},
		{name: "issued in the future", jwt: good.sign(with(func(c map[string]any) { c["iat"] = testNow.Add(time.Hour).Unix() })), fetches: true,
			check: "issued_in_future", reason: "issued in the future at 2026-06-04T11:00:00Z (in 1h; leeway 0s)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			keys := &keySet{keys: tc.keys}
			if keys.keys == nil {
				keys.keys = []api.JWK{good.publicJWK("RS256")}
			}
			tc.want.Now = testNow
			v, err := Verify(context.Background(), mustParse(t, tc.jwt), tc.want, keys.source())
			var cf *CheckFailure
			if !errors.As(err, &cf) {
				t.Fatalf("Verify = %+v, %v; want a check failure", v, err)
			}
			if cf.Check != tc.check || !strings.Contains(cf.Reason, tc.reason) || !strings.Contains(cf.Hint, tc.hint) || cf.Error() != cf.Reason {
				t.Errorf("failure = %+v\nwant check %q, reason with %q, hint with %q", cf, tc.check, tc.reason, tc.hint)
			}
			if fetched := len(keys.asked) > 0; fetched != tc.fetches {
				t.Errorf("keys fetched: %v, want %v", fetched, tc.fetches)
			}
			b, _ := json.Marshal(cf.Verification())
			reason, _ := json.Marshal(cf.Reason)
			if want := `{"checked":true,"valid":false,"check":"` + cf.Check + `","reason":` + string(reason) + `}`; string(b) != want {
				t.Errorf("JSON = %s, want %s", b, want)
			}
		})
	}
}

// TestVerifyLikeTheSDKs: no clock leeway unless asked for, and the issuer
// may be the base URL in use (without its trailing slash).
func TestVerifyLikeTheSDKs(t *testing.T) {
	good := newSigner(t, testKID)
	keys := &keySet{keys: []api.JWK{good.publicJWK("RS256")}}
	c := claims(testNow.Add(-time.Minute))
	c["exp"] = testNow.Add(-time.Second).Unix()
	expired := mustParse(t, good.sign(c))
	if _, err := Verify(context.Background(), expired, Expect{Now: testNow}, keys.source()); err == nil {
		t.Error("a token expired a second ago verifies without leeway")
	}
	v, err := Verify(context.Background(), expired, Expect{Now: testNow, Leeway: 5 * time.Second}, keys.source())
	if err != nil || v.LeewaySeconds != 5 {
		t.Errorf("with 5s leeway: %+v, %v", v, err)
	}

	c = claims(testNow.Add(-time.Minute))
	c["iss"] = "https://login.example.com"
	custom := mustParse(t, good.sign(c))
	keys.asked = nil
	v, err = Verify(context.Background(), custom, Expect{Now: testNow, BaseURL: "https://login.example.com/"}, keys.source())
	if err != nil || v.Issuer != "https://login.example.com" || v.JWKSURL != "https://login.example.com//v1/sessions/jwks/"+testProject {
		t.Errorf("custom domain issuer: %+v, %v", v, err)
	}
	if strings.Join(keys.asked, ";") != "https://login.example.com/ "+testProject+" consumer" {
		t.Errorf("keys asked = %q", keys.asked)
	}
	if _, err := Verify(context.Background(), custom, Expect{Now: testNow}, keys.source()); err == nil {
		t.Error("an issuer that is not the base URL in use verifies")
	}
}

func TestVerifyB2BAsksForB2BKeys(t *testing.T) {
	good := newSigner(t, testKID)
	keys := &keySet{keys: []api.JWK{good.publicJWK("RS256")}}
	c := claims(testNow.Add(-time.Minute))
	c[organizationClaim] = map[string]any{"organization_id": "organization-test-1", "slug": "acme"}
	v, err := Verify(context.Background(), mustParse(t, good.sign(c)), Expect{Now: testNow}, keys.source())
	if err != nil || !strings.HasSuffix(v.JWKSURL, "/v1/b2b/sessions/jwks/"+testProject) {
		t.Errorf("Verify = %+v, %v", v, err)
	}
	if len(keys.asked) != 1 || !strings.HasSuffix(keys.asked[0], " b2b") {
		t.Errorf("keys asked = %q", keys.asked)
	}
}

// TestVerifyErrorsThatAreNotAboutTheToken: the key source's error comes
// back unchanged, and an unusable key is an error, not a failed check.
func TestVerifyErrorsThatAreNotAboutTheToken(t *testing.T) {
	good := newSigner(t, testKID)
	tok := mustParse(t, good.sign(claims(testNow.Add(-time.Minute))))
	boom := errors.New("boom")
	if _, err := Verify(context.Background(), tok, Expect{Now: testNow}, (&keySet{err: boom}).source()); err != boom {
		t.Errorf("key source error = %v, want it unchanged", err)
	}
	bad := api.JWK{KeyID: testKID, Algorithm: "RS256", Raw: json.RawMessage(`{"kty":"EC"}`)}
	_, err := Verify(context.Background(), tok, Expect{Now: testNow}, (&keySet{keys: []api.JWK{bad}}).source())
	var cf *CheckFailure
	if err == nil || errors.As(err, &cf) || !strings.Contains(err.Error(), "key "+testKID+" at https://test.stytch.com/v1/sessions/jwks/"+testProject+` is unusable: key type "EC" is not RSA`) {
		t.Errorf("unusable key: %v", err)
	}
}
