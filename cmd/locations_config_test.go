package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLocationsMalformedConfigWarns: under environment credentials a
// config.yaml that does not parse still does not stop the command, but
// its geoip_db is not silently ignored: one warning names the file and
// the YAML error.
func TestLocationsMalformedConfigWarns(t *testing.T) {
	h := newHarness(t)
	addLocatedUser(h)
	writeConfig(t, h, "geoip_db: [unclosed\n")
	r := h.run("sessions", "devices", "-u", locatedUser)
	r.expect(t, ExitOK)
	path := filepath.Join(h.configDir, "config.yaml")
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "stytchctl: warning: ") || !strings.Contains(lines[0], path) ||
		!strings.Contains(lines[0], "yaml") || !strings.Contains(lines[0], "geoip_db") {
		t.Errorf("stderr %q; want one warning naming %s, the YAML error and geoip_db", r.stderr, path)
	}
	if !strings.Contains(r.stdout, "81.20.3.4") {
		t.Errorf("stdout %q", r.stdout)
	}
}

// TestLocationsConfigPaths: geoip_db in config.yaml expands ~ and reads a
// relative path from the config file's directory, not the working one.
func TestLocationsConfigPaths(t *testing.T) {
	city, _ := geoFiles(t)
	data, err := os.ReadFile(city)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	addLocatedUser(h)
	home := t.TempDir()
	h.env["HOME"] = home
	if err := os.MkdirAll(filepath.Join(home, "geo"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, "geo", "c.mmdb"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(h.configDir, "db"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.configDir, "db", "rel.mmdb"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, setting := range []string{"~/geo/c.mmdb", "db/rel.mmdb"} {
		writeConfig(t, h, "geoip_db: "+setting+"\n")
		r := h.run("sessions", "devices", "-u", locatedUser)
		r.expect(t, ExitOK)
		if !strings.Contains(r.stdout, "\t81.20.3.4\tLisbon, PT\t") {
			t.Errorf("geoip_db: %s: stdout %q stderr %q", setting, r.stdout, r.stderr)
		}
	}
}
