package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
)

// demoPlaces is where a GeoIP database could put the demo's documentation
// addresses: Alice in San Francisco signs in from London 95 minutes ago
// while her iPhone session is in use (the demo's impossible travel);
// Priya is in London, Kenji in Tokyo. The other addresses are unknown.
func demoPlaces() sessionaudit.Locator {
	sf := sessionaudit.Place{Country: "US", Region: "California", City: "San Francisco", Latitude: 37.7749, Longitude: -122.4194, AccuracyKM: 20, ASN: 64500, Network: "Example Fiber", Source: "demo.mmdb"}
	london := sessionaudit.Place{Country: "GB", Region: "England", City: "London", Latitude: 51.5074, Longitude: -0.1278, AccuracyKM: 10, ASN: 64501, Network: "Example Telecom", Source: "demo.mmdb"}
	tokyo := sessionaudit.Place{Country: "JP", Region: "Tokyo", City: "Tokyo", Latitude: 35.6762, Longitude: 139.6503, AccuracyKM: 10, ASN: 64502, Network: "Example Mobile", Source: "demo.mmdb"}
	places := map[string]sessionaudit.Place{
		"203.0.113.42": sf, "2001:db8:4f2a:91c0::1b7": sf, "198.51.100.17": london,
		"203.0.113.8": london, "198.51.100.64": london, "2001:db8:a0b:12f0::33": london, "198.51.100.201": london, "2001:db8:1c4e::42": london,
		"2001:db8:85a3::8a2e:370:7334": tokyo, "192.0.2.14": tokyo,
	}
	return func(ip string) (sessionaudit.Place, bool) {
		p, ok := places[ip]
		return p, ok
	}
}

// travelUser signs in from Paris, then from New York 2h after the Paris
// session was last used, then from Tokyo (IPv6) a week before: three
// countries, one impossible trip.
const travelUser = "user-test-c0000000-0000-4000-8000-00000000000c"

func addTravelUser(h *harness) {
	ts := func(d time.Duration) string { return testNow.Add(d).Format(time.RFC3339) }
	when := func(start, last time.Duration) func(map[string]any) {
		return func(m map[string]any) { m["started_at"], m["last_accessed_at"] = ts(start), ts(last) }
	}
	h.fake.AddUser(travelUser,
		rawSession("session-test-7a1b2c3d-0000-4000-8000-000000000001", travelUser, uaTestMac, "203.0.113.7", when(-5*time.Hour, -4*time.Hour)),
		rawSession("session-test-8b2c3d4e-0000-4000-8000-000000000002", travelUser, uaTestWindows, "198.51.100.9", when(-2*time.Hour, -time.Minute)),
		rawSession("session-test-9c3d4e5f-0000-4000-8000-000000000003", travelUser, uaTestAndroid, "2001:db8:2::9", when(-8*24*time.Hour, -7*24*time.Hour)),
	)
	paris := sessionaudit.Place{Country: "FR", City: "Paris", Latitude: 48.8566, Longitude: 2.3522, AccuracyKM: 20}
	ny := sessionaudit.Place{Country: "US", City: "New York", Latitude: 40.7128, Longitude: -74.0060, AccuracyKM: 20}
	tokyo := sessionaudit.Place{Country: "JP", City: "Tokyo", Latitude: 35.6762, Longitude: 139.6503, AccuracyKM: 10}
	places := map[string]sessionaudit.Place{"203.0.113.7": paris, "198.51.100.9": ny, "2001:db8:2::9": tokyo}
	h.locate = func(ip string) (sessionaudit.Place, bool) {
		p, ok := places[ip]
		return p, ok
	}
}

func TestSessionsAuditLocationRules(t *testing.T) {
	const travelWant = "warning/many-countries/\ncritical/impossible-travel/session-test-8b2c3d4e-0000-4000-8000-000000000002"
	for _, tt := range []struct {
		name string
		args []string
		noDB bool
		want string
	}{
		{name: "defaults", want: travelWant},
		{name: "a plane fast enough", args: []string{"--max-speed", "3000"}, want: "warning/many-countries/"},
		{name: "three countries allowed", args: []string{"--max-countries", "3"}, want: "critical/impossible-travel/session-test-8b2c3d4e-0000-4000-8000-000000000002"},
		{name: "no database: the rules do not run", noDB: true, want: ""},
		// Filters choose the sessions with findings; the trip is measured
		// from any session, and countries count them all.
		{name: "filtered to New York", args: []string{"--ip", "198.51.100.0/24"}, want: travelWant},
		{name: "filtered to Paris", args: []string{"--ip", "203.0.113.0/24"}, want: "warning/many-countries/"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			addTravelUser(h)
			if tt.noDB {
				h.locate = nil
			}
			r := h.run(append([]string{"sessions", "audit", "-u", travelUser, "-o", "ndjson"}, tt.args...)...)
			r.expect(t, 0)
			if got := shorts(parseNDJSONFindings(t, r.stdout)); got != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tt.want)
			}
			if r.stderr != "" {
				t.Errorf("stderr = %q", r.stderr)
			}
		})
	}

	h := newHarness(t)
	addTravelUser(h)
	r := h.run("sessions", "audit", "-u", travelUser, "-o", "json")
	r.expect(t, 0)
	var doc struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Findings) != 2 {
		t.Fatalf("-o json: %v\n%s", err, r.stdout)
	}
	travel := doc.Findings[1]
	other, _ := travel["other_session"].(map[string]any)
	loc, _ := travel["location"].(map[string]any)
	if travel["reason"] != "New York, US 2h after Paris, FR (7a1b2c3d) was last used: at least 5797 km at 2899 km/h (--max-speed 900)" ||
		travel["distance_km"] != 5797.0 || travel["speed_kmh"] != 2899.0 || loc["city"] != "New York" ||
		other["session_id"] != "session-test-7a1b2c3d-0000-4000-8000-000000000001" || other["ip_address"] != "203.0.113.7" {
		t.Errorf("impossible-travel finding: %v", travel)
	}
	if c, _ := doc.Findings[0]["countries"].([]any); len(c) != 3 || c[0] != "FR" || doc.Findings[0]["location"] != nil {
		t.Errorf("many-countries finding: %v", doc.Findings[0])
	}

	// The piped table carries the reason whole.
	r = h.run("sessions", "audit", "-u", travelUser)
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "critical\timpossible-travel\t"+travelUser+"\tsession-test-8b2c3d4e-0000-4000-8000-000000000002\tFirefox 127 · Windows\tNew York, US 2h after Paris, FR (7a1b2c3d) was last used: at least 5797 km") {
		t.Errorf("piped table:\n%s", r.stdout)
	}
}

