package cmd

import (
	"bytes"
	"encoding/json"
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
// are encoded (api.Scrubber). Stdout is never written. It is safe for
// concurrent use.
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
	writeBody(&b, ex.RequestBody, t.scrub)
	d := ex.Duration.Round(time.Millisecond)
	switch {
	case ex.Status == 0 && ex.Err != nil:
		fmt.Fprintf(&b, "debug: <-- no response after %s: %s\n", d, render.Sanitize(ex.Err.Error()))
	default:
		fmt.Fprintf(&b, "debug: <-- %d %s in %s", ex.Status, http.StatusText(ex.Status), d)
		if id := requestID(ex.ResponseBody); id != "" {
			fmt.Fprintf(&b, ", request_id %s", render.Sanitize(id))
		}
		if ex.Err != nil {
			fmt.Fprintf(&b, ", error reading the body: %s", render.Sanitize(ex.Err.Error()))
		}
		b.WriteByte('\n')
		writeHeaders(&b, ex.ResponseHeader)
		writeBody(&b, ex.ResponseBody, t.scrub)
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

// writeBody writes a body, its secret fields and every credential in it
// masked (by field name, then by scrub), cut after debugBodyLimit bytes.
// It is masked before it is cut, so that no part of a credential that
// crosses the cut is shown.
func writeBody(b *strings.Builder, body []byte, scrub *api.Scrubber) {
	if len(body) == 0 {
		return
	}
	shown := body
	if json.Valid(body) {
		var out bytes.Buffer
		if err := maskJSON(&out, body); err == nil {
			shown = out.Bytes()
		}
	} else {
		// Not JSON (an HTML error page, a truncated body): no field names
		// to go by, so only the redaction of the secret itself applies.
		shown = body
	}
	shown = scrub.Bytes(shown)
	total := len(shown)
	if total > debugBodyLimit {
		cut := debugBodyLimit
		for cut > 0 && !utf8.RuneStart(shown[cut]) {
			cut--
		}
		shown = shown[:cut]
	}
	fmt.Fprintf(b, "debug:     body: %s", render.Sanitize(string(shown)))
	if total > len(shown) {
		fmt.Fprintf(b, "… (%d more bytes not shown)", total-len(shown))
	}
	b.WriteByte('\n')
}

// maskJSON writes raw compactly with the value of every sensitive field
// replaced, keeping the key order.
func maskJSON(out *bytes.Buffer, raw []byte) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	switch raw[0] {
	case '{':
		dec := json.NewDecoder(bytes.NewReader(raw))
		if _, err := dec.Token(); err != nil {
			return err
		}
		out.WriteByte('{')
		for i := 0; dec.More(); i++ {
			tok, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ := tok.(string)
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return err
			}
			if i > 0 {
				out.WriteByte(',')
			}
			writeJSONString(out, key)
			out.WriteByte(':')
			if sensitiveName(key) {
				out.WriteString(`"` + masked + `"`)
				continue
			}
			if err := maskJSON(out, v); err != nil {
				return err
			}
		}
		out.WriteByte('}')
		return nil
	case '[':
		dec := json.NewDecoder(bytes.NewReader(raw))
		if _, err := dec.Token(); err != nil {
			return err
		}
		out.WriteByte('[')
		for i := 0; dec.More(); i++ {
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return err
			}
			if i > 0 {
				out.WriteByte(',')
			}
			if err := maskJSON(out, v); err != nil {
				return err
			}
		}
		out.WriteByte(']')
		return nil
	default:
		return json.Compact(out, raw)
	}
}

// writeJSONString writes s as a JSON string, leaving <, > and & as they are.
func writeJSONString(out *bytes.Buffer, s string) {
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)           // a string always encodes
	out.Truncate(out.Len() - 1) // Encode adds a newline
}

// requestID returns the top-level request_id of a Stytch JSON body.
func requestID(body []byte) string {
	var v struct {
		RequestID string `json:"request_id"`
	}
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	return v.RequestID
}
