package apitest

import (
	"encoding/json"
	"net/http"
)

// orgSearchDialect holds the organization search error types. Stytch's
// list names none for this endpoint, so every mistake is the generic
// invalid_request_value (UNCONFIRMED).
var orgSearchDialect = searchDialect{
	kind:                   "organizations",
	invalidBody:            "invalid_request_value",
	invalidLimit:           "invalid_request_value",
	invalidCursor:          "invalid_request_value",
	invalidOperator:        "invalid_request_value",
	missingFilterName:      "invalid_request_value",
	filterNameMustBeString: "invalid_request_value",
	missingFilterValue:     "invalid_request_value",
	filterNotRecognized:    "invalid_request_value",
	expectedString:         "invalid_request_value",
	expectedStrings:        "invalid_request_value",
	expectedBool:           "invalid_request_value",
}

// searchOrganizations serves POST /v1/b2b/organizations/search
// (stytch-go OrganizationsClient.Search, stytch-node
// OrganizationSearchOperand): limit (1 to 1000, default 100), cursor and
// query with the filters stytchctl sends and their documented neighbours:
// organization_ids, organization_slugs, organization_name_fuzzy,
// organization_slug_fuzzy, allowed_domains and allowed_domain_fuzzy (the
// fuzzy ones at least three characters, matching a part, ignoring case).
// Organizations come in creation order, byte for byte, with
// results_metadata.
func (f *Fake) searchOrganizations(w http.ResponseWriter, r *http.Request, _ pathParams) {
	d := orgSearchDialect
	body, _ := readBody(r)
	req, aerr := parseSearch(body, d, "")
	if aerr != nil {
		aerr.write(w)
		return
	}
	preds := make([]func(orgFields) bool, 0, len(req.operands))
	for _, op := range req.operands {
		p, aerr := orgFilter(op)
		if aerr != nil {
			aerr.write(w)
			return
		}
		preds = append(preds, p)
	}
	f.mu.Lock()
	var found []json.RawMessage
	for _, o := range f.b2b.orgs {
		if matches(req, preds, readOrgFields(o)) {
			found = append(found, o.raw)
		}
	}
	from, to, next, aerr := req.page(len(found), d)
	var resp []byte
	if aerr == nil {
		resp = searchBody("organizations", found[from:to], len(found), next, nil)
	}
	f.mu.Unlock()
	if aerr != nil {
		aerr.write(w)
		return
	}
	writeBody(w, http.StatusOK, "application/json", resp)
}

// orgFields is what the organization filters look at.
type orgFields struct {
	id, slug, name string
	domains        []string
}

// readOrgFields reads o's stored Organization object.
func readOrgFields(o *organization) orgFields {
	var p struct {
		Name    string   `json:"organization_name"`
		Domains []string `json:"email_allowed_domains"`
	}
	_ = json.Unmarshal(o.raw, &p)
	return orgFields{id: o.id, slug: o.slug, name: p.Name, domains: p.Domains}
}

// orgFilter turns one operand into a predicate, or the error Stytch gives
// for it.
func orgFilter(op operand) (func(orgFields) bool, *apiError) {
	d := orgSearchDialect
	const missing, tooShort = "invalid_request_value", "invalid_request_value"
	switch op.name {
	case "organization_ids", "organization_slugs", "allowed_domains":
		want, err := requiredStrings(d, op, missing)
		if err != nil {
			return nil, err
		}
		return func(o orgFields) bool {
			switch op.name {
			case "organization_ids":
				return anyEqual(o.id, want)
			case "organization_slugs":
				return anyEqual(o.slug, want)
			}
			return anyEqualFold(o.domains, want)
		}, nil
	case "organization_name_fuzzy", "organization_slug_fuzzy", "allowed_domain_fuzzy":
		frag, err := fuzzyString(d, op, missing, tooShort)
		if err != nil {
			return nil, err
		}
		return func(o orgFields) bool {
			switch op.name {
			case "organization_name_fuzzy":
				return anyContains([]string{o.name}, lower(frag))
			case "organization_slug_fuzzy":
				return anyContains([]string{o.slug}, lower(frag))
			}
			return anyContains(o.domains, lower(frag))
		}, nil
	}
	return nil, badRequest(d.filterNotRecognized, "The filter_name %q is not recognized.", op.name)
}
