package api

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"
)

// Masked is what a Scrubber writes in place of a credential.
const Masked = "****"

// maxEscapeLen is the longest text that stands for one character of a
// credential: an HTML character reference such as &#1114111; or &#x10FFFF;.
const maxEscapeLen = 10

// minBase64Core is the fewest base64 characters of the secret, taken from
// inside a longer base64 text, worth looking for: fewer could match
// ordinary text. It is also the shortest run of a form's characters (a
// credential cut at either end) that is masked.
const minBase64Core = 16

// Scrubber masks one project's credentials in text that is about to be
// shown: an error message, a result row, a journal line, a --debug trace.
// It is the one place that knows what a credential looks like, so that
// the client (for every error it returns) and --debug (for every line it
// prints) mask the same things.
//
// It finds the secret and the Basic-auth credential that carries it
// (base64 of "project_id:secret"); both in base64 of either alphabet,
// padded or not; the secret in base64 at any alignment inside a longer
// base64 text (as in the Basic credential); and each of these with any of
// its characters written as a JSON escape (\u0073, \/), a percent escape
// (%73, %2b) or an HTML character reference (&#115;, &#x73;) — a server
// or proxy that echoes what it received may encode it in any of these
// ways. It also finds the secret and the Basic credential in hex (either
// case), percent-encoded twice (%253D), and any run of 16 or more
// consecutive characters of any of these forms: an echo cut at either end
// (a truncated log line, a cut header) still shows most of the secret. A
// credential that was found is replaced whole by [Masked].
//
// Text that shows only the start of something (a trace cut after 4 KiB)
// must be scrubbed before it is cut, with [Scrubber.Reach] bytes of what
// follows the cut, so that no credential survives in part.
//
// A nil *Scrubber (a client without a secret) masks nothing.
type Scrubber struct {
	// forms are the credential's forms before escaping, longest first.
	forms []string
	// pairs has bit a<<8|b set when a credential can begin with bytes a,
	// b: the first two characters of a form, the first followed by the
	// start of an escape, or an escape. Looking up each pair of the text
	// rules out nearly every place at once.
	pairs [1 << 16 / 64]uint64
	// oneByte is set when a form is a single byte (a test's secret), which
	// can begin a credential at the end of the text too.
	oneByte bool
	reach   int
	// starts lists, by its first byte, every place in a form (of at least
	// minBase64Core bytes) where a run of minBase64Core bytes begins;
	// grams has a bit set for the hash of every 4 bytes of those forms, so
	// that most places in a text are ruled out before starts is looked at.
	starts [256][]runStart
	grams  [1 << 16 / 64]uint64
	// runPairs is pairs for the places where a run can start.
	runPairs [1 << 16 / 64]uint64
}

// runStart is where a run may start: byte at of s.forms[form].
type runStart struct{ form, at int }

// NewScrubber returns the Scrubber of the credentials projectID and
// secret, or nil when secret is empty.
func NewScrubber(projectID, secret string) *Scrubber {
	if secret == "" {
		return nil
	}
	s := &Scrubber{forms: credentialForms(projectID, secret)}
	for _, f := range s.forms {
		if len(f) == 1 {
			s.oneByte = true
			for second := range 256 {
				s.addPair(f[0], byte(second))
			}
			continue
		}
		for _, second := range []byte{f[1], '\\', '%', '&'} {
			s.addPair(f[0], second)
		}
		s.reach = max(s.reach, len(f)*maxEscapeLen+1) // +1: the backslash taken along (see scrub)
	}
	s.addRuns()
	for _, escape := range []byte{'\\', '%', '&'} {
		for second := range 256 {
			s.addPair(escape, byte(second))
		}
	}
	return s
}

// addRuns records where a run of minBase64Core characters of each form
// can start.
func (s *Scrubber) addRuns() {
	for fi, f := range s.forms {
		if len(f) < minBase64Core {
			continue
		}
		for at := 0; at+4 <= len(f); at++ {
			g := gram(f[at:])
			s.grams[g/64] |= 1 << (g % 64)
		}
		for at := 0; at+minBase64Core <= len(f); at++ {
			s.starts[f[at]] = append(s.starts[f[at]], runStart{fi, at})
			p := uint(f[at])<<8 | uint(f[at+1])
			s.runPairs[p/64] |= 1 << (p % 64)
		}
	}
}

