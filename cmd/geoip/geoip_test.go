package geoip_test

import (
	"bytes"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oschwald/maxminddb-golang/v2"

	"github.com/stytchctl/stytchctl/cmd/geoip"
	"github.com/stytchctl/stytchctl/cmd/geoip/geoiptest"
)

// testEntries have an IPv4 and an IPv6 network in Lisbon and one IPv4
// network that only the ASN file knows.
func testEntries() []geoiptest.Entry {
	lisbon := geoiptest.Entry{City: "Lisbon", Region: "Lisbon", RegionCode: "11", Country: "PT", Lat: 38.7223, Lon: -9.1393, AccuracyKM: 20, ASN: 64510, Org: "Tejo Net"}
	v4, v6 := lisbon, lisbon
	v4.Prefix, v6.Prefix = "81.20.0.0/16", "2a01:4f8::/32"
	return []geoiptest.Entry{v4, v6}
}

// writeDB writes data into dir/name and returns its path.
func writeDB(t testing.TB, dir, name string, data []byte, err error) string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// testFiles writes a city file and an ASN file; the ASN file also knows
// 8.8.8.0/24, which the city file does not.
func testFiles(t testing.TB) (city, asn string) {
	dir := t.TempDir()
	c, err := geoiptest.CityDB(geoiptest.Options{Type: "GeoLite2-City", BuildEpoch: 1790000000}, testEntries())
	city = writeDB(t, dir, "GeoLite2-City.mmdb", c, err)
	a, err := geoiptest.ASNDB(geoiptest.Options{Type: "GeoLite2-ASN", BuildEpoch: 1790000000},
		append(testEntries(), geoiptest.Entry{Prefix: "8.8.8.0/24", ASN: 15169, Org: "GOOGLE"}))
	asn = writeDB(t, dir, "GeoLite2-ASN.mmdb", a, err)
	return city, asn
}

