package api

import (
	"strings"
	"time"
)

// DurationText writes d as people type it: Go's form without the zero
// minutes and seconds it adds (2m, 24h, 1h30m rather than 2m0s, 24h0m0s,
// 1h30m0s). Every message of stytchctl that states a duration writes it
// so, this package's errors included.
func DurationText(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
