package sessionview

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

// uaCorpus is real-world user agents as browsers, in-app browsers, crawlers
// and HTTP libraries send them today, with what ParseDevice must make of
// them and the short form the session tables show.
var uaCorpus = []struct {
	name  string
	ua    string
	want  Device
	short string
}{
	// Desktop.
	{"Chrome on Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
		Device{"Chrome", "126.0.0.0", "Windows", "10", TypeDesktop}, "Chrome 126 · Windows"},
	{"Firefox on Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
		Device{"Firefox", "127.0", "Windows", "10", TypeDesktop}, "Firefox 127 · Windows"},
	{"Edge on Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
		Device{"Edge", "126.0.2592.87", "Windows", "10", TypeDesktop}, "Edge 126 · Windows"},
	{"Opera on Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0",
		Device{"Opera", "111.0.0.0", "Windows", "10", TypeDesktop}, "Opera 111 · Windows"},
	{"Chrome on Windows 7", "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36",
		Device{"Chrome", "109.0.0.0", "Windows", "7", TypeDesktop}, "Chrome 109 · Windows"},
	{"Chrome on macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
		Device{"Chrome", "126.0.0.0", "macOS", "10.15.7", TypeDesktop}, "Chrome 126 · macOS"},
	{"Safari on macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
		Device{"Safari", "17.5", "macOS", "10.15.7", TypeDesktop}, "Safari 17 · macOS"},
	{"Firefox on macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0",
		Device{"Firefox", "127.0", "macOS", "14.5", TypeDesktop}, "Firefox 127 · macOS"},
	{"Edge on macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
		Device{"Edge", "126.0.2592.87", "macOS", "10.15.7", TypeDesktop}, "Edge 126 · macOS"},
	{"Chrome on Linux", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
		Device{"Chrome", "126.0.0.0", "Linux", "", TypeDesktop}, "Chrome 126 · Linux"},
	{"Firefox on Ubuntu", "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
		Device{"Firefox", "127.0", "Ubuntu", "", TypeDesktop}, "Firefox 127 · Ubuntu"},
	{"Chrome on ChromeOS", "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
		Device{"Chrome", "126.0.0.0", "ChromeOS", "", TypeDesktop}, "Chrome 126 · ChromeOS"},

	// Phones and tablets.
	{"Safari on iPhone", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
		Device{"Safari", "17.5", "iOS", "17.5.1", TypePhone}, "Safari 17 · iOS 17.5.1"},
	{"Safari on iPad", "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
		Device{"Safari", "16.6", "iPadOS", "16.6", TypeTablet}, "Safari 16 · iPadOS 16.6"},
	{"Chrome on iPhone", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1",
		Device{"Chrome", "126.0.6478.54", "iOS", "17.5", TypePhone}, "Chrome 126 · iOS 17.5"},
	{"Firefox on iPhone", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15",
		Device{"Firefox", "127.0", "iOS", "17.5", TypePhone}, "Firefox 127 · iOS 17.5"},
	{"Edge on iPhone", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 EdgiOS/126.2592.86 Mobile/15E148 Safari/605.1.15",
		Device{"Edge", "126.2592.86", "iOS", "17.5", TypePhone}, "Edge 126 · iOS 17.5"},
	{"Chrome on Android (reduced)", "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
		Device{"Chrome", "126.0.0.0", "Android", "10", TypePhone}, "Chrome 126 · Android 10"},
	{"Chrome on Pixel", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36",
		Device{"Chrome", "126.0.6478.71", "Android", "14", TypePhone}, "Chrome 126 · Android 14"},
	{"Samsung Internet", "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
		Device{"Samsung Internet", "25.0", "Android", "14", TypePhone}, "Samsung Internet 25 · Android 14"},
	{"Chrome on an Android tablet", "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
		Device{"Chrome", "126.0.0.0", "Android", "13", TypeTablet}, "Chrome 126 · Android 13"},
	{"Firefox on Android", "Mozilla/5.0 (Android 14; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0",
		Device{"Firefox", "127.0", "Android", "14", TypePhone}, "Firefox 127 · Android 14"},

	// In-app browsers and web views.
	{"Instagram on iPhone", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 337.0.3.23.54 (iPhone15,3; iOS 17_5; en_US; en; scale=3.00; 1290x2796; 614014204)",
		Device{"Instagram", "337.0.3.23.54", "iOS", "17.5", TypePhone}, "Instagram 337 · iOS 17.5"},
	{"Instagram on Android", "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240605.024; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.71 Mobile Safari/537.36 Instagram 337.0.0.35.102 Android (34/14; 420dpi; 1080x2400; Google/google; Pixel 8; shiba; shiba; en_US; 614014204)",
		Device{"Instagram", "337.0.0.35.102", "Android", "14", TypePhone}, "Instagram 337 · Android 14"},
	{"Facebook on iPhone (FBAN)", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/469.0.0.45.107;FBBV/612345678;FBDV/iPhone15,3;FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/0]",
		Device{"Facebook", "469.0.0.45.107", "iOS", "17.5", TypePhone}, "Facebook 469 · iOS 17.5"},
	{"Facebook on Android", "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240605.024; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.71 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/470.0.0.42.108;]",
		Device{"Facebook", "470.0.0.42.108", "Android", "14", TypePhone}, "Facebook 470 · Android 14"},
	{"Messenger on iPhone", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/MessengerForiOS;FBAV/466.0.0.33.109;FBBV/610000000;FBDV/iPhone15,3;FBMD/iPhone;FBSN/iOS;FBSV/17.5]",
		Device{"Messenger", "466.0.0.33.109", "iOS", "17.5", TypePhone}, "Messenger 466 · iOS 17.5"},
	{"LinkedIn on iPhone", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.8630",
		Device{"LinkedIn", "9.29.8630", "iOS", "17.5", TypePhone}, "LinkedIn 9 · iOS 17.5"},
	{"WKWebView without Version", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
		Device{"WebView", "", "iOS", "17.5", TypePhone}, "WebView · iOS 17.5"},
	{"Android WebView", "Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/125.0.6422.165 Mobile Safari/537.36",
		Device{"Android WebView", "125.0.6422.165", "Android", "13", TypePhone}, "Android WebView 125 · Android 13"},
	{"Native iOS app naming its platform", "PriyaBank/4.12.0 (iPhone15,3; iOS 17.5.1) StytchSDK/0.28.0",
		Device{"PriyaBank", "4.12.0", "iOS", "17.5.1", TypePhone}, "PriyaBank 4 · iOS 17.5.1"},

	// Crawlers.
	{"Googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
		Device{"Googlebot", "2.1", "", "", TypeBot}, "Googlebot 2"},
	{"Googlebot smartphone", "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.126 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
		Device{"Googlebot", "2.1", "Android", "6.0.1", TypeBot}, "Googlebot 2 · Android 6.0.1"},
	{"bingbot", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
		Device{"bingbot", "2.0", "", "", TypeBot}, "bingbot 2"},

	// HTTP libraries: no device.
	{"curl", "curl/8.7.1", Device{"curl", "8.7.1", "", "", TypeUnknown}, "curl 8"},
	{"okhttp", "okhttp/4.12.0", Device{"OkHttp", "4.12.0", "", "", TypeUnknown}, "OkHttp 4"},
	{"Go-http-client", "Go-http-client/2.0", Device{"Go-http-client", "2.0", "", "", TypeUnknown}, "Go-http-client 2"},
	{"python-requests", "python-requests/2.32.3", Device{"python-requests", "2.32.3", "", "", TypeUnknown}, "python-requests 2"},

	// Nothing to go on.
	{"empty", "", Device{Type: TypeUnknown}, ""},
	{"blank", " \t ", Device{Type: TypeUnknown}, ""},
}

