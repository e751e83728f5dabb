package apitest

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// DemoJWTSessionID is the demo session that the built-in demo profile mints
// a session JWT for: Alice's Google OAuth + TOTP session on an iPhone, with
// two roles and a custom claim.
const DemoJWTSessionID = "session-test-a7c3e1f9-5b2d-4e86-9f0a-3b6d8c1e5a27"

// jwtLifetime is how long Stytch's session JWTs are valid (REFERENCE.md §6.1).
const jwtLifetime = 5 * time.Minute

// jwksState is the fake's signing key and the key sets installed with
// [Fake.SetJWKS]. It sits behind the fake's mutex. The key is generated on
// first use, so a fake that never serves or mints a JWT costs nothing.
type jwksState struct {
	key *rsa.PrivateKey
	kid string
	jwk []byte // the public key as Stytch's JWK object
	// installed maps a project ID to a key set body served as-is.
	installed map[string][]byte
}

// getJWKS serves GET /v1/sessions/jwks/{project_id} and its B2B twin
// /v1/b2b/sessions/jwks/{project_id}, without credentials (REFERENCE.md
// §3.4). The fake's own project gets its generated key; a project given a
// key set with [Fake.SetJWKS] gets that body byte for byte. Any other project
// is 404 project_not_found: what Stytch answers for an unknown project is
// UNCONFIRMED, so clients must not depend on the exact status.
func (f *Fake) getJWKS(w http.ResponseWriter, _ *http.Request, p pathParams) {
	project := p["project_id"]
	f.mu.Lock()
	installed, ok := f.jwks.installed[project]
	f.mu.Unlock()
	if ok {
		writeBody(w, http.StatusOK, "application/json", installed)
		return
	}
	if project != ProjectID {
		writeError(w, http.StatusNotFound, "project_not_found", "Project could not be found.")
		return
	}
	_, _, jwk, err := f.signingKey()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internal_server_error", "Could not create a signing key.")
		return
	}
	var b bytes.Buffer
	b.WriteString(`{"keys":[`)
	b.Write(jwk)
	b.WriteString(`],"request_id":`)
	b.WriteString(strconv.Quote(newRequestID()))
	b.WriteString(`,"status_code":200}`)
	writeBody(w, http.StatusOK, "application/json", b.Bytes())
}

// SetJWKS makes the JWKS endpoints answer body, byte for byte, for
// projectID, so a test can serve keys it generated itself or a recorded key
// set (such as the reference jwks_200.json). A nil body removes it again.
func (f *Fake) SetJWKS(projectID string, body []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if body == nil {
		delete(f.jwks.installed, projectID)
		return
	}
	if f.jwks.installed == nil {
		f.jwks.installed = make(map[string][]byte)
	}
	f.jwks.installed[projectID] = bytes.Clone(body)
}

// SigningKeyID returns the kid ("jwk-test-<uuid>") of the key the fake signs
// JWTs with, generating the key if needed.
func (f *Fake) SigningKeyID() (string, error) {
	_, kid, _, err := f.signingKey()
	return kid, err
}

// signingKey returns the fake's RSA key, its kid and its JWK, generating
// them on first use. Generation (a 2048-bit key is slow to make) happens
// outside the lock; if two callers race, the first key stored wins.
func (f *Fake) signingKey() (*rsa.PrivateKey, string, []byte, error) {
	f.mu.Lock()
	if k := f.jwks.key; k != nil {
		kid, jwk := f.jwks.kid, f.jwks.jwk
		f.mu.Unlock()
		return k, kid, jwk, nil
	}
	f.mu.Unlock()

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, "", nil, fmt.Errorf("apitest: generating RSA key: %w", err)
	}
	kid := "jwk-test-" + newUUID()
	jwk, err := publicJWK(key, kid, f.now())
	if err != nil {
		return nil, "", nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.jwks.key == nil {
		f.jwks.key, f.jwks.kid, f.jwks.jwk = key, kid, jwk
	}
	return f.jwks.key, f.jwks.kid, f.jwks.jwk, nil
}

// publicJWK encodes key's public half as Stytch does: kty, use, key_ops, alg,
// kid, x5c (a self-signed certificate named after the kid), x5tS256 (the
// certificate's SHA-256, standard base64), n and e.
func publicJWK(key *rsa.PrivateKey, kid string, now time.Time) ([]byte, error) {
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: kid},
		NotBefore:    now.Add(-24 * time.Hour),
		NotAfter:     now.Add(400 * 24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("apitest: self-signing the JWK certificate: %w", err)
	}
	thumb := sha256.Sum256(der)
	e := big.NewInt(int64(key.E)).Bytes()
	return mustRaw(object{
		{"kty", "RSA"},
		{"use", "sig"},
		{"key_ops", []string{"verify"}},
		{"alg", "RS256"},
		{"kid", kid},
		{"x5c", []string{base64.StdEncoding.EncodeToString(der)}},
		{"x5tS256", base64.StdEncoding.EncodeToString(thumb[:])},
		{"n", base64.RawURLEncoding.EncodeToString(key.N.Bytes())},
		{"e", base64.RawURLEncoding.EncodeToString(e)},
	}), nil
}

