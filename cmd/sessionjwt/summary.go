package sessionjwt

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	josejwt "github.com/go-jose/go-jose/v4/jwt"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
)

// Summary is the "session" object of the decode document: what the claims
// say about the session, in words where that helps. A field the token
// lacks is null; user_id is for consumer tokens and member_id (with the
// organization fields) for B2B tokens.
type Summary struct {
	SessionID        *string         `json:"session_id"`
	UserID           *string         `json:"user_id,omitempty"`
	MemberID         *string         `json:"member_id,omitempty"`
	OrganizationID   *string         `json:"organization_id,omitempty"`
	OrganizationSlug *string         `json:"organization_slug,omitempty"`
	Factors          []string        `json:"factors"`
	Roles            []string        `json:"roles"`
	StartedAt        *string         `json:"started_at"`
	LastAccessedAt   *string         `json:"last_accessed_at"`
	ExpiresAt        *string         `json:"expires_at"`
	IPAddress        *string         `json:"ip_address"`
	UserAgent        *string         `json:"user_agent"`
	Device           *string         `json:"device"`
	CustomClaims     json.RawMessage `json:"custom_claims"`
	JWTIssuedAt      *string         `json:"jwt_issued_at"`
	JWTNotBefore     *string         `json:"jwt_not_before"`
	JWTExpiresAt     *string         `json:"jwt_expires_at"`
	JWTExpired       *bool           `json:"jwt_expired"`

	// For the table: typed times and the factors as sent.
	started, lastActive, expires, iat, nbf, exp time.Time
	factorsRaw                                  []api.Factor
	custom                                      []member
	iss                                         *string
	aud                                         []string
}

// Document is the whole -o json/yaml document of `sessions decode`: the
// header and claims exactly as in the token (every claim, lossless), the
// summary and the verification. The token itself is not part of it.
type Document struct {
	Header       json.RawMessage `json:"header"`
	Claims       json.RawMessage `json:"claims"`
	Session      Summary         `json:"session"`
	Verification Verification    `json:"verification"`
}

// Summarize reads the session out of the claims; now decides jwt_expired.
// It is lenient: a claim of an unexpected shape leaves its fields null
// rather than failing, since the raw claims are shown anyway.
func Summarize(tok *Token, now time.Time) Summary {
	var s Summary
	s.readJWTTimes(tok, now)
	s.iss = stringClaim(tok.claim("iss"))
	var aud josejwt.Audience
	if json.Unmarshal(tok.claim("aud"), &aud) == nil {
		s.aud = aud
	}
	s.readSubject(tok)
	if raw := tok.claim(sessionClaim); raw != nil {
		s.readSession(raw)
		s.readFactors(raw)
	}
	s.readCustomClaims(tok)
	return s
}

// stringClaim returns a claim's string value, or nil when it is missing or
// not a string.
func stringClaim(raw json.RawMessage) *string {
	var v string
	if raw == nil || json.Unmarshal(raw, &v) != nil {
		return nil
	}
	return &v
}

// numericDate reads a NumericDate claim (seconds since the epoch): its RFC
// 3339 stamp and its time, or nil and the zero time.
func numericDate(tok *Token, name string) (*string, time.Time) {
	var n json.Number
	if v := tok.claim(name); v == nil || json.Unmarshal(v, &n) != nil {
		return nil, time.Time{}
	}
	f, err := n.Float64()
	if err != nil {
		return nil, time.Time{}
	}
	t := time.Unix(int64(f), 0).UTC()
	v := stamp(t)
	return &v, t
}

// readJWTTimes fills the token's own times, iat, nbf and exp, and whether
// it has expired at now.
func (s *Summary) readJWTTimes(tok *Token, now time.Time) {
	s.JWTIssuedAt, s.iat = numericDate(tok, "iat")
	s.JWTNotBefore, s.nbf = numericDate(tok, "nbf")
	s.JWTExpiresAt, s.exp = numericDate(tok, "exp")
	if s.JWTExpiresAt != nil {
		expired := !now.Before(s.exp)
		s.JWTExpired = &expired
	}
}

// readSubject fills the user of a consumer token, or the member and
// organization of a B2B one (a token with the organization claim).
func (s *Summary) readSubject(tok *Token) {
	sub := stringClaim(tok.claim("sub"))
	org := tok.claim(organizationClaim)
	if org == nil {
		s.UserID = sub
		return
	}
	s.MemberID = sub
	var o struct {
		ID   *string `json:"organization_id"`
		Slug *string `json:"slug"`
	}
	if json.Unmarshal(org, &o) == nil {
		s.OrganizationID, s.OrganizationSlug = o.ID, o.Slug
	}
}

// readSession fills what the session claim says about the session: its ID,
// roles, times, IP address, user agent and the device it names.
func (s *Summary) readSession(raw json.RawMessage) {
	var sc struct {
		ID             *string `json:"id"`
		StartedAt      *string `json:"started_at"`
		LastAccessedAt *string `json:"last_accessed_at"`
		ExpiresAt      *string `json:"expires_at"`
		Attributes     struct {
			UserAgent *string `json:"user_agent"`
			IPAddress *string `json:"ip_address"`
		} `json:"attributes"`
		Roles []string `json:"roles"`
	}
	if json.Unmarshal(raw, &sc) != nil {
		return
	}
	s.SessionID, s.Roles = sc.ID, sc.Roles
	s.StartedAt, s.LastAccessedAt, s.ExpiresAt = sc.StartedAt, sc.LastAccessedAt, sc.ExpiresAt
	s.IPAddress, s.UserAgent = sc.Attributes.IPAddress, sc.Attributes.UserAgent
	s.started = parseTime(sc.StartedAt)
	s.lastActive = parseTime(sc.LastAccessedAt)
	s.expires = parseTime(sc.ExpiresAt)
	if ua := s.UserAgent; ua != nil && strings.TrimSpace(*ua) != "" {
		d := sessionview.ParseDevice(*ua).Short(*ua)
		s.Device = &d
	}
}

// parseTime reads an API time, or the zero time when there is none.
func parseTime(v *string) time.Time {
	if v == nil {
		return time.Time{}
	}
	return api.ParseTime(*v)
}

// readFactors fills the session's authentication factors, as sent and in
// words, when the session claim lists them.
func (s *Summary) readFactors(raw json.RawMessage) {
	var typed api.Session
	if json.Unmarshal(raw, &typed) != nil || typed.AuthenticationFactors == nil {
		return
	}
	s.factorsRaw = typed.AuthenticationFactors
	s.Factors = make([]string, len(typed.AuthenticationFactors))
	for i, f := range typed.AuthenticationFactors {
		s.Factors[i] = sessionview.FactorWords(f)
	}
}

// readCustomClaims collects every top-level claim that is neither
// registered nor Stytch's, in token order, as one JSON object.
func (s *Summary) readCustomClaims(tok *Token) {
	var b bytes.Buffer
	b.WriteByte('{')
	for _, m := range tok.claims {
		if isRegisteredClaim(m.name) || strings.HasPrefix(m.name, stytchClaimPrefix) {
			continue
		}
		if len(s.custom) > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(m.name)
		b.Write(name)
		b.WriteByte(':')
		b.Write(m.value)
		s.custom = append(s.custom, m)
	}
	b.WriteByte('}')
	s.CustomClaims = b.Bytes()
}
