package cmd

import (
	"slices"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

func TestB2BSessionsListByMember(t *testing.T) {
	h := newHarness(t)
	r := h.run("b2b", "sessions", "list", "--organization", apitest.DemoOrganizationSlug, "--member", apitest.DemoMemberID, "-o", "json")
	r.expect(t, 0)
	if r.stderr != "" {
		t.Errorf("stderr = %q (the no-IP note is for tables only)", r.stderr)
	}
	reqs := h.fake.Requests()
	if len(reqs) != 1 || reqs[0].Method != "GET" || reqs[0].Path != "/v1/b2b/sessions" ||
		reqs[0].RawQuery != "member_id="+apitest.DemoMemberID+"&organization_id="+apitest.DemoOrganizationSlug {
		t.Fatalf("requests = %v", describe(reqs))
	}
	ids, doc := decodeList(t, r.stdout, "member_sessions", "member_sessions", "request_id", "status_code")
	if len(ids) != 2 || !strings.Contains(ids[0], apitest.DemoMemberSessionSAML) || !strings.Contains(ids[1], apitest.DemoMemberSessionMagicLink) {
		t.Errorf("member_sessions = %v", ids)
	}
	if string(doc["status_code"]) != "200" {
		t.Errorf("status_code = %s", doc["status_code"])
	}
	// Lossless: a member session has no attributes, and none is invented.
	if strings.Contains(r.stdout, `"attributes"`) {
		t.Error("attributes appeared in member sessions")
	}

	// The table: no device or IP columns, and a note on stderr.
	r = h.run("b2b", "sessions", "list", "--organization", apitest.DemoOrganizationID, "--member", apitest.DemoMemberID)
	r.expect(t, 0, "Member sessions carry no IP address or user agent")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("table = %q", r.stdout)
	}
	cells := strings.Split(lines[0], "\t")
	if len(cells) != 6 || cells[0] != apitest.DemoMemberSessionSAML || cells[1] != "SAML SSO" {
		t.Errorf("row = %q", cells)
	}
	if !strings.HasPrefix(lines[1], apitest.DemoMemberSessionMagicLink+"\tEmail magic link + TOTP\t") {
		t.Errorf("row 2 = %q", lines[1])
	}
	h.tty, h.width = true, 200
	r = h.run("b2b", "sessions", "list", "--organization", apitest.DemoOrganizationID, "--member", apitest.DemoMemberID)
	r.expect(t, 0)
	for _, absent := range []string{"IP", "DEVICE", "USER AGENT"} {
		if strings.Contains(r.stdout, absent) {
			t.Errorf("terminal table has a %s column:\n%s", absent, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, "SESSION ID") || !strings.Contains(r.stdout, "LAST ACTIVE") {
		t.Errorf("terminal table lacks its header:\n%s", r.stdout)
	}
	h.tty = false

	// Wide and CSV: member and organization IDs, roles; no IP.
	r = h.run("b2b", "sessions", "list", "--organization", apitest.DemoOrganizationID, "--member", apitest.DemoMemberID, "-o", "csv")
	r.expect(t, 0)
	if !strings.HasPrefix(r.stdout, "member_session_id,member_id,organization_id,factors,started_at,last_accessed_at,expires_at,roles,custom_claims\r\n") ||
		strings.Count(r.stdout, "\r\n") != 3 {
		t.Errorf("csv = %q", r.stdout)
	}

	// NDJSON, --jq, YAML.
	r = h.run("b2b", "sessions", "list", "--organization", apitest.DemoOrganizationID, "--member", apitest.DemoMemberID, "-o", "ndjson")
	r.expect(t, 0)
	if got := ndjsonLines(t, r.stdout); len(got) != 2 || !slices.Equal(got, ids) {
		t.Errorf("ndjson = %v", got)
	}
	r = h.run("b2b", "sessions", "list", "--organization", apitest.DemoOrganizationID, "--member", apitest.DemoMemberID,
		"--jq", ".member_sessions[].member_session_id")
	r.expect(t, 0)
	if r.stdout != apitest.DemoMemberSessionSAML+"\n"+apitest.DemoMemberSessionMagicLink+"\n" {
		t.Errorf("--jq = %q", r.stdout)
	}
	r = h.run("b2b", "sessions", "list", "--organization", apitest.DemoOrganizationID, "--member", apitest.DemoMemberID, "-o", "yaml")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "member_sessions:\n  - member_session_id: "+apitest.DemoMemberSessionSAML) {
		t.Errorf("yaml = %s", r.stdout)
	}

	// A member without sessions: an empty table and a note.
	r = h.run("b2b", "sessions", "list", "--organization", apitest.DemoOrganizationID, "--member", apitest.DemoInvitedMemberID)
	r.expect(t, 0, "No active sessions for member "+apitest.DemoInvitedMemberID)
	if r.stdout != "" {
		t.Errorf("stdout = %q", r.stdout)
	}
}

func TestB2BSessionsListByEmail(t *testing.T) {
	h := newHarness(t)
	r := h.run("b2b", "sessions", "list", "--organization", apitest.DemoOrganizationSlug, "--email", apitest.DemoMemberEmail, "-o", "ndjson")
	r.expect(t, 0)
	if n := len(ndjsonLines(t, r.stdout)); n != 2 {
		t.Errorf("%d sessions, want 2", n)
	}
	reqs := h.fake.Requests()
	if len(reqs) != 2 {
		t.Fatalf("requests = %v", describe(reqs))
	}
	if reqs[0].Method != "GET" || reqs[0].Path != "/v1/b2b/organizations/"+apitest.DemoOrganizationSlug+"/member" ||
		reqs[0].RawQuery != "email_address=priya.natarajan%40northwind.example" {
		t.Errorf("lookup = %s", describe(reqs)[0])
	}
	if reqs[1].Path != "/v1/b2b/sessions" || reqs[1].Query.Get("member_id") != apitest.DemoMemberID ||
		reqs[1].Query.Get("organization_id") != apitest.DemoOrganizationSlug {
		t.Errorf("sessions request = %s", describe(reqs)[1])
	}

	// No such member: exit 3 naming the address and organization; no
	// sessions request.
	h.fake.ResetRequests()
	r = h.run("b2b", "sessions", "list", "--organization", apitest.DemoOrganizationID, "--email", "nobody@northwind.example")
	r.expect(t, ExitNotFound, "unknown member with email address nobody@northwind.example in organization "+apitest.DemoOrganizationID+": member_not_found", "request_id request-id-test-")
	if r.stdout != "" || len(h.fake.Requests()) != 1 {
		t.Errorf("stdout %q, requests %v", r.stdout, describe(h.fake.Requests()))
	}
	// The address exists, but in another organization.
	h.run("b2b", "sessions", "list", "--organization", apitest.SecondOrganizationID, "--email", apitest.DemoMemberEmail).
		expect(t, ExitNotFound, "member_not_found")
	// Unknown organization and unknown member ID.
	h.run("b2b", "sessions", "list", "--organization", "no-such-org", "--member", apitest.DemoMemberID).
		expect(t, ExitNotFound, "unknown organization no-such-org: organization_not_found")
	h.run("b2b", "sessions", "list", "--organization", apitest.DemoOrganizationID, "--member", "member-test-00000000-0000-4000-8000-000000000000").
		expect(t, ExitNotFound, "member_not_found")
}

func TestB2BSessionsListUsage(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--member", apitest.DemoMemberID}, "--org is required"},
		{[]string{"--organization", apitest.DemoOrganizationID}, "--member or --email is required"},
		{[]string{"--organization", apitest.DemoOrganizationID, "--member", apitest.DemoMemberID, "--email", apitest.DemoMemberEmail}, "cannot be used together"},
		{[]string{"--organization", apitest.DemoOrganizationID, "--email", "priya@"}, "invalid --email"},
		{[]string{"--organization", apitest.DemoOrganizationID, "--member", apitest.DemoMemberEmail}, "looks like an email address; use --email"},
		{[]string{"--organization", "a/b", "--member", apitest.DemoMemberID}, "invalid --org"},
		{[]string{"--organization", apitest.DemoOrganizationID, "--member", apitest.DemoMemberID, "-o", "tsv"}, "tsv"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			h := newHarness(t)
			r := h.run(append([]string{"b2b", "sessions", "list"}, tc.args...)...)
			r.expect(t, ExitUsage, tc.want)
			if r.stdout != "" || len(h.fake.Requests()) != 0 {
				t.Errorf("stdout %q, %d requests", r.stdout, len(h.fake.Requests()))
			}
		})
	}
}

