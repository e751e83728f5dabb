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
