package cmd

import (
	"encoding/json"
	"strings"
	"testing"
)

// A user watched by external ID is named in -o ndjson events by the
// user_id of the sessions, not as typed: ADDED and REMOVED alike.
func TestSessionsWatchNDJSONCarriesTheUserID(t *testing.T) {
	h := newHarness(t)
	a := rawSession("session-test-wa", watchUser, uaTestMac, "203.0.113.1")
	h.fake.AddUser(watchUser, a)
	h.fake.SetExternalID(watchUser, "emp-watch-1")
	_, ctx := newWatchScript(h, func() { h.fake.AddUser(watchUser) })
	r := h.runCtx(ctx, "sessions", "watch", "-u", "emp-watch-1", "-o", "ndjson", "--interval", "1m")
	r.expect(t, ExitInterrupted)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("stdout:\n%s", r.stdout)
	}
	for i, want := range []string{"added", "removed"} {
		var ev struct {
			Event  string `json:"event"`
			UserID string `json:"user_id"`
		}
		if err := json.Unmarshal([]byte(lines[i]), &ev); err != nil {
			t.Fatal(err)
		}
		if ev.Event != want || ev.UserID != watchUser {
			t.Errorf("line %d = %s, want event %s of user_id %s", i, lines[i], want, watchUser)
		}
	}
}
