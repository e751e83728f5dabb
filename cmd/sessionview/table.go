package sessionview

import (
	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// Columns returns the table columns of sessions list, in order.
func Columns() []render.Column {
	return []render.Column{
		// On a narrow terminal Started goes first, then Expires, then IP;
		// the session ID keeps its distinguishing end as a last resort.
		{Header: "Session ID", Fixed: true, KeepEnd: true},
		{Header: "Factors"},
		{Header: "Device"},
		{Header: "IP", DropOrder: 3},
		{Header: "Started", Fixed: true, DropOrder: 1},
		{Header: "Last active", Fixed: true},
		{Header: "Expires", Fixed: true, DropOrder: 2},
	}
}

// Rows builds table rows, parsing each distinct user agent once: a user's
// sessions come from a handful of devices, and parsing the user agent is
// the costliest part of a row. The zero value is ready; a Rows is not safe
// for concurrent use.
type Rows struct {
	devices map[string]string
}

// Device is the short device name of a user agent (Device.Short), cached.
func (r *Rows) Device(ua string) string {
	if d, ok := r.devices[ua]; ok {
		return d
	}
	d := ParseDevice(ua).Short(ua)
	if r.devices == nil {
		r.devices = make(map[string]string)
	}
	r.devices[ua] = d
	return d
}

// Row is the table row of one session, matching Columns.
func (r *Rows) Row(s api.Session) []any {
	return []any{
		s.SessionID,
		Factors(s.AuthenticationFactors),
		r.Device(s.UserAgent),
		s.IPAddress,
		s.StartedAt,
		s.LastAccessedAt,
		s.ExpiresAt,
	}
}
