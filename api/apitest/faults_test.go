package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

const html502 = `<html><body><h1>502 Bad Gateway</h1></body></html>`

func TestFaultResponses(t *testing.T) {
	tests := []struct {
		name        string
		fault       Fault
		auth        bool
		wantStatus  int
		wantType    string // a Stytch error body with this error_type
		wantMessage string
		wantBody    string // exact body, when wantType is ""
		wantCT      string
		wantRetry   string
	}{
		{
			name:  "429 with Retry-After",
			fault: Fault{Status: 429, RetryAfter: "7"}, auth: true,
			wantStatus: 429, wantType: "too_many_requests", wantMessage: "Too many requests have been made.",
			wantCT: "application/json", wantRetry: "7",
		},
		{
			name:  "429 without Retry-After",
			fault: Fault{Status: 429}, auth: true,
			wantStatus: 429, wantType: "too_many_requests", wantMessage: "Too many requests have been made.",
			wantCT: "application/json",
		},
		{
			name:  "429 applies before authentication",
			fault: Fault{Status: 429}, auth: false,
			wantStatus: 429, wantType: "too_many_requests", wantCT: "application/json",
		},
		{
			name:  "500",
			fault: Fault{Status: 500}, auth: true,
			wantStatus: 500, wantType: "internal_server_error", wantCT: "application/json",
		},
		{
			name:  "503 with HTTP-date Retry-After",
			fault: Fault{Status: 503, RetryAfter: "Wed, 21 Oct 2026 07:28:00 GMT"}, auth: true,
			wantStatus: 503, wantType: "internal_server_error", wantCT: "application/json",
			wantRetry: "Wed, 21 Oct 2026 07:28:00 GMT",
		},
		{
			name:  "HTML 502 from a proxy",
			fault: Fault{Status: 502, Body: html502, ContentType: "text/html"}, auth: true,
			wantStatus: 502, wantBody: html502, wantCT: "text/html",
		},
		{
			name:  "malformed 200 body",
			fault: Fault{Body: `{"request_id":"request-id-test-x","sessions":[{`}, auth: true,
			wantStatus: 200, wantBody: `{"request_id":"request-id-test-x","sessions":[{`, wantCT: "application/json",
		},
		{
			name:  "custom JSON body",
			fault: Fault{Status: 400, Body: `{"status_code":400,"error_type":"weird"}`}, auth: true,
			wantStatus: 400, wantBody: `{"status_code":400,"error_type":"weird"}`, wantCT: "application/json",
		},
		{
			name:  "empty 401 from a gateway",
			fault: Fault{Status: 401, EmptyBody: true}, auth: true,
			wantStatus: 401, wantBody: "", wantCT: "application/json",
		},
		{
			name:  "plain-text 403 from a WAF",
			fault: Fault{Status: 403, Body: "Request blocked.", ContentType: "text/plain"}, auth: true,
			wantStatus: 403, wantBody: "Request blocked.", wantCT: "text/plain",
		},
		{
			name:  "other status gets a generic Stytch body",
			fault: Fault{Status: 409}, auth: true,
			wantStatus: 409, wantType: "conflict", wantMessage: "Conflict.", wantCT: "application/json",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := startFake(t, Options{})
			f.AddFault(tt.fault)
			r := call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, DemoUserID), tt.auth, nil)
			if tt.wantType != "" {
				checkError(t, r, tt.wantStatus, tt.wantType, tt.wantMessage)
			} else {
				if r.status != tt.wantStatus {
					t.Errorf("status = %d, want %d", r.status, tt.wantStatus)
				}
				if string(r.body) != tt.wantBody {
					t.Errorf("body = %q, want %q", r.body, tt.wantBody)
				}
			}
			if ct := r.header.Get("Content-Type"); ct != tt.wantCT {
				t.Errorf("Content-Type = %q, want %q", ct, tt.wantCT)
			}
			if ra := r.header.Get("Retry-After"); ra != tt.wantRetry {
				t.Errorf("Retry-After = %q, want %q", ra, tt.wantRetry)
			}
			if n := len(f.Requests()); n != 1 {
				t.Errorf("recorded %d requests, want 1", n)
			}
		})
	}
}

