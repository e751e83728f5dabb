package apitest

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
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

// userPredicate is one operand of a user search, ready to test a user.
type userPredicate = func(*userIndex) bool

// userFilter turns one operand into a predicate, or the error Stytch gives
// for it. Filters come in kinds that read their value alike (a list of
// exact values, a boolean, a fuzzy fragment); the rest read their own.
func userFilter(op operand) (userPredicate, *apiError) {
	if missing, values, ok := userListFilter(op.name); ok {
		return userInList(op, missing, values)
	}
	if values, ok := userBoolFilter(op.name); ok {
		return userHasBool(op, values)
	}
	if missing, tooShort, match, ok := userFuzzyFilter(op.name); ok {
		return userFuzzy(op, missing, tooShort, match)
	}
	switch op.name {
	case "status":
		return userStatusFilter(op)
	case "created_at_greater_than", "created_at_less_than":
		return userCreatedFilter(op)
	case "created_at_between":
		return userCreatedBetweenFilter(op)
	case "user_id":
		return userIDFilter(op)
	}
	return nil, badRequest(userSearchDialect.filterNotRecognized, "The filter_name %q is not recognized.", op.name)
}

// userListFilter describes the filters that take an array of strings and
// match a user with any of them, ignoring case: the error type for an
// empty array, and the user's values compared.
func userListFilter(name string) (missing string, values func(*userIndex) []string, ok bool) {
	switch name {
	case "email_address":
		return "user_search_missing_email_addresses", (*userIndex).emailAddresses, true
	case "email_id":
		return "user_search_missing_email_ids", (*userIndex).emailIDs, true
	case "phone_number":
		return "user_search_missing_phone_numbers", (*userIndex).phoneNumbers, true
	case "phone_id":
		return "user_search_missing_phone_ids", (*userIndex).phoneIDs, true
	case "oauth_provider":
		return "user_search_missing_oauth_providers", (*userIndex).providerTypes, true
	case "totp_id":
		return "user_search_missing_totp_ids", (*userIndex).totpIDs, true
	case "webauthn_registration_id":
		return "user_search_missing_webauthn_registration_ids", (*userIndex).webAuthnIDs, true
	case "crypto_wallet_id":
		return "user_search_missing_crypto_wallet_id", (*userIndex).walletIDs, true
	case "crypto_wallet_address":
		return "user_search_missing_crypto_wallet_address", (*userIndex).walletAddresses, true
	}
	return "", nil, false
}

// userBoolFilter describes the filters that take a boolean and match a
// user with any of the values read equal to it.
func userBoolFilter(name string) (values func(*userIndex) []bool, ok bool) {
	switch name {
	case "email_verified":
		return (*userIndex).emailsVerified, true
	case "phone_verified":
		return (*userIndex).phonesVerified, true
	case "totp_verified":
		return (*userIndex).totpsVerified, true
	case "webauthn_registration_verified":
		return (*userIndex).webAuthnVerified, true
	case "crypto_wallet_verified":
		return (*userIndex).walletsVerified, true
	case "password_exists":
		return func(x *userIndex) []bool { return []bool{x.hasPassword()} }, true
	}
	return nil, false
}

// userFuzzyFilter describes the filters that take a fragment: the error
// types for an empty one and a short one, and how a user matches the
// lower-case fragment.
func userFuzzyFilter(name string) (missing, tooShort string, match func(x *userIndex, frag string) bool, ok bool) {
	switch name {
	case "email_address_fuzzy":
		return "user_search_missing_email_address_fuzzy", "user_search_email_address_fuzzy_too_short",
			func(x *userIndex, frag string) bool { return anyPrefixOfAddressOrDomain(x.emailAddresses(), frag) }, true
	case "phone_number_fuzzy":
		return "user_search_missing_phone_number_fuzzy", "user_search_phone_number_fuzzy_too_short",
			func(x *userIndex, frag string) bool { return anyContains(x.phoneNumbers(), frag) }, true
	case "full_name_fuzzy":
		return "user_search_missing_full_name_fuzzy", "user_search_full_name_fuzzy_too_short",
			func(x *userIndex, frag string) bool { return strings.Contains(strings.ToLower(x.fullName()), frag) }, true
	}
	return "", "", nil, false
}

