// Package sessionpick lets a person choose sessions on a terminal: one
// line per session (short ID, device, IP, factors, last activity, a mark
// on those the audit flags), arrow keys to move, space to choose, / to
// filter, Enter to go on. It takes rows and returns the chosen session
// IDs; it knows nothing of commands, flags or exit codes. It reads keys
// from a terminal in raw mode and draws inline on another stream (stderr),
// erasing itself when done, so that what the command prints next follows
// the command line.
//
// It runs on Bubble Tea v2 (charm.land/bubbletea/v2), which does raw mode,
// key decoding, resizing and drawing. Not on Bubble Tea v1 or huh v1: v1's
// package init (tea_init.go) calls lipgloss.HasDarkBackground(), which asks
// the terminal for its background colour on every run of any binary that
// links it, whatever the command (5 s under script(1); see the README's
// Performance section). v2 has no init that touches the terminal, and its
// module paths do not clash with the lipgloss v1 the rest of stytchctl uses.
package sessionpick

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
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
	// while the picker runs and restored after, and nothing typed after
	// the picker ends is read; anything else (tests) is read as the bytes
	// a terminal in raw mode sends, one Read at a time, and its end ends
	// the picker with ErrAborted. An ESC at the end of a Read is the
	// Escape key; followed by a key in the same Read, it is that key with
	// Alt, as terminals send it.
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
	w, h := screenSize(o)
	p := &program{m: newModel(rows, o.Multi, w, h), title: o.Title, now: o.Now,
		st: newStyles(o.Out, o.Color), ascii: o.ASCII}
	profile := colorprofile.Ascii
	if o.Color {
		profile = colorprofile.ANSI256
	}
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithWindowSize(w, h),
		tea.WithColorProfile(profile), tea.WithoutSignalHandler()}
	if f, ok := o.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		opts = append(opts, tea.WithInput(f), tea.WithOutput(o.Out))
	} else {
		p.feed = newKeyFeed(o.In)
		defer p.feed.close()
		opts = append(opts, tea.WithInput(p.feed), tea.WithOutput(&firstDraw{w: o.Out, drawn: p.feed.drawn}))
	}
	_, err := tea.NewProgram(p, opts...).Run()
	switch {
	case ctx.Err() != nil || (err == nil && p.out == going):
		return nil, ErrInterrupted
	case err != nil:
		return nil, fmt.Errorf("running the session picker: %w", err)
	}
	ids, _, err := p.m.finish(p.out)
	return ids, err
}

// program is the picker as a Bubble Tea model: keys go to the model, the
// model's view comes out, until a key ends the picking (out).
type program struct {
	m     *model
	title string
	now   time.Time
	st    styles
	ascii bool
	out   outcome
	feed  *keyFeed // nil on a terminal
}

// Init starts nothing: the picker waits for keys.
func (p *program) Init() tea.Cmd { return nil }

// Update applies a key press, a resize or the end of the input, and
// quits once the picking has ended; later messages change nothing.
func (p *program) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if p.out != going {
		return p, nil
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		p.out = p.m.handle(keyOf(msg))
	case tea.WindowSizeMsg:
		p.m.width, p.m.height = msg.Width, msg.Height
		p.m.moveTo(p.m.cursor)
	case tea.FocusMsg: // keyFeed's handledMark
		if p.feed != nil {
			p.feed.more()
		}
	case tea.BlurMsg: // keyFeed's endMark
		if p.feed != nil {
			p.out = aborted
		}
	}
	if p.out != going {
		return p, tea.Quit
	}
	return p, nil
}

// View is the model's screen, in ASCII glyphs when asked; empty once the
// picking has ended, so that the picker erases itself.
func (p *program) View() tea.View {
	if p.out != going {
		return tea.NewView("")
	}
	frame := strings.Join(p.m.view(p.title, p.now, p.st), "\n")
	if p.ascii {
		frame = string(render.ASCIIGlyphs([]byte(frame)))
	}
	return tea.NewView(frame)
}

// keyFeed gives Bubble Tea the keys of an input that is not a terminal
// (a test's), one Read of it at a time, as a terminal would have them:
// Bubble Tea reads ahead, and cannot take back a read of such an input
// when the picker ends, so it would take keys meant for what follows the
// picker (the confirmation). Each Read's bytes are followed by
// handledMark, and the next Read of the input waits until the picker has
// handled that mark, that is every key before it, and still wants keys.
// The end of the input is endMark, after which nothing is read. The first
// Read waits for the first screen, as a person reads it before typing;
// Bubble Tea draws at most 60 frames a second, so the screens between
// keys typed at once may not all be drawn.
type keyFeed struct {
	in     io.Reader
	wanted chan struct{} // a token: read the input once more
	drawn  chan struct{} // closed once the first screen is drawn
	done   chan struct{} // closed when the picker returns
	ended  bool
}

// firstDraw writes to w, closing drawn after the first write.
type firstDraw struct {
	w     io.Writer
	drawn chan struct{}
	once  sync.Once
}

func (d *firstDraw) Write(b []byte) (int, error) {
	n, err := d.w.Write(b)
	d.once.Do(func() { close(d.drawn) })
	return n, err
}

// The marks are a focus report and a blur report, which Bubble Tea
// decodes as tea.FocusMsg and tea.BlurMsg; the picker asks the terminal
// for no focus reports, and a keyFeed is not a terminal.
const (
	handledMark = "\x1b[I"
	endMark     = "\x1b[O"
)

func newKeyFeed(in io.Reader) *keyFeed {
	f := &keyFeed{in: in, wanted: make(chan struct{}, 1), drawn: make(chan struct{}), done: make(chan struct{})}
	f.wanted <- struct{}{}
	return f
}

// Read waits until the picker wants keys, then reads the input once and
// returns what it gave with handledMark, or endMark once it ends. After
// the picker returns it reads nothing and returns io.EOF.
func (f *keyFeed) Read(b []byte) (int, error) {
	if len(b) <= len(handledMark) {
		return 0, io.ErrShortBuffer
	}
	for _, ch := range []chan struct{}{f.drawn, f.wanted} {
		select {
		case <-ch:
		case <-f.done:
			return 0, io.EOF
		}
	}
	if f.ended {
		<-f.done
		return 0, io.EOF
	}
	n, err := f.in.Read(b[:len(b)-len(handledMark)])
	if err != nil {
		f.ended = true
		return n + copy(b[n:], endMark), nil
	}
	return n + copy(b[n:], handledMark), nil
}

// more lets the next Read read the input.
func (f *keyFeed) more() {
	select {
	case f.wanted <- struct{}{}:
	default:
	}
}

// close ends every Read, waiting or to come.
func (f *keyFeed) close() { close(f.done) }

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
