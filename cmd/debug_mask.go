package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// maxTraceDepth is the deepest nesting a trace shows of a JSON body; a body
// that goes deeper is cut there, with a note. Stytch's answers nest a few
// levels.
const maxTraceDepth = 64

// maxTraceSkip is the most bytes of a body a trace reads without showing
// any: whitespace, and the values of sensitive fields, which are masked.
// Past it the trace of the body ends, as when it is cut.
const maxTraceSkip = 1 << 20

// maskedBody is what a trace shows of a body, before the credentials are
// scrubbed and the text is cut to debugBodyLimit.
type maskedBody struct {
	// text is a JSON body written compactly with every sensitive field's
	// value masked, or any other body as it is.
	text []byte
	// requestID is the top-level request_id, when the part of the body
	// that was read has one.
	requestID string
	// complete is set when text shows the whole body.
	complete bool
	// tooDeep is set when text stops where the body nests deeper than
	// maxTraceDepth.
	tooDeep bool
}

// maskBody returns at most limit bytes of what a trace shows of body: a
// JSON body compactly, keys in their order, with the value of every field
// that sensitiveName picks replaced by "****"; any other body as it is.
//
// It reads the body once, left to right, and only as far as it needs to
// fill limit (plus at most maxTraceSkip bytes that it does not show),
// keeping nothing but the kinds of the open containers: a trace costs no
// more than what it shows, however large or deeply nested the body. A
// syntax error in what it reads makes the body "not JSON"; what it does not
// read is not checked.
func maskBody(body []byte, limit int) maskedBody {
	m := jsonMasker{in: body, limit: limit, out: make([]byte, 0, min(len(body), limit)+len(`"`+masked+`"`))}
	if err := m.run(); err == nil {
		return maskedBody{text: m.out, requestID: m.requestID, complete: m.pos >= len(body) && !m.stopped, tooDeep: m.tooDeep}
	}
	raw := body[:min(len(body), limit)]
	return maskedBody{text: raw, complete: len(raw) == len(body)}
}

// errNotJSON stops a jsonMasker at a byte that JSON does not allow there.
var errNotJSON = errors.New("not JSON")

// maskState is what a jsonMasker expects next.
type maskState uint8

const (
	wantValue        maskState = iota // at the top, after ':', or after ',' in an array
	wantValueOrClose                  // after '['
	wantKey                           // after ',' in an object
	wantKeyOrClose                    // after '{'
	wantCommaOrClose                  // after a value in a container
	wantEnd                           // after the top-level value
)

// jsonMasker is the state of one maskBody.
type jsonMasker struct {
	in    []byte
	pos   int
	out   []byte
	limit int
	// open holds '{' or '[' for each open container, innermost last.
	open  []byte
	state maskState
	// skipped is where the last byte shown was read, to bound what is
	// read without being shown.
	skipped int
	// inRequestID is set while the value of the top-level request_id is
	// expected.
	inRequestID bool
	requestID   string
	// stopped is set when the masker stopped before the end of the body
	// (tooDeep also when that was for the depth).
	stopped bool
	tooDeep bool
}

func (m *jsonMasker) run() error {
	for m.pos < len(m.in) && !m.stopped {
		c := m.in[m.pos]
		switch {
		case len(m.out) >= m.limit || m.pos-m.skipped > maxTraceSkip:
			m.stopped = true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			m.pos++
		default:
			if err := m.step(c); err != nil {
				return err
			}
		}
	}
	return nil
}

// step reads the token that starts with c.
func (m *jsonMasker) step(c byte) error {
	switch m.state {
	case wantValueOrClose, wantKeyOrClose:
		if c == ']' || c == '}' {
			return m.close(c)
		}
		if m.state == wantKeyOrClose {
			return m.key(c)
		}
		return m.value(c)
	case wantValue:
		return m.value(c)
	case wantKey:
		return m.key(c)
	case wantCommaOrClose:
		if c != ',' {
			return m.close(c)
		}
		m.show(m.pos, m.pos+1)
		m.state = wantValue
		if m.open[len(m.open)-1] == '{' {
			m.state = wantKey
		}
		return nil
	}
	return errNotJSON // wantEnd: something after the top-level value
}

// close reads c, which must close the innermost container.
func (m *jsonMasker) close(c byte) error {
	if len(m.open) == 0 || (c == '}') != (m.open[len(m.open)-1] == '{') || (c != '}' && c != ']') {
		return errNotJSON
	}
	m.open = m.open[:len(m.open)-1]
	m.show(m.pos, m.pos+1)
	m.afterValue()
	return nil
}

func (m *jsonMasker) afterValue() {
	m.state = wantCommaOrClose
	if len(m.open) == 0 {
		m.state = wantEnd
	}
}

// value reads the value that starts with c.
func (m *jsonMasker) value(c byte) error {
	isRequestID := m.inRequestID
	m.inRequestID = false
	switch c {
	case '{', '[':
		if len(m.open) == maxTraceDepth {
			m.stopped, m.tooDeep = true, true
			return nil
		}
		m.open = append(m.open, c)
		m.show(m.pos, m.pos+1)
		m.state = wantValueOrClose
		if c == '{' {
			m.state = wantKeyOrClose
		}
		return nil
	case '"':
		end, ok := m.token(stringEnd)
		if ok && isRequestID {
			_ = json.Unmarshal(m.in[m.pos:end], &m.requestID)
		}
		m.show(m.pos, end)
		m.afterValue()
		return nil
	}
	end, ok := m.token(literalEnd)
	if ok && !validLiteral(m.in[m.pos:end]) {
		return errNotJSON
	}
	m.show(m.pos, end)
	m.afterValue()
	return nil
}

