package sessionview

import (
	"reflect"
	"testing"

	"github.com/stytchctl/stytchctl/api"
)

func TestRowsCacheGivesTheSameRows(t *testing.T) {
	uas := []string{
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
		"",
		"curl/8.5.0",
	}
	var rows Rows
	for round := 0; round < 2; round++ { // the second round is served from the cache
		for _, ua := range uas {
			s := api.Session{SessionID: "session-test-x", UserID: "user-test-y", UserAgent: ua, IPAddress: "203.0.113.9",
				AuthenticationFactors: []api.Factor{{Type: "totp", DeliveryMethod: "authenticator_app"}}}
			if got, want := rows.Device(ua), ParseDevice(ua).Short(ua); got != want {
				t.Errorf("Device(%q) = %q, want %q", ua, got, want)
			}
			if got, want := rows.Row(s), (&Rows{}).Row(s); !reflect.DeepEqual(got, want) {
				t.Errorf("Row = %v, want %v", got, want)
			}
			if got, want := rows.WideRow(s), (&Rows{}).WideRow(s); !reflect.DeepEqual(got, want) {
				t.Errorf("WideRow = %v, want %v", got, want)
			}
			if got := rows.UserRow(s); got[0] != "user-test-y" || !reflect.DeepEqual(got[1:], (&Rows{}).Row(s)) {
				t.Errorf("UserRow = %v", got)
			}
		}
	}
	if len(rows.devices) != len(uas) {
		t.Errorf("cache holds %d user agents, want %d", len(rows.devices), len(uas))
	}
}

// TestRowsFactorsCache checks that cached factor words are the words
// Factors gives, that lists differing only in length are not confused,
// and that impersonations, whose words name the impersonator, are never
// served from the cache.
func TestRowsFactorsCache(t *testing.T) {
	totp := api.Factor{Type: "totp", DeliveryMethod: "authenticator_app"}
	google := api.Factor{Type: "oauth", DeliveryMethod: "oauth_google"}
	impersonatedBy := func(email string) api.Factor {
		return api.Factor{Type: "impersonated", DeliveryMethod: "impersonation",
			Kind: "impersonated_factor", Detail: []byte(`{"impersonator_email_address":"` + email + `"}`)}
	}
	lists := []struct {
		fs   []api.Factor
		want string
	}{
		{nil, ""},
		{[]api.Factor{google}, "Google OAuth"},
		{[]api.Factor{google, {}}, "Google OAuth + unknown factor"},
		{[]api.Factor{google, totp}, "Google OAuth + TOTP"},
		{[]api.Factor{totp, google}, "TOTP + Google OAuth"},
		{[]api.Factor{google, totp, totp}, "Google OAuth + TOTP + TOTP"},
		{[]api.Factor{impersonatedBy("ann@example.com")}, "Impersonated by ann@example.com"},
		{[]api.Factor{impersonatedBy("bob@example.com")}, "Impersonated by bob@example.com"},
	}
	var rows Rows
	for round := 0; round < 2; round++ {
		for _, l := range lists {
			if got := rows.Factors(l.fs); got != l.want || got != Factors(l.fs) {
				t.Errorf("round %d: Rows.Factors(%v) = %q, want %q", round, l.fs, got, l.want)
			}
		}
	}
	if len(rows.factors) != 5 {
		t.Errorf("cache holds %d factor lists, want 5 (not the three-factor list or the impersonations)", len(rows.factors))
	}
}
