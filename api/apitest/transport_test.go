package apitest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// demoBase is a base URL that cannot resolve, proving no network is used.
const demoBase = "https://demo.stytchctl.invalid"

func TestTransportRoundTrip(t *testing.T) {
	f := New(Options{Now: testNow})
	client := &http.Client{Transport: f.Transport()}

	r := call(t, client, http.MethodGet, sessionsURL(demoBase, DemoExternalID), true, nil)
	if r.status != http.StatusOK {
		t.Fatalf("status %d, body %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	got := decodeSessions(t, r.body)
	stored := f.Sessions(DemoUserID)
	if len(got.Sessions) != len(stored) || len(stored) != 3 {
		t.Fatalf("served %d sessions, stored %d, want 3", len(got.Sessions), len(stored))
	}
	for i := range stored {
		if !bytes.Equal(got.Sessions[i], stored[i]) {
			t.Errorf("session %d differs from stored bytes", i)
		}
	}

	reqs := f.Requests()
	if len(reqs) != 1 {
		t.Fatalf("recorded %d requests, want 1", len(reqs))
	}
	if reqs[0].Path != "/v1/sessions" || reqs[0].RawQuery != "user_id=alice-42" || reqs[0].Header.Get("User-Agent") != "stytchctl/test" {
		t.Errorf("recorded %+v", reqs[0])
	}

	// Errors come through the same way.
	r = call(t, client, http.MethodGet, sessionsURL(demoBase, DemoUserID), false, nil)
	checkError(t, r, http.StatusUnauthorized, "unauthorized_credentials", "Unauthorized credentials.")
	r = call(t, client, http.MethodGet, sessionsURL(demoBase, "user-test-11111111-2222-4333-8444-555555555555"), true, nil)
	checkError(t, r, http.StatusNotFound, "user_not_found", "User could not be found.")
}

func TestTransportResponseMetadata(t *testing.T) {
	f := New(Options{Now: testNow})
	req, _ := http.NewRequest(http.MethodGet, sessionsURL(demoBase, DemoUserID), nil)
	req.SetBasicAuth(ProjectID, Secret)
	resp, err := f.Transport().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body := readAll(t, resp)
	if resp.StatusCode != 200 || resp.Status != "200 OK" || resp.Proto != "HTTP/1.1" {
		t.Errorf("status line = %q %q", resp.Proto, resp.Status)
	}
	if resp.ContentLength != int64(len(body)) {
		t.Errorf("ContentLength = %d, body is %d bytes", resp.ContentLength, len(body))
	}
	if resp.Request != req {
		t.Error("resp.Request is not the original request")
	}
}

func TestTransportURLUserInfo(t *testing.T) {
	f := New(Options{Now: testNow})
	client := &http.Client{Transport: f.Transport()}
	u := strings.Replace(sessionsURL(demoBase, DemoUserID), "https://", "https://"+ProjectID+":"+strings.ReplaceAll(Secret, "=", "%3D")+"@", 1)
	r := call(t, client, http.MethodGet, u, false, nil)
	if got := len(decodeSessions(t, r.body).Sessions); got != 3 {
		t.Errorf("user-info credentials: %d sessions, want 3", got)
	}
}

// closeTracker is a request body that reports when it is closed.
type closeTracker struct {
	io.Reader
	closed chan struct{}
}

func (c *closeTracker) Close() error {
	close(c.closed)
	return nil
}

func TestTransportClosesRequestBody(t *testing.T) {
	f := New(Options{Now: testNow})
	body := &closeTracker{Reader: strings.NewReader(`{"session_id":"session-test-x"}`), closed: make(chan struct{})}
	req, _ := http.NewRequest(http.MethodPost, demoBase+"/v1/sessions", body)
	req.SetBasicAuth(ProjectID, Secret)
	resp, err := f.Transport().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	r := response{status: resp.StatusCode, header: resp.Header, body: readAll(t, resp)}
	resp.Body.Close()
	checkError(t, r, http.StatusMethodNotAllowed, "method_not_allowed", "")
	select {
	case <-body.closed:
	case <-time.After(5 * time.Second):
		t.Fatal("request body was never closed")
	}
	if got := string(f.Requests()[0].Body); got != `{"session_id":"session-test-x"}` {
		t.Errorf("recorded body %q", got)
	}
}

func TestTransportContext(t *testing.T) {
	t.Run("cancelled before headers", func(t *testing.T) {
		f := New(Options{Now: testNow, Latency: 10 * time.Second})
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := do(ctx, &http.Client{Transport: f.Transport()}, http.MethodGet, sessionsURL(demoBase, DemoUserID), true, nil)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
		if el := time.Since(start); el > 2*time.Second {
			t.Errorf("took %v", el)
		}
	})
	t.Run("already cancelled", func(t *testing.T) {
		f := New(Options{Now: testNow})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := do(ctx, &http.Client{Transport: f.Transport()}, http.MethodGet, sessionsURL(demoBase, DemoUserID), true, nil)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})
	t.Run("cancelled while reading the body", func(t *testing.T) {
		f := New(Options{Now: testNow})
		f.AddFault(Fault{Oversize: 256 << 20})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, sessionsURL(demoBase, DemoUserID), nil)
		resp, err := f.Transport().RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if _, err := io.ReadFull(resp.Body, make([]byte, 1<<20)); err != nil {
			t.Fatalf("first MiB: %v", err)
		}
		cancel()
		_, err = io.Copy(io.Discard, resp.Body)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("reading after cancel: err = %v, want context.Canceled", err)
		}
	})
}

func TestTransportStreamsAndStopsOnClose(t *testing.T) {
	f := New(Options{Now: testNow})
	f.AddFault(Fault{Oversize: 1 << 40, Times: 1}) // a terabyte: must never be buffered
	req, _ := http.NewRequest(http.MethodGet, sessionsURL(demoBase, DemoUserID), nil)
	resp, err := f.Transport().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.ContentLength != -1 {
		t.Errorf("ContentLength = %d, want -1", resp.ContentLength)
	}
	n, err := io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<20))
	if err != nil || n != 4<<20 {
		t.Fatalf("read %d bytes, err %v", n, err)
	}
	resp.Body.Close()

	// The handler goroutine noticed the close: the next request is served.
	done := make(chan response, 1)
	go func() {
		r, _ := do(context.Background(), &http.Client{Transport: f.Transport()}, http.MethodGet, sessionsURL(demoBase, DemoUserID), true, nil)
		done <- r
	}()
	select {
	case r := <-done:
		if r.status != 200 {
			t.Errorf("next request status %d", r.status)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("next request did not complete")
	}
}

func TestTransportTruncate(t *testing.T) {
	f := New(Options{Now: testNow})
	client := &http.Client{Transport: f.Transport()}
	full := call(t, client, http.MethodGet, sessionsURL(demoBase, DemoUserID), true, nil).body
	f.AddFault(Fault{Truncate: true, Times: 1})
	half := call(t, client, http.MethodGet, sessionsURL(demoBase, DemoUserID), true, nil).body
	if len(half) != len(full)/2 {
		t.Errorf("truncated body %d bytes, want %d", len(half), len(full)/2)
	}
	// Everything after the request_id is identical.
	const idEnd = len(`{"request_id":"request-id-test-00000000-0000-4000-8000-000000000000"`)
	if !bytes.Equal(half[idEnd:], full[idEnd:len(half)]) {
		t.Error("truncated body is not a prefix of the real response")
	}
}
