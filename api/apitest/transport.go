package apitest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
)

// Transport returns an http.RoundTripper that serves f in-process: no
// listener, no network, no TLS. The request's scheme and host are ignored, so
// any base URL works. The response body is streamed from the handler as it
// writes, the request's context is honoured (cancelling it fails RoundTrip or
// the body read with the context's error), and the request body is always
// closed, as the RoundTripper contract requires.
func (f *Fake) Transport() http.RoundTripper {
	return &transport{fake: f}
}

// transport is the in-process RoundTripper behind [Fake.Transport].
type transport struct {
	fake *Fake
}

// RoundTrip runs the fake's handler in its own goroutine on a server-side copy
// of req and returns as soon as the handler has committed its status and
// headers.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		closeRequestBody(req)
		return nil, err
	}
	sr, err := serverRequest(req)
	if err != nil {
		closeRequestBody(req)
		return nil, err
	}

	pr, pw := io.Pipe()
	rw := &pipeResponseWriter{header: make(http.Header), pw: pw, ready: make(chan struct{})}
	// Cancelling the context fails the handler's pending and later writes
	// and makes reads of the response body return the context's error.
	stop := context.AfterFunc(ctx, func() { pw.CloseWithError(ctx.Err()) })

	go func() {
		defer closeRequestBody(req)
		defer func() {
			if p := recover(); p != nil {
				err := fmt.Errorf("apitest: handler panicked: %v", p)
				rw.fail(err)
				pw.CloseWithError(err)
			}
		}()
		t.fake.ServeHTTP(rw, sr)
		rw.WriteHeader(http.StatusOK) // no-op if the handler already did
		pw.Close()
	}()

	select {
	case <-rw.ready:
	case <-ctx.Done():
		stop()
		pr.CloseWithError(ctx.Err())
		return nil, ctx.Err()
	}
	if err := ctx.Err(); err != nil {
		stop()
		pr.CloseWithError(err)
		return nil, err
	}
	if rw.err != nil {
		stop()
		return nil, rw.err
	}

	resp := &http.Response{
		Status:        strconv.Itoa(rw.status) + " " + http.StatusText(rw.status),
		StatusCode:    rw.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        rw.sent,
		Body:          &pipeBody{ctx: ctx, pr: pr, stop: stop},
		ContentLength: -1,
		Request:       req,
	}
	if cl := rw.sent.Get("Content-Length"); cl != "" {
		if n, err := strconv.ParseInt(cl, 10, 64); err == nil {
			resp.ContentLength = n
		}
	}
	return resp, nil
}

// serverRequest builds what an http.Server would hand the fake for req: a
// URL parsed from the request URI, Host, RequestURI, a non-nil Body and Basic
// auth taken from URL user info (as http.Transport does).
func serverRequest(req *http.Request) (*http.Request, error) {
	if req.URL == nil {
		return nil, errors.New("apitest: request has no URL")
	}
	sr := req.Clone(req.Context())
	u, err := url.ParseRequestURI(req.URL.RequestURI())
	if err != nil {
		return nil, fmt.Errorf("apitest: parse request URI: %w", err)
	}
	sr.URL = u
	sr.RequestURI = req.URL.RequestURI()
	if sr.Host == "" {
		sr.Host = req.URL.Host
	}
	sr.Proto, sr.ProtoMajor, sr.ProtoMinor = "HTTP/1.1", 1, 1
	sr.RemoteAddr = "192.0.2.1:49152" // documentation range: obviously not a real peer
	if sr.Body == nil {
		sr.Body = http.NoBody
	}
	if ui := req.URL.User; ui != nil && sr.Header.Get("Authorization") == "" {
		pass, _ := ui.Password()
		sr.SetBasicAuth(ui.Username(), pass)
	}
	return sr, nil
}

// closeRequestBody closes req.Body if there is one.
func closeRequestBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}

// pipeResponseWriter is the http.ResponseWriter behind [Fake.Transport]. The
// handler goroutine is its only writer; the status and header snapshot are
// published to RoundTrip by closing ready.
type pipeResponseWriter struct {
	header http.Header
	pw     *io.PipeWriter

	once   sync.Once
	ready  chan struct{}
	status int
	sent   http.Header
	err    error
}

func (w *pipeResponseWriter) Header() http.Header { return w.header }

// WriteHeader commits the status and a snapshot of the headers; later calls
// are ignored, as with a real server.
func (w *pipeResponseWriter) WriteHeader(code int) {
	w.once.Do(func() {
		w.status = code
		w.sent = w.header.Clone()
		close(w.ready)
	})
}

// Write commits a 200 if needed and streams p to the client, blocking until it
// is read or the client goes away.
func (w *pipeResponseWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.pw.Write(p)
}

// Flush is a no-op: every Write already reaches the reader.
func (w *pipeResponseWriter) Flush() {}

// fail makes RoundTrip return err if headers were not committed yet.
func (w *pipeResponseWriter) fail(err error) {
	w.once.Do(func() {
		w.err = err
		close(w.ready)
	})
}

// pipeBody is the response body: the pipe's read end, which also releases the
// context watcher when closed.
type pipeBody struct {
	ctx  context.Context
	pr   *io.PipeReader
	stop func() bool
}

// Read fails with the context's error once the request's context is done,
// even if the handler had already written more, as a network body would.
func (b *pipeBody) Read(p []byte) (int, error) {
	if err := b.ctx.Err(); err != nil {
		return 0, err
	}
	return b.pr.Read(p)
}

func (b *pipeBody) Close() error {
	b.stop()
	return b.pr.Close()
}
