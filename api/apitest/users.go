package apitest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// getUser serves GET /v1/users/{user_id} (REFERENCE.md §4.1). The path
// segment may be a user_id or an external_id. The answer is flat: the
// stored User object's fields between request_id and status_code, as in
// examples/users_get_200.json.
//
// Errors: a malformed ID is 400 invalid_user_id "user_id format is
// invalid."; a well-formed but unknown one is 404 user_not_found.
func (f *Fake) getUser(w http.ResponseWriter, _ *http.Request, p pathParams) {
	ref := p["user_id"]
	if !validUserRef(ref) {
		writeError(w, http.StatusBadRequest, "invalid_user_id", "user_id format is invalid.")
		return
	}
	f.mu.Lock()
	u := f.lookupLocked(ref)
	var raw json.RawMessage
	if u != nil {
		raw = f.profileLocked(u).raw
	}
	f.mu.Unlock()
	if u == nil {
		writeError(w, http.StatusNotFound, "user_not_found", "User could not be found.")
		return
	}
	writeBody(w, http.StatusOK, "application/json", flatBody(raw))
}

// flatBody returns {"request_id":…,<the object's fields>,"status_code":200}
// with the object's fields byte for byte.
func flatBody(obj json.RawMessage) []byte {
	inner := bytes.TrimSpace(obj)
	inner = bytes.TrimSpace(inner[1 : len(inner)-1]) // strip { }
	var b bytes.Buffer
	b.WriteString(`{"request_id":`)
	b.WriteString(strconv.Quote(newRequestID()))
	if len(inner) > 0 {
		b.WriteByte(',')
		b.Write(inner)
	}
	b.WriteString(`,"status_code":200}`)
	return b.Bytes()
}
