package api

import (
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"strings"
)

// JWKSResponse is the answer of GET /v1/sessions/jwks/{project_id} or its
// B2B twin (REFERENCE.md §3.4): the public keys that verify a project's
// session JWTs. Keys are kept as sent, one raw JWK each, so a JOSE library
// can decode them and nothing (x5tS256 included) is lost.
type JWKSResponse struct {
	// Raw is the response body exactly as Stytch sent it.
	Raw       json.RawMessage
	RequestID string
	// URL is where the key set was fetched from, for messages.
	URL  string
	Keys []JWK
}

// JWK is one key of a key set: the fields a caller picks a key by, and the
// key as sent.
type JWK struct {
	KeyID     string
	KeyType   string
	Algorithm string
	Use       string
	Raw       json.RawMessage
}

// RSAPublicKey builds the key from its modulus n and exponent e
// (base64url, RFC 7518 §6.3.1), as every Stytch SDK does (go's keyfunc,
// node's jose importJWK, python's PyJWK): the certificate chain in x5c and
// its thumbprint are not consulted, so a chain that Go's x509 parser cannot
// read (or that names another key) neither breaks nor changes the key.
func (k JWK) RSAPublicKey() (*rsa.PublicKey, error) {
	var w struct {
		Kty string `json:"kty"`
		N   string `json:"n"`
		E   string `json:"e"`
	}
	if err := json.Unmarshal(k.Raw, &w); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	if w.Kty != "RSA" {
		return nil, fmt.Errorf("key type %q is not RSA", w.Kty)
	}
	if w.N == "" || w.E == "" {
		return nil, errors.New("the RSA key lacks its modulus (n) or exponent (e)")
	}
	n, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(w.N, "="))
	if err != nil {
		return nil, errors.New("its modulus (n) is not base64url")
	}
	e, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(w.E, "="))
	if err != nil {
		return nil, errors.New("its exponent (e) is not base64url")
	}
	exp := new(big.Int).SetBytes(e)
	if !exp.IsInt64() || exp.Int64() < 3 || exp.Int64() > 1<<31-1 || exp.Bit(0) == 0 {
		return nil, errors.New("its exponent (e) is not a usable RSA exponent")
	}
	mod := new(big.Int).SetBytes(n)
	if mod.BitLen() < 2048 {
		return nil, fmt.Errorf("its modulus is %d bits; RS256 keys have at least 2048", mod.BitLen())
	}
	return &rsa.PublicKey{N: mod, E: int(exp.Int64())}, nil
}

// KeyIDs lists the kid of every key, in the order sent.
func (r *JWKSResponse) KeyIDs() []string {
	ids := make([]string, len(r.Keys))
	for i, k := range r.Keys {
		ids[i] = k.KeyID
	}
	return ids
}

// Key returns the key whose kid is kid.
func (r *JWKSResponse) Key(kid string) (JWK, bool) {
	for _, k := range r.Keys {
		if k.KeyID == kid {
			return k, true
		}
	}
	return JWK{}, false
}

// JWKSPath is the path of a project's key set: consumer projects use
// /v1/sessions/jwks/{project_id}, B2B projects /v1/b2b/sessions/jwks/{project_id}.
func JWKSPath(projectID string, b2b bool) string {
	p := "/v1/sessions/jwks/"
	if b2b {
		p = "/v1/b2b/sessions/jwks/"
	}
	return p + url.PathEscape(projectID)
}

// GetJWKS fetches a project's public signing keys. Like every Stytch SDK it
// sends no credentials, so it works with a client from NewPublic. A body
// without a "keys" array is a *ResponseError.
func (c *Client) GetJWKS(ctx context.Context, projectID string, b2b bool) (*JWKSResponse, error) {
	if _, err := pathSegment("project ID", projectID); err != nil {
		return nil, err
	}
	path := JWKSPath(projectID, b2b)
	body, err := c.do(ctx, request{method: "GET", path: path, noAuth: true})
	if err != nil {
		return nil, err
	}
	var w struct {
		RequestID string            `json:"request_id"`
		Keys      []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(body, &w); err != nil || w.Keys == nil {
		reason := "key set has no \"keys\" array"
		if err != nil {
			reason = "key set does not have the expected shape (" + err.Error() + ")"
		}
		return nil, &ResponseError{StatusCode: 200, ContentType: "application/json", Reason: reason}
	}
	out := &JWKSResponse{Raw: body, RequestID: w.RequestID, URL: strings.TrimRight(c.base.String(), "/") + path}
	for _, raw := range w.Keys {
		var k struct {
			Kid string `json:"kid"`
			Kty string `json:"kty"`
			Alg string `json:"alg"`
			Use string `json:"use"`
		}
		if err := json.Unmarshal(raw, &k); err != nil {
			return nil, &ResponseError{StatusCode: 200, ContentType: "application/json",
				Reason: "a key of the key set is not a JSON object (" + err.Error() + ")"}
		}
		out.Keys = append(out.Keys, JWK{KeyID: k.Kid, KeyType: k.Kty, Algorithm: k.Alg, Use: k.Use, Raw: raw})
	}
	return out, nil
}