func TestSessionsAuditLocationRulesFailOn(t *testing.T) {
	for _, tt := range []struct {
		args   []string
		noDB   bool
		code   int
		stderr string
	}{
		{[]string{"--fail-on", "critical"}, false, ExitCheckFailed, "stytchctl: 1 finding at or above critical (--fail-on critical)\n"},
		{[]string{"--fail-on", "warning"}, false, ExitCheckFailed, "stytchctl: 2 findings at or above warning (--fail-on warning)\n"},
		{[]string{"--fail-on", "critical", "--max-speed", "3000"}, false, 0, ""},
		{[]string{"--fail-on", "info"}, true, 0, ""},
	} {
		h := newHarness(t)
		addTravelUser(h)
		if tt.noDB {
			h.locate = nil
		}
		r := h.run(append([]string{"sessions", "audit", "-u", travelUser, "-o", "ndjson"}, tt.args...)...)
		r.expect(t, tt.code)
		if r.stderr != tt.stderr {
			t.Errorf("%q: stderr = %q, want %q", tt.args, r.stderr, tt.stderr)
		}
	}
}

func TestSessionsAuditLocationRulesOfflineAndAllUsers(t *testing.T) {
	h := newHarness(t)
	addTravelUser(h)
	saved := h.run("sessions", "list", "-u", travelUser, "-o", "json")
	saved.expect(t, 0)
	path := filepath.Join(t.TempDir(), "saved.json")
	if err := os.WriteFile(path, []byte(saved.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	// Offline: no credentials, no request.
	before := len(h.fake.Requests())
	delete(h.env, "STYTCH_SECRET")
	delete(h.env, "STYTCH_PROJECT_ID")
	r := h.run("sessions", "audit", "--from-file", path, "-o", "ndjson", "--fail-on", "critical")
	r.expect(t, ExitCheckFailed)
	if got := shorts(parseNDJSONFindings(t, r.stdout)); !strings.Contains(got, "critical/impossible-travel/session-test-8b2c3d4e") || !strings.Contains(got, "warning/many-countries/") {
		t.Errorf("--from-file findings:\n%s", got)
	}
	if n := len(h.fake.Requests()); n != before {
		t.Errorf("--from-file sent %d requests", n-before)
	}

	h = newHarness(t)
	addTravelUser(h)
	r = h.run("sessions", "audit", "--all-users", "-o", "ndjson")
	r.expect(t, 0)
	fs := parseNDJSONFindings(t, r.stdout)
	var travel []string
	for _, f := range fs {
		if f.Rule == sessionaudit.RuleImpossibleTravel || f.Rule == sessionaudit.RuleManyCountries {
			travel = append(travel, f.UserID+" "+f.short())
		}
	}
	want := travelUser + " warning/many-countries/\n" + travelUser + " critical/impossible-travel/session-test-8b2c3d4e-0000-4000-8000-000000000002"
	if strings.Join(travel, "\n") != want {
		t.Errorf("--all-users location findings:\n%s\nwant:\n%s", strings.Join(travel, "\n"), want)
	}
}

func TestSessionsAuditLocationFlagErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--max-speed", "0"}, "invalid --max-speed 0: want 1 km/h or more"},
		{[]string{"--max-speed", "-900"}, "invalid --max-speed -900: want 1 km/h or more"},
		{[]string{"--max-speed", "fast"}, `invalid argument "fast" for "--max-speed"`},
		{[]string{"--max-countries", "0"}, "invalid --max-countries 0: want 1 or more"},
	} {
		h := newHarness(t)
		addTravelUser(h)
		r := h.run(append([]string{"sessions", "audit", "-u", travelUser}, tt.args...)...)
		r.expect(t, ExitUsage, tt.want)
		if r.stdout != "" || len(h.fake.Requests()) != 0 {
			t.Errorf("%q: stdout %q, %d requests", tt.args, r.stdout, len(h.fake.Requests()))
		}
	}
}

func TestSessionsAuditNonBrowserAgentOnDemo(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "audit", "-u", apitest.FactorZooUserID+","+apitest.LosslessUserID+",alice-42", "-o", "ndjson", "--fail-on", "warning")
	r.expect(t, ExitCheckFailed)
	var got []string
	for _, f := range parseNDJSONFindings(t, r.stdout) {
		if f.Rule == sessionaudit.RuleNonBrowser {
			got = append(got, f.short()+": "+f.Reason)
		}
	}
	want := []string{
		"warning/non-browser-agent/session-test-c5d8f2a1-6b3e-4f97-8a0c-1e4b7d9a2f63: Go-http-client 2.0: an HTTP client or library, not a browser or app",
		"warning/non-browser-agent/session-test-f05d3a8e-2c7b-4e19-9a6d-4b8e1c3f7a95: curl 8.7.1: an HTTP client or library, not a browser or app",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("non-browser-agent findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
