package inspectview

import (
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/geoip"
	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
)

// TestSessionsLocatedCompact: a located device's heading names each IP's
// place and network, and each session is one line with its factors said
// once: what sessions devices learns per IP shows on inspect too.
func TestSessionsLocatedCompact(t *testing.T) {
	now := time.Date(2026, 6, 4, 10, 0, 0, 0, time.UTC)
	sessions := []api.Session{{
		SessionID: "session-test-4e9b2d7a-1111-4222-8333-444455556666", UserAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
		IPAddress: "203.0.113.42", StartedAt: now.Add(-72 * time.Hour), LastAccessedAt: now.Add(-2 * time.Hour), ExpiresAt: now.Add(72 * time.Hour),
		AuthenticationFactors: []api.Factor{{Type: "magic_link", DeliveryMethod: "email"}},
	}}
	groups := sessionview.GroupByDevice(sessions)
	groups[0].Locations = []geoip.Description{{Place: "San Francisco, California, US", Network: "AS64496 Bayline Fiber"}}
	r := Report{SessionsFetched: true, Sessions: sessions, Groups: groups, ShortIDs: sessionview.GroupShortIDs(groups)}
	var b strings.Builder
	Screen{Now: now, Width: 80}.writeSessions(&b, newStyles(&b, false), r)
	want := "Sessions  1 active on 1 device\n" +
		"Chrome 126 · macOS 10.15.7 · desktop\n" +
		"  203.0.113.42  San Francisco, California, US · AS64496 Bayline Fiber\n" +
		"  4e9b2d7a  ━━━━━●│─────  Email magic link · active 2h ago · expires in 3d\n"
	if !strings.HasPrefix(b.String(), want) {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestFindingsCutToFit: findings whose whole reasons would take more than
// their rows are cut to a line ending in "…", critical (first) ones kept
// whole while they fit, and the heading says where they are whole; with
// room enough nothing is cut.
func TestFindingsCutToFit(t *testing.T) {
	long := "a reason long enough to need a second line at eighty columns, and then some more words"
	r := Report{Findings: []sessionaudit.Finding{
		{Severity: sessionaudit.Critical, Rule: "impersonated", Reason: long, SessionID: "s1"},
		{Severity: sessionaudit.Warning, Rule: "idle", Reason: long, SessionID: "s2"},
		{Severity: sessionaudit.Warning, Rule: "idle", Reason: "short", SessionID: "s3"},
	}, ShortIDs: map[string]string{"s1": "aaaa1111", "s2": "bbbb2222", "s3": "cccc3333"}}
	var b strings.Builder
	Screen{Width: 80, Rows: FirstScreen}.writeFindings(&b, newStyles(&b, false), r, 4)
	want := "Findings  3: 1 critical, 2 warning · … cut to fit, whole in -o json\n" +
		"  critical  aaaa1111  impersonated: a reason long enough to need a second line\n" +
		"                      at eighty columns, and then some more words\n" +
		"  warning   bbbb2222  idle: a reason long enough to need a second line at …\n" +
		"  warning   cccc3333  idle: short\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	Screen{Width: 80, Rows: FirstScreen}.writeFindings(&b, newStyles(&b, false), r, 5)
	if strings.Contains(b.String(), "…") || strings.Count(b.String(), "\n") != 6 {
		t.Errorf("cut though the reasons fit in 5 rows:\n%s", b.String())
	}
	// Piped (no first screen): nothing is cut, whatever the length.
	b.Reset()
	Screen{Width: 80}.writeFindings(&b, newStyles(&b, false), r, -1)
	if strings.Contains(b.String(), "…") || strings.Count(b.String(), "\n") != 6 {
		t.Errorf("cut when piped:\n%s", b.String())
	}
}