// userInList reads op's array of strings (refusing an empty one with
// missing) and matches a user with any of them among values, ignoring case.
func userInList(op operand, missing string, values func(*userIndex) []string) (userPredicate, *apiError) {
	want, err := requiredStrings(userSearchDialect, op, missing)
	if err != nil {
		return nil, err
	}
	return func(x *userIndex) bool { return anyEqualFold(values(x), want) }, nil
}

// userHasBool reads op's boolean and matches a user with any of values
// equal to it.
func userHasBool(op operand, values func(*userIndex) []bool) (userPredicate, *apiError) {
	want, err := boolValue(userSearchDialect, op)
	if err != nil {
		return nil, err
	}
	return func(x *userIndex) bool { return slices.Contains(values(x), want) }, nil
}

// userFuzzy reads op's fragment (see fuzzyString) and matches a user by
// match with the fragment in lower case.
func userFuzzy(op operand, missing, tooShort string, match func(*userIndex, string) bool) (userPredicate, *apiError) {
	frag, err := fuzzyString(userSearchDialect, op, missing, tooShort)
	if err != nil {
		return nil, err
	}
	frag = strings.ToLower(frag)
	return func(x *userIndex) bool { return match(x, frag) }, nil
}

// userStatusFilter matches the status, active or pending.
func userStatusFilter(op operand) (userPredicate, *apiError) {
	s, err := stringValue(userSearchDialect, op)
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
}

// userCreatedFilter matches users created after (created_at_greater_than)
// or before (created_at_less_than) a time; a user without a creation time
// matches neither.
func userCreatedFilter(op operand) (userPredicate, *apiError) {
	t, err := timestampValue(op.value, op.name)
	if err != nil {
		return nil, err
	}
	if op.name == "created_at_greater_than" {
		return func(x *userIndex) bool { return !x.created.IsZero() && x.created.After(t) }, nil
	}
	return func(x *userIndex) bool { return !x.created.IsZero() && x.created.Before(t) }, nil
}

// userCreatedBetweenFilter matches users created strictly between the
// greater_than and less_than of op's object.
func userCreatedBetweenFilter(op operand) (userPredicate, *apiError) {
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
}

// userIDFilter matches user IDs, or external IDs when none of the values
// is a user ID; mixing the two kinds is an error, as in Stytch.
func userIDFilter(op operand) (userPredicate, *apiError) {
	ids, err := requiredStrings(userSearchDialect, op, "user_search_missing_user_ids")
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

// The values of a user's lists, as the search filters read them.

func (x *userIndex) emailAddresses() []string {
	return each(x.Emails, func(e userEmail) string { return e.Email })
}

func (x *userIndex) phoneNumbers() []string {
	return each(x.Phones, func(p userPhone) string { return p.Number })
}

func (x *userIndex) emailIDs() []string {
	return each(x.Emails, func(e userEmail) string { return e.ID })
}

func (x *userIndex) phoneIDs() []string {
	return each(x.Phones, func(p userPhone) string { return p.ID })
}

func (x *userIndex) providerTypes() []string {
	return each(x.Providers, func(p userProvider) string { return p.Type })
}

func (x *userIndex) totpIDs() []string {
	return each(x.TOTPs, func(t userTOTP) string { return t.ID })
}

func (x *userIndex) webAuthnIDs() []string {
	return each(x.WebAuthn, func(w userWebAuthn) string { return w.ID })
}

func (x *userIndex) walletIDs() []string {
	return each(x.Wallets, func(w userWallet) string { return w.ID })
}

func (x *userIndex) walletAddresses() []string {
	return each(x.Wallets, func(w userWallet) string { return w.Address })
}

func (x *userIndex) emailsVerified() []bool {
	return each(x.Emails, func(e userEmail) bool { return e.Verified })
}

func (x *userIndex) phonesVerified() []bool {
	return each(x.Phones, func(p userPhone) bool { return p.Verified })
}

func (x *userIndex) totpsVerified() []bool {
	return each(x.TOTPs, func(t userTOTP) bool { return t.Verified })
}

func (x *userIndex) webAuthnVerified() []bool {
	return each(x.WebAuthn, func(w userWebAuthn) bool { return w.Verified })
}

func (x *userIndex) walletsVerified() []bool {
	return each(x.Wallets, func(w userWallet) bool { return w.Verified })
}

// each returns f of every item, in order.
func each[T, V any](items []T, f func(T) V) []V {
	out := make([]V, len(items))
	for i, it := range items {
		out[i] = f(it)
	}
	return out
}

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

// anyContains reports whether any of have contains the lower-case frag,
// ignoring case.
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
