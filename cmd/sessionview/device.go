package sessionview

import (
	"strings"

	"github.com/mssola/useragent"
)

// Device is what a user agent says about the device, as far as the parser
// can tell. Empty fields mean unknown.
type Device struct {
	// Browser is the browser, the app whose in-app browser it is
	// ("Instagram", "Facebook"), "WebView" for an app's web view that names
	// no app, or the HTTP client ("curl").
	Browser        string
	BrowserVersion string
	OS             string
	OSVersion      string
	// Type is "desktop", "phone", "tablet", "bot" or "unknown".
	Type string
}

// Device types.
const (
	TypeDesktop = "desktop"
	TypePhone   = "phone"
	TypeTablet  = "tablet"
	TypeBot     = "bot"
	TypeUnknown = "unknown"
)

// inApp lists apps whose in-app browsers mark the user agent, with the
// token that marks them and the token their version follows. The first
// match wins, so Messenger comes before Facebook.
var inApp = []struct{ name, marker, version string }{
	{"Instagram", "Instagram ", "Instagram "},
	{"Messenger", "FBAN/MessengerForiOS", "FBAV/"},
	{"Messenger", "FB_IAB/Orca-Android", "FBAV/"},
	{"Facebook", "FBAN/", "FBAV/"},
	{"Facebook", "FB_IAB/", "FBAV/"},
	{"LinkedIn", "[LinkedInApp]", "[LinkedInApp]/"},
	{"LinkedIn", "LinkedInApp/", "LinkedInApp/"},
	{"TikTok", "musical_ly_", "musical_ly_"},
	{"TikTok", "BytedanceWebview/", "BytedanceWebview/"},
	{"WeChat", "MicroMessenger/", "MicroMessenger/"},
	{"Snapchat", "Snapchat/", "Snapchat/"},
	{"Pinterest", "[Pinterest/", "[Pinterest/"},
	{"Line", " Line/", " Line/"},
}

// httpClients are libraries and tools rather than browsers: they say
// nothing about a device, so their sessions are of type unknown.
var httpClients = map[string]bool{
	"curl": true, "Wget": true, "OkHttp": true, "okhttp": true, "Go-http-client": true,
	"python-requests": true, "python-httpx": true, "axios": true, "node-fetch": true,
	"undici": true, "PostmanRuntime": true, "insomnia": true, "Java": true, "Apache-HttpClient": true,
	"Python-urllib": true, "aiohttp": true, "HTTPie": true, "libwww-perl": true,
	// Runtimes and libraries whose default agent names them first:
	// "Python/3.11 aiohttp/3.9.1", Ruby's Net::HTTP ("Ruby"), Deno, Bun,
	// Spring's ReactorNetty, Node's got (which the parser takes for a bot).
	"python-urllib3": true, "Python": true, "Ruby": true, "rest-client": true, "Faraday": true,
	"Deno": true, "Bun": true, "ReactorNetty": true, "got": true,
}

// ParseDevice reads a user agent with github.com/mssola/useragent and fixes
// what that parser gets wrong on today's agents: in-app browsers
// (Instagram, Facebook, LinkedIn, …) and app web views (iOS WKWebView,
// Android WebView), Samsung Internet, ChromeOS, Android tablets (Android
// without "Mobile"), native apps that name their platform, and HTTP
// libraries. It normalises the names people expect (macOS, iOS, iPadOS,
// ChromeOS). An iPad in desktop mode sends a macOS user agent and is seen
// as a Mac; that cannot be told apart.
func ParseDevice(ua string) Device {
	ua = strings.TrimSpace(ua)
	if ua == "" {
		return Device{Type: TypeUnknown}
	}
	p := useragent.New(ua)
	name, version := p.Browser()
	osi := p.OSInfo()
	d := Device{Browser: name, BrowserVersion: version, OS: osi.Name, OSVersion: osi.Version}
	switch {
	case osi.Name == "Mac OS X":
		d.OS = "macOS"
	case osi.Name == "iPhone OS" || osi.Name == "CPU iPhone OS":
		d.OS = "iOS"
	case strings.HasPrefix(osi.Name, "CrOS"):
		d.OS, d.OSVersion = "ChromeOS", ""
	}
	if p.Platform() == "iPad" {
		d.OS = "iPadOS"
	}
	if d.OS == "" {
		d.OS, d.OSVersion = platformFromProduct(ua)
	}
	d.fixBrowser(ua)
	d.Type = deviceType(ua, p, d)
	// A WebKit build number ("15E148", "605.1.15") is not a browser version.
	if strings.ContainsAny(d.BrowserVersion, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		d.BrowserVersion = ""
	}
	return d
}

