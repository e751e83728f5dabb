package sessionpick

import (
	"slices"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
)

// TestRowsFlaggedThenMostRecent: the picker lists sessions a rule marks
// first (critical before warning), then the most recently active; info
// findings do not move a row, and ties keep the order listed.
func TestRowsFlaggedThenMostRecent(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	ago := func(m int) time.Time { return now.Add(-time.Duration(m) * time.Minute) }
	rows := ordered([]Row{
		{ID: "old", LastActive: ago(600)},
		{ID: "warn", LastActive: ago(300), Severity: sessionaudit.Warning},
		{ID: "new", LastActive: ago(1)},
		{ID: "info", LastActive: ago(5), Severity: sessionaudit.Info},
		{ID: "crit", LastActive: ago(900), Severity: sessionaudit.Critical},
		{ID: "tie", LastActive: ago(600)},
	})
	var got []string
	for _, r := range rows {
		got = append(got, r.ID)
	}
	if want := []string{"crit", "warn", "new", "info", "old", "tie"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}
