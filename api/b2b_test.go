package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

func TestGetMemberSessions(t *testing.T) {
	c, fake := newClient(t, nil)
	resp, err := c.GetMemberSessions(context.Background(), apitest.DemoOrganizationSlug, apitest.DemoMemberID)
	if err != nil {
		t.Fatal(err)
	}
	req := fake.Requests()[0]
	q, _ := url.ParseQuery(req.RawQuery)
	if req.Method != "GET" || req.Path != "/v1/b2b/sessions" || q.Get("organization_id") != apitest.DemoOrganizationSlug || q.Get("member_id") != apitest.DemoMemberID {
		t.Errorf("request %s %s?%s", req.Method, req.Path, req.RawQuery)
	}
	if len(resp.MemberSessions) != 2 {
		t.Fatalf("%d sessions", len(resp.MemberSessions))
	}
	s := resp.MemberSessions[1]
	if s.MemberSessionID != apitest.DemoMemberSessionMagicLink || s.OrganizationID != apitest.DemoOrganizationID ||
		s.OrganizationSlug != apitest.DemoOrganizationSlug || len(s.AuthenticationFactors) != 2 ||
		s.AuthenticationFactors[0].Type != "magic_link" || s.AuthenticationFactors[1].Kind != "authenticator_app_factor" ||
		!slices.Equal(s.Roles, []string{"stytch_member", "stytch_admin"}) || string(s.CustomClaims) != `{"internal_tool_access":true}` {
		t.Errorf("session = %+v", s)
	}
	raw := fake.MemberSessions(apitest.DemoMemberID)
	for i := range raw {
		out, _ := json.Marshal(resp.MemberSessions[i])
		if string(out) != string(raw[i]) {
			t.Errorf("session %d not lossless", i)
		}
	}
}

func TestGetMemberSessionsEscapesQuery(t *testing.T) {
	c, fake := newClient(t, nil)
	_, err := c.GetMemberSessions(context.Background(), "a&b=c", "x y")
	if ae, ok := api.AsError(err); !ok || ae.ErrorType != "organization_not_found" || ae.StatusCode != 404 {
		t.Errorf("err = %v", err)
	}
	if got := fake.Requests()[0].RawQuery; got != "member_id=x+y&organization_id=a%26b%3Dc" {
		t.Errorf("query %q", got)
	}
}

func TestRevokeMemberSessions(t *testing.T) {
	c, fake := newClient(t, nil)
	for _, bad := range []api.MemberSessionRevoke{{}, {MemberID: "m", MemberSessionID: "s"}} {
		if _, err := c.RevokeMemberSessions(context.Background(), bad); !errors.Is(err, api.ErrRevokeTarget) {
			t.Errorf("%+v: err %v", bad, err)
		}
	}
	if n := len(fake.Requests()); n != 0 {
		t.Fatalf("%d requests sent for invalid revokes", n)
	}
	resp, err := c.RevokeMemberSessions(context.Background(), api.MemberSessionRevoke{MemberID: apitest.DemoMemberID})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(fake.Requests()[0].Body); got != `{"member_id":"`+apitest.DemoMemberID+`"}` {
		t.Errorf("body %s", got)
	}
	if !strings.HasPrefix(resp.RequestID, "request-id-test-") || !strings.Contains(string(resp.Raw), `"status_code":200`) {
		t.Errorf("resp %+v", resp)
	}
	l, err := c.GetMemberSessions(context.Background(), apitest.DemoOrganizationID, apitest.DemoMemberID)
	if err != nil || len(l.MemberSessions) != 0 {
		t.Errorf("after revoking all: %v, %d sessions", err, len(l.MemberSessions))
	}
	_, err = c.RevokeMemberSessions(context.Background(), api.MemberSessionRevoke{MemberSessionID: apitest.DemoMemberSessionSAML})
	if ae, ok := api.AsError(err); !ok || ae.ErrorType != "session_not_found" {
		t.Errorf("revoking a gone session: %v", err)
	}
}

