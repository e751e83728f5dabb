package cmd

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestOrgUnknownOneHint: every command that meets an unknown organization
// gives the same hint, which says what works (ID or slug, an external ID
// where Stytch accepts one) and how to find the organization.
func TestOrgUnknownOneHint(t *testing.T) {
	for _, args := range [][]string{
		{"b2b", "orgs", "get", "nw-404"},
		{"b2b", "members", "search", "--org", "nw-404"},
		{"b2b", "members", "get", "emp-7731", "--org", "nw-404"},
		{"b2b", "sessions", "list", "--org", "nw-404", "--member", "emp-7731"},
		{"b2b", "sessions", "list", "--org", "nw-404", "--email", apitest.DemoMemberEmail},
	} {
		h := newHarness(t)
		r := h.run(args...)
		r.expect(t, ExitNotFound, "unknown organization nw-404")
		if !strings.Contains(r.stderr, orgUnknownHint) {
			t.Errorf("%v: stderr lacks the one hint:\n%s", args, r.stderr)
		}
		for _, old := range []string{"take it with --member", "check the organization's ID"} {
			if strings.Contains(r.stderr, old) {
				t.Errorf("%v: old hint %q in\n%s", args, old, r.stderr)
			}
		}
	}
	for _, line := range strings.Split(orgUnknownHint, "\n") {
		if len(line) > 80 {
			t.Errorf("hint line over 80 columns: %q", line)
		}
	}
	for _, want := range []string{"ID or slug", "external ID", "where", "Stytch accepts", "b2b orgs search"} {
		if !strings.Contains(orgUnknownHint, want) {
			t.Errorf("hint lacks %q: %s", want, orgUnknownHint)
		}
	}
}

// tableHeaders runs args on a terminal width columns wide and returns the
// headers of the table it draws (its first line with headers, upper case).
func tableHeaders(t *testing.T, width int, args ...string) []string {
	t.Helper()
	h := newHarness(t)
	h.tty, h.width = true, width
	r := h.run(args...)
	r.expect(t, ExitOK)
	for _, line := range strings.Split(ansi.Strip(r.stdout), "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == strings.ToUpper(f[0]) && strings.ContainsAny(f[0], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			return strings.Split(strings.Join(strings.Fields(strings.ReplaceAll(line, "  ", "|")), " "), "|")
		}
	}
	t.Fatalf("%v: no header line in\n%s", args, r.stdout)
	return nil
}

// headerSet is the set of headers, trimmed.
func headerSet(hs []string) map[string]bool {
	out := map[string]bool{}
	for _, h := range hs {
		if h = strings.TrimSpace(h); h != "" {
			out[h] = true
		}
	}
	return out
}

// TestB2BWideShowsMore: -o wide on a terminal shows every column the
// default table shows at the same width and more, and the key column
// survives at 80.
func TestB2BWideShowsMore(t *testing.T) {
	org := []string{"--org", apitest.DemoOrganizationSlug}
	for _, tt := range []struct {
		args      []string
		width     int
		must      []string
		mustNot   []string
		checkWide bool
	}{
		{append([]string{"b2b", "members", "search"}, org...), 80, []string{"EMAIL"}, nil, true},
		{append([]string{"b2b", "members", "search"}, org...), 120, []string{"EMAIL", "NAME"}, nil, true},
		{[]string{"b2b", "orgs", "search"}, 80, []string{"NAME"}, nil, true},
		{[]string{"b2b", "orgs", "search"}, 120, []string{"NAME", "SLUG"}, nil, true},
		{append([]string{"b2b", "sessions", "list", "--member", "emp-7731"}, org...), 120, []string{"STARTED", "EXPIRES"}, []string{"MEMBER ID"}, true},
		{append([]string{"b2b", "sessions", "audit", "--all-members"}, org...), 120, []string{"MEMBER"}, nil, true},
		{append([]string{"b2b", "sessions", "audit", "--all-members"}, org...), 80, []string{"MEMBER"}, nil, true},
	} {
		def := headerSet(tableHeaders(t, tt.width, tt.args...))
		wide := headerSet(tableHeaders(t, tt.width, append(tt.args, "-o", "wide")...))
		for _, m := range tt.must {
			if !def[m] || !wide[m] {
				t.Errorf("%v at %d: %s missing: table %v, wide %v", tt.args, tt.width, m, def, wide)
			}
		}
		for _, m := range tt.mustNot {
			if wide[m] {
				t.Errorf("%v -o wide at %d: %s shown: %v", tt.args, tt.width, m, wide)
			}
		}
		if !tt.checkWide || tt.width < 120 {
			continue
		}
		for h := range def {
			if !wide[h] {
				t.Errorf("%v at %d: -o wide lacks %s of the table: table %v, wide %v", tt.args, tt.width, h, def, wide)
			}
		}
		// With room, wide shows more than the table.
		if d, w := tableHeaders(t, 250, tt.args...), tableHeaders(t, 250, append(tt.args, "-o", "wide")...); len(w) <= len(d) {
			t.Errorf("%v at 250: -o wide shows no more than the table: %v vs %v", tt.args, d, w)
		}
	}
}

