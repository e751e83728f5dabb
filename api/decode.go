package api

import (
	"bytes"
	"errors"
	"time"

	segjson "github.com/segmentio/encoding/json"

	"github.com/stytchctl/stytchctl/api/authfactor"
)

// tokenReader decodes Stytch responses in a single pass over the body with
// segmentio's zero-allocation tokenizer, taking the typed fields that
// tables and filters need and the exact bytes of every object that JSON
// output passes through.
//
// It also checks what the tokenizer leaves unchecked, so that reading a
// value through to its end proves it valid JSON (see valid): the
// tokenizer checks each token (strings, numbers, literals) and that
// brackets match; the reader checks the grammar between them (keys,
// colons, commas, values where values belong). Malformed input never
// makes it panic, but the values read from it mean nothing.
type tokenReader struct {
	t *segjson.Tokenizer
	b []byte
	// names, when not nil, holds the strings that repeat across a user's
	// sessions (its user ID, its few user agents, factor types and
	// delivery methods, roles), so that each is allocated once; see shared.
	names map[string]string
	// bad records a grammar error or an early end of input.
	bad bool
	// depth is how many containers skip is inside; past maxDepth it stops
	// checking the grammar and sets deep, and only segjson.Valid can then
	// tell whether the input is valid.
	depth int
	deep  bool
}

// maxDepth bounds the nesting that tokenReader checks itself (each level
// is a call frame of skip); Stytch's objects are a few levels deep.
const maxDepth = 256

// maxNames bounds tokenReader.names: past it, strings are copied each time.
const maxNames = 1024

// newTokenReader returns a reader positioned on the first token of b.
func newTokenReader(b []byte) *tokenReader {
	r := &tokenReader{t: segjson.NewTokenizer(b), b: b}
	r.bad = !r.t.Next()
	return r
}

// end is the offset just past the current token; start is where it begins.
func (r *tokenReader) end() int   { return len(r.b) - r.t.Remaining() }
func (r *tokenReader) start() int { return r.end() - len(r.t.Value) }

// next moves to the next token inside a value, and records an error or
// an early end of input.
func (r *tokenReader) next() bool {
	if r.t.Next() {
		return true
	}
	r.bad = true
	return false
}

// atValue reports whether the current token can start a value, and
// records a grammar error if not.
func (r *tokenReader) atValue() bool {
	switch r.t.Delim {
	case 0, '{', '[':
		return true
	}
	r.bad = true
	return false
}

// skip consumes the value that starts at the current token, checking its
// grammar.
func (r *tokenReader) skip() {
	switch r.t.Delim {
	case 0: // a string, number or literal, which the tokenizer checked
	case '{', '[':
		if r.depth >= maxDepth {
			r.deep = true
			r.skipUnchecked()
			return
		}
		r.depth++
		if r.t.Delim == '{' {
			r.object(func([]byte) { r.skip() })
		} else {
			r.array(r.skip)
		}
		r.depth--
	default:
		r.bad = true
	}
}

// skipUnchecked consumes the container that starts at the current token
// without checking its grammar.
func (r *tokenReader) skipUnchecked() {
	depth := r.t.Depth
	for r.t.Next() {
		if (r.t.Delim == '}' || r.t.Delim == ']') && r.t.Depth == depth {
			return
		}
	}
	r.bad = true
}

// valid reports whether the input held one valid JSON value, once the
// reader has consumed that value: nothing but spaces may follow it.
func (r *tokenReader) valid() bool {
	if r.bad || r.t.Err != nil || r.t.Next() || r.t.Err != nil {
		return false
	}
	return !r.deep || segjson.Valid(r.b)
}

// raw consumes the current value and returns its bytes, sharing r.b.
func (r *tokenReader) raw() []byte {
	from := r.start()
	r.skip()
	to := r.end()
	return r.b[from:to:to]
}

// str consumes the current value and returns it if it is a string, else "".
// The string is a copy: values outlive the body (a user ID kept in a map
// while a thousand more responses are read), and a string sharing the
// body's memory would keep all of it alive.
func (r *tokenReader) str() string {
	if r.t.Delim != 0 || len(r.t.Value) == 0 || r.t.Value[0] != '"' {
		r.skip()
		return ""
	}
	return string(r.t.String())
}

