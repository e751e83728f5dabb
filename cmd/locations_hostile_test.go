package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/cmd/geoip/geoiptest"
)

// hostileDB writes a database whose own metadata and records carry
// terminal escapes and line breaks.
func hostileDB(t *testing.T, typ string, build func(geoiptest.Options, []geoiptest.Entry) ([]byte, error)) string {
	t.Helper()
	evil := geoiptest.Entry{Prefix: "81.20.0.0/16", City: "Evil\x1b]0;owned\x07City", Country: "PT",
		Lat: 1, Lon: 1, ASN: 64510, Org: "Org\r\nX-Injected: yes"}
	b, err := build(geoiptest.Options{Type: typ}, []geoiptest.Entry{evil})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "hostile.mmdb")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestAuthDoctorHostileDatabaseType: a database_type with terminal
// escapes is shown escaped, like text from the API.
func TestAuthDoctorHostileDatabaseType(t *testing.T) {
	h := newHarness(t)
	h.env["STYTCHCTL_GEOIP_DB"] = hostileDB(t, "GeoLite2-City\x1b]0;pwned\a\x1b[31mRED", geoiptest.CityDB)
	for _, tty := range []bool{false, true} {
		h.tty = tty
		r := h.run("auth", "doctor")
		if strings.ContainsAny(r.stdout, "\a") || strings.Contains(r.stdout, "\x1b]") || strings.Contains(r.stdout, "\x1b[31m") ||
			!strings.Contains(r.stdout, `GeoLite2-City\x1b]0;pwned\x07\x1b[31mRED, built`) {
			t.Errorf("tty %v: database_type reached the output raw:\n%q", tty, r.stdout)
		}
	}
}

// TestSessionsListCSVHostileDatabase: piped CSV keeps Stytch's text as
// sent, but the LOCATION and NETWORK cells come from a file on disk and
// are escaped: no escape sequence or bare line break from a database.
func TestSessionsListCSVHostileDatabase(t *testing.T) {
	h := newHarness(t)
	addLocatedUser(h)
	h.env["STYTCHCTL_GEOIP_DB"] = hostileDB(t, "GeoLite2-City", geoiptest.CityDB) + ":" + hostileDB(t, "GeoLite2-ASN", geoiptest.ASNDB)
	r := h.run("sessions", "list", "-u", locatedUser, "-o", "csv")
	r.expect(t, ExitOK)
	if !strings.Contains(r.stdout, `,81.20.3.4,"Evil\x1b]0;owned\x07City, PT",AS64510 Org\r\nX-Injected: yes,`) {
		t.Errorf("csv cells from the database are not escaped:\n%q", r.stdout)
	}
}