func open(t *testing.T, paths ...string) *geoip.DB {
	t.Helper()
	db, err := geoip.Open(paths...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(db.Close)
	return db
}

func TestLocateCityAndASN(t *testing.T) {
	city, asn := testFiles(t)
	db := open(t, city, asn)
	want := geoip.Location{Country: "PT", Region: "Lisbon", City: "Lisbon", Latitude: 38.7223, Longitude: -9.1393,
		AccuracyKM: 20, ASN: 64510, Network: "Tejo Net", Source: "GeoLite2-City.mmdb,GeoLite2-ASN.mmdb"}
	for _, ip := range []string{"81.20.3.4", "2a01:4f8:c0c:1::2", "::ffff:81.20.3.4"} {
		got, ok := db.Locate(netip.MustParseAddr(ip))
		if !ok || got != want {
			t.Errorf("Locate(%s) = %+v, %v; want %+v", ip, got, ok, want)
		}
	}
	if got, ok := db.Locate(netip.MustParseAddr("9.9.9.9")); ok || got != (geoip.Location{}) {
		t.Errorf("Locate(no entry) = %+v, %v; want nothing", got, ok)
	}
	// Known to the ASN file only: a network without a place.
	got, ok := db.Locate(netip.MustParseAddr("8.8.8.8"))
	if !ok || got.Place() != "" || got.AS() != "AS15169 GOOGLE" || got.Source != "GeoLite2-ASN.mmdb" || got.HasCoordinates() {
		t.Errorf("Locate(ASN only) = %+v, %v", got, ok)
	}
}

func TestLocateCityWithoutASN(t *testing.T) {
	city, _ := testFiles(t)
	got, ok := open(t, city).Locate(netip.MustParseAddr("81.20.3.4"))
	if !ok || got.Place() != "Lisbon, PT" || got.ASN != 0 || got.AS() != "" || got.Source != "GeoLite2-City.mmdb" {
		t.Errorf("city only = %+v, %v", got, ok)
	}
}

func TestLocateASNWithoutCity(t *testing.T) {
	_, asn := testFiles(t)
	got, ok := open(t, asn).Locate(netip.MustParseAddr("2a01:4f8::1"))
	if !ok || got.Place() != "" || got.AS() != "AS64510 Tejo Net" || got.HasCoordinates() {
		t.Errorf("ASN only = %+v, %v", got, ok)
	}
}

func TestLocateIPv4OnlyFile(t *testing.T) {
	dir := t.TempDir()
	b, err := geoiptest.CityDB(geoiptest.Options{Type: "DBIP-City-Lite", IPv4Only: true}, testEntries()[:1])
	p := writeDB(t, dir, "dbip-city-lite-2026-11.mmdb", b, err)
	db := open(t, p)
	if got, ok := db.Locate(netip.MustParseAddr("81.20.0.1")); !ok || got.City != "Lisbon" {
		t.Errorf("IPv4 in an IPv4 file = %+v, %v", got, ok)
	}
	if got, ok := db.Locate(netip.MustParseAddr("2a01:4f8::1")); ok {
		t.Errorf("IPv6 in an IPv4 file = %+v, want no entry", got)
	}
}

func TestLocateIPinfo(t *testing.T) {
	dir := t.TempDir()
	b, err := geoiptest.IPinfoDB(geoiptest.Options{Type: "ipinfo standard_location.mmdb"}, testEntries())
	p := writeDB(t, dir, "ipinfo_lite.mmdb", b, err)
	got, ok := open(t, p).Locate(netip.MustParseAddr("81.20.9.9"))
	want := geoip.Location{Country: "PT", Region: "Lisbon", City: "Lisbon", Latitude: 38.7223, Longitude: -9.1393,
		ASN: 64510, Network: "Tejo Net", Source: "ipinfo_lite.mmdb"}
	if !ok || got != want {
		t.Errorf("IPinfo = %+v, %v; want %+v", got, ok, want)
	}
}

func TestOpenBadFiles(t *testing.T) {
	city, _ := testFiles(t)
	dir := t.TempDir()
	good, _ := os.ReadFile(city)
	anon, err := geoiptest.ASNDB(geoiptest.Options{Type: "GeoIP2-Anonymous-IP"}, testEntries())
	cases := []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "nope.mmdb"), "no such file"},
		{"not mmdb", writeDB(t, dir, "notes.mmdb", []byte("hello, this is text\n"), nil), "not a MaxMind DB (.mmdb) file, or truncated"},
		{"empty", writeDB(t, dir, "empty.mmdb", nil, nil), "the file is empty"},
		{"truncated", writeDB(t, dir, "cut.mmdb", good[:len(good)/2], nil), "not a MaxMind DB (.mmdb) file, or truncated"},
		{"metadata cut", writeDB(t, dir, "cut2.mmdb", good[:len(good)-20], nil), "a damaged or truncated MaxMind DB"},
		{"wrong schema", writeDB(t, dir, "anon.mmdb", anon, err), `a "GeoIP2-Anonymous-IP" database, which says nothing about places or networks`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db, err := geoip.Open(city, c.path)
			var fe *geoip.FileError
			if db != nil || !errors.As(err, &fe) || fe.Path != c.path || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Open = %v, %v; want a FileError for %s saying %q", db, err, c.path, c.want)
			}
		})
	}
}

func TestFilesDescribesEachFile(t *testing.T) {
	city, asn := testFiles(t)
	files := open(t, city, asn).Files()
	if len(files) != 2 || files[0].Path != city || files[0].Type != "GeoLite2-City" || files[0].Covers != "place" ||
		files[1].Covers != "network" || files[0].Built.Unix() != 1790000000 {
		t.Errorf("Files = %+v", files)
	}
}

func TestClassify(t *testing.T) {
	cases := map[string]string{
		"10.1.2.3": geoip.Private, "172.16.0.1": geoip.Private, "192.168.1.1": geoip.Private, "127.0.0.1": geoip.Private,
		"100.64.1.1": geoip.Private, "fd12::1": geoip.Private, "fe80::1": geoip.Private, "::1": geoip.Private,
		"::ffff:10.0.0.1": geoip.Private,
		"192.0.2.1":       geoip.Reserved, "198.51.100.7": geoip.Reserved, "203.0.113.9": geoip.Reserved, "2001:db8::1": geoip.Reserved,
		"0.0.0.0": geoip.Reserved, "224.0.0.1": geoip.Reserved, "240.0.0.1": geoip.Reserved, "198.18.0.1": geoip.Reserved,
		"8.8.8.8": "", "2606:4700::1111": "",
	}
	for ip, want := range cases {
		if got := geoip.Classify(netip.MustParseAddr(ip)); got != want {
			t.Errorf("Classify(%s) = %q, want %q", ip, got, want)
		}
	}
}

