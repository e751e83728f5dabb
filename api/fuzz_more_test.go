package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// More fuzz tests: the user, search, B2B and JWKS decoders and
// ValidateEmail. `go test ./api` runs the seeds; to search for a while,
//
//	go test -run='^$' -fuzz='^FuzzGetUserResponse$' -fuzztime=30s -fuzzminimizetime=50x ./api
//
// -fuzzminimizetime bounds how long each newly interesting input is shrunk;
// with the default (60s) the engine spends a short run shrinking the first
// big search page and barely fuzzes.

// fakeAnswer returns the body the fake API (which follows REFERENCE.md)
// gives to one request, as a seed. One fake serves a fuzzer's seeds: a new
// one generates its signing keys again.
func fakeAnswer(f *testing.F, fake *apitest.Fake, method, path, body string) []byte {
	f.Helper()
	hc := &http.Client{Transport: fake.Transport()}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, "https://fake.invalid"+path, rd)
	if err != nil {
		f.Fatal(err)
	}
	req.SetBasicAuth(apitest.ProjectID, apitest.Secret)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		f.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// addSeeds adds each body as a 200 and a 404, and a few hostile bodies.
func addSeeds(f *testing.F, bodies ...[]byte) {
	for _, b := range bodies {
		f.Add(200, b)
		f.Add(404, b)
	}
	for _, b := range []string{
		``, `null`, `[]`, `{}`, `{"request_id":7}`, `{`, `"x"`, `<html>Bad gateway</html>`,
		`{"status_code":429,"request_id":"r","error_type":"too_many_requests","error_message":"\u001b[2Jslow"}`,
	} {
		f.Add(200, []byte(b))
	}
	f.Add(500, []byte(`{"status_code":500,"request_id":"r","error_type":"internal_server_error"}`))
}

// fuzzClient returns a client whose every request is answered with status
// and body; status is first folded into 100..999.
func fuzzClient(t *testing.T, status *int, body []byte, public bool) *Client {
	t.Helper()
	if *status < 100 || *status > 999 {
		*status = 200 + (*status%800+800)%800
	}
	cfg := Config{
		BaseURL: "https://fuzz.invalid", ProjectID: "project-test-x", Secret: "s",
		HTTPClient: &http.Client{Transport: bodyTransport{status: *status, ct: "application/json", body: body}},
		Retry:      NoRetry, Timeout: time.Second,
	}
	var c *Client
	var err error
	if public {
		c, err = NewPublic(cfg)
	} else {
		c, err = New(cfg)
	}
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkOutcome asserts the contract every decoder shares: an error is a
// typed, non-empty *Error or *ResponseError (the *Error keeping the HTTP
// status), and success only for a 2xx. It reports whether there is a value
// to check further.
func checkOutcome(t *testing.T, status int, isNil bool, err error) bool {
	t.Helper()
	if err != nil {
		if !isNil {
			t.Errorf("returned both a value and %v", err)
		}
		var ae *Error
		var re *ResponseError
		if !errors.As(err, &ae) && !errors.As(err, &re) {
			t.Errorf("untyped error %T: %v", err, err)
		}
		if ae != nil && ae.StatusCode != status {
			t.Errorf("*Error status %d, response was %d", ae.StatusCode, status)
		}
		if err.Error() == "" {
			t.Errorf("empty error message")
		}
		return false
	}
	if isNil {
		t.Fatalf("neither a value nor an error")
	}
	if status < 200 || status > 299 {
		t.Fatalf("HTTP %d accepted as success", status)
	}
	return true
}

// checkRoundTrip asserts that v kept sent, the item's bytes in the body
// (decoded on their own here), as its Raw, and marshals back to the same
// JSON value (json.Marshal compacts and HTML-escapes, so bytes may differ).
func checkRoundTrip(t *testing.T, what string, v any, raw, sent json.RawMessage) {
	t.Helper()
	if !bytes.Equal(raw, sent) {
		t.Errorf("%s Raw %q, sent %q", what, raw, sent)
		return
	}
	out, err := json.Marshal(v)
	if err != nil || !sameJSON(out, sent) {
		t.Errorf("%s does not marshal back to what was sent: %q vs %q, %v", what, out, sent, err)
	}
}

// sentItems decodes the body's items as raw messages into w, independently
// of the decoder under test (same field matching, so the same items).
func sentItems(t *testing.T, body []byte, w any) {
	t.Helper()
	if err := json.Unmarshal(body, w); err != nil {
		t.Fatalf("body decoded, but not as raw items: %v", err)
	}
}

// FuzzGetUserResponse feeds arbitrary statuses and bodies to GetUser: a
// value or a typed error, never a panic; the user is the whole flat body.
func FuzzGetUserResponse(f *testing.F) {
	fake := apitest.New(apitest.Options{})
	addSeeds(f,
		fakeAnswer(f, fake, "GET", "/v1/users/"+apitest.DemoUserID, ""),
		fakeAnswer(f, fake, "GET", "/v1/users/"+apitest.FactorZooUserID, ""),
		fakeAnswer(f, fake, "GET", "/v1/users/"+apitest.LosslessUserID, ""),
		fakeAnswer(f, fake, "GET", "/v1/users/"+apitest.HostileUserID, ""),
		fakeAnswer(f, fake, "GET", "/v1/users/user-test-00000000-0000-4000-8000-00000000dead", ""),
		[]byte(`{"user_id":"u","name":null,"emails":[null,{}],"created_at":"2024-13-45T99:00:00Z","password":{}}`),
		[]byte(`{"user_id":1}`),
		[]byte(`{"emails":{"email":"a"}}`),
	)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		c := fuzzClient(t, &status, body, false)
		resp, err := c.GetUser(context.Background(), apitest.DemoUserID)
		if !checkOutcome(t, status, resp == nil, err) {
			return
		}
		if !bytes.Equal(resp.Raw, body) {
			t.Errorf("Raw is not the body as sent")
		}
		// The response is flat: the user is the whole body, less the JSON
		// white space around it, which json.Unmarshal does not pass on.
		checkRoundTrip(t, "user", resp.User, resp.User.Raw, bytes.Trim(body, " \t\r\n"))
	})
}