// key reads a key, its colon and, when the key names a credential, its
// value, which is shown as "****".
func (m *jsonMasker) key(c byte) error {
	if c != '"' {
		return errNotJSON
	}
	end, ok := m.token(stringEnd)
	tok := m.in[m.pos:end]
	m.show(m.pos, end)
	if !ok {
		return nil // cut inside the key: nothing more is shown
	}
	for m.pos < len(m.in) && isSpace(m.in[m.pos]) {
		m.pos++
	}
	if m.pos == len(m.in) {
		return nil // the body ends here
	}
	if m.in[m.pos] != ':' {
		return errNotJSON
	}
	m.show(m.pos, m.pos+1)
	name := tok[1 : len(tok)-1]
	if bytes.IndexByte(name, '\\') >= 0 {
		var s string
		if json.Unmarshal(tok, &s) != nil {
			return errNotJSON
		}
		name = []byte(s)
	}
	m.state = wantValue
	if sensitiveKey(name) {
		m.skipValue()
		m.out = append(m.out, `"`+masked+`"`...)
		m.afterValue()
		return nil
	}
	m.inRequestID = len(m.open) == 1 && string(name) == "request_id"
	return nil
}

// sensitiveKey is sensitiveName for a key as read, without allocating
// for an ASCII key.
func sensitiveKey(name []byte) bool {
	for _, c := range name {
		if c >= utf8.RuneSelf {
			return sensitiveName(string(name))
		}
	}
	return hasSuffixFold(name, "secret") || hasSuffixFold(name, "token") || hasSuffixFold(name, "jwt")
}

// hasSuffixFold reports whether ASCII name ends in suffix (lower case),
// ignoring case.
func hasSuffixFold(name []byte, suffix string) bool {
	if len(name) < len(suffix) {
		return false
	}
	tail := name[len(name)-len(suffix):]
	for i := range len(suffix) {
		c := tail[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != suffix[i] {
			return false
		}
	}
	return true
}

// token finds the end of the string or literal at m.pos with end, looking
// no further than what is left to show. ok is false when it did not find
// the end there: the token is shown cut, and the trace of the body ends.
func (m *jsonMasker) token(end func(in []byte, from, max int) int) (int, bool) {
	room := min(len(m.in), m.pos+m.limit-len(m.out))
	if e := end(m.in, m.pos, room); e > 0 {
		return e, true
	}
	if room < len(m.in) {
		m.stopped = true
	}
	return room, false
}

// show writes in[from:to], then reads on from to.
func (m *jsonMasker) show(from, to int) {
	m.out = append(m.out, m.in[from:to]...)
	m.pos, m.skipped = to, to
}

// skipValue reads the value at m.pos without showing it, up to
// maxTraceSkip bytes from the last byte shown.
func (m *jsonMasker) skipValue() {
	room := min(len(m.in), m.skipped+maxTraceSkip)
	for m.pos < room && isSpace(m.in[m.pos]) {
		m.pos++
	}
	if m.pos == room {
		m.stopped = m.pos < len(m.in)
		return
	}
	var end int
	switch m.in[m.pos] {
	case '"':
		end = stringEnd(m.in, m.pos, room)
	case '{', '[':
		end = containerEnd(m.in, m.pos, room)
	default:
		end = literalEnd(m.in, m.pos, room)
	}
	if end < 0 {
		m.pos, m.stopped = room, room < len(m.in)
		return
	}
	m.pos = end
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// stringEnd returns the index after the string that starts at in[from]
// (a '"'), or -1 when it does not end before max.
func stringEnd(in []byte, from, max int) int {
	for i := from + 1; i < max; i++ {
		switch in[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// literalEnd returns the index after the number, true, false or null that
// starts at in[from], or -1 when it does not end before max.
func literalEnd(in []byte, from, max int) int {
	for i := from; i < max; i++ {
		c := in[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '+' || c == '.') {
			return i
		}
	}
	if max == len(in) {
		return max
	}
	return -1
}

// containerEnd returns the index after the object or array that starts at
// in[from], or -1 when it does not end before max. It counts brackets
// outside strings and checks nothing else: the value is not shown.
func containerEnd(in []byte, from, max int) int {
	depth := 0
	for i := from; i < max; i++ {
		switch in[i] {
		case '"':
			e := stringEnd(in, i, max)
			if e < 0 {
				return -1
			}
			i = e - 1
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// validLiteral reports whether tok is true, false, null or looks like a
// number (a sign or digit first, then digits, '.', 'e', 'E', '+', '-').
func validLiteral(tok []byte) bool {
	switch string(tok) {
	case "true", "false", "null":
		return true
	}
	if len(tok) == 0 || !(tok[0] == '-' || tok[0] >= '0' && tok[0] <= '9') {
		return false
	}
	for _, c := range tok[1:] {
		if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
			return false
		}
	}
	return true
}
