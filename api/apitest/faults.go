package apitest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"
)

// Fault is a failure injected into the fake's answers with [Fake.AddFault].
//
// A fault is applied after the request has been recorded and after the
// fake-wide latency, before routing and authentication, the way a rate limiter
// or proxy in front of the API would answer. What is sent, in order of
// precedence:
//
//   - Oversize > 0: a 200 application/json body of exactly Oversize bytes.
//   - Status != 0 or Body != "": a canned response (see Status, Body,
//     EmptyBody and Location).
//   - Truncate alone: the real response, with half of its body.
//   - Latency alone: the real response, after the delay.
//
// Latency and RetryAfter combine with any of these, and Truncate also applies
// to a canned response.
type Fault struct {
	// Status is the HTTP status of a canned response; 0 with a non-empty Body
	// means 200, which is how a test serves a malformed success body.
	Status int
	// Body is sent verbatim. When empty, a Stytch JSON error body matching
	// Status is generated: too_many_requests "Too many requests have been
	// made." for 429, internal_server_error for every 5xx, and so on;
	// except for a 3xx or with EmptyBody, which send no body at all.
	Body string
	// EmptyBody sends a canned response with an empty body instead of a
	// generated one: a bare 401 from a gateway, a 403 with nothing to say.
	EmptyBody bool
	// Location, when not empty, is sent as the Location header: with a 3xx
	// Status, a redirect. Stytch's API never redirects; a proxy, a wrong
	// base URL or a hostile server may.
	Location string
	// ContentType of a canned response; the default is application/json.
	// An HTML proxy error page would use text/html.
	ContentType string
	// RetryAfter, when not empty, is sent as the Retry-After header.
	RetryAfter string
	// Latency is waited before answering. When the request's context is
	// cancelled first, nothing is written.
	Latency time.Duration
	// Truncate sends the response's status and headers but only the first
	// half of its body, then ends the response normally. No Content-Length
	// is declared (the headers are flushed before the body), so the client
	// sees a well-framed response whose body is cut-off JSON: a decode
	// error, not a transport error.
	Truncate bool
	// Oversize, when > 0, answers 200 with a valid JSON object of exactly this
	// many bytes (a normal-looking prefix, then a long "padding" string). The
	// body is streamed without a Content-Length, so a client has to enforce
	// its size limit while reading. If Oversize is smaller than the JSON
	// skeleton, the skeleton is cut to Oversize bytes.
	Oversize int64
	// Apply runs the real endpoint first, so that its effect happens (a
	// session is revoked), and then throws its answer away and sends the
	// fault's instead: a gateway whose upstream did the work but whose
	// answer was lost (a 502 or 504 after the fact, or, with Latency, a
	// response that arrives after the client gave up).
	Apply bool
	// Path restricts the fault to requests whose URL path equals it exactly;
	// empty means every path.
	Path string
	// Times is how many matching requests the fault answers before it is
	// dropped. Zero (or negative) means every matching request until
	// [Fake.ClearFaults].
	Times int
}

// queuedFault is a fault with its remaining uses.
type queuedFault struct {
	fault     Fault
	remaining int // meaningful only when fault.Times > 0
}

// AddFault appends fl to the fault queue. Each request is answered by the
// first queued fault whose Path matches it, so faults for the same path apply
// in the order they were added; a fault with Times 0 therefore shadows every
// later fault for its path until [Fake.ClearFaults].
func (f *Fake) AddFault(fl Fault) {
	f.mu.Lock()
	f.faults = append(f.faults, queuedFault{fault: fl, remaining: fl.Times})
	f.mu.Unlock()
}

// ClearFaults removes every queued fault.
func (f *Fake) ClearFaults() {
	f.mu.Lock()
	f.faults = nil
	f.mu.Unlock()
}

// takeFault returns the first queued fault matching path and uses it up once.
func (f *Fake) takeFault(path string) (Fault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.faults {
		q := &f.faults[i]
		if q.fault.Path != "" && q.fault.Path != path {
			continue
		}
		fl := q.fault
		if fl.Times > 0 {
			q.remaining--
			if q.remaining <= 0 {
				f.faults = append(f.faults[:i:i], f.faults[i+1:]...)
			}
		}
		return fl, true
	}
	return Fault{}, false
}

// serveFault answers r according to fl (see [Fault] for the precedence).
func (f *Fake) serveFault(w http.ResponseWriter, r *http.Request, fl Fault) {
	if fl.Apply {
		f.serve(httptest.NewRecorder(), r)
	}
	if !sleep(r.Context(), fl.Latency) {
		return
	}
	if fl.RetryAfter != "" {
		w.Header().Set("Retry-After", fl.RetryAfter)
	}
	if fl.Location != "" {
		w.Header().Set("Location", fl.Location)
	}
	switch {
	case fl.Oversize > 0:
		writeOversize(w, fl.Oversize)
	case fl.Status != 0 || fl.Body != "":
		status := fl.Status
		if status == 0 {
			status = http.StatusOK
		}
		contentType := fl.ContentType
		if contentType == "" {
			contentType = "application/json"
		}
		body := []byte(fl.Body)
		if fl.Body == "" && !fl.EmptyBody && (status < 300 || status > 399) {
			errorType, message := defaultError(status)
			body = errorJSON(status, errorType, message)
		}
		if fl.Truncate {
			w.Header().Set("Content-Type", contentType)
			writeHalf(w, status, body)
			return
		}
		writeBody(w, status, contentType, body)
	case fl.Truncate:
		rec := httptest.NewRecorder()
		f.serve(rec, r)
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		writeHalf(w, rec.Code, rec.Body.Bytes())
	default:
		f.serve(w, r)
	}
}

// writeHalf sends status and the first half of body. The headers are flushed
// first so that no Content-Length is declared: the response is well framed
// (chunked) and only its JSON is cut off.
func writeHalf(w http.ResponseWriter, status int, body []byte) {
	w.WriteHeader(status)
	_ = http.NewResponseController(w).Flush()
	_, _ = w.Write(body[:len(body)/2])
}

// writeOversize streams a 200 JSON body of exactly n bytes in fixed-size
// chunks, stopping early if the client goes away.
func writeOversize(w http.ResponseWriter, n int64) {
	prefix := `{"request_id":"` + newRequestID() + `","sessions":[],"padding":"`
	const suffix = `","status_code":200}`
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = http.NewResponseController(w).Flush() // commit to chunked: no Content-Length
	skeleton := int64(len(prefix) + len(suffix))
	if n <= skeleton {
		_, _ = io.WriteString(w, (prefix + suffix)[:n])
		return
	}
	if _, err := io.WriteString(w, prefix); err != nil {
		return
	}
	chunk := []byte(strings.Repeat("x", 32<<10))
	for pad := n - skeleton; pad > 0; {
		c := chunk[:min(pad, int64(len(chunk)))]
		if _, err := w.Write(c); err != nil {
			return
		}
		pad -= int64(len(c))
	}
	_, _ = io.WriteString(w, suffix)
}
