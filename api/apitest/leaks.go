package apitest

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file is for tests that play a hostile server or proxy: one that
// sends back the credentials it received, in an encoding that a plain
// search for the secret would miss. [CredentialEchoes] lists those
// encodings; [LeakNeedles] and [FindLeak] find a credential in any of them
// in what a test captured (stdout, stderr, a trace, a file). They are
// written independently of the scrubbing they check.

// CredentialEchoes returns, by name, the forms in which a server can echo
// the secret and the Basic credential (base64 of "projectID:secret"): as
// is, base64 in both alphabets, padded or not and at every alignment
// inside a longer base64 text, percent-encoded, as JSON \u escapes (some or
// all characters, either case of hex) and as HTML character references.
// Every form is printable ASCII, safe inside a JSON string and a header
// value.
func CredentialEchoes(projectID, secret string) map[string]string {
	basic := projectID + ":" + secret
	b64 := base64.StdEncoding
	echoes := map[string]string{
		"plain":                   secret,
		"basic":                   b64.EncodeToString([]byte(basic)),
		"base64 secret":           b64.EncodeToString([]byte(secret)),
		"base64url secret raw":    base64.RawURLEncoding.EncodeToString([]byte(secret)),
		"base64 basic raw":        base64.RawStdEncoding.EncodeToString([]byte(basic)),
		"base64url basic":         base64.URLEncoding.EncodeToString([]byte(basic)),
		"base64 secret offset 1":  b64.EncodeToString([]byte("x" + secret)),
		"base64 secret offset 2":  b64.EncodeToString([]byte("xy" + secret)),
		"percent query":           url.QueryEscape(secret),
		"percent every byte":      escapeEach(secret, "%%%02X"),
		"percent every byte, a-f": escapeEach(secret, "%%%02x"),
		"percent basic":           url.QueryEscape(b64.EncodeToString([]byte(basic))),
		`JSON \u first`:           escapeEach(secret[:1], `\u%04x`) + secret[1:],
		`JSON \u every char`:      escapeEach(secret, `\u%04x`),
		`JSON \u basic, A-F`:      escapeEach(b64.EncodeToString([]byte(basic)), `\u%04X`),
		`JSON \/ basic`:           strings.ReplaceAll(b64.EncodeToString([]byte(basic)), "/", `\/`),
		"HTML decimal":            escapeEach(secret, "&#%d;"),
		"HTML hex basic":          escapeEach(b64.EncodeToString([]byte(basic)), "&#x%x;"),
		"mixed":                   escapeEach(secret[:1], `\u%04x`) + escapeEach(secret[1:2], "%%%02X") + escapeEach(secret[2:3], "&#%d;") + secret[3:],
	}
	return echoes
}

// escapeEach writes every byte of s with format.
func escapeEach(s, format string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, format, s[i])
	}
	return b.String()
}

// LeakNeedles returns what must never be found in output: the secret, the
// Basic credential (base64 of "projectID:secret", padded: index 1), and
// base64 of either alphabet of the secret and of the Basic credential,
// including the characters that encode the secret alone when it sits at
// offset 1 or 2 of a longer base64 text. [FindLeak] also looks for them
// under escapes.
func LeakNeedles(projectID, secret string) []string {
	basic := projectID + ":" + secret
	needles := []string{secret, base64.StdEncoding.EncodeToString([]byte(basic))}
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		needles = append(needles, enc.EncodeToString([]byte(basic)), enc.EncodeToString([]byte(secret)))
		for _, pad := range []string{"x", "xy"} {
			// The first characters mix the pad's bits with the secret's,
			// the last its final bits with what follows: leave both out.
			s := enc.EncodeToString([]byte(pad + secret))
			needles = append(needles, s[3:len(s)-3])
		}
	}
	return needles
}

// FindLeak returns the first needle found in text, or in text with its JSON
// (\uXXXX, \/, \\), percent (%XX) and HTML (&#N;, &#xH;) escapes undone,
// up to three times over (a JSON line that stores an escaped echo escapes
// it again), or "".
func FindLeak(text string, needles []string) string {
	for range 4 {
		for _, n := range needles {
			if n != "" && strings.Contains(text, n) {
				return n
			}
		}
		if !strings.ContainsAny(text, `\%&`) {
			break
		}
		text = unescapeAll(text)
	}
	return ""
}

// unescapeAll undoes, left to right, every escape FindLeak knows; anything
// else is kept as it is.
func unescapeAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if dec, n := unescapeOne(s[i:]); n > 0 {
			b.WriteString(dec)
			i += n
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// unescapeOne decodes the escape at the start of s, returning what it
// stands for and its length, or n == 0 when s does not start with one.
func unescapeOne(s string) (dec string, n int) {
	switch {
	case strings.HasPrefix(s, `\/`):
		return "/", 2
	case strings.HasPrefix(s, `\\`):
		return `\`, 2
	case strings.HasPrefix(s, `\u`) && len(s) >= 6:
		if v, err := strconv.ParseUint(s[2:6], 16, 32); err == nil && utf8.ValidRune(rune(v)) {
			return string(rune(v)), 6
		}
	case s[0] == '%' && len(s) >= 3:
		if v, err := strconv.ParseUint(s[1:3], 16, 8); err == nil {
			return string([]byte{byte(v)}), 3
		}
	case strings.HasPrefix(s, "&#"):
		end := strings.IndexByte(s, ';')
		if end < 3 || end > 12 {
			return "", 0
		}
		digits, base := s[2:end], 10
		if digits[0] == 'x' || digits[0] == 'X' {
			digits, base = digits[1:], 16
		}
		if v, err := strconv.ParseUint(digits, base, 32); err == nil && utf8.ValidRune(rune(v)) {
			return string(rune(v)), end + 1
		}
	}
	return "", 0
}
