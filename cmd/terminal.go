package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/stytchctl/stytchctl/render"
)

// defaultPager pages long human tables when neither STYTCHCTL_PAGER nor
// PAGER is set: -F leaves a table that fits the screen, -R passes colour
// through, -X leaves the table on the screen after q.
const defaultPager = "less -FRX"

// forceTTY reads STYTCHCTL_FORCE_TTY: any value but "", "0", "false" and
// "no" makes stdout count as a terminal (the human table through a pipe,
// as gh's GH_FORCE_TTY does), and a number other than 1 is the width to
// draw at.
func forceTTY(lookup func(string) (string, bool)) (on bool, width int) {
	v, _ := lookup("STYTCHCTL_FORCE_TTY")
	v = strings.TrimSpace(v)
	switch strings.ToLower(v) {
	case "", "0", "false", "no":
		return false, 0
	}
	if n, err := strconv.Atoi(v); err == nil && n > 1 {
		return true, n
	}
	return true, 0
}

// termWidth is the width human output is drawn at: the forced width, else
// the first size a terminal reports (stdout's, then stderr's), else
// $COLUMNS (which watch(1) and some shells export), else 0: unknown.
func termWidth(forced int, lookup func(string) (string, bool), sizes ...func() (int, error)) int {
	if forced > 0 {
		return forced
	}
	for _, size := range sizes {
		if w, err := size(); err == nil && w > 0 {
			return w
		}
	}
	if v, ok := lookup("COLUMNS"); ok {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n > 0 {
			return n
		}
	}
	return 0
}

// asciiGlyphs reports whether the locale cannot show the glyphs of human
// output (see render.UTF8Locale).
func (a *app) asciiGlyphs() bool {
	return !render.UTF8Locale(a.deps.LookupEnv)
}

// terminalText is s as a terminal of this locale shows it: the glyphs in
// ASCII under a non-UTF-8 locale. Every human view goes through it (or
// through humanOutput, which applies it), so the choice is made once.
func (a *app) terminalText(s string) string {
	if !a.asciiGlyphs() {
		return s
	}
	return string(render.ASCIIGlyphs([]byte(s)))
}

// pagerCommand is the pager of long human tables, or "" for none:
// --no-pager, then STYTCHCTL_PAGER, then PAGER, then less -FRX. A variable
// that is set but empty turns paging off.
func (a *app) pagerCommand() string {
	if a.noPager {
		return ""
	}
	for _, k := range []string{"STYTCHCTL_PAGER", "PAGER"} {
		if v, ok := a.deps.LookupEnv(k); ok {
			return strings.TrimSpace(v)
		}
	}
	return defaultPager
}

// humanOutput holds a human view for stdout until it is complete, then
// shows it: through the pager when it is longer than the terminal is
// high, else directly; with ASCII glyphs under a non-UTF-8 locale. A
// terminal table is held whole in memory anyway (its columns are sized
// from every row), so holding its text costs little.
type humanOutput struct {
	a   *app
	buf bytes.Buffer
}

// humanOut returns the writer of a human view on stdout; finish shows
// what was written to it.
func (a *app) humanOut() *humanOutput {
	return &humanOutput{a: a}
}

func (h *humanOutput) Write(p []byte) (int, error) { return h.buf.Write(p) }

// finish shows the view. The pager runs only when stdout is a terminal
// that reports its height (never through a pipe, STYTCHCTL_FORCE_TTY or
// not), and the view has more lines than fit on it with the prompt.
func (h *humanOutput) finish() error {
	out := h.buf.Bytes()
	h.buf = bytes.Buffer{}
	if len(out) == 0 {
		return nil
	}
	if h.a.asciiGlyphs() {
		out = render.ASCIIGlyphs(out)
	}
	d := h.a.deps
	if pager := h.a.pagerCommand(); pager != "" && d.StdoutTTY && d.TermHeight != nil {
		if height := d.TermHeight(); height > 0 && screenLines(out, d.TermWidth) >= height {
			return h.a.page(pager, out)
		}
	}
	_, err := d.Stdout.Write(out)
	return err
}

// screenLines is how many terminal rows text takes, counting a line wider
// than the terminal as the rows it wraps onto.
func screenLines(text []byte, width func() int) int {
	w := 0
	if width != nil {
		w = width()
	}
	n := 0
	for _, line := range bytes.Split(bytes.TrimSuffix(text, []byte("\n")), []byte("\n")) {
		rows := 1
		if lw := ansi.StringWidth(string(line)); w > 0 && lw > w {
			rows = (lw + w - 1) / w
		}
		n += rows
	}
	return n
}

// page shows out through the pager command (run by the shell, as git and
// gh do) and waits for it to end. Its exit status is its own business (q
// in less is not a failure of stytchctl), except that a pager that could
// not be run (126, 127, or no shell) leaves out printed directly, with a
// warning, rather than lost.
func (a *app) page(command string, out []byte) error {
	c := pagerCmd(command)
	c.Stdin = bytes.NewReader(out)
	c.Stdout, c.Stderr = a.deps.Stdout, a.deps.Stderr
	c.Env = os.Environ()
	if _, ok := a.deps.LookupEnv("LESS"); !ok {
		c.Env = append(c.Env, "LESS=FRX") // colour and no screen clearing for a bare "less" too
	}
	if _, ok := a.deps.LookupEnv("LV"); !ok {
		c.Env = append(c.Env, "LV=-c")
	}
	a.deps.paging.Store(true)
	err := c.Run()
	a.deps.paging.Store(false)
	var exit *exec.ExitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &exit) && exit.ExitCode() != 126 && exit.ExitCode() != 127:
		return nil
	}
	fmt.Fprintf(a.deps.Stderr, "stytchctl: warning: the pager %q could not be run (%v); printing directly (set STYTCHCTL_PAGER, or use --no-pager)\n", command, err)
	_, werr := a.deps.Stdout.Write(out)
	return werr
}

// pagerCmd is the command that runs the pager command line.
func pagerCmd(command string) *exec.Cmd {
	if runtime.GOOS == "windows" {
		f := strings.Fields(command)
		return exec.Command(f[0], f[1:]...)
	}
	return exec.Command("sh", "-c", command)
}

// pagedPrinter is a list printer whose terminal table is shown through
// humanOutput when the printer closes.
type pagedPrinter[T any] struct {
	render.Printer[T]
	out *humanOutput
}

func (p pagedPrinter[T]) Close(ctx context.Context) error {
	err := p.Printer.Close(ctx)
	if ferr := p.out.finish(); err == nil {
		err = ferr
	}
	return err
}
