package sessionpick

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
	"github.com/stytchctl/stytchctl/render"
)

// styles are the picker's styles, made by one renderer for the writer it
// draws on: 256 colours when colour is on, else none at all. Every styled
// thing has its own glyph too (>, [x], !!, !), so colour is never the only
// cue.
type styles struct {
	title, heading, cursor, chosen, critical, warning, note, dim lipgloss.Style
}

func newStyles(w io.Writer, color bool) styles {
	r := render.NewRenderer(w, color)
	return styles{
		title:    r.NewStyle().Bold(true),
		heading:  r.NewStyle().Bold(true).Foreground(lipgloss.Color("12")),
		cursor:   r.NewStyle().Bold(true),
		chosen:   r.NewStyle().Foreground(lipgloss.Color("2")),
		critical: r.NewStyle().Bold(true).Foreground(lipgloss.Color("1")),
		warning:  r.NewStyle().Foreground(lipgloss.Color("3")),
		note:     r.NewStyle().Foreground(lipgloss.Color("3")),
		dim:      r.NewStyle().Faint(true),
	}
}

// cells is a row's text as shown: sanitised, the time relative.
type cells struct {
	id, device, ip, factors, last string
	// wholeDevice is the device as the line under the list shows it.
	wholeDevice string
}

// rowCells returns r's cells at now.
func rowCells(r Row, now time.Time) cells {
	id := r.Short
	if id == "" {
		id = r.ID
	}
	last := "unknown"
	if !r.LastActive.IsZero() {
		last = render.Relative(r.LastActive, now)
	}
	device := r.Device
	if r.Brief != "" {
		device = r.Brief
	}
	return cells{id: render.Sanitize(id), device: render.Sanitize(device), ip: render.Sanitize(r.IP),
		factors: render.Sanitize(r.Factors), last: last, wholeDevice: render.Sanitize(r.Device)}
}

// layout is the width of each column; 0 leaves a column out.
type layout struct {
	prefix, id, device, ip, factors, last int
}

// Column gap, and the narrowest a shrinking column gets before it goes.
const (
	gap        = 2
	minDevice  = 10
	minFactors = 8
)

// fit lays the columns out in width: the ID and the last activity always
// show whole; the device and the factors shrink, the wider first, to
// share what is left, and go (factors first) when even their narrowest
// does not fit; then the IP goes, never cut. Columns empty on every row
// are left out.
func fit(all []cells, width, prefix int) layout {
	l := layout{prefix: prefix, id: len("Session"), last: len("Last active")}
	for _, c := range all {
		l.id = max(l.id, ansi.StringWidth(c.id))
		l.device = max(l.device, ansi.StringWidth(c.device))
		l.ip = max(l.ip, ansi.StringWidth(c.ip))
		l.factors = max(l.factors, ansi.StringWidth(c.factors))
		l.last = max(l.last, ansi.StringWidth(c.last))
	}
	l.device = widen(l.device, len("Device"))
	l.ip = widen(l.ip, len("IP"))
	l.factors = widen(l.factors, len("Factors"))
	for over := l.total() - width; over > 0; over = l.total() - width {
		switch {
		case l.device > minDevice || l.factors > minFactors:
			l.shrinkFree(over)
		case l.factors > 0:
			l.factors = 0
		case l.device > 0:
			l.device = 0
		case l.ip > 0:
			l.ip = 0
		default:
			return l
		}
	}
	return l
}

// shrinkFree takes up to over columns from the device and the factors,
// from the wider one first, neither below its narrowest.
func (l *layout) shrinkFree(over int) {
	for ; over > 0; over-- {
		switch {
		case l.device > minDevice && l.device >= l.factors:
			l.device--
		case l.factors > minFactors:
			l.factors--
		case l.device > minDevice:
			l.device--
		default:
			return
		}
	}
}

// widen is w made room for its heading, or 0 for an empty column.
func widen(w, heading int) int {
	if w == 0 {
		return 0
	}
	return max(w, heading)
}

// total is the width of a line.
func (l layout) total() int {
	n := l.prefix + l.id
	for _, w := range []int{l.device, l.ip, l.factors, l.last} {
		if w > 0 {
			n += gap + w
		}
	}
	return n
}

