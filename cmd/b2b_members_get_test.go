package cmd

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestB2BMembersGet: a member by ID, external ID or email, as field/value
// rows (roles, MFA, SSO) or Stytch's response as sent; one request, with
// --org and the member as typed.
func TestB2BMembersGet(t *testing.T) {
	for _, tc := range []struct{ member, query string }{
		{apitest.DemoMemberID, "member_id=" + apitest.DemoMemberID},
		{"emp-7731", "member_id=emp-7731"},
		{apitest.DemoMemberEmail, "email_address=priya.natarajan%40northwind.example"},
	} {
		h := newHarness(t)
		r := h.run("b2b", "members", "get", tc.member, "--org", apitest.DemoOrganizationSlug)
		r.expect(t, ExitOK)
		for _, row := range []string{"Member ID\t" + apitest.DemoMemberID, "External ID\temp-7731", "Name\tPriya Natarajan",
			"Email\t" + apitest.DemoMemberEmail + " (verified)", "Status\tactive",
			"Organization\tNorthwind Traders (" + apitest.DemoOrganizationSlug + ")",
			"Roles\tstytch_member, northwind-support, stytch_admin", "MFA\tenrolled, default totp",
			"TOTP\tyes", "SSO\tsaml-connection-test-a7c2e9f4-6b1d-4d38-9e05-2f8b4c6a1d73"} {
			if !strings.Contains(r.stdout, row+"\n") {
				t.Errorf("%s: no row %q in\n%s", tc.member, row, r.stdout)
			}
		}
		reqs := h.fake.Requests()
		if len(reqs) != 1 || reqs[0].Method != "GET" || reqs[0].Path != "/v1/b2b/organizations/"+apitest.DemoOrganizationSlug+"/member" || reqs[0].RawQuery != tc.query {
			t.Errorf("%s: requests %v", tc.member, describe(reqs))
		}
	}
	h := newHarness(t)
	r := h.run("b2b", "members", "get", "emp-7731", "--org", "nw-001", "-o", "json")
	r.expect(t, ExitOK)
	var doc struct {
		MemberID string `json:"member_id"`
		Member   struct {
			Roles []json.RawMessage `json:"roles"`
		} `json:"member"`
		StatusCode int `json:"status_code"`
	}
	if json.Unmarshal([]byte(r.stdout), &doc) != nil || doc.MemberID != apitest.DemoMemberID || len(doc.Member.Roles) != 3 || doc.StatusCode != 200 {
		t.Errorf("-o json is not Stytch's answer:\n%s", r.stdout)
	}
}

// TestB2BMembersGetErrors: bad input is exit 2 with nothing sent; an
// unknown member or organization is exit 3 naming it and the organization.
func TestB2BMembersGetErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"emp-7731"}, "--org is required"},
		{[]string{"--org", "northwind-traders"}, "needs exactly one member"},
		{[]string{"a", "b", "--org", "northwind-traders"}, "got 2"},
		{[]string{" emp-7731", "--org", "northwind-traders"}, "invalid MEMBER"},
		{[]string{"x@", "--org", "northwind-traders"}, "invalid email address"},
		{[]string{"emp-7731", "--org", "a/b"}, "invalid --org"},
		{[]string{"emp-7731", "--org", "northwind-traders", "-o", "csv"}, "csv"},
	} {
		h := newHarness(t)
		r := h.run(append([]string{"b2b", "members", "get"}, tc.args...)...)
		r.expect(t, ExitUsage, tc.want)
		if len(h.fake.Requests()) != 0 || r.stdout != "" {
			t.Errorf("%v: %d requests, stdout %q", tc.args, len(h.fake.Requests()), r.stdout)
		}
	}
	h := newHarness(t)
	h.run("b2b", "members", "get", "nobody@northwind.example", "--org", apitest.DemoOrganizationSlug).
		expect(t, ExitNotFound, "nobody@northwind.example", "organization northwind-traders", "member_not_found")
	h.run("b2b", "members", "get", "emp-0000", "--org", apitest.DemoOrganizationSlug).
		expect(t, ExitNotFound, "member emp-0000", "organization northwind-traders", "member_not_found")
	// Hank is a member of Globex, not of Northwind.
	h.run("b2b", "members", "get", apitest.SecondMemberEmail, "--org", apitest.DemoOrganizationSlug).
		expect(t, ExitNotFound, apitest.SecondMemberEmail, "member_not_found")
	h.run("b2b", "members", "get", "emp-7731", "--org", "no-such-org").
		expect(t, ExitNotFound, "organization no-such-org", "organization_not_found")
}
