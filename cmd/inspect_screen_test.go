package cmd

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// runDemoInspect runs inspect on the built-in demo profile (offline) on
// a terminal width columns wide, without colour.
func runDemoInspect(t *testing.T, width int, who string) string {
	t.Helper()
	var out, errb bytes.Buffer
	deps := &Deps{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		StdoutTTY: true, TermWidth: func() int { return width },
		LookupEnv:  func(k string) (string, bool) { return map[string]string{"NO_COLOR": "1"}[k], k == "NO_COLOR" },
		Now:        func() time.Time { return testNow },
		HTTPClient: &http.Client{Transport: failingTransport{}},
		Build:      BuildInfo{Version: "t"},
	}
	if code := Run(context.Background(), deps, []string{"inspect", "--profile", "demo", who}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	return out.String()
}

// lineIndex is the 1-based row of the first line of lines starting with
// prefix, 0 when none does.
func lineIndex(lines []string, prefix string) int {
	return slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, prefix) }) + 1
}

// TestInspectFitsFirstScreen: at 80x24 the answer is on the first screen:
// the person, then the findings (critical first), then the next steps,
// which end by row 24; the sessions by device come after, one line per
// session, each factor said once.
func TestInspectFitsFirstScreen(t *testing.T) {
	out := runDemoInspect(t, 80, apitest.DemoEmail)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	findings, next, sessions := lineIndex(lines, "Findings"), lineIndex(lines, "Next steps"), lineIndex(lines, "Sessions")
	end := next
	for end < len(lines) && lines[end] != "" {
		end++
	}
	if findings == 0 || next == 0 || sessions == 0 || !(findings < next && next < sessions) {
		t.Fatalf("want Findings, Next steps, Sessions in that order: rows %d, %d, %d\n%s", findings, next, sessions, out)
	}
	if end > 24 {
		t.Errorf("the next steps end at row %d, past the first screen of 24:\n%s", end, out)
	}
	// Critical first, in the rules' documented order (help audit-rules):
	// impossible-travel, then impersonated. Both critical reasons are
	// whole; the warnings that would push the next steps off the screen
	// are cut to a line, and the heading says where they are whole.
	if !strings.HasPrefix(lines[findings], "  critical  6d1f8b3e  impossible-travel: Lagos, NG") ||
		!strings.HasPrefix(lines[findings+2], "  critical  c3f7a1e9  impersonated") {
		t.Errorf("the first findings are not the two critical ones: %q, %q", lines[findings], lines[findings+2])
	}
	for _, want := range []string{"Findings  5: 2 critical, 3 warning · … cut to fit, whole in -o json\n",
		"(a7c3e1f9) was in use: at least 12535 km apart\n", "impersonated: impersonation by support.lead@example.com\n",
		"  warning   e5b2d8f4  device-mismatch: session user agent is Windows desktop but\n",
		"  warning   9f1c6e3a  long-lifetime: lives 60d from start to expiry, longer …\n",
		"  warning   9f1c6e3a  idle: idle for 38d, longer than 30d (--stale-after)\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("findings lack %q:\n%s", want, out)
		}
	}
	for _, l := range lines[sessions:] {
		if strings.Contains(l, "Factors:") {
			t.Errorf("factors said twice per device: %q\n%s", l, out)
		}
	}
	// One line per session: each short ID once, with its factors and times.
	for _, want := range []string{"e5b2d8f4  ●───────────  Passkey · active 4m ago · expires in 6d", "c3f7a1e9"} {
		if n := strings.Count(strings.Join(lines[sessions:], "\n"), want); n != 1 {
			t.Errorf("%q is on %d lines of the sessions part, want 1:\n%s", want, n, out)
		}
	}
	// 24 rows of answer, then per device its heading, a line per located
	// IP (one more where the place goes under the IP) and a line per
	// session: 6 devices, 47 lines.
	if n := len(lines); n > 47 {
		t.Errorf("%d lines at 80 columns; want at most 47:\n%s", n, out)
	}

	// Priya: 29 factors enrolled, 8 devices; her answer too.
	out = runDemoInspect(t, 80, apitest.FactorZooExternalID)
	lines = strings.Split(out, "\n")
	findings, next = lineIndex(lines, "Findings"), lineIndex(lines, "Next steps")
	end = next
	for end < len(lines) && lines[end] != "" {
		end++
	}
	if findings == 0 || next == 0 || end > 24 {
		t.Errorf("Priya: findings at row %d, next steps end at row %d; want both within 24:\n%s", findings, end, out)
	}
	// Her two findings fit whole: nothing cut.
	if strings.Contains(out, "cut to fit") || !strings.Contains(out, "                      library, not a browser or app\n") {
		t.Errorf("Priya: findings cut though they fit:\n%s", out)
	}
}

