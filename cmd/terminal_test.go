package cmd

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

func TestForceTTY(t *testing.T) {
	for _, tt := range []struct {
		v     string
		set   bool
		on    bool
		width int
	}{
		{set: false},
		{v: "", set: true},
		{v: "0", set: true},
		{v: "false", set: true},
		{v: "No", set: true},
		{v: "1", set: true, on: true},
		{v: "true", set: true, on: true},
		{v: "yes", set: true, on: true},
		{v: "100", set: true, on: true, width: 100},
		{v: " 80 ", set: true, on: true, width: 80},
		{v: "-5", set: true, on: true},
	} {
		on, width := forceTTY(func(k string) (string, bool) {
			if k == "STYTCHCTL_FORCE_TTY" && tt.set {
				return tt.v, true
			}
			return "", false
		})
		if on != tt.on || width != tt.width {
			t.Errorf("STYTCHCTL_FORCE_TTY=%q (set %v): on %v width %d, want %v %d", tt.v, tt.set, on, width, tt.on, tt.width)
		}
	}
}

func TestTermWidthOrder(t *testing.T) {
	env := func(cols string) func(string) (string, bool) {
		return func(k string) (string, bool) {
			if k == "COLUMNS" && cols != "" {
				return cols, true
			}
			return "", false
		}
	}
	none := func() (int, error) { return 0, errors.New("not a terminal") }
	size := func(w int) func() (int, error) { return func() (int, error) { return w, nil } }
	for _, tt := range []struct {
		name   string
		forced int
		cols   string
		sizes  []func() (int, error)
		want   int
	}{
		{"forced wins", 100, "90", []func() (int, error){size(120)}, 100},
		{"stdout's terminal", 0, "90", []func() (int, error){size(120), size(80)}, 120},
		{"stderr's terminal", 0, "90", []func() (int, error){none, size(80)}, 80},
		{"COLUMNS when no terminal answers", 0, "90", []func() (int, error){none, none}, 90},
		{"bad COLUMNS", 0, "wide", []func() (int, error){none}, 0},
		{"nothing", 0, "", []func() (int, error){none}, 0},
	} {
		if got := termWidth(tt.forced, env(tt.cols), tt.sizes...); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}

// pagerHarness is a terminal 120 wide and 4 lines high whose pager writes
// what it is given to a file.
func pagerHarness(t *testing.T) (*harness, string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake pager is a shell command")
	}
	h := newHarness(t)
	h.tty, h.width, h.height = true, 120, 4
	h.env["NO_COLOR"] = "1"
	file := filepath.Join(t.TempDir(), "paged")
	h.env["STYTCHCTL_PAGER"] = "cat > " + file
	return h, file
}

func readPaged(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPagerPagesTablesLongerThanTheTerminal(t *testing.T) {
	h, file := pagerHarness(t)
	// Alice's table is a header and 3 rows: with the prompt, 5 lines.
	r := h.run("sessions", "list", "-u", apitest.DemoUserID)
	r.expect(t, ExitOK)
	paged := readPaged(t, file)
	if r.stdout != "" || !strings.Contains(paged, "SESSION ID") || strings.Count(paged, "\n") != 4 {
		t.Errorf("a table longer than the terminal was not paged:\nstdout %q\npaged %q", r.stdout, paged)
	}

	h.height = 40
	os.Remove(file)
	r = h.run("sessions", "list", "-u", apitest.DemoUserID)
	r.expect(t, ExitOK)
	if paged := readPaged(t, file); paged != "" || !strings.Contains(r.stdout, "SESSION ID") {
		t.Errorf("a table that fits was paged:\nstdout %q\npaged %q", r.stdout, paged)
	}
}

func TestPagerTurnedOff(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
		tty  bool
	}{
		{name: "--no-pager", args: []string{"--no-pager"}, tty: true},
		{name: "empty STYTCHCTL_PAGER", env: map[string]string{"STYTCHCTL_PAGER": ""}, tty: true},
		{name: "piped", tty: false},
		{name: "-o json", args: []string{"-o", "json"}, tty: true},
		{name: "-o yaml", args: []string{"-o", "yaml"}, tty: true},
		{name: "--jq", args: []string{"--jq", ".sessions[].session_id"}, tty: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, file := pagerHarness(t)
			h.tty = tt.tty
			for k, v := range tt.env {
				h.env[k] = v
			}
			r := h.run(append([]string{"sessions", "list", "-u", apitest.DemoUserID}, tt.args...)...)
			r.expect(t, ExitOK)
			if paged := readPaged(t, file); paged != "" || r.stdout == "" {
				t.Errorf("paged with %s:\nstdout %q\npaged %q", tt.name, r.stdout, paged)
			}
		})
	}
}

func TestPagerChoice(t *testing.T) {
	h, file := pagerHarness(t)
	delete(h.env, "STYTCHCTL_PAGER")
	h.env["PAGER"] = "cat > " + file
	r := h.run("sessions", "list", "-u", apitest.DemoUserID)
	r.expect(t, ExitOK)
	if paged := readPaged(t, file); !strings.Contains(paged, "SESSION ID") || r.stdout != "" {
		t.Errorf("$PAGER not used:\nstdout %q\npaged %q", r.stdout, paged)
	}
	os.Remove(file)
	other := file + ".2"
	h.env["STYTCHCTL_PAGER"] = "cat > " + other
	r = h.run("sessions", "list", "-u", apitest.DemoUserID)
	r.expect(t, ExitOK)
	if readPaged(t, file) != "" || !strings.Contains(readPaged(t, other), "SESSION ID") {
		t.Error("STYTCHCTL_PAGER does not win over PAGER")
	}
}

