// Package api is a thin, context-first client for the Stytch REST endpoints
// that stytchctl uses. It knows HTTP, the wire types and Stytch's errors; it
// reads no flags or environment and prints nothing.
//
// Every response keeps its raw bytes next to the typed view, so callers can
// print exactly what Stytch sent (unknown fields, false, "", [] and {}
// included, in the API's key order) while tables use the typed fields.
package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	segjson "github.com/segmentio/encoding/json"
)

// DefaultMaxBodyBytes caps a response body. A list of 5,000 sessions is about
// 8 MiB, so 64 MiB leaves room while still refusing a runaway body.
const DefaultMaxBodyBytes = 64 << 20

// Config is what New needs to build a Client. Only ProjectID, Secret and
// BaseURL are required.
type Config struct {
	// BaseURL is the scheme and host (and optional path prefix) of the API,
	// e.g. https://test.stytch.com. Callers validate it (see config.BaseURL).
	BaseURL   string
	ProjectID string
	Secret    string
	// HTTPClient sends the requests; nil means a client with no timeout of
	// its own (Timeout below bounds each attempt). The Client sends through
	// a copy of it that follows no redirect (see RedirectError); the one
	// given is not modified.
	HTTPClient *http.Client
	// UserAgent is sent on every request.
	UserAgent string
	// Timeout bounds each attempt of each request; 0 means 30s.
	Timeout time.Duration
	// Retry bounds retries of 429, 5xx, timeouts and connection errors.
	Retry RetryPolicy
	// MaxBodyBytes caps a response body; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Pacer, when set, is shared by every request of this client (and may be
	// shared by several clients) so that one 429 slows every worker down.
	Pacer *Pacer
	// RateLimiter, when set, is consulted before every attempt of every
	// request with the request's EndpointClass, so that endpoints with a
	// documented limit (search: 150/min, B2B search: 100/min) stay under it
	// however many workers share the client. See ratelimit.go.
	RateLimiter RateLimiter
	// Observe, when set, is called after every attempt with what was sent
	// and received. It is how --debug traces requests; it must not keep the
	// byte slices it is given.
	Observe func(Exchange)
}

// Exchange describes one attempt of one request, for tracing. Header values
// are as sent: the observer is responsible for masking credentials.
type Exchange struct {
	Method         string
	URL            string
	Attempt        int
	RequestHeader  http.Header
	RequestBody    []byte
	Status         int
	ResponseHeader http.Header
	ResponseBody   []byte
	Duration       time.Duration
	Err            error
}

// Client calls the Stytch API with one project's credentials. It is safe
// for concurrent use.
type Client struct {
	base      *url.URL
	projectID string
	secret    string
	http      *http.Client
	userAgent string
	timeout   time.Duration
	retry     RetryPolicy
	maxBody   int64
	pacer     *Pacer
	limiter   RateLimiter
	observe   func(Exchange)
	scrubber  *Scrubber // masks the credentials in what errors quote
}

// New returns a Client for cfg. It performs no I/O.
func New(cfg Config) (*Client, error) {
	if cfg.ProjectID == "" || cfg.Secret == "" {
		return nil, errors.New("project ID and secret are both required")
	}
	return newClient(cfg)
}

// NewPublic returns a Client without credentials, for the endpoints that
// need none (the JWKS). Cfg's ProjectID and Secret are ignored; a method
// that needs credentials fails on it without sending anything.
func NewPublic(cfg Config) (*Client, error) {
	cfg.ProjectID, cfg.Secret = "", ""
	return newClient(cfg)
}

func newClient(cfg Config) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("invalid API base URL %q", cfg.BaseURL)
	}
	c := &Client{
		base:      u,
		projectID: cfg.ProjectID,
		secret:    cfg.Secret,
		http:      noRedirects(cfg.HTTPClient),
		userAgent: cfg.UserAgent,
		timeout:   cfg.Timeout,
		retry:     cfg.Retry.withDefaults(),
		maxBody:   cfg.MaxBodyBytes,
		pacer:     cfg.Pacer,
		limiter:   cfg.RateLimiter,
		observe:   cfg.Observe,
		scrubber:  NewScrubber(cfg.ProjectID, cfg.Secret),
	}
	if c.timeout <= 0 {
		c.timeout = 30 * time.Second
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBodyBytes
	}
	return c, nil
}