// name is string(b), through names when the reader has them (one that
// reads many sessions does; one that reads a single object does not).
func (r *tokenReader) name(b []byte) string {
	if r.names == nil {
		return string(b)
	}
	if s, ok := r.names[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(r.names) < maxNames {
		r.names[s] = s
	}
	return s
}

// shared is str for values that repeat from session to session: equal
// values come back as one string, allocated the first time.
func (r *tokenReader) shared() string {
	if r.t.Delim != 0 || len(r.t.Value) == 0 || r.t.Value[0] != '"' {
		r.skip()
		return ""
	}
	return r.name(r.t.String())
}

// timestamp consumes the current value and parses it as ParseTime does, or
// returns the zero time if it is not a string. Unlike str it copies nothing
// in the usual case (parseUTC reads the token's bytes): the 4 or 5
// timestamps of every session would otherwise be as many allocations.
func (r *tokenReader) timestamp() time.Time {
	v := r.t.Value
	if r.t.Delim != 0 || len(v) < 2 || v[0] != '"' {
		r.skip()
		return time.Time{}
	}
	if t, ok := parseUTC([]byte(v[1 : len(v)-1])); ok {
		return t
	}
	return ParseTime(string(r.t.String()))
}

// object calls fn with each key of the object that starts at the current
// token; fn is positioned on the key's value and must consume it. It
// reports false if the value is not a complete object (one that is not an
// object is skipped).
func (r *tokenReader) object(fn func(key []byte)) bool {
	return r.container('{', '}', func() bool {
		if r.t.Delim != 0 || len(r.t.Value) == 0 || r.t.Value[0] != '"' {
			r.bad = true // a key must be a string
			return false
		}
		key := r.t.String()
		if !r.next() || r.t.Delim != ':' || !r.next() || !r.atValue() {
			r.bad = true
			return false
		}
		fn(key)
		return true
	})
}

// array calls fn with each element of the array that starts at the current
// token; fn is positioned on the element and must consume it. It reports
// false if the value is not a complete array (one that is not an array is
// skipped).
func (r *tokenReader) array(fn func()) bool {
	return r.container('[', ']', func() bool {
		if !r.atValue() {
			return false
		}
		fn()
		return true
	})
}

// container walks the object or array that starts at the current token,
// opened by open and closed by end: element is called on the first token
// of each member and must consume it, reporting false on a grammar error;
// the members must be separated by commas. It reports false, recording the
// error, if the container is not complete and well formed; one that does
// not start with open is skipped.
func (r *tokenReader) container(open, end segjson.Delim, element func() bool) bool {
	if r.t.Delim != open {
		r.skip()
		return false
	}
	if !r.next() {
		return false
	}
	if r.t.Delim == end {
		return true
	}
	for {
		if !element() || !r.next() {
			return false
		}
		switch r.t.Delim {
		case end:
			return true
		case ',':
			if !r.next() {
				return false
			}
		default:
			r.bad = true
			return false
		}
	}
}

// session reads the session object at the current token (REFERENCE.md
// §3.6). Raw is the object's exact bytes.
func (r *tokenReader) session() Session {
	var s Session
	from := r.start()
	r.object(func(k []byte) {
		switch string(k) {
		case "session_id":
			s.SessionID = r.str()
		case "user_id":
			s.UserID = r.shared()
		case "roles":
			s.Roles = []string{}
			if !r.array(func() { s.Roles = append(s.Roles, r.shared()) }) {
				s.Roles = nil
			}
		case "started_at":
			s.StartedAt = r.timestamp()
		case "last_accessed_at":
			s.LastAccessedAt = r.timestamp()
		case "expires_at":
			s.ExpiresAt = r.timestamp()
		case "attributes":
			r.object(func(k []byte) {
				switch string(k) {
				case "ip_address":
					s.IPAddress = r.str()
				case "user_agent":
					s.UserAgent = r.shared()
				default:
					r.skip()
				}
			})
		case "custom_claims":
			if v := r.raw(); !bytes.Equal(v, []byte("null")) {
				s.CustomClaims = v
			}
		case "authentication_factors":
			r.array(func() {
				if r.t.Delim != '{' {
					r.skip()
					return
				}
				s.AuthenticationFactors = append(s.AuthenticationFactors, r.factor())
			})
		default:
			r.skip()
		}
	})
	to := r.end()
	s.Raw = r.b[from:to:to]
	return s
}

// factor reads one authentication factor (REFERENCE.md §3.7): the
// sub-object is the first key ending in authfactor.DetailSuffix ("_factor")
// whose value is an object.
func (r *tokenReader) factor() Factor {
	var f Factor
	r.object(func(k []byte) {
		switch string(k) {
		case "type":
			f.Type = r.shared()
		case "delivery_method":
			f.DeliveryMethod = r.shared()
		case "last_authenticated_at":
			f.LastAuthenticatedAt = r.timestamp()
		default:
			if f.Kind == "" && r.t.Delim == '{' && bytes.HasSuffix(k, []byte(authfactor.DetailSuffix)) {
				f.Kind, f.Detail = r.name(k), r.raw()
				return
			}
			r.skip()
		}
	})
	return f
}

// decodeSessions reads a sessions response body: its request_id and its
// sessions array (see readSessionsBody for what is an error). Each
// Session.Raw is a capped sub-slice of body, so body must not be modified
// afterwards.
//
// valid reports whether body is one valid JSON value; when it is not, the
// other results mean nothing.
func decodeSessions(body []byte) (sessions []Session, requestID string, valid bool, err error) {
	r := newTokenReader(body)
	r.names = make(map[string]string)
	requestID, valid, err = readSessionsBody(r,
		func() { sessions = make([]Session, 0, sessionsHint(body)) },
		func() { sessions = append(sessions, r.session()) })
	if !valid {
		return nil, "", false, nil
	}
	if err != nil {
		return nil, requestID, true, err
	}
	if len(sessions) == 0 {
		sessions = nil
	}
	return sessions, requestID, true, nil
}

// checkSessionsBody is decodeSessions without the decoding, for a body that
// is passed through untouched: valid reports whether body is one valid JSON
// value, err what is wrong with its shape, as decodeSessions would say
// (FuzzDecodeSessions holds the two to the same verdicts).
//
// A body of the documented shape is taken by segjson.Parse, which checks
// every value it reads or skips as segjson.Valid does, and faster than
// walking the sessions with a tokenReader (BenchmarkCheckSessionsBody5000
// against BenchmarkDecodeSessions5000); any other body is read in order,
// which says what is wrong.
func checkSessionsBody(body []byte) (valid bool, err error) {
	var w struct {
		Sessions *[]objectShape `json:"sessions"`
	}
	rest, perr := segjson.Parse(body, &w, segjson.DontMatchCaseInsensitiveStructFields)
	if perr == nil && skipSpace(rest, 0) == len(rest) && w.Sessions != nil {
		return true, nil
	}
	r := newTokenReader(body)
	_, valid, err = readSessionsBody(r, func() {}, r.skip)
	return valid, err
}

// objectShape accepts a JSON object and refuses any other value, null
// included, keeping nothing of it.
type objectShape struct{}

var errNotObject = errors.New("not a JSON object")

func (objectShape) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || b[0] != '{' {
		return errNotObject
	}
	return nil
}

