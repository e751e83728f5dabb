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
// line instead of being wrapped mid-word by the terminal. Every session ID
// and the times stay whole.
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
					if !strings.Contains(plain, "  "+id+"  ") {
						t.Errorf("session %s not whole in:\n%s", id, plain)
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

// fitLine keeps what fits on the first line exactly as drawn, moves the
// rest under the hang column (or fitMinIndent when that leaves too little
// room) and breaks a too-wide column between words.
func TestFitLine(t *testing.T) {
	tests := []struct {
		line  string
		width int
		hang  int
		want  []string
	}{
		{"  aaa  bbb  ccc", 15, -1, []string{"  aaa  bbb  ccc"}},
		{"  aaa  bbb  ccc", 12, -1, []string{"  aaa  bbb", "       ccc"}},
		{"  aaa  bbb  ccc dd", 12, -1, []string{"  aaa  bbb", "    ccc dd"}},
		{"x  ADDED    id  dev one  ip", 20, 11, []string{"x  ADDED    id", "           dev one", "           ip"}},
		{"x  ADDED    idididid  dev  ip", 18, 11, []string{"x  ADDED", "    idididid  dev", "    ip"}},
		{"x  ADDED    id  dev  ip", 20, 11, []string{"x  ADDED    id  dev", "           ip"}},
		{"          one two three four", 12, -1, []string{"    one two", "    three", "    four"}},
		{"\x1b[1mhead\x1b[0m  tail", 6, 2, []string{"\x1b[1mhead\x1b[0m", "  tail"}},
	}
	for _, tt := range tests {
		got := fitLine(tt.line, tt.width, tt.hang)
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("fitLine(%q, %d, %d) =\n%q\nwant\n%q", tt.line, tt.width, tt.hang, got, tt.want)
		}
	}
}

var ansiSGR = regexp.MustCompile("\x1b\\[[0-9;]*m")

// stripANSI removes the colour and style sequences from s.
func stripANSI(s string) string { return ansiSGR.ReplaceAllString(s, "") }