// TestOrgExternalIDAndSSOConnections: b2b orgs get shows the external ID
// and the organization's active SSO connections by name and ID, and b2b
// orgs search -o csv carries both.
func TestOrgExternalIDAndSSOConnections(t *testing.T) {
	h := newHarness(t)
	h.tty, h.width = true, 120
	r := h.run("b2b", "orgs", "get", apitest.DemoOrganizationSlug)
	r.expect(t, ExitOK)
	out := ansi.Strip(r.stdout)
	for _, want := range []string{"External ID", "nw-001", "SSO connection", apitest.DemoSAMLConnectionName, apitest.DemoSAMLConnectionID} {
		if !strings.Contains(out, want) {
			t.Errorf("orgs get lacks %q:\n%s", want, out)
		}
	}
	h = newHarness(t)
	r = h.run("b2b", "orgs", "search", "-o", "csv")
	r.expect(t, ExitOK)
	lines := strings.Split(r.stdout, "\n")
	if !strings.Contains(lines[0], "organization_external_id") || !strings.Contains(r.stdout, "nw-001") ||
		!strings.Contains(r.stdout, apitest.DemoSAMLConnectionID) {
		t.Errorf("orgs search -o csv lacks the external ID or the connection:\n%s", r.stdout)
	}
}

// TestDemoAdminsHoldTheAdminRole: in the demo every member's is_admin is
// whether they hold the stytch_admin role, as in Stytch, so b2b members
// get never shows "Admin no" beside the stytch_admin role.
func TestDemoAdminsHoldTheAdminRole(t *testing.T) {
	for _, org := range []string{apitest.DemoOrganizationSlug, apitest.SecondOrganizationSlug} {
		h := newHarness(t)
		r := h.run("b2b", "members", "search", "--org", org, "--all", "-o", "json")
		r.expect(t, ExitOK)
		var resp struct {
			Members []struct {
				MemberID string `json:"member_id"`
				IsAdmin  bool   `json:"is_admin"`
				Roles    []struct {
					RoleID string `json:"role_id"`
				} `json:"roles"`
			} `json:"members"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &resp); err != nil || len(resp.Members) == 0 {
			t.Fatalf("%s: %v %q", org, err, r.stdout)
		}
		for _, m := range resp.Members {
			role := false
			for _, rl := range m.Roles {
				role = role || rl.RoleID == "stytch_admin"
			}
			if role != m.IsAdmin {
				t.Errorf("%s: member %s is_admin %v but stytch_admin role %v", org, m.MemberID, m.IsAdmin, role)
			}
		}
	}
	h := newHarness(t)
	h.tty, h.width = true, 120
	r := h.run("b2b", "members", "get", "emp-7731", "--org", apitest.DemoOrganizationSlug)
	r.expect(t, ExitOK)
	if out := ansi.Strip(r.stdout); !strings.Contains(out, "stytch_admin") || regexp.MustCompile(`Admin\s+no`).MatchString(out) {
		t.Errorf("emp-7731 holds stytch_admin but:\n%s", out)
	}
}

// TestB2BSortByMember: B2B commands speak of members in --sort-by, in
// their help and their errors; "member" sorts, "user" still does.
func TestB2BSortByMember(t *testing.T) {
	org := []string{"--org", apitest.DemoOrganizationSlug}
	list := append([]string{"b2b", "sessions", "list", "--member", "emp-7731"}, org...)
	audit := append([]string{"b2b", "sessions", "audit", "--all-members"}, org...)
	for _, base := range [][]string{list, audit} {
		h := newHarness(t)
		r := h.run(append(base, "--sort-by", "bogus")...)
		r.expect(t, ExitUsage, "expires or member")
		if strings.Contains(r.stderr, "or user") {
			t.Errorf("%v: error speaks of users:\n%s", base, r.stderr)
		}
		if n := len(h.fake.Requests()); n != 0 {
			t.Errorf("%v: %d requests sent", base, n)
		}
		for _, key := range []string{"member", "-member", "user"} {
			h = newHarness(t)
			h.run(append(base, "--sort-by", key)...).expect(t, ExitOK)
		}
		h = newHarness(t)
		r = h.run(append(base[:3:3], "--help")...)
		r.expect(t, ExitOK)
		_, usage, _ := strings.Cut(r.stdout, "--sort-by KEY")
		usage, _, _ = strings.Cut(usage, "\n      -")
		if !strings.Contains(usage, "member") || strings.Contains(usage, "user") {
			t.Errorf("%v help of --sort-by: %q", base[:3], usage)
		}
	}
}

// TestB2BMembersAsFlags: a member given where a flag belongs gets the
// flag to use, exit 2, nothing sent.
func TestB2BMembersAsFlags(t *testing.T) {
	org := []string{"--org", apitest.DemoOrganizationSlug}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{append([]string{"b2b", "sessions", "list", "emp-7731"}, org...), "b2b sessions list takes members as flags: did you mean --member emp-7731?"},
		{append([]string{"b2b", "sessions", "list", apitest.DemoMemberEmail}, org...), "did you mean --email " + apitest.DemoMemberEmail + "?"},
		{append([]string{"b2b", "sessions", "audit", "emp-7731"}, org...), "b2b sessions audit takes members as flags: did you mean --member emp-7731?"},
		{append([]string{"b2b", "sessions", "watch", "emp-7731"}, org...), "b2b sessions watch takes members as flags: did you mean --member emp-7731?"},
	} {
		h := newHarness(t)
		r := h.run(tt.args...)
		r.expect(t, ExitUsage, tt.want)
		if n := len(h.fake.Requests()); n != 0 {
			t.Errorf("%v: %d requests sent", tt.args, n)
		}
	}
}

// TestB2BMembersSearchMemberTakesIDs: the member search's member_ids
// filter takes member IDs, so an external ID is refused (exit 2, nothing
// sent) with the command that does take it, not answered "No members
// match."; a member ID still searches.
func TestB2BMembersSearchMemberTakesIDs(t *testing.T) {
	h := newHarness(t)
	r := h.run("b2b", "members", "search", "--org", apitest.DemoOrganizationSlug, "--member", "emp-7731")
	r.expect(t, ExitUsage, `invalid --member "emp-7731"`, "member ID", "b2b members get emp-7731 --org "+apitest.DemoOrganizationSlug)
	if n := len(h.fake.Requests()); n != 0 || r.stdout != "" {
		t.Errorf("%d requests sent, stdout %q", n, r.stdout)
	}
	h = newHarness(t)
	r = h.run("b2b", "members", "search", "--org", apitest.DemoOrganizationID, "--member", apitest.DemoMemberID, "-o", "json", "--jq", ".members[].member_id")
	r.expect(t, ExitOK)
	if strings.TrimSpace(r.stdout) != apitest.DemoMemberID {
		t.Errorf("stdout %q", r.stdout)
	}
}

// TestB2BOrgsSearchSlugChecked: a slug Stytch could not hold (its slugs
// are letters, digits and - . _ ~) is exit 2 and nothing is sent.
func TestB2BOrgsSearchSlugChecked(t *testing.T) {
	for _, slug := range []string{"Bad Slug", "a/b", "acme!", "ünï"} {
		h := newHarness(t)
		r := h.run("b2b", "orgs", "search", "--slug", slug)
		r.expect(t, ExitUsage, "invalid --slug", "- . _ ~")
		if n := len(h.fake.Requests()); n != 0 {
			t.Errorf("%q: %d requests sent", slug, n)
		}
	}
	h := newHarness(t)
	h.run("b2b", "orgs", "search", "--slug", "northwind-traders,a.b_c~d", "-o", "json").expect(t, ExitOK)
}

// TestB2BRevokeWordsAndExitCodes: a malformed session ID given to b2b
// sessions revoke gets a hint in member words with the member flags; help
// exit-codes lists organizations among what is not found; the revoke's
// usage line shows --email.
func TestB2BRevokeWordsAndExitCodes(t *testing.T) {
	h := newHarness(t)
	r := h.run("b2b", "sessions", "revoke", "bogus!!", "--yes")
	r.expect(t, ExitUsage, "invalid session ID", "member whose session it is", "--org ORG --member ID")
	if strings.Contains(r.stderr, "user") || len(h.fake.Requests()) != 0 {
		t.Errorf("stderr speaks of users or requests sent (%d):\n%s", len(h.fake.Requests()), r.stderr)
	}
	h = newHarness(t)
	r = h.run("sessions", "revoke", "bogus!!", "--yes")
	r.expect(t, ExitUsage, "the user whose session it is")

	h = newHarness(t)
	r = h.run("help", "exit-codes")
	r.expect(t, ExitOK)
	if !regexp.MustCompile(`not found: [^\n]*organization`).MatchString(r.stdout) {
		t.Errorf("help exit-codes leaves out organization:\n%s", r.stdout)
	}
	h = newHarness(t)
	r = h.run("b2b", "sessions", "revoke", "--help")
	r.expect(t, ExitOK)
	_, usage, _ := strings.Cut(r.stdout, "Usage:\n")
	usage, _, _ = strings.Cut(usage, "\n\n")
	if !strings.Contains(usage, "--email") || !strings.Contains(usage, "--member") {
		t.Errorf("usage line %q lacks --member or --email", usage)
	}
}

// TestHelpDemoTellsTheB2BDemo: help demo introduces the B2B demo (the
// organization's external ID, the members worth trying) and its tour runs
// the B2B commands (TestExamplesRunCleanly runs every tour line); every
// line fits 80 columns.
func TestHelpDemoTellsTheB2BDemo(t *testing.T) {
	h := newHarness(t)
	r := h.run("help", "demo")
	r.expect(t, ExitOK)
	for _, want := range []string{"nw-001", "emp-8812", "emp-6604", "Oskar", "emp-5120",
		"b2b orgs get", "b2b orgs search", "b2b members get", "b2b sessions audit", "b2b sessions watch"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help demo lacks %q", want)
		}
	}
	for _, line := range strings.Split(r.stdout, "\n") {
		if n := ansi.StringWidth(line); n > 80 {
			t.Errorf("help demo line of %d columns: %q", n, line)
		}
	}
}

// TestB2BSortByCompletesMember: shell completion of --sort-by on B2B
// commands offers member, not user.
func TestB2BSortByCompletesMember(t *testing.T) {
	for _, cmd := range [][]string{{"b2b", "sessions", "list"}, {"b2b", "sessions", "audit"}} {
		h := newHarness(t)
		r := h.run(append(append([]string{"__complete"}, cmd...), "--sort-by", "")...)
		r.expect(t, ExitOK)
		if !strings.Contains(r.stdout, "member\t") || strings.Contains(r.stdout, "user\t") {
			t.Errorf("%v: completions\n%s", cmd, r.stdout)
		}
	}
	h := newHarness(t)
	r := h.run("__complete", "sessions", "list", "--sort-by", "")
	if !strings.Contains(r.stdout, "user\t") {
		t.Errorf("sessions list: completions\n%s", r.stdout)
	}
}
