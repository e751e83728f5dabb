package cmd

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// terminalGoldenCases pin the human views under a non-UTF-8 locale (ASCII
// glyphs, the same widths) and the devices view's colours, which must
// read on light backgrounds as on dark ones. TestGoldenOutputs runs them
// with the others.
func terminalGoldenCases() []goldenCase {
	langC := func(t *testing.T, h *harness) { h.env["LANG"] = "C" }
	several := strings.Join([]string{"alice-42", apitest.FactorZooUserID, apitest.HostileUserID}, ",")
	return []goldenCase{
		{name: "locale_c.sessions_devices", args: []string{"sessions", "devices", "-u", apitest.FactorZooUserID}, views: documentViews(), setup: langC},
		{name: "locale_c.sessions_list", args: []string{"sessions", "list", "-u", several}, views: documentViews(), setup: langC},
		{name: "locale_c.sessions_audit", args: []string{"sessions", "audit", "-u", several}, views: documentViews(), setup: langC},
		{name: "colour.sessions_devices", args: []string{"sessions", "devices", "-u", "alice-42"}, views: []goldenView{{suffix: "w120", tty: true, width: 120, color: true}}},
	}
}

// TestTerminalLocaleAndColour: under LANG=C no glyph reaches a terminal
// and every line still fits; piped output is data and keeps its
// characters whatever the locale; the devices view uses no bright colour.
func TestTerminalLocaleAndColour(t *testing.T) {
	cases := terminalGoldenCases()
	for _, c := range cases[:3] {
		for _, v := range c.views {
			h := newGoldenHarness(t, v)
			c.setup(t, h)
			r := h.run(c.args...)
			r.expect(t, ExitOK)
			if !v.tty {
				if c.name != "locale_c.sessions_audit" && !strings.Contains(r.stdout, "·") {
					t.Errorf("%s %s: piped data lost its characters under LANG=C:\n%s", c.name, v.suffix, r.stdout)
				}
				continue
			}
			if strings.ContainsAny(r.stdout, "·…━┄─●│") {
				t.Errorf("%s %s: a glyph under LANG=C:\n%s", c.name, v.suffix, r.stdout)
			}
			for _, l := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
				if w := ansi.StringWidth(l); w > v.width {
					t.Errorf("%s %s: a line %d wide: %q", c.name, v.suffix, w, l)
				}
			}
		}
	}
	// The timeline's markers are bold in the terminal's own colour, never
	// bright white (invisible on white), and no cell is bright yellow.
	h := newGoldenHarness(t, goldenView{tty: true, width: 120, color: true})
	r := h.run("sessions", "devices", "-u", "alice-42")
	for _, bad := range []string{"97m", "93m", "92m"} {
		if strings.Contains(r.stdout, bad) {
			t.Errorf("the devices view uses a bright colour (%s) that fades on light backgrounds:\n%q", bad, r.stdout)
		}
	}
}