func TestGetMember(t *testing.T) {
	c, fake := newClient(t, nil)
	resp, err := c.GetMember(context.Background(), apitest.DemoOrganizationID, api.MemberLookup{EmailAddress: apitest.DemoMemberEmail})
	if err != nil {
		t.Fatal(err)
	}
	req := fake.Requests()[0]
	if req.Path != "/v1/b2b/organizations/"+apitest.DemoOrganizationID+"/member" || req.RawQuery != "email_address=priya.natarajan%40northwind.example" {
		t.Errorf("request %s?%s", req.Path, req.RawQuery)
	}
	m := resp.Member
	if resp.MemberID != apitest.DemoMemberID || m.MemberID != apitest.DemoMemberID || m.EmailAddress != apitest.DemoMemberEmail ||
		m.Status != "active" || !m.MFAEnrolled || !slices.Contains(m.Roles, "stytch_admin") || len(m.SSOConnectionIDs) != 1 ||
		resp.Organization.OrganizationName != "Northwind Traders" {
		t.Errorf("member %+v org %+v", m, resp.Organization)
	}
	if _, err := c.GetMember(context.Background(), apitest.DemoOrganizationID, api.MemberLookup{}); !errors.Is(err, api.ErrMemberLookup) {
		t.Errorf("empty lookup: %v", err)
	}
	_, err = c.GetMember(context.Background(), apitest.DemoOrganizationID, api.MemberLookup{EmailAddress: "nobody@northwind.example"})
	if ae, ok := api.AsError(err); !ok || ae.ErrorType != "member_not_found" || !ae.IsNotFound() {
		t.Errorf("unknown email: %v", err)
	}
	_, err = c.GetMember(context.Background(), "no/such org", api.MemberLookup{MemberID: "x"})
	if ae, ok := api.AsError(err); !ok || ae.ErrorType != "organization_not_found" {
		t.Errorf("unknown org: %v", err)
	}
	if got := fake.Requests()[len(fake.Requests())-1].Path; got != "/v1/b2b/organizations/no/such org/member" {
		t.Errorf("path %q", got)
	}
}

func TestEachMemberPage(t *testing.T) {
	c, fake := newClient(t, nil)
	var ids []string
	pages := 0
	err := c.EachMemberPage(context.Background(), api.MemberSearch{OrganizationIDs: []string{apitest.DemoOrganizationID}, Limit: 6},
		func(p *api.MemberSearchPage) error {
			pages++
			if p.Organizations[apitest.DemoOrganizationID].OrganizationSlug != apitest.DemoOrganizationSlug {
				t.Errorf("organizations = %+v", p.Organizations)
			}
			for _, m := range p.Members {
				ids = append(ids, m.MemberID)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	want := 7 + apitest.NorthwindGeneratedMembers
	uniq := slices.Clone(ids)
	slices.Sort(uniq)
	if wantPages := (want + 5) / 6; pages != wantPages || len(ids) != want || len(slices.Compact(uniq)) != want {
		t.Errorf("%d pages, %d members (%d distinct), want %d pages of %d", pages, len(ids), len(uniq), wantPages, want)
	}
	if got := string(fake.Requests()[0].Body); got != `{"organization_ids":["`+apitest.DemoOrganizationID+`"],"limit":6}` {
		t.Errorf("body %s", got)
	}
	// organization_ids is always sent, so Stytch (not the client) says it is empty.
	_, err = c.SearchMembers(context.Background(), api.MemberSearch{Query: api.And(api.FilterMemberEmails("a@b.example"))})
	if ae, ok := api.AsError(err); !ok || ae.ErrorType != "member_search_organization_ids_empty" {
		t.Errorf("err %v", err)
	}
	if got := string(fake.Requests()[len(fake.Requests())-1].Body); !strings.HasPrefix(got, `{"organization_ids":[],`) {
		t.Errorf("body %s", got)
	}
	p, err := c.SearchMembers(context.Background(), api.MemberSearch{
		OrganizationIDs: []string{apitest.DemoOrganizationID, apitest.SecondOrganizationID},
		Query:           api.And(api.FilterMemberEmailContains("globex"), api.FilterMemberStatuses("active"), api.FilterMemberIDs(apitest.SecondMemberID)),
	})
	if err != nil || len(p.Members) != 1 || p.Members[0].MemberID != apitest.SecondMemberID || p.Total != 1 || p.NextCursor != "" {
		t.Errorf("filtered search: %v %+v", err, p)
	}
}
