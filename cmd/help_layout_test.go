package cmd

import (
	"strings"
	"testing"
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