// noRedirects returns a copy of hc (a client on newTransport when hc is
// nil) that follows no redirect: the 3xx itself comes back, and attempt
// turns it into a *RedirectError. net/http would otherwise send the
// request again to the Location, with its Authorization header whenever
// the host name is the same, whatever the scheme and port: the secret in
// clear over http. Stytch's API does not redirect.
func noRedirects(hc *http.Client) *http.Client {
	var cp http.Client
	if hc != nil {
		cp = *hc
	} else {
		cp.Transport = newTransport()
	}
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cp
}

// ProjectID returns the project the client authenticates as.
func (c *Client) ProjectID() string { return c.projectID }

// request is one logical API call.
type request struct {
	method string
	path   string // already escaped: IDs in it went through url.PathEscape
	query  url.Values
	body   any // marshalled as JSON when non-nil
	noAuth bool
	// class is the rate-limit class consulted before each attempt.
	class EndpointClass
	// decoderValidates skips the JSON check of a 2xx body because the
	// caller checks it itself (alongside decoding) and reports a bad body
	// with invalidJSON.
	decoderValidates bool
}

// TimeoutError reports an attempt that did not finish within the timeout.
type TimeoutError struct {
	Timeout  time.Duration
	Attempts int
}

func (e *TimeoutError) Error() string {
	s := fmt.Sprintf("no response within %s", DurationText(e.Timeout))
	if e.Attempts > 1 {
		s += fmt.Sprintf(" (%d attempts)", e.Attempts)
	}
	return s + "; raise --timeout or check the network"
}

// NetworkError is a connection-level failure (DNS, refused, reset).
type NetworkError struct {
	Err      error
	Attempts int
}

