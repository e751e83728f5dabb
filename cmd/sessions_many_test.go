package cmd

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

// kenjiUserID is the demo user with external ID emp-00417 and two sessions.
const kenjiUserID = "user-test-b4d2e8f1-6a3c-4e97-8d05-f1c3a7e9b264"

// unknownUserID is well-formed but not in the fake: 404 user_not_found.
const unknownUserID = "user-test-11111111-2222-4333-8444-555555555555"

// traffic sits in front of the fake: it records when each request arrived
// and for which user, how many were in flight at most, and can delay or
// fail the requests of chosen users.
type traffic struct {
	mu          sync.Mutex
	inFlight    int
	maxInFlight int
	arrivals    []arrival
	delays      map[string]time.Duration
	fail        map[string]int // user_id → HTTP status answered with a Stytch error
	// limitOnce answers a user's first request with 429 and this
	// Retry-After value.
	limitOnce map[string]string
	// hold, when set for a user, blocks that user's request until the
	// channel is closed (or 5s pass).
	hold map[string]chan struct{}
}

type arrival struct {
	user   string
	at     time.Time
	done   time.Time // when the answer's header was written
	status int
}

func newTraffic() *traffic {
	return &traffic{delays: map[string]time.Duration{}, fail: map[string]int{}, hold: map[string]chan struct{}{}, limitOnce: map[string]string{}}
}

func (tr *traffic) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user := r.URL.Query().Get("user_id")
		tr.mu.Lock()
		tr.inFlight++
		tr.maxInFlight = max(tr.maxInFlight, tr.inFlight)
		idx := len(tr.arrivals)
		tr.arrivals = append(tr.arrivals, arrival{user: user, at: time.Now()})
		delay, status, hold := tr.delays[user], tr.fail[user], tr.hold[user]
		if ra, ok := tr.limitOnce[user]; ok {
			delete(tr.limitOnce, user)
			w.Header().Set("Retry-After", ra)
			status = 429
		}
		tr.mu.Unlock()

		if hold != nil {
			select {
			case <-hold:
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
		}
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
			}
		}
		// Status and time are recorded as the header goes out, before the
		// client can have the answer and the test read the arrivals.
		rec := &statusRecorder{ResponseWriter: w, record: func(code int) {
			tr.mu.Lock()
			tr.arrivals[idx].status, tr.arrivals[idx].done = code, time.Now()
			tr.mu.Unlock()
		}}
		if status != 0 {
			writeStytchError(rec, status)
		} else {
			next.ServeHTTP(rec, r)
		}
		tr.mu.Lock()
		tr.inFlight--
		tr.mu.Unlock()
	})
}

func (tr *traffic) snapshot() []arrival {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return slices.Clone(tr.arrivals)
}

