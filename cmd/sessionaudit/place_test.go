package sessionaudit

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api"
)

// Places of the tests: city centres, with a city database's usual radius.
var (
	paris   = Place{Country: "FR", Region: "Île-de-France", City: "Paris", Latitude: 48.8566, Longitude: 2.3522, AccuracyKM: 20, Source: "test.mmdb"}
	newYork = Place{Country: "US", Region: "New York", City: "New York", Latitude: 40.7128, Longitude: -74.0060, AccuracyKM: 20, Source: "test.mmdb"}
	london  = Place{Country: "GB", Region: "England", City: "London", Latitude: 51.5074, Longitude: -0.1278, AccuracyKM: 10, Source: "test.mmdb"}
	tokyo   = Place{Country: "JP", Region: "Tokyo", City: "Tokyo", Latitude: 35.6762, Longitude: 139.6503, AccuracyKM: 10, Source: "test.mmdb"}
	berlin  = Place{Country: "DE", City: "Berlin", Latitude: 52.52, Longitude: 13.405}
	munich  = Place{Country: "DE", City: "Munich", Latitude: 48.1351, Longitude: 11.582}
	sydney  = Place{Country: "AU", City: "Sydney", Latitude: -33.8688, Longitude: 151.2093}
	la      = Place{Country: "US", City: "Los Angeles", Latitude: 34.0522, Longitude: -118.2437}
)

func TestDistanceKnownCityPairs(t *testing.T) {
	for _, tt := range []struct {
		a, b Place
		km   float64 // published great-circle distances
	}{
		{paris, newYork, 5837},
		{london, tokyo, 9559},
		{berlin, munich, 504},
		{sydney, la, 12074},
		{paris, paris, 0},
	} {
		got, back := DistanceKM(tt.a, tt.b), DistanceKM(tt.b, tt.a)
		if math.Abs(got-tt.km) > tt.km*0.005+0.5 || math.Abs(got-back) > 1e-9 {
			t.Errorf("%s–%s = %.1f km (back %.1f), want %.0f km ±0.5%%", tt.a.City, tt.b.City, got, back, tt.km)
		}
	}
}

// locator knows the places of the test addresses.
func locator(places map[string]Place) Locator {
	return func(ip string) (Place, bool) {
		p, ok := places[ip]
		return p, ok
	}
}

// travel is a session from ip, started at start and last used at last
// (offsets from now).
func travel(t *testing.T, id, ip string, start, last time.Duration) api.Session {
	t.Helper()
	return sess(t, id, at("started_at", start), at("last_accessed_at", last), func(m map[string]any) {
		m["attributes"].(map[string]any)["ip_address"] = ip
	})
}

// locationFindings audits sessions with the places and returns the location
// rules' findings as "rule session: reason".
func locationFindings(t *testing.T, places map[string]Place, th func(*Thresholds), sessions ...api.Session) []string {
	t.Helper()
	tt := Defaults()
	if places != nil {
		tt.Locate = locator(places)
	}
	if th != nil {
		th(&tt)
	}
	var got []string
	for _, f := range AuditUserMatching("user-test-1", sessions, nil, now, tt) {
		if f.Rule == RuleImpossibleTravel || f.Rule == RuleManyCountries {
			got = append(got, f.Rule+" "+f.SessionID+": "+f.Reason)
		}
	}
	return got
}

