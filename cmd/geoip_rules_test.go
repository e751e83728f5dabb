package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
	"github.com/stytchctl/stytchctl/cmd/geoip/geoiptest"
)

// travelFiles writes a city file and an ASN file that place the travel
// user's addresses (see addTravelUser): Paris, New York, Tokyo.
func travelFiles(t *testing.T) (city, asn string) {
	t.Helper()
	entries := []geoiptest.Entry{
		{Prefix: "203.0.113.0/28", City: "Paris", Region: "Île-de-France", Country: "FR", Lat: 48.8566, Lon: 2.3522, AccuracyKM: 20, ASN: 64520, Org: "Seine Net"},
		{Prefix: "198.51.100.0/28", City: "New York", Region: "New York", Country: "US", Lat: 40.7128, Lon: -74.0060, AccuracyKM: 20, ASN: 64521, Org: "Hudson Fiber"},
		{Prefix: "2001:db8:2::/48", City: "Tokyo", Region: "Tokyo", Country: "JP", Lat: 35.6762, Lon: 139.6503, AccuracyKM: 10, ASN: 64522, Org: "Sumida Telecom"},
	}
	dir := t.TempDir()
	write := func(name string, build func(geoiptest.Options, []geoiptest.Entry) ([]byte, error), typ string) string {
		b, err := build(geoiptest.Options{Type: typ, BuildEpoch: testNow.Unix() - 86400}, entries)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	return write("travel-city.mmdb", geoiptest.CityDB, "GeoLite2-City"), write("travel-asn.mmdb", geoiptest.ASNDB, "GeoLite2-ASN")
}

// addTravelUserUnlocated is addTravelUser with no stand-in locator: the
// places come from the databases the command opens.
func addTravelUserUnlocated(h *harness) {
	addTravelUser(h)
	h.locate = nil
}

const newYorkJSON = `{"country":"US","region":"New York","city":"New York","latitude":40.7128,"longitude":-74.006,"accuracy_km":20,"asn":64521,"network":"Hudson Fiber","source":"travel-city.mmdb,travel-asn.mmdb"}`

// TestSessionsAuditGeoIPFiles: sessions audit opens the databases named
// by --geoip-db or STYTCHCTL_GEOIP_DB; the rules of places run on them and
// the findings carry their location objects. Without a database those
// rules stay silent.
func TestSessionsAuditGeoIPFiles(t *testing.T) {
	h := newHarness(t)
	addTravelUserUnlocated(h)
	city, asn := travelFiles(t)
	r := h.run("sessions", "audit", "-u", travelUser, "--geoip-db", city, "--geoip-db", asn, "-o", "json")
	r.expect(t, ExitOK)
	for _, want := range []string{`"rule":"impossible-travel"`, `"rule":"many-countries"`, `"location":` + newYorkJSON,
		`"other_session":{"session_id":"session-test-7a1b2c3d-0000-4000-8000-000000000001","ip_address":"203.0.113.7","location":{"country":"FR"`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("audit with --geoip-db lacks %s:\n%s", want, r.stdout)
		}
	}

	h.env["STYTCHCTL_GEOIP_DB"] = city + ":" + asn
	r = h.run("sessions", "audit", "-u", travelUser)
	r.expect(t, ExitOK)
	if !strings.Contains(r.stdout, "impossible-travel") || !strings.Contains(r.stdout, "New York, US") {
		t.Errorf("audit with STYTCHCTL_GEOIP_DB:\n%s", r.stdout)
	}

	delete(h.env, "STYTCHCTL_GEOIP_DB")
	r = h.run("sessions", "audit", "-u", travelUser, "-o", "json")
	r.expect(t, ExitOK)
	if strings.Contains(r.stdout, "impossible-travel") || strings.Contains(r.stdout, "many-countries") ||
		strings.Contains(r.stdout, `"location":{`) || r.stderr != "" {
		t.Errorf("audit without a database:\nstdout %s\nstderr %s", r.stdout, r.stderr)
	}
}

// TestGeoIPBadFileBeforeAnyRequest: a database that is not one is exit 2
// naming the file, with nothing sent, for sessions audit and inspect alike
// (users named by email included, whose lookup is a request).
func TestGeoIPBadFileBeforeAnyRequest(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "GeoLite2-City.mmdb")
	if err := os.WriteFile(bad, []byte("<html>not a database</html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"sessions", "audit", "-u", apitest.DemoEmail, "--geoip-db", bad},
		{"sessions", "audit", "--all-users", "--geoip-db", bad},
		{"inspect", apitest.DemoEmail, "--geoip-db", bad},
		{"inspect", "alice-42", "--geoip-db", bad, "-o", "json"},
	} {
		h := newHarness(t)
		r := h.run(args...)
		r.expect(t, ExitUsage, "IP location database "+bad+" (from --geoip-db): not a MaxMind DB")
		if n := len(h.fake.Requests()); n != 0 || r.stdout != "" {
			t.Errorf("%v: %d requests, stdout %q", args, n, r.stdout)
		}
	}
}

