package apitest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// searchPage is a decoded search response with results kept raw.
type searchPage struct {
	RequestID       string            `json:"request_id"`
	Results         []json.RawMessage `json:"results"`
	Members         []json.RawMessage `json:"members"`
	Organizations   map[string]json.RawMessage
	ResultsMetadata struct {
		Total      int     `json:"total"`
		NextCursor *string `json:"next_cursor"`
	} `json:"results_metadata"`
	StatusCode int `json:"status_code"`
}

func postSearch(t *testing.T, srv string, path, body string) (response, searchPage) {
	t.Helper()
	r := call(t, nil, http.MethodPost, srv+path, true, []byte(body))
	var p searchPage
	if r.status == 200 {
		mustUnmarshal(t, r.body, &p)
		if !requestIDPattern.MatchString(p.RequestID) || p.StatusCode != 200 {
			t.Errorf("request_id %q status_code %d", p.RequestID, p.StatusCode)
		}
		if !strings.Contains(string(r.body), `"next_cursor":`) {
			t.Errorf("next_cursor key missing: %s", r.body)
		}
	}
	return r, p
}

// idsOf reads user_id (or member_id) from raw objects.
func idsOf(t *testing.T, raws []json.RawMessage) []string {
	t.Helper()
	var out []string
	for _, raw := range raws {
		var x struct {
			UserID   string `json:"user_id"`
			MemberID string `json:"member_id"`
		}
		mustUnmarshal(t, raw, &x)
		out = append(out, x.UserID+x.MemberID)
	}
	return out
}

func TestSearchUsersPagesEverythingExactlyOnce(t *testing.T) {
	_, srv := startFake(t, Options{})
	total := len(demoUsers(testNow())) + GeneratedUsers
	var seen []string
	cursor := ""
	pages := 0
	for {
		body := `{"limit":25}`
		if cursor != "" {
			body = fmt.Sprintf(`{"limit":25,"cursor":%q}`, cursor)
		}
		r, p := postSearch(t, srv.URL, "/v1/users/search", body)
		if r.status != 200 {
			t.Fatalf("page %d: %d %s", pages, r.status, r.body)
		}
		pages++
		if p.ResultsMetadata.Total != total {
			t.Errorf("total = %d, want %d", p.ResultsMetadata.Total, total)
		}
		seen = append(seen, idsOf(t, p.Results)...)
		if p.ResultsMetadata.NextCursor == nil {
			if !strings.Contains(string(r.body), `"next_cursor":null`) {
				t.Errorf("last page does not say next_cursor: null: %s", r.body)
			}
			break
		}
		cursor = *p.ResultsMetadata.NextCursor
		// Opaque and safe to pass around: URL-safe base64, not a bare offset.
		if _, err := base64.RawURLEncoding.DecodeString(cursor); err != nil || cursor == "25" || strings.ContainsAny(cursor, "+/= ") {
			t.Errorf("cursor %q is not an opaque URL-safe token", cursor)
		}
		if pages > 10 {
			t.Fatal("paging does not end")
		}
	}
	if pages != 3 {
		t.Errorf("%d users at 25 a page took %d pages, want 3", total, pages)
	}
	if len(seen) != total {
		t.Errorf("saw %d users, want %d", len(seen), total)
	}
	uniq := slices.Clone(seen)
	slices.Sort(uniq)
	if len(slices.Compact(uniq)) != total {
		t.Error("a user appeared twice")
	}
	if seen[0] != DemoUserID {
		t.Errorf("first user %s, want creation order starting with %s", seen[0], DemoUserID)
	}
}

func TestSearchUsersDefaultLimitAndFullExport(t *testing.T) {
	_, srv := startFake(t, Options{})
	total := len(demoUsers(testNow())) + GeneratedUsers
	_, p := postSearch(t, srv.URL, "/v1/users/search", `{}`)
	if len(p.Results) != total || p.ResultsMetadata.NextCursor != nil {
		t.Errorf("no body: %d results, next %v; want all %d on one page (default limit 100)", len(p.Results), p.ResultsMetadata.NextCursor, total)
	}
	_, p = postSearch(t, srv.URL, "/v1/users/search", `{"limit":1000,"query":{"operator":"AND","operands":[]}}`)
	if len(p.Results) != total {
		t.Errorf("empty operands: %d results, want %d", len(p.Results), total)
	}
}

