package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// testNow is the fixed clock most tests use: the instant the REFERENCE's
// example JWT was current.
func testNow() time.Time { return time.Date(2026, 6, 4, 9, 15, 22, 0, time.UTC) }

// requestIDPattern is the shape of every request_id the fake emits.
var requestIDPattern = regexp.MustCompile(`^request-id-test-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// manualClock is a settable clock for expiry tests.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// startFake starts a fake on a loopback server that is closed with the test.
func startFake(t *testing.T, opts Options) (*Fake, *httptest.Server) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = testNow
	}
	f, srv := Start(opts)
	t.Cleanup(srv.Close)
	return f, srv
}

// response is what a test needs from an HTTP exchange.
type response struct {
	status int
	header http.Header
	body   []byte
}

// call sends one request. auth adds the fake's credentials; body may be nil.
func call(t *testing.T, client *http.Client, method, rawURL string, auth bool, body []byte) response {
	t.Helper()
	resp, err := do(context.Background(), client, method, rawURL, auth, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, rawURL, err)
	}
	return resp
}

// do is call without the test failure, for requests expected to fail.
func do(ctx context.Context, client *http.Client, method, rawURL string, auth bool, body []byte) (response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, rd)
	if err != nil {
		return response{}, err
	}
	if auth {
		req.SetBasicAuth(ProjectID, Secret)
	}
	req.Header.Set("User-Agent", "stytchctl/test")
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, err
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// sessionsURL is base + "/v1/sessions?user_id=<escaped ref>".
func sessionsURL(base, ref string) string {
	return base + "/v1/sessions?" + url.Values{"user_id": {ref}}.Encode()
}

// sessionsResponse is a decoded 200 from GET /v1/sessions with the sessions
// kept raw.
type sessionsResponse struct {
	RequestID  string            `json:"request_id"`
	Sessions   []json.RawMessage `json:"sessions"`
	StatusCode int               `json:"status_code"`
}

func decodeSessions(t *testing.T, body []byte) sessionsResponse {
	t.Helper()
	var r sessionsResponse
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("decode sessions body %q: %v", body, err)
	}
	if !requestIDPattern.MatchString(r.RequestID) {
		t.Errorf("request_id = %q, want request-id-test-<uuid v4>", r.RequestID)
	}
	if r.StatusCode != http.StatusOK {
		t.Errorf("status_code = %d, want 200", r.StatusCode)
	}
	if r.Sessions == nil {
		t.Errorf("sessions missing or null in %s", body)
	}
	return r
}

// topLevelKeys returns the keys of a JSON object in document order.
func topLevelKeys(t *testing.T, body []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("body %q is not a JSON object (%v)", body, err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatalf("read key: %v", err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatalf("read value: %v", err)
		}
	}
	return keys
}

// checkError asserts a complete Stytch error body: exact field order, status,
// type, message, error_url and a fresh-looking request_id.
func checkError(t *testing.T, r response, status int, errorType, message string) {
	t.Helper()
	if r.status != status {
		t.Errorf("HTTP status = %d, want %d (body %s)", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	wantKeys := []string{"status_code", "request_id", "error_type", "error_message", "error_url"}
	if got := topLevelKeys(t, r.body); !slices.Equal(got, wantKeys) {
		t.Errorf("error body keys = %v, want %v", got, wantKeys)
	}
	var e errorBody
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("decode error body %q: %v", r.body, err)
	}
	if e.StatusCode != status {
		t.Errorf("status_code = %d, want %d", e.StatusCode, status)
	}
	if e.ErrorType != errorType {
		t.Errorf("error_type = %q, want %q", e.ErrorType, errorType)
	}
	if message != "" && e.ErrorMessage != message {
		t.Errorf("error_message = %q, want %q", e.ErrorMessage, message)
	}
	if want := "https://stytch.com/docs/api/errors/" + strconv.Itoa(status) + "#" + errorType; e.ErrorURL != want {
		t.Errorf("error_url = %q, want %q", e.ErrorURL, want)
	}
	if !requestIDPattern.MatchString(e.RequestID) {
		t.Errorf("request_id = %q, want request-id-test-<uuid v4>", e.RequestID)
	}
}

// sessionIDs extracts session_id from each raw session.
func sessionIDs(t *testing.T, sessions []json.RawMessage) []string {
	t.Helper()
	ids := make([]string, len(sessions))
	for i, raw := range sessions {
		var s struct {
			SessionID string `json:"session_id"`
		}
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatalf("session %d is not JSON: %v", i, err)
		}
		ids[i] = s.SessionID
	}
	return ids
}

func readAll(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return b
}

func mustUnmarshal(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("unmarshal %q: %v", b, err)
	}
}
