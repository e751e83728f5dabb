package api

import "time"

// ParseTime parses an RFC 3339 timestamp as Stytch sends it (fractional
// seconds allowed) and returns the zero time for "" or a malformed value.
//
// The form Stytch uses, "2026-11-20T05:31:41Z" with or without a
// fraction, is read by parseUTC; anything else (an offset, a day past the
// 28th, a malformed value) goes to time.Parse, which is the reference.
// A 5,000-session answer holds some 25,000 timestamps; compare
// BenchmarkParseTime with BenchmarkTimeParseStd.
func ParseTime(s string) time.Time {
	if t, ok := parseUTC(s); ok {
		return t
	}
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// parseUTC reads YYYY-MM-DDTHH:MM:SS[.F{1,9}]Z with a day of 1 to 28, and
// reports false for anything else. For what it accepts it returns what
// time.Parse(time.RFC3339Nano, s) returns (FuzzParseTime checks this);
// the day bound leaves month lengths and leap years to time.Parse. It
// takes bytes as well as a string, so that a decoder can read a timestamp
// where it lies in a body, without copying it.
func parseUTC[S string | []byte](s S) (time.Time, bool) {
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[len(s)-1] != 'Z' {
		return time.Time{}, false
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	hour, ok4 := digits(s[11:13])
	minute, ok5 := digits(s[14:16])
	sec, ok6 := digits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) ||
		month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	nsec := 0
	if frac := s[19 : len(s)-1]; len(frac) > 0 {
		if len(frac) < 2 || len(frac) > 10 || frac[0] != '.' {
			return time.Time{}, false
		}
		n, ok := digits(frac[1:])
		if !ok {
			return time.Time{}, false
		}
		for i := len(frac) - 1; i < 9; i++ {
			n *= 10
		}
		nsec = n
	}
	days := daysFromCivil(year, month, day)
	return time.Unix(days*86400+int64(hour*3600+minute*60+sec), int64(nsec)).UTC(), true
}

// daysFromCivil is the number of days from 1970-01-01 to the given date of
// the proleptic Gregorian calendar (Howard Hinnant's days_from_civil, for
// years 0 to 9999). time.Date does the same with more checks, which were
// most of a timestamp's parsing time (BenchmarkParseTime).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era*146097 + doe - 719468)
}

// digits reads s, one to nine ASCII digits, as a decimal number.
func digits[S string | []byte](s S) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + int(c)
	}
	return n, len(s) > 0
}
