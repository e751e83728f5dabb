package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

var now = time.Date(2026, 6, 4, 10, 0, 0, 0, time.UTC)

func newClient(t *testing.T, mod func(*api.Config)) (*api.Client, *apitest.Fake) {
	t.Helper()
	fake, srv := apitest.Start(apitest.Options{Now: func() time.Time { return now }})
	t.Cleanup(srv.Close)
	cfg := api.Config{
		BaseURL: srv.URL, ProjectID: apitest.ProjectID, Secret: apitest.Secret,
		UserAgent: "stytchctl/test (linux/amd64)",
		Retry:     api.RetryPolicy{MaxAttempts: 4, Initial: time.Millisecond, Max: 4 * time.Millisecond, MaxWait: time.Second},
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := api.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, fake
}

func TestGetSessionsDecodes(t *testing.T) {
	c, fake := newClient(t, nil)
	resp, err := c.GetSessions(context.Background(), apitest.DemoUserID)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Sessions) != 3 || !strings.HasPrefix(resp.RequestID, "request-id-test-") {
		t.Fatalf("got %d sessions, request_id %q", len(resp.Sessions), resp.RequestID)
	}
	s := resp.Sessions[1]
	if s.UserID != apitest.DemoUserID || s.StartedAt.IsZero() || s.ExpiresAt.Before(now) {
		t.Errorf("typed fields wrong: %+v", s)
	}
	if len(s.AuthenticationFactors) != 2 || s.AuthenticationFactors[0].Kind != "google_oauth_factor" || s.AuthenticationFactors[1].DeliveryMethod != "authenticator_app" {
		t.Errorf("factors = %+v", s.AuthenticationFactors)
	}
	raw := fake.Sessions(apitest.DemoUserID)
	for i := range raw {
		if string(resp.Sessions[i].Raw) != string(raw[i]) {
			t.Errorf("session %d raw bytes differ", i)
		}
		out, _ := json.Marshal(resp.Sessions[i])
		if string(out) != string(raw[i]) {
			t.Errorf("session %d does not marshal back to its raw bytes", i)
		}
	}
}

func TestGetSessionsKeepsUnknownFactors(t *testing.T) {
	c, _ := newClient(t, nil)
	resp, err := c.GetSessions(context.Background(), apitest.FactorZooUserID)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, s := range resp.Sessions {
		for _, f := range s.AuthenticationFactors {
			seen[f.Kind] = true
			if f.Type == "" || f.DeliveryMethod == "" {
				t.Errorf("factor lost its type or method: %+v", f)
			}
		}
	}
	if !seen["futurebook_oauth_factor"] || !seen["tik_tok_oauth_factor"] {
		t.Errorf("factor kinds seen: %v", seen)
	}
}

func TestErrorsAreTyped(t *testing.T) {
	c, _ := newClient(t, nil)
	_, err := c.GetSessions(context.Background(), "user-test-11111111-2222-4333-8444-555555555555")
	ae, ok := api.AsError(err)
	if !ok {
		t.Fatalf("err = %T %v, want *api.Error", err, err)
	}
	if ae.StatusCode != 404 || ae.ErrorType != "user_not_found" || !strings.HasPrefix(ae.RequestID, "request-id-test-") || ae.ErrorURL == "" || !ae.IsNotFound() {
		t.Errorf("error = %+v", ae)
	}
	if !strings.Contains(err.Error(), "user_not_found: User could not be found. (request_id request-id-test-") {
		t.Errorf("message = %q", err.Error())
	}
}