// SessionJWTOptions adjusts a JWT minted by [Fake.MintSessionJWT]. The zero
// value mints what Stytch would at the fake's current time.
type SessionJWTOptions struct {
	// IssuedAt is the iat and nbf; zero means the fake's clock.
	IssuedAt time.Time
	// Lifetime is exp - iat; zero means Stytch's five minutes.
	Lifetime time.Duration
	// OrganizationID and OrganizationSlug, when OrganizationID is set, add
	// the B2B https://stytch.com/organization claim.
	OrganizationID, OrganizationSlug string
}

// MintSessionJWT returns a session JWT for the stored session sessionID
// (expired ones included), signed RS256 with the key the JWKS endpoints
// serve, laid out as Stytch's (REFERENCE.md §6.1): aud [ProjectID], iss
// stytch.com/ProjectID, sub the user, iat = nbf, exp = iat + 5 minutes, the
// https://stytch.com/session claim built from the session and its custom
// claims at the top level. Tests use it; the demo profile uses it so that
// `sessions decode --profile demo --demo-jwt --verify` works offline.
func (f *Fake) MintSessionJWT(sessionID string, opts SessionJWTOptions) (string, error) {
	raw := f.findSession(sessionID)
	if raw == nil {
		return "", fmt.Errorf("apitest: no stored session %q", sessionID)
	}
	var s struct {
		UserID       string                     `json:"user_id"`
		Factors      json.RawMessage            `json:"authentication_factors"`
		Roles        json.RawMessage            `json:"roles"`
		StartedAt    json.RawMessage            `json:"started_at"`
		LastAccessed json.RawMessage            `json:"last_accessed_at"`
		ExpiresAt    json.RawMessage            `json:"expires_at"`
		Attributes   map[string]json.RawMessage `json:"attributes"`
		CustomClaims map[string]json.RawMessage `json:"custom_claims"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("apitest: session %q is not a session object: %w", sessionID, err)
	}
	iat := opts.IssuedAt
	if iat.IsZero() {
		iat = f.now()
	}
	life := opts.Lifetime
	if life == 0 {
		life = jwtLifetime
	}
	session := object{
		{"id", sessionID},
		{"started_at", s.StartedAt},
		{"last_accessed_at", s.LastAccessed},
		{"expires_at", s.ExpiresAt},
		{"attributes", object{{"user_agent", s.Attributes["user_agent"]}, {"ip_address", s.Attributes["ip_address"]}}},
		{"authentication_factors", s.Factors},
	}
	if s.Roles != nil {
		session = append(session, field{"roles", s.Roles})
	}
	// A map marshals with sorted keys, as Stytch's tokens are laid out.
	claims := map[string]any{}
	for k, v := range s.CustomClaims {
		claims[k] = v
	}
	claims["aud"] = []string{ProjectID}
	claims["iss"] = "stytch.com/" + ProjectID
	claims["sub"] = s.UserID
	claims["iat"] = iat.Unix()
	claims["nbf"] = iat.Unix()
	claims["exp"] = iat.Add(life).Unix()
	claims["https://stytch.com/session"] = session
	if opts.OrganizationID != "" {
		claims["https://stytch.com/organization"] = object{
			{"organization_id", opts.OrganizationID}, {"slug", opts.OrganizationSlug}}
	}
	payload, err := encodeJSON(claims)
	if err != nil {
		return "", fmt.Errorf("apitest: encoding claims: %w", err)
	}
	key, kid, _, err := f.signingKey()
	if err != nil {
		return "", err
	}
	signer, err := jose.NewSigner(
		jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", fmt.Errorf("apitest: creating signer: %w", err)
	}
	obj, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("apitest: signing: %w", err)
	}
	return obj.CompactSerialize()
}

// findSession returns a copy of the stored session whose session_id is id.
func (f *Fake) findSession(id string) json.RawMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, uid := range f.order {
		for _, s := range f.users[uid].sessions {
			var probe struct {
				SessionID string `json:"session_id"`
			}
			if json.Unmarshal(s.raw, &probe) == nil && probe.SessionID == id {
				return bytes.Clone(s.raw)
			}
		}
	}
	return nil
}
