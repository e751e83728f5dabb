package cmd

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestTuneGC checks that a process without GOGC or GOMEMLIMIT gets the
// short-lived settings, and that either variable, when set, is left to
// the runtime.
func TestTuneGC(t *testing.T) {
	pct, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(pct); debug.SetMemoryLimit(limit) })

	tuneGC(func(string) (string, bool) { return "", false })
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("GC percent %d with GOGC unset, want %d", got, gcPercent)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != memoryLimit {
		t.Errorf("memory limit %d with GOMEMLIMIT unset, want %d", got, memoryLimit)
	}

	tuneGC(func(k string) (string, bool) { return "50", k == "GOGC" || k == "GOMEMLIMIT" })
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent %d with GOGC set, want the runtime's 100 untouched", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("memory limit %d with GOMEMLIMIT set, want it untouched", got)
	}
}
