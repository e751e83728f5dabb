package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/tidwall/gjson"
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
	if !gjson.ValidBytes(b) {
		return errors.New("session is not valid JSON")
	}
	v := gjson.ParseBytes(b)
	if !v.IsObject() {
		return fmt.Errorf("session is a JSON %s, not an object", v.Type)
	}
	*s = sessionFrom(v)
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

// sessionFrom reads the typed view of one session object in a single pass
// over its keys. gjson hands out each value's raw text, so Raw is exactly
// the bytes Stytch sent, and decoding 5,000 sessions stays far cheaper than
// reflection-based decoding (see BenchmarkDecodeSessions).
func sessionFrom(v gjson.Result) Session {
	s := Session{Raw: json.RawMessage(v.Raw)}
	v.ForEach(func(k, val gjson.Result) bool {
		switch k.Str {
		case "session_id":
			s.SessionID = str(val)
		case "user_id":
			s.UserID = str(val)
		case "roles":
			if val.IsArray() {
				s.Roles = []string{}
				val.ForEach(func(_, r gjson.Result) bool {
					s.Roles = append(s.Roles, str(r))
					return true
				})
			}
		case "started_at":
			s.StartedAt = ParseTime(str(val))
		case "last_accessed_at":
			s.LastAccessedAt = ParseTime(str(val))
		case "expires_at":
			s.ExpiresAt = ParseTime(str(val))
		case "attributes":
			s.IPAddress = str(val.Get("ip_address"))
			s.UserAgent = str(val.Get("user_agent"))
		case "custom_claims":
			if val.Type != gjson.Null {
				s.CustomClaims = json.RawMessage(val.Raw)
			}
		case "authentication_factors":
			val.ForEach(func(_, f gjson.Result) bool {
				s.AuthenticationFactors = append(s.AuthenticationFactors, factorFrom(f))
				return true
			})
		}
		return true
	})
	return s
}

// factorFrom reads one authentication factor. The sub-object is the one
// key ending in "_factor" whose value is an object (REFERENCE.md §3.7 says
// at most one is present).
func factorFrom(v gjson.Result) Factor {
	var f Factor
	v.ForEach(func(k, val gjson.Result) bool {
		switch {
		case k.Str == "type":
			f.Type = str(val)
		case k.Str == "delivery_method":
			f.DeliveryMethod = str(val)
		case k.Str == "last_authenticated_at":
			f.LastAuthenticatedAt = ParseTime(str(val))
		case f.Kind == "" && strings.HasSuffix(k.Str, "_factor") && val.IsObject():
			f.Kind, f.Detail = k.Str, json.RawMessage(val.Raw)
		}
		return true
	})
	return f
}

// str returns a JSON string's value, or "" for any other type.
func str(v gjson.Result) string {
	if v.Type != gjson.String {
		return ""
	}
	return v.Str
}

// decodeSessions reads the sessions array of a validated response body.
// A response without the key has no sessions; a key that is not an array
// is an unexpected shape.
//
// It reads body through a string that shares body's memory (body is never
// changed after it is read), and each Session.Raw is a sub-slice of body:
// the 5 MB of a 5,000-session answer are neither copied to a string nor
// copied again per session.
func decodeSessions(body []byte, key string) ([]Session, error) {
	if len(body) == 0 {
		return nil, nil
	}
	doc := unsafe.String(unsafe.SliceData(body), len(body))
	arr := gjson.Get(doc, key)
	if !arr.Exists() || arr.Type == gjson.Null {
		return nil, nil
	}
	if !arr.IsArray() {
		return nil, fmt.Errorf("%q is a JSON %s, not an array", key, arr.Type)
	}
	var elems []gjson.Result
	var bad error
	arr.ForEach(func(_, v gjson.Result) bool {
		if !v.IsObject() {
			bad = fmt.Errorf("an element of %q is a JSON %s, not an object", key, v.Type)
			return false
		}
		elems = append(elems, v)
		return true
	})
	if bad != nil {
		return nil, bad
	}
	out := make([]Session, len(elems))
	eachChunk(len(elems), func(from, to int) {
		for i := from; i < to; i++ {
			v := elems[i]
			out[i] = sessionFrom(v)
			if v.Index > 0 && v.Index+len(v.Raw) <= len(body) {
				out[i].Raw = body[v.Index : v.Index+len(v.Raw) : v.Index+len(v.Raw)]
			}
		}
	})
	return out, nil
}

// eachChunk calls fn over [0,n) split into one chunk per CPU, concurrently,
// when n is large enough to be worth it (decoding thousands of sessions),
// and returns when every call has.
func eachChunk(n int, fn func(from, to int)) {
	const minPerChunk = 256
	chunks := min(runtime.GOMAXPROCS(0), n/minPerChunk)
	if chunks <= 1 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	size := (n + chunks - 1) / chunks
	for from := 0; from < n; from += size {
		wg.Add(1)
		go func(from, to int) {
			defer wg.Done()
			fn(from, to)
		}(from, min(from+size, n))
	}
	wg.Wait()
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
	body, err := c.do(ctx, request{method: "GET", path: "/v1/sessions", query: url.Values{"user_id": {userID}}, decoderValidates: true})
	if err != nil {
		return nil, err
	}
	// Validate on another core while decoding: gjson reads malformed input
	// without failing, so the answer is only used once it proved valid.
	valid := make(chan bool, 1)
	go func() { valid <- gjson.ValidBytes(body) }()
	sessions, err := decodeSessions(body, "sessions")
	if !<-valid {
		return nil, invalidJSON(200, "", c.scrub(body))
	}
	if err != nil {
		return nil, &ResponseError{StatusCode: 200, ContentType: "application/json",
			Reason: "sessions response does not have the expected shape: " + err.Error()}
	}
	return &SessionsResponse{Raw: body, RequestID: gjson.GetBytes(body, "request_id").String(), Sessions: sessions}, nil
}

// GetSessionsRaw is GetSessions without the typed view: it returns the
// validated response body exactly as sent. Commands that pass one response
// through untouched (-o json with no filters) use it to skip decoding.
func (c *Client) GetSessionsRaw(ctx context.Context, userID string) (json.RawMessage, error) {
	return c.do(ctx, request{method: "GET", path: "/v1/sessions", query: url.Values{"user_id": {userID}}})
}

// decodeFactor reads one authentication factor from its raw JSON object.
func decodeFactor(raw json.RawMessage) (Factor, error) {
	v := gjson.ParseBytes(raw)
	if !v.IsObject() {
		return Factor{}, fmt.Errorf("authentication factor is a JSON %s, not an object", v.Type)
	}
	return factorFrom(v), nil
}
