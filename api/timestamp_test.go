package api

import (
	"testing"
	"time"
)

// FuzzParseTime checks that ParseTime gives what time.Parse gives (or the
// zero time where time.Parse fails), fast path or not.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{
		"2026-11-20T05:31:41Z", "2026-11-20T05:31:41.5Z", "2026-12-10T09:47:59.681275Z",
		"2026-11-20T05:31:41.123456789Z", "2026-11-20T05:31:41.1234567891Z", "2026-11-20T05:31:41.Z",
		"2024-02-29T00:00:00Z", "2025-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-00-10T00:00:00Z",
		"2026-13-10T00:00:00Z", "2026-11-20T24:00:00Z", "2026-11-20T23:60:00Z", "2026-11-20T23:59:60Z",
		"2026-11-20T05:31:41+02:00", "2026-11-20t05:31:41z", "2026-11-20T05:31:41,5Z", "0000-01-01T00:00:00Z",
		"+026-11-20T05:31:41Z", "2024-06-04T10:00:00+05:30", "yesterday", "2024-02-30T00:00:00Z", "9999-12-31T23:59:59Z", "2026-1a-20T05:31:41Z", "2026-11-20 05:31:41Z", "", "Z", "2026-11-20",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			want = time.Time{}
		}
		got := ParseTime(s)
		gotZone, gotOffset := got.Zone()
		wantZone, wantOffset := want.Zone()
		if !got.Equal(want) || gotZone != wantZone || gotOffset != wantOffset || got.Location() == time.UTC != (want.Location() == time.UTC) {
			t.Fatalf("ParseTime(%q) = %v (%#v), time.Parse gives %v (%#v)", s, got, got, want, want)
		}
	})
}

// TestParseTimeFastPath checks which forms parseUTC takes itself: Stytch's
// usual ones, so that the speed-up applies to them.
func TestParseTimeFastPath(t *testing.T) {
	for s, want := range map[string]bool{
		"2026-11-20T05:31:41Z":        true,
		"2026-12-10T09:47:59.681275Z": true,
		"2026-11-29T05:31:41Z":        false, // day past 28: time.Parse checks the month
		"2026-11-20T05:31:41+00:00":   false,
		"2026-11-20T05:31:41.Z":       false,
	} {
		if _, ok := parseUTC(s); ok != want {
			t.Errorf("parseUTC(%q) took it: %v, want %v", s, ok, want)
		}
	}
}

func BenchmarkParseTime(b *testing.B) {
	for i := 0; i < b.N; i++ {
		ParseTime("2026-12-10T09:47:59.681275Z")
	}
}

func BenchmarkTimeParseStd(b *testing.B) {
	for i := 0; i < b.N; i++ {
		time.Parse(time.RFC3339Nano, "2026-12-10T09:47:59.681275Z")
	}
}
