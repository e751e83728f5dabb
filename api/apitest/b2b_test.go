package apitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func memberSessionsURL(base, org, member string) string {
	return base + "/v1/b2b/sessions?" + url.Values{"organization_id": {org}, "member_id": {member}}.Encode()
}

func TestMemberSessionsLikeTheExample(t *testing.T) {
	_, srv := startFake(t, Options{})
	for _, org := range []string{DemoOrganizationID, DemoOrganizationSlug, "nw-001"} {
		r := call(t, nil, http.MethodGet, memberSessionsURL(srv.URL, org, DemoMemberID), true, nil)
		if r.status != 200 {
			t.Fatalf("org %s: %d %s", org, r.status, r.body)
		}
		if got := topLevelKeys(t, r.body); !slices.Equal(got, []string{"request_id", "member_sessions", "status_code"}) {
			t.Errorf("keys %v", got)
		}
		var resp struct {
			MemberSessions []json.RawMessage `json:"member_sessions"`
		}
		mustUnmarshal(t, r.body, &resp)
		if len(resp.MemberSessions) != 2 {
			t.Fatalf("want the example's two sessions, got %d", len(resp.MemberSessions))
		}
		ex := referenceExample(t, "b2b_sessions_get_200.json")
		var exResp struct {
			MemberSessions []json.RawMessage `json:"member_sessions"`
		}
		mustUnmarshal(t, ex, &exResp)
		for i := range resp.MemberSessions {
			if got, want := topLevelKeys(t, resp.MemberSessions[i]), topLevelKeys(t, exResp.MemberSessions[i]); !slices.Equal(got, want) {
				t.Errorf("session %d keys\n got %v\nwant %v", i, got, want)
			}
			if strings.Contains(string(resp.MemberSessions[i]), `"attributes"`) {
				t.Error("member sessions have no attributes")
			}
		}
		if !strings.Contains(string(resp.MemberSessions[0]), `"delivery_method":"sso_saml"`) ||
			!strings.Contains(string(resp.MemberSessions[1]), `"delivery_method":"authenticator_app"`) {
			t.Errorf("factors are not SAML / magic link + TOTP: %s", resp.MemberSessions)
		}
	}
	// By the member's external ID too.
	r := call(t, nil, http.MethodGet, memberSessionsURL(srv.URL, DemoOrganizationID, "emp-7731"), true, nil)
	if r.status != 200 {
		t.Errorf("external member id: %d %s", r.status, r.body)
	}
}

func TestMemberSessionsErrors(t *testing.T) {
	_, srv := startFake(t, Options{})
	tests := []struct {
		url, errType string
		status       int
	}{
		{srv.URL + "/v1/b2b/sessions?member_id=" + DemoMemberID, "invalid_organization_id", 400},
		{srv.URL + "/v1/b2b/sessions?organization_id=" + DemoOrganizationID, "invalid_argument", 400},
		{memberSessionsURL(srv.URL, "organization-test-00000000-0000-4000-8000-000000000000", DemoMemberID), "organization_not_found", 404},
		{memberSessionsURL(srv.URL, SecondOrganizationID, DemoMemberID), "member_not_found", 404},
		{memberSessionsURL(srv.URL, DemoOrganizationID, "member-test-00000000-0000-4000-8000-000000000000"), "member_not_found", 404},
	}
	for _, tt := range tests {
		checkError(t, call(t, nil, http.MethodGet, tt.url, true, nil), tt.status, tt.errType, "")
	}
}

func TestExpiredMemberSessionsAreNotListed(t *testing.T) {
	clk := &manualClock{t: testNow()}
	_, srv := startFake(t, Options{Now: clk.Now})
	clk.Advance(time.Hour) // the magic link session expires 16 minutes after "now"
	r := call(t, nil, http.MethodGet, memberSessionsURL(srv.URL, DemoOrganizationID, DemoMemberID), true, nil)
	if n := strings.Count(string(r.body), `"member_session_id"`); n != 1 {
		t.Errorf("after 1h, %d sessions listed, want 1: %s", n, r.body)
	}
}

