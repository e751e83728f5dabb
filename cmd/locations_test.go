package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
	"github.com/stytchctl/stytchctl/cmd/geoip/geoiptest"
)

// locatedUser has one session in Lisbon (a Mac), one from a private
// address (an Android phone) and one from a documentation address (a
// Windows PC).
const (
	locatedUser  = "user-test-10c00000-0000-4000-8000-000000000018"
	sessLisbon   = "session-test-10c00000-0000-4000-8000-00000000001a"
	sessPrivate  = "session-test-10c00000-0000-4000-8000-00000000001b"
	sessReserved = "session-test-10c00000-0000-4000-8000-00000000001c"
)

func addLocatedUser(h *harness) {
	h.fake.AddUser(locatedUser,
		rawSession(sessLisbon, locatedUser, uaTestMac, "81.20.3.4"),
		rawSession(sessPrivate, locatedUser, uaTestAndroid, "10.0.0.8", func(m map[string]any) {
			m["last_accessed_at"] = testNow.Add(-10 * time.Minute).Format(time.RFC3339)
		}),
		rawSession(sessReserved, locatedUser, uaTestWindows, "::ffff:192.0.2.9", func(m map[string]any) {
			m["last_accessed_at"] = testNow.Add(-30 * time.Minute).Format(time.RFC3339)
		}),
	)
}

