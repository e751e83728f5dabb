package render

import (
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// Progress is a one-line progress bar for runs over many inputs
// (github.com/schollz/progressbar). Commands create it only when stderr is a
// terminal; a nil *Progress is valid and does nothing, so callers need no
// checks. It is not safe for concurrent use: one goroutine reports
// progress and prints everything else.
type Progress struct {
	bar *progressbar.ProgressBar
}

// NewProgress returns a bar of total steps described by what ("users"),
// drawn on w. It draws nothing until the first Add.
func NewProgress(w io.Writer, total int, what string) *Progress {
	if total <= 0 {
		return nil
	}
	return &Progress{bar: progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("Fetching"),
		progressbar.OptionSetItsString(what),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

// Add records n more steps done and redraws the bar (at most ten times a
// second).
func (p *Progress) Add(n int) {
	if p != nil {
		_ = p.bar.Add(n) // a bar that cannot be drawn must not fail the command
	}
}

// Clear erases the bar so that a line can be printed on the same terminal;
// the next Add draws it again.
func (p *Progress) Clear() {
	if p != nil {
		_ = p.bar.Clear()
	}
}

// Done erases the bar for good.
func (p *Progress) Done() {
	if p != nil {
		_ = p.bar.Clear()
		_ = p.bar.Exit()
	}
}