func TestSearchUsersFilters(t *testing.T) {
	f, srv := startFake(t, Options{})
	gen := func(i int) string { return GeneratedUserID(i) }
	tests := []struct {
		name     string
		operands string
		operator string
		want     []string // exact set, in order; nil means check count only
		count    int
	}{
		{"exact email", `[{"filter_name":"email_address","filter_value":["` + DemoEmail + `"]}]`, "", []string{DemoUserID}, 1},
		{"exact email ignores case", `[{"filter_name":"email_address","filter_value":["ALICE.Nakamura@Example.com"]}]`, "", []string{DemoUserID}, 1},
		{"unverified email matches too", `[{"filter_name":"email_address","filter_value":["` + DemoUnverifiedEmail + `"]}]`, "", []string{DemoUserID}, 1},
		{"two emails", `[{"filter_name":"email_address","filter_value":["` + DemoEmail + `","` + GeneratedEmail(3) + `"]}]`, "", []string{DemoUserID, gen(3)}, 2},
		{"unknown email", `[{"filter_name":"email_address","filter_value":["nobody@example.com"]}]`, "", []string{}, 0},
		// email_address_fuzzy is a prefix match of an address or of its
		// domain, as Stytch documents it; never a substring match.
		{"fuzzy email: start of an address", `[{"filter_name":"email_address_fuzzy","filter_value":"Alice.Nak"}]`, "", []string{DemoUserID}, 1},
		{"fuzzy email: start of a domain", `[{"filter_name":"email_address_fuzzy","filter_value":"nakamura-st"}]`, "", []string{DemoUserID}, 1},
		{"fuzzy email: a whole address", `[{"filter_name":"email_address_fuzzy","filter_value":"` + DemoEmail + `"}]`, "", []string{DemoUserID}, 1},
		{"fuzzy email: the middle of an address", `[{"filter_name":"email_address_fuzzy","filter_value":"lice.nakamura"}]`, "", []string{}, 0},
		{"fuzzy email: the middle of a domain", `[{"filter_name":"email_address_fuzzy","filter_value":"ample.com"}]`, "", []string{}, 0},
		{"phone", `[{"filter_name":"phone_number","filter_value":["` + DemoPhone + `"]}]`, "", []string{DemoUserID}, 1},
		{"user ids", `[{"filter_name":"user_id","filter_value":["` + DemoUserID + `","` + PasskeyUserID + `"]}]`, "", []string{DemoUserID, PasskeyUserID}, 2},
		{"external ids", `[{"filter_name":"user_id","filter_value":["alice-42","emp-00417"]}]`, "", []string{DemoUserID, PasskeyUserID}, 2},
		{"pending", `[{"filter_name":"status","filter_value":"pending"}]`, "", []string{gen(4), gen(13), gen(22), gen(31), gen(40), gen(49), gen(58)}, 7},
		{"created after", `[{"filter_name":"created_at_greater_than","filter_value":"` + testNow().Add(-3*day).Format("2006-01-02T15:04:05Z") + `"}]`, "", []string{gen(59)}, 1},
		{"created before", `[{"filter_name":"created_at_less_than","filter_value":"` + testNow().Add(-299*day).Format("2006-01-02T15:04:05Z") + `"}]`, "", []string{FactorZooUserID, gen(0)}, 2},
		{"created between", `[{"filter_name":"created_at_between","filter_value":{"greater_than":"` + testNow().Add(-12*day-2*time.Hour).Format("2006-01-02T15:04:05Z") + `","less_than":"` + testNow().Add(-12*day+2*time.Hour).Format("2006-01-02T15:04:05Z") + `"}}]`, "", []string{HostileUserID}, 1},
		{"AND", `[{"filter_name":"status","filter_value":"active"},{"filter_name":"email_address_fuzzy","filter_value":"example.com"}]`, "AND", nil, -1},
		{"OR", `[{"filter_name":"email_address","filter_value":["` + DemoEmail + `"]},{"filter_name":"user_id","filter_value":["` + PasskeyUserID + `"]}]`, "OR", []string{DemoUserID, PasskeyUserID}, 2},
		{"password_exists false", `[{"filter_name":"password_exists","filter_value":false},{"filter_name":"email_address","filter_value":["kenji.sato@example.com"]}]`, "AND", []string{PasskeyUserID}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := tt.operator
			if op == "" {
				op = "AND"
			}
			body := `{"limit":1000,"query":{"operator":"` + op + `","operands":` + tt.operands + `}}`
			r, p := postSearch(t, srv.URL, "/v1/users/search", body)
			if r.status != 200 {
				t.Fatalf("%d %s", r.status, r.body)
			}
			got := idsOf(t, p.Results)
			if tt.want != nil && !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if tt.count >= 0 && p.ResultsMetadata.Total != tt.count {
				t.Errorf("total %d, want %d", p.ResultsMetadata.Total, tt.count)
			}
			if tt.count < 0 && (len(got) == 0 || len(got) >= len(demoUsers(testNow()))+GeneratedUsers) {
				t.Errorf("AND of two filters matched %d users: not a real narrowing", len(got))
			}
		})
	}
	// Results are the stored User objects, byte for byte.
	_, p := postSearch(t, srv.URL, "/v1/users/search", `{"query":{"operator":"AND","operands":[{"filter_name":"user_id","filter_value":["`+LosslessUserID+`"]}]}}`)
	if len(p.Results) != 1 || string(p.Results[0]) != string(f.UserObject(LosslessUserID)) {
		t.Errorf("search result differs from the stored object:\n%s\n%s", p.Results, f.UserObject(LosslessUserID))
	}
}