// TestFaultRedirect: a 3xx fault sends its Location and no body, and the
// fake records the one request it answered.
func TestFaultRedirect(t *testing.T) {
	f, srv := startFake(t, Options{})
	const to = "http://127.0.0.1:1/v1/sessions/revoke"
	f.AddFault(Fault{Path: "/v1/sessions/revoke", Status: 307, Location: to})
	noFollow := srv.Client()
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	r := call(t, noFollow, http.MethodPost, srv.URL+"/v1/sessions/revoke", true, []byte(`{"session_id":"x"}`))
	if r.status != 307 || r.header.Get("Location") != to || len(r.body) != 0 {
		t.Errorf("got %d Location %q body %q, want 307 to %s with no body", r.status, r.header.Get("Location"), r.body, to)
	}
	if n := len(f.Requests()); n != 1 {
		t.Errorf("recorded %d requests, want 1", n)
	}
}

func TestFaultCountingAndOrder(t *testing.T) {
	tests := []struct {
		name   string
		faults []Fault
		clear  int // call ClearFaults before this request index (0 = never)
		paths  []string
		want   []int
	}{
		{
			name:   "Times counts down then the real API answers",
			faults: []Fault{{Status: 503, Times: 2}},
			want:   []int{503, 503, 200, 200},
		},
		{
			name:   "Times 0 lasts until cleared",
			faults: []Fault{{Status: 500}},
			clear:  4,
			want:   []int{500, 500, 500, 500, 200},
		},
		{
			name:   "queued faults apply in order",
			faults: []Fault{{Status: 429, Times: 1}, {Status: 502, Times: 2}, {Status: 500, Times: 1}},
			want:   []int{429, 502, 502, 500, 200},
		},
		{
			name:   "Path restricts a fault",
			faults: []Fault{{Status: 500, Path: "/v1/users/search", Times: 1}},
			paths:  []string{"/v1/sessions", "/v1/users/search", "/v1/users/search"},
			want:   []int{200, 500, 404},
		},
		{
			name:   "a path-specific fault does not consume another path's turn",
			faults: []Fault{{Status: 500, Path: "/v1/other", Times: 1}, {Status: 429, Times: 1}},
			paths:  []string{"/v1/sessions", "/v1/other", "/v1/sessions"},
			want:   []int{429, 500, 200},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := startFake(t, Options{})
			for _, fl := range tt.faults {
				f.AddFault(fl)
			}
			var got []int
			for i := range tt.want {
				if tt.clear != 0 && i == tt.clear {
					f.ClearFaults()
				}
				path := "/v1/sessions"
				if i < len(tt.paths) {
					path = tt.paths[i]
				}
				r := call(t, srv.Client(), http.MethodGet, srv.URL+path+"?user_id="+DemoUserID, true, nil)
				got = append(got, r.status)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("statuses = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFaultTruncate(t *testing.T) {
	tests := []struct {
		name       string
		fault      Fault
		wantStatus int
	}{
		{"real response", Fault{Truncate: true, Times: 1}, 200},
		{"canned error", Fault{Status: 429, Truncate: true, Times: 1}, 429},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := startFake(t, Options{})
			f.AddFault(tt.fault)
			url := sessionsURL(srv.URL, DemoUserID)

			req, _ := http.NewRequest(http.MethodGet, url, nil)
			req.SetBasicAuth(ProjectID, Secret)
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if resp.ContentLength != -1 {
				t.Errorf("ContentLength = %d, want -1 (undeclared)", resp.ContentLength)
			}
			half, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatalf("reading a truncated body should end cleanly, got %v", err)
			}

			// An untruncated response has the same length (request IDs have a
			// fixed length), so the truncated one is exactly half of it.
			var full []byte
			if tt.wantStatus == 200 {
				full = call(t, srv.Client(), http.MethodGet, url, true, nil).body
			} else {
				full = errorJSON(429, "too_many_requests", "Too many requests have been made.")
			}
			if len(half) != len(full)/2 {
				t.Errorf("truncated body is %d bytes, want %d (half of %d)", len(half), len(full)/2, len(full))
			}
			if json.Valid(half) {
				t.Errorf("truncated body is valid JSON: %s", half)
			}
			prefix := `{"request_id":"request-id-test-`
			if tt.wantStatus != 200 {
				prefix = `{"status_code":429,"request_id":"request-id-test-`
			}
			if !strings.HasPrefix(string(half), prefix) {
				t.Errorf("truncated body %q does not start like the real one (%q)", half, prefix)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
}

func TestFaultOversize(t *testing.T) {
	tests := []struct {
		name      string
		size      int64
		wantValid bool
	}{
		{"larger than a typical client limit", 8 << 20, true},
		{"just over the skeleton", 120, true},
		{"smaller than the skeleton", 10, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := startFake(t, Options{})
			f.AddFault(Fault{Oversize: tt.size, Times: 1})
			req, _ := http.NewRequest(http.MethodGet, sessionsURL(srv.URL, DemoUserID), nil)
			req.SetBasicAuth(ProjectID, Secret)
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("status = %d, want 200", resp.StatusCode)
			}
			if resp.ContentLength != -1 {
				t.Errorf("ContentLength = %d, want -1 (streamed)", resp.ContentLength)
			}
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if int64(len(body)) != tt.size {
				t.Errorf("body is %d bytes, want %d", len(body), tt.size)
			}
			if !bytes.HasPrefix(body, []byte(`{"request_id":"request-id-test-`[:min(int(tt.size), 31)])) {
				t.Errorf("body starts %q", body[:min(len(body), 40)])
			}
			if got := json.Valid(body); got != tt.wantValid {
				t.Errorf("json.Valid = %v, want %v", got, tt.wantValid)
			}
			if tt.wantValid {
				var v struct {
					Sessions   []json.RawMessage `json:"sessions"`
					StatusCode int               `json:"status_code"`
				}
				mustUnmarshal(t, body, &v)
				if v.StatusCode != 200 || v.Sessions == nil {
					t.Errorf("oversize body decodes to %+v, want a 200 sessions shape", v)
				}
			}
		})
	}
}

func TestFaultLatency(t *testing.T) {
	t.Run("cancelled while waiting", func(t *testing.T) {
		f, srv := startFake(t, Options{})
		f.AddFault(Fault{Latency: 10 * time.Second, Status: 500, Times: 1})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := do(ctx, srv.Client(), http.MethodGet, sessionsURL(srv.URL, DemoUserID), true, nil)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
		if el := time.Since(start); el > 2*time.Second {
			t.Errorf("cancelled request took %v", el)
		}
		// The fault was used up by the cancelled request.
		r := call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, DemoUserID), true, nil)
		if r.status != 200 {
			t.Errorf("next request: status %d, want 200", r.status)
		}
		if n := len(f.Requests()); n != 2 {
			t.Errorf("recorded %d requests, want 2", n)
		}
	})
	t.Run("latency alone delays the real response", func(t *testing.T) {
		f, srv := startFake(t, Options{})
		f.AddFault(Fault{Latency: 60 * time.Millisecond, Times: 1})
		start := time.Now()
		r := call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, DemoUserID), true, nil)
		if el := time.Since(start); el < 60*time.Millisecond {
			t.Errorf("request took %v, want at least 60ms", el)
		}
		if got := len(decodeSessions(t, r.body).Sessions); got != 3 {
			t.Errorf("delayed response has %d sessions, want 3", got)
		}
		// Latency alone does not bypass authentication.
		f.AddFault(Fault{Latency: time.Millisecond, Times: 1})
		r = call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, DemoUserID), false, nil)
		checkError(t, r, 401, "unauthorized_credentials", "Unauthorized credentials.")
	})
}

func TestDefaultError(t *testing.T) {
	tests := []struct {
		status      int
		wantType    string
		wantMessage string
	}{
		{429, "too_many_requests", "Too many requests have been made."},
		{500, "internal_server_error", ""},
		{502, "internal_server_error", ""},
		{503, "internal_server_error", ""},
		{504, "internal_server_error", ""},
		{401, "unauthorized_credentials", "Unauthorized credentials."},
		{404, "not_found", "Not Found."},
		{418, "im_a_teapot", "I'm a teapot."},
		{299, "unknown_error", "Unknown error."},
	}
	for _, tt := range tests {
		gotType, gotMessage := defaultError(tt.status)
		if gotType != tt.wantType || (tt.wantMessage != "" && gotMessage != tt.wantMessage) {
			t.Errorf("defaultError(%d) = %q, %q; want %q, %q", tt.status, gotType, gotMessage, tt.wantType, tt.wantMessage)
		}
		if gotMessage == "" {
			t.Errorf("defaultError(%d) has an empty message", tt.status)
		}
	}
}
