package cmd

import (
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
	"github.com/spf13/cobra"
)

// helpPaths returns the argument lists that print every help screen
// stytchctl has: `CMD --help` for every available command and `help TOPIC`
// for every help topic.
func helpPaths(t *testing.T) [][]string {
	t.Helper()
	var paths [][]string
	walkCommands(CommandTree(BuildInfo{}), func(c *cobra.Command) {
		path := strings.Fields(c.CommandPath())[1:]
		switch {
		case c.IsAdditionalHelpTopicCommand():
			paths = append(paths, append([]string{"help"}, path...))
		case c.IsAvailableCommand() || !c.HasParent() || c.Name() == "help":
			paths = append(paths, append(path, "--help"))
		}
	})
	if len(paths) < 30 {
		t.Fatalf("found only %d help screens", len(paths))
	}
	return paths
}

// TestHelpFitsEightyColumns: every line of every help screen, the Flags
// and Global Flags sections included, fits an 80-column terminal, so that
// nothing wraps in the middle of a word or a flag's description.
func TestHelpFitsEightyColumns(t *testing.T) {
	h := newHarness(t)
	for _, path := range helpPaths(t) {
		r := h.run(path...)
		r.expect(t, ExitOK)
		lines := strings.Split(r.stdout, "\n")
		for i, line := range lines {
			if w := runewidth.StringWidth(line); w > helpWidth {
				t.Errorf("stytchctl %s: line %d is %d columns:\n%s", strings.Join(path, " "), i+1, w, line)
			}
			if i > 0 && brokenJoin(lines[i-1], line) {
				t.Errorf("stytchctl %s: line %d breaks a join:\n%s\n%s", strings.Join(path, " "), i+1, lines[i-1], line)
			}
		}
	}
}

// brokenJoin reports whether a line break between prev and next splits
// what reads as one thing: "exit" from its code, "RFC" from 3339, -o from
// its format, an opening parenthesis or a lone dash from what follows.
func brokenJoin(prev, next string) bool {
	words, following := strings.Fields(prev), strings.Fields(next)
	if len(words) == 0 || len(following) == 0 {
		return false
	}
	last, first := words[len(words)-1], following[0]
	digit := first[0] >= '0' && first[0] <= '9'
	switch strings.ToLower(strings.TrimLeft(last, "(")) {
	case "exit", "exits", "rfc":
		return digit
	case "-o", "(", "-", "(-":
		return !strings.HasSuffix(prev, "\\")
	}
	return false
}

// TestHelpShape: a command's Long says what it does and its contract in at
// most six lines (details belong in the help topics), and every command
// that runs has examples. Help topics are where details go: they have no
// length limit.
func TestHelpShape(t *testing.T) {
	walkCommands(CommandTree(BuildInfo{}), func(c *cobra.Command) {
		if c.IsAdditionalHelpTopicCommand() || (!c.IsAvailableCommand() && c.HasParent()) {
			return
		}
		if c.Short == "" {
			t.Errorf("%q has no Short", c.CommandPath())
		}
		if n := len(strings.Split(strings.TrimSpace(c.Long), "\n")); c.Long != "" && n > maxLongLines {
			t.Errorf("%q: Long has %d lines, want at most %d:\n%s", c.CommandPath(), n, maxLongLines, c.Long)
		}
		if c.Runnable() && !strings.Contains(c.UsageString(), "\nExamples:\n") {
			t.Errorf("%q runs but its help has no Examples block", c.CommandPath())
		}
	})
}

