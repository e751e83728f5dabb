package api

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// A greedy client that sends the moment the bucket allows never gets more
// than PerMinute requests into any 60-second window, so none of Stytch's
// fixed one-minute windows can be exceeded either.
func TestStytchLimitsNeverExceedPerMinute(t *testing.T) {
	for class, lim := range StytchLimits() {
		l, err := NewClassLimiter(map[EndpointClass]Limit{class: lim})
		if err != nil {
			t.Fatal(err)
		}
		b := l.buckets[class]
		start := time.Date(2026, 6, 4, 10, 0, 0, 0, time.UTC)
		var sent []time.Time
		for at := start; at.Before(start.Add(5 * time.Minute)); at = at.Add(10 * time.Millisecond) {
			if b.AllowN(at, 1) {
				sent = append(sent, at)
			}
		}
		maxIn := 0
		for i := range sent {
			n := 0
			for j := i; j < len(sent) && sent[j].Sub(sent[i]) < time.Minute; j++ {
				n++
			}
			maxIn = max(maxIn, n)
		}
		if maxIn > lim.PerMinute {
			t.Errorf("%s: %d requests in one minute, limit %d", class, maxIn, lim.PerMinute)
		}
		// …and it is not needlessly slow: close to the limit over 5 minutes.
		if len(sent) < 5*(lim.PerMinute-lim.Burst) {
			t.Errorf("%s: only %d requests in 5 minutes", class, len(sent))
		}
	}
}

func TestNewClassLimiterRejectsImpossibleBudgets(t *testing.T) {
	for _, lim := range []Limit{{PerMinute: 0}, {PerMinute: 10, Burst: 10}, {PerMinute: -5, Burst: 1}} {
		if _, err := NewClassLimiter(map[EndpointClass]Limit{ClassUserSearch: lim}); err == nil {
			t.Errorf("%+v accepted", lim)
		}
	}
}

func TestClassLimiterPacesSharedWorkers(t *testing.T) {
	// 100 requests a second after a burst of 2.
	l, err := NewClassLimiter(map[EndpointClass]Limit{ClassUserSearch: {PerMinute: 6002, Burst: 2}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	start := time.Now()
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				if err := l.Wait(ctx, ClassUserSearch); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	// 12 waits = 2 free + 10 at 10ms: at least ~100ms however many workers.
	if d := time.Since(start); d < 90*time.Millisecond {
		t.Errorf("12 shared requests took %v; the limiter did not pace them", d)
	}
	// Other classes are not limited.
	start = time.Now()
	for range 50 {
		if err := l.Wait(ctx, ""); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Errorf("unlimited class waited %v", d)
	}
	// A cancelled context ends the wait with context.Canceled.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := l.Wait(cctx, ClassUserSearch); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v", err)
	}
}