// statusRecorder calls record with the status of the answer when its
// header is written, explicitly or by the first Write.
type statusRecorder struct {
	http.ResponseWriter
	record  func(code int)
	written bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.written {
		s.written = true
		s.record(code)
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if !s.written {
		s.WriteHeader(http.StatusOK)
	}
	return s.ResponseWriter.Write(b)
}

// writeStytchError answers with Stytch's error body for status
// (REFERENCE.md §2.1).
func writeStytchError(w http.ResponseWriter, status int) {
	types := map[int][2]string{
		401: {"unauthorized_credentials", "Unauthorized credentials."},
		403: {"forbidden", "You do not have permission."},
		404: {"user_not_found", "User could not be found."},
		429: {"too_many_requests", "Too many requests have been made."},
		500: {"internal_server_error", "Oops, something seems to have gone wrong."},
	}
	t := types[status]
	body, _ := json.Marshal(map[string]any{
		"status_code":   status,
		"request_id":    fmt.Sprintf("request-id-test-%08d-0000-4000-8000-000000000000", status),
		"error_type":    t[0],
		"error_message": t[1],
		"error_url":     fmt.Sprintf("https://stytch.com/docs/api/errors/%d", status),
	})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// newTrafficHarness is newHarness with the fake behind a traffic recorder.
func newTrafficHarness(t *testing.T) (*harness, *traffic) {
	t.Helper()
	tr := newTraffic()
	return newWrappedHarness(t, tr.wrap), tr
}

// syntheticUsers adds n users with per sessions each and returns their IDs.
func syntheticUsers(f *apitest.Fake, n, per int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("user-test-00000000-0000-4000-8000-%012d", 100000+i)
		f.AddSyntheticSessions(ids[i], per)
	}
	return ids
}

// compactAll compacts each raw JSON value.
func compactAll(t *testing.T, raws []json.RawMessage) []string {
	t.Helper()
	out := make([]string, len(raws))
	for i, r := range raws {
		out[i] = compact(t, r)
	}
	return out
}

// wantSessions is every stored session of users, in order, compacted.
func wantSessions(t *testing.T, f *apitest.Fake, users ...string) []string {
	t.Helper()
	var out []string
	for _, u := range users {
		out = append(out, compactAll(t, f.Sessions(u))...)
	}
	return out
}

// decodeMerged reads a {"sessions":[…]} document and checks it has no
// other key.
func decodeMerged(t *testing.T, stdout string) []string {
	t.Helper()
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("stdout is not a JSON object: %v\n%s", err, stdout)
	}
	if len(doc) != 1 || doc["sessions"] == nil {
		keys := make([]string, 0, len(doc))
		for k := range doc {
			keys = append(keys, k)
		}
		t.Fatalf("merged document keys = %v, want only sessions", keys)
	}
	var ss []json.RawMessage
	if err := json.Unmarshal(doc["sessions"], &ss); err != nil {
		t.Fatal(err)
	}
	return compactAll(t, ss)
}

func ndjsonLines(t *testing.T, stdout string) []string {
	t.Helper()
	if stdout == "" {
		return nil
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	for i, l := range lines {
		if !json.Valid([]byte(l)) || compact(t, []byte(l)) != l {
			t.Fatalf("line %d is not one compact JSON object: %q", i+1, l)
		}
	}
	return lines
}

func requestedUsers(reqs []apitest.Request) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Query.Get("user_id"))
	}
	return out
}

func TestSessionsManyUsersMergedJSON(t *testing.T) {
	h := newHarness(t)
	// Repeated, comma-separated, an external ID, and a duplicate.
	r := h.run("sessions", "list", "-u", apitest.DemoUserID+","+"emp-00417", "--user", apitest.LosslessUserID, "-u", apitest.DemoUserID, "-o", "json")
	r.expect(t, 0)
	got := decodeMerged(t, r.stdout)
	want := wantSessions(t, h.fake, apitest.DemoUserID, kenjiUserID, apitest.LosslessUserID)
	if !slices.Equal(got, want) {
		t.Errorf("merged sessions differ from the API's, in input order:\n got %q\nwant %q", got, want)
	}
	// Lossless: the capture-like session's empty strings and {} survive.
	if !strings.Contains(r.stdout, `"ip_address":""`) || !strings.Contains(r.stdout, `"custom_claims":{}`) {
		t.Errorf("merged JSON lost empty values:\n%s", r.stdout)
	}
	reqs := requestedUsers(h.fake.Requests())
	slices.Sort(reqs)
	wantReqs := []string{apitest.DemoUserID, apitest.LosslessUserID, "emp-00417"}
	slices.Sort(wantReqs)
	if !slices.Equal(reqs, wantReqs) {
		t.Errorf("requests for %v, want one per distinct user %v", reqs, wantReqs)
	}
	if r.stderr != "" {
		t.Errorf("stderr = %q", r.stderr)
	}
}