// TestInspectGeoIP: inspect shows each IP address with its place and
// network in the devices part, and its document carries the location
// objects of devices and findings (null where none is known).
func TestInspectGeoIP(t *testing.T) {
	h := newHarness(t)
	addTravelUserUnlocated(h)
	city, asn := travelFiles(t)
	r := h.run("inspect", travelUser, "--geoip-db", city, "--geoip-db", asn, "-o", "json")
	r.expect(t, ExitOK)
	for _, want := range []string{`{"ip_address":"198.51.100.9","location":` + newYorkJSON + `}`,
		`"rule":"impossible-travel","reason":"New York, US`, `"location":` + newYorkJSON + `,"other_session":`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("inspect document lacks %s:\n%s", want, r.stdout)
		}
	}
	h.tty, h.width = true, 80
	h.env["NO_COLOR"] = "1"
	r = h.run("inspect", travelUser, "--geoip-db", city, "--geoip-db", asn)
	r.expect(t, ExitOK)
	for _, want := range []string{"198.51.100.9  New York, US · AS64521 Hudson Fiber", "2001:db8:2::9  Tokyo, JP · AS64522 Sumida Telecom", "impossible-travel"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("inspect screen lacks %q:\n%s", want, r.stdout)
		}
	}
	// Without a database: no location anywhere, no rule of places.
	r = h.run("inspect", travelUser, "-o", "json")
	r.expect(t, ExitOK)
	if strings.Contains(r.stdout, `"locations"`) || strings.Contains(r.stdout, "impossible-travel") || strings.Contains(r.stdout, `"location":{`) {
		t.Errorf("inspect without a database:\n%s", r.stdout)
	}
}

// runDemo runs args on the demo profile with a transport that fails every
// request: the demo answers in-process, offline.
func runDemo(t *testing.T, width int, args ...string) (string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	deps := &Deps{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		StdoutTTY: width > 0, TermWidth: func() int { return width },
		LookupEnv:  func(k string) (string, bool) { return map[string]string{"NO_COLOR": "1"}[k], k == "NO_COLOR" },
		Now:        func() time.Time { return testNow },
		HTTPClient: &http.Client{Transport: failingTransport{}},
		GeoIPDirs:  func() []string { return nil },
		Build:      BuildInfo{Version: "t"},
	}
	if code := Run(context.Background(), deps, append([]string{"--profile", "demo"}, args...)); code != ExitOK {
		t.Fatalf("%v: exit %d: %s", args, code, errb.String())
	}
	return out.String(), errb.String()
}

// demoFinding is the part of a finding the demo tests look at.
type demoFinding struct {
	Rule      string          `json:"rule"`
	UserID    string          `json:"user_id"`
	SessionID string          `json:"session_id"`
	Reason    string          `json:"reason"`
	Location  json.RawMessage `json:"location"`
}

// travels are the impossible-travel findings among findings.
func travels(findings []demoFinding) []demoFinding {
	var out []demoFinding
	for _, f := range findings {
		if f.Rule == "impossible-travel" {
			out = append(out, f)
		}
	}
	return out
}

// TestDemoOneImpossibleTravel: offline, the demo shows locations and
// exactly one impossible travel, Alice's Lagos session while her iPhone
// was in use in San Francisco: in sessions audit over every user (the 60
// synthetic users included) and in inspect (incident sessions included).
func TestDemoOneImpossibleTravel(t *testing.T) {
	const want = "Lagos, NG"
	out, _ := runDemo(t, 0, "sessions", "audit", "--all-users", "-o", "json")
	var audit struct {
		Findings []demoFinding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &audit); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	got := travels(audit.Findings)
	if len(got) != 1 || got[0].UserID != apitest.DemoUserID || !strings.HasPrefix(got[0].Reason, want) ||
		!strings.Contains(string(got[0].Location), `"source":"demo-city.mmdb,demo-asn.mmdb"`) {
		t.Errorf("demo audit --all-users: impossible travel %+v, want exactly one of Alice's from %s", got, want)
	}

	out, _ = runDemo(t, 0, "inspect", apitest.DemoEmail, "-o", "json")
	var doc struct {
		Devices []struct {
			Locations []json.RawMessage `json:"locations"`
		} `json:"devices"`
		Findings []demoFinding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	got = travels(doc.Findings)
	if len(got) != 1 || !strings.HasPrefix(got[0].Reason, want) || len(doc.Devices) == 0 || len(doc.Devices[0].Locations) == 0 {
		t.Errorf("demo inspect: impossible travel %+v, devices %+v, want one from %s", got, doc.Devices, want)
	}

	screen, _ := runDemo(t, 80, "inspect", apitest.DemoEmail)
	for _, w := range []string{"San Francisco, California, US · AS64496 Bayline Fiber", "Lagos, NG · AS64498 Lagoon Telecom", "impossible-travel"} {
		if !strings.Contains(screen, w) {
			t.Errorf("demo inspect screen lacks %q:\n%s", w, screen)
		}
	}
	table, _ := runDemo(t, 0, "sessions", "audit", "--all-users")
	if n := strings.Count(table, "\timpossible-travel\t"); n != 1 || !strings.Contains(table, "\tLagos, NG while San Francisco, US (") {
		t.Errorf("demo audit table: %d impossible-travel rows:\n%s", n, table)
	}
}
