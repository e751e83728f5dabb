package render

import (
	"strings"
	"unicode/utf8"
)

// UTF8Locale reports whether the locale the environment names can show
// stytchctl's glyphs (· … ━ ┄ ─ ● │ ✓ ✗). The character set comes from
// LC_ALL, else LC_CTYPE, else LANG, the first one set and non-empty, as
// the C library reads them. A locale that names no UTF-8 character set
// (C, POSIX, en_US.ISO-8859-1, en_US) cannot; no locale at all is taken
// as UTF-8, which every terminal of the last decade is, so that a bare
// environment (a container, Windows) keeps the glyphs.
func UTF8Locale(lookup func(string) (string, bool)) bool {
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v, ok := lookup(k); ok && v != "" {
			v = strings.ToLower(v)
			return strings.Contains(v, "utf-8") || strings.Contains(v, "utf8")
		}
	}
	return true
}

// asciiGlyphs maps each glyph of human output to one ASCII character of
// the same display width, so a line fitted to the terminal stays fitted.
var asciiGlyphs = map[rune]byte{
	'·': '-', // separator: "Safari 17 - iOS 17.5.1 - phone"
	'…': '~', // cut text: "Chrome 12~", as in PROGRA~1
	'━': '=', // timeline: active
	'┄': '.', // timeline: idle
	'─': '-', // timeline: still to come
	'●': '*', // timeline: last activity
	'│': '|', // timeline: now
	'✓': '+', // auth doctor: passed
	'✗': 'x', // auth doctor: failed
}

// ASCIIGlyphs returns s with each of stytchctl's glyphs replaced by its
// ASCII stand-in (· as -, … as ~, ━ as =, ┄ as ., ─ as -, ● as *, │ as |,
// ✓ as +, ✗ as x). It is the one place human output falls back to ASCII
// under a non-UTF-8 locale (see UTF8Locale); text from the API (names,
// user agents) is left as it is. s is returned unchanged, without
// copying, when it holds none of them.
func ASCIIGlyphs(s []byte) []byte {
	i := 0
	for i < len(s) {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(s[i:])
		if _, ok := asciiGlyphs[r]; ok {
			return replaceGlyphs(s, i)
		}
		i += n
	}
	return s
}

// replaceGlyphs is ASCIIGlyphs from the first glyph, at i.
func replaceGlyphs(s []byte, i int) []byte {
	out := make([]byte, i, len(s))
	copy(out, s[:i])
	for i < len(s) {
		if s[i] < utf8.RuneSelf {
			out = append(out, s[i])
			i++
			continue
		}
		r, n := utf8.DecodeRune(s[i:])
		if a, ok := asciiGlyphs[r]; ok {
			out = append(out, a)
		} else {
			out = append(out, s[i:i+n]...)
		}
		i += n
	}
	return out
}
