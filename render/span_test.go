package render

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

func TestSpan(t *testing.T) {
	const (
		s   = time.Second
		m   = time.Minute
		h   = time.Hour
		day = 24 * time.Hour
	)
	cases := []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{999 * time.Millisecond, "0s"},
		{s, "1s"},
		{59*s + 999*time.Millisecond, "59s"},
		{m, "1m"},
		{m + 59*s, "1m"},
		{59*m + 59*s, "59m"}, // not "60m", not "1h"
		{h, "1h"},
		{h + 35*m, "1h"}, // not "2h"
		{23*h + 59*m, "23h"},
		{day, "24h"},
		{47*h + 36*m, "47h"}, // 47.6 h: never "48h"
		{2*day - time.Nanosecond, "47h"},
		{2 * day, "2d"},
		{4*day + 23*h, "4d"}, // not "5d"
		{30 * day, "30d"},
		{400 * day, "400d"},
		{-(4*day + 23*h), "4d"},
	}
	for _, c := range cases {
		if got := Span(c.d); got != c.want {
			t.Errorf("Span(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestRelativeBoundaries(t *testing.T) {
	const h, day = time.Hour, 24 * time.Hour
	cases := []struct {
		d    time.Duration // how long ago; negative is in the future
		want string
	}{
		{59 * time.Second, "just now"},
		{time.Minute, "1m ago"},
		{59*time.Minute + 59*time.Second, "59m ago"},
		{h + 35*time.Minute, "1h ago"},
		{47*h + 36*time.Minute, "47h ago"},
		{4*day + 23*h, "4d ago"},
		{-(4*day + 23*h), "in 4d"},
		{364*day + 23*h, "364d ago"},
	}
	for _, c := range cases {
		if got := Relative(now.Add(-c.d), now); got != c.want {
			t.Errorf("Relative(now-%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

// spanUnits are the lengths of Span's suffixes.
var spanUnits = map[byte]time.Duration{'s': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour}

// TestSpanNeverRoundsUp is the property every caller relies on: what Span
// writes, read back, is at most the span and less than one unit short of
// it, so "idle for 4d" never means less than four days.
func TestSpanNeverRoundsUp(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 15))
	for range 100000 {
		// Spread over every unit: up to about three years, log-uniform.
		d := time.Duration(r.Int64N(int64(1) << (r.IntN(57) + 1)))
		got := Span(d)
		unit, ok := spanUnits[got[len(got)-1]]
		if !ok {
			t.Fatalf("Span(%v) = %q: unknown unit", d, got)
		}
		n, err := strconv.ParseInt(got[:len(got)-1], 10, 64)
		if err != nil {
			t.Fatalf("Span(%v) = %q: %v", d, got, err)
		}
		back := time.Duration(n) * unit
		if back > d || d-back >= unit {
			t.Fatalf("Span(%v) = %q reads back as %v: rounded, not floored", d, got, back)
		}
	}
}
