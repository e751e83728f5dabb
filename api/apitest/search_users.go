package apitest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

// userSearchDialect holds the consumer search error types from Stytch's
// error list (REFERENCE.md §2.2). All are 400s; their status is UNCONFIRMED.
var userSearchDialect = searchDialect{
	kind:                   "users",
	invalidBody:            "invalid_request_value",
	invalidLimit:           "user_search_invalid_limit",
	invalidCursor:          "user_search_invalid_cursor",
	invalidOperator:        "user_search_invalid_operator",
	missingFilterName:      "user_search_missing_filter_name",
	filterNameMustBeString: "user_search_filter_name_must_be_string",
	missingFilterValue:     "user_search_missing_filter_value",
	filterNotRecognized:    "user_search_filter_name_not_recognized",
	expectedString:         "user_search_expected_string",
	expectedStrings:        "user_search_expected_array_of_string",
	expectedBool:           "user_search_expected_bool",
}

// MinFuzzyLen is the shortest fragment the fuzzy search filters accept.
// Stytch documents three characters for B2B; the consumer minimum is
// UNCONFIRMED and assumed to be the same.
const MinFuzzyLen = 3

// searchUsers serves POST /v1/users/search (REFERENCE.md §4.2): limit
// (default 100, at most 1000), an opaque cursor, and a query whose operands
// use the documented filters. Users are returned in creation order, each
// as its stored User object, with results_metadata {total, next_cursor};
// next_cursor is null on the last page.
func (f *Fake) searchUsers(w http.ResponseWriter, r *http.Request, _ pathParams) {
	d := userSearchDialect
	body, _ := io.ReadAll(r.Body)
	req, aerr := parseSearch(body, d, "")
	if aerr != nil {
		aerr.write(w)
		return
	}
	preds := make([]func(*userIndex) bool, 0, len(req.operands))
	for _, op := range req.operands {
		p, aerr := userFilter(op)
		if aerr != nil {
			aerr.write(w)
			return
		}
		preds = append(preds, p)
	}

	var found []json.RawMessage
	f.mu.Lock()
	for _, id := range f.order {
		p := f.profileLocked(f.users[id])
		if matches(req, preds, &p.idx) {
			found = append(found, p.raw)
		}
	}
	f.mu.Unlock()

	from, to, next, aerr := req.page(len(found), d)
	if aerr != nil {
		aerr.write(w)
		return
	}
	writeBody(w, http.StatusOK, "application/json", searchBody("results", found[from:to], len(found), next, nil))
}

