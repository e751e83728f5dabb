package sessionfilter

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// Fuzz tests: `go test ./cmd/sessionfilter` runs the seeds; to search for
// a while,
//
//	go test -run='^$' -fuzz='^FuzzParseDuration$' -fuzztime=30s ./cmd/sessionfilter

var durationSeeds = []string{
	"30m", "12h", "7d", "2w", "1d12h", "1.5h", "90s", "250ms", "1H", "0d", "0.5d", "1.d", ".5h",
	"", "0", "7", "d", "-1h", "+1h", "1h-1m", "1y", "1us", "1ns", "1µs", "1e3h", "1.2.3h", "NaNh", "Infh",
	"36500d", "36501d", "5214w", "99999999999999999999d", "1h 30m", " 1h", "1h\n",
}

// near reports whether a and b differ by at most a part in 10⁹ (or 2ns):
// ParseDuration adds in float64 so that fractions work.
func near(a, b time.Duration) bool {
	d := math.Abs(float64(a) - float64(b))
	return d <= 2 || d <= 1e-9*math.Abs(float64(b))
}

// FuzzParseDuration: an error or a duration between 0 and 100 years, never
// a panic; "Nd" is exactly N×24h and "Nw" N×7×24h; what time.ParseDuration
// reads the same way (no sign, no ns/µs) agrees; and joining two accepted
// durations adds them.
func FuzzParseDuration(f *testing.F) {
	for i, s := range durationSeeds {
		f.Add(s, durationSeeds[(i+1)%len(durationSeeds)], uint32(i*1000))
	}
	f.Add("1d", "12h", uint32(36500))
	f.Add("50y", "1h", uint32(36501))
	f.Fuzz(func(t *testing.T, s, s2 string, n uint32) {
		d, err := ParseDuration(s)
		if err != nil {
			if err.Error() == "" {
				t.Errorf("empty error for %q", s)
			}
		} else {
			if d < 0 {
				t.Errorf("%q = %v, negative", s, d)
			}
			if d > maxDuration {
				t.Errorf("%q = %v, over 100 years", s, d)
			}
			if strings.ContainsAny(s, "-+ \t\n") {
				t.Errorf("%q accepted with a sign or a space", s)
			}
		}

		if g, gerr := time.ParseDuration(s); gerr == nil && g >= 0 && s != "0" &&
			!strings.ContainsAny(s, "+-") && !strings.Contains(s, "ns") &&
			!strings.Contains(s, "us") && !strings.Contains(s, "µs") && !strings.Contains(s, "μs") {
			switch {
			case g > maxDuration:
				if err == nil && !near(d, g) {
					t.Errorf("%q = %v, time.ParseDuration says %v", s, d, g)
				}
			case err != nil:
				t.Errorf("%q rejected (%v), time.ParseDuration reads %v", s, err, g)
			case !near(d, g):
				t.Errorf("%q = %v, time.ParseDuration says %v", s, d, g)
			}
		}

		days := int64(n % 40000)
		for _, c := range []struct {
			unit string
			per  time.Duration
		}{{"d", 24 * time.Hour}, {"D", 24 * time.Hour}, {"w", 7 * 24 * time.Hour}} {
			in := fmt.Sprintf("%d%s", days, c.unit)
			got, err := ParseDuration(in)
			want := time.Duration(days) * c.per
			switch {
			case days > int64(maxDuration/c.per):
				if err == nil {
					t.Errorf("%q = %v accepted, over 100 years", in, got)
				}
			case err != nil:
				t.Errorf("%q: %v", in, err)
			case got != want:
				t.Errorf("%q = %v, want %v", in, got, want)
			}
		}

		d2, err2 := ParseDuration(s2)
		if err == nil && err2 == nil {
			sum, err := ParseDuration(s + s2)
			switch {
			case d+d2 > maxDuration-time.Second:
				// Near the limit float rounding decides; either is fine.
			case err != nil:
				t.Errorf("%q and %q accepted, %q rejected: %v", s, s2, s+s2, err)
			case !near(sum, d+d2):
				t.Errorf("%q = %v, want %v + %v", s+s2, sum, d, d2)
			}
		}
	})
}

// FuzzParseTimeOrAgo: an error or a time, never a panic; a duration means
// that long before now (never after it); a date is midnight in the given
// zone; a zoneless time is read in that zone; an RFC 3339 time keeps its
// own offset.
func FuzzParseTimeOrAgo(f *testing.F) {
	for _, s := range durationSeeds {
		f.Add(s, int64(1780300800), int32(0), uint16(2026), uint8(6), uint8(1))
	}
	for _, s := range []string{
		"2026-06-01", "2026-06-01T09:00:00Z", "2026-06-01T09:00:00.123456789+05:30", "2026-06-01T09:00",
		"2026-06-01 09:00:00", "2026-06-01 9:00", "2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31T23:59:59Z",
		"2026-06-01T24:00:00Z", "2026-06-01T09:00:00+25:00", "yesterday", "now",
	} {
		f.Add(s, int64(1780300800), int32(-7*3600), uint16(2024), uint8(2), uint8(29))
	}
	f.Fuzz(func(t *testing.T, s string, nowUnix int64, offset int32, y uint16, m, day uint8) {
		now := time.Unix(nowUnix%(1<<40), 0).UTC()
		loc := time.FixedZone("fuzz", int(offset%(18*3600)))

		got, err := ParseTimeOrAgo(s, now, loc)
		if err != nil {
			if err.Error() == "" {
				t.Errorf("empty error for %q", s)
			}
			if s != "" {
				if _, derr := ParseDuration(s); derr == nil {
					t.Errorf("%q is a duration but was rejected: %v", s, err)
				}
			}
		} else if d, derr := ParseDuration(s); derr == nil {
			if !got.Equal(now.Add(-d)) {
				t.Errorf("%q = %v, want now − %v = %v", s, got, d, now.Add(-d))
			}
			if got.After(now) {
				t.Errorf("%q ago = %v is after now %v", s, got, now)
			}
		} else if _, perr := time.Parse(time.RFC3339Nano, s); perr != nil {
			// Zoneless: read in loc.
			if got.Location() != loc {
				t.Errorf("zoneless %q read in %v, want %v", s, got.Location(), loc)
			}
		}

		year, month, dd := int(y%10000), int(m%13), int(day%32)
		date := fmt.Sprintf("%04d-%02d-%02d", year, month, dd)
		dt, err := ParseTimeOrAgo(date, now, loc)
		want := time.Date(year, time.Month(month), dd, 0, 0, 0, 0, loc)
		valid := month >= 1 && want.Month() == time.Month(month) && want.Day() == dd
		switch {
		case !valid:
			if err == nil {
				t.Errorf("impossible date %q accepted as %v", date, dt)
			}
		case err != nil:
			t.Errorf("date %q rejected: %v", date, err)
		case !dt.Equal(want) || dt.Location() != loc:
			t.Errorf("date %q = %v, want %v", date, dt, want)
		}
	})
}
