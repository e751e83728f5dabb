package apitest

import (
	"encoding/json"
	"net/http"
)

// memberSearchDialect holds the member search error types from Stytch's
// list. The list has no member-specific names for a bad limit, cursor or
// operator, so those use invalid_request_value (UNCONFIRMED).
var memberSearchDialect = searchDialect{
	kind:                   "members",
	invalidBody:            "invalid_request_value",
	invalidLimit:           "invalid_request_value",
	invalidCursor:          "invalid_request_value",
	invalidOperator:        "invalid_request_value",
	missingFilterName:      "member_search_missing_filter_name",
	filterNameMustBeString: "member_search_filter_name_must_be_string",
	missingFilterValue:     "member_search_missing_filter_value",
	filterNotRecognized:    "member_search_filter_name_not_recognized",
	expectedString:         "member_search_expected_string",
	expectedStrings:        "member_search_expected_array_of_strings",
	expectedBool:           "member_search_expected_boolean",
}

// searchMembers serves POST /v1/b2b/organizations/members/search
// (REFERENCE.md §5.5): organization_ids (required, at least one; each an
// organization ID), limit, cursor and query with the Node SDK's filters
// (member_ids, member_emails, member_email_fuzzy, statuses,
// member_phone_numbers, member_phone_number_fuzzy, member_is_breakglass).
// Members come in organization order, then creation order. The answer
// carries results_metadata and an organizations object keyed by the
// organization_id of each member on the page.
//
// Errors: missing or empty organization_ids is 400
// member_search_organization_ids_empty; an unknown organization 404
// organization_not_found; filter mistakes the member_search_* types.
func (f *Fake) searchMembers(w http.ResponseWriter, r *http.Request, _ pathParams) {
	d := memberSearchDialect
	body, _ := readBody(r)
	var top struct {
		OrganizationIDs json.RawMessage `json:"organization_ids"`
	}
	if json.Unmarshal(body, &top) != nil {
		writeError(w, http.StatusBadRequest, d.invalidBody, "Request body must be a JSON object.")
		return
	}
	var orgIDs []string
	if len(top.OrganizationIDs) > 0 && !isNull(top.OrganizationIDs) {
		if json.Unmarshal(top.OrganizationIDs, &orgIDs) != nil {
			writeError(w, http.StatusBadRequest, d.expectedStrings, "organization_ids must be an array of strings.")
			return
		}
	}
	if len(orgIDs) == 0 {
		writeError(w, http.StatusBadRequest, "member_search_organization_ids_empty", "organization_ids must contain at least one organization ID.")
		return
	}
	req, aerr := parseSearch(body, d, string(canonicalJSON(top.OrganizationIDs)))
	if aerr != nil {
		aerr.write(w)
		return
	}
	preds := make([]func(*member) bool, 0, len(req.operands))
	for _, op := range req.operands {
		p, aerr := memberFilter(op)
		if aerr != nil {
			aerr.write(w)
			return
		}
		preds = append(preds, p)
	}

	f.mu.Lock()
	var orgs []*organization
	for _, id := range orgIDs {
		o := f.b2b.orgLocked(id)
		if o == nil || o.id != id {
			f.mu.Unlock()
			writeError(w, http.StatusNotFound, "organization_not_found", "Organization "+id+" could not be found.")
			return
		}
		orgs = append(orgs, o)
	}
	var found []*member
	for _, o := range orgs {
		for _, m := range o.members {
			if matches(req, preds, m) {
				found = append(found, m)
			}
		}
	}
	from, to, next, aerr := req.page(len(found), d)
	var resp []byte
	if aerr == nil {
		items := make([]json.RawMessage, 0, to-from)
		orgObj := object{}
		seen := map[string]bool{}
		for _, m := range found[from:to] {
			items = append(items, m.raw)
			if !seen[m.orgID] {
				seen[m.orgID] = true
				orgObj = append(orgObj, field{m.orgID, f.b2b.orgLocked(m.orgID).raw})
			}
		}
		resp = searchBody("members", items, len(found), next, orgObj)
	}
	f.mu.Unlock()
	if aerr != nil {
		aerr.write(w)
		return
	}
	writeBody(w, http.StatusOK, "application/json", resp)
}

// memberFilter turns one operand into a predicate, or the error Stytch
// gives for it.
func memberFilter(op operand) (func(*member) bool, *apiError) {
	d := memberSearchDialect
	strs := func(missing string) ([]string, *apiError) { return requiredStrings(d, op, missing) }
	fuzzy := func(missing, tooShort string) (string, *apiError) { return fuzzyString(d, op, missing, tooShort) }
	switch op.name {
	case "member_ids":
		ids, err := strs("member_search_missing_member_ids")
		if err != nil {
			return nil, err
		}
		return func(m *member) bool { return anyEqual(m.id, ids) }, nil
	case "member_emails":
		addrs, err := strs("member_search_missing_member_emails")
		if err != nil {
			return nil, err
		}
		return func(m *member) bool { return anyEqualFold([]string{m.email}, addrs) }, nil
	case "member_email_fuzzy":
		frag, err := fuzzy("member_search_missing_member_email_fuzzy", "member_search_member_email_fuzzy_too_short")
		if err != nil {
			return nil, err
		}
		return func(m *member) bool { return anyContains([]string{m.email}, lower(frag)) }, nil
	case "statuses":
		st, err := strs("member_search_missing_statuses")
		if err != nil {
			return nil, err
		}
		return func(m *member) bool { return anyEqual(m.status, st) }, nil
	case "member_phone_numbers":
		nums, err := strs("member_search_missing_mfa_member_phone_numbers")
		if err != nil {
			return nil, err
		}
		return func(m *member) bool { return m.phone != "" && anyEqual(m.phone, nums) }, nil
	case "member_phone_number_fuzzy":
		frag, err := fuzzy("member_search_missing_mfa_member_phone_number_fuzzy", "member_search_member_mfa_phone_number_fuzzy_too_short")
		if err != nil {
			return nil, err
		}
		return func(m *member) bool { return m.phone != "" && anyContains([]string{m.phone}, lower(frag)) }, nil
	case "member_is_breakglass":
		want, err := boolValue(d, op)
		if err != nil {
			return nil, err
		}
		return func(m *member) bool { return m.breakglass == want }, nil
	}
	return nil, badRequest(d.filterNotRecognized, "The filter_name %q is not recognized.", op.name)
}