// fixBrowser corrects the browser name where the parser reports the engine
// or the wrong product.
func (d *Device) fixBrowser(ua string) {
	for _, a := range inApp {
		if strings.Contains(ua, a.marker) {
			d.Browser, d.BrowserVersion = a.name, versionAfter(ua, a.version)
			return
		}
	}
	appleMobile := strings.Contains(ua, "iPhone") || strings.Contains(ua, "iPad") || strings.Contains(ua, "iPod")
	switch {
	case strings.Contains(ua, "SamsungBrowser/"):
		d.Browser, d.BrowserVersion = "Samsung Internet", versionAfter(ua, "SamsungBrowser/")
	case strings.Contains(ua, "; wv)"):
		d.Browser, d.BrowserVersion = "Android WebView", versionAfter(ua, "Chrome/")
	case strings.Contains(ua, "EdgiOS/"):
		d.Browser, d.BrowserVersion = "Edge", versionAfter(ua, "EdgiOS/")
	case appleMobile && strings.Contains(ua, "AppleWebKit/") && !strings.Contains(ua, "Version/") &&
		!strings.Contains(ua, "Safari/") && !strings.Contains(ua, "CriOS/") && !strings.Contains(ua, "FxiOS/"):
		// WKWebView inside an app that does not name itself.
		d.Browser, d.BrowserVersion = "WebView", ""
	}
}

// deviceType decides desktop, phone, tablet, bot or unknown.
func deviceType(ua string, p *useragent.UserAgent, d Device) string {
	lower := strings.ToLower(ua)
	switch {
	case p.Bot() || strings.Contains(lower, "bot/") || strings.Contains(lower, "crawler") || strings.Contains(lower, "spider"):
		return TypeBot
	case httpClients[d.Browser]:
		return TypeUnknown
	case d.OS == "iPadOS" || strings.Contains(ua, "Tablet"):
		return TypeTablet
	case d.OS == "Android" && !strings.Contains(ua, "Mobile"):
		// Android tablets' browsers leave out "Mobile" (Chrome's guidance).
		return TypeTablet
	case d.OS == "iOS" || d.OS == "Android" || p.Mobile() && d.OS != "":
		return TypePhone
	case d.OS != "":
		return TypeDesktop
	}
	return TypeUnknown
}

// platformFromProduct finds the platform in a native app's own user agent,
// such as "BankApp/4.12.0 (iPhone15,3; iOS 17.5.1) StytchSDK/0.28.0".
func platformFromProduct(ua string) (os, version string) {
	switch {
	case strings.Contains(ua, "iPad"):
		return "iPadOS", versionAfter(ua, "iPadOS ", "iOS ")
	case strings.Contains(ua, "iPhone") || strings.Contains(ua, "iOS "):
		return "iOS", versionAfter(ua, "iOS ")
	case strings.Contains(ua, "Android"):
		return "Android", versionAfter(ua, "Android ")
	}
	return "", ""
}

// versionAfter returns the version number that directly follows the first
// of the tokens found in ua ("1.2.3" of "Foo/1.2.3 …"), or "". Underscores
// (iOS style) become dots.
func versionAfter(ua string, tokens ...string) string {
	for _, tok := range tokens {
		i := strings.Index(ua, tok)
		if i < 0 {
			continue
		}
		rest := ua[i+len(tok):]
		end := 0
		for end < len(rest) && (rest[end] >= '0' && rest[end] <= '9' || rest[end] == '.' || rest[end] == '_') {
			end++
		}
		return strings.Trim(strings.ReplaceAll(rest[:end], "_", "."), ".")
	}
	return ""
}

// Short is the device in a few words: "Chrome 126 · macOS",
// "Safari 17 · iOS 17.5". It falls back to the whole raw user agent when
// the parser recognises nothing: never cut here, because piped tables,
// CSV and JSON carry it whole; a terminal table shrinks it to fit.
func (d Device) Short(ua string) string {
	b := d.Browser
	if v := major(d.BrowserVersion); v != "" && b != "" {
		b += " " + v
	}
	o := d.OS
	if o != "" && d.OSVersion != "" && (o == "iOS" || o == "iPadOS" || o == "Android") {
		o += " " + d.OSVersion
	}
	switch {
	case b != "" && o != "":
		return b + " · " + o
	case b != "":
		return b
	case o != "":
		return o
	}
	return strings.TrimSpace(ua)
}

func major(v string) string {
	if i := strings.IndexByte(v, '.'); i >= 0 {
		return v[:i]
	}
	return v
}