func (e *NetworkError) Error() string {
	s := e.Err.Error()
	if e.Attempts > 1 {
		s += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	return s
}

func (e *NetworkError) Unwrap() error { return e.Err }

// do sends r with retries and returns the raw body of a 2xx response.
func (c *Client) do(ctx context.Context, r request) ([]byte, error) {
	u, err := c.requestURL(r.path, r.query)
	if err != nil {
		return nil, err
	}
	if !r.noAuth && c.secret == "" {
		return nil, errors.New("this request needs credentials and the client has none")
	}
	payload, err := requestPayload(r.body)
	if err != nil {
		return nil, err
	}
	h := history{bo: c.retry.newBackOff()}
	for {
		if err := c.waitTurn(ctx, r.class); err != nil {
			return nil, err
		}
		h.attempts++
		body, retryAfter, err := c.attempt(ctx, r, u, payload, h.attempts)
		if err == nil {
			return body, nil
		}
		h.failed(err)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		wait, again := c.retryWait(&h, retryAfter)
		if !again {
			return nil, h.final()
		}
		if c.pacer != nil && isRateLimit(err) {
			c.pacer.Pause(wait)
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// requestURL is the client's base URL with path (already escaped: IDs in
// it went through url.PathEscape) and query.
func (c *Client) requestURL(path string, query url.Values) (string, error) {
	u := *c.base
	// Keep path as the wire form (RawPath) so that an escaped "/" or "|"
	// inside an ID stays escaped, and give Path its decoded twin, as
	// url.URL requires.
	u.RawPath = c.base.EscapedPath() + path
	p, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return "", fmt.Errorf("building request path: %w", err)
	}
	u.Path = p
	if len(query) > 0 {
		u.RawQuery = query.Encode()
	}
	return u.String(), nil
}

// requestPayload is body marshalled as JSON, or nil when body is nil.
func requestPayload(body any) ([]byte, error) {
	if body == nil {
		return nil, nil
	}
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encoding request body: %w", err)
	}
	return payload, nil
}

// waitTurn waits, before each attempt, for the pacer's pause to end and
// for the rate limiter to admit a request of class, when they are set.
func (c *Client) waitTurn(ctx context.Context, class EndpointClass) error {
	if c.pacer != nil {
		if err := c.pacer.Wait(ctx); err != nil {
			return err
		}
	}
	if c.limiter != nil {
		return c.limiter.Wait(ctx, class)
	}
	return nil
}

// attempt sends one HTTP request. It returns the body of a 2xx response, or
// an error and the server's Retry-After (0 when absent).
func (c *Client) attempt(ctx context.Context, r request, u string, payload []byte, n int) ([]byte, time.Duration, error) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(actx, r.method, u, rd)
	if err != nil {
		return nil, 0, fmt.Errorf("building request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if !r.noAuth {
		req.SetBasicAuth(c.projectID, c.secret)
	}
	start := time.Now()
	ex := Exchange{Method: r.method, URL: u, Attempt: n, RequestHeader: req.Header, RequestBody: payload}
	resp, err := c.http.Do(req)
	if err != nil {
		ex.Duration, ex.Err = time.Since(start), err
		err = c.scrubError(classifyTransport(ctx, actx, err, c.timeout))
		c.emit(ex)
		return nil, 0, err
	}
	defer resp.Body.Close()
	body, readErr := readBody(resp, c.maxBody)
	ex.Status, ex.ResponseHeader, ex.ResponseBody, ex.Duration = resp.StatusCode, resp.Header, body, time.Since(start)
	ex.Err = readErr
	c.emit(ex)
	return c.judge(ctx, actx, r, resp, body, readErr)
}

// judge turns one response into the body of a 2xx, or an error and the
// server's Retry-After (0 when absent or when the error is not worth
// waiting for).
func (c *Client) judge(ctx, actx context.Context, r request, resp *http.Response, body []byte, readErr error) ([]byte, time.Duration, error) {
	ct := c.scrubber.String(resp.Header.Get("Content-Type"))
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode <= 399:
		return nil, 0, c.scrubError(newRedirectError(resp))
	case readErr != nil:
		return nil, 0, c.scrubError(c.readError(ctx, actx, resp, readErr))
	case int64(len(body)) > c.maxBody:
		return nil, 0, &ResponseError{StatusCode: resp.StatusCode, ContentType: ct,
			Reason: fmt.Sprintf("body is larger than the %d MiB limit", c.maxBody>>20)}
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		retryAfter := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		return nil, retryAfter, c.scrubError(decodeError(resp.StatusCode, ct, c.scrub(body), resp.Header.Get("Retry-After")))
	case nestsDeeper(body, MaxNesting):
		return nil, 0, tooDeep(resp.StatusCode, ct)
	case !r.decoderValidates && !segjson.Valid(body):
		return nil, 0, invalidJSON(resp.StatusCode, ct, c.scrub(body))
	}
	return body, 0, nil
}

// readError says why a response body could not be read whole: the caller
// gave up, the attempt timed out, the connection broke (reset, or closed
// before the declared length: a *NetworkError, retried like any
// connection error), or the body itself was bad.
func (c *Client) readError(ctx, actx context.Context, resp *http.Response, err error) error {
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case actx.Err() != nil:
		return &TimeoutError{Timeout: c.timeout}
	case brokenConnection(err):
		return &NetworkError{Err: fmt.Errorf("connection lost while reading the HTTP %d response: %w", resp.StatusCode, err)}
	}
	return &ResponseError{StatusCode: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"),
		Reason: "body was cut off (" + err.Error() + ")"}
}

// brokenConnection reports a body read that failed because the connection
// did: reset or otherwise failed (a *net.OpError, which is a net.Error), or
// closed before the body's declared end (io.ErrUnexpectedEOF). A body that
// is itself malformed (bad chunked framing, bad gzip) is not one.
func brokenConnection(err error) bool {
	var ne net.Error
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &ne)
}

func (c *Client) emit(ex Exchange) {
	if c.observe != nil {
		c.observe(ex)
	}
}

// classifyTransport turns an error from http.Client.Do into a TimeoutError,
// the caller's cancellation, or a NetworkError.
func classifyTransport(ctx, actx context.Context, err error, timeout time.Duration) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ne net.Error
	if actx.Err() != nil || (errors.As(err, &ne) && ne.Timeout()) {
		return &TimeoutError{Timeout: timeout}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &NetworkError{Err: err}
}

// retryable reports whether a failed attempt is worth repeating.
func retryable(err error) bool {
	var ae *Error
	if errors.As(err, &ae) {
		return ae.StatusCode == http.StatusTooManyRequests || ae.StatusCode >= 500
	}
	var re *ResponseError
	if errors.As(err, &re) {
		return re.StatusCode == http.StatusTooManyRequests || re.StatusCode >= 500
	}
	var te *TimeoutError
	var ne *NetworkError
	return errors.As(err, &te) || errors.As(err, &ne)
}

