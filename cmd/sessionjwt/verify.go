package sessionjwt

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	josejwt "github.com/go-jose/go-jose/v4/jwt"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/config"
	"github.com/stytchctl/stytchctl/render"
)

// DefaultLeeway is the clock skew Verify tolerates on exp, nbf and iat
// unless told otherwise: none, like every Stytch SDK (Node
// clock_tolerance_seconds, Python leeway, Go's jwt parser).
const DefaultLeeway = 0

// Expect is what Verify holds a token to, and where its keys come from.
type Expect struct {
	// Project is the project the token must be for; "" takes it from the
	// token's aud.
	Project string
	// BaseURL is the API base URL the keys come from, and the one issuer
	// accepted besides stytch.com/<project>; "" means Stytch's own base
	// URL for the project verified.
	BaseURL string
	// Leeway is the clock skew allowed on exp, nbf and iat.
	Leeway time.Duration
	// Now is the time the token must be valid at.
	Now time.Time
}

// KeySource fetches the key set of project from baseURL: the B2B key set
// when b2b is set. Verify returns its errors unchanged, so they can carry
// what the caller needs (an API error, the URL asked).
type KeySource func(ctx context.Context, baseURL, project string, b2b bool) (*api.JWKSResponse, error)

// CheckFailure is a token that does not verify. Check is a stable name for
// scripts ("signature", "expired", …), Reason says why in words, and Hint,
// when set, what to do about it.
type CheckFailure struct {
	Check  string
	Reason string
	Hint   string
}

// Error returns the reason.
func (e *CheckFailure) Error() string { return e.Reason }

// Verification is the outcome of the failed check, for the document.
func (e *CheckFailure) Verification() Verification {
	return Verification{Checked: true, Valid: false, Check: e.Check, Reason: e.Reason}
}

func failed(check, format string, args ...any) *CheckFailure {
	return &CheckFailure{Check: check, Reason: fmt.Sprintf(format, args...)}
}

// Verification is the outcome of a verification, the "verification" object
// of the decode document. The zero value is a token not checked.
type Verification struct {
	Checked       bool
	Valid         bool
	Check         string // the failed check: "signature", "expired", …
	Reason        string
	KeyID         string
	JWKSURL       string
	ProjectID     string
	Issuer        string
	LeewaySeconds int64
}

// MarshalJSON writes {"checked":false} for a token not checked; otherwise
// checked, valid, and either the failed check and its reason or what
// passed.
func (v Verification) MarshalJSON() ([]byte, error) {
	if !v.Checked {
		return []byte(`{"checked":false}`), nil
	}
	if !v.Valid {
		return json.Marshal(struct {
			Checked bool   `json:"checked"`
			Valid   bool   `json:"valid"`
			Check   string `json:"check"`
			Reason  string `json:"reason"`
		}{true, false, v.Check, v.Reason})
	}
	return json.Marshal(struct {
		Checked       bool   `json:"checked"`
		Valid         bool   `json:"valid"`
		KeyID         string `json:"key_id"`
		JWKSURL       string `json:"jwks_url"`
		ProjectID     string `json:"project_id"`
		Issuer        string `json:"issuer"`
		LeewaySeconds int64  `json:"leeway_seconds"`
	}{true, true, v.KeyID, v.JWKSURL, v.ProjectID, v.Issuer, v.LeewaySeconds})
}

// Verify runs the checks in the documented order and stops at the first
// failure: algorithm (only RS256), key ID present, audience, key ID known,
// signature, issuer, times. It returns the verification of a valid token,
// a *CheckFailure, or an error that is not about the token: the
// KeySource's, or a key that cannot be used. Keys are fetched only once
// the header and audience have passed.
func Verify(ctx context.Context, tok *Token, want Expect, keys KeySource) (Verification, error) {
	if err := checkHeader(tok); err != nil {
		return Verification{}, err
	}
	project, err := audienceProject(tok, want.Project)
	if err != nil {
		return Verification{}, err
	}
	base := want.BaseURL
	if base == "" {
		base = config.BaseURLFor(project)
	}
	set, err := keys(ctx, base, project, tok.claim(organizationClaim) != nil)
	if err != nil {
		return Verification{}, err
	}
	pub, err := signingKey(set, tok.kid)
	if err != nil {
		return Verification{}, err
	}
	claims, err := checkSignature(tok, pub)
	if err != nil {
		return Verification{}, err
	}
	if !issuerOK(claims.Issuer, project, base) {
		return Verification{}, failed("issuer", "wrong issuer: iss is %q, want stytch.com/%s or %s", claims.Issuer, project, strings.TrimRight(base, "/"))
	}
	if err := checkTimes(claims, want.Now, want.Leeway); err != nil {
		return Verification{}, err
	}
	return Verification{Checked: true, Valid: true, KeyID: tok.kid, JWKSURL: set.URL, ProjectID: project,
		Issuer: claims.Issuer, LeewaySeconds: int64(want.Leeway / time.Second)}, nil
}

// checkHeader refuses every algorithm but RS256, and a header without the
// key ID that picks the key.
func checkHeader(tok *Token) error {
	if tok.alg != "RS256" {
		return failed("algorithm", "algorithm %q is not accepted: Stytch signs session JWTs with RS256, so Stytch did not issue this token", tok.alg)
	}
	if tok.kid == "" {
		return failed("key_id", "the header has no key ID (kid), so no key can be chosen")
	}
	return nil
}

