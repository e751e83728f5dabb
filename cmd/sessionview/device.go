package sessionview

import (
	"strings"

	"github.com/mssola/useragent"
)

// Device is what a user agent says about the device, as far as the parser
// can tell. Empty fields mean unknown.
type Device struct {
	Browser        string
	BrowserVersion string
	OS             string
	OSVersion      string
	// Type is "desktop", "phone", "tablet", "bot" or "unknown".
	Type string
}

// ParseDevice reads a user agent with github.com/mssola/useragent and
// normalises the names people expect (macOS, iOS, iPadOS).
func ParseDevice(ua string) Device {
	ua = strings.TrimSpace(ua)
	if ua == "" {
		return Device{Type: "unknown"}
	}
	p := useragent.New(ua)
	name, version := p.Browser()
	osi := p.OSInfo()
	d := Device{Browser: name, BrowserVersion: version, OS: osi.Name, OSVersion: osi.Version}
	switch osi.Name {
	case "Mac OS X":
		d.OS = "macOS"
	case "iPhone OS", "CPU iPhone OS":
		d.OS = "iOS"
	}
	switch p.Platform() {
	case "iPad":
		d.OS = "iPadOS"
	}
	switch {
	case p.Bot():
		d.Type = "bot"
	case p.Platform() == "iPad" || strings.Contains(ua, "Tablet"):
		d.Type = "tablet"
	case p.Mobile():
		d.Type = "phone"
	case d.OS != "":
		d.Type = "desktop"
	default:
		d.Type = "unknown"
	}
	// Safari on iOS reports the WebKit build as its version when it has no
	// Version/ token (in-app web views); a build number is not a version.
	if strings.ContainsAny(d.BrowserVersion, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		d.BrowserVersion = ""
	}
	return d
}

// Short is the device in a few words: "Chrome 126 · macOS",
// "Safari 17 · iOS 17.5". It falls back to the start of the raw user agent
// when the parser recognises nothing.
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
	ua = strings.TrimSpace(ua)
	if len(ua) > 40 {
		ua = ua[:40] + "…"
	}
	return ua
}

func major(v string) string {
	if i := strings.IndexByte(v, '.'); i >= 0 {
		return v[:i]
	}
	return v
}
