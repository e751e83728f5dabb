package cmd

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestB2BFaults runs bad input and faults through every b2b command (and
// inspect --org): an unknown organization (a slug, an ID, an external ID
// where the endpoint cannot take one) or member is exit 3 in the same words
// naming which; the B2B searches' own 429 is exit 5 with Stytch's error,
// its request ID and the limit named. Each case also pins every request
// sent: nothing follows the failure (no revoke, no second poll).
func TestB2BFaults(t *testing.T) {
	const (
		slug    = apitest.DemoOrganizationSlug
		member  = apitest.DemoMemberID
		nobody  = "nobody@northwind.example"
		noOrgID = "organization-test-00000000-0000-4000-8000-000000000000"
	)
	sessionsOf := func(org, m string) string {
		return "GET /v1/b2b/sessions?member_id=" + url.QueryEscape(m) + "&organization_id=" + url.QueryEscape(org)
	}
	memberByEmail := func(org, addr string) string {
		return "GET /v1/b2b/organizations/" + org + "/member?email_address=" + url.QueryEscape(addr)
	}
	orgLookup := func(org string) string { return "GET /v1/b2b/organizations/" + org + "?" }
	unknownOrg := func(org string) []string {
		return []string{"stytchctl: unknown organization " + org + ": organization_not_found", "request_id request-id-test-"}
	}
	unknownMember := func(m string) []string {
		return []string{"stytchctl: unknown member " + m + " in organization " + slug + ": member_not_found", "request_id request-id-test-"}
	}
	membersSearch := "POST /v1/b2b/organizations/members/search?"
	orgsSearch := "POST /v1/b2b/organizations/search?"
	limited := []string{"too_many_requests", "request_id request-id-test-", "100 requests per minute"}
	for _, tt := range []struct {
		name     string
		args     []string
		fault    *apitest.Fault
		code     int
		stderr   []string
		requests []string // every request, in order; "xN" repeats the last one N times in all
	}{
		// An organization that is not there.
		{"orgs get by slug", []string{"b2b", "orgs", "get", "no-such-org"}, nil, ExitNotFound,
			append(unknownOrg("no-such-org"), "give the organization's ID or slug"), []string{orgLookup("no-such-org")}},
		{"orgs get by external ID", []string{"b2b", "orgs", "get", "nw-001"}, nil, ExitNotFound,
			append(unknownOrg("nw-001"), "an external ID works only where"), []string{orgLookup("nw-001")}},
		{"members search by slug", []string{"b2b", "members", "search", "--org", "no-such-org"}, nil, ExitNotFound,
			unknownOrg("no-such-org"), []string{orgLookup("no-such-org")}},
		{"members search by ID", []string{"b2b", "members", "search", "--org", noOrgID}, nil, ExitNotFound,
			unknownOrg(noOrgID), []string{membersSearch}},
		{"sessions list --member", []string{"b2b", "sessions", "list", "--org", "no-such-org", "--member", member}, nil, ExitNotFound,
			append(unknownOrg("no-such-org"), "b2b orgs search"), []string{sessionsOf("no-such-org", member)}},
		{"sessions list --email", []string{"b2b", "sessions", "list", "--org", "no-such-org", "--email", apitest.DemoMemberEmail}, nil, ExitNotFound,
			append(unknownOrg("no-such-org"), "give the organization's ID or slug"), []string{memberByEmail("no-such-org", apitest.DemoMemberEmail)}},
		{"sessions revoke --member", []string{"b2b", "sessions", "revoke", "--org", "no-such-org", "--member", member, "--all", "--yes"}, nil, ExitNotFound,
			unknownOrg("no-such-org"), []string{sessionsOf("no-such-org", member)}},
		{"sessions revoke --email", []string{"b2b", "sessions", "revoke", "--org", "no-such-org", "--email", apitest.DemoMemberEmail, "--all", "--yes"}, nil, ExitNotFound,
			unknownOrg("no-such-org"), []string{memberByEmail("no-such-org", apitest.DemoMemberEmail)}},
		{"sessions watch", []string{"b2b", "sessions", "watch", "--org", "no-such-org", "--member", member}, nil, ExitNotFound,
			unknownOrg("no-such-org"), []string{sessionsOf("no-such-org", member)}},
		{"inspect by slug", []string{"inspect", "--org", "no-such-org", member}, nil, ExitNotFound,
			unknownOrg("no-such-org"), []string{orgLookup("no-such-org")}},
		{"inspect by external ID", []string{"inspect", "--org", "nw-001", member}, nil, ExitNotFound,
			append(unknownOrg("nw-001"), "an external ID works only where"), []string{orgLookup("nw-001")}},

		// A member that is not there.
		{"sessions list unknown member", []string{"b2b", "sessions", "list", "--org", slug, "--member", "emp-0000"}, nil, ExitNotFound,
			unknownMember("emp-0000"), []string{sessionsOf(slug, "emp-0000")}},
		{"sessions list unknown email", []string{"b2b", "sessions", "list", "--org", slug, "--email", nobody}, nil, ExitNotFound,
			unknownMember("with email address " + nobody), []string{memberByEmail(slug, nobody)}},
		{"sessions list email of another organization", []string{"b2b", "sessions", "list", "--org", slug, "--email", apitest.SecondMemberEmail}, nil, ExitNotFound,
			unknownMember("with email address " + apitest.SecondMemberEmail), []string{memberByEmail(slug, apitest.SecondMemberEmail)}},
		{"sessions revoke unknown member", []string{"b2b", "sessions", "revoke", "--org", slug, "--member", "emp-0000", "--all", "--yes"}, nil, ExitNotFound,
			unknownMember("emp-0000"), []string{sessionsOf(slug, "emp-0000")}},
		{"sessions revoke unknown email", []string{"b2b", "sessions", "revoke", "--org", slug, "--email", nobody, "--all", "--yes"}, nil, ExitNotFound,
			unknownMember("with email address " + nobody), []string{memberByEmail(slug, nobody)}},
		{"sessions watch unknown member", []string{"b2b", "sessions", "watch", "--org", slug, "--member", "emp-0000"}, nil, ExitNotFound,
			unknownMember("emp-0000"), []string{sessionsOf(slug, "emp-0000")}},
		{"sessions watch unknown email", []string{"b2b", "sessions", "watch", "--org", slug, "--email", nobody}, nil, ExitNotFound,
			unknownMember("with email address " + nobody), []string{memberByEmail(slug, nobody)}},
		{"members get unknown member", []string{"b2b", "members", "get", "emp-0000", "--org", slug}, nil, ExitNotFound,
			unknownMember("emp-0000"), []string{"GET /v1/b2b/organizations/" + slug + "/member?member_id=emp-0000"}},
		{"members get unknown email", []string{"b2b", "members", "get", nobody, "--org", slug}, nil, ExitNotFound,
			unknownMember("with email address " + nobody), []string{memberByEmail(slug, nobody)}},
		{"sessions audit unknown member", []string{"b2b", "sessions", "audit", "--org", slug, "--member", "emp-0000"}, nil, ExitNotFound,
			unknownMember("emp-0000"), []string{sessionsOf(slug, "emp-0000")}},
		{"sessions audit unknown email", []string{"b2b", "sessions", "audit", "--org", slug, "--email", nobody}, nil, ExitNotFound,
			unknownMember("with email address " + nobody), []string{memberByEmail(slug, nobody)}},
		{"inspect unknown email", []string{"inspect", "--org", apitest.DemoOrganizationID, nobody}, nil, ExitNotFound,
			[]string{"stytchctl: unknown member with email address " + nobody + " in organization " + apitest.DemoOrganizationID + ": member_not_found"},
			[]string{memberByEmail(apitest.DemoOrganizationID, nobody)}},

		// The searches' own rate limit, still there after the retries.
		{"members search 429", []string{"b2b", "members", "search", "--org", apitest.DemoOrganizationID},
			&apitest.Fault{Path: "/v1/b2b/organizations/members/search", Status: 429, Times: 10}, ExitRateLimited,
			append([]string{"stytchctl: searching members of organization " + apitest.DemoOrganizationID + ": too_many_requests"}, limited...),
			[]string{membersSearch, "x3"}},
		{"orgs search 429", []string{"b2b", "orgs", "search", "--slug", "no-such-org"},
			&apitest.Fault{Path: "/v1/b2b/organizations/search", Status: 429, Times: 10}, ExitRateLimited,
			append([]string{"stytchctl: searching organizations: too_many_requests"}, limited...),
			[]string{orgsSearch, "x3"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			if tt.fault != nil {
				h.fake.AddFault(*tt.fault)
			}
			_, ctx := newWatchScript(h) // a watch stops at its first wait
			r := h.runCtx(ctx, tt.args...)
			r.expect(t, tt.code, tt.stderr...)
			if r.stdout != "" {
				t.Errorf("stdout %q", r.stdout)
			}
			var want []string
			for _, w := range tt.requests {
				if n := len(w); n == 2 && w[0] == 'x' {
					for len(want) < int(w[1]-'0') {
						want = append(want, want[len(want)-1])
					}
					continue
				}
				want = append(want, w)
			}
			var got []string
			for _, req := range h.fake.Requests() {
				got = append(got, req.Method+" "+req.Path+"?"+req.RawQuery)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("requests\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
