package cmd

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
	"testing/quick"
	"time"
)

// TestFanOutOrderProperty: whatever the latencies and worker count, every
// outcome is emitted exactly once, in input order, never more than Workers
// fetches run at once, and fetching never runs more than 2×Workers inputs
// ahead of emitting. A fetch's "latency" is a random number of yields to
// the scheduler, which reorders the fetches' ends without waiting on a
// clock; the test checks that some runs did finish out of order.
func TestFanOutOrderProperty(t *testing.T) {
	var reordered atomic.Int64
	prop := func(seed uint64, n8, w8 uint8) bool {
		n, workers := int(n8%40), int(w8%8)+1
		r := rand.New(rand.NewPCG(seed, 1))
		yields := make([]int, n)
		for i := range yields {
			yields[i] = r.IntN(300)
		}
		var highestDone atomic.Int64
		highestDone.Store(-1)
		var inFlight, maxInFlight, started atomic.Int64
		var emitted []int
		var ahead int64
		f := fanOut[int]{
			Workers: workers,
			Fetch: func(ctx context.Context, i int) (int, error) {
				started.Add(1)
				cur := inFlight.Add(1)
				for {
					m := maxInFlight.Load()
					if cur <= m || maxInFlight.CompareAndSwap(m, cur) {
						break
					}
				}
				for range yields[i] {
					runtime.Gosched()
				}
				if highestDone.Load() > int64(i) {
					reordered.Add(1) // a later input finished first
				}
				for {
					h := highestDone.Load()
					if int64(i) <= h || highestDone.CompareAndSwap(h, int64(i)) {
						break
					}
				}
				inFlight.Add(-1)
				if i%7 == 3 {
					return 0, fmt.Errorf("input %d failed", i)
				}
				return i * 10, nil
			},
			Emit: func(i, v int, err error) error {
				if d := started.Load() - int64(len(emitted)); d > ahead {
					ahead = d
				}
				if (err != nil) != (i%7 == 3) || (err == nil && v != i*10) {
					return fmt.Errorf("outcome of %d mixed up: %d, %v", i, v, err)
				}
				emitted = append(emitted, i)
				return nil
			},
		}
		if err := f.run(context.Background(), n); err != nil {
			t.Log(err)
			return false
		}
		for i, e := range emitted {
			if e != i {
				return false
			}
		}
		return len(emitted) == n && maxInFlight.Load() <= int64(workers) && ahead <= int64(2*workers)
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 60}); err != nil {
		t.Error(err)
	}
	if reordered.Load() == 0 {
		t.Error("no fetch ever finished after a later one: the yields do not shape the runs")
	}
}

func TestFanOutFatalStopsAtOnce(t *testing.T) {
	fatal := errors.New("401")
	var fetched atomic.Int64
	var emitted []int
	f := fanOut[int]{
		Workers: 4,
		Fetch: func(ctx context.Context, i int) (int, error) {
			fetched.Add(1)
			if i == 5 {
				return 0, fatal
			}
			if i < 5 {
				return i, nil
			}
			select { // later inputs are slow: they must be cancelled
			case <-time.After(5 * time.Second):
				return i, nil
			case <-ctx.Done():
				return 0, ctx.Err()
			}
		},
		Emit:  func(i, v int, err error) error { emitted = append(emitted, i); return nil },
		Fatal: func(err error) bool { return errors.Is(err, fatal) },
	}
	start := time.Now()
	err := f.run(context.Background(), 1000)
	if !errors.Is(err, fatal) {
		t.Fatalf("run = %v, want the fatal error", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s: in-flight fetches were not cancelled", d)
	}
	if n := fetched.Load(); n > 14 {
		t.Errorf("%d fetches started for a run stopped at input 5", n)
	}
	for _, i := range emitted {
		if i >= 5 {
			t.Errorf("input %d emitted after the fatal one", i)
		}
	}
}

func TestFanOutEmitErrorAndEnough(t *testing.T) {
	var fetched atomic.Int64
	f := fanOut[int]{
		Workers: 2,
		Fetch: func(ctx context.Context, i int) (int, error) {
			fetched.Add(1)
			return i, ctx.Err()
		},
		Emit: func(i, v int, err error) error {
			if i == 3 {
				return errEnough
			}
			return nil
		},
	}
	if err := f.run(context.Background(), 10000); !errors.Is(err, errEnough) {
		t.Fatalf("run = %v", err)
	}
	if n := fetched.Load(); n > 10 {
		t.Errorf("%d fetches after Emit said enough at input 3", n)
	}
}

func TestFanOutParentCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	f := fanOut[int]{
		Workers: 3,
		Fetch: func(ctx context.Context, i int) (int, error) {
			if i == 2 {
				cancel()
			}
			<-ctx.Done()
			return 0, ctx.Err()
		},
		Emit: func(i, v int, err error) error { return nil },
	}
	if err := f.run(ctx, 50); !errors.Is(err, context.Canceled) {
		t.Fatalf("run = %v, want context.Canceled", err)
	}
}

func TestFanOutNothing(t *testing.T) {
	f := fanOut[int]{Fetch: func(context.Context, int) (int, error) { t.Error("fetched"); return 0, nil },
		Emit: func(int, int, error) error { t.Error("emitted"); return nil }}
	if err := f.run(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
}
