package sessionview

import (
	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// PipedColumns are the columns of sessions list's piped table, the same
// for one user or many (help formatting documents them, in this order):
// the session and its user first, as in -o wide and -o csv.
func PipedColumns() []render.Column {
	return []render.Column{
		{Header: "Session ID", Key: "session_id"},
		{Header: "User ID", Key: "user_id"},
		{Header: "Factors", Key: "factors"},
		{Header: "Device", Key: "device"},
		{Header: "IP", Key: "ip_address"},
		{Header: "Started", Key: "started_at"},
		{Header: "Last active", Key: "last_accessed_at"},
		{Header: "Expires", Key: "expires_at"},
	}
}

// PipedRow is the piped row of one session, matching PipedColumns.
func (r *Rows) PipedRow(s api.Session) []any {
	return []any{
		s.SessionID,
		s.UserID,
		r.Factors(s.AuthenticationFactors),
		r.Device(s.UserAgent),
		s.IPAddress,
		s.StartedAt,
		s.LastAccessedAt,
		s.ExpiresAt,
	}
}
