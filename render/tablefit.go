package render

import (
	"bufio"
	"io"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// fit makes a terminal table at most width columns wide, by one rule for
// every table:
//
//  1. Columns with a DropOrder are hidden, lowest first, until the rest
//     fit with free text at a comfortable width; then any of them that
//     fits in the room the others leave comes back, most valuable first.
//     A kept column (Column.Keep) counts at its natural width here: the
//     numbered columns go before it is cut. A KeepWhenVaried column whose
//     cells differ counts as one without a DropOrder.
//  2. Free text shrinks, the widest column first, down to a readable
//     minimum, a kept column only once the others are at theirs; its
//     cells are cut on a word boundary where they can be.
//  3. If the table is still too wide, the columns without a DropOrder are
//     hidden too, lowest value first (free text, then fixed columns such
//     as times, then addresses, then identifiers; the rightmost of equals
//     first), and the rest fitted again, until one column is left.
//
// Identifiers, addresses and fixed columns are never cut, so a table whose
// one remaining identifier is wider than the terminal is the only one
// wider than width. It returns the headers and rows of the columns kept.
func fit(headers []string, rows [][]string, cols []Column, width int) ([]string, [][]string) {
	return fitIdents(headers, rows, cols, width, nil)
}

// fitIdents is fit for a table whose free-text columns may hold
// identifier cells (Ident): floors[i] is the width of column i's widest
// one (0 for none, nil for no such cells). Such a column never gets
// narrower than that, so its identifiers are never cut, and it is hidden
// as a last resort as late as an identifier column.
func fitIdents(headers []string, rows [][]string, cols []Column, width int, floors []int) ([]string, [][]string) {
	if width <= 0 {
		return headers, rows
	}
	return planFit(headers, rows, cols, width, floors...).cutAll(headers, rows)
}

// planFit decides which columns fit keeps and how wide each is; floors,
// when given, are fitIdents'.
func planFit(headers []string, rows [][]string, cols []Column, width int, floors ...int) *tableFit {
	f := newTableFit(varied(cols, rows), naturalWidths(headers, rows))
	if len(floors) == len(cols) {
		f.floors = floors
	}
	f.hide(width)
	f.shrink(width, f.minimum)
	for f.total(f.width) > width && f.hideLastResort() {
		copy(f.widths, f.natural)
		f.shrink(width, f.minimum)
	}
	// A lone free-text column narrower than its minimum.
	f.shrink(width, func(int) int { return 1 })
	return f
}

// varied returns cols with the DropOrder of each KeepWhenVaried column
// whose cells differ cleared; cols itself when there is none.
func varied(cols []Column, rows [][]string) []Column {
	out := cols
	for i, c := range cols {
		if !c.KeepWhenVaried || c.DropOrder == 0 || !differ(rows, i) {
			continue
		}
		if &out[0] == &cols[0] {
			out = append([]Column(nil), cols...)
		}
		out[i].DropOrder = 0
	}
	return out
}

// differ reports whether the cells of column i are not all the same.
func differ(rows [][]string, i int) bool {
	for _, row := range rows[min(len(rows), 1):] {
		if i < len(row) && i < len(rows[0]) && row[i] != rows[0][i] {
			return true
		}
	}
	return false
}

// Widths in fit: free text shrinks to fitComfortable before numbered
// columns are hidden, then to fitMinFlexible.
const fitComfortable, fitMinFlexible = 16, 10

// naturalWidths is the display width of each column: its widest cell or
// header.
func naturalWidths(headers []string, rows [][]string) []int {
	natural := make([]int, len(headers))
	for i, h := range headers {
		natural[i] = ansi.StringWidth(h)
	}
	for _, row := range rows {
		for i, c := range row {
			natural[i] = max(natural[i], ansi.StringWidth(c))
		}
	}
	return natural
}

// cuttable reports whether c's cells may be cut: free text that is not
// Fixed.
func (c Column) cuttable() bool { return c.Kind == FreeText && !c.Fixed }

// value ranks a column without a DropOrder for hiding as a last resort:
// the lowest goes first. Kept free text outlasts fixed columns.
func (c Column) value() int {
	switch {
	case c.Kind == Identifier:
		return 4
	case c.Kind == Address:
		return 3
	case c.Keep && c.cuttable():
		return 2
	case c.Fixed:
		return 1
	}
	return 0
}

// kept reports whether c is free text that shrinks last.
func (c Column) kept() bool { return c.Keep && c.cuttable() }

// tableFit is fit's state: which columns are kept and how wide each is.
type tableFit struct {
	cols    []Column
	natural []int
	keep    []bool
	widths  []int
	// floors are the widths below which a column would cut one of its
	// identifier cells (see fitIdents); nil when there are none.
	floors []int
}

func newTableFit(cols []Column, natural []int) *tableFit {
	f := &tableFit{cols: cols, natural: natural, keep: make([]bool, len(cols)), widths: append([]int(nil), natural...)}
	for i := range f.keep {
		f.keep[i] = true
	}
	return f
}

// beforeDropping is how narrow column i may get before numbered columns
// are hidden: free text to a comfortable width, kept free text and the
// others not at all.
func (f *tableFit) beforeDropping(i int) int {
	if f.cols[i].cuttable() && !f.cols[i].Keep {
		return max(min(f.natural[i], fitComfortable), f.floor(i))
	}
	return f.natural[i]
}

// floor is the narrowest column i may get without cutting an identifier
// cell: 0 for a column without any.
func (f *tableFit) floor(i int) int {
	if f.floors == nil {
		return 0
	}
	return f.floors[i]
}

// minimum is how narrow column i may get before the columns without a
// DropOrder are hidden: free text to fitMinFlexible, the others not at all.
func (f *tableFit) minimum(i int) int {
	if f.cols[i].cuttable() {
		return max(min(f.natural[i], fitMinFlexible), f.floor(i))
	}
	return f.natural[i]
}

func (f *tableFit) width(i int) int { return f.widths[i] }

// total is the width of the kept columns, each w(i) wide, with the gaps
// between them.
func (f *tableFit) total(w func(int) int) int {
	n, kept := 0, 0
	for i := range f.cols {
		if f.keep[i] {
			n += w(i)
			kept++
		}
	}
	if kept > 1 {
		n += (kept - 1) * columnGap
	}
	return n
}

// hide drops the kept column with the lowest DropOrder until the rest fit
// in width at their beforeDropping widths, or no numbered column is left.
// Then it takes back, most valuable first, each dropped column that fits
// in the room the others leave at their natural widths: a narrow column
// need not go because a wider, more valuable one did not fit, and one that
// comes back never squeezes the text that stayed.
func (f *tableFit) hide(width int) {
	var dropped []int
	for f.total(f.beforeDropping) > width {
		drop := -1
		for i, c := range f.cols {
			if f.keep[i] && c.DropOrder > 0 && (drop < 0 || c.DropOrder < f.cols[drop].DropOrder) {
				drop = i
			}
		}
		if drop < 0 {
			break
		}
		f.keep[drop] = false
		dropped = append(dropped, drop)
	}
	// What stayed keeps its natural width: a column that comes back takes
	// only room left over, and never squeezes the free text that stayed.
	back := make([]bool, len(f.cols))
	room := func(i int) int {
		if back[i] {
			return f.beforeDropping(i)
		}
		return f.natural[i]
	}
	for k := len(dropped) - 1; k >= 0; k-- {
		i := dropped[k]
		f.keep[i], back[i] = true, true
		if f.total(room) > width {
			f.keep[i], back[i] = false, false
		}
	}
}

// hideLastResort drops the kept column of lowest value (numbered columns
// first, should any be left), the rightmost of equals, and reports whether
// it did: the last column is never dropped.
func (f *tableFit) hideLastResort() bool {
	drop, kept := -1, 0
	rank := func(i int) int {
		switch {
		case f.cols[i].DropOrder > 0:
			return -1
		case f.floor(i) > 0:
			return Column{Kind: Identifier}.value()
		}
		return f.cols[i].value()
	}
	for i := range f.cols {
		if !f.keep[i] {
			continue
		}
		kept++
		if drop < 0 || rank(i) <= rank(drop) {
			drop = i
		}
	}
	if kept <= 1 {
		return false
	}
	f.keep[drop] = false
	return true
}

// shrink narrows the widest shown free-text column by one, again and
// again, until the shown columns fit in width or every free-text column
// is down to floor(i): the columns marked Keep only once the others are
// down to theirs.
func (f *tableFit) shrink(width int, floor func(int) int) {
	for f.total(f.width) > width {
		best := f.widest(floor, false)
		if best < 0 {
			best = f.widest(floor, true)
		}
		if best < 0 {
			return
		}
		f.widths[best]--
	}
}

// widest is the widest shown free-text column, kept or not as asked,
// still wider than floor(i); -1 when there is none.
func (f *tableFit) widest(floor func(int) int, kept bool) int {
	best := -1
	for i := range f.widths {
		if f.keep[i] && f.cols[i].cuttable() && f.cols[i].kept() == kept && f.widths[i] > max(floor(i), 1, f.floor(i)) &&
			(best < 0 || f.widths[i] > f.widths[best]) {
			best = i
		}
	}
	return best
}

// cut fits text to column i's width. Only free text is ever cut.
func (f *tableFit) cut(i int, text string) string {
	if !f.cols[i].cuttable() {
		return text
	}
	return cutText(text, f.widths[i], f.cols[i].KeepEnd)
}

// wordCutPunct is what is trimmed before the "…" of a text cut on a word
// boundary: "Email magic link, Password" becomes "Email magic link…".
const wordCutPunct = " ,;:·+-/|("

// cutText fits text to width display columns with "…": at its start when
// keepEnd, else keeping its start, cut on a word boundary when that keeps
// at least half the width ("Chrome 124 on macOS" at 10 is "Chrome…", not
// "Chrome 12…", which reads as a version).
func cutText(text string, width int, keepEnd bool) string {
	n := ansi.StringWidth(text)
	switch {
	case n <= width:
		return text
	case width <= 1:
		return "…"[:min(width, 1)*len("…")]
	case keepEnd:
		return ansi.TruncateLeft(text, n-width+1, "…")
	}
	head := ansi.Truncate(text, width-1, "")
	if i := strings.LastIndexByte(head, ' '); i > 0 && ansi.StringWidth(head[:i]) >= (width-1)/2 {
		if word := strings.TrimRight(head[:i], wordCutPunct); word != "" {
			head = word
		}
	}
	return head + "…"
}

// cutAll returns the kept columns of headers and rows, each cell cut.
func (f *tableFit) cutAll(headers []string, rows [][]string) ([]string, [][]string) {
	var keptHeaders []string
	for i, h := range headers {
		if f.keep[i] {
			keptHeaders = append(keptHeaders, f.cut(i, h))
		}
	}
	keptRows := make([][]string, len(rows))
	for r, row := range rows {
		kept := make([]string, 0, len(keptHeaders))
		for i, c := range row {
			if i < len(f.keep) && f.keep[i] {
				kept = append(kept, f.cut(i, c))
			}
		}
		keptRows[r] = kept
	}
	return keptHeaders, keptRows
}

// drawTable writes the header (in style) and the rows, each cell
// left-aligned and padded to its column's display width, columnGap spaces
// between columns and no trailing space. Widths are measured as fit
// measures them, grapheme by grapheme, so a fitted table is exactly as
// wide as fit made it.
func drawTable(w io.Writer, headers []string, rows [][]string, style lipgloss.Style) error {
	widths := naturalWidths(headers, rows)
	bw := bufio.NewWriterSize(w, 64<<10)
	var line strings.Builder
	writeLine := func(cells []string, header bool) {
		line.Reset()
		for i, c := range cells {
			line.WriteString(c)
			if i < len(cells)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)+columnGap))
			}
		}
		s := strings.TrimRight(line.String(), " ")
		if header {
			s = style.Render(s)
		}
		bw.WriteString(s)
		bw.WriteByte('\n')
	}
	writeLine(headers, true)
	for _, row := range rows {
		writeLine(row, false)
	}
	return bw.Flush()
}
