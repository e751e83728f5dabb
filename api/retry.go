package api

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/cenkalti/backoff/v5"
)

// RetryPolicy bounds how a request is retried after a 429, a 5xx, a timeout
// or a connection error. Zero fields take the defaults noted on each.
type RetryPolicy struct {
	// MaxAttempts is the total number of tries, the first included (default 4).
	MaxAttempts int
	// MaxWait bounds the total time spent sleeping between tries (default
	// 8s). A Retry-After longer than what is left ends the retries at once.
	MaxWait time.Duration
	// Initial is the first backoff interval before jitter (default 250ms).
	Initial time.Duration
	// Max caps one backoff interval (default 4s).
	Max time.Duration
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 4
	}
	if p.MaxWait <= 0 {
		p.MaxWait = 8 * time.Second
	}
	if p.Initial <= 0 {
		p.Initial = 250 * time.Millisecond
	}
	if p.Max <= 0 {
		p.Max = 4 * time.Second
	}
	return p
}

// newBackOff returns exponential backoff with ±50% jitter for one request.
func (p RetryPolicy) newBackOff() *backoff.ExponentialBackOff {
	b := backoff.NewExponentialBackOff()
	b.InitialInterval = p.Initial
	b.MaxInterval = p.Max
	b.Multiplier = 2
	b.RandomizationFactor = 0.5
	b.Reset()
	return b
}

// history is what the attempts of one request have met so far.
type history struct {
	attempts int
	last     error   // the latest attempt's error
	earlier  []error // every failed attempt's error but the last
	waited   time.Duration
	bo       *backoff.ExponentialBackOff
}

// failed records the error of the attempt just made.
func (h *history) failed(err error) {
	if h.last != nil {
		h.earlier = append(h.earlier, h.last)
	}
	h.last = err
}

// final is the error of a request given up after its last attempt: that
// attempt's error, with the number of attempts and, for an *Error, the
// earlier attempts' errors.
func (h *history) final() error {
	err := withAttempts(h.last, h.attempts)
	if ae, ok := AsError(err); ok {
		ae.Earlier = h.earlier
	}
	return err
}

// retryWait reports whether the request is tried again after its last
// failure, and how long to wait first: the server's Retry-After when it
// sent one, else the next backoff interval. It is false when that error is
// not worth retrying, the attempts are used up, or the wait would take the
// total past MaxWait; otherwise the wait counts towards that total.
func (c *Client) retryWait(h *history, retryAfter time.Duration) (time.Duration, bool) {
	if !retryable(h.last) || h.attempts >= c.retry.MaxAttempts {
		return 0, false
	}
	wait := h.bo.NextBackOff()
	if retryAfter > 0 {
		wait = retryAfter
	}
	if h.waited+wait > c.retry.MaxWait {
		return 0, false
	}
	h.waited += wait
	return wait, true
}

// sleep waits for d, or returns ctx's error as soon as ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// parseRetryAfter reads a Retry-After value in seconds or as an HTTP date.
// It returns 0 when the header is absent or unusable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// Pacer is shared by every worker of one run. When any request is rate
// limited it pauses all of them until the server's Retry-After (or the
// backoff) has passed, so concurrent workers slow down together instead of
// each hammering the API on its own schedule. The zero value is ready.
type Pacer struct {
	mu    sync.Mutex
	until time.Time
}

// Pause holds every request that has not started yet for at least d.
func (p *Pacer) Pause(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t := time.Now().Add(d); t.After(p.until) {
		p.until = t
	}
}

// Wait blocks until no pause is in force or ctx ends.
func (p *Pacer) Wait(ctx context.Context) error {
	for {
		p.mu.Lock()
		d := time.Until(p.until)
		p.mu.Unlock()
		if d <= 0 {
			return ctx.Err()
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

// WithPacer returns a copy of c whose requests all wait on p, and pause it
// when rate limited. Commands that fan out over many inputs share one Pacer
// between their workers this way without rebuilding the client. The copy
// shares c's HTTP client and settings; c itself is unchanged.
func (c *Client) WithPacer(p *Pacer) *Client {
	cp := *c
	cp.pacer = p
	return &cp
}