// FuzzUserUnmarshalJSON decodes arbitrary bytes as one user: an error or a
// value, never a panic; a value keeps its bytes exactly and marshals back
// to them.
func FuzzUserUnmarshalJSON(f *testing.F) {
	fake := apitest.New(apitest.Options{})
	for _, id := range []string{apitest.DemoUserID, apitest.FactorZooUserID, apitest.LosslessUserID, apitest.HostileUserID} {
		f.Add(fakeAnswer(f, fake, "GET", "/v1/users/"+id, ""))
	}
	for _, b := range []string{``, `null`, `{}`, `[]`, `{"name":{"first_name":7}}`, `{"created_at":"not a time"}`, `{"roles":[null]}`} {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var u User
		if err := json.Unmarshal(b, &u); err != nil {
			if json.Valid(b) && u.Raw != nil {
				t.Errorf("failed decode left Raw set: %q", u.Raw)
			}
			return
		}
		if !json.Valid(b) {
			t.Fatalf("invalid JSON %q decoded without error", b)
		}
		if !bytes.Equal(u.Raw, bytes.TrimSpace(b)) && !bytes.Equal(u.Raw, b) {
			t.Errorf("Raw %q is not the input %q", u.Raw, b)
		}
		checkRoundTrip(t, "user", u, u.Raw, u.Raw)
		for _, tm := range []time.Time{u.CreatedAt, u.LockCreatedAt, u.LockExpiresAt} {
			if !tm.IsZero() && tm.Location() != time.UTC {
				t.Errorf("time %v is not in UTC", tm)
			}
		}
	})
}

// FuzzSearchUsersResponse feeds arbitrary bodies to one page of user
// search: a value or a typed error; every result round-trips, Total is -1
// or what was sent.
func FuzzSearchUsersResponse(f *testing.F) {
	fake := apitest.New(apitest.Options{})
	addSeeds(f,
		fakeAnswer(f, fake, "POST", "/v1/users/search", `{"limit":2}`),
		fakeAnswer(f, fake, "POST", "/v1/users/search", `{"cursor":"nonsense"}`),
		[]byte(`{"results":null,"results_metadata":{"total":null,"next_cursor":null}}`),
		[]byte(`{"results":[{"user_id":"u"},null],"results_metadata":{"total":-5,"next_cursor":"c"}}`),
		[]byte(`{"results":[],"results_metadata":{"total":1e3}}`),
		[]byte(`{"results":[],"results_metadata":[]}`),
	)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		c := fuzzClient(t, &status, body, false)
		page, err := c.SearchUsers(context.Background(), UserSearch{Limit: 10})
		if !checkOutcome(t, status, page == nil, err) {
			return
		}
		if !bytes.Equal(page.Raw, body) {
			t.Errorf("Raw is not the body as sent")
		}
		var sent struct {
			Results []json.RawMessage `json:"results"`
		}
		sentItems(t, body, &sent)
		if len(sent.Results) != len(page.Results) {
			t.Fatalf("%d results sent, %d decoded", len(sent.Results), len(page.Results))
		}
		for i, u := range page.Results {
			checkRoundTrip(t, "result "+strconv.Itoa(i), u, u.Raw, sent.Results[i])
		}
		var w struct {
			ResultsMetadata struct {
				Total      *int    `json:"total"`
				NextCursor *string `json:"next_cursor"`
			} `json:"results_metadata"`
		}
		if err := json.Unmarshal(body, &w); err != nil {
			t.Fatalf("page decoded but metadata does not: %v", err)
		}
		if w.ResultsMetadata.Total == nil && page.Total != -1 {
			t.Errorf("no total sent, Total is %d, want -1", page.Total)
		}
		if w.ResultsMetadata.Total != nil && page.Total != *w.ResultsMetadata.Total {
			t.Errorf("Total %d, sent %d", page.Total, *w.ResultsMetadata.Total)
		}
	})
}

