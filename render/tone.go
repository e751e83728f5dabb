package render

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Tone is how a table cell is coloured on a colour terminal. Colours are
// the terminal's own basic ones, so its theme (light or dark) decides the
// shade, and no tone is the only cue: the cell's words say the same.
type Tone int

// The tones. ToneNone leaves a cell as it is.
const (
	ToneNone Tone = iota
	// ToneAlert is red: what needs acting on now (a critical finding).
	ToneAlert
	// ToneCaution is yellow: what deserves a look (a warning).
	ToneCaution
	// ToneDim is faint: what is only for information.
	ToneDim
)

// Toned is a table cell of text with a tone. Piped and machine formats
// print Text alone; a colour terminal prints it coloured.
type Toned struct {
	Text string
	Tone Tone
}

// String is the text without colour: what fmt.Sprint, TSV and CSV print.
func (t Toned) String() string { return t.Text }

// toneRenderer styles tones in 256-colour ANSI whatever the output is: the
// caller has decided colour is wanted (TableOptions.Color).
var toneRenderer = func() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	return r
}()

// human is the terminal form of t: sanitised text, coloured when color is
// set and the text is not empty.
func (t Toned) human(color bool) string {
	s := Sanitize(t.Text)
	if s == "" {
		return "-"
	}
	if !color {
		return s
	}
	st := toneRenderer.NewStyle()
	switch t.Tone {
	case ToneAlert:
		st = st.Foreground(lipgloss.Color("1"))
	case ToneCaution:
		st = st.Foreground(lipgloss.Color("3"))
	case ToneDim:
		st = st.Faint(true)
	default:
		return s
	}
	return st.Render(s)
}

// NewRenderer is the lipgloss renderer every styled view of stytchctl
// writes to w with: 256 colours when color, else no styling at all (the
// styles then render as plain text). It never queries the terminal.
func NewRenderer(w io.Writer, color bool) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(w)
	if color {
		r.SetColorProfile(termenv.ANSI256)
	} else {
		r.SetColorProfile(termenv.Ascii)
	}
	return r
}