func TestB2BMembersSearchPages(t *testing.T) {
	h, rec := newPagingHarness(t)
	// Every member of Northwind, in one page: the expected set.
	r := h.run("b2b", "members", "search", "--organization", apitest.DemoOrganizationID, "--limit", "1000", "-o", "json")
	r.expect(t, 0)
	want, one := decodeList(t, r.stdout, "members", "members", "organizations", "request_id", "results_metadata", "status_code")
	if len(want) < 12 || one["organizations"] == nil {
		t.Fatalf("one page: %d members", len(want))
	}
	first := len(rec.snapshot())

	pageSize := (len(want) + 2) / 3
	r = h.run("b2b", "members", "search", "--organization", apitest.DemoOrganizationID, "--all", "--page-size", itoa(pageSize), "-o", "json")
	r.expect(t, 0)
	got, doc := decodeList(t, r.stdout, "members", "members", "results_metadata")
	if !slices.Equal(got, want) {
		t.Errorf("merged pages: %d members, want the %d of one page, in order, each once", len(got), len(want))
	}
	if m := compact(t, doc["results_metadata"]); m != `{"total":`+itoa(len(want))+`}` {
		t.Errorf("results_metadata = %s", m)
	}
	ex := rec.snapshot()[first:]
	if len(ex) != 3 {
		t.Fatalf("%d requests, want 3", len(ex))
	}
	checkCursorChain(t, ex, pageSize)
	for i, e := range ex {
		if req := decodeSearchRequest(t, e.request); !slices.Equal(req.OrganizationIDs, []string{apitest.DemoOrganizationID}) {
			t.Errorf("page %d: organization_ids = %v", i+1, req.OrganizationIDs)
		}
	}

	// NDJSON streams the same members.
	r = h.run("b2b", "members", "search", "--organization", apitest.DemoOrganizationID, "--all", "--page-size", itoa(pageSize), "-o", "ndjson")
	r.expect(t, 0)
	if got := ndjsonLines(t, r.stdout); !slices.Equal(got, want) {
		t.Errorf("ndjson: %d members, want %d", len(got), len(want))
	}
}

