package sessionview

import (
	"strings"

	"github.com/mssola/useragent"
)

// NonBrowser reports whether a user agent is a script, an HTTP library or
// tool, a headless browser or a bot rather than a browser or an app, and
// says which as a finding's reason ("curl 8.7.1: an HTTP client or
// library, not a browser or app").
//
// It goes by what github.com/mssola/useragent parses: the product it names
// (curl, python-requests, Go-http-client, OkHttp, PostmanRuntime, …, in an
// agent that does not claim to be Mozilla-compatible, checked against
// httpClients), its "Headless Chrome" and "PhantomJS", and its bot
// detection. A native app that names itself first ("BankApp/4.12 (iOS
// 17.5) okhttp/4.12") is an app; one that sends its library's default
// agent is not told from a script.
func NonBrowser(ua string) (what string, ok bool) {
	ua = strings.TrimSpace(ua)
	if ua == "" {
		return "", false
	}
	p := useragent.New(ua)
	name, version := p.Browser()
	named := strings.TrimSpace(name + " " + version)
	if named == "" {
		named = "an unnamed agent"
	}
	switch {
	case p.Mozilla() == "" && httpClients[name]:
		return named + ": an HTTP client or library, not a browser or app", true
	case name == "Headless Chrome" || name == "PhantomJS":
		return named + ": a browser driven by a script, with no window", true
	case p.Bot():
		return named + ": a bot or crawler, not a person's browser or app", true
	}
	return "", false
}
