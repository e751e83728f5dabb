package apitest

import (
	"encoding/json"
	"net/http"
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
	if !writeMemberMiss(w, o, m) {
		writeBody(w, http.StatusOK, "application/json", listBody("member_sessions", active))
	}
}
