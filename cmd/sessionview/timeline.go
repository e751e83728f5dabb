package sessionview

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

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
}

// Write draws every group: a heading with the device, then its IPs and
// factors, then one line per session with its ID, factors and timeline
// (started → now → expires, last activity marked) and the times in words.
// Text from the API is sanitised.
func (v DevicesView) Write(w io.Writer, groups []DeviceGroup) error {
	r := lipgloss.NewRenderer(w)
	if v.Color {
		r.SetColorProfile(termenv.ANSI256)
	} else {
		r.SetColorProfile(termenv.Ascii)
	}
	heading := r.NewStyle().Bold(true).Foreground(lipgloss.Color("12"))
	dim := r.NewStyle().Faint(true)
	active := r.NewStyle().Foreground(lipgloss.Color("10"))
	idle := r.NewStyle().Foreground(lipgloss.Color("11"))
	future := r.NewStyle().Foreground(lipgloss.Color("8"))
	mark := r.NewStyle().Bold(true).Foreground(lipgloss.Color("15"))
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
		n := len(g.Sessions)
		plural := "s"
		if n == 1 {
			plural = ""
		}
		b.WriteString(heading.Render(render.Sanitize(g.Label)))
		fmt.Fprintf(&b, "  %s\n", dim.Render(fmt.Sprintf("%d session%s", n, plural)))
		if len(g.IPAddresses) > 0 {
			fmt.Fprintf(&b, "  IPs:     %s\n", render.Sanitize(strings.Join(g.IPAddresses, ", ")))
		}
		if len(g.Factors) > 0 {
			fmt.Fprintf(&b, "  Factors: %s\n", render.Sanitize(strings.Join(g.Factors, ", ")))
		}
		idWidth := 0
		for _, s := range g.Sessions {
			idWidth = max(idWidth, len([]rune(render.Sanitize(s.SessionID))))
		}
		for _, s := range g.Sessions {
			cells := TimelineCells(s, v.Now, barWidth)
			var bar strings.Builder
			runes := []rune(cells)
			for i := 0; i < len(runes); {
				j := i
				for j < len(runes) && runes[j] == runes[i] {
					j++
				}
				st := future
				switch runes[i] {
				case cellActive:
					st = active
				case cellIdle:
					st = idle
				case markLast, markNow:
					st = mark
				}
				bar.WriteString(st.Render(string(runes[i:j])))
				i = j
			}
			if cells == "" {
				bar.WriteString(strings.Repeat(" ", barWidth))
			}
			id := render.Sanitize(s.SessionID)
			id += strings.Repeat(" ", idWidth-len([]rune(id)))
			fmt.Fprintf(&b, "  %s  %s  %s\n", id, bar.String(), dim.Render(v.times(s)))
			if f := Factors(s.AuthenticationFactors); f != "" {
				fmt.Fprintf(&b, "  %s  %s\n", strings.Repeat(" ", idWidth), render.Sanitize(f))
			}
		}
	}
	if len(groups) > 0 {
		fmt.Fprintf(&b, "\n%s\n", dim.Render("timeline: started "+string(cellActive)+" active "+string(markLast)+" last active "+
			string(cellIdle)+" idle "+string(markNow)+" now "+string(cellFuture)+" expires"))
	}
	_, err := io.WriteString(w, b.String())
	return err
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
