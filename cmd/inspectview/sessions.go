package inspectview

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
)

// barWidth is the width of a session's timeline on the inspect screen:
// short, so that a session fits on one line at 80 columns.
const barWidth = 12

// wideFrom is the width from which a session's line says when it started
// as well (at 80 columns the timeline's left edge says it).
const wideFrom = 100

// writeSessions draws the sessions by device, compactly: per device one
// heading (the device, its IP addresses with their places and networks
// when located) and one line per session (short ID, timeline, factors,
// times), wrapped under itself only when it does not fit. Member
// sessions, which never carry a device, are listed plainly.
func (s Screen) writeSessions(b *strings.Builder, st styles, r Report) {
	switch {
	case !r.SessionsFetched:
		fmt.Fprintf(b, "%s  %s\n", st.heading.Render("Sessions"), "could not be listed (the error is on stderr)")
		return
	case len(r.Sessions) == 0:
		fmt.Fprintf(b, "%s  %s\n", st.heading.Render("Sessions"), "none active")
		return
	}
	what := fmt.Sprintf("%d active on %s", len(r.Sessions), count(len(r.Groups), "device", "devices"))
	if r.Member != nil {
		what = fmt.Sprintf("%d active (member sessions carry no device or IP)", len(r.Sessions))
	}
	fmt.Fprintf(b, "%s  %s\n", st.heading.Render("Sessions"), what)
	idWidth := 0
	for _, x := range r.Sessions {
		idWidth = max(idWidth, lipgloss.Width(render.Sanitize(shortID(r.ShortIDs, x.SessionID))))
	}
	for _, g := range r.Groups {
		if r.Member == nil {
			s.writeDevice(b, st, g)
		}
		for _, x := range g.Sessions {
			s.writeSession(b, st, r.ShortIDs, x, idWidth)
		}
	}
	fmt.Fprintf(b, "%s\n", st.dim.Render("timeline: started ━ active ● last active ┄ idle │ now ─ expires"))
}

// writeDevice is a device's heading: its label, its IP addresses when
// none is located, and how many sessions when more than one, on the next
// line when they do not fit. A located IP is on a line of its own, as
// sessions devices draws it: "203.0.113.42  San Francisco, California,
// US · AS64496 Bayline Fiber", the place under the IP when both do not
// fit.
func (s Screen) writeDevice(b *strings.Builder, st styles, g sessionview.DeviceGroup) {
	located := make([]string, len(g.IPAddresses))
	for i := range g.IPAddresses {
		if i < len(g.Locations) {
			d := g.Locations[i]
			located[i] = render.Sanitize(strings.Trim(d.Place+" · "+d.Network, " ·"))
		}
	}
	anyLocated := slices.ContainsFunc(located, func(w string) bool { return w != "" })
	items := []string{st.title.Render(render.Sanitize(g.Label))}
	if len(g.IPAddresses) > 0 && !anyLocated {
		ips := make([]string, len(g.IPAddresses))
		for i, ip := range g.IPAddresses {
			ips[i] = render.Sanitize(ip)
		}
		items = append(items, strings.Join(ips, ", "))
	}
	if n := len(g.Sessions); n > 1 {
		items = append(items, st.dim.Render(fmt.Sprintf("%d sessions", n)))
	}
	for i, line := range wrapItems(items, "  ", s.Width-2) {
		if i > 0 {
			b.WriteString("  ")
		}
		b.WriteString(line + "\n")
	}
	if !anyLocated {
		return
	}
	ipWidth := 0
	for _, ip := range g.IPAddresses {
		ipWidth = max(ipWidth, lipgloss.Width(render.Sanitize(ip)))
	}
	for i, ip := range g.IPAddresses {
		ip = render.Sanitize(ip)
		if located[i] == "" {
			fmt.Fprintf(b, "  %s\n", ip)
			continue
		}
		ip += strings.Repeat(" ", ipWidth-lipgloss.Width(ip))
		for j, line := range wrapItems([]string{ip, st.dim.Render(located[i])}, "  ", s.Width-2) {
			if j > 0 {
				b.WriteString("  ")
			}
			fmt.Fprintf(b, "  %s\n", line)
		}
	}
}

// writeSession is one session on one line where it fits: short ID padded
// to idWidth, its timeline, then its factors and times, wrapped under
// themselves between items.
func (s Screen) writeSession(b *strings.Builder, st styles, short map[string]string, x api.Session, idWidth int) {
	id := render.Sanitize(shortID(short, x.SessionID))
	id += strings.Repeat(" ", idWidth-lipgloss.Width(id))
	indent := 2 + idWidth + 2 + barWidth + 2
	items := factorLines(x.AuthenticationFactors, s.Width-indent)
	if s.Width >= wideFrom {
		items = append(items, "started "+relative(x.StartedAt, s.Now))
	}
	items = append(items, "active "+relative(x.LastAccessedAt, s.Now), "expires "+relative(x.ExpiresAt, s.Now))
	bar := st.timeline(sessionview.TimelineCells(x, s.Now, barWidth))
	for i, line := range wrapItems(items, " · ", s.Width-indent) {
		if i == 0 {
			fmt.Fprintf(b, "  %s  %s  %s\n", id, bar, line)
			continue
		}
		fmt.Fprintf(b, "%s%s\n", strings.Repeat(" ", indent), line)
	}
}

// factorLines are a session's factors joined with " + ", broken between
// factors into lines at most width wide, each but the last ending in "+";
// none without factors.
func factorLines(fs []api.Factor, width int) []string {
	if len(fs) == 0 {
		return nil
	}
	words := make([]string, len(fs))
	for i, f := range fs {
		words[i] = render.Sanitize(sessionview.FactorWords(f))
	}
	lines := wrapItems(words, " + ", width-2)
	for i := range lines[:len(lines)-1] {
		lines[i] += " +"
	}
	return lines
}

// relative is render.Relative, "unknown" for no time.
func relative(t, now time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return render.Relative(t, now)
}

// timeline colours sessionview.TimelineCells' cells as sessions devices
// does: active green, idle yellow, the future dim, the marks bold; a
// session without a timeline gets blanks.
func (st styles) timeline(cells string) string {
	if cells == "" {
		return strings.Repeat(" ", barWidth)
	}
	var out strings.Builder
	runes := []rune(cells)
	for i := 0; i < len(runes); {
		j := i
		for j < len(runes) && runes[j] == runes[i] {
			j++
		}
		run := string(runes[i:j])
		switch runes[i] {
		case '━':
			run = st.ok.Render(run)
		case '┄':
			run = st.bad.Render(run)
		case '●', '│':
			run = st.heading.Render(run)
		default:
			run = st.dim.Render(run)
		}
		out.WriteString(run)
		i = j
	}
	return out.String()
}