// line joins the cells of one line in l's columns, each padded or cut to
// its width.
func (l layout) line(c cells) string {
	var b strings.Builder
	b.WriteString(pad(c.id, l.id))
	for _, col := range []struct {
		text string
		w    int
	}{{c.device, l.device}, {c.ip, l.ip}, {c.factors, l.factors}, {c.last, l.last}} {
		if col.w > 0 {
			b.WriteString(strings.Repeat(" ", gap))
			b.WriteString(pad(col.text, col.w))
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// pad cuts s to w columns (ending in …) or pads it with spaces to w.
func pad(s string, w int) string {
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

// view returns the screen: title, headings, the rows on the screen, the
// findings of the row under the cursor, the status and the keys, each line
// within the width.
func (m *model) view(title string, now time.Time, st styles) []string {
	width := m.width
	if width <= 0 {
		width = 80
	}
	all := make([]cells, len(m.rows))
	for i, r := range m.rows {
		all[i] = rowCells(r, now)
	}
	prefix := len("> ")
	if m.multi {
		prefix += len("[x] ")
	}
	marks := m.marks()
	if marks {
		prefix += len("!! ")
	}
	l := fit(all, width, prefix)
	lines := []string{
		st.title.Render(cut(render.Sanitize(title), width)),
		st.heading.Render(cut(strings.Repeat(" ", prefix)+l.line(cells{id: "Session", device: "Device", ip: "IP", factors: "Factors", last: "Last active"}), width)),
	}
	end := min(m.offset+m.listHeight(), len(m.visible))
	for vi := m.offset; vi < end; vi++ {
		lines = append(lines, m.rowLine(vi, all[m.visible[vi]], l, width, st, marks))
	}
	if len(m.visible) == 0 {
		lines = append(lines, st.dim.Render(cut("  (no session matches the filter)", width)))
	}
	return append(lines, m.detailLine(all, width, st), m.findingsLine(width, st), m.statusLine(width, st),
		st.dim.Render(cut(m.keysHelp(), width)))
}

// marks says whether any row is marked (a warning or worse): the mark
// column is left out otherwise.
func (m *model) marks() bool {
	for _, r := range m.rows {
		if r.Severity >= sessionaudit.Warning {
			return true
		}
	}
	return false
}

// detailLine shows the row under the cursor whole: its ID, device, IP and
// factors, which the list may have cut.
func (m *model) detailLine(all []cells, width int, st styles) string {
	if len(m.visible) == 0 {
		return ""
	}
	c := all[m.visible[m.cursor]]
	parts := []string{c.id}
	for _, p := range []string{c.wholeDevice, c.ip, c.factors} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return st.dim.Render(cut(strings.Join(parts, "  "), width))
}

// rowLine is visible row vi: cursor, check box, mark (when marks) and
// cells.
func (m *model) rowLine(vi int, c cells, l layout, width int, st styles, marks bool) string {
	i := m.visible[vi]
	r := m.rows[i]
	var b strings.Builder
	cursor := vi == m.cursor
	if cursor {
		b.WriteString(st.cursor.Render(">") + " ")
	} else {
		b.WriteString("  ")
	}
	if m.multi {
		if m.chosen[i] {
			b.WriteString(st.chosen.Render("[x]") + " ")
		} else {
			b.WriteString("[ ] ")
		}
	}
	switch {
	case !marks:
	case r.Severity >= sessionaudit.Critical:
		b.WriteString(st.critical.Render("!!") + " ")
	case r.Severity == sessionaudit.Warning:
		b.WriteString(st.warning.Render("! ") + " ")
	default:
		b.WriteString("   ")
	}
	text := cut(l.line(c), width-l.prefix)
	if cursor {
		text = st.cursor.Render(text)
	}
	return b.String() + text
}

// findingsLine says what the audit found about the row under the cursor.
func (m *model) findingsLine(width int, st styles) string {
	if len(m.visible) == 0 {
		return ""
	}
	r := m.rows[m.visible[m.cursor]]
	switch {
	case len(r.Findings) > 0:
	case r.Audited:
		return st.dim.Render(cut("No audit findings.", width))
	default:
		return ""
	}
	text := cut(render.Sanitize(strings.Join(r.Findings, " · ")), width)
	switch r.Severity {
	case sessionaudit.Critical:
		return st.critical.Render(text)
	case sessionaudit.Warning:
		return st.warning.Render(text)
	}
	return text
}

// statusLine counts the choice and shows the filter, or the note.
func (m *model) statusLine(width int, st styles) string {
	if m.note != "" {
		return st.note.Render(cut(m.note, width))
	}
	var parts []string
	if m.multi {
		n := 0
		for _, c := range m.chosen {
			if c {
				n++
			}
		}
		parts = append(parts, fmt.Sprintf("%d of %d chosen", n, len(m.rows)))
	}
	switch {
	case m.filtering:
		parts = append(parts, "filter: "+render.Sanitize(string(m.filter))+"_")
	case len(m.filter) > 0:
		parts = append(parts, "filter: "+render.Sanitize(string(m.filter)))
	}
	if len(m.filter) > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d shown", len(m.visible), len(m.rows)))
	}
	return cut(strings.Join(parts, " · "), width)
}

// keysHelp names the keys of the current mode.
func (m *model) keysHelp() string {
	switch {
	case m.filtering:
		return "type to filter · enter keep · esc clear · up/down move · ctrl+c quit"
	case m.multi:
		return "up/down move · space choose · a all · / filter · enter go on · esc quit"
	}
	return "up/down move · / filter · enter show · esc quit"
}

// cut cuts s to width columns, ending in ….
func cut(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}