func TestRevokeMemberSessions(t *testing.T) {
	f, srv := startFake(t, Options{})
	post := func(body string) response {
		return call(t, nil, http.MethodPost, srv.URL+"/v1/b2b/sessions/revoke", true, []byte(body))
	}
	// One session.
	r := post(`{"member_session_id":"` + DemoMemberSessionSAML + `"}`)
	if r.status != 200 || !slices.Equal(topLevelKeys(t, r.body), []string{"request_id", "status_code"}) {
		t.Fatalf("%d %s", r.status, r.body)
	}
	l := call(t, nil, http.MethodGet, memberSessionsURL(srv.URL, DemoOrganizationID, DemoMemberID), true, nil)
	if strings.Contains(string(l.body), DemoMemberSessionSAML) || !strings.Contains(string(l.body), DemoMemberSessionMagicLink) {
		t.Errorf("after revoking one: %s", l.body)
	}
	checkError(t, post(`{"member_session_id":"`+DemoMemberSessionSAML+`"}`), 404, "session_not_found", "Session could not be found.")
	// Everything of a member, with the example's body.
	r = post(string(referenceExample(t, "b2b_sessions_revoke_request_all_for_member.json")))
	if r.status != 200 {
		t.Fatalf("revoke all: %d %s", r.status, r.body)
	}
	if n := len(f.MemberSessions(DemoMemberID)); n != 0 {
		t.Errorf("%d sessions left after revoking all", n)
	}
	// Others are untouched.
	if n := len(f.MemberSessions(DemoAdminMemberID)); n != 1 {
		t.Errorf("another member lost sessions: %d left", n)
	}
	// Argument errors.
	checkError(t, post(`{}`), 400, "no_session_revoke_arguments", "")
	checkError(t, post(`{"member_id":"`+DemoMemberID+`","member_session_id":"`+DemoMemberSessionMagicLink+`"}`), 400, "too_many_session_revoke_arguments", "")
	checkError(t, post(`{"member_id":"member-test-00000000-0000-4000-8000-000000000000"}`), 404, "member_not_found", "")
	checkError(t, post(`{"session_token":"abc"}`), 404, "session_not_found", "")
	checkError(t, post(`{"member_session_id":"nope"}`), 400, "invalid_session_id", "")
	checkError(t, post(`[`), 400, "invalid_request_value", "")
}

func TestGetMember(t *testing.T) {
	_, srv := startFake(t, Options{})
	get := func(org string, q url.Values) response {
		return call(t, nil, http.MethodGet, srv.URL+"/v1/b2b/organizations/"+url.PathEscape(org)+"/member?"+q.Encode(), true, nil)
	}
	for _, q := range []url.Values{
		{"email_address": {DemoMemberEmail}},
		{"email_address": {strings.ToUpper(DemoMemberEmail)}},
		{"member_id": {DemoMemberID}},
		{"member_id": {"emp-7731"}},
	} {
		r := get(DemoOrganizationID, q)
		if r.status != 200 {
			t.Fatalf("%v: %d %s", q, r.status, r.body)
		}
		if got := topLevelKeys(t, r.body); !slices.Equal(got, []string{"request_id", "member_id", "member", "organization", "status_code"}) {
			t.Errorf("keys %v", got)
		}
		var resp struct {
			MemberID string `json:"member_id"`
			Member   struct {
				MemberID string `json:"member_id"`
				Email    string `json:"email_address"`
				Status   string `json:"status"`
			} `json:"member"`
			Organization struct {
				ID   string `json:"organization_id"`
				Slug string `json:"organization_slug"`
			} `json:"organization"`
		}
		mustUnmarshal(t, r.body, &resp)
		if resp.MemberID != DemoMemberID || resp.Member.MemberID != DemoMemberID || resp.Member.Email != DemoMemberEmail ||
			resp.Organization.ID != DemoOrganizationID || resp.Organization.Slug != DemoOrganizationSlug {
			t.Errorf("%v: %+v", q, resp)
		}
	}
	checkError(t, get(DemoOrganizationID, url.Values{}), 400, "invalid_member_get_fields", "")
	checkError(t, get(DemoOrganizationID, url.Values{"member_id": {DemoMemberID}, "email_address": {DemoMemberEmail}}), 400, "invalid_member_get_fields", "")
	checkError(t, get(DemoOrganizationID, url.Values{"email_address": {"Priya <priya@x.example>"}}), 400, "invalid_email", "")
	checkError(t, get(DemoOrganizationID, url.Values{"email_address": {"nobody@northwind.example"}}), 404, "member_not_found", "Member could not be found.")
	checkError(t, get(SecondOrganizationID, url.Values{"email_address": {DemoMemberEmail}}), 404, "member_not_found", "")
	checkError(t, get("organization-test-00000000-0000-4000-8000-000000000000", url.Values{"email_address": {DemoMemberEmail}}), 404, "organization_not_found", "Organization could not be found.")
}

