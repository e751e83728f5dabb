package sessionview

import (
	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// Columns returns the table columns of sessions list, in order.
func Columns() []render.Column {
	return []render.Column{
		// On a narrow terminal Started goes first, then Expires, Factors,
		// Device and IP; the session ID and the last activity stay, and
		// neither an ID nor an IP is ever cut (see render.Column).
		{Header: "Session ID", Kind: render.Identifier, Terminal: ShortenIDCells},
		{Header: "Factors", DropOrder: 3},
		{Header: "Device", DropOrder: 4},
		{Header: "IP", Kind: render.Address, DropOrder: 5},
		{Header: "Started", Fixed: true, DropOrder: 1},
		{Header: "Last active", Fixed: true},
		{Header: "Expires", Fixed: true, DropOrder: 2},
	}
}

// Rows builds table rows, parsing each distinct user agent once and
// wording each distinct combination of factors once: a user's sessions
// come from a handful of devices and sign-in methods, and naming them is
// the costliest part of a row. The zero value is ready; a Rows is not safe
// for concurrent use.
type Rows struct {
	devices map[string]string
	factors map[factorsKey]string
}

// factorsKey is what the words of up to two factors depend on (see
// usesDetail): their number, types and delivery methods.
type factorsKey struct {
	n  int
	td [4]string
}

// Factors is the words of a session's factors (Factors), cached when they
// depend on types and delivery methods alone.
func (r *Rows) Factors(fs []api.Factor) string {
	if len(fs) > 2 {
		return Factors(fs)
	}
	k := factorsKey{n: len(fs)}
	for i, f := range fs {
		if usesDetail(f) {
			return Factors(fs)
		}
		k.td[2*i], k.td[2*i+1] = f.Type, f.DeliveryMethod
	}
	return cached(&r.factors, k, func() string { return Factors(fs) })
}

// Device is the short device name of a user agent (Device.Short), cached.
func (r *Rows) Device(ua string) string {
	return cached(&r.devices, ua, func() string { return ParseDevice(ua).Short(ua) })
}

// cached returns (*m)[k], making the map and computing the value on a
// miss.
func cached[K comparable](m *map[K]string, k K, compute func() string) string {
	if v, ok := (*m)[k]; ok {
		return v
	}
	if *m == nil {
		*m = make(map[K]string)
	}
	v := compute()
	(*m)[k] = v
	return v
}

// Row is the table row of one session, matching Columns.
func (r *Rows) Row(s api.Session) []any {
	return []any{
		s.SessionID,
		r.Factors(s.AuthenticationFactors),
		r.Device(s.UserAgent),
		s.IPAddress,
		s.StartedAt,
		s.LastAccessedAt,
		s.ExpiresAt,
	}
}
