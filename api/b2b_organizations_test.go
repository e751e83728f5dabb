package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

func TestGetOrganization(t *testing.T) {
	c, fake := newClient(t, nil)
	// By ID and by slug: the same organization, the path escaped.
	for _, ref := range []string{apitest.DemoOrganizationID, apitest.DemoOrganizationSlug} {
		fake.ResetRequests()
		resp, err := c.GetOrganization(context.Background(), ref)
		if err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		req := fake.Requests()[0]
		if req.Method != "GET" || req.Path != "/v1/b2b/organizations/"+ref || req.RawQuery != "" {
			t.Errorf("request %s %s?%s", req.Method, req.Path, req.RawQuery)
		}
		o := resp.Organization
		if o.OrganizationID != apitest.DemoOrganizationID || o.OrganizationSlug != apitest.DemoOrganizationSlug ||
			o.OrganizationName != "Northwind Traders" || resp.RequestID == "" {
			t.Errorf("%s: %+v", ref, o)
		}
		var doc map[string]json.RawMessage
		if json.Unmarshal(resp.Raw, &doc) != nil || string(doc["status_code"]) != "200" || !strings.Contains(string(doc["organization"]), `"organization_external_id":"nw-001"`) {
			t.Errorf("raw %s", resp.Raw)
		}
	}
	// An external ID is not documented for this endpoint: the fake, like
	// the SDKs, knows IDs and slugs only.
	for _, ref := range []string{"nw-001", "nosuch"} {
		_, err := c.GetOrganization(context.Background(), ref)
		if ae, ok := api.AsError(err); !ok || ae.StatusCode != 404 || ae.ErrorType != "organization_not_found" {
			t.Errorf("%s: err = %v", ref, err)
		}
	}
	fake.ResetRequests()
	if _, err := c.GetOrganization(context.Background(), ".."); err == nil || len(fake.Requests()) != 0 {
		t.Errorf("dot segment: err %v, %d requests", err, len(fake.Requests()))
	}
}

func TestGetOrganizationShape(t *testing.T) {
	c, fake := newClient(t, nil)
	fake.AddFault(apitest.Fault{Path: "/v1/b2b/organizations/x", Status: 200, Body: `{"request_id":"r","status_code":200}`})
	_, err := c.GetOrganization(context.Background(), "x")
	if err == nil || !strings.Contains(err.Error(), "organization_id") {
		t.Errorf("err = %v", err)
	}
}

func TestSearchOrganizations(t *testing.T) {
	c, fake := newClient(t, nil)
	q := api.And(api.FilterOrganizationSlugs(apitest.DemoOrganizationSlug, apitest.SecondOrganizationSlug),
		api.FilterOrganizationNameContains("wind"), api.FilterAllowedDomains("northwind.example"))
	page, err := c.SearchOrganizations(context.Background(), api.OrganizationSearch{Limit: 10, Query: q})
	if err != nil {
		t.Fatal(err)
	}
	req := fake.Requests()[0]
	want := `{"limit":10,"query":{"operator":"AND","operands":[` +
		`{"filter_name":"organization_slugs","filter_value":["northwind-traders","globex"]},` +
		`{"filter_name":"organization_name_fuzzy","filter_value":"wind"},` +
		`{"filter_name":"allowed_domains","filter_value":["northwind.example"]}]}}`
	if req.Method != "POST" || req.Path != "/v1/b2b/organizations/search" || string(req.Body) != want {
		t.Errorf("request %s %s %s\nwant %s", req.Method, req.Path, req.Body, want)
	}
	if len(page.Organizations) != 1 || page.Organizations[0].OrganizationID != apitest.DemoOrganizationID || page.Total != 1 ||
		page.NextCursor != "" || page.Organizations[0].MFAPolicy == "" || len(page.Organizations[0].EmailAllowedDomains) == 0 {
		t.Errorf("page %+v", page)
	}

	// Every page, one organization at a time, each once, by cursor.
	fake.ResetRequests()
	var ids []string
	err = c.EachOrganizationPage(context.Background(), api.OrganizationSearch{Limit: 1}, func(p *api.OrganizationSearchPage) error {
		for _, o := range p.Organizations {
			ids = append(ids, o.OrganizationID)
		}
		return nil
	})
	if err != nil || strings.Join(ids, ",") != apitest.DemoOrganizationID+","+apitest.SecondOrganizationID || len(fake.Requests()) != 2 ||
		!strings.Contains(string(fake.Requests()[1].Body), `"cursor":"`) {
		t.Errorf("pages: %v %v, %d requests", ids, err, len(fake.Requests()))
	}

	// A fuzzy filter under three characters: Stytch's 400.
	_, err = c.SearchOrganizations(context.Background(), api.OrganizationSearch{Query: api.And(api.FilterOrganizationNameContains("wi"))})
	if ae, ok := api.AsError(err); !ok || ae.StatusCode != 400 {
		t.Errorf("short fuzzy: %v", err)
	}
}
