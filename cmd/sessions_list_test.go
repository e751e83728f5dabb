package cmd

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
)

func TestSessionsListPipedTable(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "--user", apitest.DemoUserID)
	r.expect(t, 0)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 rows and no header, got %d:\n%s", len(lines), r.stdout)
	}
	want := []string{"Email magic link\tChrome 126 · macOS\t203.0.113.42", "Google OAuth + TOTP\tSafari 17 · iOS", "Password + SMS OTP\tFirefox 127 · Windows\t198.51.100.17"}
	for i, l := range lines {
		if n := strings.Count(l, "\t"); n != 7 {
			t.Errorf("row %d has %d tabs, want 7: %q", i, n, l)
		}
		if !strings.HasPrefix(l, "session-test-") || !strings.Contains(l, "\t"+apitest.DemoUserID+"\t") || !strings.Contains(l, want[i]) {
			t.Errorf("row %d = %q, want it to contain %q", i, l, want[i])
		}
		if !strings.HasSuffix(l, "Z") {
			t.Errorf("row %d does not end in an RFC 3339 UTC time: %q", i, l)
		}
	}
	if r.stderr != "" {
		t.Errorf("stderr not empty: %q", r.stderr)
	}
}

func TestSessionsListTerminalTable(t *testing.T) {
	h := newHarness(t)
	h.tty, h.width = true, 200
	r := h.run("sessions", "list", "-u", apitest.DemoUserID)
	r.expect(t, 0)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("want header + 3 rows:\n%s", r.stdout)
	}
	for _, h := range []string{"SESSION ID", "FACTORS", "DEVICE", "IP", "STARTED", "LAST ACTIVE", "EXPIRES"} {
		if !strings.Contains(lines[0], h) {
			t.Errorf("header lacks %q: %q", h, lines[0])
		}
	}
	if !strings.Contains(r.stdout, " ago") || !strings.Contains(r.stdout, "in ") {
		t.Errorf("terminal table has no relative times:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "\t") {
		t.Errorf("terminal table contains tabs:\n%s", r.stdout)
	}
}

func TestSessionsListColor(t *testing.T) {
	h := newHarness(t)
	h.tty, h.width = true, 200
	r := h.run("sessions", "list", "-u", apitest.DemoUserID)
	if !strings.HasPrefix(r.stdout, "\x1b[") {
		t.Errorf("terminal header is not styled: %q", r.stdout)
	}
	h.env["NO_COLOR"] = "1"
	r = h.run("sessions", "list", "-u", apitest.DemoUserID)
	if strings.ContainsRune(r.stdout, '\x1b') {
		t.Errorf("NO_COLOR set but output is coloured: %q", r.stdout)
	}
	h.tty = false
	h.env = map[string]string{"CLICOLOR_FORCE": "1", "STYTCH_PROJECT_ID": apitest.ProjectID, "STYTCH_SECRET": apitest.Secret, "STYTCHCTL_API_URL": h.server.URL}
	r = h.run("sessions", "list", "-u", apitest.DemoUserID)
	if strings.ContainsRune(r.stdout, '\x1b') {
		t.Errorf("piped TSV must never be coloured: %q", r.stdout)
	}
}

func TestSessionsListTerminalFitsWidth(t *testing.T) {
	h := newHarness(t)
	h.tty, h.width = true, 120
	h.env["NO_COLOR"] = "1"
	r := h.run("sessions", "list", "-u", apitest.DemoUserID)
	r.expect(t, 0)
	for _, l := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		if n := len([]rune(l)); n > 120 {
			t.Errorf("line is %d runes wide, terminal is 120: %q", n, l)
		}
	}
}

func TestSessionsListHostileTextNeverRaw(t *testing.T) {
	h := newHarness(t)
	h.env["NO_COLOR"] = "1"
	for _, tty := range []bool{false, true} {
		h.tty, h.width = tty, 300
		r := h.run("sessions", "list", "-u", apitest.HostileUserID)
		r.expect(t, 0)
		if strings.ContainsRune(r.stdout, '\x1b') {
			t.Errorf("tty=%v: raw escape reached stdout: %q", tty, r.stdout)
		}
		if !strings.Contains(r.stdout, `\x1b`) {
			t.Errorf("tty=%v: escape was not made visible: %q", tty, r.stdout)
		}
	}
}