func TestParseDeviceCorpus(t *testing.T) {
	for _, tc := range uaCorpus {
		t.Run(tc.name, func(t *testing.T) {
			got := ParseDevice(tc.ua)
			if got != tc.want {
				t.Errorf("ParseDevice =\n %+v\nwant\n %+v", got, tc.want)
			}
			if s := got.Short(tc.ua); s != tc.short {
				t.Errorf("Short = %q, want %q", s, tc.short)
			}
		})
	}
}

func TestShortFallsBackToTheRawAgent(t *testing.T) {
	ua := "((( ünïcödé " + strings.Repeat("é", 40)
	d := ParseDevice(ua)
	got := d.Short(ua)
	// Whole: piped tables, CSV and JSON carry it; a terminal shrinks it.
	if d.Browser != "" || d.OS != "" || d.Type != TypeUnknown || got != ua {
		t.Errorf("Short = %q (%+v)", got, d)
	}
}

// at is a time relative to a fixed instant, for readable test data.
func at(d time.Duration) time.Time {
	return time.Date(2026, 6, 4, 10, 0, 0, 0, time.UTC).Add(d)
}

func sess(id, ua, ip string, started, last time.Duration, factors ...api.Factor) api.Session {
	return api.Session{SessionID: id, UserAgent: ua, IPAddress: ip, StartedAt: at(started), LastAccessedAt: at(last),
		AuthenticationFactors: factors}
}

