package api

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/time/rate"
)

// EndpointClass names a group of endpoints that Stytch counts against one
// rate limit. Requests of the zero class have no documented limit.
type EndpointClass string

// The endpoint classes with a documented limit (REFERENCE.md §2.3).
const (
	// ClassUserSearch is POST /v1/users/search: 150 requests per minute.
	ClassUserSearch EndpointClass = "users.search"
	// ClassB2BSearch is POST /v1/b2b/organizations/members/search (and the
	// organizations search, which shares the figure): 100 requests per minute.
	ClassB2BSearch EndpointClass = "b2b.search"
)

// RateLimiter is consulted before every attempt of a request, retries
// included, with the request's class. Wait blocks until the request may be
// sent or ctx ends. One RateLimiter is meant to be shared by every worker of
// a run (and may be shared by several clients), so the limit holds for the
// run as a whole rather than per goroutine.
type RateLimiter interface {
	Wait(ctx context.Context, class EndpointClass) error
}

// Limit is a budget of requests per minute for one class.
type Limit struct {
	// PerMinute is the most requests Stytch accepts in one minute.
	PerMinute int
	// Burst is how many requests may go out back to back before the pace
	// applies. The sustained rate is lowered by Burst so that no 60-second
	// window, and so none of Stytch's fixed one-minute windows, ever sees
	// more than PerMinute requests.
	Burst int
}

// ClassLimiter is a RateLimiter with one token bucket
// (golang.org/x/time/rate) per endpoint class; classes without a bucket are
// not limited. It is safe for concurrent use.
type ClassLimiter struct {
	buckets map[EndpointClass]*rate.Limiter
}

// NewClassLimiter builds a limiter from per-class budgets. A budget whose
// Burst is at least its PerMinute, or whose PerMinute is not positive, is an
// error: such a bucket could not keep its promise.
func NewClassLimiter(limits map[EndpointClass]Limit) (*ClassLimiter, error) {
	l := &ClassLimiter{buckets: make(map[EndpointClass]*rate.Limiter, len(limits))}
	for class, lim := range limits {
		burst := lim.Burst
		if burst <= 0 {
			burst = 1
		}
		if lim.PerMinute <= 0 || burst >= lim.PerMinute {
			return nil, fmt.Errorf("rate limit for %s: want 0 < burst < per-minute, got burst %d, per-minute %d", class, burst, lim.PerMinute)
		}
		// A bucket of size b refilled at r tokens per second lets through at
		// most b + 60r requests in any 60 seconds; choose r so that this is
		// exactly PerMinute.
		every := time.Minute / time.Duration(lim.PerMinute-burst)
		l.buckets[class] = rate.NewLimiter(rate.Every(every), burst)
	}
	return l, nil
}

// StytchLimits are the documented limits with a burst of 10: at most 150
// user searches and 100 B2B searches in any minute.
func StytchLimits() map[EndpointClass]Limit {
	return map[EndpointClass]Limit{
		ClassUserSearch: {PerMinute: 150, Burst: 10},
		ClassB2BSearch:  {PerMinute: 100, Burst: 10},
	}
}

// NewStytchLimiter returns a ClassLimiter with [StytchLimits].
func NewStytchLimiter() *ClassLimiter {
	l, err := NewClassLimiter(StytchLimits())
	if err != nil {
		panic("api: StytchLimits are invalid: " + err.Error())
	}
	return l
}

// Wait blocks until a request of class may be sent. Classes without a
// bucket return at once. A cancelled context returns ctx.Err() itself, so
// callers see context.Canceled as they would anywhere else.
func (l *ClassLimiter) Wait(ctx context.Context, class EndpointClass) error {
	b := l.buckets[class]
	if b == nil {
		return ctx.Err()
	}
	if err := b.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// The context's deadline comes before the next free slot.
		return fmt.Errorf("waiting for the %s rate limit: %w", class, err)
	}
	return nil
}
