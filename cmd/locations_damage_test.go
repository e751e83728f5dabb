package cmd

import (
	"bytes"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oschwald/maxminddb-golang/v2"

	"github.com/stytchctl/stytchctl/cmd/geoip/geoiptest"
)

// overwrite returns b with [from, to) set to 0xFF.
func overwrite(b []byte, from, to int) []byte {
	bad := bytes.Clone(b)
	for i := from; i < to; i++ {
		bad[i] = 0xFF
	}
	return bad
}

// treeSize is the size of a database's search tree in bytes.
func treeSize(t *testing.T, b []byte) int {
	t.Helper()
	r, err := maxminddb.OpenBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return int(r.Metadata.NodeCount * r.Metadata.RecordSize * 2 / 8)
}

// TestSessionsDevicesDamagedDatabase: a file whose metadata is intact but
// whose search tree is overwritten is exit 2 naming it, "damaged", before
// any request; it is not a run where every location is quietly null.
func TestSessionsDevicesDamagedDatabase(t *testing.T) {
	city, _ := geoFiles(t)
	good, err := os.ReadFile(city)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "GeoLite2-City.mmdb")
	if err := os.WriteFile(p, overwrite(good, 0, treeSize(t, good)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"sessions", "devices", "-u", locatedUser, "-o", "json"},
		{"sessions", "audit", "-u", locatedUser},
	} {
		h := newHarness(t)
		addLocatedUser(h)
		h.env["STYTCHCTL_GEOIP_DB"] = p
		r := h.run(args...)
		r.expect(t, ExitUsage, "IP location database "+p+" (from STYTCHCTL_GEOIP_DB): damaged: ")
		if r.stdout != "" || len(h.fake.Requests()) != 0 {
			t.Errorf("%v: stdout %q, requests %+v: want nothing sent", args, r.stdout, h.fake.Requests())
		}
	}
}

// TestSessionsDevicesDamagedRecord: damage the open-time check cannot
// reach is one warning on stderr naming the file, at the first lookup
// that meets it; the views still show what the rest of the file knows.
func TestSessionsDevicesDamagedRecord(t *testing.T) {
	porto := geoiptest.Entry{Prefix: "150.1.0.0/16", City: "Porto", Country: "PT", Lat: 41.15, Lon: -8.61}
	lisbon := geoiptest.Entry{Prefix: "81.20.0.0/16", City: "Lisbon", Country: "PT", Lat: 38.72, Lon: -9.14}
	c, err := geoiptest.CityDB(geoiptest.Options{Type: "GeoLite2-City"}, []geoiptest.Entry{lisbon, porto})
	if err != nil {
		t.Fatal(err)
	}
	r, err := maxminddb.OpenBytes(c)
	if err != nil {
		t.Fatal(err)
	}
	off := treeSize(t, c) + 16 + int(r.Lookup(netip.MustParseAddr("150.1.2.3")).Offset())
	p := filepath.Join(t.TempDir(), "GeoLite2-City.mmdb")
	if err := os.WriteFile(p, overwrite(c, off, off+4), 0o644); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	h.fake.AddUser(locatedUser,
		rawSession(sessLisbon, locatedUser, uaTestMac, "81.20.3.4"),
		rawSession(sessPrivate, locatedUser, uaTestAndroid, "150.1.2.3", func(m map[string]any) {
			m["last_accessed_at"] = testNow.Add(-10 * time.Minute).Format(time.RFC3339)
		}),
		rawSession(sessReserved, locatedUser, uaTestWindows, "150.1.7.7", func(m map[string]any) {
			m["last_accessed_at"] = testNow.Add(-30 * time.Minute).Format(time.RFC3339)
		}),
	)
	res := h.run("sessions", "devices", "-u", locatedUser, "--geoip-db", p)
	res.expect(t, ExitOK)
	want := "stytchctl: warning: IP location database " + p + " is damaged: "
	if strings.Count(res.stderr, "\n") != 1 || !strings.HasPrefix(res.stderr, want) {
		t.Errorf("stderr %q; want one line %q…", res.stderr, want)
	}
	if !strings.Contains(res.stdout, "\t81.20.3.4\tLisbon, PT\t") {
		t.Errorf("the sound record is not shown:\n%s", res.stdout)
	}
}

// TestSessionsDevicesWrongSchemaSaysHelpOnce: the error for a database of
// another schema points to help geoip once, in its hint.
func TestSessionsDevicesWrongSchemaSaysHelpOnce(t *testing.T) {
	anon, err := geoiptest.ASNDB(geoiptest.Options{Type: "GeoIP2-Anonymous-IP"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "anon.mmdb")
	if err := os.WriteFile(p, anon, 0o644); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	r := h.run("sessions", "devices", "-u", locatedUser, "--geoip-db", p)
	r.expect(t, ExitUsage, `a "GeoIP2-Anonymous-IP" database`)
	if n := strings.Count(r.stderr, "help geoip"); n != 1 {
		t.Errorf("help geoip named %d times:\n%s", n, r.stderr)
	}
}
