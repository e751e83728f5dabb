package sessionview

import (
	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// Columns returns the table columns of sessions list, in order.
func Columns() []render.Column {
	return []render.Column{
		{Header: "Session ID", Fixed: true},
		{Header: "Factors"},
		{Header: "Device"},
		{Header: "IP"},
		{Header: "Started", Fixed: true},
		{Header: "Last active", Fixed: true},
		{Header: "Expires", Fixed: true},
	}
}

// Row is the table row of one session, matching Columns.
func Row(s api.Session) []any {
	return []any{
		s.SessionID,
		Factors(s.AuthenticationFactors),
		ParseDevice(s.UserAgent).Short(s.UserAgent),
		s.IPAddress,
		s.StartedAt,
		s.LastAccessedAt,
		s.ExpiresAt,
	}
}
