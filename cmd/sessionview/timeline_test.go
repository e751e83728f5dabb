package sessionview

import (
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api"
)

func TestTimelineCells(t *testing.T) {
	now := time.Date(2026, 6, 4, 10, 0, 0, 0, time.UTC)
	d := 24 * time.Hour
	sess := func(start, last, end time.Duration) api.Session {
		s := api.Session{StartedAt: now.Add(start), ExpiresAt: now.Add(end)}
		if last != 0 {
			s.LastAccessedAt = now.Add(last)
		}
		return s
	}
	for _, tt := range []struct {
		name  string
		s     api.Session
		width int
		want  string
	}{
		{"active, idle, now, future", sess(-10*d, -6*d, 10*d), 20, "━━━━●┄┄┄┄┄│─────────"},
		{"active until now", sess(-10*d, -time.Minute, 10*d), 20, "━━━━━━━━━●│─────────"},
		{"never active after start", sess(-10*d, 0, 10*d), 10, "┄┄┄┄┄│────"},
		{"expired: all past, no now", sess(-10*d, -8*d, -d), 9, "━━●┄┄┄┄┄┄"},
		{"not started yet", sess(d, 0, 3*d), 4, "────"},
		{"no expiry", api.Session{StartedAt: now}, 10, ""},
		{"expiry before start", sess(0, 0, -d), 10, ""},
		{"too narrow", sess(-d, 0, d), 2, ""},
	} {
		if got := TimelineCells(tt.s, now, tt.width); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
