package api

import (
	"context"
	"fmt"
	"regexp"
	"sync"
)

// stytchSessionID is compiled on first use, as the patterns in ids.go.
var stytchSessionID = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^session-(test|live)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
})

// ValidateSessionID checks that s is a Stytch session ID
// (session-test-<uuid> or session-live-<uuid>; B2B member sessions use the
// same form). The error says what is wrong in words a user can act on.
func ValidateSessionID(s string) error {
	if err := CheckPathSegment("session ID", s); err != nil {
		return err
	}
	if !stytchSessionID().MatchString(s) {
		return fmt.Errorf("session ID %q is malformed: want session-test-<uuid> or session-live-<uuid>", s)
	}
	return nil
}

// RevokeSession ends one consumer session (POST /v1/sessions/revoke with
// {"session_id": …}); every token of that session stops working at once,
// though JWTs already issued verify locally until they expire (at most 5
// minutes). Errors are *Error: 404 session_not_found when the session does
// not exist, has expired or was already revoked; an answer that is not the
// endpoint's own success (see revoke) is a *ResponseError, a redirect a
// *RedirectError. Because a revoke is retried after a timeout or 5xx, a
// 404 whose [Error.EarlierMayHaveWorked] is true means that an earlier
// attempt did the work and only its answer was lost.
func (c *Client) RevokeSession(ctx context.Context, sessionID string) (*RevokeResponse, error) {
	return c.revoke(ctx, "/v1/sessions/revoke", struct {
		SessionID string `json:"session_id"`
	}{sessionID})
}
