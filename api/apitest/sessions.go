package apitest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// getSessions serves GET /v1/sessions?user_id=…: the user's active sessions,
// raw and in stored order.
//
// Errors: a missing or empty user_id is 400 invalid_user_id "user_id is
// required." (Go clients drop empty query parameters, so both look the same);
// a malformed one is 400 invalid_user_id "user_id format is invalid."; a
// well-formed but unknown one is 404 user_not_found, or 200 with no sessions
// when [Options.UnknownUserEmpty] is set.
func (f *Fake) getSessions(w http.ResponseWriter, r *http.Request, _ pathParams) {
	ref := r.URL.Query().Get("user_id")
	switch {
	case ref == "":
		writeError(w, http.StatusBadRequest, "invalid_user_id", "user_id is required.")
		return
	case !validUserRef(ref):
		writeError(w, http.StatusBadRequest, "invalid_user_id", "user_id format is invalid.")
		return
	}

	now := f.now()
	var active []json.RawMessage
	f.mu.Lock()
	u := f.lookupLocked(ref)
	if u != nil {
		for _, s := range u.sessions {
			if s.activeAt(now) {
				active = append(active, s.raw) // raw is never mutated in place
			}
		}
	}
	f.mu.Unlock()

	if u == nil && !f.unknownUserEmpty {
		writeError(w, http.StatusNotFound, "user_not_found", "User could not be found.")
		return
	}
	writeBody(w, http.StatusOK, "application/json", listBody("sessions", active))
}

// listBody builds {"request_id":…,"<key>":[…],"status_code":200} by
// concatenation, so each item appears exactly as stored.
func listBody(key string, items []json.RawMessage) []byte {
	size := 128
	for _, it := range items {
		size += len(it) + 1
	}
	var b bytes.Buffer
	b.Grow(size)
	b.WriteString(`{"request_id":`)
	b.WriteString(strconv.Quote(newRequestID())) // ASCII only: quoting is JSON-safe
	b.WriteString(`,`)
	b.WriteString(strconv.Quote(key))
	b.WriteString(`:[`)
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(it)
	}
	b.WriteString(`],"status_code":200}`)
	return b.Bytes()
}

// validUserRef reports whether s can name a user: a "user-test-<uuid>" or
// "user-live-<uuid>" user_id, or an external_id (1–128 characters of
// A–Z a–z 0–9 . _ - |). A value with a user_id prefix but no UUID after it is
// treated as a malformed user_id, not as an external_id.
func validUserRef(s string) bool {
	for _, prefix := range []string{"user-test-", "user-live-"} {
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			return isUUID(rest)
		}
	}
	return validExternalID(s)
}

// validExternalID reports whether s meets Stytch's external_id rules.
func validExternalID(s string) bool {
	if len(s) == 0 || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '.' || c == '_' || c == '-' || c == '|'
		if !ok {
			return false
		}
	}
	return true
}
