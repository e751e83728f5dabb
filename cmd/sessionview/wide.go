package sessionview

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// WideColumns returns the columns of -o wide and -o csv: the table's, plus
// the user ID, the roles, the full user agent and the custom claims. Keys
// are the CSV header names.
func WideColumns() []render.Column {
	return []render.Column{
		{Header: "Session ID", Key: "session_id", Fixed: true, Terminal: ShortenIDCells},
		{Header: "User ID", Key: "user_id", Fixed: true},
		{Header: "Factors", Key: "factors"},
		{Header: "Device", Key: "device"},
		{Header: "IP", Key: "ip_address"},
		{Header: "Started", Key: "started_at", Fixed: true},
		{Header: "Last active", Key: "last_accessed_at", Fixed: true},
		{Header: "Expires", Key: "expires_at", Fixed: true},
		{Header: "Roles", Key: "roles"},
		{Header: "User agent", Key: "user_agent"},
		{Header: "Custom claims", Key: "custom_claims"},
	}
}

// WideRow is the wide row of one session, matching WideColumns. Roles are
// joined with commas and custom claims are compact JSON ("" when there are
// none).
func (r *Rows) WideRow(s api.Session) []any {
	return []any{
		s.SessionID,
		s.UserID,
		r.Factors(s.AuthenticationFactors),
		r.Device(s.UserAgent),
		s.IPAddress,
		s.StartedAt,
		s.LastAccessedAt,
		s.ExpiresAt,
		strings.Join(s.Roles, ","),
		s.UserAgent,
		CompactClaims(s.CustomClaims),
	}
}

// CompactClaims returns custom claims as compact JSON, or "" when they are
// absent, null or an empty object.
func CompactClaims(raw json.RawMessage) string {
	var b bytes.Buffer
	if len(raw) == 0 || json.Compact(&b, raw) != nil {
		return ""
	}
	switch s := b.String(); s {
	case "null", "{}":
		return ""
	default:
		return s
	}
}

// UserColumns returns the table columns with the user first, for listing
// the sessions of several users in one table. On a narrow terminal the
// user ID keeps its distinguishing end ("…0000300001").
func UserColumns() []render.Column {
	return append([]render.Column{{Header: "User", KeepEnd: true}}, Columns()...)
}

// UserRow is Row with the session's user ID first, matching UserColumns.
func (r *Rows) UserRow(s api.Session) []any {
	return append([]any{s.UserID}, r.Row(s)...)
}
