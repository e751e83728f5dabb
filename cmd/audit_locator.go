package cmd

import "github.com/stytchctl/stytchctl/cmd/sessionaudit"

// auditLocator is where `sessions audit` finds IP addresses for its rules
// of places (impossible-travel, many-countries): Deps.Locate when set (the
// tests), else nil, which turns those rules off without a word. It runs
// during validation, before any request, so that a GeoIP database that
// cannot be read is a usage error with nothing sent.
//
// The GeoIP databases (cmd/geoip) plug in here: open them, and return
// func(ip string) (sessionaudit.Place, bool) that looks ip up and converts
// the geoip.Location with sessionaudit.Place(loc); nil when none is found.
func auditLocator(a *app) (sessionaudit.Locator, error) {
	return a.deps.Locate, nil
}
