package apitest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// getMemberSessions serves GET /v1/b2b/sessions?organization_id=…&member_id=…
// (REFERENCE.md §5.1): the member's active sessions, raw and in stored
// order. organization_id may be the ID, slug or external ID; member_id the
// ID or external ID.
//
// Errors (status codes UNCONFIRMED, by analogy with the consumer ones): a
// missing organization_id is 400 invalid_organization_id, a missing
// member_id 400 invalid_argument; an unknown organization is 404
// organization_not_found, an unknown member 404 member_not_found.
func (f *Fake) getMemberSessions(w http.ResponseWriter, r *http.Request, _ pathParams) {
	q := r.URL.Query()
	orgRef, memberRef := q.Get("organization_id"), q.Get("member_id")
	switch {
	case orgRef == "":
		writeError(w, http.StatusBadRequest, "invalid_organization_id", "organization_id is required.")
		return
	case memberRef == "":
		writeError(w, http.StatusBadRequest, "invalid_argument", "member_id is required.")
		return
	}
	now := f.now()
	f.mu.Lock()
	o := f.b2b.orgLocked(orgRef)
	var m *member
	var active []json.RawMessage
	if o != nil {
		if m = o.memberLocked(memberRef); m != nil {
			for _, s := range m.sessions {
				if s.activeAt(now) {
					active = append(active, s.raw)
				}
			}
		}
	}
	f.mu.Unlock()
	switch {
	case o == nil:
		writeError(w, http.StatusNotFound, "organization_not_found", "Organization could not be found.")
	case m == nil:
		writeError(w, http.StatusNotFound, "member_not_found", "Member could not be found.")
	default:
		writeBody(w, http.StatusOK, "application/json", memberSessionsBody(active))
	}
}

// memberSessionsBody is {"request_id":…,"member_sessions":[…],"status_code":200}.
func memberSessionsBody(sessions []json.RawMessage) []byte {
	var b bytes.Buffer
	b.WriteString(`{"request_id":`)
	b.WriteString(strconv.Quote(newRequestID()))
	b.WriteString(`,"member_sessions":[`)
	for i, s := range sessions {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(s)
	}
	b.WriteString(`],"status_code":200}`)
	return b.Bytes()
}

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