// readSessionsBody walks the sessions response that r is on: an object
// whose "sessions" is an array of objects (REFERENCE.md §3.1). It calls
// begin when the array starts (again if the key repeats: the last one
// wins) and element on each session's '{', which element must consume. It
// returns the request_id, whether the input was one valid JSON value
// (when not, the rest means nothing), and what was wrong with its shape:
// not an object, no "sessions" (a Stytch error document under a 200 has
// none), one that is not an array (null included), or an element that is
// not an object. None of these is an empty list.
func readSessionsBody(r *tokenReader, begin, element func()) (requestID string, valid bool, err error) {
	seen := false
	ok := r.object(func(k []byte) {
		switch {
		case string(k) == "request_id":
			requestID = r.str()
		case string(k) == "sessions" && err == nil:
			seen = true
			if r.t.Delim != '[' {
				err = errors.New(`"sessions" is not an array`)
				r.skip()
				return
			}
			begin()
			r.array(func() {
				if r.t.Delim != '{' {
					if err == nil {
						err = errors.New(`an element of "sessions" is not an object`)
					}
					r.skip()
					return
				}
				element()
			})
		default:
			r.skip()
		}
	})
	if !r.valid() {
		return "", false, nil
	}
	switch {
	case err != nil:
	case !ok:
		err = errors.New("the response is not a JSON object")
	case !seen:
		err = errors.New(`the response has no "sessions" array`)
	}
	return requestID, true, err
}

// skipSpace returns the offset of the first non-space byte of b at or after i.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// sessionsHint guesses how many sessions body holds, from the objects in it
// whose first key is "session_id" (as Stytch writes a session), so that
// the slice is allocated once: growing it by doubling copies it repeatedly
// into fresh memory. The guess is bounded by the body's size, so an odd
// body cannot make it large. It looks for '{', which is rare in a body,
// where '"' is everywhere.
func sessionsHint(body []byte) int {
	n := 0
	for i := 0; ; {
		j := bytes.IndexByte(body[i:], '{')
		if j < 0 {
			return min(n, len(body)/256)
		}
		i += j + 1
		if bytes.HasPrefix(body[skipSpace(body, i):], []byte(`"session_id"`)) {
			n++
		}
	}
}
