package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLocationsOff: a broken file in a searched directory stops every
// location view; --geoip-db none or STYTCHCTL_GEOIP_DB=none turns location
// lookup off, and the views run as without a database.
func TestLocationsOff(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "GeoLite2-City.mmdb"), []byte("broken"), 0o644); err != nil {
		t.Fatal(err)
	}
	city, _ := geoFiles(t)
	for _, args := range [][]string{
		{"sessions", "devices", "-u", locatedUser},
		{"sessions", "audit", "-u", locatedUser},
		{"sessions", "show", sessLisbon, "-u", locatedUser},
	} {
		h := newHarness(t)
		addLocatedUser(h)
		h.geoipDirs = []string{dir}
		h.run(args...).expect(t, ExitUsage, "GeoLite2-City.mmdb")

		r := h.run(append(args, "--geoip-db", "none")...)
		r.expect(t, ExitOK)
		if strings.Contains(r.stdout, "private") || strings.Contains(r.stderr, "location") {
			t.Errorf("%v --geoip-db none: stdout %q stderr %q", args, r.stdout, r.stderr)
		}
		h.env["STYTCHCTL_GEOIP_DB"] = "none"
		r = h.run(args...)
		r.expect(t, ExitOK)
		if strings.Contains(r.stdout, "private") {
			t.Errorf("%v STYTCHCTL_GEOIP_DB=none: %q", args, r.stdout)
		}
		// A flag naming a file still beats the environment's none.
		if r = h.run(append(args, "--geoip-db", city)...); r.code != ExitOK || !strings.Contains(r.stdout+r.stderr, "Lisbon") && args[1] == "devices" {
			t.Errorf("%v --geoip-db FILE over none: exit %d\n%s", args, r.code, r.stdout)
		}
	}
	h := newHarness(t)
	h.env["STYTCHCTL_GEOIP_DB"] = "none"
	h.geoipDirs = []string{dir}
	r := h.run("auth", "doctor")
	if !strings.Contains(r.stdout, "IP location lookup is turned off (STYTCHCTL_GEOIP_DB=none)") {
		t.Errorf("doctor with none:\n%s", r.stdout)
	}
	r = h.run("sessions", "devices", "--profile", "demo", "-u", "alice-42")
	if r.code != ExitOK || strings.Contains(r.stdout, "San Francisco") {
		t.Errorf("demo with none: exit %d\n%s", r.code, r.stdout)
	}
}
