package render

import (
	"strconv"
	"time"
)

// Span writes a length of time in one unit, the way every human view of
// stytchctl does ("idle for 4d", "4d ago"): seconds under a minute,
// minutes under an hour, hours under two days, days from there on. The
// amount is floored, as kubectl's ages are: 4d23h is "4d", 47h36m is
// "47h", 1h35m is "1h", 59m59s is "59m"; a span is never rounded up to
// the next number or unit. Negative spans are written as their length.
func Span(d time.Duration) string {
	if d < 0 {
		d = -d
		if d < 0 { // the most negative duration has no positive twin
			d = 1<<63 - 1
		}
	}
	const day = 24 * time.Hour
	unit, suffix := time.Second, "s"
	switch {
	case d >= 2*day:
		unit, suffix = day, "d"
	case d >= time.Hour:
		unit, suffix = time.Hour, "h"
	case d >= time.Minute:
		unit, suffix = time.Minute, "m"
	}
	return strconv.FormatInt(int64(d/unit), 10) + suffix
}
