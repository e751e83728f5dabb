package cmd

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// On a terminal no line of the devices view is wider than the terminal,
// with or without colour: the times after a timeline move to their own
// line instead of being wrapped mid-word by the terminal. Every session's
// short ID and the times stay whole.
func TestSessionsDevicesTerminalFitsWidth(t *testing.T) {
	for _, width := range []int{80, 100, 120, 200} {
		for _, colour := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d colour %v", width, colour), func(t *testing.T) {
				h := newHarness(t)
				h.tty, h.width = true, width
				if !colour {
					h.env["NO_COLOR"] = "1"
				}
				r := h.run("sessions", "devices", "-u", apitest.DemoExternalID)
				r.expect(t, 0)
				if colour != strings.Contains(r.stdout, "\x1b[") {
					t.Errorf("colour %v, output:\n%s", colour, r.stdout)
				}
				for i, line := range strings.Split(r.stdout, "\n") {
					if w := lipgloss.Width(line); w > width {
						t.Errorf("line %d is %d wide, terminal %d: %q", i+1, w, width, line)
					}
				}
				plain := stripANSI(r.stdout)
				for _, raw := range h.fake.Sessions(apitest.DemoUserID) {
					id := sessionIDsOf(t, string(raw), true)[0]
					if short := id[len("session-test-"):][:8]; !strings.Contains(plain, "  "+short+"  ") || strings.Contains(plain, id) {
						t.Errorf("session %s not shown by its short ID %s in:\n%s", id, short, plain)
					}
				}
				if n := strings.Count(plain, "started "); n != 4 { // 3 sessions and the legend
					t.Errorf("%d times lines, want 3:\n%s", n-1, plain)
				}
				if strings.Count(plain, " · expires ") != 3 {
					t.Errorf("times cut:\n%s", plain)
				}
			})
		}
	}
}

var ansiSGR = regexp.MustCompile("\x1b\\[[0-9;]*m")

// stripANSI removes the colour and style sequences from s.
func stripANSI(s string) string { return ansiSGR.ReplaceAllString(s, "") }
