package render

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// FitTerminal fits text drawn for a terminal to width columns, line by
// line, with FitLine; hang is as for FitLine. Width 0 (unknown) leaves text
// as it is.
func FitTerminal(text string, width, hang int) string {
	if width <= 0 {
		return text
	}
	lines := strings.Split(text, "\n")
	var b strings.Builder
	for i, line := range lines {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(strings.Join(FitLine(line, width, hang), "\n"))
	}
	return b.String()
}

// fitMinIndent is the indent of continuation lines when the preferred one
// leaves too little room.
const fitMinIndent = 4

// FitLine breaks a line of columns (separated by two or more spaces, ANSI
// styling allowed) that is wider than width so that the terminal never
// wraps it: the columns that fit stay on the first line, exactly as drawn;
// the others go on continuation lines indented by hang (or, with hang < 0,
// to where the line's second column starts), or by fitMinIndent from the
// first continuation on which hang leaves too little room. A column too
// wide even then is broken between words. A line that fits is returned as
// it is.
func FitLine(line string, width, hang int) []string {
	if width <= 0 || lipgloss.Width(line) <= width {
		return []string{line}
	}
	cols := textColumns(line)
	if len(cols) == 0 {
		return []string{line}
	}
	if hang < 0 {
		hang = fitMinIndent
		if len(cols) > 1 {
			hang = lipgloss.Width(line[:cols[1].start])
		}
	}
	// The first line: the longest run of whole columns that fits.
	first := 0
	for first < len(cols) && lipgloss.Width(line[:cols[first].end]) <= width {
		first++
	}
	f := lineFitter{width: width, hang: hang}
	if first > 0 {
		f.cur = line[:cols[first-1].end]
		f.curW = lipgloss.Width(f.cur)
	}
	for k, c := range cols[first:] {
		text := line[c.start:c.end]
		if first == 0 && k == 0 {
			// The line's own first column is too wide where it stands.
			f.place(text, min(lipgloss.Width(line[:c.start]), fitMinIndent))
			continue
		}
		// The first line stays as drawn: the first column that did not fit
		// starts a continuation line, the ones after it may join one.
		f.add(text, k > 0)
	}
	return append(f.out, f.cur)
}

// textColumn is the byte span of one column of a line.
type textColumn struct{ start, end int }

// textColumns returns the spans of the columns in line: the text between
// runs of two or more spaces. A single space stays inside a column, and
// the line's leading and trailing spaces belong to none.
func textColumns(line string) []textColumn {
	var cols []textColumn
	for i := 0; i < len(line); {
		if line[i] == ' ' {
			j := i
			for j < len(line) && line[j] == ' ' {
				j++
			}
			if j-i == 1 && len(cols) > 0 && j < len(line) {
				cols[len(cols)-1].end = j // a single space inside a column
			}
			i = j
			continue
		}
		j := i
		for j < len(line) && line[j] != ' ' {
			j++
		}
		if n := len(cols); n > 0 && cols[n-1].end == i {
			cols[n-1].end = j
		} else {
			cols = append(cols, textColumn{i, j})
		}
		i = j
	}
	return cols
}

// lineFitter collects the lines of one FitLine: out holds the finished
// lines, cur (curW wide) the line being filled.
type lineFitter struct {
	width, hang int
	out         []string
	cur         string
	curW        int
}

// add puts a column's text on the current line when mayJoin and it fits
// there, two spaces after what is on it; else on new lines indented by the
// hang, or by fitMinIndent from the first column for which the hang leaves
// too little room.
func (f *lineFitter) add(text string, mayJoin bool) {
	w := lipgloss.Width(text)
	if mayJoin && f.cur != "" && f.curW+2+w <= f.width {
		f.cur += "  " + text
		f.curW += 2 + w
		return
	}
	indent := f.hang
	if indent+w > f.width {
		indent = fitMinIndent
		f.hang = fitMinIndent // and so for the lines after it
	}
	f.place(text, indent)
}

// place finishes the current line (if any) and puts text on new lines
// indented by indent, broken between words to fit; its last piece becomes
// the current line.
func (f *lineFitter) place(text string, indent int) {
	if f.cur != "" {
		f.out = append(f.out, f.cur)
	}
	pieces := WrapWords(text, f.width-indent)
	pad := strings.Repeat(" ", indent)
	for _, p := range pieces[:len(pieces)-1] {
		f.out = append(f.out, pad+p)
	}
	f.cur = pad + pieces[len(pieces)-1]
	f.curW = lipgloss.Width(f.cur)
}

// WrapWords breaks text between words into pieces at most width wide; a
// word wider than width is a piece of its own.
func WrapWords(text string, width int) []string {
	if width <= 0 || lipgloss.Width(text) <= width {
		return []string{text}
	}
	var out []string
	cur := ""
	for _, word := range strings.Split(text, " ") {
		switch {
		case cur == "":
			cur = word
		case lipgloss.Width(cur)+1+lipgloss.Width(word) <= width:
			cur += " " + word
		default:
			out = append(out, cur)
			cur = word
		}
	}
	return append(out, cur)
}
