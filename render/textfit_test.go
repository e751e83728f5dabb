package render

import (
	"strings"
	"testing"
)

// FitLine keeps what fits on the first line exactly as drawn, moves the
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
		got := FitLine(tt.line, tt.width, tt.hang)
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("FitLine(%q, %d, %d) =\n%q\nwant\n%q", tt.line, tt.width, tt.hang, got, tt.want)
		}
	}
}

// FitTerminal fits each line on its own and leaves text alone when the
// width is unknown.
func TestFitTerminal(t *testing.T) {
	text := "  aaa  bbb  ccc\nshort"
	if got := FitTerminal(text, 0, -1); got != text {
		t.Errorf("width 0: %q, want the text unchanged", got)
	}
	if got, want := FitTerminal(text, 12, -1), "  aaa  bbb\n       ccc\nshort"; got != want {
		t.Errorf("width 12: %q, want %q", got, want)
	}
}

// WrapWords breaks between words only; a word wider than the width is a
// piece of its own, never cut.
func TestWrapWords(t *testing.T) {
	tests := []struct {
		text  string
		width int
		want  []string
	}{
		{"one two three", 0, []string{"one two three"}},
		{"one two three", 13, []string{"one two three"}},
		{"one two three", 7, []string{"one two", "three"}},
		{"a verylongword b", 4, []string{"a", "verylongword", "b"}},
	}
	for _, tt := range tests {
		got := WrapWords(tt.text, tt.width)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("WrapWords(%q, %d) = %q, want %q", tt.text, tt.width, got, tt.want)
		}
	}
}