// FuzzGetMemberSessionsResponse feeds arbitrary bodies to the B2B session
// list: a value or a typed error; every member session round-trips.
func FuzzGetMemberSessionsResponse(f *testing.F) {
	fake := apitest.New(apitest.Options{})
	addSeeds(f,
		fakeAnswer(f, fake, "GET", "/v1/b2b/sessions?organization_id="+apitest.DemoOrganizationID+"&member_id="+apitest.DemoMemberID, ""),
		fakeAnswer(f, fake, "GET", "/v1/b2b/sessions?organization_id="+apitest.DemoOrganizationID+"&member_id="+apitest.DemoAdminMemberID, ""),
		fakeAnswer(f, fake, "GET", "/v1/b2b/sessions?organization_id="+apitest.SecondOrganizationID+"&member_id="+apitest.SecondMemberID, ""),
		fakeAnswer(f, fake, "GET", "/v1/b2b/sessions?organization_id=nope&member_id=nope", ""),
		[]byte(`{"member_sessions":[null,{},{"authentication_factors":{}}]}`),
		[]byte(`{"member_sessions":[{"started_at":"2024-13-45T99:00:00Z","custom_claims":null,"roles":[1]}]}`),
	)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		c := fuzzClient(t, &status, body, false)
		resp, err := c.GetMemberSessions(context.Background(), apitest.DemoOrganizationID, apitest.DemoMemberID)
		if !checkOutcome(t, status, resp == nil, err) {
			return
		}
		if !bytes.Equal(resp.Raw, body) {
			t.Errorf("Raw is not the body as sent")
		}
		var sent struct {
			MemberSessions []json.RawMessage `json:"member_sessions"`
		}
		sentItems(t, body, &sent)
		if len(sent.MemberSessions) != len(resp.MemberSessions) {
			t.Fatalf("%d member sessions sent, %d decoded", len(sent.MemberSessions), len(resp.MemberSessions))
		}
		for i, s := range resp.MemberSessions {
			checkRoundTrip(t, "member session "+strconv.Itoa(i), s, s.Raw, sent.MemberSessions[i])
		}
	})
}

// FuzzSearchMembersResponse feeds arbitrary bodies to one page of member
// search: a value or a typed error; members and organizations round-trip.
func FuzzSearchMembersResponse(f *testing.F) {
	fake := apitest.New(apitest.Options{})
	addSeeds(f,
		fakeAnswer(f, fake, "POST", "/v1/b2b/organizations/members/search", `{"organization_ids":["`+apitest.DemoOrganizationID+`"],"limit":2}`),
		fakeAnswer(f, fake, "POST", "/v1/b2b/organizations/members/search",
			`{"organization_ids":["`+apitest.DemoOrganizationID+`","`+apitest.SecondOrganizationID+`"],"limit":1}`),
		fakeAnswer(f, fake, "POST", "/v1/b2b/organizations/members/search", `{"organization_ids":[]}`),
		[]byte(`{"members":[null,{}],"organizations":{"o":null,"p":{}},"results_metadata":{"total":2,"next_cursor":null}}`),
		[]byte(`{"members":[{"member_id":[]}],"organizations":[]}`),
	)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		c := fuzzClient(t, &status, body, false)
		page, err := c.SearchMembers(context.Background(), MemberSearch{OrganizationIDs: []string{apitest.DemoOrganizationID}})
		if !checkOutcome(t, status, page == nil, err) {
			return
		}
		if !bytes.Equal(page.Raw, body) {
			t.Errorf("Raw is not the body as sent")
		}
		var sent struct {
			Members       []json.RawMessage          `json:"members"`
			Organizations map[string]json.RawMessage `json:"organizations"`
		}
		sentItems(t, body, &sent)
		if len(sent.Members) != len(page.Members) || len(sent.Organizations) != len(page.Organizations) {
			t.Fatalf("%d members and %d organizations sent, %d and %d decoded",
				len(sent.Members), len(sent.Organizations), len(page.Members), len(page.Organizations))
		}
		for i, m := range page.Members {
			checkRoundTrip(t, "member "+strconv.Itoa(i), m, m.Raw, sent.Members[i])
		}
		for id, o := range page.Organizations {
			checkRoundTrip(t, "organization "+id, o, o.Raw, sent.Organizations[id])
		}
	})
}

