package sessionview

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// Timeline cells: the part of a session's life before its last activity,
// the idle part from then until now, and the part still to come; "●" marks
// the last activity and "│" now.
const (
	cellActive = '━'
	cellIdle   = '┄'
	cellFuture = '─'
	markLast   = '●'
	markNow    = '│'
)

// TimelineCells draws one session's life, started → expires, in width
// cells: a cell is active before last_accessed_at, idle from then until
// now and future after now; the cell holding the last activity shows ●
// and the one holding now │ (the last activity wins when they share one). It returns ""
// when the session lacks a start or an expiry, or they are out of order.
func TimelineCells(s api.Session, now time.Time, width int) string {
	start, end := s.StartedAt, s.ExpiresAt
	if width < 3 || start.IsZero() || end.IsZero() || !end.After(start) {
		return ""
	}
	span := end.Sub(start)
	cell := func(t time.Time) int {
		i := int(float64(t.Sub(start)) / float64(span) * float64(width))
		return min(max(i, 0), width-1)
	}
	last := s.LastAccessedAt
	if last.IsZero() {
		last = start
	}
	cells := make([]rune, width)
	for i := range cells {
		t := start.Add(time.Duration((float64(i) + 0.5) / float64(width) * float64(span)))
		switch {
		case t.Before(last):
			cells[i] = cellActive
		case t.Before(now):
			cells[i] = cellIdle
		default:
			cells[i] = cellFuture
		}
	}
	if !now.Before(start) && now.Before(end) {
		cells[cell(now)] = markNow
	}
	if !s.LastAccessedAt.IsZero() {
		cells[cell(s.LastAccessedAt)] = markLast
	}
	return string(cells)
}

// DevicesView is how `sessions devices` draws device groups on a terminal.
type DevicesView struct {
	Now   time.Time
	Color bool
	// Width is the terminal width; 0 means 100.
	Width int
	// ShortIDs, when set, are the session IDs to show (see ShortIDs).
	ShortIDs map[string]string
}

// Write draws every group: a heading with the device, then its IPs and
// factors, then one line per session with its ID, factors and timeline
// (started → now → expires, last activity marked) and the times in words.
// Text from the API is sanitised.
func (v DevicesView) Write(w io.Writer, groups []DeviceGroup) error {
	st := newDevicesStyles(w, v.Color)
	width := v.Width
	if width <= 0 {
		width = 100
	}
	barWidth := min(max(width-70, 12), 40)

	var b strings.Builder
	for gi, g := range groups {
		if gi > 0 {
			b.WriteString("\n")
		}
		v.writeGroup(&b, st, g, barWidth)
	}
	if len(groups) > 0 {
		fmt.Fprintf(&b, "\n%s\n", st.dim.Render("timeline: started "+string(cellActive)+" active "+string(markLast)+" last active "+
			string(cellIdle)+" idle "+string(markNow)+" now "+string(cellFuture)+" expires"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeGroup draws one device: its heading, IPs and factors, then its
// sessions with their IDs padded to one width.
func (v DevicesView) writeGroup(b *strings.Builder, st devicesStyles, g DeviceGroup, barWidth int) {
	n := len(g.Sessions)
	plural := "s"
	if n == 1 {
		plural = ""
	}
	b.WriteString(st.heading.Render(render.Sanitize(g.Label)))
	fmt.Fprintf(b, "  %s\n", st.dim.Render(fmt.Sprintf("%d session%s", n, plural)))
	switch {
	case g.Locations != nil:
		writeLocatedIPs(b, st, g)
	case len(g.IPAddresses) > 0:
		fmt.Fprintf(b, "  IPs:     %s\n", render.Sanitize(strings.Join(g.IPAddresses, ", ")))
	}
	if len(g.Factors) > 0 {
		fmt.Fprintf(b, "  Factors: %s\n", render.Sanitize(strings.Join(g.Factors, ", ")))
	}
	idWidth := 0
	for _, s := range g.Sessions {
		idWidth = max(idWidth, len([]rune(render.Sanitize(v.sessionID(s.SessionID)))))
	}
	for _, s := range g.Sessions {
		v.writeSession(b, st, s, idWidth, barWidth)
	}
}

// writeSession draws one session: its ID padded to idWidth, its timeline
// barWidth wide (blank when it has none) and its times, then its factors
// on a line of their own.
func (v DevicesView) writeSession(b *strings.Builder, st devicesStyles, s api.Session, idWidth, barWidth int) {
	bar := st.timeline(TimelineCells(s, v.Now, barWidth), barWidth)
	id := render.Sanitize(v.sessionID(s.SessionID))
	id += strings.Repeat(" ", idWidth-len([]rune(id)))
	fmt.Fprintf(b, "  %s  %s  %s\n", id, bar, st.dim.Render(v.times(s)))
	if f := Factors(s.AuthenticationFactors); f != "" {
		fmt.Fprintf(b, "  %s  %s\n", strings.Repeat(" ", idWidth), render.Sanitize(f))
	}
}

// devicesStyles are the styles of the devices view, made by one renderer
// for the writer it draws on.
type devicesStyles struct {
	heading, dim                 lipgloss.Style
	active, idle, future, marker lipgloss.Style
}

// newDevicesStyles makes the view's styles for w: 256 colours when color,
// else no styling at all.
func newDevicesStyles(w io.Writer, color bool) devicesStyles {
	r := render.NewRenderer(w, color)
	// Readable on dark and light backgrounds alike: the terminal's own
	// green and yellow (not the bright ones, pale on white), and the
	// markers in the default colour, bold, never bright white (invisible
	// on white). Every cell has its own glyph too, so colour is never the
	// only cue.
	return devicesStyles{
		heading: r.NewStyle().Bold(true).Foreground(lipgloss.Color("12")),
		dim:     r.NewStyle().Faint(true),
		active:  r.NewStyle().Foreground(lipgloss.Color("2")),
		idle:    r.NewStyle().Foreground(lipgloss.Color("3")),
		future:  r.NewStyle().Faint(true),
		marker:  r.NewStyle().Bold(true),
	}
}

// timeline styles TimelineCells' cells, one styled run per run of equal
// cells; a session without a timeline ("") gets barWidth spaces.
func (st devicesStyles) timeline(cells string, barWidth int) string {
	if cells == "" {
		return strings.Repeat(" ", barWidth)
	}
	var bar strings.Builder
	runes := []rune(cells)
	for i := 0; i < len(runes); {
		j := i
		for j < len(runes) && runes[j] == runes[i] {
			j++
		}
		bar.WriteString(st.cell(runes[i]).Render(string(runes[i:j])))
		i = j
	}
	return bar.String()
}

// cell is the style of a timeline cell.
func (st devicesStyles) cell(c rune) lipgloss.Style {
	switch c {
	case cellActive:
		return st.active
	case cellIdle:
		return st.idle
	case markLast, markNow:
		return st.marker
	}
	return st.future
}

// times says when a session started, was last active and expires, relative
// to now.
func (v DevicesView) times(s api.Session) string {
	rel := func(t time.Time) string {
		if t.IsZero() {
			return "unknown"
		}
		return render.Relative(t, v.Now)
	}
	return fmt.Sprintf("started %s · active %s · expires %s", rel(s.StartedAt), rel(s.LastAccessedAt), rel(s.ExpiresAt))
}
