package api

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxEmailLen is the longest address SMTP carries (RFC 5321 §4.5.3.1.3).
const MaxEmailLen = 254

// ValidateEmail checks that s is one bare email address as a person would
// type it into a flag: an RFC 5322 addr-spec (parsed by net/mail) with no
// display name and no angle brackets, no surrounding spaces, at most 254
// characters, and a domain with at least one dot and no empty label. It
// rejects what Stytch could never match, so that a typo fails before
// anything is sent. The error says what is wrong in words a user can act on.
func ValidateEmail(s string) error {
	switch {
	case s == "":
		return fmt.Errorf("email address is empty")
	case strings.TrimSpace(s) != s:
		return fmt.Errorf("email address %q has leading or trailing spaces", s)
	case len(s) > MaxEmailLen:
		return fmt.Errorf("email address is %d characters long; the limit is %d", len(s), MaxEmailLen)
	case strings.ContainsAny(s, "<>"):
		return fmt.Errorf("%q is not a bare email address: leave out the name and angle brackets", s)
	case !strings.Contains(s, "@"):
		return fmt.Errorf("%q is not an email address: it has no @", s)
	case strings.HasSuffix(s, "@"):
		return fmt.Errorf("%q is not an email address: nothing follows the @", s)
	case strings.HasPrefix(s, "@"):
		return fmt.Errorf("%q is not an email address: nothing comes before the @", s)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("email address %q is not valid UTF-8", s)
	}
	// net/mail takes any non-ASCII rune as an atom character (RFC 6532),
	// controls and invisible ones included; no one types those.
	if i := strings.IndexFunc(s, invisible); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return fmt.Errorf("email address %q contains the invisible or control character %U", s, r)
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return fmt.Errorf("%q is not an email address: %s", s, strings.TrimPrefix(err.Error(), "mail: "))
	}
	if a.Name != "" || a.Address != s {
		return fmt.Errorf("%q is not a bare email address: leave out the name and angle brackets", s)
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	if !strings.Contains(domain, ".") {
		return fmt.Errorf("email address %q has no dot in its domain %q", s, domain)
	}
	for _, label := range strings.Split(domain, ".") {
		if label == "" {
			return fmt.Errorf("email address %q has an empty part in its domain %q", s, domain)
		}
		if strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return fmt.Errorf("email address %q has a domain label starting or ending with '-'", s)
		}
	}
	return nil
}

// invisible reports whether r is a non-ASCII control, space or format
// character (C1 controls, no-break spaces, zero-width joiners, bidi
// overrides). ASCII ones are left to net/mail, whose errors say more.
func invisible(r rune) bool {
	return r >= utf8.RuneSelf && (unicode.IsControl(r) || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r))
}
