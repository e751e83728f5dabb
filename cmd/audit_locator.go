package cmd

import (
	"net/netip"
	"strings"

	"github.com/stytchctl/stytchctl/cmd/geoip"
	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
	"github.com/stytchctl/stytchctl/config"
)

// auditLocator is where `sessions audit` and `inspect` find IP addresses
// for the rules of places (impossible-travel, many-countries): Deps.Locate
// when set (the tests), else the GeoIP databases of geo, found as every
// location view finds them (demo: the demo profile's built-in ones). No
// database is a nil locator, which turns those rules off without a word.
// It runs before any request, so that a database that cannot be read is a
// usage error (exit 2) with nothing sent. The returned DB (nil when none
// was opened) is the caller's to close.
func auditLocator(a *app, geo *locationOptions, demo bool) (sessionaudit.Locator, *geoip.DB, error) {
	if a.deps.Locate != nil {
		return a.deps.Locate, nil, nil
	}
	db, err := geo.openLocations(a, demo)
	if err != nil || db == nil {
		return nil, nil, err
	}
	return placeLocator(db), db, nil
}

// placeLocator asks db where an address is, as the audit rules take it.
func placeLocator(db *geoip.DB) sessionaudit.Locator {
	return func(ip string) (sessionaudit.Place, bool) {
		addr, err := netip.ParseAddr(strings.TrimSpace(ip))
		if err != nil {
			return sessionaudit.Place{}, false
		}
		loc, ok := db.Locate(addr)
		if !ok {
			return sessionaudit.Place{}, false
		}
		return sessionaudit.Place(loc), true
	}
}

// demoInUse reports whether this run's credentials would be the built-in
// demo profile's, by the credential precedence, without reading a secret
// or sending anything: what a command opens its databases by before it
// connects. When the selection fails, connecting will say why; until then
// --profile and STYTCHCTL_PROFILE decide.
func (a *app) demoInUse() bool {
	sel, err := a.resolver().Select(config.Request{Profile: a.profile, APIURL: a.apiURL})
	if err != nil {
		return a.demoSelected()
	}
	return !sel.Env && sel.Profile == config.DemoProfile
}
