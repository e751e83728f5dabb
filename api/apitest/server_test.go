package apitest

import (
	"context"
	"encoding/base64"
	"errors"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestAuthentication(t *testing.T) {
	_, srv := startFake(t, Options{})
	basic := func(user, pass string) string {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
	}
	tests := []struct {
		name          string
		authorization string // "" = no header
		wantStatus    int
	}{
		{"no credentials", "", http.StatusUnauthorized},
		{"wrong secret", basic(ProjectID, "secret-test-wrong="), http.StatusUnauthorized},
		{"wrong project", basic("project-test-11111111-1111-4111-8111-111111111111", Secret), http.StatusUnauthorized},
		{"swapped", basic(Secret, ProjectID), http.StatusUnauthorized},
		{"bearer scheme", "Bearer " + Secret, http.StatusUnauthorized},
		{"not base64", "Basic %%%", http.StatusUnauthorized},
		{"empty basic", basic("", ""), http.StatusUnauthorized},
		{"correct", basic(ProjectID, Secret), http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, sessionsURL(srv.URL, DemoUserID), nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.authorization != "" {
				req.Header.Set("Authorization", tt.authorization)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			r := response{status: resp.StatusCode, header: resp.Header}
			r.body = readAll(t, resp)
			if tt.wantStatus == http.StatusUnauthorized {
				checkError(t, r, http.StatusUnauthorized, "unauthorized_credentials", "Unauthorized credentials.")
				return
			}
			if got := len(decodeSessions(t, r.body).Sessions); got != 3 {
				t.Errorf("authorized request returned %d sessions, want 3", got)
			}
		})
	}
}

func TestRouting(t *testing.T) {
	_, srv := startFake(t, Options{})
	tests := []struct {
		name       string
		method     string
		path       string
		auth       bool
		wantStatus int
		wantType   string
		wantAllow  string
	}{
		{"unknown path", http.MethodGet, "/v1/nope", true, 404, "route_not_found", ""},
		{"unknown path without credentials", http.MethodGet, "/v1/nope", false, 404, "route_not_found", ""},
		{"trailing slash is another path", http.MethodGet, "/v1/sessions/?user_id=alice-42", true, 404, "route_not_found", ""},
		{"root", http.MethodGet, "/", true, 404, "route_not_found", ""},
		{"wrong method", http.MethodPost, "/v1/sessions", true, 405, "method_not_allowed", "GET"},
		{"wrong method without credentials", http.MethodDelete, "/v1/sessions?user_id=alice-42", false, 405, "method_not_allowed", "GET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := call(t, srv.Client(), tt.method, srv.URL+tt.path, tt.auth, nil)
			checkError(t, r, tt.wantStatus, tt.wantType, "")
			if got := r.header.Get("Allow"); got != tt.wantAllow {
				t.Errorf("Allow = %q, want %q", got, tt.wantAllow)
			}
		})
	}
}

func TestMatchPattern(t *testing.T) {
	tests := []struct {
		pattern, path string
		wantOK        bool
		wantParams    map[string]string
	}{
		{"/v1/sessions", "/v1/sessions", true, nil},
		{"/v1/sessions", "/v1/sessions/", false, nil},
		{"/v1/users/{user_id}", "/v1/users/user-test-00000000-0000-4000-8000-000000000001", true,
			map[string]string{"user_id": "user-test-00000000-0000-4000-8000-000000000001"}},
		{"/v1/users/{user_id}", "/v1/users/auth0%7Cabc%2Fdef", true, map[string]string{"user_id": "auth0|abc/def"}},
		{"/v1/users/{user_id}", "/v1/users/", false, nil},
		{"/v1/users/{user_id}", "/v1/users/a/b", false, nil},
		{"/v1/sessions/jwks/{project_id}", "/v1/sessions/jwks/" + ProjectID, true, map[string]string{"project_id": ProjectID}},
	}
	for _, tt := range tests {
		params, ok := matchPattern(tt.pattern, tt.path)
		if ok != tt.wantOK {
			t.Errorf("matchPattern(%q, %q) ok = %v, want %v", tt.pattern, tt.path, ok, tt.wantOK)
			continue
		}
		if len(params) != len(tt.wantParams) {
			t.Errorf("matchPattern(%q, %q) params = %v, want %v", tt.pattern, tt.path, params, tt.wantParams)
		}
		for k, v := range tt.wantParams {
			if params[k] != v {
				t.Errorf("matchPattern(%q, %q) params[%q] = %q, want %q", tt.pattern, tt.path, k, params[k], v)
			}
		}
	}
}

func TestRequestIDsAreFresh(t *testing.T) {
	_, srv := startFake(t, Options{})
	seen := map[string]bool{}
	for i := range 20 {
		url := sessionsURL(srv.URL, DemoUserID)
		auth := i%2 == 0 // alternate success and error bodies
		r := call(t, srv.Client(), http.MethodGet, url, auth, nil)
		var body struct {
			RequestID string `json:"request_id"`
		}
		mustUnmarshal(t, r.body, &body)
		if !requestIDPattern.MatchString(body.RequestID) {
			t.Fatalf("request %d: request_id %q has the wrong shape", i, body.RequestID)
		}
		if seen[body.RequestID] {
			t.Fatalf("request %d: request_id %q repeated", i, body.RequestID)
		}
		seen[body.RequestID] = true
	}
}