var (
	magicLink = api.Factor{Type: "magic_link", DeliveryMethod: "email"}
	google    = api.Factor{Type: "oauth", DeliveryMethod: "oauth_google"}
	totp      = api.Factor{Type: "totp", DeliveryMethod: "authenticator_app"}
)

func TestGroupByDevice(t *testing.T) {
	const (
		chrome126  = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
		chrome126b = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.127 Safari/537.36"
		chrome127  = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36"
		iphone     = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
		instagram  = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 337.0.3.23.54 (iPhone15,3; iOS 17_5; en_US; en; scale=3.00; 1290x2796; 614014204)"
	)
	sessions := []api.Session{
		sess("s1", chrome126, "203.0.113.1", -72*time.Hour, -2*time.Hour, magicLink),
		sess("s2", "", "", -5*time.Hour, -5*time.Hour, google),
		sess("s3", chrome126b, "203.0.113.2", -96*time.Hour, -30*time.Minute, google, totp),
		sess("s4", iphone, "2001:db8::1", -26*time.Hour, -15*time.Minute, google, totp),
		sess("s5", chrome127, "203.0.113.1", -1*time.Hour, -1*time.Hour, magicLink),
		sess("s6", "   ", "198.51.100.7", -3*time.Hour, -3*time.Hour),
		sess("s7", chrome126, "203.0.113.1", -10*time.Hour, -9*time.Hour, magicLink),
		sess("s8", instagram, "2001:db8::1", -50*time.Minute, -40*time.Minute, magicLink),
		sess("s9", "Zyzzx/1 (unheard-of)", "", -time.Hour, -time.Hour),
	}
	groups := GroupByDevice(sessions)
	type want struct {
		label       string
		ids         string
		ips         string
		first, last time.Time
		factors     string
		userAgents  int
		deviceType  string
	}
	wants := []want{
		{"Safari 17 · iOS 17.5.1 · phone", "s4", "2001:db8::1", at(-26 * time.Hour), at(-15 * time.Minute), "Google OAuth,TOTP", 1, TypePhone},
		{"Chrome 126 · macOS 10.15.7 · desktop", "s3,s1,s7", "203.0.113.2,203.0.113.1", at(-96 * time.Hour), at(-30 * time.Minute), "Google OAuth,TOTP,Email magic link", 2, TypeDesktop},
		{"Instagram 337 · iOS 17.5 · phone", "s8", "2001:db8::1", at(-50 * time.Minute), at(-40 * time.Minute), "Email magic link", 1, TypePhone},
		{"Chrome 127 · macOS 10.15.7 · desktop", "s5", "203.0.113.1", at(-time.Hour), at(-time.Hour), "Email magic link", 1, TypeDesktop},
		{"Zyzzx 1 · unknown", "s9", "", at(-time.Hour), at(-time.Hour), "", 1, TypeUnknown},
		{UnknownDevice, "s6,s2", "198.51.100.7", at(-5 * time.Hour), at(-3 * time.Hour), "Google OAuth", 0, TypeUnknown},
	}
	if len(groups) != len(wants) {
		for _, g := range groups {
			t.Logf("group %q: %v", g.Label, g.SessionIDs())
		}
		t.Fatalf("got %d groups, want %d", len(groups), len(wants))
	}
	for i, w := range wants {
		g := groups[i]
		got := want{g.Label, strings.Join(g.SessionIDs(), ","), strings.Join(g.IPAddresses, ","), g.FirstStarted, g.LastActive,
			strings.Join(g.Factors, ","), len(g.UserAgents), g.Device.Type}
		if got != w {
			t.Errorf("group %d =\n %+v\nwant\n %+v", i, got, w)
		}
	}
	if !groups[5].Unknown() || groups[0].Unknown() {
		t.Error("Unknown() wrong")
	}
	if groups[1].Device.BrowserVersion != "126" {
		t.Errorf("grouped browser version = %q, want the major version", groups[1].Device.BrowserVersion)
	}
}

