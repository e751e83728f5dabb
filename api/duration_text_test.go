package api

import (
	"testing"
	"time"
)

// TestTimeoutErrorWritesDurationsAsTyped: the timeout in the message is
// written as people type it (2m, 1h30m), not as Go does (2m0s).
func TestTimeoutErrorWritesDurationsAsTyped(t *testing.T) {
	for d, want := range map[time.Duration]string{
		2 * time.Minute:              "no response within 2m; raise --timeout or check the network",
		90 * time.Minute:             "no response within 1h30m; raise --timeout or check the network",
		24 * time.Hour:               "no response within 24h; raise --timeout or check the network",
		30 * time.Second:             "no response within 30s; raise --timeout or check the network",
		50 * time.Millisecond:        "no response within 50ms; raise --timeout or check the network",
		time.Minute + 30*time.Second: "no response within 1m30s; raise --timeout or check the network",
	} {
		if got := (&TimeoutError{Timeout: d}).Error(); got != want {
			t.Errorf("%v: %q, want %q", d, got, want)
		}
	}
}