func isRateLimit(err error) bool {
	var ae *Error
	if errors.As(err, &ae) {
		return ae.StatusCode == http.StatusTooManyRequests
	}
	var re *ResponseError
	return errors.As(err, &re) && re.StatusCode == http.StatusTooManyRequests
}

// withAttempts records how many attempts led to err.
func withAttempts(err error, n int) error {
	var ae *Error
	var re *ResponseError
	var te *TimeoutError
	var ne *NetworkError
	switch {
	case errors.As(err, &ae):
		ae.Attempts = n
	case errors.As(err, &re):
		re.Attempts = n
	case errors.As(err, &te):
		te.Attempts = n
	case errors.As(err, &ne):
		ne.Attempts = n
	}
	return err
}

// readBody reads at most max+1 bytes of a response body (one more than the
// cap, so that an oversized body can be told apart), in one allocation when
// the server declared the length, and with readUndeclared when it did not.
func readBody(resp *http.Response, max int64) ([]byte, error) {
	n := resp.ContentLength
	if n <= 0 || n > max {
		return readUndeclared(io.LimitReader(resp.Body, max+1), int(max+1))
	}
	// ReadFrom wants MinRead bytes free before each read, the one that
	// meets EOF included; without them it would double the buffer.
	buf := bytes.NewBuffer(make([]byte, 0, int(n)+bytes.MinRead))
	_, err := buf.ReadFrom(io.LimitReader(resp.Body, max+1))
	return buf.Bytes(), err
}

// Sizes of readUndeclared's pieces: the first, and all of them together.
const (
	undeclaredFirstBytes = 8 << 10
	undeclaredSpillBytes = 8 << 20
)

// readUndeclared reads r (at most limit bytes) when its length is unknown
// (a chunked or a decompressed body), keeping peak memory near the size
// of the body, and under limit plus undeclaredSpillBytes however large it
// is. A buffer grown by doubling would hold the old buffer and the new one
// at each step: up to three times the body, 269 MB of RSS to refuse a body
// over the 64 MiB cap.
//
// The body is read into pieces of doubling size, so that a small one is
// one small allocation, joined once at the end. Past undeclaredSpillBytes
// the rest goes into one buffer of limit bytes, of which only the part
// written is touched (fresh pages cost no memory until then). If that
// buffer ends up less than half full it is copied to the body's size, which
// is then below half the limit, so that a long-lived body does not pin the
// rest.
func readUndeclared(r io.Reader, limit int) ([]byte, error) {
	var pieces [][]byte
	total := 0
	for size := undeclaredFirstBytes; total < min(limit, undeclaredSpillBytes); size *= 2 {
		p := make([]byte, min(size, limit-total, undeclaredSpillBytes-total))
		n, eof, err := fill(r, p)
		pieces, total = append(pieces, p[:n]), total+n
		if eof || err != nil {
			return join(pieces, total, total), err
		}
	}
	if total == limit {
		return join(pieces, total, total), nil
	}
	buf := join(pieces, total, limit)
	n, _, err := fill(r, buf[total:limit])
	buf = buf[:total+n]
	if len(buf) <= cap(buf)/2 {
		buf = append([]byte(nil), buf...)
	}
	return buf, err
}

// fill reads r into b until b is full or r ends (eof). err is r's error,
// io.EOF aside: an io.ErrUnexpectedEOF from r is a body cut short.
func fill(r io.Reader, b []byte) (n int, eof bool, err error) {
	for n < len(b) {
		k, err := r.Read(b[n:])
		n += k
		if err == io.EOF {
			return n, true, nil
		}
		if err != nil {
			return n, false, err
		}
	}
	return n, false, nil
}

// join copies pieces, total bytes in all, into one slice of capacity c;
// when c is total, a single piece is returned as it is, without a copy.
func join(pieces [][]byte, total, c int) []byte {
	if len(pieces) == 1 && c == total {
		return pieces[0]
	}
	out := make([]byte, 0, c)
	for _, p := range pieces {
		out = append(out, p...)
	}
	return out
}

// invalidJSON describes a 2xx body that is not complete, valid JSON.
func invalidJSON(status int, contentType string, body []byte) *ResponseError {
	reason := "body is not JSON"
	if len(body) > 0 && (body[0] == '{' || body[0] == '[') {
		reason = "body is incomplete or malformed JSON (truncated?)"
	}
	return &ResponseError{StatusCode: status, ContentType: contentType, Reason: reason, Snippet: snippet(body)}
}
