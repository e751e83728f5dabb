package apitest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestGetSessionsUserIDValidation(t *testing.T) {
	_, srv := startFake(t, Options{})
	const formatInvalid = "user_id format is invalid."
	tests := []struct {
		name    string
		query   string // raw query after "?"; "-" = no query at all
		message string
	}{
		{"no query", "-", "user_id is required."},
		{"no user_id", "foo=bar", "user_id is required."},
		{"empty user_id", "user_id=", "user_id is required."},
		{"space", "user_id=alice%2042", formatInvalid},
		{"email address", "user_id=alice%40example.com", formatInvalid},
		{"slash", "user_id=a%2Fb", formatInvalid},
		{"non-ASCII", "user_id=%C3%A9lise", formatInvalid},
		{"129 characters", "user_id=" + strings.Repeat("a", 129), formatInvalid},
		{"user-test prefix without UUID", "user_id=user-test-alice", formatInvalid},
		{"user-test prefix with short UUID", "user_id=user-test-00000000-0000-4000-8000-00000000000", formatInvalid},
		{"user-live prefix with junk UUID", "user_id=user-live-zzzzzzzz-0000-4000-8000-000000000001", formatInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := srv.URL + "/v1/sessions"
			if tt.query != "-" {
				u += "?" + tt.query
			}
			r := call(t, srv.Client(), http.MethodGet, u, true, nil)
			checkError(t, r, http.StatusBadRequest, "invalid_user_id", tt.message)
		})
	}
}

func TestValidUserRef(t *testing.T) {
	valid := []string{
		DemoUserID,
		"user-live-8e0d3b5a-2c4f-4b7e-9a1d-6f5e3c2b1a90",
		"user-test-8E0D3B5A-2C4F-4B7E-9A1D-6F5E3C2B1A90",
		"a",
		"alice-42",
		"auth0|64b7f3c2a91e5d0012ab34cd",
		"A.b_c-d|E9",
		strings.Repeat("x", 128),
	}
	invalid := []string{"", " ", "a b", "a@b", "a/b", "a+b", "é", strings.Repeat("x", 129), "user-test-", "user-test-x", "user-live-1234"}
	for _, s := range valid {
		if !validUserRef(s) {
			t.Errorf("validUserRef(%q) = false, want true", s)
		}
	}
	for _, s := range invalid {
		if validUserRef(s) {
			t.Errorf("validUserRef(%q) = true, want false", s)
		}
	}
}

func TestGetSessionsUnknownUser(t *testing.T) {
	refs := []string{
		"user-test-11111111-2222-4333-8444-555555555555",
		"user-live-8e0d3b5a-2c4f-4b7e-9a1d-6f5e3c2b1a90",
		"nobody-here",
		"auth0|000000000000000000000000",
	}
	for _, empty := range []bool{false, true} {
		_, srv := startFake(t, Options{UnknownUserEmpty: empty})
		for _, ref := range refs {
			r := call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, ref), true, nil)
			if !empty {
				checkError(t, r, http.StatusNotFound, "user_not_found", "User could not be found.")
				continue
			}
			if r.status != http.StatusOK {
				t.Fatalf("UnknownUserEmpty, %s: status %d, want 200 (body %s)", ref, r.status, r.body)
			}
			got := decodeSessions(t, r.body)
			if len(got.Sessions) != 0 {
				t.Errorf("UnknownUserEmpty, %s: %d sessions, want 0", ref, len(got.Sessions))
			}
			if !bytes.Contains(r.body, []byte(`"sessions":[]`)) {
				t.Errorf("UnknownUserEmpty, %s: body %s lacks an empty sessions array", ref, r.body)
			}
		}
	}
}