func TestRetryBoundsAndRetryAfter(t *testing.T) {
	t.Run("attempts bounded", func(t *testing.T) {
		c, fake := newClient(t, nil)
		fake.AddFault(apitest.Fault{Status: 503})
		_, err := c.GetSessions(context.Background(), apitest.DemoUserID)
		ae, ok := api.AsError(err)
		if !ok || ae.StatusCode != 503 || ae.Attempts != 4 {
			t.Fatalf("err = %v", err)
		}
		if n := len(fake.Requests()); n != 4 {
			t.Errorf("%d requests, want 4", n)
		}
	})
	t.Run("Retry-After honoured", func(t *testing.T) {
		c, fake := newClient(t, func(cfg *api.Config) { cfg.Retry.MaxWait = 3 * time.Second })
		fake.AddFault(apitest.Fault{Status: 429, RetryAfter: "1", Times: 1})
		start := time.Now()
		if _, err := c.GetSessions(context.Background(), apitest.DemoUserID); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d < 900*time.Millisecond {
			t.Errorf("retried after %s, before Retry-After: 1", d)
		}
	})
	t.Run("4xx not retried", func(t *testing.T) {
		c, fake := newClient(t, nil)
		_, err := c.GetSessions(context.Background(), "user-test-11111111-2222-4333-8444-555555555555")
		if err == nil || len(fake.Requests()) != 1 {
			t.Errorf("err %v after %d requests", err, len(fake.Requests()))
		}
	})
	t.Run("connection refused retried then NetworkError", func(t *testing.T) {
		c, err := api.New(api.Config{BaseURL: "http://127.0.0.1:1", ProjectID: "p", Secret: "s",
			Retry: api.RetryPolicy{MaxAttempts: 2, Initial: time.Millisecond, MaxWait: time.Second}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.GetSessions(context.Background(), "x")
		var ne *api.NetworkError
		if !errors.As(err, &ne) || ne.Attempts != 2 {
			t.Errorf("err = %T %v", err, err)
		}
	})
}

func TestPacerSharesA429(t *testing.T) {
	pacer := &api.Pacer{}
	c, fake := newClient(t, func(cfg *api.Config) { cfg.Pacer = pacer; cfg.Retry.MaxWait = 3 * time.Second })
	fake.AddFault(apitest.Fault{Status: 429, RetryAfter: "1", Times: 1})
	if _, err := c.GetSessions(context.Background(), apitest.DemoUserID); err != nil {
		t.Fatal(err)
	}
	// The pause is over once the retried request succeeded.
	start := time.Now()
	if err := pacer.Wait(context.Background()); err != nil || time.Since(start) > 100*time.Millisecond {
		t.Errorf("pacer still paused: %v", err)
	}
	// A fresh pause holds another worker back.
	pacer.Pause(300 * time.Millisecond)
	start = time.Now()
	_ = pacer.Wait(context.Background())
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Errorf("Wait returned after %s during a 300ms pause", d)
	}
}

func TestUnreadableResponses(t *testing.T) {
	cases := []struct {
		name  string
		fault apitest.Fault
		max   int64
		want  string
	}{
		{"html", apitest.Fault{Status: 502, ContentType: "text/html", Body: "<html>Bad Gateway</html>"}, 0, "error body is not a Stytch JSON error"},
		{"truncated", apitest.Fault{Truncate: true}, 0, "truncated"},
		{"oversized", apitest.Fault{Oversize: 4096}, 1024, "larger than"},
		{"not json", apitest.Fault{Body: "hello", ContentType: "text/plain"}, 0, "body is not JSON"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, fake := newClient(t, func(cfg *api.Config) { cfg.MaxBodyBytes = tc.max; cfg.Retry.MaxAttempts = 1 })
			fake.AddFault(tc.fault)
			_, err := c.GetSessions(context.Background(), apitest.DemoUserID)
			var re *api.ResponseError
			if !errors.As(err, &re) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %T %v, want ResponseError with %q", err, err, tc.want)
			}
		})
	}
}

func TestTimeoutAndCancel(t *testing.T) {
	c, fake := newClient(t, func(cfg *api.Config) { cfg.Timeout = 30 * time.Millisecond; cfg.Retry.MaxAttempts = 2 })
	fake.AddFault(apitest.Fault{Latency: time.Second})
	_, err := c.GetSessions(context.Background(), apitest.DemoUserID)
	var te *api.TimeoutError
	if !errors.As(err, &te) || te.Attempts != 2 {
		t.Errorf("err = %T %v", err, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	c2, fake2 := newClient(t, nil)
	fake2.AddFault(apitest.Fault{Latency: time.Second})
	_, err = c2.GetSessions(ctx, apitest.DemoUserID)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled err = %v", err)
	}
}

func TestObserveSeesEveryAttempt(t *testing.T) {
	var seen []api.Exchange
	c, fake := newClient(t, func(cfg *api.Config) { cfg.Observe = func(e api.Exchange) { seen = append(seen, e) } })
	fake.AddFault(apitest.Fault{Status: 500, Times: 1})
	if _, err := c.GetSessions(context.Background(), apitest.DemoUserID); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0].Status != 500 || seen[1].Status != 200 || seen[1].Attempt != 2 || seen[0].Method != http.MethodGet {
		t.Errorf("exchanges = %+v", seen)
	}
}

