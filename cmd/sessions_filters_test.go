package cmd

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// Alice's sessions, relative to testNow (see apitest.DemoUserID):
//
//	magic   magic link        started 3d ago,  last active 2h ago,  expires in 4d,   203.0.113.42, Chrome/macOS
//	google  Google OAuth+TOTP started 26h ago, last active 15m ago, expires in ~29d, 2001:db8:4f2a:91c0::1b7, Safari/iPhone
//	pw      password+SMS OTP  started 95m ago, last active 93m ago, expires in ~10h, 198.51.100.17, Firefox/Windows
const (
	sMagic  = "session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14"
	sGoogle = "session-test-a7c3e1f9-5b2d-4e86-9f0a-3b6d8c1e5a27"
	sPw     = "session-test-6d1f8b3e-9a4c-4f72-8e15-b2c7d9a3f056"
	// Kenji's (emp-00417): a passkey from 11h ago (last active 40m ago,
	// IPv6, Android) and OIDC SSO from 3h ago (last active 1m ago, 192.0.2.14).
	sPasskey = "session-test-1a6e3c9f-7b2d-4f58-8c04-e9d2b6a1f734"
	sOIDC    = "session-test-5f8b2d6a-4e1c-4a97-b3d8-0c7e5a9f2b61"
)

// sessionIDs runs sessions list with -o ndjson and returns the session IDs.
func sessionIDs(t *testing.T, h *harness, args ...string) []string {
	t.Helper()
	r := h.run(append([]string{"sessions", "list", "-o", "ndjson"}, args...)...)
	r.expect(t, 0)
	var ids []string
	for _, l := range ndjsonLines(t, r.stdout) {
		var s struct {
			ID string `json:"session_id"`
		}
		if err := json.Unmarshal([]byte(l), &s); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	return ids
}

func TestSessionsListFilters(t *testing.T) {
	alice := []string{"-u", apitest.DemoUserID}
	both := []string{"-u", apitest.DemoUserID + ",emp-00417"}
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"no filter", alice, []string{sMagic, sGoogle, sPw}},
		{"factor type", append(alice, "--factor", "totp"), []string{sGoogle}},
		{"factor delivery method", append(alice, "--factor", "authenticator_app"), []string{sGoogle}},
		{"factor provider", append(alice, "--factor", "google"), []string{sGoogle}},
		{"factor oauth method", append(alice, "--factor", "oauth_google"), []string{sGoogle}},
		{"factor case-insensitive", append(alice, "--factor", "SMS"), []string{sPw}},
		{"factor email matches the magic link's delivery method", append(alice, "--factor", "email"), []string{sMagic}},
		{"factor repeatable any-of", append(alice, "--factor", "sms", "--factor", "magic_link"), []string{sMagic, sPw}},
		{"factor comma-separated", append(alice, "--factor", "sms,magic_link"), []string{sMagic, sPw}},
		{"factor none", append(alice, "--factor", "impersonation"), nil},
		{"factor across users", append(both, "--factor", "webauthn,sso_oidc"), []string{sPasskey, sOIDC}},
		{"ip exact v4", append(alice, "--ip", "203.0.113.42"), []string{sMagic}},
		{"ip exact v6", append(alice, "--ip", "2001:db8:4f2a:91c0::1b7"), []string{sGoogle}},
		{"ip v6 cidr", append(both, "--ip", "2001:db8::/32"), []string{sGoogle, sPasskey}},
		{"ip v4 cidr", append(both, "--ip", "192.0.2.0/24"), []string{sOIDC}},
		{"ip host bits in cidr", append(alice, "--ip", "198.51.100.200/24"), []string{sPw}},
		{"ip v4-mapped", append(alice, "--ip", "::ffff:203.0.113.42"), []string{sMagic}},
		{"ip repeatable", append(alice, "--ip", "203.0.113.42", "--ip", "198.51.100.0/24"), []string{sMagic, sPw}},
		{"user agent case-insensitive", append(alice, "--user-agent", "IPHONE"), []string{sGoogle}},
		{"user agent substring", append(both, "--user-agent", "chrome/126"), []string{sMagic, sPasskey, sOIDC}},
		{"started after duration", append(alice, "--started-after", "2d"), []string{sGoogle, sPw}},
		{"started before duration", append(alice, "--started-before", "1d"), []string{sMagic, sGoogle}},
		{"started window", append(alice, "--started-after", "2d", "--started-before", "2h"), []string{sGoogle}},
		{"started after RFC 3339", append(alice, "--started-after", testNow.Add(-2*time.Hour).Format(time.RFC3339)), []string{sPw}},
		{"started after date", append(alice, "--started-after", testNow.Add(-24*time.Hour).Format("2006-01-02")), []string{sGoogle, sPw}},
		{"idle for", append(alice, "--idle-for", "1h"), []string{sMagic, sPw}},
		{"idle for combined units", append(alice, "--idle-for", "1h45m"), []string{sMagic}},
		{"expires within", append(alice, "--expires-within", "1d"), []string{sPw}},
		{"expires within a week", append(alice, "--expires-within", "1w"), []string{sMagic, sPw}},
		{"flags combine with and", append(alice, "--idle-for", "1h", "--expires-within", "5d"), []string{sMagic, sPw}},
		{"sort started", append(alice, "--sort-by", "started"), []string{sMagic, sGoogle, sPw}},
		{"sort -started", append(alice, "--sort-by", "-started"), []string{sPw, sGoogle, sMagic}},
		{"sort last-active", append(alice, "--sort-by", "last-active"), []string{sMagic, sPw, sGoogle}},
		{"sort -last-active across users", append(both, "--sort-by", "-last-active"), []string{sOIDC, sGoogle, sPasskey, sPw, sMagic}},
		{"sort expires", append(alice, "--sort-by", "expires"), []string{sPw, sMagic, sGoogle}},
		{"sort user descending", append(both, "--sort-by", "-user"), []string{sPasskey, sOIDC, sMagic, sGoogle, sPw}},
		{"limit", append(both, "--limit", "2"), []string{sMagic, sGoogle}},
		{"limit after sort", append(both, "--sort-by", "-started", "--limit", "2"), []string{sPw, sOIDC}},
		{"limit after filter", append(both, "--factor", "sso", "--limit", "5"), []string{sOIDC}},
	}
	h := newHarness(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := sessionIDs(t, h, tc.args...); !slices.Equal(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}

// TestSessionsListFiltersEveryFormat applies one filter in every format.
func TestSessionsListFiltersEveryFormat(t *testing.T) {
	h := newHarness(t)
	args := []string{"sessions", "list", "-u", apitest.DemoUserID + ",emp-00417", "--idle-for", "30m", "--sort-by", "expires"}
	want := []string{sPw, sMagic, sPasskey} // idle for longer than 30m, soonest expiry first
	for _, format := range []string{"table", "wide", "csv", "json", "yaml", "ndjson"} {
		r := h.run(append(args, "-o", format)...)
		r.expect(t, 0)
		idx := make([]int, len(want))
		for i, id := range want {
			idx[i] = strings.Index(r.stdout, id)
			if idx[i] < 0 || strings.Count(r.stdout, id) != 1 {
				t.Errorf("-o %s: %s appears %d times", format, id, strings.Count(r.stdout, id))
			}
		}
		if !slices.IsSorted(idx) {
			t.Errorf("-o %s: sessions out of order", format)
		}
		for _, other := range []string{sGoogle, sOIDC} {
			if strings.Contains(r.stdout, other) {
				t.Errorf("-o %s: %s should have been filtered out", format, other)
			}
		}
	}
	r := h.run(append(args, "--jq", ".sessions | length")...)
	r.expect(t, 0)
	if r.stdout != "3\n" {
		t.Errorf("--jq: %q", r.stdout)
	}
	r = h.run(append(args, "--template", "{{range .sessions}}{{.session_id}} {{end}}")...)
	r.expect(t, 0)
	if r.stdout != sPw+" "+sMagic+" "+sPasskey+" " {
		t.Errorf("--template: %q", r.stdout)
	}
}

func TestSessionsListFiltersNothingMatches(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "-u", apitest.DemoUserID, "--factor", "impersonation")
	r.expect(t, 0, "No active sessions of user "+apitest.DemoUserID+" match the filters.")
	if r.stdout != "" {
		t.Errorf("stdout = %q", r.stdout)
	}
	r = h.run("sessions", "list", "-u", apitest.DemoUserID+",emp-00417", "--ip", "10.0.0.0/8")
	r.expect(t, 0, "No active sessions of any of the 2 users match the filters.")
	r = h.run("sessions", "list", "-u", apitest.DemoUserID, "--factor", "impersonation", "-o", "json")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, `"sessions":[]`) || r.stderr != "" {
		t.Errorf("JSON with nothing matching: %q, stderr %q", r.stdout, r.stderr)
	}
}

func TestSessionsListFilterUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"empty factor", []string{"--factor", ""}, "invalid --factor: empty name"},
		{"empty factor in a list", []string{"--factor", "sms,"}, "invalid --factor: empty name"},
		{"bad ip", []string{"--ip", "300.1.2.3"}, `invalid --ip "300.1.2.3": not an IP address`},
		{"bad cidr", []string{"--ip", "10.0.0.0/33"}, `invalid --ip "10.0.0.0/33": not a CIDR block`},
		{"ip with zone", []string{"--ip", "fe80::1%eth0"}, `invalid --ip "fe80::1%eth0"`},
		{"bad duration", []string{"--idle-for", "3 days"}, `invalid --idle-for "3 days": want a number and a unit (ms, s, m, h, d, w), such as 30m, 12h, 7d`},
		{"unitless duration", []string{"--expires-within", "30"}, `invalid --expires-within "30"`},
		{"negative duration", []string{"--idle-for", "-1h"}, `invalid --idle-for "-1h"`},
		{"huge duration", []string{"--idle-for", "999999w"}, "longer than 100 years"},
		{"bad time", []string{"--started-after", "yesterday"}, `invalid --started-after "yesterday": want an RFC 3339 time (2026-06-01T09:00:00Z), a date (2026-06-01) or a duration ago`},
		{"bad date", []string{"--started-before", "2026-13-01"}, `invalid --started-before "2026-13-01"`},
		{"empty window", []string{"--started-after", "1d", "--started-before", "2d"}, "--started-after (2026-06-03T10:00:00Z) must be earlier than --started-before (2026-06-02T10:00:00Z)"},
		{"bad sort", []string{"--sort-by", "ip"}, `invalid --sort-by "ip": want started, last-active, expires or user`},
		{"negative limit", []string{"--limit", "-1"}, "invalid --limit -1"},
		{"limit word", []string{"--limit", "ten"}, `invalid argument "ten" for "--limit"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.run(append([]string{"sessions", "list", "-u", apitest.DemoUserID}, tc.args...)...)
			r.expect(t, 2, tc.want, "--help' for usage")
			if r.stdout != "" || len(h.fake.Requests()) != 0 {
				t.Errorf("stdout %q, %d requests", r.stdout, len(h.fake.Requests()))
			}
		})
	}
}