// userFilter turns one operand into a predicate, or the error Stytch gives
// for it.
func userFilter(op operand) (func(*userIndex) bool, *apiError) {
	d := userSearchDialect
	strs := func(missing string) ([]string, *apiError) { return requiredStrings(d, op, missing) }
	fuzzy := func(missing, tooShort string) (string, *apiError) {
		v, err := fuzzyString(d, op, missing, tooShort)
		return strings.ToLower(v), err
	}
	boolean := func(get func(*userIndex) []bool) (func(*userIndex) bool, *apiError) {
		want, err := boolValue(d, op)
		if err != nil {
			return nil, err
		}
		return func(x *userIndex) bool {
			for _, v := range get(x) {
				if v == want {
					return true
				}
			}
			return false
		}, nil
	}
	inList := func(missing string, get func(*userIndex) []string) (func(*userIndex) bool, *apiError) {
		want, err := strs(missing)
		if err != nil {
			return nil, err
		}
		return func(x *userIndex) bool { return anyEqualFold(get(x), want) }, nil
	}

	switch op.name {
	case "email_address":
		return inList("user_search_missing_email_addresses", (*userIndex).emailAddresses)
	case "email_id":
		return inList("user_search_missing_email_ids", (*userIndex).emailIDs)
	case "email_address_fuzzy":
		frag, err := fuzzy("user_search_missing_email_address_fuzzy", "user_search_email_address_fuzzy_too_short")
		if err != nil {
			return nil, err
		}
		return func(x *userIndex) bool { return anyPrefixOfAddressOrDomain(x.emailAddresses(), frag) }, nil
	case "email_verified":
		return boolean(func(x *userIndex) []bool {
			var out []bool
			for _, e := range x.Emails {
				out = append(out, e.Verified)
			}
			return out
		})
	case "phone_number":
		return inList("user_search_missing_phone_numbers", (*userIndex).phoneNumbers)
	case "phone_id":
		return inList("user_search_missing_phone_ids", func(x *userIndex) []string {
			var out []string
			for _, p := range x.Phones {
				out = append(out, p.ID)
			}
			return out
		})
	case "phone_number_fuzzy":
		frag, err := fuzzy("user_search_missing_phone_number_fuzzy", "user_search_phone_number_fuzzy_too_short")
		if err != nil {
			return nil, err
		}
		return func(x *userIndex) bool { return anyContains(x.phoneNumbers(), frag) }, nil
	case "phone_verified":
		return boolean(func(x *userIndex) []bool {
			var out []bool
			for _, p := range x.Phones {
				out = append(out, p.Verified)
			}
			return out
		})
	case "status":
		s, err := stringValue(d, op)
		if err != nil {
			return nil, err
		}
		switch s {
		case "":
			return nil, badRequest("user_search_missing_status", "The status filter needs a value.")
		case "active", "pending":
		default:
			return nil, badRequest("search_invalid_status_filter", "status must be active or pending.")
		}
		return func(x *userIndex) bool { return x.Status == s }, nil
	case "created_at_greater_than", "created_at_less_than":
		t, err := timestampValue(op.value, op.name)
		if err != nil {
			return nil, err
		}
		if op.name == "created_at_greater_than" {
			return func(x *userIndex) bool { return !x.created.IsZero() && x.created.After(t) }, nil
		}
		return func(x *userIndex) bool { return !x.created.IsZero() && x.created.Before(t) }, nil
	case "created_at_between":
		var between map[string]json.RawMessage
		if json.Unmarshal(op.value, &between) != nil || between == nil {
			return nil, badRequest("user_search_expected_object", "The created_at_between filter expects an object with greater_than and less_than.")
		}
		gtRaw, ok := between["greater_than"]
		if !ok || isNull(gtRaw) {
			return nil, badRequest("user_search_missing_greater_than", "created_at_between needs greater_than.")
		}
		ltRaw, ok := between["less_than"]
		if !ok || isNull(ltRaw) {
			return nil, badRequest("user_search_missing_less_than", "created_at_between needs less_than.")
		}
		gt, err := timestampValue(gtRaw, "created_at_between.greater_than")
		if err != nil {
			return nil, err
		}
		lt, err := timestampValue(ltRaw, "created_at_between.less_than")
		if err != nil {
			return nil, err
		}
		return func(x *userIndex) bool { return x.created.After(gt) && x.created.Before(lt) }, nil
	case "user_id":
		ids, err := strs("user_search_missing_user_ids")
		if err != nil {
			return nil, err
		}
		internal := 0
		for _, id := range ids {
			if strings.HasPrefix(id, "user-test-") || strings.HasPrefix(id, "user-live-") {
				internal++
			}
		}
		if internal != 0 && internal != len(ids) {
			return nil, badRequest("user_search_cannot_mix_internal_and_external_user_ids",
				"The user_id filter cannot mix user IDs and external IDs.")
		}
		if internal == 0 {
			return func(x *userIndex) bool { return x.ExternalID != "" && anyEqual(x.ExternalID, ids) }, nil
		}
		return func(x *userIndex) bool { return anyEqual(x.UserID, ids) }, nil
	case "full_name_fuzzy":
		frag, err := fuzzy("user_search_missing_full_name_fuzzy", "user_search_full_name_fuzzy_too_short")
		if err != nil {
			return nil, err
		}
		return func(x *userIndex) bool { return strings.Contains(strings.ToLower(x.fullName()), frag) }, nil
	case "oauth_provider":
		return inList("user_search_missing_oauth_providers", func(x *userIndex) []string {
			var out []string
			for _, p := range x.Providers {
				out = append(out, p.Type)
			}
			return out
		})
	case "totp_id":
		return inList("user_search_missing_totp_ids", func(x *userIndex) []string {
			var out []string
			for _, t := range x.TOTPs {
				out = append(out, t.ID)
			}
			return out
		})
	case "totp_verified":
		return boolean(func(x *userIndex) []bool {
			var out []bool
			for _, t := range x.TOTPs {
				out = append(out, t.Verified)
			}
			return out
		})
	case "webauthn_registration_id":
		return inList("user_search_missing_webauthn_registration_ids", func(x *userIndex) []string {
			var out []string
			for _, p := range x.WebAuthn {
				out = append(out, p.ID)
			}
			return out
		})
	case "webauthn_registration_verified":
		return boolean(func(x *userIndex) []bool {
			var out []bool
			for _, p := range x.WebAuthn {
				out = append(out, p.Verified)
			}
			return out
		})
	case "crypto_wallet_id", "crypto_wallet_address":
		missing := map[string]string{"crypto_wallet_id": "user_search_missing_crypto_wallet_id",
			"crypto_wallet_address": "user_search_missing_crypto_wallet_address"}[op.name]
		return inList(missing, func(x *userIndex) []string {
			var out []string
			for _, cw := range x.Wallets {
				if op.name == "crypto_wallet_id" {
					out = append(out, cw.ID)
				} else {
					out = append(out, cw.Address)
				}
			}
			return out
		})
	case "crypto_wallet_verified":
		return boolean(func(x *userIndex) []bool {
			var out []bool
			for _, cw := range x.Wallets {
				out = append(out, cw.Verified)
			}
			return out
		})
	case "password_exists":
		return boolean(func(x *userIndex) []bool { return []bool{x.hasPassword()} })
	}
	return nil, badRequest(d.filterNotRecognized, "The filter_name %q is not recognized.", op.name)
}

