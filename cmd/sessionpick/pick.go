// Package sessionpick lets a person choose sessions on a terminal: one
// line per session (short ID, device, IP, factors, last activity, a mark
// on those the audit flags), arrow keys to move, space to choose, / to
// filter, Enter to go on. It takes rows and returns the chosen session
// IDs; it knows nothing of commands, flags or exit codes. It reads keys
// from a terminal in raw mode and draws inline on another stream (stderr),
// erasing itself when done, so that what the command prints next follows
// the command line.
//
// It is written on golang.org/x/term rather than Bubble Tea v1, whose
// package init asks the terminal for its background colour on every run
// of any binary that links it (see the README's start-up section).
package sessionpick

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
)

// ErrInterrupted is returned when the person pressed Ctrl-C (or ctx was
// cancelled) while choosing; ErrAborted when they left with Esc or q, or
// the input ended. Nothing was chosen either way.
var (
	ErrInterrupted = errors.New("interrupted while choosing sessions")
	ErrAborted     = errors.New("no session was chosen")
)

// Options say what the picker asks and where it reads and draws.
type Options struct {
	// Title is the first line ("Choose sessions of user alice-42 to
	// revoke").
	Title string
	// Multi chooses any number of sessions with space (at least one);
	// else Enter takes the one under the cursor.
	Multi bool
	// In gives the key presses. A terminal (*os.File) is put in raw mode
	// while the picker runs and restored after; anything else is read as
	// the bytes a terminal in raw mode sends (tests).
	In io.Reader
	// Out is where the picker draws: the terminal, on stderr.
	Out io.Writer
	// Width and Height are the screen's size when Out is not a terminal
	// that reports its own (0 means 80 by 24).
	Width, Height int
	// Color styles the picker (NO_COLOR is the caller's to apply);
	// ASCII draws its glyphs in ASCII (render.ASCIIGlyphs).
	Color, ASCII bool
	// Now is the clock of the relative times.
	Now time.Time
}

// Pick shows rows and returns the IDs of those chosen, in the order of
// rows, or ErrInterrupted or ErrAborted. No rows returns nil at once,
// drawing nothing. Rows without a Short ID get the short ID that is
// unique among rows (sessionview.ShortIDs).
func Pick(ctx context.Context, rows []Row, o Options) ([]string, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	rows = withShortIDs(rows)
	restore, err := rawMode(o.In)
	if err != nil {
		return nil, fmt.Errorf("opening the session picker: %w", err)
	}
	defer restore()
	resized, stop := notifyResize()
	defer stop()
	w, h := screenSize(o)
	m := newModel(rows, o.Multi, w, h)
	scr := &screen{w: o.Out, ascii: o.ASCII}
	scr.begin()
	defer scr.end()
	st := newStyles(o.Out, o.Color)
	keys := &keyReader{in: o.In, ch: make(chan readResult, 1)}
	var queue []key // read but not handled yet: one frame per key
	var inputErr error
	for dirty := true; ; {
		if dirty {
			scr.draw(m.view(o.Title, o.Now, st))
			dirty = false
		}
		if len(queue) > 0 {
			k := queue[0]
			queue = queue[1:]
			if ids, end, err := m.finish(m.handle(k)); end {
				return ids, err
			}
			dirty = true
			continue
		}
		if inputErr != nil {
			return nil, ErrAborted
		}
		select {
		case <-ctx.Done():
			return nil, ErrInterrupted
		case <-resized:
			m.width, m.height = screenSize(o)
			m.moveTo(m.cursor)
			scr.clear()
			dirty = true
		case r := <-keys.next():
			keys.pending = false
			queue, inputErr = parseKeys(r.b), r.err
		}
	}
}

// finish says whether the outcome of a key ends the picking, and with
// what: the IDs chosen, or why there are none.
func (m *model) finish(o outcome) (ids []string, end bool, err error) {
	switch o {
	case done:
		return m.picked(), true, nil
	case aborted:
		return nil, true, ErrAborted
	case interrupted:
		return nil, true, ErrInterrupted
	}
	return nil, false, nil
}

// withShortIDs returns rows, copied, with Short set where it is empty.
func withShortIDs(rows []Row) []Row {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	short := sessionview.ShortIDs(ids)
	out := slices.Clone(rows)
	for i := range out {
		if out[i].Short == "" {
			out[i].Short = short[out[i].ID]
		}
	}
	return out
}

// rawMode puts in in raw mode when it is a terminal, and returns the
// function that restores it.
func rawMode(in io.Reader) (func(), error) {
	f, ok := in.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return func() {}, nil
	}
	state, err := term.MakeRaw(int(f.Fd()))
	if err != nil {
		return nil, err
	}
	return func() { _ = term.Restore(int(f.Fd()), state) }, nil
}

// screenSize is the size of the terminal Out is, else o's, else 80×24.
func screenSize(o Options) (width, height int) {
	width, height = o.Width, o.Height
	if f, ok := o.Out.(*os.File); ok {
		if w, h, err := term.GetSize(int(f.Fd())); err == nil && w > 0 && h > 0 {
			width, height = w, h
		}
	}
	if width <= 0 {
		width = 80
	}
	if height <= 0 {
		height = 24
	}
	return width, height
}

// readResult is what one Read of the input gave.
type readResult struct {
	b   []byte
	err error
}

// keyReader reads the input one Read at a time, on a goroutine so that
// Ctrl-C from elsewhere (ctx) and resizes are seen while it waits. A Read
// starts only when the picker asks for keys, so none is left waiting
// after the picker returns on a key: the input is the command's again
// (the confirmation prompt reads it next).
type keyReader struct {
	in      io.Reader
	ch      chan readResult
	pending bool
}

// next returns the channel on which the next read arrives, starting the
// read if none is under way.
func (r *keyReader) next() <-chan readResult {
	if !r.pending {
		r.pending = true
		go func() {
			buf := make([]byte, 256)
			n, err := r.in.Read(buf)
			r.ch <- readResult{buf[:n], err}
		}()
	}
	return r.ch
}

// screen draws frames inline: each frame replaces the one before it,
// from the line the first one started on.
type screen struct {
	w     io.Writer
	ascii bool
	lines int // lines of the frame on the screen
}

// begin hides the cursor.
func (s *screen) begin() { io.WriteString(s.w, "\x1b[?25l") }

// end erases the frame and shows the cursor again.
func (s *screen) end() {
	io.WriteString(s.w, s.home()+"\x1b[J\x1b[?25h")
	s.lines = 0
}

// clear erases the whole screen and draws the next frame at its top:
// after a resize the lines of the last frame may have wrapped, so going
// back up over them is not reliable.
func (s *screen) clear() {
	io.WriteString(s.w, "\x1b[H\x1b[2J")
	s.lines = 0
}

// home moves the cursor to the start of the frame's first line.
func (s *screen) home() string {
	if s.lines <= 1 {
		return "\r"
	}
	return fmt.Sprintf("\r\x1b[%dA", s.lines-1)
}

// draw replaces the frame with lines. Lines end with CR LF: a terminal in
// raw mode does not turn LF into a new line.
func (s *screen) draw(lines []string) {
	frame := s.home() + "\x1b[J" + strings.Join(lines, "\r\n")
	if s.ascii {
		frame = string(render.ASCIIGlyphs([]byte(frame)))
	}
	io.WriteString(s.w, frame)
	s.lines = len(lines)
}
