package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

func TestGetUserRequestAndDecode(t *testing.T) {
	c, fake := newClient(t, nil)
	resp, err := c.GetUser(context.Background(), apitest.FactorZooExternalID)
	if err != nil {
		t.Fatal(err)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 || reqs[0].Method != "GET" {
		t.Fatalf("requests = %+v", reqs)
	}
	// The external ID's "|" is escaped on the wire and decoded by the fake.
	if got := reqs[0].Header.Get("Content-Type"); got != "" {
		t.Errorf("GET sent a Content-Type %q with no body", got)
	}
	if reqs[0].Path != "/v1/users/"+apitest.FactorZooExternalID || len(reqs[0].Body) != 0 {
		t.Errorf("path %q body %q", reqs[0].Path, reqs[0].Body)
	}
	u := resp.User
	if u.UserID != apitest.FactorZooUserID || u.ExternalID != apitest.FactorZooExternalID || u.Name.Full() != "Priya Raman" {
		t.Errorf("user = %+v", u)
	}
	if len(u.Providers) != 24 || u.Providers[0].ProviderType != "Google" || len(u.TOTPs) != 1 || len(u.CryptoWallets) != 1 ||
		len(u.BiometricRegistrations) != 1 || len(u.WebAuthnRegistrations) != 1 || u.Password == nil {
		t.Errorf("factors decoded wrongly: %d providers, %+v", len(u.Providers), u)
	}
	if !strings.HasPrefix(resp.RequestID, "request-id-test-") || u.CreatedAt.IsZero() {
		t.Errorf("request_id %q created %v", resp.RequestID, u.CreatedAt)
	}
	// Raw is the whole flat response, and the user marshals back to it.
	if string(resp.Raw) != string(u.Raw) {
		t.Error("User.Raw is not the flat response")
	}
	out, _ := json.Marshal(u)
	if string(out) != string(resp.Raw) {
		t.Error("user does not marshal back to its raw bytes")
	}
}

func TestGetUserPathEscaping(t *testing.T) {
	c, fake := newClient(t, nil)
	// A "/" or "?" inside an ID must not change the path or start a query.
	for _, id := range []string{"a/b", "a?b=c", "a b", "a%2Fb"} {
		fake.ResetRequests()
		_, err := c.GetUser(context.Background(), id)
		reqs := fake.Requests()
		if len(reqs) != 1 || reqs[0].Path != "/v1/users/"+id || reqs[0].RawQuery != "" {
			t.Errorf("id %q: requests %+v", id, reqs)
		}
		if ae, ok := api.AsError(err); !ok || ae.ErrorType != "invalid_user_id" {
			t.Errorf("id %q: err = %v", id, err)
		}
	}
}

// TestDotSegmentsAreNeverSent: a "." or ".." path segment would be
// resolved to another path on the way (GET /v1/users/.. is GET /v1/), so
// the client refuses to build one whatever its caller passed, and sends
// nothing.
func TestDotSegmentsAreNeverSent(t *testing.T) {
	c, fake := newClient(t, nil)
	ctx := context.Background()
	for _, id := range []string{".", "..", "...", ""} {
		calls := map[string]error{}
		_, calls["GetUser"] = c.GetUser(ctx, id)
		_, calls["GetMember"] = c.GetMember(ctx, id, api.MemberLookup{MemberID: apitest.DemoMemberID})
		_, calls["GetJWKS"] = c.GetJWKS(ctx, id, false)
		for name, err := range calls {
			if !errors.Is(err, api.ErrInvalidID) {
				t.Errorf("%s(%q) = %v, want ErrInvalidID", name, id, err)
			}
		}
	}
	if reqs := fake.Requests(); len(reqs) != 0 {
		t.Errorf("sent %d requests, first %s %s", len(reqs), reqs[0].Method, reqs[0].Path)
	}
}

func TestGetUserNullsAndLocks(t *testing.T) {
	c, _ := newClient(t, nil)
	resp, err := c.GetUser(context.Background(), apitest.PasskeyUserID)
	if err != nil {
		t.Fatal(err)
	}
	if resp.User.Password != nil || resp.User.IsLocked || !resp.User.LockExpiresAt.IsZero() {
		t.Errorf("Kenji: password %v locked %v", resp.User.Password, resp.User.IsLocked)
	}
	if !strings.Contains(string(resp.Raw), `"password":null`) {
		t.Error("raw lost password: null")
	}
	resp, err = c.GetUser(context.Background(), apitest.LockedUserID)
	if err != nil {
		t.Fatal(err)
	}
	if !resp.User.IsLocked || !resp.User.LockExpiresAt.After(now) || resp.User.Password == nil || !resp.User.Password.RequiresReset {
		t.Errorf("Mallory: %+v", resp.User)
	}
}

func TestGetUserNotFound(t *testing.T) {
	c, _ := newClient(t, nil)
	_, err := c.GetUser(context.Background(), "user-test-11111111-2222-4333-8444-555555555555")
	ae, ok := api.AsError(err)
	if !ok || !ae.IsNotFound() || ae.ErrorType != "user_not_found" || !strings.HasPrefix(ae.RequestID, "request-id-test-") {
		t.Fatalf("err = %#v", err)
	}
	if ae.Attempts != 1 {
		t.Errorf("a 404 was retried: %d attempts", ae.Attempts)
	}
}

func TestSearchUsersRequestBody(t *testing.T) {
	c, fake := newClient(t, nil)
	after := time.Date(2025, 1, 1, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	before := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	_, err := c.SearchUsers(context.Background(), api.UserSearch{
		Limit: 200,
		Query: api.And(api.FilterEmails("maya.okafor@example.com"), api.FilterStatus("active"), api.FilterCreatedBetween(after, before)),
	})
	if err != nil {
		t.Fatal(err)
	}
	req := fake.Requests()[0]
	if req.Method != "POST" || req.Path != "/v1/users/search" || req.Header.Get("Content-Type") != "application/json" {
		t.Errorf("request %s %s %q", req.Method, req.Path, req.Header.Get("Content-Type"))
	}
	// The same JSON as examples/users_search_request.json (times in UTC).
	want := `{"limit":200,"query":{"operator":"AND","operands":[{"filter_name":"email_address","filter_value":["maya.okafor@example.com"]},{"filter_name":"status","filter_value":"active"},{"filter_name":"created_at_between","filter_value":{"greater_than":"2024-12-31T23:00:00Z","less_than":"2026-06-30T00:00:00Z"}}]}}`
	if string(req.Body) != want {
		t.Errorf("body\n got %s\nwant %s", req.Body, want)
	}

	fake.ResetRequests()
	if _, err := c.SearchUsers(context.Background(), api.UserSearch{}); err != nil {
		t.Fatal(err)
	}
	if got := string(fake.Requests()[0].Body); got != `{}` {
		t.Errorf("empty search sent %s, want {}", got)
	}
	fake.ResetRequests()
	_, _ = c.SearchUsers(context.Background(), api.UserSearch{Query: api.And(api.FilterEmails(), api.FilterUserIDs("a", "b"), api.FilterPhones("+14155550142"), api.FilterEmailContains("ali"),
		api.FilterCreatedAfter(before), api.FilterCreatedBefore(before))})
	want = `{"query":{"operator":"AND","operands":[{"filter_name":"email_address","filter_value":[]},{"filter_name":"user_id","filter_value":["a","b"]},{"filter_name":"phone_number","filter_value":["+14155550142"]},{"filter_name":"email_address_fuzzy","filter_value":"ali"},{"filter_name":"created_at_greater_than","filter_value":"2026-06-30T00:00:00Z"},{"filter_name":"created_at_less_than","filter_value":"2026-06-30T00:00:00Z"}]}}`
	if got := string(fake.Requests()[0].Body); got != want {
		t.Errorf("filters\n got %s\nwant %s", got, want)
	}
}

func TestEachUserPageWalksThreePagesOnce(t *testing.T) {
	c, fake := newClient(t, nil)
	var ids []string
	var pages []*api.UserSearchPage
	err := c.EachUserPage(context.Background(), api.UserSearch{Limit: 25}, func(p *api.UserSearchPage) error {
		pages = append(pages, p)
		for _, u := range p.Results {
			ids = append(ids, u.UserID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	total := pages[0].Total
	if len(pages) != 3 || total < 51 || total > 75 {
		t.Fatalf("%d pages, total %d; want 3 pages of 25", len(pages), total)
	}
	if pages[2].NextCursor != "" || pages[0].NextCursor == "" {
		t.Errorf("cursors: %q, %q", pages[0].NextCursor, pages[2].NextCursor)
	}
	uniq := slices.Clone(ids)
	slices.Sort(uniq)
	if len(ids) != total || len(slices.Compact(uniq)) != total {
		t.Errorf("got %d ids (%d distinct), want %d once each", len(ids), len(uniq), total)
	}
	// Each request carried the previous page's cursor, opaque, as given.
	reqs := fake.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests", len(reqs))
	}
	for i, r := range reqs {
		var body struct {
			Limit  int    `json:"limit"`
			Cursor string `json:"cursor"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatal(err)
		}
		wantCursor := ""
		if i > 0 {
			wantCursor = pages[i-1].NextCursor
		}
		if body.Limit != 25 || body.Cursor != wantCursor {
			t.Errorf("request %d: %s", i, r.Body)
		}
	}
	// Results keep their raw bytes.
	if !strings.HasPrefix(string(pages[0].Results[0].Raw), `{"user_id":"`+apitest.DemoUserID) {
		t.Errorf("raw = %.60s", pages[0].Results[0].Raw)
	}
}

func TestEachUserPageStopsEarlyAndOnErrors(t *testing.T) {
	c, fake := newClient(t, nil)
	n := 0
	err := c.EachUserPage(context.Background(), api.UserSearch{Limit: 10}, func(p *api.UserSearchPage) error {
		n++
		if n == 2 {
			return api.ErrStopPaging
		}
		return nil
	})
	if err != nil || n != 2 || len(fake.Requests()) != 2 {
		t.Errorf("ErrStopPaging: err %v, %d pages, %d requests", err, n, len(fake.Requests()))
	}
	boom := errors.New("disk full")
	err = c.EachUserPage(context.Background(), api.UserSearch{Limit: 10}, func(*api.UserSearchPage) error { return boom })
	if !errors.Is(err, boom) {
		t.Errorf("callback error lost: %v", err)
	}
	err = c.EachUserPage(context.Background(), api.UserSearch{Cursor: "garbage"}, func(*api.UserSearchPage) error { return nil })
	if ae, ok := api.AsError(err); !ok || ae.ErrorType != "user_search_invalid_cursor" || ae.StatusCode != 400 {
		t.Errorf("bad cursor: %v", err)
	}
	err = c.EachUserPage(context.Background(), api.UserSearch{Query: api.And(api.SearchFilter{FilterName: "shoe_size", FilterValue: "9"})}, func(*api.UserSearchPage) error { return nil })
	if ae, ok := api.AsError(err); !ok || ae.ErrorType != "user_search_filter_name_not_recognized" {
		t.Errorf("unknown filter: %v", err)
	}
}

func TestEachUserPageRefusesARepeatedCursor(t *testing.T) {
	c, fake := newClient(t, nil)
	page := `{"request_id":"request-id-test-x","results":[],"results_metadata":{"total":5,"next_cursor":"same"},"status_code":200}`
	fake.AddFault(apitest.Fault{Path: "/v1/users/search", Body: page})
	calls := 0
	err := c.EachUserPage(context.Background(), api.UserSearch{}, func(*api.UserSearchPage) error { calls++; return nil })
	var pe *api.PagingError
	if !errors.As(err, &pe) || calls != 2 {
		t.Errorf("err %v after %d pages; want a PagingError after 2", err, calls)
	}
}

func TestUserSearchPageMissingCursorAndTotal(t *testing.T) {
	c, fake := newClient(t, nil)
	fake.AddFault(apitest.Fault{Path: "/v1/users/search", Body: `{"request_id":"r","results":[{"user_id":"` + apitest.DemoUserID + `","mystery":1}],"results_metadata":{},"status_code":200}`})
	p, err := c.SearchUsers(context.Background(), api.UserSearch{})
	if err != nil {
		t.Fatal(err)
	}
	if p.NextCursor != "" || p.Total != -1 || p.Results[0].UserID != apitest.DemoUserID || string(p.Results[0].Raw) != `{"user_id":"`+apitest.DemoUserID+`","mystery":1}` {
		t.Errorf("page = %+v", p)
	}
}

// recordingLimiter counts Wait calls per class.
type recordingLimiter struct {
	mu    sync.Mutex
	calls map[api.EndpointClass]int
}

func (r *recordingLimiter) Wait(ctx context.Context, class api.EndpointClass) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.calls == nil {
		r.calls = map[api.EndpointClass]int{}
	}
	r.calls[class]++
	return ctx.Err()
}

func TestRateLimiterIsConsultedBeforeEveryAttempt(t *testing.T) {
	rl := &recordingLimiter{}
	c, fake := newClient(t, func(cfg *api.Config) { cfg.RateLimiter = rl })
	fake.AddFault(apitest.Fault{Path: "/v1/users/search", Status: 429, Times: 2})
	if _, err := c.SearchUsers(context.Background(), api.UserSearch{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetUser(context.Background(), apitest.DemoUserID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SearchMembers(context.Background(), api.MemberSearch{OrganizationIDs: []string{apitest.DemoOrganizationID}}); err != nil {
		t.Fatal(err)
	}
	if got := rl.calls[api.ClassUserSearch]; got != 3 {
		t.Errorf("user search: %d waits for 3 attempts", got)
	}
	if got := rl.calls[api.ClassB2BSearch]; got != 1 {
		t.Errorf("member search: %d waits", got)
	}
	if got := rl.calls[""]; got != 1 {
		t.Errorf("get user: %d waits in the default class", got)
	}
}

func TestRateLimiterPacesSearchPaging(t *testing.T) {
	lim, err := api.NewClassLimiter(map[api.EndpointClass]api.Limit{api.ClassUserSearch: {PerMinute: 1201, Burst: 1}}) // 20/s
	if err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, func(cfg *api.Config) { cfg.RateLimiter = lim })
	start := time.Now()
	pages := 0
	if err := c.EachUserPage(context.Background(), api.UserSearch{Limit: 25}, func(*api.UserSearchPage) error { pages++; return nil }); err != nil {
		t.Fatal(err)
	}
	// 3 pages: the first free, then two at 50ms each.
	if d := time.Since(start); pages != 3 || d < 90*time.Millisecond {
		t.Errorf("%d pages in %v: not paced", pages, d)
	}
}