// TestInspectCreatedAgo: a user created more than a year ago still gets
// how long ago, as everyone else does, not only the date.
func TestInspectCreatedAgo(t *testing.T) {
	h := newHarness(t)
	h.tty, h.width = true, 80
	h.env["NO_COLOR"] = "1"
	r := h.run("inspect", apitest.FactorZooExternalID)
	r.expect(t, ExitOK)
	if !strings.Contains(r.stdout, "created 2025-04-30 (400d ago)") {
		t.Errorf("creation without how long ago:\n%s", r.stdout)
	}
}

// TestInspectMemberPlain: a member's organization is named by name and
// slug; member sessions (never with a user agent) are listed plainly, not
// under "unknown device".
func TestInspectMemberPlain(t *testing.T) {
	h := newHarness(t)
	h.tty, h.width = true, 80
	h.env["NO_COLOR"] = "1"
	r := h.run("inspect", "--org", apitest.DemoOrganizationSlug, apitest.DemoMemberEmail)
	r.expect(t, ExitOK, "")
	if !strings.Contains(r.stdout, "Northwind Traders (northwind-traders)") {
		t.Errorf("organization not named:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "unknown device") {
		t.Errorf("member sessions under a device they never have:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "\n  9c4e2a7b  ━━━━━━━━━━●─  SAML SSO · active 34m ago · expires in 3h\n") {
		t.Errorf("member session not on one line:\n%s", r.stdout)
	}
}

// TestInspectSharedAddress: several users with the address: each listed
// with name and creation date, and the way forward is inspect by user ID,
// exit 1; only the search was sent.
func TestInspectSharedAddress(t *testing.T) {
	h := newHarness(t)
	if err := h.fake.SetUserProfile([]byte(`{"user_id":"` + secondAliceID + `","status":"active","created_at":"2026-03-01T09:00:00Z","name":{"first_name":"Alice","last_name":"Other"},"emails":[{"email_id":"email-test-x","email":"alice.nakamura@example.com","verified":false}]}`)); err != nil {
		t.Fatal(err)
	}
	r := h.run("inspect", apitest.DemoEmail)
	r.expect(t, ExitFailure, "belongs to 2 users", apitest.DemoUserID+"  Alice Nakamura, created 20",
		secondAliceID+"  Alice Other, created 2026-03-01", "stytchctl inspect USER_ID")
	if strings.Contains(r.stderr, "--user") {
		t.Errorf("inspect has no --user:\n%s", r.stderr)
	}
	reqs := h.fake.Requests()
	if len(reqs) != 1 || r.stdout != "" {
		t.Fatalf("stdout %q, %d requests: want only the search", r.stdout, len(reqs))
	}
	if reqs[0].Path != "/v1/users/search" || !bytes.Contains(reqs[0].Body, []byte(`"limit":10`)) {
		t.Errorf("the search sent %s %s", reqs[0].Path, reqs[0].Body)
	}
	help := h.run("help", "exit-codes")
	if !strings.Contains(help.stdout, "1 when several\nusers share the address") {
		t.Errorf("help exit-codes does not document it:\n%s", help.stdout)
	}
}

// TestInspectSessionsFailedDocument: when the sessions could not be
// fetched, devices and findings are null too (not [] that reads as
// "nothing wrong"), and help formatting says so.
func TestInspectSessionsFailedDocument(t *testing.T) {
	h := newHarness(t)
	h.fake.AddFault(apitest.Fault{Path: "/v1/sessions", Status: 503, Times: 3})
	r := h.run("inspect", "alice-42", "-o", "json")
	r.expect(t, ExitFailure, "listing sessions of user alice-42")
	if !strings.HasSuffix(r.stdout, `"sessions":null,"devices":null,"findings":null}`+"\n") {
		t.Errorf("document: %s", r.stdout)
	}
	h.fake.AddFault(apitest.Fault{Path: "/v1/sessions", Status: 503, Times: 3})
	r = h.run("inspect", "alice-42", "--jq", ".findings == null")
	if strings.TrimSpace(r.stdout) != "true" {
		t.Errorf("jq sees findings %q", r.stdout)
	}
	help := h.run("help", "formatting")
	if !strings.Contains(strings.Join(strings.Fields(help.stdout), " "), "sessions, devices and findings are null when the sessions could not be listed") {
		t.Errorf("help formatting does not say so:\n%s", help.stdout)
	}
}

// TestInspectMalformedWho: WHO that is no email, user ID or external ID
// is told what WHO may be, not mixed user ID/external ID wording.
func TestInspectMalformedWho(t *testing.T) {
	h := newHarness(t)
	r := h.run("inspect", "not a thing!!")
	r.expect(t, ExitUsage, `invalid WHO "not a thing!!": WHO is an email address, a user ID (user-test-<uuid>) or an external ID`)
	if strings.Contains(r.stderr, "user ID \"not a thing") || len(h.fake.Requests()) != 0 {
		t.Errorf("%d requests, stderr:\n%s", len(h.fake.Requests()), r.stderr)
	}
	r = h.run("inspect", "user-test-1234")
	r.expect(t, ExitUsage, `invalid WHO "user-test-1234": user ID "user-test-1234" is malformed: want user-test-<uuid>`)
}

// TestInspectExampleFindingsUnique: the help's example listing the
// flagged sessions prints each once, though one session has two findings.
func TestInspectExampleFindingsUnique(t *testing.T) {
	h := newHarness(t)
	h.fake.AddDemoIncident()
	help := h.run("inspect", "--help")
	const expr = `[.findings[].session_id] | unique | .[]`
	if !strings.Contains(help.stdout, "stytchctl inspect alice-42 --jq '"+expr+"'") {
		t.Fatalf("example missing:\n%s", help.stdout)
	}
	r := h.run("inspect", "alice-42", "--jq", expr)
	r.expect(t, ExitOK)
	ids := strings.Fields(r.stdout)
	if len(ids) != 3 || len(slices.Compact(slices.Sorted(slices.Values(ids)))) != 3 {
		t.Errorf("flagged sessions: %q", ids)
	}
	formatting := h.run("help", "formatting")
	if strings.Contains(formatting.stdout, "jq -r '.findings[].session_id'") {
		t.Errorf("help formatting keeps the example that repeats IDs")
	}
}

// TestDemoHelpInspect: help demo starts its tour with inspect on Alice,
// and counts her sessions as the demo has them.
func TestDemoHelpInspect(t *testing.T) {
	h := newHarness(t)
	r := h.run("help", "demo")
	r.expect(t, ExitOK)
	tour := r.stdout[strings.Index(r.stdout, demoMarker):]
	first := strings.TrimSpace(strings.Split(tour, "\n")[1])
	if first != "stytchctl inspect --profile demo alice.nakamura@example.com" {
		t.Errorf("tour starts with %q", first)
	}
	text := strings.Join(strings.Fields(r.stdout), " ")
	if !strings.Contains(text, "six sessions") || strings.Contains(text, "three sessions") {
		t.Errorf("Alice's sessions miscounted:\n%s", r.stdout)
	}
	out := runDemoInspect(t, 100, apitest.DemoEmail)
	if !strings.Contains(out, "Sessions  6 active") {
		t.Errorf("the demo does not give Alice six sessions:\n%s", out)
	}
}
