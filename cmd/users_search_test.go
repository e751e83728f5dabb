package cmd

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// allUsers asks a fresh fake, seeded like the harness's, for every user in
// one page, with plain HTTP: the expected answer, independent of the code
// under test. Each user is compacted.
func allUsers(t *testing.T) []string {
	t.Helper()
	_, srv := apitest.Start(apitest.Options{Now: func() time.Time { return testNow }})
	defer srv.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/v1/users/search", strings.NewReader(`{"limit":1000}`))
	req.SetBasicAuth(apitest.ProjectID, apitest.Secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page struct {
		Results []json.RawMessage `json:"results"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	if len(page.Results) < 60 {
		t.Fatalf("the fake has only %d users", len(page.Results))
	}
	return compactAll(t, page.Results)
}

// decodeList reads a document with the top-level keys want and returns its
// key array, compacted, and the whole document.
func decodeList(t *testing.T, stdout, key string, wantKeys ...string) ([]string, map[string]json.RawMessage) {
	t.Helper()
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("stdout is not a JSON object: %v\n%s", err, stdout)
	}
	var keys []string
	for k := range doc {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	slices.Sort(wantKeys)
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("document keys = %v, want %v", keys, wantKeys)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(doc[key], &items); err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	return compactAll(t, items), doc
}

// checkCursorChain checks that the first search request had no cursor,
// each later one the next_cursor of the answer before it, and that the
// last answer ended the walk (next_cursor null).
func checkCursorChain(t *testing.T, ex []pageExchange, wantLimit int) {
	t.Helper()
	for i, e := range ex {
		req := decodeSearchRequest(t, e.request)
		if req.Limit != wantLimit {
			t.Errorf("page %d: limit %d, want %d", i+1, req.Limit, wantLimit)
		}
		switch {
		case i == 0 && req.Cursor != nil:
			t.Errorf("first page sent a cursor %q", *req.Cursor)
		case i > 0:
			prev := nextCursor(t, ex[i-1].response)
			if req.Cursor == nil || *req.Cursor != prev || prev == "" {
				t.Errorf("page %d: cursor %v, want the previous answer's next_cursor %q", i+1, req.Cursor, prev)
			}
		}
	}
}

func TestUsersSearchAllThreePagesExactlyOnce(t *testing.T) {
	want := allUsers(t)
	h, rec := newPagingHarness(t)
	pageSize := (len(want) + 2) / 3 // three pages, the last one shorter or equal
	r := h.run("users", "search", "--all", "--page-size", itoa(pageSize), "-o", "json")
	r.expect(t, 0)
	if r.stderr != "" {
		t.Errorf("stderr: %q", r.stderr)
	}
	got, doc := decodeList(t, r.stdout, "results", "results", "results_metadata")
	if !slices.Equal(got, want) {
		t.Errorf("merged results: %d users, want the %d stored ones, in order, each once", len(got), len(want))
	}
	seen := map[string]bool{}
	for _, u := range got {
		var id struct {
			UserID string `json:"user_id"`
		}
		_ = json.Unmarshal([]byte(u), &id)
		if seen[id.UserID] {
			t.Errorf("user %s printed twice", id.UserID)
		}
		seen[id.UserID] = true
	}
	if m := compact(t, doc["results_metadata"]); m != `{"total":`+itoa(len(want))+`}` {
		t.Errorf("results_metadata = %s", m)
	}
	ex := rec.snapshot()
	if len(ex) != 3 {
		t.Fatalf("%d search requests, want 3", len(ex))
	}
	checkCursorChain(t, ex, pageSize)
	if c := nextCursor(t, ex[2].response); c != "" {
		t.Errorf("last page has next_cursor %q", c)
	}
	for i, e := range ex {
		if q := decodeSearchRequest(t, e.request).Query; q != nil {
			t.Errorf("page %d sent a query without filters: %s", i+1, e.request)
		}
	}
}

func TestUsersSearchLimitSpansPages(t *testing.T) {
	want := allUsers(t)
	h, rec := newPagingHarness(t)
	r := h.run("users", "search", "--limit", "40", "--page-size", "25", "-o", "json")
	r.expect(t, 0)
	got, _ := decodeList(t, r.stdout, "results", "results", "results_metadata")
	if !slices.Equal(got, want[:40]) {
		t.Errorf("--limit 40 printed %d users, want the first 40", len(got))
	}
	ex := rec.snapshot()
	if len(ex) != 2 {
		t.Fatalf("%d search requests for 40 users in pages of 25, want 2", len(ex))
	}
	checkCursorChain(t, ex, 25)

	// NDJSON: the same users, one per line.
	r = h.run("users", "search", "--limit", "40", "--page-size", "25", "-o", "ndjson")
	r.expect(t, 0)
	if got := ndjsonLines(t, r.stdout); !slices.Equal(got, want[:40]) {
		t.Errorf("ndjson printed %d users, want the first 40", len(got))
	}
}

func TestUsersSearchOnePageIsTheAPIResponse(t *testing.T) {
	h, rec := newPagingHarness(t)
	r := h.run("users", "search", "--limit", "5", "-o", "json")
	r.expect(t, 0)
	ex := rec.snapshot()
	if len(ex) != 1 {
		t.Fatalf("%d requests, want 1", len(ex))
	}
	if got, want := compact(t, []byte(r.stdout)), compact(t, ex[0].response); got != want {
		t.Errorf("-o json of one page is not the API's response:\n got %s\nwant %s", got, want)
	}
	if req := decodeSearchRequest(t, ex[0].request); req.Limit != 5 || req.Cursor != nil {
		t.Errorf("request = %s, want limit 5 and no cursor", ex[0].request)
	}
	// The default limit is 100: one request of 100.
	h.run("users", "search", "-o", "ndjson").expect(t, 0)
	if req := decodeSearchRequest(t, rec.snapshot()[1].request); req.Limit != 100 {
		t.Errorf("default limit sent = %d, want 100", req.Limit)
	}
}

func TestUsersSearchFiltersBody(t *testing.T) {
	h := newHarness(t)
	r := h.run("users", "search",
		"--email", apitest.DemoEmail, "--email", "someone@example.org",
		"--email-contains", "alice.nak",
		"--phone", apitest.DemoPhone,
		"--status", "active",
		"--created-after", "365d", "--created-before", "2026-06-01T00:00:00Z",
		"--user-id", apitest.DemoUserID+","+apitest.FactorZooUserID,
		"-o", "ndjson")
	r.expect(t, 0)
	lines := ndjsonLines(t, r.stdout)
	if len(lines) != 1 || !strings.Contains(lines[0], `"user_id":"`+apitest.DemoUserID+`"`) {
		t.Errorf("want exactly Alice, got %d users:\n%s", len(lines), r.stdout)
	}
	reqs := h.fake.Requests()
	if len(reqs) != 1 || reqs[0].Method != "POST" || reqs[0].Path != "/v1/users/search" {
		t.Fatalf("requests = %+v", reqs)
	}
	after := testNow.Add(-365 * 24 * time.Hour).UTC().Format(time.RFC3339)
	want := `{"limit":100,"query":{"operator":"AND","operands":[` +
		`{"filter_name":"email_address","filter_value":["alice.nakamura@example.com","someone@example.org"]},` +
		`{"filter_name":"email_address_fuzzy","filter_value":"alice.nak"},` +
		`{"filter_name":"phone_number","filter_value":["+14155550142"]},` +
		`{"filter_name":"status","filter_value":"active"},` +
		`{"filter_name":"created_at_between","filter_value":{"greater_than":"` + after + `","less_than":"2026-06-01T00:00:00Z"}},` +
		`{"filter_name":"user_id","filter_value":["` + apitest.DemoUserID + `","` + apitest.FactorZooUserID + `"]}]}}`
	if got := compact(t, reqs[0].Body); got != want {
		t.Errorf("body:\n got %s\nwant %s", got, want)
	}

	// One bound alone is its own operand.
	h.fake.ResetRequests()
	h.run("users", "search", "--created-before", "2026-06-01", "--tz", "UTC", "-o", "ndjson").expect(t, 0)
	if got := compact(t, h.fake.Requests()[0].Body); got != `{"limit":100,"query":{"operator":"AND","operands":[{"filter_name":"created_at_less_than","filter_value":"2026-06-01T00:00:00Z"}]}}` {
		t.Errorf("created-before body = %s", got)
	}
}

// TestUsersSearchEmailContainsIsAPrefixMatch: --email-contains is Stytch's
// email_address_fuzzy, which matches the start of an address or of its
// domain (REFERENCE.md §4.2). The help says so, and the fake answers as
// Stytch would: no user for the middle of an address.
func TestUsersSearchEmailContainsIsAPrefixMatch(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		frag, want string
	}{
		{"alice.nak", apitest.DemoUserID},
		{"nakamura-studio", apitest.DemoUserID}, // alice@nakamura-studio.example
		{"lice.nakamura", ""},
		{"ample.com", ""},
	} {
		r := h.run("users", "search", "--email-contains", tc.frag, "--jq", ".results[].user_id")
		r.expect(t, 0)
		if got := strings.TrimSpace(r.stdout); got != tc.want {
			t.Errorf("--email-contains %s found %q, want %q", tc.frag, got, tc.want)
		}
	}
	r := h.run("users", "search", "--help")
	r.expect(t, 0)
	for _, want := range []string{"whose email address, or its domain, starts with TEXT", "--email-contains matches the start of"} {
		if !strings.Contains(flatHelp(r.stdout), want) {
			t.Errorf("help lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestUsersSearchBadInputSendsNothing(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--email", "alice@@example.com"}, "invalid --email"},
		{[]string{"--email", "Alice <alice@example.com>"}, "not a bare email address"},
		{[]string{"--email-contains", "al"}, "at least 3 characters"},
		{[]string{"--email-contains", ""}, "at least 3 characters"},
		{[]string{"--phone", "4155550142"}, "E.164"},
		{[]string{"--status", "locked"}, `invalid --status "locked": want active or pending`},
		{[]string{"--created-after", "yesterday"}, `invalid --created-after "yesterday"`},
		{[]string{"--created-after", "1d", "--created-before", "2d"}, "is not before --created-before"},
		{[]string{"--user-id", "alice@example.com"}, "use --email alice@example.com"},
		{[]string{"--user-id", apitest.DemoUserID + ",alice-42"}, "mixes user IDs and external IDs"},
		{[]string{"--limit", "-1"}, "invalid --limit -1: want a number of users, 0 for no limit"},
		{[]string{"--all", "--limit", "5"}, "--all and --limit cannot be used together"},
		{[]string{"--page-size", "1001"}, "invalid --page-size 1001: want 1 to 1000"},
		{[]string{"-o", "xml"}, "xml"},
		{[]string{"--jq", ".results[", "-o", "json"}, "invalid --jq"},
		{[]string{"extra"}, "unknown command"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			h := newHarness(t)
			r := h.run(append([]string{"users", "search"}, tc.args...)...)
			r.expect(t, ExitUsage, tc.want)
			if r.stdout != "" {
				t.Errorf("stdout: %q", r.stdout)
			}
			if n := len(h.fake.Requests()); n != 0 {
				t.Errorf("%d requests sent for a usage error", n)
			}
		})
	}
}

func TestUsersSearchFormats(t *testing.T) {
	h := newHarness(t)
	alice := []string{"users", "search", "--email", apitest.DemoEmail}

	// Piped table: TSV, no header, RFC 3339 UTC.
	r := h.run(alice...)
	r.expect(t, 0)
	cells := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\t")
	if len(cells) != 7 || cells[0] != apitest.DemoUserID || cells[1] != "alice-42" || cells[2] != "Alice Nakamura" ||
		cells[3] != apitest.DemoEmail || cells[4] != "active" || cells[6] != "Password, Passkey, TOTP, Google" {
		t.Errorf("table row = %q", cells)
	}
	if _, err := time.Parse(time.RFC3339, cells[5]); err != nil {
		t.Errorf("created %q is not RFC 3339", cells[5])
	}

	// CSV: external ID, every email, phones, lock, roles. (The wide table
	// is pinned whole by testdata/golden/users_search.*.wide.*.golden.)
	r = h.run(append(alice, "-o", "csv")...)
	r.expect(t, 0)
	if !strings.HasPrefix(r.stdout, "user_id,external_id,name,email,status,created_at,factors,emails,phone_numbers,is_locked,roles\r\n") ||
		!strings.Contains(r.stdout, `"Password, Passkey, TOTP, Google"`) {
		t.Errorf("csv = %q", r.stdout)
	}

	// YAML is the same document.
	r = h.run(append(alice, "-o", "yaml")...)
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "results:\n  - user_id: "+apitest.DemoUserID) || !strings.Contains(r.stdout, "results_metadata:") {
		t.Errorf("yaml = %s", r.stdout)
	}

	// --jq and --template run over the JSON document.
	r = h.run(append(alice, "--jq", ".results[].emails[].email")...)
	r.expect(t, 0)
	if r.stdout != apitest.DemoEmail+"\n"+apitest.DemoUnverifiedEmail+"\n" {
		t.Errorf("--jq = %q", r.stdout)
	}
	r = h.run("users", "search", "--all", "--page-size", "30", "--template", `{{len .results}} {{.results_metadata.total}}`)
	r.expect(t, 0)
	if n := len(allUsers(t)); r.stdout != itoa(n)+" "+itoa(n) {
		t.Errorf("--template over merged pages = %q", r.stdout)
	}

	// On a terminal, hostile names are made harmless. (The terminal tables
	// are pinned whole by testdata/golden/users_search.*.table.*.golden.)
	h.tty, h.width = true, 200
	r = h.run("users", "search", "--email", "mallory.hart@example.com")
	r.expect(t, 0)
	if strings.Contains(r.stdout, "\x1b[2J") {
		t.Errorf("terminal table = %q", r.stdout)
	}

	// Nothing found: empty table, a note on stderr, exit 0; JSON keeps
	// the API's response.
	h.tty = false
	r = h.run("users", "search", "--email", "nobody@example.com")
	r.expect(t, 0, "No users match.")
	if r.stdout != "" {
		t.Errorf("stdout = %q", r.stdout)
	}
	r = h.run("users", "search", "--email", "nobody@example.com", "--jq", ".results | length")
	r.expect(t, 0)
	if r.stdout != "0\n" || r.stderr != "" {
		t.Errorf("empty --jq: stdout %q stderr %q", r.stdout, r.stderr)
	}
}

func TestUsersSearchNDJSONStreamsPages(t *testing.T) {
	h, rec := newPagingHarness(t)
	out := &signalWriter{first: make(chan struct{})}
	rec.hold, rec.holdPage = out.first, 1 // page 2 is answered only once page 1 is out
	h.stdout = out
	start := time.Now()
	if r := h.run("users", "search", "--all", "--page-size", "25", "-o", "ndjson"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("took %s: page 1 was held back until page 2 arrived instead of streaming", d)
	}
	if got, want := ndjsonLines(t, out.buf.String()), allUsers(t); !slices.Equal(got, want) {
		t.Errorf("streamed %d users, want %d", len(got), len(want))
	}
}

func TestUsersSearchProgressBar(t *testing.T) {
	h := newHarness(t)
	h.stderrTTY = true
	n := len(allUsers(t))
	r := h.run("users", "search", "--all", "--page-size", "25", "-o", "ndjson")
	r.expect(t, 0, "Fetching", "/"+itoa(n))
	if len(ndjsonLines(t, r.stdout)) != n || strings.Contains(r.stdout, "Fetching") {
		t.Error("the bar reached stdout")
	}
	// One page: no bar (the note of what --limit left out only). Not a
	// terminal: no bar.
	r = h.run("users", "search", "--limit", "10", "-o", "ndjson")
	r.expect(t, 0)
	if r.stderr != "Showing 10 of "+itoa(n)+" users; --limit 0 for all\n" {
		t.Errorf("bar for one page: %q", r.stderr)
	}
	h.stderrTTY = false
	r = h.run("users", "search", "--all", "--page-size", "25", "-o", "ndjson")
	r.expect(t, 0)
	if r.stderr != "" {
		t.Errorf("bar on a pipe: %q", r.stderr)
	}
}

func TestUsersSearchAPIErrors(t *testing.T) {
	h := newHarness(t)
	h.fake.AddFault(apitest.Fault{Path: "/v1/users/search", Status: 400,
		Body: `{"status_code":400,"request_id":"request-id-test-search-timeout","error_type":"search_timeout","error_message":"The search took too long.","error_url":"https://stytch.com/docs/api/errors/400"}`, Times: 1})
	r := h.run("users", "search", "--all", "-o", "ndjson")
	r.expect(t, ExitFailure, "searching users: search_timeout: The search took too long. (request_id request-id-test-search-timeout)")
	if r.stdout != "" {
		t.Errorf("stdout = %q", r.stdout)
	}
	h.fake.AddFault(apitest.Fault{Path: "/v1/users/search", Status: 429, Times: 5})
	h.run("users", "search").expect(t, ExitRateLimited, "too_many_requests")
	h.env["STYTCH_SECRET"] = "secret-test-wrong"
	h.run("users", "search").expect(t, ExitAuth, "unauthorized_credentials")
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(bytes.TrimSpace(b))
}

func TestUsersSearchLimitNote(t *testing.T) {
	h := newHarness(t)
	total := len(allUsers(t))
	h.tty, h.width = true, 200
	r := h.run("users", "search", "--limit", "3")
	r.expect(t, 0)
	if want := "Showing 3 of " + thousands(total) + " users; --limit 0 for all\n"; r.stderr != want {
		t.Errorf("stderr = %q, want %q", r.stderr, want)
	}
	if !strings.Contains(r.stdout, "EXTERNAL ID") || !strings.Contains(r.stdout, "alice-42") {
		t.Errorf("the table lacks the external ID:\n%s", r.stdout)
	}
	// Machine formats get the note too, on stderr only: stdout is the
	// document, whole.
	r = h.run("users", "search", "--limit", "3", "-o", "json")
	r.expect(t, 0)
	if want := "Showing 3 of " + thousands(total) + " users; --limit 0 for all\n"; r.stderr != want || strings.Contains(r.stdout, "Showing") {
		t.Errorf("-o json: stderr = %q, want %q", r.stderr, want)
	}
	// No note when nothing was left out, or with --all.
	for _, args := range [][]string{
		{"--limit", itoa(total)},
		{"--all"},
		{"--email", apitest.DemoEmail, "--limit", "1"},
	} {
		r := h.run(append([]string{"users", "search"}, args...)...)
		r.expect(t, 0)
		if strings.Contains(r.stderr, "Showing") {
			t.Errorf("%q: stderr = %q", args, r.stderr)
		}
	}
	h.tty = false
	if r := h.run("users", "search", "--limit", "3"); r.stderr != "" {
		t.Errorf("piped: stderr = %q", r.stderr)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 4213: "4,213", 1234567: "1,234,567", -4213: "-4,213"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
