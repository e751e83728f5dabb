package api

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// MaxExternalIDLen is the longest external_id Stytch accepts (REFERENCE.md §4.3).
const MaxExternalIDLen = 128

// The ID patterns are compiled on first use: a UUID's counted repetitions
// make programs of a few hundred instructions, which start-up need not pay.
var (
	stytchUserID = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^user-(test|live)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	})
	externalID = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9._\-|]+$`) })
)

// ErrInvalidID marks an ID refused by the client itself, before anything
// was sent: the caller's validation should have caught it (exit 2).
var ErrInvalidID = errors.New("invalid ID")

// CheckPathSegment refuses an ID that cannot stand for itself in a request:
// an empty one, or one made only of dots. "." and ".." are dot segments,
// which clients, proxies and servers resolve to the current or the parent
// path (RFC 3986 §5.2.4), so GET /v1/users/.. would ask for /v1/; no Stytch
// ID (user, session, organization, member, external) is only dots. what
// names the ID in the error ("user ID", "organization"). Every ID validator
// calls it first, and the client checks every path segment with it again
// before sending.
func CheckPathSegment(what, s string) error {
	switch {
	case s == "":
		return fmt.Errorf("%s is empty", what)
	case strings.Trim(s, ".") == "":
		return fmt.Errorf("%s %q is only dots, which a URL path reads as another path, not an ID", what, s)
	}
	return nil
}

// pathSegment escapes id as one segment of a request path. It is the last
// line of defence behind the validators: an empty or dot-only segment is
// never emitted, whatever the caller passed; the error wraps ErrInvalidID.
func pathSegment(what, id string) (string, error) {
	if err := CheckPathSegment(what, id); err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidID, err)
	}
	return url.PathEscape(id), nil
}

// IsStytchUserID reports whether s is named as a Stytch user ID
// (user-test-… or user-live-…) rather than an external ID; ValidateUserID
// checks the rest of it.
func IsStytchUserID(s string) bool {
	return strings.HasPrefix(s, "user-test-") || strings.HasPrefix(s, "user-live-")
}

// ValidateUserID checks that s is a Stytch user ID (user-test-<uuid> or
// user-live-<uuid>) or an external ID (1–128 characters of A-Z a-z 0-9 . _
// - |, not only dots). The error says what is wrong in words a user can act on.
func ValidateUserID(s string) error {
	if err := CheckPathSegment("user ID", s); err != nil {
		return err
	}
	switch {
	case len(s) > MaxExternalIDLen:
		return fmt.Errorf("user ID is %d characters long; the limit is %d", len(s), MaxExternalIDLen)
	case IsStytchUserID(s):
		if !stytchUserID().MatchString(s) {
			return fmt.Errorf("user ID %q is malformed: want user-test-<uuid> or user-live-<uuid>", s)
		}
		return nil
	case strings.Contains(s, "@"):
		return fmt.Errorf("%q looks like an email address, not a user ID", s)
	case !externalID().MatchString(s):
		return fmt.Errorf("user ID %q is malformed: an external ID may contain only A-Z a-z 0-9 . _ - |", s)
	}
	return nil
}
