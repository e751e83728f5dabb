package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

// elsewhere is a plain-http server that records every request that
// reaches it, with its Authorization header: where a hostile redirect
// points.
type elsewhere struct {
	*httptest.Server
	mu   sync.Mutex
	hits []string
}

func newElsewhere(t *testing.T) *elsewhere {
	t.Helper()
	e := &elsewhere{}
	e.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.hits = append(e.hits, r.Method+" "+r.URL.Path+" Authorization="+r.Header.Get("Authorization"))
		e.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprint(w, `{"request_id":"request-id-test-elsewhere","sessions":[],"status_code":200}`)
	}))
	t.Cleanup(e.Close)
	return e
}

func (e *elsewhere) requests() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.hits...)
}

// redirecting starts a server (TLS when tls is set) that answers every
// request with status and a Location built by to, and counts requests.
func redirecting(t *testing.T, tls bool, status int, to func(r *http.Request) string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Location", to(r))
		w.WriteHeader(status)
	})
	var srv *httptest.Server
	if tls {
		srv = httptest.NewTLSServer(h)
	} else {
		srv = httptest.NewServer(h)
	}
	t.Cleanup(srv.Close)
	return srv, &n
}

// TestRedirectIsNeverFollowed: an API answering a redirect to plain http on
// the same host (another port) gets an error naming the status and the
// Location, after one request; nothing, and above all no Authorization,
// reaches the Location. This holds for the client api builds and for one
// passed in (here the TLS test server's), which is not modified.
func TestRedirectIsNeverFollowed(t *testing.T) {
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, passedIn := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d passed-in=%v", status, passedIn), func(t *testing.T) {
				other := newElsewhere(t)
				srv, n := redirecting(t, passedIn, status, func(r *http.Request) string { return other.URL + r.URL.RequestURI() })
				cfg := api.Config{BaseURL: srv.URL, ProjectID: apitest.ProjectID, Secret: apitest.Secret,
					Retry: api.RetryPolicy{MaxAttempts: 4, Initial: time.Millisecond, Max: time.Millisecond}}
				if passedIn {
					cfg.HTTPClient = srv.Client()
				}
				c, err := api.New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				for _, call := range []struct {
					name string
					do   func() error
				}{
					{"revoke", func() error { _, err := c.RevokeSession(context.Background(), aliceChrome); return err }},
					{"list", func() error { _, err := c.GetSessions(context.Background(), apitest.DemoUserID); return err }},
				} {
					n.Store(0)
					err := call.do()
					if err == nil {
						t.Fatalf("%s: no error; elsewhere got %q", call.name, other.requests())
					}
					if msg := err.Error(); !strings.Contains(msg, fmt.Sprint(status)) || !strings.Contains(msg, other.URL) {
						t.Errorf("%s: error %q does not name the status %d and the Location %s", call.name, msg, status, other.URL)
					}
					if got := n.Load(); got != 1 {
						t.Errorf("%s: %d requests to the API, want 1 (a redirect is not retried)", call.name, got)
					}
				}
				if got := other.requests(); len(got) != 0 {
					t.Errorf("the redirect was followed: %q", got)
				}
				if passedIn && cfg.HTTPClient.CheckRedirect != nil {
					t.Error("the caller's http.Client was modified")
				}
			})
		}
	}
}

// TestRedirectLocationIsSanitised: the error quotes the Location without the
// credentials a hostile server may put in it (userinfo, the secret echoed
// in the query) and without control characters.
func TestRedirectLocationIsSanitised(t *testing.T) {
	srv, _ := redirecting(t, false, 302, func(*http.Request) string {
		return "http://admin:hunter2@127.0.0.1:1/steal?s=" + apitest.Secret + "&x=%1b%5b2J"
	})
	c, err := api.New(api.Config{BaseURL: srv.URL, ProjectID: apitest.ProjectID, Secret: apitest.Secret, Retry: api.NoRetry})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetSessions(context.Background(), apitest.DemoUserID)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, bad := range []string{"hunter2", apitest.Secret, "\x1b"} {
		if strings.Contains(msg, bad) {
			t.Errorf("error %q contains %q", msg, bad)
		}
	}
	if !strings.Contains(msg, "302") || !strings.Contains(msg, "127.0.0.1:1/steal") {
		t.Errorf("error %q does not name the status and where it pointed", msg)
	}
}

// TestRedirectLoopIsOneRequest: a server redirecting to itself costs one
// request and one clear error, not 10 redirects times 4 attempts.
func TestRedirectLoopIsOneRequest(t *testing.T) {
	var srv *httptest.Server
	srv, n := redirecting(t, false, 307, func(r *http.Request) string { return srv.URL + r.URL.RequestURI() })
	c, err := api.New(api.Config{BaseURL: srv.URL, ProjectID: apitest.ProjectID, Secret: apitest.Secret,
		Retry: api.RetryPolicy{MaxAttempts: 4, Initial: time.Millisecond, Max: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetSessions(context.Background(), apitest.DemoUserID)
	if err == nil || !strings.Contains(err.Error(), "307") {
		t.Errorf("err = %v, want one naming the 307", err)
	}
	if got := n.Load(); got != 1 {
		t.Errorf("%d requests, want 1", got)
	}
}
