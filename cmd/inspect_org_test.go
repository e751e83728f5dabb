package cmd

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestInspectOrgResolver: inspect --org finds the organization with the
// shared resolver, as the other b2b commands do: an ID is taken as it is,
// a slug looked up once and the member and sessions then asked for by the
// ID; an email address is resolved in that organization; an unknown
// organization (or an external ID, which cannot be looked up) is exit 3
// naming it, and nothing else is sent.
func TestInspectOrgResolver(t *testing.T) {
	org, member := apitest.DemoOrganizationID, apitest.DemoMemberID
	sessions := "GET /v1/b2b/sessions?member_id=" + member + "&organization_id=" + org
	byID := "GET /v1/b2b/organizations/" + org + "/member?member_id=" + member
	lookup := "GET /v1/b2b/organizations/" + apitest.DemoOrganizationSlug + "?"
	byEmail := "GET /v1/b2b/organizations/" + org + "/member?email_address=" + url.QueryEscape(apitest.DemoMemberEmail)
	for _, tt := range []struct {
		org, who string
		code     int
		stderr   []string
		requests []string
	}{
		{org, member, ExitOK, nil, []string{byID, sessions}},
		{apitest.DemoOrganizationSlug, member, ExitOK, nil, []string{lookup, byID, sessions}},
		{apitest.DemoOrganizationSlug, apitest.DemoMemberEmail, ExitOK, nil, []string{lookup, byEmail, sessions}},
		{apitest.DemoOrganizationSlug, apitest.SecondMemberEmail, ExitNotFound,
			[]string{"unknown member with email address " + apitest.SecondMemberEmail + " in organization northwind-traders: member_not_found", "request_id request-id-test-"},
			[]string{lookup, "GET /v1/b2b/organizations/" + org + "/member?email_address=" + url.QueryEscape(apitest.SecondMemberEmail)}},
		{"no-such-org", member, ExitNotFound,
			[]string{"stytchctl: unknown organization no-such-org: organization_not_found", "request_id request-id-test-", "give the organization's ID or slug"},
			[]string{"GET /v1/b2b/organizations/no-such-org?"}},
		{"nw-001", member, ExitNotFound,
			[]string{"stytchctl: unknown organization nw-001: organization_not_found", "an external ID works only where"},
			[]string{"GET /v1/b2b/organizations/nw-001?"}},
		{apitest.DemoOrganizationSlug, "emp-0000", ExitNotFound,
			[]string{"stytchctl: unknown member emp-0000 in organization northwind-traders: member_not_found"}, nil},
	} {
		h := newHarness(t)
		r := h.run("inspect", "--org", tt.org, tt.who, "-o", "json")
		r.expect(t, tt.code, tt.stderr...)
		if (tt.code == ExitOK) != (r.stdout != "") {
			t.Errorf("%s %s: stdout %q", tt.org, tt.who, r.stdout)
		}
		if tt.requests == nil {
			continue
		}
		var got []string
		for _, req := range h.fake.Requests() {
			got = append(got, req.Method+" "+req.Path+"?"+req.RawQuery)
		}
		// The member and the sessions are fetched at the same time.
		if len(got) == len(tt.requests) && tt.code == ExitOK && strings.HasPrefix(got[len(got)-1], byID) {
			got[len(got)-1], got[len(got)-2] = got[len(got)-2], got[len(got)-1]
		}
		if strings.Join(got, "\n") != strings.Join(tt.requests, "\n") {
			t.Errorf("%s %s: requests\n%s\nwant\n%s", tt.org, tt.who, strings.Join(got, "\n"), strings.Join(tt.requests, "\n"))
		}
	}
}
