package apitest

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	josejwt "github.com/go-jose/go-jose/v4/jwt"
)

var kidPattern = regexp.MustCompile(`^jwk-test-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// jwksDoc is a decoded key set with the keys kept raw.
type jwksDoc struct {
	Keys       []json.RawMessage `json:"keys"`
	RequestID  string            `json:"request_id"`
	StatusCode int               `json:"status_code"`
}

func TestJWKSServesTheSigningKeyWithoutCredentials(t *testing.T) {
	f, srv := startFake(t, Options{})
	for _, path := range []string{"/v1/sessions/jwks/", "/v1/b2b/sessions/jwks/"} {
		r := call(t, nil, http.MethodGet, srv.URL+path+ProjectID, false, nil)
		if r.status != 200 || r.header.Get("Content-Type") != "application/json" {
			t.Fatalf("%s: status %d, %s", path, r.status, r.body)
		}
		var doc jwksDoc
		if err := json.Unmarshal(r.body, &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Keys) != 1 || doc.StatusCode != 200 || !requestIDPattern.MatchString(doc.RequestID) {
			t.Fatalf("%s: body %s", path, r.body)
		}
		// Stytch's field order and spelling (x5tS256).
		var order []string
		dec := json.NewDecoder(bytes.NewReader(doc.Keys[0]))
		dec.Token()
		for dec.More() {
			k, _ := dec.Token()
			order = append(order, k.(string))
			var skip json.RawMessage
			dec.Decode(&skip)
		}
		if got := strings.Join(order, ","); got != "kty,use,key_ops,alg,kid,x5c,x5tS256,n,e" {
			t.Errorf("JWK fields = %s", got)
		}
		var jwk jose.JSONWebKey
		if err := jwk.UnmarshalJSON(doc.Keys[0]); err != nil {
			t.Fatalf("go-jose rejects the JWK: %v", err)
		}
		kid, _ := f.SigningKeyID()
		if jwk.KeyID != kid || !kidPattern.MatchString(kid) || jwk.Algorithm != "RS256" || jwk.Use != "sig" || !jwk.IsPublic() {
			t.Errorf("JWK = %+v (kid %s)", jwk, kid)
		}
		if _, ok := jwk.Key.(*rsa.PublicKey); !ok {
			t.Errorf("key is %T", jwk.Key)
		}
		var raw struct {
			X5c     []string `json:"x5c"`
			X5tS256 string   `json:"x5tS256"`
		}
		json.Unmarshal(doc.Keys[0], &raw)
		der, _ := base64.StdEncoding.DecodeString(raw.X5c[0])
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(der)
		if raw.X5tS256 != base64.StdEncoding.EncodeToString(sum[:]) || cert.Subject.CommonName != kid {
			t.Errorf("x5tS256 %s or certificate CN %s wrong", raw.X5tS256, cert.Subject.CommonName)
		}
	}
	// The same key every time.
	a := call(t, nil, http.MethodGet, srv.URL+"/v1/sessions/jwks/"+ProjectID, false, nil)
	b := call(t, nil, http.MethodGet, srv.URL+"/v1/sessions/jwks/"+ProjectID, false, nil)
	var da, db jwksDoc
	json.Unmarshal(a.body, &da)
	json.Unmarshal(b.body, &db)
	if !bytes.Equal(da.Keys[0], db.Keys[0]) {
		t.Error("the signing key changed between requests")
	}
}

func TestJWKSUnknownProjectAndInstalledSets(t *testing.T) {
	f, srv := startFake(t, Options{})
	const other = "project-test-5c1a7e0e-3b2f-4d8a-9f61-2a7d4e9b8c13"
	r := call(t, nil, http.MethodGet, srv.URL+"/v1/sessions/jwks/"+other, false, nil)
	if r.status != 404 || !strings.Contains(string(r.body), `"error_type":"project_not_found"`) {
		t.Errorf("unknown project: %d %s", r.status, r.body)
	}
	body := []byte(`{"keys":[{"kid":"jwk-test-a"}],"request_id":"request-id-test-1","status_code":200}`)
	f.SetJWKS(other, body)
	r = call(t, nil, http.MethodGet, srv.URL+"/v1/b2b/sessions/jwks/"+other, false, nil)
	if r.status != 200 || !bytes.Equal(r.body, body) {
		t.Errorf("installed set: %d %s", r.status, r.body)
	}
	f.SetJWKS(other, nil)
	if r = call(t, nil, http.MethodGet, srv.URL+"/v1/sessions/jwks/"+other, false, nil); r.status != 404 {
		t.Errorf("removed set still served: %d", r.status)
	}
	if r = call(t, nil, http.MethodPost, srv.URL+"/v1/sessions/jwks/"+ProjectID, false, nil); r.status != 405 {
		t.Errorf("POST: %d", r.status)
	}
}

func TestMintSessionJWT(t *testing.T) {
	f, srv := startFake(t, Options{})
	tok, err := f.MintSessionJWT(DemoJWTSessionID, SessionJWTOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := call(t, nil, http.MethodGet, srv.URL+"/v1/sessions/jwks/"+ProjectID, false, nil)
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(r.body, &set); err != nil {
		t.Fatal(err)
	}
	parsed, err := josejwt.ParseSigned(tok, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatal(err)
	}
	h := parsed.Headers[0]
	if h.KeyID != set.Keys[0].KeyID || h.ExtraHeaders["typ"] != "JWT" {
		t.Errorf("header = %+v", h)
	}
	var std josejwt.Claims
	var all map[string]json.RawMessage
	if err := parsed.Claims(set.Keys[0].Key, &std, &all); err != nil {
		t.Fatalf("the served key does not verify the minted JWT: %v", err)
	}
	iat := testNow()
	if err := std.ValidateWithLeeway(josejwt.Expected{Issuer: "stytch.com/" + ProjectID, AnyAudience: []string{ProjectID}, Subject: DemoUserID, Time: iat}, 0); err != nil {
		t.Error(err)
	}
	if !std.IssuedAt.Time().Equal(iat) || !std.NotBefore.Time().Equal(iat) || !std.Expiry.Time().Equal(iat.Add(5*time.Minute)) {
		t.Errorf("iat %v nbf %v exp %v", std.IssuedAt.Time(), std.NotBefore.Time(), std.Expiry.Time())
	}
	var sess struct {
		ID         string            `json:"id"`
		Attributes map[string]string `json:"attributes"`
		Factors    []map[string]any  `json:"authentication_factors"`
		Roles      []string          `json:"roles"`
		ExpiresAt  string            `json:"expires_at"`
	}
	if err := json.Unmarshal(all["https://stytch.com/session"], &sess); err != nil {
		t.Fatal(err)
	}
	if sess.ID != DemoJWTSessionID || len(sess.Factors) != 2 || sess.Factors[0]["delivery_method"] != "oauth_google" ||
		!strings.Contains(sess.Attributes["user_agent"], "iPhone") || len(sess.Roles) != 2 || sess.ExpiresAt == "" {
		t.Errorf("session claim = %+v", sess)
	}
	if string(all["app_tier"]) != `"premium"` {
		t.Errorf("custom claim app_tier = %s", all["app_tier"])
	}
	if _, ok := all["https://stytch.com/organization"]; ok {
		t.Error("consumer token has an organization claim")
	}

	b2b, err := f.MintSessionJWT(DemoJWTSessionID, SessionJWTOptions{OrganizationID: "organization-test-1", OrganizationSlug: "acme",
		IssuedAt: iat.Add(-time.Hour), Lifetime: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := josejwt.ParseSigned(b2b, []jose.SignatureAlgorithm{jose.RS256})
	all = nil
	if err := p.Claims(set.Keys[0].Key, &std, &all); err != nil {
		t.Fatal(err)
	}
	if string(all["https://stytch.com/organization"]) != `{"organization_id":"organization-test-1","slug":"acme"}` ||
		!std.Expiry.Time().Equal(iat.Add(-59*time.Minute)) {
		t.Errorf("B2B claims: %s, exp %v", all["https://stytch.com/organization"], std.Expiry.Time())
	}
	if _, err := f.MintSessionJWT("session-test-nope", SessionJWTOptions{}); err == nil || !strings.Contains(err.Error(), "no stored session") {
		t.Errorf("unknown session: %v", err)
	}
}
