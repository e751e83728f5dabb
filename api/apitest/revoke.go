package apitest

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// revokeTarget is the body of the revoke endpoints: exactly one field set.
type revokeTarget struct {
	SessionID       string `json:"session_id"`
	MemberSessionID string `json:"member_session_id"`
	MemberID        string `json:"member_id"`
	SessionToken    string `json:"session_token"`
	SessionJWT      string `json:"session_jwt"`
}

// count returns how many identifiers are set.
func (t revokeTarget) count() int {
	n := 0
	for _, v := range []string{t.SessionID, t.MemberSessionID, t.MemberID, t.SessionToken, t.SessionJWT} {
		if v != "" {
			n++
		}
	}
	return n
}

// readRevoke decodes a revoke body, answering 400 for a body that is not a
// JSON object, no identifier (no_session_revoke_arguments) or several
// (too_many_session_revoke_arguments). The status codes of the last two
// are UNCONFIRMED (REFERENCE.md §2.2). fields names the accepted keys for
// the messages.
func readRevoke(w http.ResponseWriter, r *http.Request, fields string) (revokeTarget, bool) {
	var t revokeTarget
	body, _ := io.ReadAll(r.Body)
	if json.Unmarshal(body, &t) != nil {
		writeError(w, http.StatusBadRequest, "invalid_request_value", "Request body must be a JSON object.")
		return t, false
	}
	switch t.count() {
	case 0:
		writeError(w, http.StatusBadRequest, "no_session_revoke_arguments", "One of "+fields+" is required.")
		return t, false
	case 1:
		return t, true
	}
	writeError(w, http.StatusBadRequest, "too_many_session_revoke_arguments", "Only one of "+fields+" may be passed.")
	return t, false
}

// revokeSession serves POST /v1/sessions/revoke (REFERENCE.md §3.3) with a
// body of exactly one of session_id, session_token, session_jwt. A revoked
// session is removed, so GET /v1/sessions no longer lists it and a second
// revoke answers 404 session_not_found, as does an unknown or expired
// session. The fake issues no tokens, so every session_token and
// session_jwt is unknown. A session_id of the wrong shape is 400
// invalid_session_id.
func (f *Fake) revokeSession(w http.ResponseWriter, r *http.Request, _ pathParams) {
	t, ok := readRevoke(w, r, "session_id, session_token or session_jwt")
	if !ok {
		return
	}
	if t.MemberSessionID != "" || t.MemberID != "" {
		writeError(w, http.StatusBadRequest, "invalid_request_value", "member_session_id and member_id belong to B2B projects.")
		return
	}
	if t.SessionID != "" && !validSessionID(t.SessionID) {
		writeError(w, http.StatusBadRequest, "invalid_session_id", "session_id format is invalid.")
		return
	}
	if t.SessionID == "" || !f.removeSession(t.SessionID) {
		writeError(w, http.StatusNotFound, "session_not_found", "Session could not be found.")
		return
	}
	writeBody(w, http.StatusOK, "application/json", revokedBody())
}

// removeSession deletes the active consumer session id; it reports false
// when there is none.
func (f *Fake) removeSession(id string) bool {
	now := f.now()
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, uid := range f.order {
		u := f.users[uid]
		for i, s := range u.sessions {
			if sessionIDOf(s.raw) == id && s.activeAt(now) {
				u.sessions = append(u.sessions[:i:i], u.sessions[i+1:]...)
				return true
			}
		}
	}
	return false
}

// HasSession reports whether the consumer session id is stored and active,
// which is what a revoke test checks afterwards.
func (f *Fake) HasSession(id string) bool {
	now := f.now()
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, uid := range f.order {
		for _, s := range f.users[uid].sessions {
			if sessionIDOf(s.raw) == id && s.activeAt(now) {
				return true
			}
		}
	}
	return false
}

// sessionIDOf reads session_id (consumer) or member_session_id (B2B) from
// a raw session.
func sessionIDOf(raw json.RawMessage) string {
	var p struct {
		SessionID       string `json:"session_id"`
		MemberSessionID string `json:"member_session_id"`
	}
	_ = json.Unmarshal(raw, &p) // seeded sessions are JSON; odd ones have no ID
	if p.SessionID != "" {
		return p.SessionID
	}
	return p.MemberSessionID
}

// validSessionID reports session-test-<uuid> or session-live-<uuid>.
func validSessionID(s string) bool {
	for _, prefix := range []string{"session-test-", "session-live-"} {
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			return isUUID(rest)
		}
	}
	return false
}

// revokedBody is {"request_id":…,"status_code":200}.
func revokedBody() []byte {
	return []byte(`{"request_id":` + strconv.Quote(newRequestID()) + `,"status_code":200}`)
}
