package apitest

import (
	"net/http"
	"time"
)

// revokeMemberSessions serves POST /v1/b2b/sessions/revoke (REFERENCE.md
// §5.2) with exactly one of member_session_id, session_token, session_jwt
// or member_id. member_id revokes every session of that member (200 even
// when there were none; 404 member_not_found for an unknown member);
// member_session_id revokes one (404 session_not_found when it is not an
// active member session). The fake issues no tokens, so a session_token or
// session_jwt is always 404 session_not_found.
func (f *Fake) revokeMemberSessions(w http.ResponseWriter, r *http.Request, _ pathParams) {
	t, ok := readRevoke(w, r, "member_session_id, session_token, session_jwt or member_id")
	if !ok {
		return
	}
	if t.SessionID != "" {
		writeError(w, http.StatusBadRequest, "invalid_request_value", "session_id belongs to consumer projects; use member_session_id.")
		return
	}
	now := f.now()
	f.mu.Lock()
	status, errType, msg := http.StatusOK, "", ""
	switch {
	case t.MemberID != "":
		if m := f.b2b.memberAnywhereLocked(t.MemberID); m != nil {
			m.sessions = nil
		} else {
			status, errType, msg = http.StatusNotFound, "member_not_found", "Member could not be found."
		}
	case t.MemberSessionID != "":
		if !validSessionID(t.MemberSessionID) {
			status, errType, msg = http.StatusBadRequest, "invalid_session_id", "member_session_id format is invalid."
		} else if !f.b2b.removeSessionLocked(t.MemberSessionID, now) {
			status, errType, msg = http.StatusNotFound, "session_not_found", "Session could not be found."
		}
	default:
		status, errType, msg = http.StatusNotFound, "session_not_found", "Session could not be found."
	}
	f.mu.Unlock()
	if status != http.StatusOK {
		writeError(w, status, errType, msg)
		return
	}
	writeBody(w, http.StatusOK, "application/json", revokedBody())
}

// removeSessionLocked deletes an active member session; false when none.
func (b *b2bState) removeSessionLocked(id string, now time.Time) bool {
	for _, o := range b.orgs {
		for _, m := range o.members {
			for i, s := range m.sessions {
				if sessionIDOf(s.raw) == id && s.activeAt(now) {
					m.sessions = append(m.sessions[:i:i], m.sessions[i+1:]...)
					return true
				}
			}
		}
	}
	return false
}