// TestSearchUsersFilterKinds covers the filters TestSearchUsersFilters
// leaves out, with values read from the factor zoo user, who has one of
// everything: each finds her and fewer than every user, and its opposite
// or a near miss does not find her.
func TestSearchUsersFilterKinds(t *testing.T) {
	f, srv := startFake(t, Options{})
	var zoo struct {
		Phones []struct {
			ID     string `json:"phone_id"`
			Number string `json:"phone_number"`
		} `json:"phone_numbers"`
		TOTPs []struct {
			ID string `json:"totp_id"`
		} `json:"totps"`
		WebAuthn []struct {
			ID string `json:"webauthn_registration_id"`
		} `json:"webauthn_registrations"`
		Wallets []struct {
			ID      string `json:"crypto_wallet_id"`
			Address string `json:"crypto_wallet_address"`
		} `json:"crypto_wallets"`
	}
	mustUnmarshal(t, f.UserObject(FactorZooUserID), &zoo)
	str := func(v string) string { b, _ := json.Marshal(v); return string(b) }
	list := func(v string) string { return "[" + str(v) + "]" }
	all := len(demoUsers(testNow())) + GeneratedUsers
	tests := []struct {
		name, filter, value string
		wantZoo             bool
	}{
		{"phone id", "phone_id", list(zoo.Phones[0].ID), true},
		{"phone fuzzy", "phone_number_fuzzy", str(zoo.Phones[0].Number[3:9]), true},
		{"phone fuzzy near miss", "phone_number_fuzzy", str("0000000"), false},
		{"phone verified", "phone_verified", "true", true},
		{"phone verified false", "phone_verified", "false", false},
		{"email verified", "email_verified", "true", true},
		{"email verified false", "email_verified", "false", false},
		{"full name fuzzy", "full_name_fuzzy", str("YA RAM"), true},
		{"full name fuzzy near miss", "full_name_fuzzy", str("Priya Ramen"), false},
		{"oauth provider ignores case", "oauth_provider", list("microsoft"), true},
		{"totp id", "totp_id", list(zoo.TOTPs[0].ID), true},
		{"totp verified", "totp_verified", "true", true},
		{"passkey id", "webauthn_registration_id", list(zoo.WebAuthn[0].ID), true},
		{"passkey verified", "webauthn_registration_verified", "true", true},
		{"wallet id", "crypto_wallet_id", list(zoo.Wallets[0].ID), true},
		{"wallet address ignores case", "crypto_wallet_address", list(strings.ToUpper(zoo.Wallets[0].Address)), true},
		{"wallet address is not an id", "crypto_wallet_id", list(zoo.Wallets[0].Address), false},
		{"wallet verified", "crypto_wallet_verified", "true", true},
		{"password exists", "password_exists", "true", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"limit":1000,"query":{"operator":"AND","operands":[{"filter_name":"` + tt.filter + `","filter_value":` + tt.value + `}]}}`
			r, p := postSearch(t, srv.URL, "/v1/users/search", body)
			if r.status != 200 {
				t.Fatalf("%d %s", r.status, r.body)
			}
			got := idsOf(t, p.Results)
			if slices.Contains(got, FactorZooUserID) != tt.wantZoo || len(got) >= all {
				t.Errorf("%d of %d users, the zoo user among them: %v; want %v", len(got), all, slices.Contains(got, FactorZooUserID), tt.wantZoo)
			}
		})
	}
}

func TestSearchUsersErrors(t *testing.T) {
	_, srv := startFake(t, Options{})
	q := func(operands string) string {
		return `{"query":{"operator":"AND","operands":[` + operands + `]}}`
	}
	_, first := postSearch(t, srv.URL, "/v1/users/search", `{"limit":2}`)
	goodCursor := *first.ResultsMetadata.NextCursor
	tests := []struct {
		name, body, errType string
	}{
		{"not JSON", `{"limit":`, "invalid_request_value"},
		{"limit over 1000", `{"limit":1001}`, "user_search_invalid_limit"},
		{"negative limit", `{"limit":-1}`, "user_search_invalid_limit"},
		{"limit not a number", `{"limit":"ten"}`, "user_search_invalid_limit"},
		{"garbage cursor", `{"cursor":"not-a-cursor!"}`, "user_search_invalid_cursor"},
		{"forged cursor", `{"cursor":"` + base64.RawURLEncoding.EncodeToString([]byte("v1:5:0000000000000000")) + `"}`, "user_search_invalid_cursor"},
		{"cursor of another query", `{"cursor":"` + goodCursor + `",` + q(`{"filter_name":"status","filter_value":"active"}`)[1:], "user_search_invalid_cursor"},
		{"bad operator", `{"query":{"operator":"XOR","operands":[]}}`, "user_search_invalid_operator"},
		{"unknown filter", q(`{"filter_name":"favourite_colour","filter_value":"blue"}`), "user_search_filter_name_not_recognized"},
		{"missing filter_name", q(`{"filter_value":"blue"}`), "user_search_missing_filter_name"},
		{"filter_name not a string", q(`{"filter_name":7,"filter_value":"blue"}`), "user_search_filter_name_must_be_string"},
		{"missing filter_value", q(`{"filter_name":"status"}`), "user_search_missing_filter_value"},
		{"email not an array", q(`{"filter_name":"email_address","filter_value":"a@example.com"}`), "user_search_expected_array_of_string"},
		{"email array empty", q(`{"filter_name":"email_address","filter_value":[]}`), "user_search_missing_email_addresses"},
		{"fuzzy too short", q(`{"filter_name":"email_address_fuzzy","filter_value":"al"}`), "user_search_email_address_fuzzy_too_short"},
		{"fuzzy not a string", q(`{"filter_name":"email_address_fuzzy","filter_value":["alice"]}`), "user_search_expected_string"},
		{"status not a string", q(`{"filter_name":"status","filter_value":true}`), "user_search_expected_string"},
		{"status unknown", q(`{"filter_name":"status","filter_value":"deleted"}`), "search_invalid_status_filter"},
		{"timestamp malformed", q(`{"filter_name":"created_at_greater_than","filter_value":"yesterday"}`), "user_search_expected_timestamp"},
		{"between not an object", q(`{"filter_name":"created_at_between","filter_value":"2026-01-01T00:00:00Z"}`), "user_search_expected_object"},
		{"between without less_than", q(`{"filter_name":"created_at_between","filter_value":{"greater_than":"2026-01-01T00:00:00Z"}}`), "user_search_missing_less_than"},
		{"bool expected", q(`{"filter_name":"password_exists","filter_value":"yes"}`), "user_search_expected_bool"},
		{"verified expects a bool", q(`{"filter_name":"crypto_wallet_verified","filter_value":1}`), "user_search_expected_bool"},
		{"wallet ids empty", q(`{"filter_name":"crypto_wallet_id","filter_value":[]}`), "user_search_missing_crypto_wallet_id"},
		{"wallet addresses empty", q(`{"filter_name":"crypto_wallet_address","filter_value":[]}`), "user_search_missing_crypto_wallet_address"},
		{"providers empty", q(`{"filter_name":"oauth_provider","filter_value":[]}`), "user_search_missing_oauth_providers"},
		{"name fuzzy empty", q(`{"filter_name":"full_name_fuzzy","filter_value":""}`), "user_search_missing_full_name_fuzzy"},
		{"phone fuzzy too short", q(`{"filter_name":"phone_number_fuzzy","filter_value":"44"}`), "user_search_phone_number_fuzzy_too_short"},
		{"status empty", q(`{"filter_name":"status","filter_value":""}`), "user_search_missing_status"},
		{"between without greater_than", q(`{"filter_name":"created_at_between","filter_value":{"less_than":"2026-01-01T00:00:00Z"}}`), "user_search_missing_greater_than"},
		{"mixed user ids", q(`{"filter_name":"user_id","filter_value":["` + DemoUserID + `","alice-42"]}`), "user_search_cannot_mix_internal_and_external_user_ids"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := postSearch(t, srv.URL, "/v1/users/search", tt.body)
			checkError(t, r, http.StatusBadRequest, tt.errType, "")
		})
	}
	r := call(t, nil, http.MethodGet, srv.URL+"/v1/users/search", true, nil)
	checkError(t, r, http.StatusNotFound, "user_not_found", "")
}

func TestSearchUsersCursorSurvivesKeyOrderAndLimitChange(t *testing.T) {
	_, srv := startFake(t, Options{})
	body := `{"limit":10,"query":{"operator":"AND","operands":[{"filter_name":"status","filter_value":"active"}]}}`
	_, p1 := postSearch(t, srv.URL, "/v1/users/search", body)
	cur := *p1.ResultsMetadata.NextCursor
	// Same query, keys reordered, another limit: the cursor still works.
	body2 := `{"cursor":"` + cur + `","query":{"operands":[{"filter_value":"active","filter_name":"status"}],"operator":"AND"},"limit":5}`
	r, p2 := postSearch(t, srv.URL, "/v1/users/search", body2)
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if len(p2.Results) != 5 || idsOf(t, p2.Results)[0] == idsOf(t, p1.Results)[0] {
		t.Errorf("second page wrong: %v", idsOf(t, p2.Results))
	}
}
