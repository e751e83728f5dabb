package apitest

import (
	"bytes"
	"context"
	"crypto/subtle"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Credentials the fake accepts as HTTP Basic auth (username = project ID,
// password = secret). Any other pair, or none, is answered with 401
// unauthorized_credentials.
const (
	ProjectID = "project-test-00000000-0000-4000-8000-000000000000"
	Secret    = "secret-test-fake-0000000000000000000000000000="
)

// maxRequestBody caps how much of a request body is read and recorded. The
// Stytch endpoints the fake serves take small JSON bodies, so anything larger
// is cut at this size rather than held in memory.
const maxRequestBody = 8 << 20

// Request is one request the fake received, copied so that later changes by the
// caller or the fake cannot alter it.
type Request struct {
	Method, Path, RawQuery string
	Query                  url.Values
	Header                 http.Header
	Body                   []byte
}

// clone returns a deep copy of r, so a Request handed out by [Fake.Requests]
// shares no maps or slices with the fake's log.
func (r Request) clone() Request {
	c := r
	c.Query = make(url.Values, len(r.Query))
	for k, v := range r.Query {
		c.Query[k] = slices.Clone(v)
	}
	c.Header = r.Header.Clone()
	c.Body = bytes.Clone(r.Body)
	return c
}

// Options configures a [Fake]. The zero value is valid: real time, Stytch's
// 404 for unknown users, no added latency.
type Options struct {
	// Now is the clock used to build the seed timestamps (relative to Now at
	// [New] time) and to decide, per request, which sessions are still active.
	// The default is time.Now.
	Now func() time.Time

	// UnknownUserEmpty makes GET /v1/sessions answer 200 {"sessions":[]} for a
	// well-formed but unknown user instead of 404 user_not_found. Which of the
	// two Stytch does is unconfirmed, so clients must cope with both.
	UnknownUserEmpty bool

	// Latency is added before every request is answered. Waiting stops early,
	// without a response, when the request's context is cancelled.
	Latency time.Duration
}

// Fake is an in-memory Stytch API. It is safe for concurrent use; all state
// sits behind one mutex. Create it with [New] or [Start].
type Fake struct {
	now              func() time.Time
	unknownUserEmpty bool
	routes           []route

	mu       sync.Mutex
	latency  time.Duration
	users    map[string]*user  // by user_id
	external map[string]string // external_id -> user_id
	order    []string          // user_ids in creation order

	profiles map[string]*userProfile // user_id -> User object (users_store.go)
	b2b      b2bState                // organizations and members (b2b_store.go)

	requests []Request
	faults   []queuedFault
	jwks     jwksState
}

// New returns a fake seeded with the demo users (see [DemoUserID]). Seed
// timestamps are computed from opts.Now at this call, so "last active 2h ago"
// stays true relative to the fake's clock.
func New(opts Options) *Fake {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	f := &Fake{
		now:              now,
		unknownUserEmpty: opts.UnknownUserEmpty,
		routes:           routeTable(),
		latency:          opts.Latency,
		users:            make(map[string]*user),
		external:         make(map[string]string),
		profiles:         make(map[string]*userProfile),
	}
	for _, u := range demoUsers(now()) {
		f.putUser(u.userID, u.externalID, u.sessions)
	}
	f.seedProfiles(now())
	f.seedB2B(now())
	return f
}

// Start returns a new fake (see [New]) served by a real loopback
// httptest.Server. The caller must Close the server.
func Start(opts Options) (*Fake, *httptest.Server) {
	f := New(opts)
	return f, httptest.NewServer(f)
}

// route is one endpoint: a method, a path pattern and its handler.
type route struct {
	method string
	// pattern is matched segment by segment against the escaped request
	// path; a segment written "{name}" matches any one non-empty segment,
	// whose unescaped value is passed to the handler under that name.
	pattern string
	// public routes skip Basic auth (the JWKS endpoints, which the SDKs call
	// without credentials).
	public bool
	handle func(f *Fake, w http.ResponseWriter, r *http.Request, p pathParams)
}

// pathParams holds the values matched by "{name}" pattern segments.
type pathParams map[string]string

// routeTable lists every endpoint the fake serves. New endpoints (users,
// revoke, B2B, JWKS) add one line here and their handler in a file of their
// own.
func routeTable() []route {
	return []route{
		{method: http.MethodGet, pattern: "/v1/sessions", handle: (*Fake).getSessions},
		{method: http.MethodGet, pattern: "/v1/sessions/jwks/{project_id}", public: true, handle: (*Fake).getJWKS},
		{method: http.MethodGet, pattern: "/v1/b2b/sessions/jwks/{project_id}", public: true, handle: (*Fake).getJWKS},
		{method: http.MethodPost, pattern: "/v1/sessions/revoke", handle: (*Fake).revokeSession},
		{method: http.MethodGet, pattern: "/v1/users/{user_id}", handle: (*Fake).getUser},
		{method: http.MethodPost, pattern: "/v1/users/search", handle: (*Fake).searchUsers},
		{method: http.MethodGet, pattern: "/v1/b2b/sessions", handle: (*Fake).getMemberSessions},
		{method: http.MethodPost, pattern: "/v1/b2b/sessions/revoke", handle: (*Fake).revokeMemberSessions},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}", handle: (*Fake).getOrganization},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}/member", handle: (*Fake).getMember},
		{method: http.MethodPost, pattern: "/v1/b2b/organizations/members/search", handle: (*Fake).searchMembers},
		{method: http.MethodPost, pattern: "/v1/b2b/organizations/search", handle: (*Fake).searchOrganizations},
	}
}

