package cmd

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// On a terminal no event line is wider than the terminal, with or without
// colour: what does not fit goes on indented continuation lines, the
// session by its short ID. Piped (TSV), events stay one line each.
func TestSessionsWatchTerminalFitsWidth(t *testing.T) {
	const id = "session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14"
	const short = "  4e9b2d7a  "
	ua := "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0"
	for _, width := range []int{80, 120} {
		for _, colour := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d colour %v", width, colour), func(t *testing.T) {
				h := newHarness(t)
				h.fake.AddUser(watchUser, rawSession(id, watchUser, ua, "2001:db8:4f2a:91c0::1b7"))
				h.tty, h.width = true, width
				if !colour {
					h.env["NO_COLOR"] = "1"
				}
				_, ctx := newWatchScript(h, func() { h.fake.AddUser(watchUser) })
				r := h.runCtx(ctx, "sessions", "watch", "-u", watchUser)
				r.expect(t, ExitInterrupted)
				for i, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
					if w := lipgloss.Width(line); w > width {
						t.Errorf("line %d is %d wide, terminal %d: %q", i+1, w, width, line)
					}
				}
				plain := stripANSI(r.stdout)
				for _, want := range []string{"ADDED", "REMOVED", short, "Firefox 127 · Windows", "2001:db8:4f2a:91c0::1b7"} {
					if !strings.Contains(plain, want) {
						t.Errorf("%q missing:\n%s", want, plain)
					}
				}
				if strings.Count(plain, short) != 2 {
					t.Errorf("short session ID not there twice:\n%s", plain)
				}
			})
		}
	}
	// Piped: one line per event, however narrow the terminal might be.
	h := newHarness(t)
	h.fake.AddUser(watchUser, rawSession(id, watchUser, ua, "2001:db8:4f2a:91c0::1b7"))
	h.width = 40
	_, ctx := newWatchScript(h)
	r := h.runCtx(ctx, "sessions", "watch", "-u", watchUser)
	r.expect(t, ExitInterrupted)
	if n := strings.Count(r.stdout, "\n"); n != 1 || strings.Count(r.stdout, "\t") != 5 || !strings.Contains(r.stdout, "\t"+id+"\t") {
		t.Errorf("piped event not one TSV line:\n%q", r.stdout)
	}
}