// timestampValue decodes an RFC 3339 string or answers
// user_search_expected_timestamp.
func timestampValue(raw json.RawMessage, name string) (time.Time, *apiError) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, badRequest("user_search_expected_timestamp", "The %s filter expects an RFC 3339 timestamp.", name)
}

func (x *userIndex) emailAddresses() []string {
	out := make([]string, len(x.Emails))
	for i, e := range x.Emails {
		out[i] = e.Email
	}
	return out
}

func (x *userIndex) emailIDs() []string {
	out := make([]string, len(x.Emails))
	for i, e := range x.Emails {
		out[i] = e.ID
	}
	return out
}

func (x *userIndex) phoneNumbers() []string {
	out := make([]string, len(x.Phones))
	for i, p := range x.Phones {
		out[i] = p.Number
	}
	return out
}

// anyContains reports whether any of have contains the lower-case frag,
// ignoring case.
// anyPrefixOfAddressOrDomain reports whether one of the addresses, or its
// domain, starts with frag (lower case), which is how Stytch documents
// email_address_fuzzy: "matches prefixes of address or domain"
// (REFERENCE.md §4.2). The middle of an address matches nothing.
func anyPrefixOfAddressOrDomain(addrs []string, frag string) bool {
	for _, a := range addrs {
		a = strings.ToLower(a)
		_, domain, _ := strings.Cut(a, "@")
		if strings.HasPrefix(a, frag) || strings.HasPrefix(domain, frag) {
			return true
		}
	}
	return false
}

func anyContains(have []string, frag string) bool {
	for _, h := range have {
		if strings.Contains(strings.ToLower(h), frag) {
			return true
		}
	}
	return false
}

func anyEqual(s string, list []string) bool {
	for _, v := range list {
		if s == v {
			return true
		}
	}
	return false
}
