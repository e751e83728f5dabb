package sessionfilter

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// maxDuration bounds durations to about 100 years, far beyond any session
// lifetime (Stytch's maximum is 366 days) and far from overflow.
const maxDuration = 100 * 365 * 24 * time.Hour

var durationUnits = map[string]time.Duration{
	"ms": time.Millisecond,
	"s":  time.Second,
	"m":  time.Minute,
	"h":  time.Hour,
	"d":  24 * time.Hour,
	"w":  7 * 24 * time.Hour,
}

// errDurationSyntax is the message for any malformed duration.
var errDurationSyntax = errors.New("want a number and a unit (ms, s, m, h, d, w), such as 30m, 12h, 7d or 1d12h")

// ParseDuration reads a duration as people write it for sessions: one or
// more numbers, each with a unit of ms, s, m, h, d (24 hours) or w (7
// days): "30m", "12h", "7d", "1d12h", "1.5h". Negative, unit-less and
// absurdly long (over 100 years) values are errors.
func ParseDuration(s string) (time.Duration, error) {
	in := s
	if s == "" {
		return 0, errDurationSyntax
	}
	var total float64
	for s != "" {
		i := 0
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
			i++
		}
		if i == 0 {
			return 0, errDurationSyntax
		}
		n, err := strconv.ParseFloat(s[:i], 64)
		if err != nil {
			return 0, errDurationSyntax
		}
		s = s[i:]
		j := 0
		for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
			j++
		}
		unit, ok := durationUnits[strings.ToLower(s[:j])]
		if !ok {
			return 0, errDurationSyntax
		}
		s = s[j:]
		total += n * float64(unit)
		if total > float64(maxDuration) || math.IsInf(total, 0) {
			return 0, fmt.Errorf("%q is longer than 100 years", in)
		}
	}
	return time.Duration(math.Round(total)), nil
}

// zoneless are the layouts accepted without a zone, read in the caller's
// location (--tz or TZ).
var zoneless = []string{
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseTimeOrAgo reads a point in time: an RFC 3339 timestamp, a date or
// date and time without a zone (read in loc), or a duration ago (7d means
// now minus seven days).
func ParseTimeOrAgo(s string, now time.Time, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("empty")
	}
	if d, err := ParseDuration(s); err == nil {
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range zoneless {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("want an RFC 3339 time (2026-06-01T09:00:00Z), a date (2026-06-01) or a duration ago (30m, 12h, 7d)")
}

// parseFlagTime is ParseTimeOrAgo for a flag; "" means the flag is unset.
func parseFlagTime(flag, s string, now time.Time, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := ParseTimeOrAgo(s, now, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid %s %q: %w", flag, s, err)
	}
	return t, nil
}