func TestDescribe(t *testing.T) {
	city, asn := testFiles(t)
	db := open(t, city, asn)
	cases := []struct{ ip, place, network string }{
		{"81.20.3.4", "Lisbon, PT", "AS64510 Tejo Net"},
		{"::ffff:81.20.3.4", "Lisbon, PT", "AS64510 Tejo Net"},
		{"10.0.0.8", "private", ""},
		{"2001:db8::5", "reserved", ""},
		{"9.9.9.9", "", ""},
		{"not an ip", "", ""},
		{"", "", ""},
	}
	for _, c := range cases {
		d := db.Describe(c.ip)
		if d.Place != c.place || d.Network != c.network || (d.Location != nil) != (c.network != "") {
			t.Errorf("Describe(%q) = %+v, want %q %q", c.ip, d, c.place, c.network)
		}
	}
	var none *geoip.DB
	if d := none.Describe("10.0.0.1"); d != (geoip.Description{}) {
		t.Errorf("nil DB Describe = %+v, want nothing (views as without a database)", d)
	}
}

func TestFindFirstSourceWins(t *testing.T) {
	dirA, dirB := t.TempDir(), t.TempDir()
	for _, n := range []string{"GeoLite2-ASN.mmdb", "GeoLite2-Country.mmdb", "GeoLite2-City.mmdb", "README"} {
		writeDB(t, dirB, n, []byte("x"), nil)
	}
	writeDB(t, dirB, "dbip-asn-lite-2026-10.mmdb", []byte("x"), nil)
	cfgCalls := 0
	cfg := func(v ...string) func() ([]string, error) {
		return func() ([]string, error) { cfgCalls++; return v, nil }
	}
	cases := []struct {
		name string
		s    geoip.Sources
		want geoip.Found
	}{
		{"flags", geoip.Sources{Flags: []string{"a.mmdb", "b.mmdb"}, Env: "c.mmdb", Config: cfg("d")}, geoip.Found{Paths: []string{"a.mmdb", "b.mmdb"}, From: "--geoip-db"}},
		{"env", geoip.Sources{Env: "c.mmdb::e.mmdb", Config: cfg("d")}, geoip.Found{Paths: []string{"c.mmdb", "e.mmdb"}, From: "STYTCHCTL_GEOIP_DB"}},
		{"config", geoip.Sources{Env: " ", Config: cfg("d.mmdb"), Dirs: []string{dirB}}, geoip.Found{Paths: []string{"d.mmdb"}, From: "config.yaml"}},
		{"dirs", geoip.Sources{Config: cfg(), Dirs: []string{dirA, dirB}}, geoip.Found{Paths: []string{
			filepath.Join(dirB, "GeoLite2-City.mmdb"), filepath.Join(dirB, "GeoLite2-ASN.mmdb")}, From: dirB}},
		{"nothing", geoip.Sources{Dirs: []string{dirA}}, geoip.Found{}},
	}
	for _, c := range cases {
		got, err := c.s.Find()
		if err != nil || strings.Join(got.Paths, "|") != strings.Join(c.want.Paths, "|") || got.From != c.want.From {
			t.Errorf("%s: Find = %+v, %v; want %+v", c.name, got, err, c.want)
		}
	}
	if cfgCalls != 2 {
		t.Errorf("config read %d times, want only when flags and env name nothing (2)", cfgCalls)
	}
}

func TestStandardDirs(t *testing.T) {
	env := func(k string) (string, bool) {
		return map[string]string{"XDG_DATA_HOME": "/data"}[k], k == "XDG_DATA_HOME"
	}
	got := strings.Join(geoip.StandardDirs(env), " ")
	if got != "/usr/share/GeoIP /var/lib/GeoIP /data/stytchctl" {
		t.Errorf("StandardDirs = %s", got)
	}
}

// TestDemoFilesUpToDate checks that the committed demo databases are
// exactly what `go generate ./cmd/geoip` writes.
func TestDemoFilesUpToDate(t *testing.T) {
	files, err := geoiptest.DemoFiles()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what the generator writes: run go generate ./cmd/geoip", name)
		}
	}
}