// audienceProject returns the project the token is verified for: project
// when it is in the token's aud, or with project "" the first Stytch
// project the aud names.
func audienceProject(tok *Token, project string) (string, error) {
	var aud josejwt.Audience
	if v := tok.claim("aud"); v != nil {
		if err := json.Unmarshal(v, &aud); err != nil {
			return "", failed("audience", "wrong audience: aud is neither a string nor an array of strings")
		}
	}
	if project != "" {
		if !aud.Contains(project) {
			f := failed("audience", "wrong audience: the token is for %s, not %s", describeAud(aud), project)
			f.Hint = "To check it against its own project, pass --project with the project ID in its aud."
			return "", f
		}
		return project, nil
	}
	for _, a := range aud {
		if strings.HasPrefix(a, "project-") {
			return a, nil
		}
	}
	f := failed("audience", "wrong audience: aud %s names no Stytch project", describeAud(aud))
	f.Hint = "Pass --project with the project the token should be for."
	return "", f
}

// signingKey picks the key kid out of set and builds it from its n and e.
// A key set without kid is a failed check; a key that cannot be built is
// an error about the key set, not the token.
func signingKey(set *api.JWKSResponse, kid string) (*rsa.PublicKey, error) {
	k, ok := set.Key(kid)
	if !ok {
		f := failed("key_id", "unknown key ID %s: the keys at %s are %s", kid, set.URL, strings.Join(set.KeyIDs(), ", "))
		if len(set.Keys) == 0 {
			f.Reason = fmt.Sprintf("unknown key ID %s: %s serves no keys", kid, set.URL)
		}
		f.Hint = "The token was signed by another project's key, or by a key Stytch no longer serves."
		return nil, f
	}
	if k.Algorithm != "" && k.Algorithm != "RS256" {
		return nil, failed("key_id", "key %s is for %s, not RS256", kid, k.Algorithm)
	}
	pub, err := k.RSAPublicKey()
	if err != nil {
		return nil, fmt.Errorf("key %s at %s is unusable: %w", kid, set.URL, err)
	}
	return pub, nil
}

// checkSignature checks the token's RS256 signature with pub and returns
// its registered claims. The library checks the signature with the
// algorithm pinned to RS256, so alg "none" and HS256 signed with the
// public key are refused here too, whatever the header claims.
func checkSignature(tok *Token, pub *rsa.PublicKey) (josejwt.Claims, error) {
	var claims josejwt.Claims
	jws, err := josejwt.ParseSigned(tok.compact, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return claims, failed("signature", "bad signature: %s", josePlain(err))
	}
	if err := jws.Claims(pub, &claims); err != nil {
		if errors.Is(err, jose.ErrCryptoFailure) {
			return claims, failed("signature", "bad signature: the token was altered, or not signed by key %s", tok.kid)
		}
		return claims, failed("claims", "malformed claims: %s", josePlain(err))
	}
	return claims, nil
}

// checkTimes requires an exp and checks exp, nbf and iat against now with
// leeway, naming the time that failed.
func checkTimes(claims josejwt.Claims, now time.Time, leeway time.Duration) error {
	if claims.Expiry == nil {
		return failed("expired", "the token has no expiry (exp); Stytch's session JWTs always do")
	}
	err := claims.ValidateWithLeeway(josejwt.Expected{Time: now}, leeway)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, josejwt.ErrExpired):
		exp := claims.Expiry.Time()
		return failed("expired", "expired at %s (%s; leeway %s)", stamp(exp), render.Relative(exp, now), leeway)
	case errors.Is(err, josejwt.ErrNotValidYet):
		nbf := claims.NotBefore.Time()
		return failed("not_yet_valid", "not valid before %s (%s; leeway %s): check this machine's clock", stamp(nbf), render.Relative(nbf, now), leeway)
	case errors.Is(err, josejwt.ErrIssuedInTheFuture):
		iat := claims.IssuedAt.Time()
		return failed("issued_in_future", "issued in the future at %s (%s; leeway %s): check this machine's clock", stamp(iat), render.Relative(iat, now), leeway)
	}
	return failed("claims", "%s", josePlain(err))
}

// issuerOK accepts what the SDKs accept: stytch.com/<project>, or the base
// URL the keys came from (a custom domain Stytch names as the issuer of
// tokens issued through it), compared without its trailing slash as
// Python's SDK does. Any other issuer fails, https or not.
func issuerOK(iss, project, base string) bool {
	return iss == "stytch.com/"+project || iss == strings.TrimRight(base, "/")
}

// describeAud names an audience in a message.
func describeAud(aud josejwt.Audience) string {
	switch len(aud) {
	case 0:
		return "no project (aud is missing)"
	case 1:
		return aud[0]
	}
	return "[" + strings.Join(aud, ", ") + "]"
}

// josePlain strips go-jose's package prefix from its messages.
func josePlain(err error) string {
	s := err.Error()
	for _, p := range []string{"go-jose/go-jose/jwt: ", "go-jose/go-jose: "} {
		s = strings.ReplaceAll(s, p, "")
	}
	return s
}

// stamp writes t as RFC 3339 UTC, as times appear in messages and in the
// document.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
