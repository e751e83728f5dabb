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
		{Header: "Session ID", Key: "session_id", Kind: render.Identifier, Terminal: ShortenIDCells},
		// One user's sessions repeat one user ID: it goes early. Several
		// users' need it, for a short session ID is taken back with its
		// user: it stays.
		{Header: "User ID", Key: "user_id", Kind: render.Identifier, DropOrder: 4, KeepWhenVaried: true},
		{Header: "Factors", Key: "factors", DropOrder: 7},
		{Header: "Device", Key: "device", DropOrder: 8},
		{Header: "IP", Key: "ip_address", Kind: render.Address, DropOrder: 9},
		{Header: "Started", Key: "started_at", Fixed: true, DropOrder: 5},
		{Header: "Last active", Key: "last_accessed_at", Fixed: true},
		{Header: "Expires", Key: "expires_at", Fixed: true, DropOrder: 6},
		{Header: "Roles", Key: "roles", DropOrder: 3},
		{Header: "User agent", Key: "user_agent", DropOrder: 2},
		{Header: "Custom claims", Key: "custom_claims", DropOrder: 1},
	}
}

// WideRow is the wide row of one session, matching WideColumns: the piped
// row, then the roles joined with commas, the user agent and the custom
// claims as compact JSON ("" when there are none).
func (r *Rows) WideRow(s api.Session) []any {
	return append(r.PipedRow(s), strings.Join(s.Roles, ","), s.UserAgent, CompactClaims(s.CustomClaims))
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
// the sessions of several users in one table. The user is never cut; on
// a terminal too narrow for it, it is hidden after the other numbered
// columns.
func UserColumns() []render.Column {
	return append([]render.Column{{Header: "User", Kind: render.Identifier, DropOrder: 6}}, Columns()...)
}

// UserRow is Row with the session's user ID first, matching UserColumns.
func (r *Rows) UserRow(s api.Session) []any {
	return append([]any{s.UserID}, r.Row(s)...)
}