// FuzzGetJWKSResponse feeds arbitrary bodies to the key set fetch: a value
// or a typed error; a value has a "keys" array whose every key is an object
// kept byte for byte, and Key finds each key ID it lists.
func FuzzGetJWKSResponse(f *testing.F) {
	fake := apitest.New(apitest.Options{})
	addSeeds(f,
		fakeAnswer(f, fake, "GET", "/v1/sessions/jwks/"+apitest.ProjectID, ""),
		fakeAnswer(f, fake, "GET", "/v1/b2b/sessions/jwks/"+apitest.ProjectID, ""),
		[]byte(`{"keys":[]}`),
		[]byte(`{"keys":null}`),
		[]byte(`{"keys":[null,1,"k",{"kid":7}]}`),
		[]byte(`{"keys":[{"kid":"a"},{"kid":"a","kty":"RSA"}]}`),
	)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		c := fuzzClient(t, &status, body, true)
		resp, err := c.GetJWKS(context.Background(), apitest.ProjectID, false)
		if !checkOutcome(t, status, resp == nil, err) {
			return
		}
		if !bytes.Equal(resp.Raw, body) {
			t.Errorf("Raw is not the body as sent")
		}
		var w struct {
			Keys []json.RawMessage `json:"keys"`
		}
		if err := json.Unmarshal(body, &w); err != nil || w.Keys == nil {
			t.Fatalf("key set without a keys array accepted: %q", body)
		}
		if len(w.Keys) != len(resp.Keys) {
			t.Fatalf("%d keys sent, %d decoded", len(w.Keys), len(resp.Keys))
		}
		for i, k := range resp.Keys {
			if !bytes.Equal(k.Raw, w.Keys[i]) {
				t.Errorf("key %d Raw %q, sent %q", i, k.Raw, w.Keys[i])
			}
			if got, ok := resp.Key(k.KeyID); !ok || got.KeyID != k.KeyID {
				t.Errorf("Key(%q) = %v, %v", k.KeyID, got, ok)
			}
		}
	})
}

// FuzzValidateEmail checks the properties of every accepted address: one @,
// no space or control character, no angle brackets, at most 254 bytes, a
// non-empty local part and a dotted domain without empty labels.
func FuzzValidateEmail(f *testing.F) {
	for _, s := range []string{
		"alice@example.com", "a.b+tag@sub.example.co.uk", "", " alice@example.com", "alice@example",
		"Alice <alice@example.com>", "alice@@example.com", "a@b@example.com", `"a b"@example.com`,
		`"a@b"@example.com`, "alice@-example.com", "alice@example..com", "alice@[127.0.0.1]",
		"(comment)alice@example.com", "alice@example.com (Alice)", "ålice@exämple.com", "a\t@example.com",
		strings.Repeat("a", 250) + "@b.co", `"\"a"@example.com`, "a@b.c\u00a0", "0@0.\u0093", "a@b.c\u202egpj", "a\u200d@b.co", "a@b.c\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidateEmail(s)
		if err != nil {
			if err.Error() == "" {
				t.Errorf("empty error for %q", s)
			}
			return
		}
		if n := strings.Count(s, "@"); n != 1 {
			t.Errorf("accepted %q with %d @", s, n)
		}
		if strings.ContainsAny(s, "<>") {
			t.Errorf("accepted %q with angle brackets", s)
		}
		if !utf8.ValidString(s) {
			t.Errorf("accepted invalid UTF-8 %q", s)
		}
		if strings.IndexFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
		}) >= 0 {
			t.Errorf("accepted %q with a space, control or format character", s)
		}
		if len(s) > MaxEmailLen {
			t.Errorf("accepted %d bytes", len(s))
		}
		local, domain, _ := strings.Cut(s, "@")
		if local == "" {
			t.Errorf("accepted %q with an empty local part", s)
		}
		if !strings.Contains(domain, ".") {
			t.Errorf("accepted %q without a dot in the domain", s)
		}
		for _, l := range strings.Split(domain, ".") {
			if l == "" {
				t.Errorf("accepted %q with an empty domain label", s)
			}
		}
	})
}