func TestGetSessionsSuccess(t *testing.T) {
	f, srv := startFake(t, Options{})
	wantIDs := []string{
		"session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14",
		"session-test-a7c3e1f9-5b2d-4e86-9f0a-3b6d8c1e5a27",
		"session-test-6d1f8b3e-9a4c-4f72-8e15-b2c7d9a3f056",
	}
	stored := f.Sessions(DemoUserID)
	for _, ref := range []string{DemoUserID, DemoExternalID} {
		t.Run(ref, func(t *testing.T) {
			r := call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, ref), true, nil)
			if r.status != http.StatusOK {
				t.Fatalf("status %d, body %s", r.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			if keys := topLevelKeys(t, r.body); !slices.Equal(keys, []string{"request_id", "sessions", "status_code"}) {
				t.Errorf("top-level keys = %v, want [request_id sessions status_code]", keys)
			}
			got := decodeSessions(t, r.body)
			if ids := sessionIDs(t, got.Sessions); !slices.Equal(ids, wantIDs) {
				t.Errorf("session IDs = %v, want %v", ids, wantIDs)
			}
			if len(stored) != len(got.Sessions) {
				t.Fatalf("stored %d sessions, served %d", len(stored), len(got.Sessions))
			}
			for i := range stored {
				if !bytes.Equal(got.Sessions[i], stored[i]) {
					t.Errorf("session %d served as\n%s\nstored as\n%s", i, got.Sessions[i], stored[i])
				}
			}
		})
	}
}

func TestGetSessionsRawBytesPreserved(t *testing.T) {
	f, srv := startFake(t, Options{})
	const userID = "user-test-7f3c1a9e-2b5d-4e80-9c46-d1e8a3b7f205"
	// Odd but valid JSON that any decode/re-encode round trip would change:
	// whitespace, key order, escapes, a 20-digit integer, an exponent,
	// false/""/[]/null, a duplicate-free unknown field.
	odd := []json.RawMessage{
		json.RawMessage("{ \"user_id\" : \"" + userID + "\",\n\t\"session_id\":\"session-test-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\"," +
			"\"expires_at\":\"2099-01-01T00:00:00Z\",\"custom_claims\":{\"big\":12345678901234567890,\"exp\":1.0e3," +
			"\"off\":false,\"blank\":\"\",\"none\":[],\"nil\":null,\"esc\":\"\\u00e9\\u003c\\/\"},\"zz_unknown\":{\"k\":[1,2,3]} }"),
		json.RawMessage(`{"session_id":"session-test-11111111-2222-4333-8444-555555555555","user_id":"` + userID + `","roles":["a"]}`),
	}
	f.AddUser(userID, odd...)

	r := call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, userID), true, nil)
	got := decodeSessions(t, r.body)
	if len(got.Sessions) != 2 {
		t.Fatalf("served %d sessions, want 2", len(got.Sessions))
	}
	for i := range odd {
		want := bytes.TrimSpace(odd[i])
		if !bytes.Equal(got.Sessions[i], want) {
			t.Errorf("session %d not byte-for-byte:\n got %s\nwant %s", i, got.Sessions[i], want)
		}
		if !bytes.Contains(r.body, odd[i]) {
			t.Errorf("response body does not contain session %d verbatim", i)
		}
	}
	// AddUser copied its input.
	odd[1][2] = 'X'
	if s := f.Sessions(userID); s[1][2] != 's' {
		t.Errorf("AddUser kept a reference to the caller's bytes: %s", s[1])
	}
}

