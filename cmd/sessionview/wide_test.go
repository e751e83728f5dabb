package sessionview

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api"
)

func TestCompactClaims(t *testing.T) {
	for in, want := range map[string]string{
		"":                          "",
		"null":                      "",
		"{}":                        "",
		" { } ":                     "",
		`{ "a": [1, 2], "b": "x" }`: `{"a":[1,2],"b":"x"}`,
		`{"n":false,"e":""}`:        `{"n":false,"e":""}`,
		`{"bad":`:                   "",
	} {
		if got := CompactClaims(json.RawMessage(in)); got != want {
			t.Errorf("CompactClaims(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWideRowMatchesColumns(t *testing.T) {
	start := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	s := api.Session{
		SessionID: "session-test-1", UserID: "user-test-1",
		AuthenticationFactors: []api.Factor{{Type: "oauth", DeliveryMethod: "oauth_google"}, {Type: "totp", DeliveryMethod: "authenticator_app"}},
		Roles:                 []string{"stytch_user", "admin"},
		StartedAt:             start, IPAddress: "192.0.2.1", UserAgent: "curl/8.7.1",
		CustomClaims: json.RawMessage(`{"tier": "gold"}`),
	}
	row := (&Rows{}).WideRow(s)
	cols := WideColumns()
	if len(row) != len(cols) {
		t.Fatalf("%d cells for %d columns", len(row), len(cols))
	}
	want := map[string]any{
		"session_id": "session-test-1", "user_id": "user-test-1", "factors": "Google OAuth + TOTP",
		"ip_address": "192.0.2.1", "started_at": start, "roles": "stytch_user,admin",
		"user_agent": "curl/8.7.1", "custom_claims": `{"tier":"gold"}`,
	}
	for i, c := range cols {
		if w, ok := want[c.Key]; ok && row[i] != w {
			t.Errorf("%s = %v, want %v", c.Key, row[i], w)
		}
	}
	if u := (&Rows{}).UserRow(s); len(u) != len(UserColumns()) || u[0] != "user-test-1" || u[1] != "session-test-1" {
		t.Errorf("UserRow = %v", u)
	}
}
