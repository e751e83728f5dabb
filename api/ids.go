package api

import (
	"fmt"
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

// IsStytchUserID reports whether s is named as a Stytch user ID
// (user-test-… or user-live-…) rather than an external ID; ValidateUserID
// checks the rest of it.
func IsStytchUserID(s string) bool {
	return strings.HasPrefix(s, "user-test-") || strings.HasPrefix(s, "user-live-")
}

// ValidateUserID checks that s is a Stytch user ID (user-test-<uuid> or
// user-live-<uuid>) or an external ID (1–128 characters of A-Z a-z 0-9 . _
// - |). The error says what is wrong in words a user can act on.
func ValidateUserID(s string) error {
	switch {
	case s == "":
		return fmt.Errorf("user ID is empty")
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
