package geoip

import (
	"net/netip"
	"strings"

	"github.com/stytchctl/stytchctl/render"
)

// Description is what a view shows for one IP address: the LOCATION and
// NETWORK cells and the location object of the tool's JSON documents.
type Description struct {
	// Location is what the databases say, or nil when none has an entry
	// (JSON null).
	Location *Location
	// Place is the LOCATION cell: the place in words, Private or Reserved
	// for addresses no database places, or "". Text from the database is
	// escaped (render.Sanitize) here, so every view and CSV gets it safe.
	Place string
	// Network is the NETWORK cell: "AS64500 Example Fiber", or "";
	// escaped like Place.
	Network string
}

// Describe says what a view shows for ip, the address as the API sent it.
// It is the one call a view makes per address (sessions devices, sessions
// show, wide and CSV listings, inspect); a nil DB, an empty or unparsable
// address describe as nothing.
func (db *DB) Describe(ip string) Description {
	if db == nil {
		return Description{}
	}
	addr, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		return Description{}
	}
	loc, ok := db.Locate(addr)
	if !ok {
		return Description{Place: Classify(addr)}
	}
	d := Description{Location: &loc, Place: render.Sanitize(loc.Place()), Network: render.Sanitize(loc.AS())}
	if d.Place == "" {
		d.Place = Classify(addr)
	}
	return d
}