func TestGroupByDeviceJSON(t *testing.T) {
	groups := GroupByDevice([]api.Session{
		sess("s1", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0", "198.51.100.17", -2*time.Hour, -time.Hour, magicLink, totp),
		{SessionID: "s2"},
	})
	b, err := json.Marshal(map[string]any{"devices": groups})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"devices":[` +
		`{"device":"Firefox 127 · Windows 10 · desktop","browser":"Firefox","browser_version":"127","os":"Windows","os_version":"10","type":"desktop",` +
		`"user_agents":["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0"],"sessions":["s1"],"ip_addresses":["198.51.100.17"],` +
		`"first_started_at":"2026-06-04T08:00:00Z","last_active_at":"2026-06-04T09:00:00Z","factors":["Email magic link","TOTP"]},` +
		`{"device":"unknown device","browser":null,"browser_version":null,"os":null,"os_version":null,"type":"unknown",` +
		`"user_agents":[],"sessions":["s2"],"ip_addresses":[],"first_started_at":null,"last_active_at":null,"factors":[]}]}`
	if string(b) != want {
		t.Errorf("JSON =\n%s\nwant\n%s", b, want)
	}
}

func TestGroupByDeviceEmpty(t *testing.T) {
	if g := GroupByDevice(nil); len(g) != 0 {
		t.Errorf("groups of nothing = %v", g)
	}
}

// TestGroupByDeviceDemoData groups the demo fake's sessions as the devices
// command will: decoded by package api from the fake's raw JSON.
func TestGroupByDeviceDemoData(t *testing.T) {
	fake := apitest.New(apitest.Options{Now: func() time.Time { return at(0) }})
	decode := func(user string) []api.Session {
		var out []api.Session
		for _, raw := range fake.Sessions(user) {
			var s api.Session
			if err := json.Unmarshal(raw, &s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return out
	}
	var labels []string
	for _, g := range GroupByDevice(decode(apitest.DemoUserID)) {
		labels = append(labels, g.Label)
	}
	if got := strings.Join(labels, " | "); got != "Safari 17 · iOS 17.5.1 · phone | Firefox 127 · Windows 10 · desktop | Chrome 126 · macOS 10.15.7 · desktop" {
		t.Errorf("Alice's devices = %s", got)
	}
	// Ben's sessions have an empty user agent: grouped, not dropped.
	groups := GroupByDevice(decode(apitest.LosslessUserID))
	n := 0
	for _, g := range groups {
		n += len(g.Sessions)
	}
	if n != len(fake.Sessions(apitest.LosslessUserID)) || !groups[len(groups)-1].Unknown() {
		t.Errorf("Ben's groups lost sessions or the unknown device: %+v", groups)
	}
}

func BenchmarkGroupByDevice(b *testing.B) {
	var sessions []api.Session
	for i := 0; i < 100; i++ {
		sessions = append(sessions, sess("s", uaCorpus[i%len(uaCorpus)].ua, "203.0.113.1", -time.Hour, -time.Minute, google))
	}
	for b.Loop() {
		GroupByDevice(sessions)
	}
}

func BenchmarkParseDevice(b *testing.B) {
	for b.Loop() {
		for _, tc := range uaCorpus {
			ParseDevice(tc.ua)
		}
	}
}