func TestAddUserReplacesSessionsAndKeepsExternalID(t *testing.T) {
	f, srv := startFake(t, Options{})
	only := json.RawMessage(`{"session_id":"session-test-99999999-8888-4777-8666-555555555555","user_id":"` + DemoUserID + `","expires_at":"2099-01-01T00:00:00Z"}`)
	f.AddUser(DemoUserID, only)
	r := call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, DemoExternalID), true, nil)
	got := decodeSessions(t, r.body)
	if len(got.Sessions) != 1 || !bytes.Equal(got.Sessions[0], only) {
		t.Fatalf("after AddUser(DemoUserID, one) served %s", r.body)
	}

	const userID = "user-test-2d4f6a8c-1b3e-4d5f-8a7c-9e1b3d5f7a9c"
	f.AddUser(userID)
	if s := f.Sessions(userID); s == nil || len(s) != 0 {
		t.Errorf("new user with no sessions: Sessions = %v, want empty non-nil", s)
	}
	f.SetExternalID(userID, "ops|bob.smith")
	f.AddUser(userID, only)
	r = call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, "ops|bob.smith"), true, nil)
	if got := decodeSessions(t, r.body); len(got.Sessions) != 1 {
		t.Errorf("lookup by external ID after AddUser: %s", r.body)
	}
	// Moving the external ID to another user detaches it from the first.
	f.SetExternalID(DemoUserID, "ops|bob.smith")
	if s := f.Sessions("ops|bob.smith"); len(s) != 1 || !bytes.Equal(s[0], only) {
		t.Errorf("Sessions(moved external ID) = %s", s)
	}
	r = call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, DemoExternalID), true, nil)
	checkError(t, r, http.StatusNotFound, "user_not_found", "User could not be found.")
	if f.Sessions("nobody") != nil {
		t.Error("Sessions(unknown) != nil")
	}
}

func TestGetSessionsExpiry(t *testing.T) {
	clk := &manualClock{t: testNow()}
	f, srv := startFake(t, Options{Now: clk.Now})
	const userID = "user-test-6c8e0a2b-4d6f-4a1c-9e3b-5d7f9a1c3e5b"
	at := func(d time.Duration) string { return testNow().Add(d).Format(time.RFC3339Nano) }
	mk := func(id, expires string) json.RawMessage {
		s := `{"session_id":"` + id + `","user_id":"` + userID + `"`
		if expires != "" {
			s += `,"expires_at":"` + expires + `"`
		}
		return json.RawMessage(s + "}")
	}
	f.AddUser(userID,
		mk("past", at(-time.Second)),
		mk("exactly-now", at(0)),
		mk("in-999ms", testNow().Add(999*time.Millisecond).Format("2006-01-02T15:04:05.000000000Z07:00")),
		mk("in-an-hour", at(time.Hour)),
		mk("no-expiry", ""),
		mk("unparsable-expiry", "tomorrow"),
	)
	list := func() []string {
		r := call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, userID), true, nil)
		return sessionIDs(t, decodeSessions(t, r.body).Sessions)
	}
	if got, want := list(), []string{"in-999ms", "in-an-hour", "no-expiry", "unparsable-expiry"}; !slices.Equal(got, want) {
		t.Errorf("at now: %v, want %v", got, want)
	}
	clk.Advance(time.Hour)
	if got, want := list(), []string{"no-expiry", "unparsable-expiry"}; !slices.Equal(got, want) {
		t.Errorf("an hour later: %v, want %v", got, want)
	}
	if n := len(f.Sessions(userID)); n != 6 {
		t.Errorf("Sessions keeps expired sessions: got %d, want 6", n)
	}

	// The seeded user with only an expired session.
	r := call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, NoActiveSessionsUserID), true, nil)
	if got := decodeSessions(t, r.body); len(got.Sessions) != 0 {
		t.Errorf("%s: served %d sessions, want 0", NoActiveSessionsUserID, len(got.Sessions))
	}
	stored := f.Sessions(NoActiveSessionsUserID)
	if ids := sessionIDs(t, stored); !slices.Equal(ids, []string{ExpiredSessionID}) {
		t.Errorf("stored sessions for %s = %v, want [%s]", NoActiveSessionsUserID, ids, ExpiredSessionID)
	}
}

func BenchmarkGetSessions(b *testing.B) {
	f := New(Options{Now: testNow})
	const userID = "user-test-0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"
	f.AddSyntheticSessions(userID, 1000)
	req, _ := http.NewRequest(http.MethodGet, "/v1/sessions?user_id="+userID, nil)
	req.SetBasicAuth(ProjectID, Secret)
	b.ReportAllocs()
	for b.Loop() {
		w := &discardWriter{header: http.Header{}}
		f.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
	b.StopTimer()
	f.ResetRequests()
}

// discardWriter is a minimal ResponseWriter for the benchmark.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.header }
func (w *discardWriter) WriteHeader(code int)        { w.status = code }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