// TestExamplesAreForRealUse: an example pasted for real use never carries
// --profile demo; the demo tour is `stytchctl help demo`.
func TestExamplesAreForRealUse(t *testing.T) {
	walkCommands(CommandTree(BuildInfo{}), func(c *cobra.Command) {
		for _, line := range strings.Split(c.Example, "\n") {
			if strings.Contains(line, "--profile demo") || strings.Contains(line, "STYTCHCTL_PROFILE=demo") {
				t.Errorf("%q: example uses the demo profile: %s", c.CommandPath(), strings.TrimSpace(line))
			}
		}
	})
	r := newHarness(t).run("help", "demo")
	r.expect(t, ExitOK)
	for _, want := range []string{"Try it offline on the built-in demo:", "stytchctl sessions list --profile demo", "alice-42"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help demo lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestBrokenJoin(t *testing.T) {
	for _, tc := range []struct {
		prev, next string
		want       bool
	}{
		{"one that starts none, is exit", "2 listing the candidates", true},
		{"times in RFC", "3339 UTC", true},
		{"print it with -o", "json", true},
		{"Exit status:", "0 when", false},
		{"the exit", "code is 130", false},
		{"  stytchctl x \\", "    -o json", false},
	} {
		if got := brokenJoin(tc.prev, tc.next); got != tc.want {
			t.Errorf("brokenJoin(%q, %q) = %v, want %v", tc.prev, tc.next, got, tc.want)
		}
	}
}

// TestFlagsSectionWraps pins the layout of a wrapped flag description: the
// continuation lines start under the first line's text.
func TestFlagsSectionWraps(t *testing.T) {
	r := newHarness(t).run("sessions", "list", "--help")
	r.expect(t, ExitOK)
	if !strings.Contains(r.stdout, "      --csv-raw ") {
		t.Fatalf("no --csv-raw line:\n%s", r.stdout)
	}
	_, after, _ := strings.Cut(r.stdout, "      --csv-raw ")
	lines := strings.Split(after, "\n")
	text := strings.TrimLeft(lines[0], " ")
	col := len("      --csv-raw ") + len(lines[0]) - len(text)
	if len(lines) < 2 || !strings.HasPrefix(lines[1], strings.Repeat(" ", col)) || lines[1][col] == ' ' {
		t.Errorf("--csv-raw's description does not continue at column %d:\n%s\n%s", col, lines[0], lines[1])
	}
}

// TestWrapWordsKeepsJoins: the flag wrapper never leaves "RFC", "(default",
// "(0:" or a lone "(-" at the end of a line.
func TestWrapWordsKeepsJoins(t *testing.T) {
	cases := []struct {
		s     string
		width int
		want  []string
	}{
		{"Read IDs from PATH, one per line (- for stdin)", 35, []string{"Read IDs from PATH, one per line", "(- for stdin)"}},
		{"Only sessions started after TIME (RFC 3339, a date)", 38, []string{"Only sessions started after TIME", "(RFC 3339, a date)"}},
		{"Keep at most N sessions (0: no limit)", 29, []string{"Keep at most N sessions", "(0: no limit)"}},
		{"Keep at most N sessions, after sorting (0: no limit)", 44, []string{"Keep at most N sessions, after sorting", "(0: no limit)"}},
		{`Print as FORMAT (default "table")`, 20, []string{"Print as FORMAT", `(default "table")`}},
		{"a b c", 3, []string{"a b", "c"}},
	}
	for _, tc := range cases {
		if got := wrapWords(tc.s, tc.width); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", tc.s, tc.width, got, tc.want)
		}
	}
}

// flatHelp is help output with every run of whitespace made one space, so
// that a test can look for a phrase wherever the layout wrapped it.
func flatHelp(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// TestWrapExample: a long example breaks before a flag or a pipe, never
// inside quotes, into lines a shell joins back, each within the width.
func TestWrapExample(t *testing.T) {
	long := "stytchctl sessions list -u alice-42 --template '{{range .sessions}} --x {{end}}' --tz Europe/Paris -o wide | jq ."
	got := wrapExample(long)
	if strings.ReplaceAll(got, " \\\n    ", " ") != long {
		t.Errorf("wrapExample does not join back:\n%s", got)
	}
	for _, l := range strings.Split(got, "\n") {
		if 2+len(l) > helpWidth {
			t.Errorf("line %q is %d columns", l, 2+len(l))
		}
	}
	if !strings.Contains(got, "'{{range .sessions}} --x {{end}}'") {
		t.Errorf("broke inside quotes:\n%s", got)
	}
	if short := "stytchctl version"; wrapExample(short) != short {
		t.Errorf("wrapped a short line")
	}
}

// TestUseLineKeepsFlagsWithValues: the usage line, wrapped, says the same
// words, and never leaves a flag at the end of a line without its value.
func TestUseLineKeepsFlagsWithValues(t *testing.T) {
	walkCommands(CommandTree(BuildInfo{}), func(c *cobra.Command) {
		if !c.Runnable() {
			return
		}
		got := wrapUseLine(c)
		if flatHelp(got) != flatHelp(c.UseLine()) {
			t.Errorf("%q: wrapped %q, want the words of %q", c.CommandPath(), got, c.UseLine())
		}
		lines := strings.Split(got, "\n")
		for i, l := range lines[:len(lines)-1] {
			words, next := strings.Fields(l), strings.Fields(lines[i+1])[0]
			last := words[len(words)-1]
			if strings.HasPrefix(last, "-") && !strings.ContainsAny(next[:1], "-[(|") {
				t.Errorf("%q: line %q ends with %s, its value %s is on the next", c.CommandPath(), l, last, next)
			}
		}
	})
}

// helpGoldenCases pin whole help screens in the gh/kubectl shape: a Long
// of a few lines, Usage, Examples for real use, Flags wrapped at 80
// columns. Help is laid out for 80 columns whatever the terminal, so the
// screen is the same at 80 and 120 columns and piped (TestHelpIgnoresWidth).
func helpGoldenCases() []goldenCase {
	views := []goldenView{{suffix: "w80", tty: true, width: 80}, {suffix: "w120", tty: true, width: 120}, pipedView()}
	return []goldenCase{
		{name: "help.sessions_devices", args: []string{"sessions", "devices", "--help"}, views: views},
		{name: "help.demo", args: []string{"help", "demo"}, views: views},
	}
}

// TestHelpIgnoresWidth: every help screen is the same on an 80- and a
// 120-column terminal and piped.
func TestHelpIgnoresWidth(t *testing.T) {
	for _, path := range helpPaths(t) {
		var screens []string
		for _, width := range []int{80, 120, 0} {
			h := newHarness(t)
			h.tty, h.width = width > 0, width
			r := h.run(path...)
			r.expect(t, ExitOK)
			screens = append(screens, r.stdout)
		}
		if screens[0] != screens[1] || screens[0] != screens[2] {
			t.Errorf("stytchctl %s differs between 80 columns, 120 columns and piped", strings.Join(path, " "))
		}
	}
}