func TestSessionsManyUsersYAMLAndTable(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "-u", apitest.DemoUserID+",emp-00417", "-o", "yaml")
	r.expect(t, 0)
	if !strings.HasPrefix(r.stdout, "sessions:\n  - session_id: session-test-") || strings.Contains(r.stdout, "request_id") {
		t.Errorf("YAML of several users is not the merged document:\n%s", r.stdout)
	}
	if n := strings.Count(r.stdout, "\n  - session_id: "); n != 5 {
		t.Errorf("YAML has %d sessions, want 5", n)
	}

	// Piped table: the same columns as for one user, the user second.
	r = h.run("sessions", "list", "-u", apitest.DemoUserID+",emp-00417")
	r.expect(t, 0)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("want 5 rows:\n%s", r.stdout)
	}
	for i, l := range lines {
		wantUser := apitest.DemoUserID
		if i >= 3 {
			wantUser = kenjiUserID
		}
		if !strings.HasPrefix(l, "session-test-") || strings.Split(l, "\t")[1] != wantUser || strings.Count(l, "\t") != 7 {
			t.Errorf("row %d = %q, want %s second and 8 cells", i, l, wantUser)
		}
	}

	// Terminal table: a USER column.
	h.tty, h.width = true, 250
	h.env["NO_COLOR"] = "1"
	r = h.run("sessions", "list", "-u", apitest.DemoUserID+",emp-00417")
	r.expect(t, 0)
	if !strings.HasPrefix(r.stdout, "USER ") || !strings.Contains(r.stdout, "SESSION ID") {
		t.Errorf("terminal table of several users has no user column:\n%s", r.stdout)
	}
}

func TestSessionsUsersFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "users.txt")
	content := "\xef\xbb\xbf# support ticket 4711\r\n" +
		apitest.DemoUserID + "\r\n" +
		"\n" +
		"   emp-00417   # Kenji, trailing comment\n" +
		"\t\n" +
		"#" + apitest.LosslessUserID + " is commented out\n" +
		apitest.DemoUserID + "\n" // duplicate: dropped
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	r := h.run("sessions", "list", "--users-file", path, "-o", "ndjson")
	r.expect(t, 0)
	got := ndjsonLines(t, r.stdout)
	if want := wantSessions(t, h.fake, apitest.DemoUserID, kenjiUserID); !slices.Equal(got, want) {
		t.Errorf("users file: got %d sessions, want %d in file order\n got %q\nwant %q", len(got), len(want), got, want)
	}

	// --user values come first, then the file.
	r = h.run("sessions", "list", "-u", apitest.LosslessUserID, "--users-file", path, "-o", "json")
	r.expect(t, 0)
	if got, want := decodeMerged(t, r.stdout), wantSessions(t, h.fake, apitest.LosslessUserID, apitest.DemoUserID, kenjiUserID); !slices.Equal(got, want) {
		t.Errorf("--user then file: got %q\nwant %q", got, want)
	}

	// From stdin.
	h.stdin = "emp-00417\n" + apitest.DemoUserID + "\n"
	r = h.run("sessions", "list", "--users-file", "-", "-o", "ndjson")
	r.expect(t, 0)
	if got, want := ndjsonLines(t, r.stdout), wantSessions(t, h.fake, kenjiUserID, apitest.DemoUserID); !slices.Equal(got, want) {
		t.Errorf("stdin: got %q\nwant %q", got, want)
	}

	// One user in a file is one request: the API's own response object.
	h.stdin = apitest.DemoUserID + "\n"
	r = h.run("sessions", "list", "--users-file", "-", "-o", "json")
	r.expect(t, 0)
	if doc := compact(t, []byte(r.stdout)); !strings.Contains(doc, `"request_id":"request-id-test-`) || !strings.Contains(doc, `"status_code":200`) {
		t.Errorf("one user from a file is not the API's response:\n%s", r.stdout)
	}
}

func TestSessionsUsersFileErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := write("bad.txt", "# users\n"+apitest.DemoUserID+"\n\nalice@example.com\n")
	badUUID := write("uuid.txt", "emp-00417\nuser-test-1234\n")
	empty := write("empty.txt", "# nobody\n\n   \n")
	long := write("long.txt", strings.Repeat("a", 70<<10)+"\n")
	// Over 16 MiB: comments (a file of 100,000 IDs is 5 MiB), then a good ID.
	oversize := strings.Repeat("# "+strings.Repeat("x", 1022)+"\n", 16<<10) + apitest.DemoUserID + "\n"
	huge := write("huge.txt", oversize)
	cases := []struct {
		name  string
		args  []string
		stdin string
		want  []string
	}{
		{"bad line named", []string{"--users-file", bad}, "", []string{"invalid user ID on line 4 of " + bad, "looks like an email address"}},
		{"bad uuid", []string{"--users-file", badUUID}, "", []string{"line 2 of " + badUUID, "user-test-<uuid>"}},
		{"bad line on stdin", []string{"--users-file", "-"}, "emp-00417\nbad id\n", []string{"invalid user ID on line 2 of stdin", "malformed"}},
		{"empty file", []string{"--users-file", empty}, "", []string{"has no user IDs"}},
		{"empty stdin", []string{"--users-file", "-"}, "", []string{"--users-file stdin has no user IDs"}},
		{"missing file", []string{"--users-file", filepath.Join(dir, "nope.txt")}, "", []string{"reading --users-file", "no such file"}},
		{"line too long", []string{"--users-file", long}, "", []string{"line 1 is longer than 64 KiB"}},
		{"file too large", []string{"--users-file", huge}, "", []string{"--users-file " + huge + " is larger than 16 MiB"}},
		{"stdin too large", []string{"--users-file", "-"}, oversize, []string{"--users-file stdin is larger than 16 MiB"}},
		{"bad --user among good", []string{"-u", apitest.DemoUserID + ",,emp-00417"}, "", []string{"invalid --user: user ID is empty"}},
		{"bad --user with a good file", []string{"-u", "x y", "--users-file", empty}, "", []string{"invalid --user", "malformed"}},
		{"concurrency 0", []string{"-u", apitest.DemoUserID, "--concurrency", "0"}, "", []string{"invalid --concurrency 0: want 1 to 32"}},
		{"concurrency 33", []string{"-u", apitest.DemoUserID, "--concurrency", "33"}, "", []string{"invalid --concurrency 33"}},
		{"concurrency word", []string{"-u", apitest.DemoUserID, "--concurrency", "many"}, "", []string{"invalid argument \"many\""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.stdin = tc.stdin
			r := h.run(append([]string{"sessions", "list"}, tc.args...)...)
			r.expect(t, 2, tc.want...)
			if r.stdout != "" {
				t.Errorf("stdout = %q", r.stdout)
			}
			if n := len(h.fake.Requests()); n != 0 {
				t.Errorf("%d requests sent before the input was validated", n)
			}
		})
	}
}

func TestSessionsManyUsersInputOrderDespiteLatency(t *testing.T) {
	h, tr := newTrafficHarness(t)
	ids := syntheticUsers(h.fake, 8, 2)
	// The first users answer slowest, so they finish last.
	for i, id := range ids {
		tr.delays[id] = time.Duration(len(ids)-i) * 25 * time.Millisecond
	}
	for _, format := range []string{"ndjson", "json"} {
		r := h.run(append([]string{"sessions", "list", "--concurrency", "8", "-o", format}, userArgs(ids)...)...)
		r.expect(t, 0)
		var got []string
		if format == "ndjson" {
			got = ndjsonLines(t, r.stdout)
		} else {
			got = decodeMerged(t, r.stdout)
		}
		if want := wantSessions(t, h.fake, ids...); !slices.Equal(got, want) {
			t.Errorf("-o %s: sessions not in input order", format)
		}
	}
	// The server really did finish them out of order.
	// (The first user's 200 ms against the last user's 25 ms leaves room
	// for a loaded machine's scheduling noise.)
	arr := tr.snapshot()[:len(ids)]
	done := map[string]time.Time{}
	for _, a := range arr {
		done[a.user] = a.done
	}
	if first, last := done[ids[0]], done[ids[len(ids)-1]]; !last.Before(first) {
		t.Errorf("the last user finished at %s, not before the first at %s (the test's latency is not shaping the run)", last, first)
	}
}

func userArgs(ids []string) []string {
	var out []string
	for _, id := range ids {
		out = append(out, "-u", id)
	}
	return out
}