// geoFiles writes a GeoLite2-shaped city file and ASN file that place
// 81.20.0.0/16 in Lisbon, AS64510 Tejo Net.
func geoFiles(t *testing.T) (city, asn string) {
	t.Helper()
	lisbon := geoiptest.Entry{Prefix: "81.20.0.0/16", City: "Lisbon", Region: "Lisbon", Country: "PT",
		Lat: 38.7223, Lon: -9.1393, AccuracyKM: 20, ASN: 64510, Org: "Tejo Net"}
	dir := t.TempDir()
	write := func(name string, build func(geoiptest.Options, []geoiptest.Entry) ([]byte, error), o geoiptest.Options) string {
		b, err := build(o, []geoiptest.Entry{lisbon})
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	city = write("GeoLite2-City.mmdb", geoiptest.CityDB, geoiptest.Options{Type: "GeoLite2-City", BuildEpoch: testNow.Unix() - 86400})
	asn = write("GeoLite2-ASN.mmdb", geoiptest.ASNDB, geoiptest.Options{Type: "GeoLite2-ASN", BuildEpoch: testNow.Unix() - 90*86400})
	return city, asn
}

// locatedDoc is the part of the devices JSON that locations add.
type locatedDoc struct {
	Devices []struct {
		Device    string `json:"device"`
		Locations []struct {
			IPAddress string           `json:"ip_address"`
			Location  *json.RawMessage `json:"location"`
			Label     *string          `json:"label"`
		} `json:"locations"`
	} `json:"devices"`
}

func (d locatedDoc) summary() string {
	var lines []string
	for _, dev := range d.Devices {
		for _, l := range dev.Locations {
			s := l.IPAddress + " = "
			if l.Location != nil {
				s += string(*l.Location)
			}
			if l.Label != nil {
				s += "label " + *l.Label
			}
			lines = append(lines, s)
		}
	}
	return strings.Join(lines, "\n")
}

func TestSessionsDevicesLocationsJSON(t *testing.T) {
	h := newHarness(t)
	addLocatedUser(h)
	city, asn := geoFiles(t)
	r := h.run("sessions", "devices", "-u", locatedUser, "--geoip-db", city, "--geoip-db", asn, "-o", "json")
	r.expect(t, ExitOK)
	var doc locatedDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	want := `81.20.3.4 = {"country":"PT","region":"Lisbon","city":"Lisbon","latitude":38.7223,"longitude":-9.1393,"accuracy_km":20,"asn":64510,"network":"Tejo Net","source":"GeoLite2-City.mmdb,GeoLite2-ASN.mmdb"}` + "\n" +
		`10.0.0.8 = null` + "label private\n" +
		`::ffff:192.0.2.9 = null` + "label reserved"
	// null decodes to a nil pointer: rebuild what the document said.
	if got := strings.ReplaceAll(doc.summary(), " = label", " = nulllabel"); got != want {
		t.Errorf("locations:\n%s\nwant:\n%s\n%s", got, want, r.stdout)
	}
	if !strings.Contains(r.stdout, `"location":null,"label":"private"`) {
		t.Errorf("a private address has location null and a label:\n%s", r.stdout)
	}
	if reqs := h.fake.Requests(); len(reqs) != 1 || reqs[0].Query.Get("user_id") != locatedUser {
		t.Errorf("requests = %+v", reqs)
	}
}

// TestSessionsDevicesLocationSources: --geoip-db, then STYTCHCTL_GEOIP_DB,
// then config.yaml's geoip_db, then the usual directories; the first that
// names a file wins.
func TestSessionsDevicesLocationSources(t *testing.T) {
	city, asn := geoFiles(t)
	broken := filepath.Join(t.TempDir(), "broken.mmdb")
	if err := os.WriteFile(broken, []byte("not a database"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		setup func(t *testing.T, h *harness) []string
		want  string
	}{
		{"flag beats env", func(t *testing.T, h *harness) []string {
			h.env["STYTCHCTL_GEOIP_DB"] = broken
			return []string{"--geoip-db", city}
		}, "Lisbon, PT\t"},
		{"env beats config", func(t *testing.T, h *harness) []string {
			h.env["STYTCHCTL_GEOIP_DB"] = city + ":" + asn
			writeConfig(t, h, "geoip_db: "+broken+"\n")
			return nil
		}, "Lisbon, PT\tAS64510 Tejo Net\t"},
		{"config beats dirs", func(t *testing.T, h *harness) []string {
			writeConfig(t, h, "geoip_db:\n  - "+asn+"\n")
			h.geoipDirs = []string{filepath.Dir(city)}
			return nil
		}, "\tAS64510 Tejo Net\t"},
		{"dirs", func(t *testing.T, h *harness) []string {
			h.geoipDirs = []string{t.TempDir(), filepath.Dir(city)}
			return nil
		}, "Lisbon, PT\tAS64510 Tejo Net\t"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			addLocatedUser(h)
			args := append([]string{"sessions", "devices", "-u", locatedUser}, c.setup(t, h)...)
			r := h.run(args...)
			r.expect(t, ExitOK)
			if !strings.Contains(r.stdout, "\t81.20.3.4\t"+c.want) {
				t.Errorf("piped table lacks %q:\n%s", c.want, r.stdout)
			}
		})
	}
}

// TestSessionsDevicesWithoutDatabase: nothing found is today's view, with
// no warning and no locations key.
func TestSessionsDevicesWithoutDatabase(t *testing.T) {
	h := newHarness(t)
	addLocatedUser(h)
	h.geoipDirs = []string{t.TempDir()}
	r := h.run("sessions", "devices", "-u", locatedUser)
	r.expect(t, ExitOK)
	if r.stderr != "" || strings.Contains(r.stdout, "private") || strings.Count(strings.SplitN(r.stdout, "\n", 2)[0], "\t") != 5 {
		t.Errorf("without a database the view changed:\n%s\nstderr: %s", r.stdout, r.stderr)
	}
	r = h.run("sessions", "devices", "-u", locatedUser, "-o", "json")
	if strings.Contains(r.stdout, "locations") {
		t.Errorf("without a database the JSON has locations:\n%s", r.stdout)
	}
}

// TestSessionsDevicesBadDatabase: a file that cannot be used stops the
// command with exit 2 before any request, naming the file and the fault.
func TestSessionsDevicesBadDatabase(t *testing.T) {
	city, _ := geoFiles(t)
	good, err := os.ReadFile(city)
	if err != nil {
		t.Fatal(err)
	}
	anon, err := geoiptest.ASNDB(geoiptest.Options{Type: "GeoIP2-Anonymous-IP"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string][]byte{"text.mmdb": []byte("hello\n"), "cut.mmdb": good[:len(good)/3], "anon.mmdb": anon}
	wants := map[string]string{
		"text.mmdb":    "not a MaxMind DB (.mmdb) file, or truncated: it has no metadata section",
		"cut.mmdb":     "not a MaxMind DB (.mmdb) file, or truncated",
		"anon.mmdb":    `a "GeoIP2-Anonymous-IP" database, which says nothing about places or networks`,
		"missing.mmdb": "no such file",
	}
	for name, want := range wants {
		for _, via := range []string{"flag", "env"} {
			t.Run(name+" "+via, func(t *testing.T) {
				p := filepath.Join(dir, name)
				if b, ok := files[name]; ok {
					if err := os.WriteFile(p, b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				h := newHarness(t)
				addLocatedUser(h)
				args := []string{"sessions", "devices", "-u", locatedUser}
				from := "--geoip-db"
				if via == "flag" {
					args = append(args, "--geoip-db", p)
				} else {
					h.env["STYTCHCTL_GEOIP_DB"] = p
					from = "STYTCHCTL_GEOIP_DB"
				}
				r := h.run(args...)
				r.expect(t, ExitUsage, "IP location database "+p+" (from "+from+"): "+want, "see stytchctl help geoip")
				if r.stdout != "" || len(h.fake.Requests()) != 0 {
					t.Errorf("stdout %q, requests %+v: want nothing sent", r.stdout, h.fake.Requests())
				}
			})
		}
	}
}

// TestSessionsDevicesDemoLocations: the demo profile places its sessions
// with the built-in databases, offline: Alice in San Francisco and Lagos.
func TestSessionsDevicesDemoLocations(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "devices", "--profile", "demo", "-u", "alice-42")
	r.expect(t, ExitOK)
	for _, want := range []string{
		"\t203.0.113.42\tSan Francisco, California, US\tAS64496 Bayline Fiber\t",
		"\t198.51.100.17\tLagos, NG\tAS64498 Lagoon Telecom\t",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("demo devices lack %q:\n%s", want, r.stdout)
		}
	}
	r = h.run("sessions", "devices", "--profile", "demo", "-u", apitest.FactorZooUserID, "-o", "json")
	if !strings.Contains(r.stdout, `{"ip_address":"2001:db8:ffff::2","location":null,"label":"reserved"}`) ||
		!strings.Contains(r.stdout, `"source":"demo-city.mmdb,demo-asn.mmdb"`) {
		t.Errorf("demo factor zoo JSON:\n%s", r.stdout)
	}
}

// locationGoldenCases pin the views with locations, from the demo
// databases, at 80, 120 and 200 columns and piped.
func locationGoldenCases() []goldenCase {
	geo := []string{"--geoip-db", "geoip/demo-city.mmdb", "--geoip-db", "geoip/demo-asn.mmdb"}
	with := func(args ...string) []string { return append(args, geo...) }
	return []goldenCase{
		{name: "located.sessions_devices", args: with("sessions", "devices", "-u", "alice-42"), views: listViews()},
		{name: "located.sessions_devices.factor_zoo", args: with("sessions", "devices", "-u", apitest.FactorZooUserID), views: listViews()},
		{name: "located.sessions_show", args: with("sessions", "show", "6d1f8b3e", "-u", "alice-42"), views: documentViews()},
		{name: "located.sessions_list", args: with("sessions", "list", "-u", "alice-42,"+apitest.FactorZooUserID), views: listViews()[4:]},
		// Alice's incident located: the impossible travel from Lagos, her
		// phone at home, the unknown PC known only to the country, the
		// support agent in Berlin (no trip of hers).
		{name: "located.inspect.incident", args: with("inspect", apitest.DemoEmail), setup: addIncident, views: documentViews()},
		// Named users and a user without a name (the travel user, here
		// Berlin then Lagos): the user ID is never cut among the names.
		{name: "located.sessions_audit", args: with("sessions", "audit", "-u", "alice-42,"+travelUser+","+apitest.FactorZooUserID),
			setup: func(t *testing.T, h *harness) { addIncident(t, h); addTravelUserUnlocated(h) }, views: listViews()},
	}
}

// writeConfig writes the config file of h.
func writeConfig(t *testing.T, h *harness, content string) {
	t.Helper()
	if err := os.MkdirAll(h.configDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.configDir, "config.yaml"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestSessionsShowLocation(t *testing.T) {
	h := newHarness(t)
	addLocatedUser(h)
	city, asn := geoFiles(t)
	geo := []string{"--geoip-db", city, "--geoip-db", asn}
	r := h.run(append([]string{"sessions", "show", sessLisbon, "-u", locatedUser}, geo...)...)
	r.expect(t, ExitOK)
	if !strings.Contains(r.stdout, "ip_address\t81.20.3.4\nlocation\tLisbon, PT\nnetwork\tAS64510 Tejo Net\nstarted_at\t") {
		t.Errorf("show lacks the location after the IP:\n%s", r.stdout)
	}
	r = h.run(append([]string{"sessions", "show", sessPrivate, "-u", locatedUser}, geo...)...)
	if !strings.Contains(r.stdout, "ip_address\t10.0.0.8\nlocation\tprivate\nstarted_at\t") {
		t.Errorf("a private address:\n%s", r.stdout)
	}
	// -o json is the session as Stytch sent it: no database is read, so
	// even a broken one does not matter.
	h.env["STYTCHCTL_GEOIP_DB"] = filepath.Join(t.TempDir(), "missing.mmdb")
	r = h.run("sessions", "show", sessLisbon, "-u", locatedUser, "-o", "json")
	r.expect(t, ExitOK)
	if strings.Contains(r.stdout, "Lisbon") || !strings.Contains(r.stdout, `"session_id":"`+sessLisbon+`"`) {
		t.Errorf("-o json changed:\n%s", r.stdout)
	}
	h.fake.ResetRequests()
	r = h.run("sessions", "show", sessLisbon, "-u", locatedUser)
	r.expect(t, ExitUsage, "missing.mmdb (from STYTCHCTL_GEOIP_DB): no such file")
	if len(h.fake.Requests()) != 0 {
		t.Errorf("requests sent despite a bad database: %+v", h.fake.Requests())
	}
}

func TestSessionsListLocations(t *testing.T) {
	h := newHarness(t)
	addLocatedUser(h)
	city, asn := geoFiles(t)
	noID := func(s string) string { return regexp.MustCompile(`request-id-test-[0-9a-f-]+`).ReplaceAllString(s, "") }
	plainJSON := noID(h.run("sessions", "list", "-u", locatedUser, "-o", "json").stdout)
	plainTable := h.run("sessions", "list", "-u", locatedUser).stdout
	h.env["STYTCHCTL_GEOIP_DB"] = city + ":" + asn
	r := h.run("sessions", "list", "-u", locatedUser, "-o", "csv")
	r.expect(t, ExitOK)
	lines := strings.Split(r.stdout, "\n")
	if !strings.HasPrefix(lines[0], "session_id,user_id,factors,device,ip_address,location,network,started_at,") {
		t.Errorf("csv header: %s", lines[0])
	}
	for _, want := range []string{",81.20.3.4,\"Lisbon, PT\",AS64510 Tejo Net,", ",10.0.0.8,private,,", ",::ffff:192.0.2.9,reserved,,"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("csv lacks %q:\n%s", want, r.stdout)
		}
	}
	r = h.run("sessions", "list", "-u", locatedUser, "-o", "wide")
	if !strings.Contains(r.stdout, "\t81.20.3.4\tLisbon, PT\tAS64510 Tejo Net\t") {
		t.Errorf("wide lacks the location:\n%s", r.stdout)
	}
	// JSON stays Stytch's bytes; the plain table has no location columns.
	if got := noID(h.run("sessions", "list", "-u", locatedUser, "-o", "json").stdout); got != plainJSON {
		t.Errorf("-o json changed with a database:\n%s\nwas:\n%s", got, plainJSON)
	}
	if got := h.run("sessions", "list", "-u", locatedUser).stdout; got != plainTable {
		t.Errorf("the table changed with a database:\n%s\nwas:\n%s", got, plainTable)
	}
	h.env["STYTCHCTL_GEOIP_DB"] = plainJSONPath(t)
	h.fake.ResetRequests()
	r = h.run("sessions", "list", "-u", locatedUser, "-o", "csv")
	r.expect(t, ExitUsage, "not a MaxMind DB (.mmdb) file")
	if len(h.fake.Requests()) != 0 || r.stdout != "" {
		t.Errorf("sent %+v, printed %q despite a bad database", h.fake.Requests(), r.stdout)
	}
}

// plainJSONPath is a JSON file named like a database.
func plainJSONPath(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "GeoLite2-City.mmdb")
	if err := os.WriteFile(p, []byte(`{"not":"a database"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestAuthDoctorGeoIP: doctor lists the files in use with their build
// dates, warns when one is older than 60 days, and fails on a bad one.
func TestAuthDoctorGeoIP(t *testing.T) {
	h := newHarness(t)
	r := h.run("auth", "doctor")
	if !strings.Contains(r.stdout, "IP locations\n  · no IP location database found: views show IP addresses without places\n    fix: optional; see stytchctl help geoip") {
		t.Errorf("doctor without a database:\n%s", r.stdout)
	}
	city, asn := geoFiles(t)
	h.env["STYTCHCTL_GEOIP_DB"] = city + ":" + asn
	r = h.run("auth", "doctor")
	for _, want := range []string{
		"  ✓ " + city + " (place, from STYTCHCTL_GEOIP_DB): GeoLite2-City, built 2026-06-03 (1 days ago)\n",
		"  ! " + asn + " (network, from STYTCHCTL_GEOIP_DB): GeoLite2-ASN, built 2026-03-06 (90 days ago)\n    fix: locations drift",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("doctor lacks %q:\n%s", want, r.stdout)
		}
	}
	h.env["STYTCHCTL_GEOIP_DB"] = plainJSONPath(t)
	r = h.run("auth", "doctor")
	if r.code != ExitCheckFailed || !strings.Contains(r.stdout, "✗ IP location database "+h.env["STYTCHCTL_GEOIP_DB"]+" (from STYTCHCTL_GEOIP_DB): not a MaxMind DB") {
		t.Errorf("doctor with a bad database: exit %d\n%s", r.code, r.stdout)
	}
	delete(h.env, "STYTCHCTL_GEOIP_DB")
	r = h.run("auth", "doctor", "--profile", "demo")
	if !strings.Contains(r.stdout, "✓ demo-city.mmdb (place, built in, from the demo profile): stytchctl-Demo-City, built 2026-12-01") {
		t.Errorf("doctor for the demo:\n%s", r.stdout)
	}
}

func TestHelpGeoIP(t *testing.T) {
	h := newHarness(t)
	r := h.run("help", "geoip")
	r.expect(t, ExitOK)
	for _, want := range []string{"--geoip-db FILE", "STYTCHCTL_GEOIP_DB, the files ':'-separated", "geoip_db in config.yaml",
		"/usr/share/GeoIP, /var/lib/GeoIP", "https://db-ip.com/db/lite.php", "geoipupdate", "ipinfo_lite.mmdb", "exit 2",
		"Found nothing? Put GeoLite2-City.mmdb"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help geoip lacks %q:\n%s", want, r.stdout)
		}
	}
	if env := h.run("help", "environment").stdout; !strings.Contains(env, "STYTCHCTL_GEOIP_DB\n") {
		t.Errorf("help environment lacks STYTCHCTL_GEOIP_DB:\n%s", env)
	}
}

// TestSessionsDevicesCorruptConfigWithEnvCredentials: credentials from the
// environment never read config.yaml; looking for geoip_db in it must not
// make a corrupt one an error, only a warning (TestLocationsMalformedConfigWarns).
func TestSessionsDevicesCorruptConfigWithEnvCredentials(t *testing.T) {
	h := newHarness(t)
	addLocatedUser(h)
	writeConfig(t, h, "profiles: [unclosed\n")
	r := h.run("sessions", "devices", "-u", locatedUser)
	r.expect(t, ExitOK)
	if strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "warning: geoip_db setting ignored: ") || !strings.Contains(r.stdout, "81.20.3.4") {
		t.Errorf("stdout %q stderr %q", r.stdout, r.stderr)
	}
}

// TestLocationsHostileDatabase: text from a database file reaches a
// terminal sanitised, like text from the API.
func TestLocationsHostileDatabase(t *testing.T) {
	evil := geoiptest.Entry{Prefix: "81.20.0.0/16", City: "Evil\x1b]0;owned\x07City", Region: "\x1b[31mRed", Country: "PT",
		Lat: 1, Lon: 1, ASN: 64510, Org: "Org\r\nX-Injected: yes"}
	dir := t.TempDir()
	var paths []string
	for name, build := range map[string]func(geoiptest.Options, []geoiptest.Entry) ([]byte, error){"city.mmdb": geoiptest.CityDB, "asn.mmdb": geoiptest.ASNDB} {
		b, err := build(geoiptest.Options{Type: map[string]string{"city.mmdb": "GeoLite2-City", "asn.mmdb": "GeoLite2-ASN"}[name]}, []geoiptest.Entry{evil})
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	h := newHarness(t)
	addLocatedUser(h)
	h.tty, h.width = true, 120
	h.env["STYTCHCTL_GEOIP_DB"] = strings.Join(paths, ":")
	for _, args := range [][]string{
		{"sessions", "devices", "-u", locatedUser},
		{"sessions", "devices", "-u", locatedUser, "-o", "wide"},
		{"sessions", "list", "-u", locatedUser, "-o", "wide"},
		{"sessions", "show", sessLisbon, "-u", locatedUser},
	} {
		r := h.run(args...)
		r.expect(t, ExitOK)
		if strings.ContainsAny(r.stdout, "\x07\r") || strings.Contains(r.stdout, "\x1b]") || strings.Contains(r.stdout, "\x1b[31m") || !strings.Contains(r.stdout, "Evil") {
			t.Errorf("%v: database text reached the terminal raw:\n%q", args, r.stdout)
		}
	}
}
