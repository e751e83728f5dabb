package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// memberFinding is a finding of b2b sessions audit -o json.
type memberFinding struct {
	Severity  string  `json:"severity"`
	Rule      string  `json:"rule"`
	Reason    string  `json:"reason"`
	MemberID  string  `json:"member_id"`
	SessionID *string `json:"session_id"`
}

func memberFindings(t *testing.T, stdout string) []memberFinding {
	t.Helper()
	var doc struct {
		Findings []memberFinding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("not a findings document: %v\n%s", err, stdout)
	}
	return doc.Findings
}

// rulesOf is "member rule" for each finding, for comparing.
func rulesOf(fs []memberFinding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.MemberID+" "+f.Rule)
	}
	return out
}

// TestB2BSessionsAuditMembers: members named by external ID and email are
// audited with the rules that apply to member sessions (no device rules:
// member sessions carry no user agent or IP); one sessions request each,
// with --org as typed, after the email's lookup.
func TestB2BSessionsAuditMembers(t *testing.T) {
	h := newHarness(t)
	r := h.run("b2b", "sessions", "audit", "--org", apitest.DemoOrganizationSlug, "--member", "emp-8812", "--email", "oskar.lindqvist@northwind.example", "-o", "json")
	r.expect(t, ExitOK)
	got := strings.Join(rulesOf(memberFindings(t, r.stdout)), "\n")
	want := strings.Join([]string{
		apitest.DemoImpersonatedMemberID + " impersonated",
		apitest.DemoIdleMemberID + " idle",
		apitest.DemoIdleMemberID + " long-lifetime",
		apitest.DemoIdleMemberID + " weak-factor",
	}, "\n")
	if got != want {
		t.Errorf("findings:\n%s\nwant:\n%s\n%s", got, want, r.stdout)
	}
	if strings.Contains(r.stdout, `"user_id"`) || strings.Contains(r.stdout, `"ip_address"`) {
		t.Errorf("member findings name a user or an IP:\n%s", r.stdout)
	}
	var paths []string
	for _, q := range h.fake.Requests() {
		paths = append(paths, q.Method+" "+q.Path+"?"+q.RawQuery)
	}
	slices.Sort(paths[1:]) // the sessions are fetched at the same time
	wantReqs := []string{
		"GET /v1/b2b/organizations/northwind-traders/member?email_address=oskar.lindqvist%40northwind.example",
		"GET /v1/b2b/sessions?member_id=emp-8812&organization_id=northwind-traders",
		"GET /v1/b2b/sessions?member_id=" + apitest.DemoIdleMemberID + "&organization_id=northwind-traders",
	}
	if strings.Join(paths, "\n") != strings.Join(wantReqs, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(paths, "\n"), strings.Join(wantReqs, "\n"))
	}
	// --fail-on: the impersonation is critical.
	h.run("b2b", "sessions", "audit", "--org", apitest.DemoOrganizationSlug, "--member", "emp-8812", "--fail-on", "critical").
		expect(t, ExitCheckFailed, "1 finding at or above critical")
	h.run("b2b", "sessions", "audit", "--org", apitest.DemoOrganizationSlug, "--member", apitest.DemoMemberID, "--fail-on", "warning").
		expect(t, ExitOK)
}

// TestB2BSessionsAuditAllMembers: --all-members resolves the slug to the
// ID member search needs, walks its pages (--page-size) and audits every
// member: the member over --max-sessions, the impersonation, the idle
// session.
func TestB2BSessionsAuditAllMembers(t *testing.T) {
	h := newHarness(t)
	r := h.run("b2b", "sessions", "audit", "--org", "northwind-traders", "--all-members", "--page-size", "5", "-o", "json")
	r.expect(t, ExitOK)
	rules := rulesOf(memberFindings(t, r.stdout))
	for _, w := range []string{apitest.DemoBusyMemberID + " too-many-sessions", apitest.DemoBusyMemberID + " long-lifetime",
		apitest.DemoImpersonatedMemberID + " impersonated", apitest.DemoIdleMemberID + " idle"} {
		if !strings.Contains(strings.Join(rules, "\n")+"\n", w+"\n") {
			t.Errorf("no finding %q in %v", w, rules)
		}
	}
	for _, w := range rules {
		if strings.HasSuffix(w, " no-device-info") || strings.HasSuffix(w, " device-mismatch") {
			t.Errorf("a device rule on member sessions: %s", w)
		}
	}
	counts := map[string]int{}
	for _, q := range h.fake.Requests() {
		counts[q.Method+" "+q.Path]++
		if q.Path == "/v1/b2b/organizations/members/search" && !strings.Contains(string(q.Body), `"organization_ids":["`+apitest.DemoOrganizationID+`"],"limit":5`) {
			t.Errorf("search body %s", q.Body)
		}
	}
	members := 7 + apitest.NorthwindGeneratedMembers
	if counts["GET /v1/b2b/organizations/northwind-traders"] != 1 || counts["POST /v1/b2b/organizations/members/search"] != (members+4)/5 ||
		counts["GET /v1/b2b/sessions"] != members {
		t.Errorf("requests %v", counts)
	}
}

