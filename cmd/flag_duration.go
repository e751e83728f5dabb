package cmd

import (
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
)

// durationValue is the pflag.Value of a duration flag (--timeout,
// --interval). It reads a duration as every other duration flag does
// (sessionfilter.ParseDuration: 30s, 2m, 1d, 1d12h), and Go's syntax too,
// negative values included, for the range checks that follow; it writes
// the value back as typed, so that help defaults and messages say 24h and
// 90m where Go would say 24h0m0s and 1h30m0s.
type durationValue struct {
	d    *time.Duration
	text string
}

// newDurationValue is a durationValue writing to d, which it sets to def.
func newDurationValue(d *time.Duration, def time.Duration) *durationValue {
	*d = def
	return &durationValue{d: d, text: api.DurationText(def)}
}

// Set parses s; an error is sessionfilter's, which says what is wanted.
func (v *durationValue) Set(s string) error {
	d, err := sessionfilter.ParseDuration(s)
	if err != nil {
		var goErr error
		if d, goErr = time.ParseDuration(s); goErr != nil {
			return err
		}
	}
	*v.d, v.text = d, s
	return nil
}

// String is the duration as typed, or the default as api.DurationText
// writes it.
func (v *durationValue) String() string { return v.text }

// Type is pflag's name of the value's type.
func (v *durationValue) Type() string { return "duration" }