func TestSessionsConcurrencyBound(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{
		{nil, 4}, // the default
		{[]string{"--concurrency", "1"}, 1},
		{[]string{"--concurrency", "3"}, 3},
		{[]string{"--concurrency", "32"}, 20}, // bounded by the 20 users
	} {
		t.Run(fmt.Sprint(tc.want, tc.args), func(t *testing.T) {
			h, tr := newTrafficHarness(t)
			ids := syntheticUsers(h.fake, 20, 1)
			for _, id := range ids {
				tr.delays[id] = 40 * time.Millisecond
			}
			args := append([]string{"sessions", "list", "-o", "ndjson"}, tc.args...)
			r := h.run(append(args, userArgs(ids)...)...)
			r.expect(t, 0)
			if n := len(ndjsonLines(t, r.stdout)); n != 20 {
				t.Errorf("got %d sessions, want 20", n)
			}
			if tr.maxInFlight != tc.want {
				t.Errorf("at most %d requests in flight, want %d", tr.maxInFlight, tc.want)
			}
		})
	}
}

// TestSessionsSharedRateLimiter checks that one 429 with Retry-After holds
// back every worker, not just the one that got it: the other workers finish
// their requests during the Retry-After second and must not start new ones
// before it has passed.
func TestSessionsSharedRateLimiter(t *testing.T) {
	h, tr := newTrafficHarness(t)
	h.retry = &api.RetryPolicy{MaxAttempts: 3, Initial: time.Millisecond, Max: 5 * time.Millisecond, MaxWait: 5 * time.Second}
	ids := syntheticUsers(h.fake, 24, 1)
	tr.limitOnce[ids[0]] = "1"
	tr.delays[ids[1]], tr.delays[ids[2]], tr.delays[ids[3]] = 200*time.Millisecond, 300*time.Millisecond, 400*time.Millisecond
	start := time.Now()
	r := h.run(append([]string{"sessions", "list", "--concurrency", "4", "-o", "ndjson"}, userArgs(ids)...)...)
	r.expect(t, 0)
	if got, want := ndjsonLines(t, r.stdout), wantSessions(t, h.fake, ids...); !slices.Equal(got, want) {
		t.Errorf("after the 429 the run did not complete in order: %d sessions", len(got))
	}
	arr := tr.snapshot()
	var limited *arrival
	for i := range arr {
		if arr[i].status == 429 {
			limited = &arr[i]
			break
		}
	}
	if limited == nil {
		t.Fatal("no request was rate limited")
	}
	quietFrom, quietTo := limited.done.Add(20*time.Millisecond), limited.done.Add(950*time.Millisecond)
	for _, a := range arr {
		if a.at.After(quietFrom) && a.at.Before(quietTo) {
			t.Errorf("request for %s arrived %s after the 429, inside its Retry-After: 1", a.user, a.at.Sub(limited.done).Round(time.Millisecond))
		}
	}
	if len(arr) != 25 {
		t.Errorf("%d requests, want 24 + 1 retry", len(arr))
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("run took %s: Retry-After: 1 was not honoured", d)
	}
}

