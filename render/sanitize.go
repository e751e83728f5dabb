package render

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Sanitize makes text that came from the API safe to print on a terminal
// or in a tab-separated line: control characters (C0, DEL, C1, which start
// escape sequences) and bidirectional overrides are shown as Go-style
// escapes such as \x1b, \n and \u202e, and invalid UTF-8 becomes U+FFFD. A
// string with none of these is returned unchanged, without allocating.
func Sanitize(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeFormat(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clean reports whether s needs no escaping.
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			return false
		}
		if c >= 0x80 {
			// Slow path only for non-ASCII text.
			for _, r := range s[i:] {
				if r < 0x20 || r == 0x7f || r == utf8.RuneError || (r >= 0x80 && r < 0xa0) || unsafeFormat(r) {
					return false
				}
			}
			return utf8.ValidString(s[i:])
		}
	}
	return true
}

// unsafeFormat reports the invisible formatting characters that can make a
// terminal line read differently from its bytes (bidi overrides/isolates).
func unsafeFormat(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// EscapeDocument returns doc, a JSON or YAML document, with what a terminal
// would act on or show misleadingly written as \u escapes: DEL, C1 controls
// (U+0080–U+009F, which some terminals take as escape sequences) and
// bidirectional overrides and isolates; invalid UTF-8 becomes \ufffd. The
// document still says the same thing: in JSON these characters can only
// appear inside strings, where the escape stands for the same character,
// and WriteYAML double-quotes every string that holds one. (C0 controls
// are escaped by both formats already.) doc is returned as is when it holds
// none, without allocating.
func EscapeDocument(doc []byte) []byte {
	i := firstTerminalUnsafe(doc)
	if i < 0 {
		return doc
	}
	out := make([]byte, 0, len(doc)+32)
	out = append(out, doc[:i]...)
	for i < len(doc) {
		r, size := utf8.DecodeRune(doc[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			out = append(out, `\ufffd`...)
		case terminalUnsafe(r):
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, doc[i:i+size]...)
		}
		i += size
	}
	return out
}

// terminalUnsafe is what EscapeDocument escapes, apart from invalid UTF-8.
func terminalUnsafe(r rune) bool {
	return r == 0x7f || (r >= 0x80 && r < 0xa0) || unsafeFormat(r)
}

// firstTerminalUnsafe is the offset of the first byte EscapeDocument would
// change, or -1.
func firstTerminalUnsafe(b []byte) int {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if (r == utf8.RuneError && size == 1) || terminalUnsafe(r) {
			return i
		}
		i += size
	}
	return -1
}

// hasTerminalUnsafe reports whether EscapeDocument would change s.
func hasTerminalUnsafe(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || terminalUnsafe(r) {
			return true
		}
	}
	return false
}