func TestImpossibleTravel(t *testing.T) {
	places := map[string]Place{
		"203.0.113.7": paris, "198.51.100.9": newYork, "203.0.113.70": paris,
		"2001:db8:1::7": london, "2001:db8:2::9": tokyo,
		"192.0.2.1":  {Country: "FR", Latitude: 48.8566, Longitude: 2.3522, AccuracyKM: 3000}, // a country-level guess
		"192.0.2.2":  {Country: "US", Latitude: 40.7128, Longitude: -74.0060, AccuracyKM: 3000},
		"192.0.2.99": {Country: "US", ASN: 64500}, // an ASN or country file: no coordinates
	}
	// Paris–New York is 5837 km; less both 20 km radii, 5797 km. At 900
	// km/h that takes 5797/900 h = 4×5797 s.
	const parisNY = 5797
	atSpeed := time.Duration(4*parisNY) * time.Second
	for _, tt := range []struct {
		name     string
		sessions func(t *testing.T) []api.Session
		th       func(*Thresholds)
		want     []string
	}{
		{name: "follows faster than a plane", sessions: func(t *testing.T) []api.Session {
			return []api.Session{
				travel(t, "session-test-paris", "203.0.113.7", -5*time.Hour, -4*time.Hour),
				travel(t, "session-test-ny", "198.51.100.9", -2*time.Hour, -time.Minute),
			}
		}, want: []string{"impossible-travel session-test-ny: New York, US 2h after Paris, FR (session-test-paris) was last used: at least 5797 km at 2899 km/h (--max-speed 900)"}},
		{name: "exactly at the speed is possible", sessions: func(t *testing.T) []api.Session {
			return []api.Session{
				travel(t, "session-test-paris", "203.0.113.7", -20*time.Hour, -10*time.Hour),
				travel(t, "session-test-ny", "198.51.100.9", -10*time.Hour+atSpeed, -time.Minute),
			}
		}},
		{name: "a second faster is not", sessions: func(t *testing.T) []api.Session {
			return []api.Session{
				travel(t, "session-test-paris", "203.0.113.7", -20*time.Hour, -10*time.Hour),
				travel(t, "session-test-ny", "198.51.100.9", -10*time.Hour+atSpeed-time.Second, -time.Minute),
			}
		}, want: []string{"impossible-travel session-test-ny: New York, US 6h after Paris, FR (session-test-paris) was last used: at least 5797 km at 901 km/h (--max-speed 900)"}},
		{name: "a slower --max-speed", th: func(t *Thresholds) { t.MaxSpeedKMH = 200 }, sessions: func(t *testing.T) []api.Session {
			return []api.Session{
				travel(t, "session-test-paris", "203.0.113.7", -40*time.Hour, -29*time.Hour),
				travel(t, "session-test-ny", "198.51.100.9", -time.Hour, -time.Minute),
			}
		}, want: []string{"impossible-travel session-test-ny: New York, US 28h after Paris, FR (session-test-paris) was last used: at least 5797 km at 208 km/h (--max-speed 200)"}},
		{name: "overlapping activity, IPv6", sessions: func(t *testing.T) []api.Session {
			return []api.Session{
				travel(t, "session-test-ldn", "2001:db8:1::7", -3*day, -10*time.Minute),
				travel(t, "session-test-tyo", "2001:db8:2::9", -time.Hour, -time.Minute),
			}
		}, want: []string{"impossible-travel session-test-tyo: Tokyo, JP while London, GB (session-test-ldn) was in use: at least 9539 km apart"}},
		{name: "accuracy radii larger than the distance", sessions: func(t *testing.T) []api.Session {
			return []api.Session{
				travel(t, "session-test-fr", "192.0.2.1", -3*time.Hour, -10*time.Minute),
				travel(t, "session-test-us", "192.0.2.2", -time.Hour, -time.Minute),
			}
		}},
		{name: "same place", sessions: func(t *testing.T) []api.Session {
			return []api.Session{
				travel(t, "session-test-a", "203.0.113.7", -3*time.Hour, -10*time.Minute),
				travel(t, "session-test-b", "203.0.113.70", -time.Hour, -time.Minute),
			}
		}},
		{name: "an address without coordinates or unknown", sessions: func(t *testing.T) []api.Session {
			return []api.Session{
				travel(t, "session-test-a", "203.0.113.7", -3*time.Hour, -10*time.Minute),
				travel(t, "session-test-b", "192.0.2.99", -time.Hour, -time.Minute),
				travel(t, "session-test-c", "192.0.2.200", -time.Hour, -time.Minute),
				travel(t, "session-test-d", "", -time.Hour, -time.Minute),
			}
		}},
		{name: "one finding per session: the fastest", th: func(t *Thresholds) { t.MaxCountries = 3 }, sessions: func(t *testing.T) []api.Session {
			return []api.Session{
				travel(t, "session-test-paris", "203.0.113.7", -30*time.Hour, -20*time.Hour),
				travel(t, "session-test-ldn", "2001:db8:1::7", -9*time.Hour, -8*time.Hour),
				travel(t, "session-test-tyo", "2001:db8:2::9", -5*time.Hour, -time.Minute),
			}
		}, want: []string{"impossible-travel session-test-tyo: Tokyo, JP 3h after London, GB (session-test-ldn) was last used: at least 9539 km at 3180 km/h (--max-speed 900)"}},
		{name: "no database, no rule", th: func(t *Thresholds) { t.Locate = nil }, sessions: func(t *testing.T) []api.Session {
			return []api.Session{
				travel(t, "session-test-ldn", "2001:db8:1::7", -3*day, -10*time.Minute),
				travel(t, "session-test-tyo", "2001:db8:2::9", -time.Hour, -time.Minute),
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := locationFindings(t, places, tt.th, tt.sessions(t)...)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestImpossibleTravelFindingJSON(t *testing.T) {
	th := Defaults()
	th.Locate = locator(map[string]Place{"203.0.113.7": paris, "198.51.100.9": newYork})
	ss := []api.Session{
		travel(t, "session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14", "203.0.113.7", -5*time.Hour, -4*time.Hour),
		travel(t, "session-test-a7c3e1f9-5b2d-4e86-9f0a-3b6d8c1e5a27", "198.51.100.9", -2*time.Hour, -time.Minute),
	}
	fs := AuditUserMatching("user-test-1", ss, nil, now, th)
	if len(fs) != 1 {
		t.Fatalf("findings = %+v", fs)
	}
	b, _ := json.Marshal(fs[0])
	want := `{"severity":"critical","rule":"impossible-travel","reason":"New York, US 2h after Paris, FR (4e9b2d7a) was last used: at least 5797 km at 2899 km/h (--max-speed 900)",` +
		`"user_id":"user-test-1","session_id":"session-test-a7c3e1f9-5b2d-4e86-9f0a-3b6d8c1e5a27","device":"Chrome 126 · macOS","ip_address":"198.51.100.9","factors":"Email magic link + TOTP",` +
		`"started_at":"2026-06-04T08:00:00Z","last_accessed_at":"2026-06-04T09:59:00Z","expires_at":"2026-06-09T10:00:00Z",` +
		`"location":{"country":"US","region":"New York","city":"New York","latitude":40.7128,"longitude":-74.006,"accuracy_km":20,"asn":null,"network":null,"source":"test.mmdb"},` +
		`"other_session":{"session_id":"session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14","ip_address":"203.0.113.7",` +
		`"location":{"country":"FR","region":"Île-de-France","city":"Paris","latitude":48.8566,"longitude":2.3522,"accuracy_km":20,"asn":null,"network":null,"source":"test.mmdb"},` +
		`"started_at":"2026-06-04T05:00:00Z","last_accessed_at":"2026-06-04T06:00:00Z"},"distance_km":5797,"speed_kmh":2899,"countries":null}`
	if string(b) != want {
		t.Errorf("JSON:\n%s\nwant\n%s", b, want)
	}

	// Both in use at once: no finite speed, so speed_kmh is null.
	ss[0] = travel(t, ss[0].SessionID, "203.0.113.7", -5*time.Hour, -time.Minute)
	b, _ = json.Marshal(AuditUserMatching("user-test-1", ss, nil, now, th)[0])
	if !strings.Contains(string(b), `"distance_km":5797,"speed_kmh":null,`) {
		t.Errorf("overlap JSON:\n%s", b)
	}
	// Another rule's finding of a located session carries its location and
	// nulls for what does not apply.
	ss[1] = travel(t, ss[1].SessionID, "198.51.100.9", -40*day, -35*day)
	var weak map[string]any
	for _, f := range AuditUserMatching("user-test-1", ss, nil, now, th) {
		if f.Rule == RuleIdle {
			b, _ = json.Marshal(f)
			_ = json.Unmarshal(b, &weak)
		}
	}
	if loc, _ := weak["location"].(map[string]any); loc["city"] != "New York" || weak["other_session"] != nil || weak["distance_km"] != nil || weak["countries"] != nil {
		t.Errorf("idle finding JSON: %v", weak)
	}
}

func TestManyCountries(t *testing.T) {
	places := map[string]Place{"203.0.113.7": paris, "198.51.100.9": newYork, "2001:db8:2::9": tokyo,
		"192.0.2.99": {ASN: 64500, Network: "Example Net"}}
	s := func(id, ip string) api.Session {
		// A day apart: never impossible travel.
		n := len(id)
		return travel(t, id, ip, -time.Duration(n)*day-time.Hour, -time.Duration(n)*day)
	}
	three := []api.Session{s("session-test-a", "203.0.113.7"), s("session-test-bb", "198.51.100.9"), s("session-test-ccc", "2001:db8:2::9"), s("session-test-dddd", "198.51.100.9")}
	two := []api.Session{s("session-test-a", "203.0.113.7"), s("session-test-bb", "198.51.100.9"), s("session-test-ccc", "198.51.100.9"), s("session-test-dddd", "192.0.2.99")}
	for _, tt := range []struct {
		name     string
		sessions []api.Session
		th       func(*Thresholds)
		want     string
	}{
		{"three countries", three, nil, "many-countries : active sessions in 3 countries (FR, JP, US), more than the 2 allowed (--max-countries)"},
		{"two countries and a network without a country", two, nil, ""},
		{"a lower --max-countries", two, func(t *Thresholds) { t.MaxCountries = 1 }, "many-countries : active sessions in 2 countries (FR, US), more than the 1 allowed (--max-countries)"},
		{"a higher --max-countries", three, func(t *Thresholds) { t.MaxCountries = 3 }, ""},
		{"no database", three, func(t *Thresholds) { t.Locate = nil }, ""},
	} {
		got := strings.Join(locationFindings(t, places, tt.th, tt.sessions...), "\n")
		if got != tt.want {
			t.Errorf("%s: findings:\n%s\nwant:\n%s", tt.name, got, tt.want)
		}
	}
	th := Defaults()
	th.Locate = locator(places)
	fs := AuditUserMatching("user-test-1", three, nil, now, th)
	if len(fs) == 0 {
		t.Fatal("no finding for three countries")
	}
	f := fs[0]
	b, _ := json.Marshal(f)
	if f.Severity != Warning || f.SessionID != "" || !strings.HasSuffix(string(b), `"location":null,"other_session":null,"distance_km":null,"speed_kmh":null,"countries":["FR","JP","US"]}`) {
		t.Errorf("many-countries finding %s: %s", f.Severity, b)
	}
}

// The user agents of the non-browser-agent table: what real clients send.
var agentCases = []struct {
	ua   string
	want string // the reason, or "" for a browser or an app
}{
	// Browsers, desktop and mobile.
	{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", ""},
	{"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0", ""},
	{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87", ""},
	{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", ""},
	{"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36", ""},
	{"Mozilla/5.0 (Linux; Android 14; SM-S928B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36", ""},
	{"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", ""},
	// Apps: in-app browsers, web views, native apps and desktop apps.
	{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 335.0.0.0 (iPhone15,3; iOS 17_5; en_US)", ""},
	{"Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UQ1A.240205.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.71 Mobile Safari/537.36", ""},
	{"PriyaBank/4.12.0 (iPhone15,3; iOS 17.5.1) StytchSDK/0.28.0", ""},
	{"BankApp/4.12.0 (Android 14; Pixel 8) okhttp/4.12.0", ""},
	{"Slack/4.36.140 CFNetwork/1490.0.4 Darwin/23.2.0", ""},
	{"Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8 Build/UQ1A.240205.004)", ""},
	{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Postman/10.22.0 Chrome/118.0.5993.159 Electron/27.1.3 Safari/537.36", ""},
	// Scripts, HTTP libraries and tools.
	{"curl/8.7.1", "curl 8.7.1: an HTTP client or library, not a browser or app"},
	{"python-requests/2.31.0", "python-requests 2.31.0: an HTTP client or library, not a browser or app"},
	{"Python-urllib/3.11", "Python-urllib 3.11: an HTTP client or library, not a browser or app"},
	{"python-httpx/0.27.0", "python-httpx 0.27.0: an HTTP client or library, not a browser or app"},
	{"Go-http-client/2.0", "Go-http-client 2.0: an HTTP client or library, not a browser or app"},
	{"okhttp/4.12.0", "OkHttp 4.12.0: an HTTP client or library, not a browser or app"},
	{"PostmanRuntime/7.39.0", "PostmanRuntime 7.39.0: an HTTP client or library, not a browser or app"},
	{"insomnia/2023.5.8", "insomnia 2023.5.8: an HTTP client or library, not a browser or app"},
	{"Wget/1.21.4", "Wget 1.21.4: an HTTP client or library, not a browser or app"},
	{"axios/1.6.2", "axios 1.6.2: an HTTP client or library, not a browser or app"},
	{"node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "node-fetch: an HTTP client or library, not a browser or app"},
	{"Apache-HttpClient/4.5.14 (Java/17.0.9)", "Apache-HttpClient 4.5.14: an HTTP client or library, not a browser or app"},
	{"Java/17.0.2", "Java 17.0.2: an HTTP client or library, not a browser or app"},
	{"HTTPie/3.2.2", "HTTPie 3.2.2: an HTTP client or library, not a browser or app"},
	{"libwww-perl/6.72", "libwww-perl 6.72: an HTTP client or library, not a browser or app"},
	// Default agents of more HTTP libraries and runtimes, as they send them.
	{"python-urllib3/2.2.1", "python-urllib3 2.2.1: an HTTP client or library, not a browser or app"},
	{"Python/3.11 aiohttp/3.9.1", "Python 3.11: an HTTP client or library, not a browser or app"},
	{"Ruby", "Ruby: an HTTP client or library, not a browser or app"},
	{"rest-client/2.1.0 (linux-gnu x86_64) ruby/3.2.2p53", "rest-client 2.1.0: an HTTP client or library, not a browser or app"},
	{"Faraday v2.9.0", "Faraday: an HTTP client or library, not a browser or app"},
	{"Deno/1.44.4", "Deno 1.44.4: an HTTP client or library, not a browser or app"},
	{"Bun/1.1.13", "Bun 1.1.13: an HTTP client or library, not a browser or app"},
	{"ReactorNetty/1.1.20", "ReactorNetty 1.1.20: an HTTP client or library, not a browser or app"},
	{"got (https://github.com/sindresorhus/got)", "got: an HTTP client or library, not a browser or app"},
	// Automation and crawlers.
	{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36", "Headless Chrome 126.0.0.0: a browser driven by a script, with no window"},
	{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Googlebot 2.1: a bot or crawler, not a person's browser or app"},
}

func TestNonBrowserAgent(t *testing.T) {
	for _, tt := range agentCases {
		var got []string
		for _, f := range AuditSession(sess(t, "session-test-1", ua(tt.ua)), now, Defaults()) {
			if f.Rule == RuleNonBrowser {
				got = append(got, fmt.Sprintf("%s %s", f.Severity, f.Reason))
			}
		}
		want := ""
		if tt.want != "" {
			want = "warning " + tt.want
		}
		if strings.Join(got, "\n") != want {
			t.Errorf("%.60q: got %q, want %q", tt.ua, got, want)
		}
	}
}

// BenchmarkAuditUserLocated audits one user with 500 located sessions, all
// in use at once from 50 places: the pairwise travel check is quadratic.
func BenchmarkAuditUserLocated(b *testing.B) {
	t := &testing.T{}
	places := map[string]Place{}
	var ss []api.Session
	for i := range 500 {
		ip := fmt.Sprintf("192.0.2.%d", i%50)
		places[ip] = Place{Country: "C" + string(rune('A'+i%20)), Latitude: float64(i%50) - 25, Longitude: float64(i%50) * 3, AccuracyKM: 50}
		ss = append(ss, travel(t, fmt.Sprintf("session-test-%d", i), ip, -time.Duration(i)*time.Minute-time.Hour, -time.Minute))
	}
	th := Defaults()
	th.Locate = locator(places)
	b.ResetTimer()
	for b.Loop() {
		AuditUserMatching("user-test-1", ss, nil, now, th)
	}
}

// TestPlacesLeaveOutImpersonations: an impersonated session's address is
// the support agent's, not the user's: it is no trip of the user's and no
// country of theirs (the impersonated rule flags that session already).
// The same session signed in by the user is both.
func TestPlacesLeaveOutImpersonations(t *testing.T) {
	places := map[string]Place{"203.0.113.7": paris, "198.51.100.9": newYork, "2001:db8:2::9": tokyo}
	imp := func(m map[string]any) {
		m["authentication_factors"] = []any{map[string]any{"type": "impersonated", "delivery_method": "impersonation",
			"impersonated_factor": map[string]any{"impersonator_id": "member-test-1", "impersonator_email_address": "lead@example.com"}}}
	}
	at := func(ip string) func(map[string]any) {
		return func(m map[string]any) { m["attributes"].(map[string]any)["ip_address"] = ip }
	}
	home := travel(t, "session-test-home", "203.0.113.7", -2*time.Hour, -time.Minute)
	old := travel(t, "session-test-old", "2001:db8:2::9", -9*24*time.Hour, -8*24*time.Hour)
	agent := sess(t, "session-test-agent", at("198.51.100.9"), imp)
	if got := locationFindings(t, places, nil, home, old, agent); len(got) != 0 {
		t.Errorf("an impersonation counted as the user's place:\n%s", strings.Join(got, "\n"))
	}
	user := sess(t, "session-test-agent", at("198.51.100.9"))
	got := strings.Join(locationFindings(t, places, nil, home, old, user), "\n")
	if !strings.Contains(got, "many-countries") || !strings.Contains(got, "impossible-travel session-test-agent") {
		t.Errorf("the user's own session from New York:\n%s", got)
	}
}

// TestPlaceJSONUnknownNull: a finding's location writes what the database
// did not say as null, with the documented field set.
func TestPlaceJSONUnknownNull(t *testing.T) {
	b, err := json.Marshal(Place{Country: "US", Latitude: 37.5, Longitude: -122, Source: "c.mmdb"})
	want := `{"country":"US","region":null,"city":null,"latitude":37.5,"longitude":-122,"accuracy_km":null,"asn":null,"network":null,"source":"c.mmdb"}`
	if err != nil || string(b) != want {
		t.Errorf("Place JSON = %s, %v; want %s", b, err, want)
	}
}
