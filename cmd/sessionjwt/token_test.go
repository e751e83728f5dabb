package sessionjwt

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

var testNow = time.Date(2026, 6, 4, 10, 0, 0, 0, time.UTC)

const (
	testProject = "project-test-00000000-0000-4000-8000-000000000000"
	testKID     = "jwk-test-4b9e2c7a-1f6d-4a83-9c50-d8e3b1a7f246"
)

// signer signs test tokens with one RSA key under one kid.
type signer struct {
	t   *testing.T
	key *rsa.PrivateKey
	kid string
}

func newSigner(t *testing.T, kid string) signer {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return signer{t: t, key: k, kid: kid}
}

// sign returns a compact RS256 JWS of claims, with typ JWT and the kid.
func (s signer) sign(claims map[string]any) string {
	s.t.Helper()
	payload, err := json.Marshal(claims)
	if err != nil {
		s.t.Fatal(err)
	}
	sig, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: s.key, KeyID: s.kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		s.t.Fatal(err)
	}
	obj, err := sig.Sign(payload)
	if err != nil {
		s.t.Fatal(err)
	}
	out, err := obj.CompactSerialize()
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

// claimsTemplate is a consumer session JWT's payload as Stytch lays it
// out, with one custom claim: %[1]s is the project, %[2]d the iat (and
// nbf), %[3]d the exp and %[4]s the last activity.
const claimsTemplate = `{
  "aud": ["%[1]s"],
  "iss": "stytch.com/%[1]s",
  "sub": "user-test-8e0d3b5a-2c4f-4b7e-9a1d-6f5e3c2b1a90",
  "iat": %[2]d, "nbf": %[2]d, "exp": %[3]d,
  "https://stytch.com/session": {
    "id": "session-test-3d8f1a6e-9b2c-4e57-a0d4-5c7b8e2f1a63",
    "started_at": "2026-06-03T21:47:05Z", "last_accessed_at": "%[4]s", "expires_at": "2026-07-03T21:47:05Z",
    "attributes": {"user_agent": "curl/8.7.1", "ip_address": "203.0.113.9"},
    "authentication_factors": [{"type": "magic_link", "delivery_method": "email", "last_authenticated_at": "2026-06-03T21:47:05Z",
      "email_factor": {"email_id": "email-test-4f7b2d9e-6a1c-4e83-b5d0-9c2e8f1a7b36", "email_address": "maya@example.com"}}],
    "roles": ["stytch_user"]
  },
  "app_tier": "premium"
}`

// claims is claimsTemplate issued at iat, for a test to edit.
func claims(iat time.Time) map[string]any {
	text := fmt.Sprintf(claimsTemplate, testProject, iat.Unix(), iat.Add(5*time.Minute).Unix(), iat.UTC().Format(time.RFC3339))
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		panic("claimsTemplate is not JSON: " + err.Error())
	}
	return m
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestParse(t *testing.T) {
	jwt := b64(`{"alg":"RS256","kid":"k1","typ":"JWT","x":1}`) + "." + b64(`{"z":1,"a":{"b":2},"iss":"i"}`) + "." + b64("sig")
	tok, err := Parse(jwt)
	if err != nil {
		t.Fatal(err)
	}
	if tok.alg != "RS256" || tok.kid != "k1" || tok.typ != "JWT" {
		t.Errorf("header fields = %q %q %q", tok.alg, tok.kid, tok.typ)
	}
	if string(tok.Header) != `{"alg":"RS256","kid":"k1","typ":"JWT","x":1}` || string(tok.Payload) != `{"z":1,"a":{"b":2},"iss":"i"}` {
		t.Errorf("header %s, payload %s: want them byte for byte", tok.Header, tok.Payload)
	}
	var names []string
	for _, m := range tok.claims {
		names = append(names, m.name)
	}
	if strings.Join(names, ",") != "z,a,iss" || string(tok.claim("a")) != `{"b":2}` || tok.claim("nope") != nil {
		t.Errorf("claims = %v, a = %s", names, tok.claim("a"))
	}
	// A header value that is not a string leaves its field empty.
	tok, err = Parse(b64(`{"alg":7,"kid":null}`) + "." + b64(`{}`) + ".")
	if err != nil || tok.alg != "" || tok.kid != "" {
		t.Errorf("odd header: %+v, %v", tok, err)
	}
}

func TestParseRefusesWhatIsNotAJWT(t *testing.T) {
	hdr, payload := b64(`{"alg":"RS256"}`), b64(`{"sub":"s"}`)
	for _, tc := range []struct{ name, in, want string }{
		{"garbage", "garbage-not-a-token", "not a JWT: want 3 parts separated by dots, got 1"},
		{"opaque session token", "Zk3pQ9vT2mWx7LcR4nHb8YsJ1dFg6AeU0oKiN5tVqBy3", "looks like an opaque session token"},
		{"two parts", hdr + "." + payload, "got 2"},
		{"JWE", "eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d", "encrypted token (JWE)"},
		{"whitespace", hdr + "." + payload + ". x", "contains whitespace"},
		{"header not base64", "!!!." + payload + ".", "the header (part 1) is not base64url"},
		{"header not JSON", b64("{") + "." + payload + ".", "the header (part 1) is not JSON"},
		{"payload not JSON", hdr + "." + b64("not json") + ".", "the payload (part 2) is not JSON"},
		{"header an array", b64(`[1]`) + "." + payload + ".", "the header is not a JSON object"},
		{"payload an array", hdr + "." + b64(`[1,2]`) + ".", "the payload is not a JSON object"},
		{"signature not base64", hdr + "." + payload + ".***", "the signature (part 3) is not base64url"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := Parse(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Parse = %v, %v; want an error with %q", tok, err, tc.want)
			}
			for _, part := range strings.Split(tc.in, ".") {
				if len(part) >= 16 && strings.Contains(err.Error(), part) {
					t.Errorf("the error echoes the input: %v", err)
				}
			}
		})
	}
}
