package cmd

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestB2BOrgsGet: an organization by ID or slug, as a field/value table or
// Stytch's response as sent; one request.
func TestB2BOrgsGet(t *testing.T) {
	for _, ref := range []string{apitest.DemoOrganizationSlug, apitest.DemoOrganizationID} {
		h := newHarness(t)
		r := h.run("b2b", "orgs", "get", ref)
		r.expect(t, ExitOK)
		for _, row := range []string{"Organization ID\t" + apitest.DemoOrganizationID, "Name\tNorthwind Traders",
			"Slug\t" + apitest.DemoOrganizationSlug, "Allowed domains\tnorthwind.example", "MFA policy\tOPTIONAL"} {
			if !strings.Contains(r.stdout, row+"\n") {
				t.Errorf("%s: no row %q in\n%s", ref, row, r.stdout)
			}
		}
		if reqs := h.fake.Requests(); len(reqs) != 1 || reqs[0].Method != "GET" || reqs[0].Path != "/v1/b2b/organizations/"+ref {
			t.Errorf("%s: requests %v", ref, describe(reqs))
		}
	}
	h := newHarness(t)
	r := h.run("b2b", "org", "get", apitest.DemoOrganizationSlug, "-o", "json")
	r.expect(t, ExitOK)
	var doc struct {
		Organization json.RawMessage `json:"organization"`
		StatusCode   int             `json:"status_code"`
	}
	if json.Unmarshal([]byte(r.stdout), &doc) != nil || doc.StatusCode != 200 ||
		compact(t, doc.Organization) != compact(t, h.fake.Organization(apitest.DemoOrganizationID)) {
		t.Errorf("-o json is not Stytch's answer:\n%s", r.stdout)
	}
}

// TestB2BOrgsGetErrors: bad input is exit 2 with nothing sent; an
// organization no ID or slug names (an external ID) exit 3 naming it.
func TestB2BOrgsGetErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "needs exactly one organization ID or slug, got 0"},
		{[]string{"a", "b"}, "got 2"},
		{[]string{"a/b"}, `invalid organization "a/b"`},
		{[]string{".."}, "only dots"},
		{[]string{"acme", "-o", "csv"}, "csv"},
	} {
		h := newHarness(t)
		r := h.run(append([]string{"b2b", "orgs", "get"}, tc.args...)...)
		r.expect(t, ExitUsage, tc.want)
		if len(h.fake.Requests()) != 0 || r.stdout != "" {
			t.Errorf("%v: %d requests, stdout %q", tc.args, len(h.fake.Requests()), r.stdout)
		}
	}
	h := newHarness(t)
	h.run("b2b", "orgs", "get", "nw-001").expect(t, ExitNotFound, "unknown organization nw-001: organization_not_found",
		"an external ID works only where")
}

// TestB2BOrgsSearch: the filters become Stytch's operands; pages are
// walked by cursor; bad filters are refused before anything is sent; the
// search's own 429 is exit 5.
func TestB2BOrgsSearch(t *testing.T) {
	h := newHarness(t)
	r := h.run("b2b", "orgs", "search", "--slug", "northwind-traders,globex", "--name-contains", "wind", "--domain", "northwind.example")
	r.expect(t, ExitOK)
	if !strings.HasPrefix(r.stdout, apitest.DemoOrganizationID+"\tNorthwind Traders\tnorthwind-traders\tnorthwind.example\t") || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("stdout %q", r.stdout)
	}
	reqs := h.fake.Requests()
	want := `{"limit":100,"query":{"operator":"AND","operands":[` +
		`{"filter_name":"organization_slugs","filter_value":["northwind-traders","globex"]},` +
		`{"filter_name":"organization_name_fuzzy","filter_value":"wind"},` +
		`{"filter_name":"allowed_domains","filter_value":["northwind.example"]}]}}`
	if len(reqs) != 1 || reqs[0].Path != "/v1/b2b/organizations/search" || compact(t, reqs[0].Body) != want {
		t.Errorf("requests %v", describe(reqs))
	}

	// --all walks the pages by cursor; JSON merges them.
	h.fake.ResetRequests()
	r = h.run("b2b", "orgs", "search", "--all", "--page-size", "1", "-o", "json")
	r.expect(t, ExitOK)
	got, _ := decodeList(t, r.stdout, "organizations", "organizations", "results_metadata")
	if len(got) != 2 || len(h.fake.Requests()) != 2 || !strings.Contains(string(h.fake.Requests()[1].Body), `"cursor":"`) {
		t.Errorf("%d organizations in %d requests", len(got), len(h.fake.Requests()))
	}
	h.run("b2b", "orgs", "search", "--slug", "no-such-org").expect(t, ExitOK, "No organizations match.")

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--name-contains", "wi"}, "invalid --name-contains"},
		{[]string{"--domain", "ana@acme.com"}, "give the domain, not an address (acme.com)"},
		{[]string{"--slug", "a/b"}, "invalid --slug"},
		{[]string{"--all", "--limit", "3"}, "cannot be used together"},
		{[]string{"acme"}, "unknown command"},
	} {
		h := newHarness(t)
		r := h.run(append([]string{"b2b", "orgs", "search"}, tc.args...)...)
		r.expect(t, ExitUsage, tc.want)
		if len(h.fake.Requests()) != 0 {
			t.Errorf("%v: a request was sent", tc.args)
		}
	}
	h = newHarness(t)
	h.fake.AddFault(apitest.Fault{Path: "/v1/b2b/organizations/search", Status: 429, Times: 5})
	h.run("b2b", "orgs", "search").expect(t, ExitRateLimited, "searching organizations", "too_many_requests")
}
