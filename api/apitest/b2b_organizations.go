package apitest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// getOrganization serves GET /v1/b2b/organizations/{organization_id}, where
// the path holds the organization ID or its slug, as stytch-node documents
// (types/lib/b2b/organizations.d.ts, B2BOrganizationsGetRequest). An
// external ID is not looked up here: no SDK documents it for this endpoint.
// The answer is {request_id, organization, status_code}, the organization
// byte for byte.
//
// Errors: an unknown organization is 404 organization_not_found (status
// UNCONFIRMED, as for the member lookup).
func (f *Fake) getOrganization(w http.ResponseWriter, _ *http.Request, p pathParams) {
	f.mu.Lock()
	o := f.b2b.orgByIDOrSlugLocked(p["organization_id"])
	var body []byte
	if o != nil {
		body = organizationBody(o)
	}
	f.mu.Unlock()
	if o == nil {
		writeError(w, http.StatusNotFound, "organization_not_found", "Organization could not be found.")
		return
	}
	writeBody(w, http.StatusOK, "application/json", body)
}

// orgByIDOrSlugLocked finds an organization by its ID or slug only.
func (b *b2bState) orgByIDOrSlugLocked(ref string) *organization {
	for _, o := range b.orgs {
		if o.id == ref || (o.slug != "" && o.slug == ref) {
			return o
		}
	}
	return nil
}

// organizationBody is the answer of a successful organization get.
func organizationBody(o *organization) []byte {
	var b bytes.Buffer
	b.WriteString(`{"request_id":`)
	b.WriteString(strconv.Quote(newRequestID()))
	b.WriteString(`,"organization":`)
	b.Write(o.raw)
	b.WriteString(`,"status_code":200}`)
	return b.Bytes()
}

// Organization returns a copy of the stored Organization object with this
// organization ID, or nil.
func (f *Fake) Organization(id string) json.RawMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, o := range f.b2b.orgs {
		if o.id == id {
			return bytes.Clone(o.raw)
		}
	}
	return nil
}
