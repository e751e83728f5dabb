package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

// The waits between attempts grow exponentially with jitter, and the total
// wait never passes MaxWait: a server that fails forever costs a bounded
// time, and the attempts stop early when the next wait would cross it.
func TestBackoffGrowsWithJitterWithinTheTotalBound(t *testing.T) {
	policy := api.RetryPolicy{MaxAttempts: 10, Initial: 40 * time.Millisecond, Max: time.Second, MaxWait: 600 * time.Millisecond}
	var starts []time.Time
	c, fake := newClient(t, func(cfg *api.Config) {
		cfg.Retry = policy
		cfg.Observe = func(e api.Exchange) { starts = append(starts, time.Now().Add(-e.Duration)) }
	})
	fake.AddFault(apitest.Fault{Status: 503})
	begin := time.Now()
	_, err := c.GetSessions(context.Background(), apitest.DemoUserID)
	elapsed := time.Since(begin)
	if ae, ok := api.AsError(err); !ok || ae.StatusCode != 503 {
		t.Fatalf("err = %v, want the final 503", err)
	}
	if len(starts) < 3 || len(starts) >= 10 {
		t.Fatalf("%d attempts; want several, stopped by MaxWait before MaxAttempts", len(starts))
	}
	var waits []time.Duration
	for i := 1; i < len(starts); i++ {
		waits = append(waits, starts[i].Sub(starts[i-1]))
	}
	// Each wait is the interval ±50 %: 40 ms, 80 ms, 160 ms … (plus the
	// request's own time, a few ms against the in-process fake).
	interval := policy.Initial
	for i, w := range waits {
		lo, hi := interval/2, interval*3/2+50*time.Millisecond
		if w < lo || w > hi {
			t.Errorf("wait %d = %s, want within [%s, %s]", i+1, w, lo, hi)
		}
		interval *= 2
	}
	if elapsed > policy.MaxWait+500*time.Millisecond {
		t.Errorf("gave up after %s; the waits alone are bounded by %s", elapsed, policy.MaxWait)
	}
}
