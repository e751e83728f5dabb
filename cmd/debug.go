package cmd

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/config"
	"github.com/stytchctl/stytchctl/render"
)

// debugBodyLimit is how much of a request or response body a trace shows.
// A page of sessions is tens of kilobytes; the start is enough to see
// what came back.
const debugBodyLimit = 4 << 10

// masked replaces every secret value in a trace.
const masked = api.Masked

// debugEnabled reports whether requests are traced: --debug, or
// STYTCHCTL_DEBUG set to a true value (1, true).
func (a *app) debugEnabled() bool {
	if a.debug {
		return true
	}
	v, ok := a.deps.LookupEnv(config.EnvDebug)
	if !ok {
		return false
	}
	on, err := strconv.ParseBool(strings.TrimSpace(v))
	return err == nil && on
}

// tracer writes every attempt of every API request to stderr for --debug:
// method, URL, attempt, status, duration, request_id, headers and bodies.
// Credentials never appear: the Authorization header and session cookies
// are masked, so is every JSON field named session_token, session_jwt or
// ending in "secret", "token" or "jwt", and, as a last line of defence,
// the secret and its Basic-auth form wherever they are and however they
// are encoded (api.Scrubber), bodies before they are cut. Stdout is never
// written. It is safe for concurrent use.
type tracer struct {
	mu    sync.Mutex
	w     io.Writer
	scrub *api.Scrubber
}

func newTracer(w io.Writer, projectID, secret string) *tracer {
	return &tracer{w: w, scrub: api.NewScrubber(projectID, secret)}
}

// credentials traces which credentials were chosen and how, without the
// secret.
func (t *tracer) credentials(c config.Credentials) {
	var b strings.Builder
	b.WriteString("debug: credentials: ")
	switch {
	case c.Demo:
		b.WriteString(`built-in profile "demo", served in-process`)
	case c.Via == viaLogin:
		fmt.Fprintf(&b, "new credentials of profile %q being verified, project %s", c.Profile, c.ProjectID)
	case c.Source == config.SourceEnv:
		fmt.Fprintf(&b, "%s and %s from the environment, project %s", config.EnvProjectID, config.EnvSecret, c.ProjectID)
	default:
		fmt.Fprintf(&b, "profile %q (chosen by %s), project %s, secret from the %s", c.Profile, c.Via, c.ProjectID, c.Source)
	}
	if !c.Demo {
		fmt.Fprintf(&b, " (%s), base URL %s", config.Mask(c.Secret), c.BaseURL)
	}
	b.WriteByte('\n')
	t.write(b.String())
}

// observe is the api.Config.Observe hook.
func (t *tracer) observe(ex api.Exchange) {
	var b strings.Builder
	fmt.Fprintf(&b, "debug: --> %s %s (attempt %d)\n", ex.Method, maskURL(ex.URL), ex.Attempt)
	writeHeaders(&b, ex.RequestHeader)
	t.writeBody(&b, len(ex.RequestBody), t.mask(ex.RequestBody))
	d := ex.Duration.Round(time.Millisecond)
	switch {
	case ex.Status == 0 && ex.Err != nil:
		fmt.Fprintf(&b, "debug: <-- no response after %s: %s\n", d, render.Sanitize(ex.Err.Error()))
	default:
		resp := t.mask(ex.ResponseBody)
		fmt.Fprintf(&b, "debug: <-- %d %s in %s", ex.Status, http.StatusText(ex.Status), d)
		if resp.requestID != "" {
			fmt.Fprintf(&b, ", request_id %s", render.Sanitize(resp.requestID))
		}
		if ex.Err != nil {
			fmt.Fprintf(&b, ", error reading the body: %s", render.Sanitize(ex.Err.Error()))
		}
		b.WriteByte('\n')
		writeHeaders(&b, ex.ResponseHeader)
		t.writeBody(&b, len(ex.ResponseBody), resp)
	}
	t.write(b.String())
}

// write prints s, every credential in it masked.
func (t *tracer) write(s string) {
	s = t.scrub.String(s)
	t.mu.Lock()
	defer t.mu.Unlock()
	_, _ = io.WriteString(t.w, s)
}

// sensitiveHeader reports a header whose value is a credential.
func sensitiveHeader(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "authorization", "proxy-authorization", "cookie", "set-cookie":
		return true
	}
	return strings.HasPrefix(n, "x-stytch-member-session") || sensitiveName(n)
}

// sensitiveName reports a JSON field or query parameter whose value is a
// credential: session_token, session_jwt, or any name ending in "secret",
// "token" or "jwt".
func sensitiveName(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, "secret") || strings.HasSuffix(n, "token") || strings.HasSuffix(n, "jwt")
}

func writeHeaders(b *strings.Builder, h http.Header) {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range h[k] {
			if sensitiveHeader(k) {
				v = maskHeaderValue(v)
			}
			fmt.Fprintf(b, "debug:     %s: %s\n", render.Sanitize(k), render.Sanitize(v))
		}
	}
}

// maskHeaderValue keeps the scheme of an Authorization value ("Basic",
// "Bearer") so the trace still shows which kind was sent.
func maskHeaderValue(v string) string {
	if scheme, _, ok := strings.Cut(v, " "); ok && !strings.ContainsAny(scheme, "=;") {
		return scheme + " " + masked
	}
	return masked
}

func maskURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return render.Sanitize(raw)
	}
	u.User = nil
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if sensitiveName(k) {
				for i := range q[k] {
					q[k][i] = masked
				}
			}
		}
		u.RawQuery = q.Encode()
	}
	return render.Sanitize(u.String())
}

// mask reads what a trace shows of body: enough to fill debugBodyLimit
// once the credentials in it are masked, whatever form they take.
func (t *tracer) mask(body []byte) maskedBody {
	return maskBody(body, debugBodyLimit+t.scrub.Reach())
}

// writeBody writes a body of size bytes as mask read it: its credentials
// masked, then cut after debugBodyLimit bytes. The text was read
// Scrubber.Reach bytes past the cut and is masked before it is cut, so
// that no part of a credential that crosses the cut is shown.
func (t *tracer) writeBody(b *strings.Builder, size int, body maskedBody) {
	if size == 0 {
		return
	}
	shown := t.scrub.Bytes(body.text)
	cut := len(shown) > debugBodyLimit
	if cut {
		n := debugBodyLimit
		for n > 0 && !utf8.RuneStart(shown[n]) {
			n--
		}
		shown = shown[:n]
	}
	fmt.Fprintf(b, "debug:     body: %s", render.Sanitize(string(shown)))
	switch {
	case cut || !body.complete && !body.tooDeep:
		fmt.Fprintf(b, "… (the rest of the %d-byte body is not shown)", size)
	case body.tooDeep:
		fmt.Fprintf(b, "… (nested deeper than %d levels: the rest of the %d-byte body is not shown)", maxTraceDepth, size)
	}
	b.WriteByte('\n')
}