// TestB2BSessionsAuditFromFile: saved b2b sessions list -o json (two
// members, one file) is audited offline: nothing is sent.
func TestB2BSessionsAuditFromFile(t *testing.T) {
	h := newHarness(t)
	var saved strings.Builder
	for _, m := range []string{"emp-8812", "emp-6604"} {
		r := h.run("b2b", "sessions", "list", "--org", apitest.DemoOrganizationSlug, "--member", m, "-o", "json")
		r.expect(t, ExitOK)
		saved.WriteString(r.stdout)
	}
	file := filepath.Join(t.TempDir(), "member-sessions.json")
	if err := os.WriteFile(file, []byte(saved.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t)
	r := h2.run("b2b", "sessions", "audit", "--org", apitest.DemoOrganizationSlug, "--from-file", file, "-o", "json")
	r.expect(t, ExitOK)
	got := rulesOf(memberFindings(t, r.stdout))
	if len(got) == 0 || got[0] != apitest.DemoImpersonatedMemberID+" impersonated" ||
		!strings.Contains(strings.Join(got, ","), apitest.DemoBusyMemberID+" too-many-sessions") {
		t.Errorf("findings %v", got)
	}
	if n := len(h2.fake.Requests()); n != 0 {
		t.Errorf("%d requests sent for --from-file", n)
	}
	// --member keeps one member of the file.
	r = h2.run("b2b", "sessions", "audit", "--org", apitest.DemoOrganizationSlug, "--from-file", file, "--member", apitest.DemoBusyMemberID, "-o", "json")
	r.expect(t, ExitOK)
	for _, f := range memberFindings(t, r.stdout) {
		if f.MemberID != apitest.DemoBusyMemberID {
			t.Errorf("finding of another member: %+v", f)
		}
	}
	h2.run("b2b", "sessions", "audit", "--org", apitest.DemoOrganizationSlug, "--from-file", file, "--member", "emp-0000").
		expect(t, ExitUsage, "holds no sessions of member emp-0000")
}

// TestB2BSessionsAuditErrors: bad input is exit 2 with nothing sent; an
// unknown member or email is exit 3 naming it and the organization; the
// member search's own 429 is exit 5 with Stytch's error and request ID.
func TestB2BSessionsAuditErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--member", "emp-8812"}, "--org is required"},
		{[]string{"--org", "northwind-traders"}, "--member, --email, --all-members or --from-file is required"},
		{[]string{"--org", "northwind-traders", "--all-members", "--member", "emp-8812"}, "--all-members cannot be combined"},
		{[]string{"--org", "northwind-traders", "--member", "a@b.example"}, "use --email"},
		{[]string{"--org", "northwind-traders", "--email", "x@"}, "x@"},
		{[]string{"--org", "northwind-traders", "--member", "emp-8812", "--fail-on", "bad"}, "invalid --fail-on"},
		{[]string{"--org", "northwind-traders", "--member", "emp-8812", "--stale-after", "soon"}, "invalid --stale-after"},
		{[]string{"--org", "northwind-traders", "--all-members", "--page-size", "0"}, "invalid --page-size"},
		{[]string{"--org", "northwind-traders", "--member", "emp-8812", "--ip", "10.0.0.1"}, "unknown flag: --ip"},
	} {
		h := newHarness(t)
		r := h.run(append([]string{"b2b", "sessions", "audit"}, tc.args...)...)
		r.expect(t, ExitUsage, tc.want)
		if len(h.fake.Requests()) != 0 || r.stdout != "" {
			t.Errorf("%v: %d requests, stdout %q", tc.args, len(h.fake.Requests()), r.stdout)
		}
	}
	h := newHarness(t)
	h.run("b2b", "sessions", "audit", "--org", "northwind-traders", "--member", "emp-0000").
		expect(t, ExitNotFound, "member emp-0000", "organization northwind-traders", "member_not_found")
	h.run("b2b", "sessions", "audit", "--org", "northwind-traders", "--email", apitest.SecondMemberEmail).
		expect(t, ExitNotFound, apitest.SecondMemberEmail, "organization northwind-traders", "member_not_found")
	h.run("b2b", "sessions", "audit", "--org", "no-such-org", "--all-members").
		expect(t, ExitNotFound, "organization no-such-org")
	h.fake.AddFault(apitest.Fault{Path: "/v1/b2b/organizations/members/search", Status: 429, Times: 5})
	h.run("b2b", "sessions", "audit", "--org", apitest.DemoOrganizationID, "--all-members").
		expect(t, ExitRateLimited, "too_many_requests", "request_id")
}
