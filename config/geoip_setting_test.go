package config

import (
	"strings"
	"testing"
)

func TestParseFileGeoIPDB(t *testing.T) {
	cases := map[string][]string{
		"geoip_db: /a/City.mmdb:/b/ASN.mmdb\n":           {"/a/City.mmdb", "/b/ASN.mmdb"},
		"geoip_db:\n  - /a/City.mmdb\n  - /b/ASN.mmdb\n": {"/a/City.mmdb", "/b/ASN.mmdb"},
		"version: 1\n": nil,
	}
	for in, want := range cases {
		f, err := ParseFile("config.yaml", []byte(in))
		if err != nil || strings.Join(f.GeoIPDB, "|") != strings.Join(want, "|") {
			t.Errorf("ParseFile(%q) GeoIPDB = %q, %v; want %q", in, f.GeoIPDB, err, want)
		}
	}
	_, err := ParseFile("config.yaml", []byte("geoip_db:\n  city: /a.mmdb\n"))
	if err == nil || err.Error() != `config.yaml:2: geoip_db must be a list of .mmdb files or one ':'-separated string, found a map` {
		t.Errorf("geoip_db as a map: %v", err)
	}
}

// TestMarshalKeepsGeoIPDB: saving profiles (auth login) must not drop the
// setting.
func TestMarshalKeepsGeoIPDB(t *testing.T) {
	f := &File{GeoIPDB: []string{"/a/City.mmdb", "/b/ASN.mmdb"}}
	f.Put(Profile{Name: "p", ProjectID: "project-test-1", Storage: StorageKeyring})
	back, err := ParseFile("config.yaml", f.Marshal())
	if err != nil || strings.Join(back.GeoIPDB, "|") != "/a/City.mmdb|/b/ASN.mmdb" {
		t.Errorf("round trip = %v, %v\n%s", back, err, f.Marshal())
	}
}
