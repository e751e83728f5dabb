package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/cmd/geoip/geoiptest"
)

// TestSessionsDevicesLocationUnknownFieldsNull: what the databases do not
// say is null, never 0 or "": a country-only entry from a city file alone
// has no region, city, coordinates, radius, AS number or network.
func TestSessionsDevicesLocationUnknownFieldsNull(t *testing.T) {
	b, err := geoiptest.CityDB(geoiptest.Options{Type: "GeoLite2-Country"}, []geoiptest.Entry{{Prefix: "81.20.0.0/16", Country: "PT"}})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "GeoLite2-Country.mmdb")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	addLocatedUser(h)
	r := h.run("sessions", "devices", "-u", locatedUser, "--geoip-db", p, "-o", "json")
	r.expect(t, ExitOK)
	want := `"location":{"country":"PT","region":null,"city":null,"latitude":null,"longitude":null,"accuracy_km":null,` +
		`"asn":null,"network":null,"source":"GeoLite2-Country.mmdb"}`
	if !strings.Contains(r.stdout, want) {
		t.Errorf("devices JSON lacks %s:\n%s", want, r.stdout)
	}
}
