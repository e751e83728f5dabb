package cmd

import (
	"context"
	"errors"
	"github.com/stytchctl/stytchctl/api"
	"sync"
)

// errEnough is returned by a fanOut emit function to end a run early and
// successfully, for example when --limit items have been printed. fanOut
// cancels what is still in flight and returns it; callers treat it as
// success.
var errEnough = errors.New("enough results")

// fanOut runs one fetch per input with bounded concurrency and hands the
// outcomes back in input order. It is how commands that take many inputs
// (users, members, sessions) call the API: `sessions list`, and later
// `sessions audit` and `sessions revoke`.
//
// Contract: Fetch runs on at most Workers goroutines at once. Emit and
// Received run only on the goroutine that called run, so they may print
// and keep state without locks. Workers never run more than 2×Workers
// inputs ahead of Emit, so memory stays bounded by that window however many
// inputs there are, while a slow input holds up output but not fetching.
type fanOut[T any] struct {
	// Workers is the most fetches in flight (at least 1).
	Workers int
	// Fetch gets input i. ctx is cancelled when the run ends early.
	Fetch func(ctx context.Context, i int) (T, error)
	// Received, when set, is called as each outcome arrives, in completion
	// order (for a progress bar).
	Received func(i int, err error)
	// Emit is called for every outcome, in input order. An error from it
	// ends the run: fanOut cancels the rest and returns that error
	// (errEnough for a successful early end).
	Emit func(i int, v T, err error) error
	// Fatal, when set, reports a fetch error that ends the whole run at
	// once, such as a 401: fanOut cancels the rest and returns it without
	// emitting it or anything after.
	Fatal func(error) bool
}

type outcome[T any] struct {
	i   int
	v   T
	err error
}

// run processes inputs 0..n-1. It returns the error that ended the run
// early (from Emit, Fatal or ctx), or nil once every outcome was emitted.
func (f fanOut[T]) run(parent context.Context, n int) error {
	workers := max(f.Workers, 1)
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	window := 2 * workers
	tokens := make(chan struct{}, window) // one per input dispatched but not yet emitted
	results := f.start(ctx, n, workers, tokens)
	e := emitter[T]{f: f, pending: make(map[int]outcome[T], window), tokens: tokens}
	var stop error
	for r := range results {
		if stop != nil {
			continue // draining: cancelled fetches are returning
		}
		if stop = e.receive(parent, r); stop != nil {
			cancel()
		}
	}
	if stop != nil {
		return stop
	}
	return parent.Err()
}

// start dispatches inputs 0..n-1, each once a token is free, to at most
// workers fetching goroutines, and returns the channel of their outcomes,
// closed once every goroutine is done. Everything stops dispatching when
// ctx ends.
func (f fanOut[T]) start(ctx context.Context, n, workers int, tokens chan<- struct{}) <-chan outcome[T] {
	jobs := make(chan int)                        // inputs for workers
	results := make(chan outcome[T], cap(tokens)) // never blocks: at most window outstanding
	go func() {
		defer close(jobs)
		for i := range n {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				v, err := f.Fetch(ctx, i)
				results <- outcome[T]{i: i, v: v, err: err}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}

// emitter puts outcomes back in input order for Emit, on the goroutine
// that called run.
type emitter[T any] struct {
	f       fanOut[T]
	pending map[int]outcome[T] // arrived, waiting for an earlier input
	next    int                // the input to emit next
	tokens  <-chan struct{}
}

// receive takes one outcome as it arrives: it reports it to Received,
// ends the run on a Fatal error or a cancelled parent, and otherwise emits
// every outcome that is now next in order. The error returned ends the
// run.
func (e *emitter[T]) receive(parent context.Context, r outcome[T]) error {
	if err := parent.Err(); err != nil {
		return err
	}
	if e.f.Received != nil {
		e.f.Received(r.i, r.err)
	}
	if r.err != nil && e.f.Fatal != nil && e.f.Fatal(r.err) {
		return r.err
	}
	e.pending[r.i] = r
	for {
		o, ok := e.pending[e.next]
		if !ok {
			return nil
		}
		delete(e.pending, e.next)
		e.next++
		<-e.tokens // frees a place in the window for the dispatcher
		if err := e.f.Emit(o.i, o.v, o.err); err != nil {
			return err
		}
	}
}

// fetchSessionsOf is the Fetch of a fan-out over user IDs: the sessions of
// ids[i], with a failure naming the user. sessions list and sessions audit
// share it.
func fetchSessionsOf(client *api.Client, ids []string) func(context.Context, int) (*api.SessionsResponse, error) {
	return func(ctx context.Context, i int) (*api.SessionsResponse, error) {
		resp, err := client.GetSessions(ctx, ids[i])
		return resp, wrap(err, "listing sessions of user %s", ids[i])
	}
}