// TestPagerKeepsExitCodesAndErrors: the command's exit code is its own
// whatever the pager exits with, errors stay on stderr, and a pager that
// cannot be run leaves the table printed directly.
func TestPagerKeepsExitCodesAndErrors(t *testing.T) {
	h, file := pagerHarness(t)
	h.env["STYTCHCTL_PAGER"] = "cat > " + file + "; exit 1"
	r := h.run("sessions", "list", "-u", apitest.DemoUserID)
	r.expect(t, ExitOK)

	os.Remove(file)
	r = h.run("sessions", "list", "-u", apitest.DemoUserID, "-u", "no-such-user", "-u", "emp-00417")
	r.expect(t, ExitNotFound, "no-such-user")
	if paged := readPaged(t, file); !strings.Contains(paged, "SESSION ID") || strings.Contains(paged, "no-such-user") {
		t.Errorf("partial answer: paged %q", paged)
	}

	h.env["STYTCHCTL_PAGER"] = "no-such-pager-stytchctl-test"
	r = h.run("sessions", "list", "-u", apitest.DemoUserID)
	r.expect(t, ExitOK, `the pager "no-such-pager-stytchctl-test" could not be run`)
	if !strings.Contains(r.stdout, "SESSION ID") {
		t.Errorf("the table was lost with the pager: %q", r.stdout)
	}
}

// TestPagerPassesColour: colour reaches the pager (less -R shows it).
func TestPagerPassesColour(t *testing.T) {
	h, file := pagerHarness(t)
	delete(h.env, "NO_COLOR")
	h.run("sessions", "list", "-u", apitest.DemoUserID).expect(t, ExitOK)
	if paged := readPaged(t, file); !strings.Contains(paged, "\x1b[") {
		t.Errorf("no colour through the pager: %q", paged)
	}
}

func TestLocaleGlyphs(t *testing.T) {
	for _, tt := range []struct {
		name  string
		env   map[string]string
		ascii bool
	}{
		{"no locale", nil, false},
		{"LANG=C", map[string]string{"LANG": "C"}, true},
		{"LANG=POSIX", map[string]string{"LANG": "POSIX"}, true},
		{"LANG latin-1", map[string]string{"LANG": "de_DE.ISO-8859-1"}, true},
		{"LANG utf8", map[string]string{"LANG": "en_US.utf8"}, false},
		{"LC_ALL wins", map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "C"}, true},
		{"LC_ALL wins over C", map[string]string{"LANG": "C", "LC_ALL": "C.UTF-8"}, false},
		{"LC_CTYPE over LANG", map[string]string{"LANG": "C", "LC_CTYPE": "C.UTF-8"}, false},
		{"empty LC_ALL is unset", map[string]string{"LANG": "C", "LC_ALL": ""}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.tty, h.width = true, 120
			h.env["NO_COLOR"] = "1"
			for k, v := range tt.env {
				h.env[k] = v
			}
			r := h.run("sessions", "devices", "-u", apitest.DemoUserID)
			r.expect(t, ExitOK)
			hasGlyph := strings.ContainsAny(r.stdout, "·…━┄─●│")
			if hasGlyph == tt.ascii {
				t.Errorf("ascii %v, but glyphs present %v:\n%s", tt.ascii, hasGlyph, r.stdout)
			}
			if tt.ascii && !strings.Contains(r.stdout, "Safari 17 - iOS 17.5.1 - phone") {
				t.Errorf("no ASCII separator:\n%s", r.stdout)
			}
		})
	}
}

// TestPipedJSONIsCompactEverywhere: -o json to a pipe is one line for
// every command, and indented on a terminal.
func TestPipedJSONIsCompactEverywhere(t *testing.T) {
	cmds := [][]string{
		{"version"},
		{"auth", "status"},
		{"sessions", "list", "-u", apitest.DemoUserID},
		{"sessions", "list", "-u", apitest.DemoUserID, "-u", "emp-00417"},
		{"sessions", "audit", "-u", apitest.DemoUserID},
		{"sessions", "devices", "-u", apitest.DemoUserID},
		{"sessions", "revoke", "-u", apitest.DemoUserID, "--all", "--dry-run"},
		{"sessions", "journal"},
		{"sessions", "revoke", "-u", "emp-00417", "--all", "--yes"},
		{"users", "search", "--limit", "2"},
		{"users", "get", apitest.DemoUserID},
		{"b2b", "sessions", "list", "--organization", apitest.DemoOrganizationID, "--member", apitest.DemoMemberID},
		{"b2b", "sessions", "revoke", "--organization", apitest.DemoOrganizationID, "--member", apitest.DemoMemberID, "--all", "--dry-run"},
		{"b2b", "members", "search", "--organization", apitest.DemoOrganizationID},
	}
	for _, args := range cmds {
		for _, tty := range []bool{false, true} {
			h := newHarness(t)
			h.tty, h.width = tty, 120
			r := h.run(append(args, "-o", "json")...)
			r.expect(t, ExitOK)
			if !json.Valid([]byte(r.stdout)) {
				t.Errorf("%v: not JSON: %q", args, r.stdout)
			}
			lines := strings.Count(r.stdout, "\n")
			if !tty && lines != 1 {
				t.Errorf("%v piped: %d lines, want compact on one:\n%s", args, lines, r.stdout)
			}
			if tty && lines < 2 {
				t.Errorf("%v on a terminal: not indented:\n%s", args, r.stdout)
			}
		}
	}
}