func TestRequestRecording(t *testing.T) {
	f, srv := startFake(t, Options{})
	f.AddFault(Fault{Status: http.StatusTooManyRequests, Times: 1})

	call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, FactorZooExternalID), true, nil) // 429 fault
	call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, FactorZooExternalID), true, nil) // 200
	call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, DemoUserID), false, nil)         // 401
	call(t, srv.Client(), http.MethodPost, srv.URL+"/v1/sessions/revoke", true, []byte(`{"session_id":"x"}`))

	got := f.Requests()
	if len(got) != 4 {
		t.Fatalf("recorded %d requests, want 4: %+v", len(got), got)
	}
	for i, r := range got[:2] {
		if r.Method != http.MethodGet || r.Path != "/v1/sessions" {
			t.Errorf("request %d = %s %s, want GET /v1/sessions", i, r.Method, r.Path)
		}
		if r.RawQuery != "user_id=auth0%7C64b7f3c2a91e5d0012ab34cd" {
			t.Errorf("request %d RawQuery = %q, want the | escaped as %%7C", i, r.RawQuery)
		}
		if q := r.Query["user_id"]; len(q) != 1 || q[0] != FactorZooExternalID {
			t.Errorf("request %d Query[user_id] = %q, want [%q]", i, q, FactorZooExternalID)
		}
		user, pass, ok := (&http.Request{Header: r.Header}).BasicAuth()
		if !ok || user != ProjectID || pass != Secret {
			t.Errorf("request %d recorded Basic auth = %q/%q/%v, want the fake's credentials", i, user, pass, ok)
		}
		if ua := r.Header.Get("User-Agent"); ua != "stytchctl/test" {
			t.Errorf("request %d User-Agent = %q", i, ua)
		}
		if len(r.Body) != 0 {
			t.Errorf("request %d body = %q, want empty", i, r.Body)
		}
	}
	if h := got[2].Header.Get("Authorization"); h != "" {
		t.Errorf("unauthenticated request recorded Authorization %q", h)
	}
	if got[3].Method != http.MethodPost || got[3].Path != "/v1/sessions/revoke" || string(got[3].Body) != `{"session_id":"x"}` {
		t.Errorf("request 3 = %s %s %q, want POST /v1/sessions/revoke with its body", got[3].Method, got[3].Path, got[3].Body)
	}

	// The returned values are copies.
	got[0].Header.Set("User-Agent", "mutated")
	got[0].Query.Set("user_id", "mutated")
	got[3].Body[0] = 'X'
	again := f.Requests()
	if again[0].Header.Get("User-Agent") != "stytchctl/test" || again[0].Query.Get("user_id") != FactorZooExternalID || again[3].Body[0] != '{' {
		t.Error("mutating a returned Request changed the fake's log")
	}

	f.ResetRequests()
	if n := len(f.Requests()); n != 0 {
		t.Errorf("after ResetRequests: %d requests, want 0", n)
	}
	call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, DemoUserID), true, nil)
	if n := len(f.Requests()); n != 1 {
		t.Errorf("after one more request: %d requests, want 1", n)
	}
}

func TestLatency(t *testing.T) {
	tests := []struct {
		name   string
		opts   Options
		setLat time.Duration // applied with SetLatency when > 0
	}{
		{"Options.Latency", Options{Latency: 2 * time.Second}, 0},
		{"SetLatency", Options{}, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := startFake(t, tt.opts)
			if tt.setLat > 0 {
				f.SetLatency(tt.setLat)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err := do(ctx, srv.Client(), http.MethodGet, sessionsURL(srv.URL, DemoUserID), true, nil)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want context.DeadlineExceeded", err)
			}
			if el := time.Since(start); el > time.Second {
				t.Errorf("cancelled request took %v; the latency should not be waited out", el)
			}

			f.SetLatency(30 * time.Millisecond)
			start = time.Now()
			r := call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, DemoUserID), true, nil)
			if el := time.Since(start); el < 30*time.Millisecond {
				t.Errorf("request took %v, want at least the 30ms latency", el)
			}
			if got := len(decodeSessions(t, r.body).Sessions); got != 3 {
				t.Errorf("delayed request returned %d sessions, want 3", got)
			}
		})
	}
}

// TestNonTestFilesAvoidTesting guards the demo profile: the production binary
// links this package, so its non-test files must not import "testing".
func TestNonTestFilesAvoidTesting(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range file.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "testing" || strings.HasPrefix(p, "testing/") {
				t.Errorf("%s imports %s", name, p)
			}
		}
		checked++
	}
	if checked < 5 {
		t.Errorf("checked only %d non-test files; is the glob wrong?", checked)
	}
}
