package apitest

import (
	"bytes"
	"net/http"
	"net/mail"
	"strconv"
)

// getMember serves GET /v1/b2b/organizations/{organization_id}/member with
// exactly one of ?member_id= (ID or external ID) and ?email_address=
// (REFERENCE.md §5.5). The answer is {request_id, member_id, member,
// organization, status_code}, member and organization byte for byte.
//
// Errors: neither or both query parameters is 400
// invalid_member_get_fields; a malformed email_address 400 invalid_email;
// an unknown organization (ID, slug or external ID) 404
// organization_not_found; no such member in it 404 member_not_found. The
// status codes are UNCONFIRMED.
func (f *Fake) getMember(w http.ResponseWriter, r *http.Request, p pathParams) {
	q := r.URL.Query()
	id, email := q.Get("member_id"), q.Get("email_address")
	if (id == "") == (email == "") {
		writeError(w, http.StatusBadRequest, "invalid_member_get_fields", "Exactly one of member_id or email_address is required.")
		return
	}
	if email != "" {
		if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
			writeError(w, http.StatusBadRequest, "invalid_email", "email_address format is invalid.")
			return
		}
	}
	f.mu.Lock()
	o := f.b2b.orgLocked(p["organization_id"])
	var m *member
	if o != nil {
		if id != "" {
			m = o.memberLocked(id)
		} else {
			m = o.memberByEmailLocked(email)
		}
	}
	var body []byte
	if m != nil {
		body = memberBody(m, o)
	}
	f.mu.Unlock()
	if !writeMemberMiss(w, o, m) {
		writeBody(w, http.StatusOK, "application/json", body)
	}
}

// writeMemberMiss answers a member lookup that found no organization (404
// organization_not_found) or no member in it (404 member_not_found), and
// reports whether it did.
func writeMemberMiss(w http.ResponseWriter, o *organization, m *member) bool {
	switch {
	case o == nil:
		writeError(w, http.StatusNotFound, "organization_not_found", "Organization could not be found.")
	case m == nil:
		writeError(w, http.StatusNotFound, "member_not_found", "Member could not be found.")
	default:
		return false
	}
	return true
}

// memberBody is {"request_id":…,"member_id":…,"member":{…},"organization":{…},"status_code":200}.
func memberBody(m *member, o *organization) []byte {
	var b bytes.Buffer
	b.WriteString(`{"request_id":`)
	b.WriteString(strconv.Quote(newRequestID()))
	b.WriteString(`,"member_id":`)
	b.Write(mustRaw(m.id))
	b.WriteString(`,"member":`)
	b.Write(m.raw)
	b.WriteString(`,"organization":`)
	b.Write(o.raw)
	b.WriteString(`,"status_code":200}`)
	return b.Bytes()
}