func TestSearchMembers(t *testing.T) {
	_, srv := startFake(t, Options{})
	const path = "/v1/b2b/organizations/members/search"
	northwind := 7 + NorthwindGeneratedMembers
	// Paging across pages, every member once.
	var seen []string
	cursor := ""
	for pages := 0; ; pages++ {
		body := fmt.Sprintf(`{"organization_ids":[%q],"limit":6}`, DemoOrganizationID)
		if cursor != "" {
			body = fmt.Sprintf(`{"organization_ids":[%q],"limit":6,"cursor":%q}`, DemoOrganizationID, cursor)
		}
		r, p := postSearch(t, srv.URL, path, body)
		if r.status != 200 {
			t.Fatalf("%d %s", r.status, r.body)
		}
		if got := topLevelKeys(t, r.body); !slices.Equal(got, []string{"request_id", "members", "results_metadata", "organizations", "status_code"}) {
			t.Errorf("keys %v", got)
		}
		var orgs struct {
			Organizations map[string]json.RawMessage `json:"organizations"`
		}
		mustUnmarshal(t, r.body, &orgs)
		if len(orgs.Organizations) != 1 || orgs.Organizations[DemoOrganizationID] == nil {
			t.Errorf("organizations = %v", orgs.Organizations)
		}
		if p.ResultsMetadata.Total != northwind {
			t.Errorf("total %d, want %d", p.ResultsMetadata.Total, northwind)
		}
		seen = append(seen, idsOf(t, p.Members)...)
		if p.ResultsMetadata.NextCursor == nil {
			if pages+1 != (northwind+5)/6 {
				t.Errorf("%d members at 6 a page took %d pages", northwind, pages+1)
			}
			break
		}
		cursor = *p.ResultsMetadata.NextCursor
	}
	uniq := slices.Clone(seen)
	slices.Sort(uniq)
	if len(seen) != northwind || len(slices.Compact(uniq)) != northwind {
		t.Errorf("saw %d members (%d distinct), want %d", len(seen), len(uniq), northwind)
	}

	// Filters.
	search := func(orgs, operands string) (response, searchPage) {
		return postSearch(t, srv.URL, path, `{"organization_ids":`+orgs+`,"query":{"operator":"AND","operands":`+operands+`}}`)
	}
	both := fmt.Sprintf(`[%q,%q]`, DemoOrganizationID, SecondOrganizationID)
	_, p := search(both, `[{"filter_name":"member_emails","filter_value":["`+SecondMemberEmail+`","`+DemoMemberEmail+`"]}]`)
	if got := idsOf(t, p.Members); !slices.Equal(got, []string{DemoMemberID, SecondMemberID}) {
		t.Errorf("member_emails: %v", got)
	}
	_, p = search(both, `[{"filter_name":"member_email_fuzzy","filter_value":"globex"}]`)
	if got := idsOf(t, p.Members); !slices.Equal(got, []string{SecondMemberID}) {
		t.Errorf("member_email_fuzzy: %v", got)
	}
	_, p = search(both, `[{"filter_name":"statuses","filter_value":["invited"]}]`)
	if got := idsOf(t, p.Members); !slices.Equal(got, []string{DemoInvitedMemberID}) {
		t.Errorf("statuses: %v", got)
	}
	_, p = search(both, `[{"filter_name":"member_is_breakglass","filter_value":true}]`)
	if len(p.Members) != 1 {
		t.Errorf("breakglass: %d", len(p.Members))
	}

	// Errors.
	tests := []struct {
		name, body, errType string
		status              int
	}{
		{"no organization_ids", `{}`, "member_search_organization_ids_empty", 400},
		{"empty organization_ids", `{"organization_ids":[]}`, "member_search_organization_ids_empty", 400},
		{"unknown organization", `{"organization_ids":["organization-test-00000000-0000-4000-8000-000000000000"]}`, "organization_not_found", 404},
		{"unknown filter", `{"organization_ids":["` + DemoOrganizationID + `"],"query":{"operator":"AND","operands":[{"filter_name":"shoe_size","filter_value":"9"}]}}`, "member_search_filter_name_not_recognized", 400},
		{"fuzzy too short", `{"organization_ids":["` + DemoOrganizationID + `"],"query":{"operator":"AND","operands":[{"filter_name":"member_email_fuzzy","filter_value":"pr"}]}}`, "member_search_member_email_fuzzy_too_short", 400},
		{"emails not array", `{"organization_ids":["` + DemoOrganizationID + `"],"query":{"operator":"AND","operands":[{"filter_name":"member_emails","filter_value":"a@b.example"}]}}`, "member_search_expected_array_of_strings", 400},
		{"breakglass not bool", `{"organization_ids":["` + DemoOrganizationID + `"],"query":{"operator":"AND","operands":[{"filter_name":"member_is_breakglass","filter_value":"yes"}]}}`, "member_search_expected_boolean", 400},
		{"cursor of users search", `{"organization_ids":["` + DemoOrganizationID + `"],"cursor":"` + encodeCursor(2, "0000000000000000") + `"}`, "invalid_request_value", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := postSearch(t, srv.URL, path, tt.body)
			checkError(t, r, tt.status, tt.errType, "")
		})
	}
}