func TestSessionsPartialFailure(t *testing.T) {
	cases := []struct {
		name     string
		fail     map[string]int
		unknown  bool
		wantCode int
		wantErr  []string
	}{
		{"not found", nil, true, 3, []string{"stytchctl: listing sessions of user " + unknownUserID + ": user_not_found: User could not be found. (request_id request-id-test-"}},
		{"rate limited first, then not found", map[string]int{apitest.DemoUserID: 429}, true, 5, []string{
			"listing sessions of user " + apitest.DemoUserID + ": too_many_requests", "after 3 attempts",
			"listing sessions of user " + unknownUserID + ": user_not_found",
		}},
		{"server error", map[string]int{kenjiUserID: 500}, false, 1, []string{"listing sessions of user " + kenjiUserID + ": internal_server_error", "(request_id request-id-test-00000500"}},
		{"forbidden is one user's failure", map[string]int{kenjiUserID: 403}, false, 4, []string{"listing sessions of user " + kenjiUserID + ": forbidden"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h, tr := newTrafficHarness(t)
			maps := tc.fail
			for u, s := range maps {
				tr.fail[u] = s
			}
			users := []string{apitest.DemoUserID, kenjiUserID, apitest.LosslessUserID}
			if tc.unknown {
				users = []string{apitest.DemoUserID, unknownUserID, kenjiUserID, apitest.LosslessUserID}
			}
			var good []string
			for _, u := range users {
				if tr.fail[u] == 0 && u != unknownUserID {
					good = append(good, u)
				}
			}
			for _, format := range []string{"json", "ndjson", "table"} {
				r := h.run(append([]string{"sessions", "list", "-o", format}, userArgs(users)...)...)
				r.expect(t, tc.wantCode, tc.wantErr...)
				lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
				if len(lines) != len(users)-len(good) {
					t.Errorf("-o %s: want one stderr line per failed user, got:\n%s", format, r.stderr)
				}
				for _, l := range lines {
					if !strings.HasPrefix(l, "stytchctl: listing sessions of user ") {
						t.Errorf("-o %s: stderr line %q does not name the user", format, l)
					}
				}
				want := wantSessions(t, h.fake, good...)
				switch format {
				case "json":
					if got := decodeMerged(t, r.stdout); !slices.Equal(got, want) {
						t.Errorf("-o json: the good users' sessions were not all printed: %d of %d", len(got), len(want))
					}
				case "ndjson":
					if got := ndjsonLines(t, r.stdout); !slices.Equal(got, want) {
						t.Errorf("-o ndjson: got %d sessions, want %d", len(got), len(want))
					}
				case "table":
					if n := strings.Count(r.stdout, "\n"); n != len(want) {
						t.Errorf("-o table: %d rows, want %d", n, len(want))
					}
				}
			}
		})
	}
}