// TestDemoPlaces pins the demo's places: Alice's sessions are in San
// Francisco and Lagos, 12,000+ km apart; the sessions of her incident
// (api/apitest/demo_incident.go) are her Android phone in San Francisco,
// the unknown Windows PC known only to be in the US, and the support
// agent's impersonation from the Berlin office, as for Priya.
func TestDemoPlaces(t *testing.T) {
	db, err := geoip.OpenDemo()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"203.0.113.42":            "San Francisco, California, US|AS64496 Bayline Fiber",
		"2001:db8:4f2a:91c0::1b7": "San Francisco, California, US|AS64497 Pacific Mobile",
		"198.51.100.17":           "Lagos, NG|AS64498 Lagoon Telecom",
		"2001:db8:ffff::2":        "reserved|",
		"192.0.2.14":              "Tokyo, JP|AS64504 Sumida Telecom",
		"192.0.2.201":             "US|AS64496 Bayline Fiber",
		"198.51.100.88":           "San Francisco, California, US|AS64497 Pacific Mobile",
		"198.51.100.64":           "Berlin, Land Berlin, DE|AS64500 Havel Mobilfunk",
		"203.0.113.250":           "Berlin, Land Berlin, DE|AS64499 Spree Kabel",
	}
	for ip, want := range cases {
		d := db.Describe(ip)
		if got := d.Place + "|" + d.Network; got != want {
			t.Errorf("demo %s = %q, want %q", ip, got, want)
		}
	}
	if f := db.Files(); len(f) != 2 || f[0].Path != "demo-city.mmdb" || !f[0].BuiltIn {
		t.Errorf("demo files = %+v", f)
	}
}

// damage returns good with bytes [from, to) overwritten with 0xFF.
func damage(good []byte, from, to int) []byte {
	bad := bytes.Clone(good)
	for i := from; i < to; i++ {
		bad[i] = 0xFF
	}
	return bad
}

// sections returns where a database's data section starts and ends.
func sections(t *testing.T, good []byte) (dataStart, dataEnd int) {
	t.Helper()
	r, err := maxminddb.OpenBytes(good)
	if err != nil {
		t.Fatal(err)
	}
	return int(r.Metadata.NodeCount*r.Metadata.RecordSize*2/8) + 16, bytes.LastIndex(good, []byte("\xAB\xCD\xEFMaxMind.com"))
}

// TestOpenDamagedFile: a file whose metadata is sound but whose search
// tree or data section is overwritten does not open: a *FileError naming
// it says it is damaged, instead of every lookup quietly finding nothing.
func TestOpenDamagedFile(t *testing.T) {
	city, _ := testFiles(t)
	good, err := os.ReadFile(city)
	if err != nil {
		t.Fatal(err)
	}
	dataStart, dataEnd := sections(t, good)
	for name, bad := range map[string][]byte{
		"tree": damage(good, 0, dataStart-16),
		"data": damage(good, dataStart, dataEnd),
	} {
		p := writeDB(t, t.TempDir(), "GeoLite2-City.mmdb", bad, nil)
		db, err := geoip.Open(p)
		var fe *geoip.FileError
		if !errors.As(err, &fe) || fe.Path != p || !strings.HasPrefix(fe.Problem, "damaged: ") {
			t.Errorf("%s overwritten: Open = %v, %v; want a FileError %q damaged: …", name, db, err, p)
		}
	}
}

// TestLocateDamagedRecord: a record the cheap check at open does not
// reach is found damaged by the lookup that meets it: no entry, and one
// line naming the file, once however often it is met.
func TestLocateDamagedRecord(t *testing.T) {
	porto := geoiptest.Entry{Prefix: "150.1.0.0/16", City: "Porto", Region: "Porto", Country: "PT", Lat: 41.15, Lon: -8.61, AccuracyKM: 5}
	c, err := geoiptest.CityDB(geoiptest.Options{Type: "GeoLite2-City"}, append(testEntries(), porto))
	if err != nil {
		t.Fatal(err)
	}
	r, err := maxminddb.OpenBytes(c)
	if err != nil {
		t.Fatal(err)
	}
	off := int(r.Lookup(netip.MustParseAddr("150.1.2.3")).Offset())
	dataStart, _ := sections(t, c)
	p := writeDB(t, t.TempDir(), "GeoLite2-City.mmdb", damage(c, dataStart+off, dataStart+off+4), nil)
	db := open(t, p)
	var warnings []string
	db.OnDamage(func(s string) { warnings = append(warnings, s) })
	if got, ok := db.Locate(netip.MustParseAddr("81.20.3.4")); !ok || got.City != "Lisbon" {
		t.Errorf("a sound record: %+v, %v", got, ok)
	}
	for _, ip := range []string{"150.1.2.3", "150.1.9.9"} {
		if d := db.Describe(ip); d.Location != nil || d.Place != "" {
			t.Errorf("Describe of a damaged record = %+v", d)
		}
	}
	if len(warnings) != 1 || !strings.HasPrefix(warnings[0], p+" is damaged: ") {
		t.Errorf("warnings = %q; want one naming %s", warnings, p)
	}
}