func TestSessionsListJSONIsTheAPIResponse(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "-u", apitest.FactorZooUserID, "-o", "json")
	r.expect(t, 0)
	var doc struct {
		RequestID  string            `json:"request_id"`
		Sessions   []json.RawMessage `json:"sessions"`
		StatusCode int               `json:"status_code"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
	}
	if !strings.HasPrefix(doc.RequestID, "request-id-test-") || doc.StatusCode != 200 {
		t.Errorf("request_id/status_code not passed through: %+v", doc)
	}
	want := h.fake.Sessions(apitest.FactorZooUserID)
	if len(doc.Sessions) != len(want) || len(want) == 0 {
		t.Fatalf("got %d sessions, fake has %d", len(doc.Sessions), len(want))
	}
	for i := range want {
		if compact(t, doc.Sessions[i]) != compact(t, want[i]) {
			t.Errorf("session %d changed on the way:\n got %s\nwant %s", i, compact(t, doc.Sessions[i]), compact(t, want[i]))
		}
	}
	// Key order of the top level is the API's.
	if strings.Index(r.stdout, `"request_id"`) > strings.Index(r.stdout, `"sessions"`) {
		t.Error("top-level keys reordered")
	}
}

func TestSessionsListJSONKeepsFalseEmptyAndUnknown(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "-u", apitest.LosslessUserID, "-o", "json")
	r.expect(t, 0)
	raw := compact(t, []byte(r.stdout))
	for _, want := range []string{`:false`, `:""`, `:[]`, `:{}`} {
		if !strings.Contains(raw, want) {
			t.Errorf("JSON lost a %s value:\n%s", want, raw)
		}
	}
}

func TestSessionsListYAML(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "-u", apitest.DemoUserID, "-o", "yaml")
	r.expect(t, 0)
	for _, want := range []string{"request_id: request-id-test-", "sessions:\n  - session_id: session-test-", "status_code: 200", "custom_claims: {}"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("YAML lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestSessionsListEmpty(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "-u", apitest.NoActiveSessionsUserID)
	r.expect(t, 0, "No active sessions for user "+apitest.NoActiveSessionsUserID)
	if r.stdout != "" {
		t.Errorf("table stdout not empty for no sessions: %q", r.stdout)
	}
	r = h.run("sessions", "list", "-u", apitest.NoActiveSessionsUserID, "-o", "json")
	r.expect(t, 0)
	if !strings.Contains(compact(t, []byte(r.stdout)), `"sessions":[]`) {
		t.Errorf("JSON for no sessions = %s", r.stdout)
	}
}

func TestSessionsListRequestShape(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "-u", apitest.FactorZooExternalID, "-o", "json")
	r.expect(t, 0)
	reqs := h.fake.Requests()
	if len(reqs) != 1 {
		t.Fatalf("want 1 request, got %d", len(reqs))
	}
	req := reqs[0]
	if req.Method != "GET" || req.Path != "/v1/sessions" {
		t.Errorf("request = %s %s", req.Method, req.Path)
	}
	if req.RawQuery != "user_id=auth0%7C64b7f3c2a91e5d0012ab34cd" {
		t.Errorf("query = %q, want the external ID query-escaped", req.RawQuery)
	}
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte(apitest.ProjectID+":"+apitest.Secret))
	if got := req.Header.Get("Authorization"); got != wantAuth {
		t.Errorf("Authorization = %q", got)
	}
	if ua := req.Header.Get("User-Agent"); !strings.HasPrefix(ua, "stytchctl/1.2.3-test (") || !strings.Contains(ua, "/") {
		t.Errorf("User-Agent = %q", ua)
	}
}

func TestSessionsListUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"missing user", []string{"sessions", "list"}, "--user, --users-file or --email is required"},
		{"empty user", []string{"sessions", "list", "--user", ""}, "user ID is empty"},
		{"too long", []string{"sessions", "list", "-u", strings.Repeat("a", 129)}, "129 characters long"},
		{"malformed", []string{"sessions", "list", "-u", "bad id/../x"}, "malformed"},
		{"bad uuid", []string{"sessions", "list", "-u", "user-test-1234"}, "user-test-<uuid>"},
		{"email", []string{"sessions", "list", "-u", "a@example.com"}, "email address"},
		{"unknown flag", []string{"sessions", "list", "-u", apitest.DemoUserID, "--nope"}, "unknown flag: --nope"},
		{"unknown format", []string{"sessions", "list", "-u", apitest.DemoUserID, "-o", "xml"}, "valid formats are table, wide, json, yaml, ndjson, csv"},
		{"stray argument", []string{"sessions", "list", "extra"}, "sessions list takes users as flags: did you mean --user extra?"},
		{"bad timeout", []string{"sessions", "list", "-u", apitest.DemoUserID, "--timeout", "0s"}, "--timeout must be positive"},
		{"plain http", []string{"sessions", "list", "-u", apitest.DemoUserID, "--api-url", "http://api.example.com"}, "refusing plain http://"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.run(tc.args...)
			r.expect(t, 2, tc.want, "--help' for usage")
			if r.stdout != "" {
				t.Errorf("stdout not empty: %q", r.stdout)
			}
			if n := len(h.fake.Requests()); n != 0 {
				t.Errorf("%d requests sent for bad input", n)
			}
		})
	}
}

func TestSessionsListCredentialErrors(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"none", map[string]string{}, []string{"no Stytch credentials found", "STYTCH_PROJECT_ID", "--profile demo"}},
		{"id only", map[string]string{"STYTCH_PROJECT_ID": apitest.ProjectID}, []string{"STYTCH_SECRET is not", "set both"}},
		{"secret only", map[string]string{"STYTCH_SECRET": apitest.Secret}, []string{"STYTCH_PROJECT_ID is not"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.env = tc.env
			h.env["STYTCHCTL_API_URL"] = h.server.URL
			r := h.run("sessions", "list", "-u", apitest.DemoUserID)
			r.expect(t, 4, tc.want...)
			if r.stdout != "" || len(h.fake.Requests()) != 0 {
				t.Errorf("stdout %q, %d requests", r.stdout, len(h.fake.Requests()))
			}
		})
	}
}

func TestSessionsListAPIErrors(t *testing.T) {
	t.Run("401", func(t *testing.T) {
		h := newHarness(t)
		h.env["STYTCH_SECRET"] = "secret-test-wrong"
		r := h.run("sessions", "list", "-u", apitest.DemoUserID)
		r.expect(t, 4, "listing sessions of user "+apitest.DemoUserID, "unauthorized_credentials", "request_id request-id-test-")
		if strings.Contains(r.stderr, "secret-test-wrong") {
			t.Error("the secret was printed")
		}
	})
	t.Run("user not found", func(t *testing.T) {
		h := newHarness(t)
		r := h.run("sessions", "list", "-u", "user-test-11111111-2222-4333-8444-555555555555")
		r.expect(t, 3, "user_not_found: User could not be found.", "request_id request-id-test-")
		if r.stdout != "" {
			t.Errorf("stdout = %q", r.stdout)
		}
	})
	t.Run("429 retried then exit 5", func(t *testing.T) {
		h := newHarness(t)
		h.fake.AddFault(apitest.Fault{Status: 429, RetryAfter: "0"})
		r := h.run("sessions", "list", "-u", apitest.DemoUserID)
		r.expect(t, 5, "too_many_requests", "after 3 attempts", "request_id")
		if n := len(h.fake.Requests()); n != 3 {
			t.Errorf("sent %d requests, want 3 (bounded retries)", n)
		}
	})
	t.Run("Retry-After longer than the budget stops at once", func(t *testing.T) {
		h := newHarness(t)
		h.fake.AddFault(apitest.Fault{Status: 429, RetryAfter: "3600"})
		start := time.Now()
		r := h.run("sessions", "list", "-u", apitest.DemoUserID)
		r.expect(t, 5, "too_many_requests", "Retry-After: 3600")
		if n := len(h.fake.Requests()); n != 1 {
			t.Errorf("sent %d requests, want 1", n)
		}
		if time.Since(start) > 5*time.Second {
			t.Error("waited out a Retry-After beyond the retry budget")
		}
	})
	t.Run("5xx retried then success", func(t *testing.T) {
		h := newHarness(t)
		h.fake.AddFault(apitest.Fault{Status: 503, Times: 2})
		r := h.run("sessions", "list", "-u", apitest.DemoUserID)
		r.expect(t, 0)
		if n := len(h.fake.Requests()); n != 3 {
			t.Errorf("sent %d requests, want 3", n)
		}
		if strings.Count(r.stdout, "\n") != 3 {
			t.Errorf("stdout = %q", r.stdout)
		}
	})
	t.Run("500 after retries is exit 1", func(t *testing.T) {
		h := newHarness(t)
		h.fake.AddFault(apitest.Fault{Status: 500})
		r := h.run("sessions", "list", "-u", apitest.DemoUserID)
		r.expect(t, 1, "internal_server_error", "after 3 attempts")
	})
	t.Run("HTML 502 from a proxy", func(t *testing.T) {
		h := newHarness(t)
		h.fake.AddFault(apitest.Fault{Status: 502, ContentType: "text/html", Body: "<html><body><h1>502 Bad Gateway</h1></body></html>"})
		r := h.run("sessions", "list", "-u", apitest.DemoUserID)
		r.expect(t, 1, "unreadable response (HTTP 502, text/html)", "502 Bad Gateway")
		assertNoPanic(t, r)
	})
	t.Run("non-JSON 200", func(t *testing.T) {
		h := newHarness(t)
		h.fake.AddFault(apitest.Fault{Body: "<html>login page</html>", ContentType: "text/html"})
		r := h.run("sessions", "list", "-u", apitest.DemoUserID)
		r.expect(t, 1, "body is not JSON")
	})
	t.Run("truncated body", func(t *testing.T) {
		h := newHarness(t)
		h.fake.AddFault(apitest.Fault{Truncate: true})
		r := h.run("sessions", "list", "-u", apitest.DemoUserID)
		r.expect(t, 1, "truncated")
		assertNoPanic(t, r)
	})
	t.Run("timeout", func(t *testing.T) {
		h := newHarness(t)
		h.fake.AddFault(apitest.Fault{Latency: 2 * time.Second})
		r := h.run("sessions", "list", "-u", apitest.DemoUserID, "--timeout", "50ms")
		r.expect(t, 1, "no response within 50ms")
		if r.stdout != "" {
			t.Errorf("stdout = %q", r.stdout)
		}
	})
}

func TestSessionsListInterrupted(t *testing.T) {
	h := newHarness(t)
	h.fake.SetLatency(5 * time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	r := h.runCtx(ctx, "sessions", "list", "-u", apitest.DemoUserID)
	r.expect(t, 130, "interrupted")
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %s to stop after Ctrl-C", d)
	}
}

// epipeWriter fails like stdout does when the reader of a pipe has gone.
type epipeWriter struct{}

func (epipeWriter) Write([]byte) (int, error) { return 0, syscall.EPIPE }

func TestSessionsListClosedPipeIsQuiet(t *testing.T) {
	h := newHarness(t)
	h.stdout = epipeWriter{}
	for _, format := range []string{"table", "json", "yaml"} {
		r := h.run("sessions", "list", "-u", apitest.DemoUserID, "-o", format)
		if r.code != 0 || r.stderr != "" {
			t.Errorf("-o %s: closed pipe gave exit %d, stderr %q", format, r.code, r.stderr)
		}
	}
}

func TestDemoProfileNeedsNoCredentialsOrNetwork(t *testing.T) {
	h := newHarness(t)
	h.env = map[string]string{}
	var out, errb bytes.Buffer
	deps := &Deps{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		LookupEnv: func(string) (string, bool) { return "", false },
		Now:       func() time.Time { return testNow },
		// Any network use would fail loudly.
		HTTPClient: &http.Client{Transport: failingTransport{}},
		Build:      BuildInfo{Version: "t"},
	}
	code := Run(context.Background(), deps, []string{"sessions", "list", "--profile", "demo", "--user", apitest.DemoUserID, "-o", "json"})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var doc struct {
		Sessions []struct {
			SessionID string `json:"session_id"`
		} `json:"sessions"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || len(doc.Sessions) < 3 {
		t.Fatalf("demo returned %d sessions (%v):\n%s", len(doc.Sessions), err, out.String())
	}
}