func TestSessions401StopsTheRun(t *testing.T) {
	h, tr := newTrafficHarness(t)
	ids := syntheticUsers(h.fake, 60, 1)
	for _, id := range ids {
		tr.delays[id] = 20 * time.Millisecond
	}
	tr.fail[ids[2]] = 401
	r := h.run(append([]string{"sessions", "list", "-o", "ndjson"}, userArgs(ids)...)...)
	r.expect(t, 4, "listing sessions of user "+ids[2]+": unauthorized_credentials: Unauthorized credentials.", "To fix: check STYTCH_PROJECT_ID")
	if n := strings.Count(r.stderr, "stytchctl:"); n != 1 {
		t.Errorf("want one error, got:\n%s", r.stderr)
	}
	if n := len(tr.snapshot()); n > 12 {
		t.Errorf("%d of 60 requests were sent: a 401 must stop the run at once", n)
	}
	// What was already streamed (users before the 401) stays.
	for _, l := range ndjsonLines(t, r.stdout) {
		if !strings.Contains(l, ids[0]) && !strings.Contains(l, ids[1]) {
			t.Errorf("a session after the 401 was printed: %s", l)
		}
	}

	// Wrong credentials: every request is a 401; one line, exit 4.
	h2 := newHarness(t)
	h2.env["STYTCH_SECRET"] = "secret-test-wrong-wrong-wrong"
	r = h2.run("sessions", "list", "-u", apitest.DemoUserID+",emp-00417,"+apitest.LosslessUserID, "-o", "json")
	r.expect(t, 4, "unauthorized_credentials")
	if n := strings.Count(r.stderr, "unauthorized_credentials"); n != 1 {
		t.Errorf("want the 401 reported once:\n%s", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("a 401 run printed a document: %q", r.stdout)
	}
	if strings.Contains(r.stderr, "secret-test-wrong") {
		t.Error("the secret was printed")
	}
}

func TestSessionsProgressBar(t *testing.T) {
	h := newHarness(t)
	ids := syntheticUsers(h.fake, 6, 1)
	h.stderrTTY = true
	r := h.run(append([]string{"sessions", "list", "-o", "ndjson"}, userArgs(ids)...)...)
	r.expect(t, 0, "Fetching", "/6")
	if n := len(ndjsonLines(t, r.stdout)); n != 6 {
		t.Errorf("stdout has %d sessions, want 6 (the bar must stay on stderr)", n)
	}
	if strings.Contains(r.stdout, "Fetching") {
		t.Error("progress reached stdout")
	}
	// The bar is erased at the end: the last thing on stderr is a carriage return.
	if !strings.HasSuffix(r.stderr, "\r") {
		t.Errorf("bar not cleared at the end: %q", r.stderr[max(0, len(r.stderr)-40):])
	}

	// Not a terminal: never.
	h.stderrTTY = false
	r = h.run(append([]string{"sessions", "list", "-o", "ndjson"}, userArgs(ids)...)...)
	r.expect(t, 0)
	if r.stderr != "" {
		t.Errorf("progress drawn on a pipe: %q", r.stderr)
	}
	// A few users: no bar.
	h.stderrTTY = true
	r = h.run(append([]string{"sessions", "list", "-o", "ndjson"}, userArgs(ids[:4])...)...)
	r.expect(t, 0)
	if r.stderr != "" {
		t.Errorf("progress drawn for 4 users: %q", r.stderr)
	}
	// Failure lines are still whole lines next to the bar.
	ids = append(ids, unknownUserID)
	r = h.run(append([]string{"sessions", "list", "-o", "ndjson"}, userArgs(ids)...)...)
	r.expect(t, 3)
	if !strings.Contains(r.stderr, "\rstytchctl: listing sessions of user "+unknownUserID+": user_not_found") &&
		!strings.HasPrefix(r.stderr, "stytchctl: listing sessions of user "+unknownUserID) {
		t.Errorf("failure line not on a line of its own: %q", r.stderr)
	}
}

// signalWriter records writes and closes first when the first one happens.
type signalWriter struct {
	mu    sync.Mutex
	buf   strings.Builder
	first chan struct{}
	once  sync.Once
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	w.once.Do(func() { close(w.first) })
	return len(p), nil
}

// TestSessionsNDJSONStreams checks that the first user's sessions are
// written before the last user has even answered.
func TestSessionsNDJSONStreams(t *testing.T) {
	for _, format := range []string{"ndjson", "csv", "table"} {
		t.Run(format, func(t *testing.T) {
			h, tr := newTrafficHarness(t)
			ids := syntheticUsers(h.fake, 3, 2)
			out := &signalWriter{first: make(chan struct{})}
			tr.hold[ids[2]] = out.first // the last user answers only once output has started
			h.stdout = out
			start := time.Now()
			if r := h.run(append([]string{"sessions", "list", "-o", format}, userArgs(ids)...)...); r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if d := time.Since(start); d > 4*time.Second {
				t.Errorf("took %s: output waited for the last user instead of streaming", d)
			}
			if n := strings.Count(out.buf.String(), "\n"); n < 6 {
				t.Errorf("only %d lines written", n)
			}
		})
	}
}

func TestSessionsLimitStopsFetching(t *testing.T) {
	h, tr := newTrafficHarness(t)
	ids := syntheticUsers(h.fake, 40, 3)
	for _, id := range ids {
		tr.delays[id] = 10 * time.Millisecond
	}
	r := h.run(append([]string{"sessions", "list", "-o", "ndjson", "--limit", "4", "--concurrency", "2"}, userArgs(ids)...)...)
	r.expect(t, 0)
	got := ndjsonLines(t, r.stdout)
	if want := wantSessions(t, h.fake, ids[:2]...)[:4]; !slices.Equal(got, want) {
		t.Errorf("--limit 4 printed %d sessions, want the first 4", len(got))
	}
	if n := len(tr.snapshot()); n > 8 {
		t.Errorf("%d requests for --limit 4 over 40 users: fetching should stop once the limit is reached", n)
	}
}

func TestSessionsClosedPipeManyUsers(t *testing.T) {
	h := newHarness(t)
	ids := syntheticUsers(h.fake, 10, 3)
	h.stdout = epipeWriter{}
	for _, format := range []string{"ndjson", "csv", "table", "json", "wide"} {
		h.fake.ResetRequests()
		r := h.run(append([]string{"sessions", "list", "-o", format, "--concurrency", "1"}, userArgs(ids)...)...)
		if r.code != 0 || r.stderr != "" {
			t.Errorf("-o %s: closed pipe gave exit %d, stderr %q", format, r.code, r.stderr)
		}
		if format == "ndjson" {
			if n := len(h.fake.Requests()); n > 3 {
				t.Errorf("-o ndjson kept fetching (%d requests) after stdout closed", n)
			}
		}
	}
}

func TestSessionsManyUsersFailureLineIsSanitised(t *testing.T) {
	h := newHarness(t)
	h.fake.AddFault(apitest.Fault{Status: 404, Times: 1, Path: "/v1/sessions",
		Body: `{"status_code":404,"request_id":"request-id-test-\u001b]0;pwned\u0007","error_type":"user_not_found\u001b[2J","error_message":"gone\r\nstytchctl: forged line"}`})
	r := h.run("sessions", "list", "--concurrency", "1", "-u", apitest.DemoUserID+","+apitest.LosslessUserID)
	r.expect(t, ExitNotFound, `user_not_found\x1b[2J`, `request-id-test-\x1b]0;pwned\x07`)
	if strings.ContainsAny(r.stderr, "\x1b\x07\r") {
		t.Errorf("raw control characters reached stderr: %q", r.stderr)
	}
	if n := strings.Count(r.stderr, "\nstytchctl: forged line"); n != 0 {
		t.Errorf("an API message forged a line of its own: %q", r.stderr)
	}
	if !strings.Contains(r.stdout, "session-test-") {
		t.Errorf("the other user's sessions were not printed: %q", r.stdout)
	}
}

// TestSeveralUsersNamedAsTyped: with several users, a terminal table's
// USER column shows what the person typed (external ID, email address) or,
// for a user typed by user ID, the user's name (one GET /v1/users each);
// never a cut internal ID. Piped output keeps the user ID and fetches no
// names.
func TestSeveralUsersNamedAsTyped(t *testing.T) {
	h := newHarness(t)
	h.tty, h.width, h.env["NO_COLOR"] = true, 200, "1"
	args := []string{"sessions", "list", "-u", "alice-42," + apitest.LosslessUserID, "--email", "priya.raman@example.com"}
	userGets := func() int {
		n := 0
		for _, r := range h.fake.Requests() {
			if r.Method == "GET" && strings.HasPrefix(r.Path, "/v1/users/") {
				n++
			}
		}
		return n
	}
	r := h.run(args...)
	r.expect(t, 0)
	users := map[string]int{}
	for _, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")[1:] {
		users[strings.SplitN(line, "  ", 2)[0]]++
	}
	if len(users) != 3 || users["alice-42"] == 0 || users["priya.raman@example.com"] == 0 || users["Ben Okafor"] == 0 {
		t.Errorf("USER column = %v:\n%s", users, r.stdout)
	}
	if n := userGets(); n != 1 {
		t.Errorf("%d GET /v1/users/… to name users, want 1 (Ben, typed by user ID)", n)
	}

	r = h.run("sessions", "audit", "-u", "alice-42,"+apitest.FactorZooUserID+",emp-00417", "--stale-after", "1d")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, " Priya Raman ") || strings.Contains(r.stdout, "user-test-") {
		t.Errorf("audit USER column:\n%s", r.stdout)
	}

	h.tty = false
	before := userGets()
	r = h.run(args...)
	r.expect(t, 0)
	if strings.Contains(r.stdout, "alice-42") || strings.Contains(r.stdout, "priya.raman@") || !strings.Contains(r.stdout, apitest.DemoUserID+"\t") {
		t.Errorf("piped output names users otherwise than by user ID:\n%s", r.stdout)
	}
	if n := userGets() - before; n != 0 {
		t.Errorf("piped: %d GET /v1/users/… to name users, want none", n)
	}
}