func TestValidateUserID(t *testing.T) {
	good := []string{apitest.DemoUserID, "user-live-00000000-0000-4000-8000-000000000001", "alice-42", "auth0|abc.def_g", strings.Repeat("a", 128), "..a", "a.."}
	for _, id := range good {
		if err := api.ValidateUserID(id); err != nil {
			t.Errorf("ValidateUserID(%q) = %v", id, err)
		}
	}
	bad := map[string]string{"": "empty", strings.Repeat("a", 129): "129", "user-test-123": "malformed", "a b": "malformed", "x@y.com": "email", "ü": "malformed",
		".": "only dots", "..": "only dots", "....": "only dots"}
	for id, want := range bad {
		if err := api.ValidateUserID(id); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ValidateUserID(%q) = %v, want %q", id, err, want)
		}
	}
}

// TestSessionListsMustHoldTheirArray: a 200 whose body has no sessions array
// (none, null, an object, an element that is not a session) or is a
// Stytch error body is an unreadable response, never "no sessions": for
// the typed list, the pass-through of -o json, and the B2B list.
func TestSessionListsMustHoldTheirArray(t *testing.T) {
	const errorBody = `{"status_code":404,"request_id":"request-id-test-e","error_type":"user_not_found","error_message":"User could not be found."}`
	for _, tc := range []struct {
		name, key string
	}{{"consumer", "sessions"}, {"b2b", "member_sessions"}} {
		for _, body := range []string{
			`{"request_id":"request-id-test-x","status_code":200}`,
			`{"request_id":"request-id-test-x","` + tc.key + `":null,"status_code":200}`,
			`{"request_id":"request-id-test-x","` + tc.key + `":{},"status_code":200}`,
			`{"request_id":"request-id-test-x","` + tc.key + `":{"session_id":"session-test-x"},"status_code":200}`,
			`{"request_id":"request-id-test-x","` + tc.key + `":[1],"status_code":200}`,
			`{"request_id":"request-id-test-x","` + tc.key + `":[null],"status_code":200}`,
			errorBody,
		} {
			c, fake := newClient(t, nil)
			fake.AddFault(apitest.Fault{Body: body})
			calls := map[string]func() error{
				"GetMemberSessions": func() error {
					_, err := c.GetMemberSessions(context.Background(), apitest.DemoOrganizationID, apitest.DemoMemberID)
					return err
				},
			}
			if tc.key == "sessions" {
				calls = map[string]func() error{
					"GetSessions":    func() error { _, err := c.GetSessions(context.Background(), apitest.DemoUserID); return err },
					"GetSessionsRaw": func() error { _, err := c.GetSessionsRaw(context.Background(), apitest.DemoUserID); return err },
				}
			}
			for name, call := range calls {
				err := call()
				var re *api.ResponseError
				if !errors.As(err, &re) {
					t.Errorf("%s of 200 %s: err %v, want an unreadable response", name, body, err)
					continue
				}
				if body == errorBody && (!strings.Contains(err.Error(), "user_not_found") || !strings.Contains(err.Error(), "request-id-test-e")) {
					t.Errorf("%s of 200 %s: %q does not name the error_type and request_id", name, body, err)
				}
			}
		}
	}
}

// TestBodyCutByTheConnectionIsRetried: a connection reset, or closed, in the
// middle of a 200 body is a connection error like any other (README: retried),
// not an unreadable response: the retry gets the whole answer.
func TestBodyCutByTheConnectionIsRetried(t *testing.T) {
	const body = `{"request_id":"request-id-test-r","sessions":[],"status_code":200}`
	for _, reset := range []bool{true, false} {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) > 1 {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, body)
				return
			}
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body)+1000, body[:20])
			_ = buf.Flush()
			time.Sleep(50 * time.Millisecond) // the client is reading the body now
			if reset {
				_ = conn.(*net.TCPConn).SetLinger(0) // close sends RST
			}
			_ = conn.Close()
		}))
		c, err := api.New(api.Config{BaseURL: srv.URL, ProjectID: apitest.ProjectID, Secret: apitest.Secret,
			Retry: api.RetryPolicy{MaxAttempts: 3, Initial: time.Millisecond, Max: time.Millisecond}})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.GetSessions(context.Background(), apitest.DemoUserID)
		if err != nil || resp.RequestID != "request-id-test-r" {
			t.Errorf("reset=%v: %v, want the retry's answer", reset, err)
		}
		if got := n.Load(); got != 2 {
			t.Errorf("reset=%v: %d requests, want 2", reset, got)
		}
		srv.Close()
	}
}