func TestB2BMembersSearchFilters(t *testing.T) {
	h := newHarness(t)
	r := h.run("b2b", "members", "search", "--organization", apitest.DemoOrganizationID,
		"--email", apitest.DemoMemberEmail, "--email-contains", "natarajan",
		"--member-id", apitest.DemoMemberID, "--status", "active", "--status", "invited")
	r.expect(t, 0)
	cells := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\t")
	if len(cells) != 6 || cells[0] != apitest.DemoMemberID || cells[2] != apitest.DemoMemberEmail || cells[3] != "active" {
		t.Errorf("row = %q", cells)
	}
	reqs := h.fake.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/v1/b2b/organizations/members/search" {
		t.Fatalf("requests = %v", describe(reqs))
	}
	want := `{"organization_ids":["` + apitest.DemoOrganizationID + `"],"limit":100,"query":{"operator":"AND","operands":[` +
		`{"filter_name":"member_emails","filter_value":["` + apitest.DemoMemberEmail + `"]},` +
		`{"filter_name":"member_email_fuzzy","filter_value":"natarajan"},` +
		`{"filter_name":"member_ids","filter_value":["` + apitest.DemoMemberID + `"]},` +
		`{"filter_name":"statuses","filter_value":["active","invited"]}]}}`
	if got := compact(t, reqs[0].Body); got != want {
		t.Errorf("body:\n got %s\nwant %s", got, want)
	}

	// Wide and CSV columns.
	r = h.run("b2b", "members", "search", "--organization", apitest.DemoOrganizationID, "--member-id", apitest.DemoMemberID, "-o", "csv")
	r.expect(t, 0)
	if !strings.HasPrefix(r.stdout, "member_id,organization_id,external_id,name,email_address,email_address_verified,status,created_at,factors,is_admin,is_locked,roles\r\n") {
		t.Errorf("csv = %q", r.stdout)
	}
	// --template over the document.
	r = h.run("b2b", "members", "search", "--organization", apitest.DemoOrganizationID, "--status", "invited",
		"--template", `{{range .members}}{{.email_address}}{{"\n"}}{{end}}`)
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "grace.liu@northwind.example\n") {
		t.Errorf("--template = %q", r.stdout)
	}
	// Nothing found.
	h.run("b2b", "members", "search", "--organization", apitest.DemoOrganizationID, "--email", "nobody@northwind.example").
		expect(t, 0, "No members match.")
}

func TestB2BMembersSearchErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "--org is required"},
		{[]string{"--organization", apitest.DemoOrganizationID, "--status", "gone"}, `invalid --status "gone"`},
		{[]string{"--organization", apitest.DemoOrganizationID, "--email-contains", "ab"}, "at least 3 characters"},
		{[]string{"--organization", apitest.DemoOrganizationID, "--email", "x"}, "invalid --email"},
		{[]string{"--organization", apitest.DemoOrganizationID, "--member-id", "member-test-a,,member-test-b"}, "invalid --member: member ID is empty"},
		{[]string{"--organization", apitest.DemoOrganizationID, "--all", "--limit", "3"}, "cannot be used together"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			h := newHarness(t)
			r := h.run(append([]string{"b2b", "members", "search"}, tc.args...)...)
			r.expect(t, ExitUsage, tc.want)
			if len(h.fake.Requests()) != 0 {
				t.Error("a request was sent")
			}
		})
	}
	// A slug is looked up (TestOrgFlagEverywhere); an ID Stytch does not
	// know is Stytch's 404: exit 3 naming it.
	h := newHarness(t)
	h.run("b2b", "members", "search", "--org", "organization-test-nosuch").
		expect(t, ExitNotFound, "unknown organization organization-test-nosuch: organization_not_found")
}
