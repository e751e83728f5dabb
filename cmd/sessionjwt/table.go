package sessionjwt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
)

// Table lays the token out as label/value rows: header, identity, session,
// times, custom claims and the verification. A row the token has nothing
// for is left out. With tty a time reads "2026-06-04 09:20:22 UTC (in
// 5m)"; otherwise it is RFC 3339 UTC.
func Table(tok *Token, s Summary, ver Verification, tty bool, now time.Time) render.TableData {
	r := &rows{tty: tty, now: now}
	r.t.Columns = []render.Column{{Header: "Field", Fixed: true}, {Header: "Value"}}
	r.header(tok, s)
	r.identity(s)
	r.session(s)
	r.times(s)
	r.customClaims(s.custom)
	r.verified(ver)
	return r.t
}

// rows builds the table one label/value row at a time.
type rows struct {
	t   render.TableData
	tty bool
	now time.Time
}

func (r *rows) add(label string, v any) { r.t.Rows = append(r.t.Rows, []any{label, v}) }

// opt adds a row when v is set.
func (r *rows) opt(label string, v *string) {
	if v != nil {
		r.add(label, *v)
	}
}

// when adds a time row when the claim was present: on a terminal with the
// time relative to now, piped as the time itself.
func (r *rows) when(label string, tm time.Time, present bool) {
	if !present {
		return
	}
	if !r.tty || tm.IsZero() {
		r.add(label, tm)
		return
	}
	r.add(label, tm.UTC().Format("2006-01-02 15:04:05 UTC")+" ("+render.Relative(tm, r.now)+")")
}

// header adds the algorithm, key ID and type, then the issuer and audience.
func (r *rows) header(tok *Token, s Summary) {
	r.add("Algorithm", tok.alg)
	r.add("Key ID", tok.kid)
	if tok.typ != "" {
		r.add("Type", tok.typ)
	}
	r.opt("Issuer", s.iss)
	if s.aud != nil {
		r.add("Audience", strings.Join(s.aud, ", "))
	}
}

// identity adds the member and organization of a B2B token, or the user of
// a consumer one.
func (r *rows) identity(s Summary) {
	if s.MemberID == nil && s.OrganizationID == nil {
		r.opt("User", s.UserID)
		return
	}
	r.opt("Member", s.MemberID)
	org := ""
	if s.OrganizationID != nil {
		org = *s.OrganizationID
	}
	if s.OrganizationSlug != nil && *s.OrganizationSlug != "" {
		org += " (" + *s.OrganizationSlug + ")"
	}
	r.add("Organization", org)
}

// session adds the session's ID, factors, roles, device, IP address and
// user agent.
func (r *rows) session(s Summary) {
	r.opt("Session ID", s.SessionID)
	if s.factorsRaw != nil {
		r.add("Factors", sessionview.Factors(s.factorsRaw))
	}
	if s.Roles != nil {
		r.add("Roles", strings.Join(s.Roles, ", "))
	}
	r.opt("Device", s.Device)
	r.opt("IP address", s.IPAddress)
	r.opt("User agent", s.UserAgent)
}

// times adds the session's times, then the JWT's.
func (r *rows) times(s Summary) {
	r.when("Session started", s.started, s.StartedAt != nil)
	r.when("Last active", s.lastActive, s.LastAccessedAt != nil)
	r.when("Session expires", s.expires, s.ExpiresAt != nil)
	r.when("JWT issued", s.iat, s.JWTIssuedAt != nil)
	r.when("JWT not before", s.nbf, s.JWTNotBefore != nil)
	r.when("JWT expires", s.exp, s.JWTExpiresAt != nil)
}

// customClaims adds one row a custom claim: a string as it is, any other
// value as compact JSON.
func (r *rows) customClaims(custom []member) {
	for _, m := range custom {
		var v string
		if json.Unmarshal(m.value, &v) != nil {
			var b bytes.Buffer
			if json.Compact(&b, m.value) == nil {
				v = b.String()
			}
		}
		r.add("Claim "+m.name, v)
	}
}

// verified adds the Verified row.
func (r *rows) verified(ver Verification) {
	switch {
	case !ver.Checked:
		r.add("Verified", "not checked (add --verify)")
	case ver.Valid:
		r.add("Verified", fmt.Sprintf("yes: RS256 signature by %s, audience, issuer and times (leeway %ds)", ver.KeyID, ver.LeewaySeconds))
	default:
		r.add("Verified", "NO: "+ver.Reason)
	}
}
