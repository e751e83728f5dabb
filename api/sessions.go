package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"time"

	segjson "github.com/segmentio/encoding/json"
)

// SessionsResponse is the answer of GET /v1/sessions (REFERENCE.md §3.1).
type SessionsResponse struct {
	// Raw is the response body exactly as Stytch sent it. The sessions'
	// Raw fields share its memory, so neither may be modified.
	Raw       json.RawMessage
	RequestID string
	Sessions  []Session
}

// Session is the typed view of a consumer session (REFERENCE.md §3.6). Raw
// holds the object as sent; the typed fields are for tables and filters and
// are zero when Stytch left them out.
type Session struct {
	Raw                   json.RawMessage
	SessionID             string
	UserID                string
	AuthenticationFactors []Factor
	// Roles is nil when the response had no roles key.
	Roles          []string
	StartedAt      time.Time
	LastAccessedAt time.Time
	ExpiresAt      time.Time
	IPAddress      string
	UserAgent      string
	// CustomClaims is the custom_claims object as sent, or nil.
	CustomClaims json.RawMessage
}

// Factor is one entry of authentication_factors (REFERENCE.md §3.7). Type
// and DeliveryMethod are open sets: unknown values are kept as they are.
type Factor struct {
	Type                string
	DeliveryMethod      string
	LastAuthenticatedAt time.Time
	// Kind is the key of the type-specific sub-object, e.g.
	// "google_oauth_factor", or "" when there is none.
	Kind string
	// Detail is that sub-object as sent.
	Detail json.RawMessage
}

// UnmarshalJSON decodes the typed view and keeps a copy of the raw object.
func (s *Session) UnmarshalJSON(b []byte) error {
	if !segjson.Valid(b) {
		return errors.New("session is not valid JSON")
	}
	r := newTokenReader(b)
	if r.t.Delim != '{' {
		return errors.New("session is not a JSON object")
	}
	*s = r.session()
	s.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// MarshalJSON writes the session exactly as Stytch sent it.
func (s Session) MarshalJSON() ([]byte, error) {
	if s.Raw == nil {
		return []byte("null"), nil
	}
	return s.Raw, nil
}

// GetSessions lists the active sessions of one user (GET /v1/sessions).
// userID may be a user ID or an external ID. An unknown user may come back
// either as a 404 user_not_found *Error or as an empty list: Stytch's choice
// is unconfirmed, and callers treat both as answers. A 200 without a
// "sessions" array of objects is never an empty list but a *ResponseError.
func (c *Client) GetSessions(ctx context.Context, userID string) (*SessionsResponse, error) {
	body, err := c.do(ctx, request{method: "GET", path: "/v1/sessions", query: url.Values{"user_id": {userID}}, decoderValidates: true})
	if err != nil {
		return nil, err
	}
	sessions, requestID, valid, err := decodeSessions(body)
	if !valid {
		return nil, invalidJSON(200, "", c.scrub(body))
	}
	if err != nil {
		return nil, listShapeError("sessions", body, err)
	}
	return &SessionsResponse{Raw: body, RequestID: requestID, Sessions: sessions}, nil
}

// GetSessionsRaw is GetSessions without the typed view: it returns the
// response body exactly as sent, checked to be the same shape GetSessions
// requires (a "sessions" array of objects), so that -o json never passes
// through what the table would refuse. Commands that pass one response
// through untouched (-o json with no filters) use it to skip decoding.
func (c *Client) GetSessionsRaw(ctx context.Context, userID string) (json.RawMessage, error) {
	body, err := c.do(ctx, request{method: "GET", path: "/v1/sessions", query: url.Values{"user_id": {userID}}, decoderValidates: true})
	if err != nil {
		return nil, err
	}
	valid, err := checkSessionsBody(body)
	if !valid {
		return nil, invalidJSON(200, "", c.scrub(body))
	}
	if err != nil {
		return nil, listShapeError("sessions", body, err)
	}
	return body, nil
}

// decodeFactor reads one authentication factor from its raw JSON object.
func decodeFactor(raw json.RawMessage) (Factor, error) {
	if !segjson.Valid(raw) {
		return Factor{}, errors.New("authentication factor is not valid JSON")
	}
	r := newTokenReader(raw)
	if r.t.Delim != '{' {
		return Factor{}, errors.New("authentication factor is not a JSON object")
	}
	return r.factor(), nil
}
