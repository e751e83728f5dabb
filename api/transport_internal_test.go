package api

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestDefaultTransportReusesConnections: ten waves of eight concurrent requests
// open about eight connections, not one per request (net/http's default
// transport keeps only two idle connections per host, so six of every eight
// requests would pay a new TCP and TLS handshake).
func TestDefaultTransportReusesConnections(t *testing.T) {
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(5 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"request_id":"r","sessions":[],"status_code":200}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, ProjectID: "p", Secret: "s"})
	if err != nil {
		t.Fatal(err)
	}
	// Ten waves of eight concurrent requests: between waves all eight
	// connections are idle at once.
	for range 10 {
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.GetSessions(context.Background(), "u"); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	if n := conns.Load(); n > 12 {
		t.Errorf("%d connections for 80 requests from 8 workers", n)
	}
}
