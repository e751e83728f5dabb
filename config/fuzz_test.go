package config

import (
	"net"
	"net/url"
	"strings"
	"testing"
)

// FuzzCheckBaseURL holds CheckBaseURL to its promise whatever the input:
// an accepted URL is absolute, https or plain http to a loopback host, with
// no credentials, query or fragment, no trailing slash, and accepting it
// again gives the same URL. The secret travels to this host, so this is
// the line between a typo and a leaked secret.
//
//	go test -run='^$' -fuzz=FuzzCheckBaseURL -fuzztime=30s ./config
func FuzzCheckBaseURL(f *testing.F) {
	for _, s := range []string{
		"https://test.stytch.com", "https://api.stytch.com/", "https://proxy.example.com/stytch/",
		"http://127.0.0.1:8080", "http://localhost", "http://[::1]:9", "http://127.0.0.1.nip.io",
		"http://example.com", "https://user:pass@example.com", "https://x?q=1", "https://x#f", "ftp://x",
		"test.stytch.com", "//test.stytch.com", "http://LOCALHOST", "http://0x7f.1", "http://2130706433",
		"http://[::ffff:127.0.0.1]", "http://localhost.evil.com", "https://", "http://%6cocalhost", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := CheckBaseURL(raw)
		if err != nil {
			if _, ok := err.(*UsageError); !ok {
				t.Fatalf("CheckBaseURL(%q) error is %T, want *UsageError", raw, err)
			}
			return
		}
		u, perr := url.Parse(got)
		if perr != nil {
			t.Fatalf("CheckBaseURL(%q) = %q, which does not parse: %v", raw, got, perr)
		}
		if u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(got, "/") {
			t.Errorf("CheckBaseURL(%q) accepted %q", raw, got)
		}
		switch u.Scheme {
		case "https":
		case "http":
			h := u.Hostname()
			ip := net.ParseIP(h)
			if !strings.EqualFold(h, "localhost") && (ip == nil || !ip.IsLoopback()) {
				t.Errorf("CheckBaseURL(%q) = %q: plain http to a host that is not loopback", raw, got)
			}
		default:
			t.Errorf("CheckBaseURL(%q) = %q: scheme %q", raw, got, u.Scheme)
		}
		if again, err := CheckBaseURL(got); err != nil || again != got {
			t.Errorf("CheckBaseURL(%q) = %q, but CheckBaseURL(%q) = %q, %v", raw, got, got, again, err)
		}
	})
}