// ServeHTTP records the request, waits out any configured latency, applies the
// first queued [Fault] that matches, and otherwise routes the request to its
// endpoint. Unknown paths get a JSON 404 route_not_found, known paths with the
// wrong method a JSON 405 method_not_allowed with an Allow header, and routes
// that need credentials a 401 unauthorized_credentials when Basic auth is
// missing or wrong.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body []byte
	if r.Body != nil { // nil only when a caller invokes ServeHTTP directly
		body, _ = io.ReadAll(io.LimitReader(r.Body, maxRequestBody))
	}
	f.record(r, body)

	// Handlers may read the body again; give them a fresh reader on a
	// shallow copy, as http.StripPrefix does, rather than mutating r.
	r2 := new(http.Request)
	*r2 = *r
	r2.Body = io.NopCloser(bytes.NewReader(body))

	ctx := r.Context()
	f.mu.Lock()
	latency := f.latency
	f.mu.Unlock()
	if !sleep(ctx, latency) {
		return
	}
	if fl, ok := f.takeFault(r.URL.Path); ok {
		f.serveFault(w, r2, fl)
		return
	}
	f.serve(w, r2)
}

// serve routes r to its endpoint, enforcing method and credentials.
func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	rt, params, allowed := f.match(r)
	if rt == nil {
		if len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			writeError(w, http.StatusMethodNotAllowed, "method_not_allowed",
				"Method "+r.Method+" is not allowed for "+r.URL.Path+".")
			return
		}
		writeError(w, http.StatusNotFound, "route_not_found",
			"No route matches "+r.Method+" "+r.URL.Path+".")
		return
	}
	if !rt.public && !authorized(r) {
		writeError(w, http.StatusUnauthorized, "unauthorized_credentials", "Unauthorized credentials.")
		return
	}
	rt.handle(f, w, r, params)
}

// match finds the route for r. When the path matches but the method does not,
// it returns nil and the methods that would have matched.
func (f *Fake) match(r *http.Request) (*route, pathParams, []string) {
	var allowed []string
	for i := range f.routes {
		rt := &f.routes[i]
		params, ok := matchPattern(rt.pattern, r.URL.EscapedPath())
		if !ok {
			continue
		}
		if rt.method == r.Method {
			return rt, params, nil
		}
		allowed = append(allowed, rt.method)
	}
	return nil, nil, allowed
}

// matchPattern reports whether escapedPath matches pattern exactly (a trailing
// slash is a different path) and returns the unescaped "{name}" segments.
func matchPattern(pattern, escapedPath string) (pathParams, bool) {
	ps := strings.Split(pattern, "/")
	xs := strings.Split(escapedPath, "/")
	if len(ps) != len(xs) {
		return nil, false
	}
	var params pathParams
	for i, p := range ps {
		if name, ok := strings.CutPrefix(p, "{"); ok && strings.HasSuffix(name, "}") {
			v, err := url.PathUnescape(xs[i])
			if err != nil || v == "" {
				return nil, false
			}
			if params == nil {
				params = make(pathParams)
			}
			params[strings.TrimSuffix(name, "}")] = v
			continue
		}
		if p != xs[i] {
			return nil, false
		}
	}
	return params, true
}

// authorized reports whether r carries the fake's project ID and secret as
// Basic auth. The comparison is constant-time only to model good practice.
func authorized(r *http.Request) bool {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return false
	}
	u := subtle.ConstantTimeCompare([]byte(user), []byte(ProjectID))
	p := subtle.ConstantTimeCompare([]byte(pass), []byte(Secret))
	return u&p == 1
}

// record appends a copy of r (with the body already read) to the request log.
func (f *Fake) record(r *http.Request, body []byte) {
	rec := Request{
		Method:   r.Method,
		Path:     r.URL.Path,
		RawQuery: r.URL.RawQuery,
		Query:    r.URL.Query(),
		Header:   r.Header.Clone(),
		Body:     bytes.Clone(body),
	}
	if rec.Header == nil {
		rec.Header = http.Header{}
	}
	f.mu.Lock()
	f.requests = append(f.requests, rec)
	f.mu.Unlock()
}

// Requests returns copies of every request received since the fake was created
// or [Fake.ResetRequests] was last called, in arrival order. Requests answered
// by a fault, a 401 or a routing error are included.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Request, len(f.requests))
	for i, r := range f.requests {
		out[i] = r.clone()
	}
	return out
}

// ResetRequests forgets every recorded request.
func (f *Fake) ResetRequests() {
	f.mu.Lock()
	f.requests = nil
	f.mu.Unlock()
}

// SetLatency replaces the delay added before every request is answered
// (initially [Options.Latency]). It affects requests that arrive afterwards.
func (f *Fake) SetLatency(d time.Duration) {
	f.mu.Lock()
	f.latency = d
	f.mu.Unlock()
}

// sleep waits for d and reports true, or returns false as soon as ctx is done.
// A non-positive d does not wait.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
