package cmd

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

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