type failingTransport struct{}

func (failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("network used")
}

func TestVersion(t *testing.T) {
	h := newHarness(t)
	r := h.run("--version")
	r.expect(t, 0)
	if r.stdout != "stytchctl 1.2.3-test\n" {
		t.Errorf("--version = %q", r.stdout)
	}
	r = h.run("version")
	r.expect(t, 0)
	if !strings.HasPrefix(r.stdout, "stytchctl 1.2.3-test\n") || !strings.Contains(r.stdout, "go: go1.") {
		t.Errorf("version = %q", r.stdout)
	}

	r = h.run("version", "-o", "json")
	r.expect(t, 0)
	var doc map[string]string
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("version -o json is not a JSON object of strings: %v\n%s", err, r.stdout)
	}
	want := map[string]string{"version": "1.2.3-test", "commit": "", "date": "", "go": runtime.Version(), "os": runtime.GOOS, "arch": runtime.GOARCH}
	if !reflect.DeepEqual(doc, want) {
		t.Errorf("version -o json = %v, want %v", doc, want)
	}
	r = h.run("version", "--jq", ".version")
	r.expect(t, 0)
	if r.stdout != "1.2.3-test\n" {
		t.Errorf("version --jq .version = %q", r.stdout)
	}
	r = h.run("version", "-o", "yaml")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "version: 1.2.3-test\n") || !strings.Contains(r.stdout, "commit: \"\"\n") {
		t.Errorf("version -o yaml = %q", r.stdout)
	}
	r = h.run("version", "-o", "ndjson")
	r.expect(t, 2)
	if r.stdout != "" || !strings.Contains(r.stderr, "prints one document") {
		t.Errorf("version -o ndjson: stdout %q, stderr %q", r.stdout, r.stderr)
	}
}

func assertNoPanic(t *testing.T, r result) {
	t.Helper()
	if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
		t.Errorf("stack trace on stderr:\n%s", r.stderr)
	}
}

func compact(t *testing.T, b []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatalf("compact: %v\n%s", err, b)
	}
	return buf.String()
}