// gram hashes the first 4 bytes of text (at least 4 long) to 16 bits.
func gram[T string | []byte](text T) uint {
	return (uint(text[0])*0x9E3779B1 ^ uint(text[1])*0x85EBCA77 ^ uint(text[2])*0xC2B2AE3D ^ uint(text[3])*0x27D4EB2F) >> 7 & 0xffff
}

func (s *Scrubber) addPair(a, b byte) {
	p := uint(a)<<8 | uint(b)
	s.pairs[p/64] |= 1 << (p % 64)
}

// mayStart reports whether a whole form (full) or a run of one can begin
// at text[i]. A run of an escaped form starts with an escape, which full
// covers.
func mayStart[T string | []byte](s *Scrubber, text T, i int) (full, run bool) {
	if i+1 >= len(text) {
		return s.oneByte, false
	}
	p := uint(text[i])<<8 | uint(text[i+1])
	return s.pairs[p/64]&(1<<(p%64)) != 0, s.runPairs[p/64]&(1<<(p%64)) != 0
}

// credentialForms lists the secret and the Basic credential as they may
// be echoed before any escaping, longest first.
func credentialForms(projectID, secret string) []string {
	basic := projectID + ":" + secret
	forms := []string{secret}
	for _, v := range []string{basic, secret} {
		h := hex.EncodeToString([]byte(v))
		forms = append(forms, h, strings.ToUpper(h))
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for _, v := range []string{basic, secret} {
			padded := enc.EncodeToString([]byte(v))
			forms = append(forms, padded, strings.TrimRight(padded, "="))
		}
		// The secret at offset pad of a longer text: the characters whose
		// six bits all come from it.
		for pad := range 3 {
			e := enc.EncodeToString(append(make([]byte, pad), secret...))
			from, to := (8*pad+5)/6, 8*(pad+len(secret))/6
			if to-from >= minBase64Core {
				forms = append(forms, e[from:to])
			}
		}
	}
	slices.SortFunc(forms, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(forms)
}

// Reach is the most bytes one credential can take in text, every
// character escaped. Text cut after n bytes holds no part of a credential
// when it was scrubbed with at least n+Reach bytes (or all) of the text.
func (s *Scrubber) Reach() int {
	if s == nil {
		return 0
	}
	return s.reach
}

// String returns text with every credential masked.
func (s *Scrubber) String(text string) string {
	if out, found := scrub(s, text); found {
		return string(out)
	}
	return text
}

// Bytes returns text with every credential masked: text itself when there
// is none, else a new slice.
func (s *Scrubber) Bytes(text []byte) []byte {
	if out, found := scrub(s, text); found {
		return out
	}
	return text
}

// scrub masks every credential in text in one pass, left to right. A
// credential right after a backslash that escapes its first character
// takes the backslash along, so that a masked JSON string stays valid.
func scrub[T string | []byte](s *Scrubber, text T) (out []byte, found bool) {
	if s == nil {
		return nil, false
	}
	last := 0
	for i := 0; i < len(text); i++ {
		full, run := mayStart(s, text, i)
		if !full && !run {
			continue
		}
		end := matchAt(s, text, i, full)
		if end < 0 {
			continue
		}
		from := i
		if escaped(text, last, i) {
			from--
		}
		if !found {
			out, found = make([]byte, 0, len(text)), true
		}
		out = append(out, text[last:from]...)
		out = append(out, Masked...)
		last, i = end, end-1
	}
	if found {
		out = append(out, text[last:]...)
	}
	return out, found
}

// escaped reports whether text[i] follows an odd run of backslashes that
// starts at or after floor.
func escaped[T string | []byte](text T, floor, i int) bool {
	n := 0
	for j := i - 1; j >= floor && text[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// matchAt returns where the credential that starts at text[i] ends, or -1:
// a whole form, else the longest run of minBase64Core or more characters
// of one.
func matchAt[T string | []byte](s *Scrubber, text T, i int, full bool) int {
	if !full {
		return matchRun(s, text, i)
	}
	first := text[i]
	if dec, n, w := unescape(text[i:]); w > 0 && n > 0 {
		first = dec[0]
	}
	for _, f := range s.forms {
		if f[0] != first && f[0] != text[i] {
			continue
		}
		if end, k := matchPrefix(text, i, f); k == len(f) {
			return end
		}
	}
	return matchRun(s, text, i)
}

// matchRun returns where the longest run of minBase64Core or more
// characters of a form that starts at text[i] ends, or -1. Text whose
// next minBase64Core bytes are unescaped is ruled out at once unless each
// 4 of them are 4 bytes of a form.
func matchRun[T string | []byte](s *Scrubber, text T, i int) int {
	rest := text[i:]
	if len(rest) < minBase64Core {
		return -1
	}
	first := rest[0]
	if first == '\\' || first == '%' || first == '&' {
		dec, n, w := unescape(rest)
		if w == 0 || n != 1 {
			return -1
		}
		first = dec[0]
	} else if !mayRun(s, rest) {
		return -1
	}
	best := -1
	for _, st := range s.starts[first] {
		f := s.forms[st.form]
		if rest[0] == first && rest[1] != f[st.at+1] && rest[1] != '\\' && rest[1] != '%' && rest[1] != '&' {
			continue // the second byte rules it out without a call
		}
		if end, k := matchPrefix(text, i, f[st.at:]); k >= minBase64Core && end > best {
			best = end
		}
	}
	return best
}

// mayRun reports whether text, which does not start with an escape, may
// start a run: false when its first minBase64Core bytes hold no escape
// and one of their 4-byte groups is in no form.
func mayRun[T string | []byte](s *Scrubber, text T) bool {
	for i := 0; i < minBase64Core; i += 4 {
		if g := gram(text[i:]); s.grams[g/64]&(1<<(g%64)) == 0 {
			return isEscape(text[i]) || isEscape(text[i+1]) || isEscape(text[i+2]) || isEscape(text[i+3])
		}
	}
	return true
}

// isEscape reports whether c can start an escape that unescape decodes.
func isEscape(c byte) bool { return c == '\\' || c == '%' || c == '&' }

// matchPrefix spells form from text[i:], each of its characters as it is
// or escaped, as far as it goes: it returns where that stops in text and
// how many bytes of form it spelled.
func matchPrefix[T string | []byte](text T, i int, form string) (end, k int) {
	j := i
	for k < len(form) && j < len(text) {
		if text[j] == form[k] {
			j, k = j+1, k+1
			continue
		}
		dec, n, w := unescape(text[j:])
		if w == 0 || n > len(form)-k || string(dec[:n]) != form[k:k+n] {
			break
		}
		j, k = j+w, k+n
	}
	return j, k
}

// unescape decodes the escape at the start of text: a JSON \uXXXX or \/,
// a percent %XX or an HTML &#N; or &#xH;. It returns the bytes the escape
// stands for (n of them) and its width, 0 when text does not start with
// one.
func unescape[T string | []byte](text T) (dec [utf8.UTFMax]byte, n, width int) {
	switch {
	case len(text) >= 2 && text[0] == '\\' && text[1] == '/':
		dec[0] = '/'
		return dec, 1, 2
	case len(text) >= 6 && text[0] == '\\' && text[1] == 'u':
		r, ok := hexValue(text[2:6])
		if !ok || !utf8.ValidRune(r) {
			return dec, 0, 0
		}
		return dec, utf8.EncodeRune(dec[:], r), 6
	case len(text) >= 5 && text[0] == '%' && text[1] == '2' && text[2] == '5':
		// Percent-encoded twice: %25 is the '%' of %XX.
		if v, ok := hexValue(text[3:5]); ok {
			dec[0] = byte(v)
			return dec, 1, 5
		}
		dec[0] = '%'
		return dec, 1, 3
	case len(text) >= 3 && text[0] == '%':
		v, ok := hexValue(text[1:3])
		if !ok {
			return dec, 0, 0
		}
		dec[0] = byte(v)
		return dec, 1, 3
	case len(text) >= 4 && text[0] == '&' && text[1] == '#':
		return htmlReference(text)
	}
	return dec, 0, 0
}

// htmlReference decodes a numeric HTML character reference at the start
// of text ("&#115;" or "&#x73;").
func htmlReference[T string | []byte](text T) (dec [utf8.UTFMax]byte, n, width int) {
	from := 2
	hex := text[2] == 'x' || text[2] == 'X'
	if hex {
		from++
	}
	digits := text[from:min(len(text), maxEscapeLen)]
	var r rune
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		switch {
		case c == ';' && i > 0:
			if !utf8.ValidRune(r) {
				return dec, 0, 0
			}
			return dec, utf8.EncodeRune(dec[:], r), from + i + 1
		case hex:
			v, ok := hexDigit(c)
			if !ok {
				return dec, 0, 0
			}
			r = r*16 + v
		case c >= '0' && c <= '9':
			r = r*10 + rune(c-'0')
		default:
			return dec, 0, 0
		}
	}
	return dec, 0, 0
}

// hexValue parses hex digits of either case.
func hexValue[T string | []byte](digits T) (rune, bool) {
	var r rune
	for i := 0; i < len(digits); i++ {
		v, ok := hexDigit(digits[i])
		if !ok {
			return 0, false
		}
		r = r*16 + v
	}
	return r, true
}

func hexDigit(c byte) (rune, bool) {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0'), true
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10, true
	}
	return 0, false
}

// scrubError masks the credentials in every text err carries, in place
// where it can: the fields of an *Error (decoded from JSON, so that an
// escaped echo the raw body's scrub could not see is caught too) and of a
// *ResponseError. Any other error whose message holds a credential (a
// transport error quoting a malformed response) is wrapped so that its
// message is scrubbed; errors.Is and errors.As still see the original.
func (s *Scrubber) scrubError(err error) error {
	if s == nil || err == nil {
		return err
	}
	var ae *Error
	var re *ResponseError
	var ne *NetworkError
	switch {
	case errors.As(err, &ae):
		for _, f := range []*string{&ae.ErrorType, &ae.Message, &ae.RequestID, &ae.ErrorURL, &ae.RetryAfter} {
			*f = s.String(*f)
		}
		ae.Details = s.Bytes(ae.Details)
	case errors.As(err, &re):
		re.ContentType, re.Reason, re.Snippet = s.String(re.ContentType), s.String(re.Reason), s.String(re.Snippet)
	case errors.As(err, &ne):
		ne.Err = s.wrap(ne.Err)
	default:
		return s.wrap(err)
	}
	return err
}

// wrap returns err, or when its message holds a credential an error whose
// message is scrubbed each time it is read and that unwraps to err.
func (s *Scrubber) wrap(err error) error {
	if _, found := scrub(s, err.Error()); !found {
		return err
	}
	return &scrubbedError{err: err, s: s}
}

// scrubbedError is an error whose message held a credential.
type scrubbedError struct {
	err error
	s   *Scrubber
}

func (e *scrubbedError) Error() string { return e.s.String(e.err.Error()) }
func (e *scrubbedError) Unwrap() error { return e.err }

// scrub masks the client's credentials in a body that an error message is
// about to quote: a proxy page that echoes the request's credentials must
// not put them on screen. A public client (JWKS) has no secret to hide:
// its scrubber is nil.
func (c *Client) scrub(body []byte) []byte { return c.scrubber.Bytes(body) }

// scrubError masks the client's credentials in every text of an error it
// is about to return (see [Scrubber.scrubError]).
func (c *Client) scrubError(err error) error { return c.scrubber.scrubError(err) }

// Scrubber returns the Scrubber of the client's credentials, for what a
// caller keeps or prints of a successful answer (nil for a public client).
func (c *Client) Scrubber() *Scrubber { return c.scrubber }
