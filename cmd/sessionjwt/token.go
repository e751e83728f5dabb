// Package sessionjwt reads Stytch session JWTs for `stytchctl sessions
// decode`. Parse splits and decodes a token without trusting it, Summarize
// says what its claims tell about the session, Verify checks it the way
// Stytch's SDKs do against keys that a KeySource fetches, and Table lays
// the result out for people. The package prints nothing and sends no
// request of its own, so each step is tested on its own. The token is a
// credential: no error or result of this package contains it.
package sessionjwt

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Claim names Stytch reserves (REFERENCE.md §6.1): everything else at the
// top level of the payload, apart from the registered claims, is a custom
// claim.
const (
	sessionClaim      = "https://stytch.com/session"
	organizationClaim = "https://stytch.com/organization"
	stytchClaimPrefix = "https://stytch.com/"
)

// isRegisteredClaim reports whether name is one of the JWT claims of RFC
// 7519 §4.1, which are never custom claims.
func isRegisteredClaim(name string) bool {
	switch name {
	case "iss", "aud", "sub", "iat", "nbf", "exp", "jti":
		return true
	}
	return false
}

// Token is a JWT split and decoded, not verified. Header and Payload are
// the JSON exactly as in the token.
type Token struct {
	Header  json.RawMessage
	Payload json.RawMessage
	// claims are the payload's top-level members, in token order.
	claims []member
	alg    string
	kid    string
	typ    string
	// compact is the token as given, for the signature check; it is never
	// part of an error or an output.
	compact string
}

// member is one name/value pair of a JSON object.
type member struct {
	name  string
	value json.RawMessage
}

// claim returns the raw value of a top-level claim, or nil.
func (t *Token) claim(name string) json.RawMessage {
	for _, m := range t.claims {
		if m.name == name {
			return m.value
		}
	}
	return nil
}

// Parse splits a compact JWS and decodes its header and payload. Errors
// describe the input's shape, never its content: it is a credential.
func Parse(s string) (*Token, error) {
	parts, err := splitCompact(s)
	if err != nil {
		return nil, err
	}
	header, err := b64JSON(parts[0])
	if err != nil {
		return nil, fmt.Errorf("not a JWT: the header (part 1) %w", err)
	}
	payload, err := b64JSON(parts[1])
	if err != nil {
		return nil, fmt.Errorf("not a JWT: the payload (part 2) %w", err)
	}
	if _, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[2], "=")); err != nil {
		return nil, errors.New("not a JWT: the signature (part 3) is not base64url")
	}
	hm, err := objectMembers(header)
	if err != nil {
		return nil, fmt.Errorf("not a JWT: the header %w", err)
	}
	cm, err := objectMembers(payload)
	if err != nil {
		return nil, fmt.Errorf("not a JWT: the payload %w", err)
	}
	t := &Token{Header: header, Payload: payload, claims: cm, compact: s}
	t.readHeader(hm)
	return t, nil
}

// splitCompact splits s into the three parts of a compact JWS, naming what
// s is instead when it is not one (a JWE, an opaque session token).
func splitCompact(s string) ([]string, error) {
	if strings.ContainsAny(s, " \t\r\n") {
		return nil, errors.New("not a JWT: the input contains whitespace; give exactly one token")
	}
	parts := strings.Split(s, ".")
	switch n := len(parts); {
	case n == 5:
		return nil, errors.New("not a session JWT: it has 5 parts, so it is an encrypted token (JWE)")
	case n == 1 && len(s) == 44:
		return nil, errors.New("not a JWT: this looks like an opaque session token, which cannot be decoded (use 'sessions list' to see sessions)")
	case n != 3:
		return nil, fmt.Errorf("not a JWT: want 3 parts separated by dots, got %d", n)
	}
	return parts, nil
}

// readHeader takes alg, kid and typ from the header's members; a value
// that is not a string leaves its field empty.
func (t *Token) readHeader(members []member) {
	for _, m := range members {
		var v string
		_ = json.Unmarshal(m.value, &v) // a non-string alg/kid/typ stays empty
		switch m.name {
		case "alg":
			t.alg = v
		case "kid":
			t.kid = v
		case "typ":
			t.typ = v
		}
	}
}

// b64JSON decodes one base64url part that must hold JSON.
func b64JSON(part string) (json.RawMessage, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(part, "="))
	if err != nil {
		return nil, errors.New("is not base64url")
	}
	if !json.Valid(b) {
		return nil, errors.New("is not JSON")
	}
	return json.RawMessage(b), nil
}

// objectMembers lists the members of a JSON object in document order.
func objectMembers(raw []byte) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, errors.New("is not a JSON object")
	}
	var out []member
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, errors.New("is not a JSON object")
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, errors.New("is not a JSON object")
		}
		out = append(out, member{name: k.(string), value: v})
	}
	return out, nil
}
