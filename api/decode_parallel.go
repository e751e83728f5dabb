package api

import (
	"bytes"
	"runtime"
	"sync"
	"sync/atomic"

	segjson "github.com/segmentio/encoding/json"
)

// parallelMinBytes is the smallest body that decodeSessions splits across
// CPUs; below it, starting goroutines costs more than it saves.
const parallelMinBytes = 256 << 10

// decodeSessions validates a sessions response body and reads it as
// [decodeSessionsInOrder] does, with the same result. valid is false when
// the body is not one valid JSON value; the other results then mean
// nothing.
//
// A large GET /v1/sessions body is read by [decodeSessionsParallel], on
// every CPU. Any other body, or one that path does not take, is read in
// order.
func decodeSessions(body []byte) (sessions []Session, requestID string, valid bool, err error) {
	if len(body) >= parallelMinBytes && runtime.GOMAXPROCS(0) > 1 {
		if sessions, requestID, ok := decodeSessionsParallel(body); ok {
			return sessions, requestID, true, nil
		}
	}
	return decodeSessionsInOrder(body)
}

// sessionKey is what starts a session object as Stytch writes it: its
// first key (REFERENCE.md §3.6). In valid JSON, '{' then '"session_id"'
// can only be the start of an object whose first key is session_id (in a
// string the quote would be escaped); it is a session when it is an
// element of the sessions array, which decodeSessionsParallel checks.
var sessionKey = []byte(`"session_id"`)

// sessionStarts appends to out the offset of every '{' in b that is
// followed, after optional whitespace, by "session_id".
func sessionStarts(b []byte, out []int) []int {
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '{')
		if j < 0 {
			return out
		}
		i += j + 1
		k := i
		for k < len(b) && isSpace(b[k]) {
			k++
		}
		if bytes.HasPrefix(b[k:], sessionKey) {
			out = append(out, i-1)
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// skipSpace returns the offset of the first non-space byte of b at or after i.
func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// decodeSessionsParallel is decodeSessions' fast path for a large body of
// the documented shape. It guesses where the sessions are (sessionStarts),
// then proves the guess while it reads them, every CPU taking chunks of
// sessions in turn:
//
//   - the head, up to the first guess, must be the top-level object's keys
//     up to `"sessions":[`, and valid once closed with `]}`;
//   - each guess must start one valid session object that runs to a comma
//     just before the next guess, or to the array's ']' for the last;
//   - the tail after ']' must close the object, with keys (valid, and no
//     second "sessions") or without.
//
// Together these are the whole body, so the body is valid JSON and the
// guesses are exactly the array's elements. ok is false when any check
// fails (invalid JSON, another shape, a session whose first key is not
// session_id, an object in a session starting with "session_id"…); the
// caller then reads the body in order.
func decodeSessionsParallel(body []byte) (sessions []Session, requestID string, ok bool) {
	starts := sessionStarts(body, nil)
	if len(starts) == 0 {
		return nil, "", false
	}
	requestID, ok = readHead(body[:starts[0]])
	if !ok {
		return nil, "", false
	}
	sessions = make([]Session, len(starts))

	const chunk = 256
	chunks := (len(starts) + chunk - 1) / chunk
	var next atomic.Int64
	var failed atomic.Bool
	var arrayEnd int // where the array's ']' is; written by the last chunk's reader
	work := func() {
		r := &tokenReader{t: segjson.NewTokenizer(nil), names: make(map[string]string)}
		for !failed.Load() {
			c := int(next.Add(1)) - 1
			if c >= chunks {
				return
			}
			for i := c * chunk; i < min((c+1)*chunk, len(starts)); i++ {
				last := i == len(starts)-1
				end := len(body)
				if !last {
					end = starts[i+1]
				}
				n, ok := r.sessionAt(body[starts[i]:end], &sessions[i])
				if !ok {
					failed.Store(true)
					return
				}
				after := skipSpace(body, starts[i]+n)
				switch {
				case !last && after < end && body[after] == ',' && skipSpace(body, after+1) == end:
				case last && after < end && body[after] == ']':
					arrayEnd = after
				default:
					failed.Store(true)
					return
				}
			}
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), chunks) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	if failed.Load() {
		return nil, "", false
	}
	tailID, hasID, ok := readTail(body[arrayEnd+1:])
	if !ok {
		return nil, "", false
	}
	if hasID {
		requestID = tailID
	}
	return sessions, requestID, true
}

// sessionAt reads the session object that starts b into *s, and reports
// how many bytes it spans. ok is false unless those bytes are one valid
// JSON object.
func (r *tokenReader) sessionAt(b []byte, s *Session) (n int, ok bool) {
	r.b, r.bad, r.depth, r.deep = b, false, 0, false
	r.t.Reset(b)
	if !r.t.Next() || r.t.Delim != '{' {
		return 0, false
	}
	*s = r.session()
	n = len(s.Raw)
	if r.bad || r.t.Err != nil || r.t.Delim != '}' || n == 0 || (r.deep && !segjson.Valid(s.Raw)) {
		return 0, false
	}
	return n, true
}

// readHead reads the body's head: the top-level object's opening and keys
// up to `"sessions":[`, then only spaces. It returns the last request_id
// among those keys. ok is false when head is not that, or would not be a
// valid object closed with `]}`.
func readHead(head []byte) (requestID string, ok bool) {
	closed := append(head[:len(head):len(head)], "]}"...)
	r := newTokenReader(closed)
	if r.t.Delim != '{' {
		return "", false
	}
	found := false
	r.object(func(k []byte) {
		switch {
		case found:
			r.skip()
		case string(k) == "request_id":
			requestID = r.str()
		case string(k) == "sessions" && r.t.Delim == '[':
			// Only spaces may follow the '[': the head ends where the
			// first session starts.
			found = skipSpace(closed, r.end()) == len(head)
			r.skip()
		default:
			r.skip()
		}
	})
	return requestID, found && r.valid()
}

// readTail reads what follows the sessions array's ']': the end of the
// top-level object, perhaps with more keys before it. It returns the last
// request_id among those keys. ok is false when tail is not that, or when
// it holds another "sessions" key (reading in order, the last one wins).
func readTail(tail []byte) (requestID string, hasID, ok bool) {
	i := skipSpace(tail, 0)
	if i < len(tail) && tail[i] == '}' {
		return "", false, skipSpace(tail, i+1) == len(tail)
	}
	if i >= len(tail) || tail[i] != ',' {
		return "", false, false
	}
	rest := tail[skipSpace(tail, i+1):]
	if len(rest) == 0 || rest[0] != '"' {
		return "", false, false // a key must follow the comma
	}
	obj := append([]byte{'{'}, rest...)
	ok = true
	r := newTokenReader(obj)
	r.object(func(k []byte) {
		switch string(k) {
		case "request_id":
			requestID, hasID = r.str(), true
		case "sessions":
			ok = false
			r.skip()
		default:
			r.skip()
		}
	})
	return requestID, hasID, ok && r.valid()
}
