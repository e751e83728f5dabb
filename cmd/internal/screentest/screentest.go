// Package screentest shows tests what a person sees on a terminal that a
// program drew on: the bytes written go through a terminal emulator
// (charmbracelet/x/vt), and each write's result is read back as lines of
// text, or of text with its colours.
package screentest

import (
	"bytes"
	"io"
	"strings"
	"sync"

	"github.com/charmbracelet/x/vt"
)

// Recorder is an io.Writer that keeps each write apart, safe to write
// from one goroutine while another reads it after the writing ended.
type Recorder struct {
	mu     sync.Mutex
	writes [][]byte
}

func (r *Recorder) Write(b []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.writes = append(r.writes, append([]byte(nil), b...))
	return len(b), nil
}

// String is everything written.
func (r *Recorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, w := range r.writes {
		b.Write(w)
	}
	return b.String()
}

// Writes are the writes, in order.
func (r *Recorder) Writes() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.writes
}

// Screen is a terminal's screen after a write.
type Screen struct {
	// Text is the screen's lines, trailing spaces and empty lines at the
	// end left out; Styled is the same with colours and attributes as
	// escape sequences.
	Text, Styled string
}

// Screens feeds the writes, one by one, to a terminal of width×height and
// returns the screen after each one that changed it, from the first that
// showed something. A line feed also
// returns the carriage, as a terminal does when it is not in raw mode
// (ONLCR). Answers the terminal gives to queries are dropped.
func Screens(width, height int, writes [][]byte) []Screen {
	e := vt.NewEmulator(width, height)
	go func() { _, _ = io.Copy(io.Discard, e) }()
	defer e.Close()
	var out []Screen
	var last Screen
	for _, w := range writes {
		_, _ = e.Write(bytes.ReplaceAll(w, []byte("\n"), []byte("\r\n")))
		s := Screen{Text: trim(e.String()), Styled: trim(e.Render())}
		if s != last && (len(out) > 0 || s.Text != "") {
			out = append(out, s)
		}
		last = s
	}
	return out
}

// trim drops trailing spaces of each line and empty lines at the end.
func trim(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// ScreensOf is Screens of what was drawn, cut into writes before each
// erasing of the screen below the cursor (ED, ESC [ J), where programs
// start their frames, for when the writes were not kept apart.
func ScreensOf(width, height int, drawn string) []Screen {
	var writes [][]byte
	for i := 0; ; {
		j := strings.Index(drawn[i+1:], "\x1b[J")
		if i >= len(drawn) || j < 0 {
			writes = append(writes, []byte(drawn[i:]))
			break
		}
		writes = append(writes, []byte(drawn[i:i+1+j]))
		i += 1 + j
	}
	return Screens(width, height, writes)
}
