package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// SessionsResponse is the answer of GET /v1/sessions (REFERENCE.md §3.1).
type SessionsResponse struct {
	// Raw is the response body exactly as Stytch sent it.
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

// wireSession is the subset of the session object decoded into Session.
type wireSession struct {
	SessionID             string            `json:"session_id"`
	UserID                string            `json:"user_id"`
	AuthenticationFactors []json.RawMessage `json:"authentication_factors"`
	Roles                 []string          `json:"roles"`
	StartedAt             string            `json:"started_at"`
	LastAccessedAt        string            `json:"last_accessed_at"`
	ExpiresAt             string            `json:"expires_at"`
	Attributes            struct {
		IPAddress string `json:"ip_address"`
		UserAgent string `json:"user_agent"`
	} `json:"attributes"`
	CustomClaims json.RawMessage `json:"custom_claims"`
}

// UnmarshalJSON decodes the typed view and keeps a copy of the raw object.
func (s *Session) UnmarshalJSON(b []byte) error {
	var w wireSession
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = Session{
		Raw:            append(json.RawMessage(nil), b...),
		SessionID:      w.SessionID,
		UserID:         w.UserID,
		Roles:          w.Roles,
		StartedAt:      ParseTime(w.StartedAt),
		LastAccessedAt: ParseTime(w.LastAccessedAt),
		ExpiresAt:      ParseTime(w.ExpiresAt),
		IPAddress:      w.Attributes.IPAddress,
		UserAgent:      w.Attributes.UserAgent,
		CustomClaims:   w.CustomClaims,
	}
	for _, raw := range w.AuthenticationFactors {
		f, err := decodeFactor(raw)
		if err != nil {
			return err
		}
		s.AuthenticationFactors = append(s.AuthenticationFactors, f)
	}
	return nil
}

// MarshalJSON writes the session exactly as Stytch sent it.
func (s Session) MarshalJSON() ([]byte, error) {
	if s.Raw == nil {
		return []byte("null"), nil
	}
	return s.Raw, nil
}

func decodeFactor(raw json.RawMessage) (Factor, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return Factor{}, fmt.Errorf("authentication factor: %w", err)
	}
	var f Factor
	str := func(k string) string {
		var s string
		_ = json.Unmarshal(m[k], &s) // absent or non-string: left empty
		return s
	}
	f.Type, f.DeliveryMethod = str("type"), str("delivery_method")
	f.LastAuthenticatedAt = ParseTime(str("last_authenticated_at"))
	for k, v := range m {
		if strings.HasSuffix(k, "_factor") && len(v) > 0 && v[0] == '{' {
			f.Kind, f.Detail = k, v
			break
		}
	}
	return f, nil
}

// ParseTime parses an RFC 3339 timestamp as Stytch sends it (fractional
// seconds allowed) and returns the zero time for "" or a malformed value.
func ParseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// GetSessions lists the active sessions of one user (GET /v1/sessions).
// userID may be a user ID or an external ID. An unknown user may come back
// either as a 404 user_not_found *Error or as an empty list: Stytch's choice
// is unconfirmed, and callers treat both as answers.
func (c *Client) GetSessions(ctx context.Context, userID string) (*SessionsResponse, error) {
	body, err := c.do(ctx, request{method: "GET", path: "/v1/sessions", query: url.Values{"user_id": {userID}}})
	if err != nil {
		return nil, err
	}
	var w struct {
		RequestID string    `json:"request_id"`
		Sessions  []Session `json:"sessions"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, &ResponseError{StatusCode: 200, ContentType: "application/json",
			Reason: "sessions response does not have the expected shape (" + err.Error() + ")"}
	}
	return &SessionsResponse{Raw: body, RequestID: w.RequestID, Sessions: w.Sessions}, nil
}
