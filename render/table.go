package render

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// Column describes one table column.
type Column struct {
	// Header is the column title, shown upper-cased on a terminal.
	Header string
	// Fixed columns (IDs, times) keep their width when the table must
	// shrink to fit the terminal; the others give up width first.
	Fixed bool
	// KeepEnd makes a cell that must shrink keep its end ("…a9f2b61")
	// instead of its start: for IDs whose prefix every row shares.
	KeepEnd bool
	// DropOrder marks a column that a terminal too narrow for the whole
	// table may hide: 1 goes first, then 2, and so on; 0 is never hidden.
	// Piped and machine formats always have every column.
	DropOrder int
	// Key is the column's machine name, used as the CSV header
	// ("session_id"). Empty means the header in snake case.
	Key string
}

// key returns Key, or Header lower-cased with spaces as underscores.
func (c Column) key() string {
	if c.Key != "" {
		return c.Key
	}
	return strings.ReplaceAll(strings.ToLower(c.Header), " ", "_")
}

// TableData is a table of cells. A cell is a string, a time.Time (zero
// means "none") or anything else, printed with fmt.Sprint.
type TableData struct {
	Columns []Column
	Rows    [][]any
}

// TableOptions says how to draw a table.
type TableOptions struct {
	// TTY selects the human form: header, aligned columns, relative times,
	// fitted to Width. Otherwise the table is tab-separated values with no
	// header, RFC 3339 UTC times and nothing truncated.
	TTY bool
	// Color styles the header; only meaningful with TTY.
	Color bool
	// Width is the terminal width in columns; 0 means unlimited.
	Width int
	// Now is the reference for relative times.
	Now time.Time
	// Absolute shows times on a terminal as dates and clock times in
	// Location ("2026-06-04 19:00 JST") instead of relative ones; -o wide
	// uses it. Piped tables are RFC 3339 UTC either way.
	Absolute bool
	// Location is the zone of absolute times; nil means UTC.
	Location *time.Location
}

const columnGap = 2

// WriteTable writes t to w in the form o selects.
func WriteTable(w io.Writer, t TableData, o TableOptions) error {
	if !o.TTY {
		return writeTSV(w, t)
	}
	return writeTerminalTable(w, t, o)
}

// writeTSV writes one line per row, cells separated by tabs. Tabs and
// newlines inside cells are escaped by Sanitize, so each row is one line
// with exactly len(Columns)-1 tabs.
func writeTSV(w io.Writer, t TableData) error {
	tw := NewTSVWriter(w)
	for _, row := range t.Rows {
		if err := tw.Write(row); err != nil {
			return err
		}
	}
	return tw.Flush()
}

// TSVWriter streams the piped form of a table: one line per row, no
// header, cells sanitised and separated by tabs, RFC 3339 UTC times. Rows
// are buffered until Flush.
type TSVWriter struct {
	bw *bufio.Writer
}

// NewTSVWriter returns a TSV writer onto w.
func NewTSVWriter(w io.Writer) *TSVWriter {
	return &TSVWriter{bw: bufio.NewWriterSize(w, 64<<10)}
}

// Write buffers one row.
func (t *TSVWriter) Write(row []any) error {
	for i, c := range row {
		if i > 0 {
			t.bw.WriteByte('\t')
		}
		t.writeCell(c)
	}
	return t.bw.WriteByte('\n')
}

// Flush writes out the buffered rows.
func (t *TSVWriter) Flush() error { return t.bw.Flush() }

// writeCell writes one cell in machine form: text sanitised, a time in RFC
// 3339 UTC (formatted straight into the buffer: thousands of rows would
// otherwise make as many strings), nothing for a zero time or nil.
func (t *TSVWriter) writeCell(c any) {
	switch v := c.(type) {
	case string:
		t.bw.WriteString(Sanitize(v))
	case time.Time:
		if !v.IsZero() {
			t.bw.Write(v.UTC().AppendFormat(t.bw.AvailableBuffer(), time.RFC3339))
		}
	case nil:
	default:
		t.bw.WriteString(Sanitize(fmt.Sprint(v)))
	}
}

func humanCell(c any, o TableOptions) string {
	switch v := c.(type) {
	case string:
		if v == "" {
			return "-"
		}
		return Sanitize(v)
	case time.Time:
		if v.IsZero() {
			return "-"
		}
		if o.Absolute {
			return HumanTime(v, o.Location)
		}
		return Relative(v, o.Now)
	case Toned:
		return v.human(o.Color)
	case nil:
		return "-"
	default:
		return Sanitize(fmt.Sprint(v))
	}
}

func writeTerminalTable(w io.Writer, t TableData, o TableOptions) error {
	cells := make([][]string, len(t.Rows))
	for i, row := range t.Rows {
		cells[i] = make([]string, len(t.Columns))
		for j := range t.Columns {
			var c any
			if j < len(row) {
				c = row[j]
			}
			cells[i][j] = humanCell(c, o)
		}
	}
	headers := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		headers[i] = strings.ToUpper(c.Header)
	}
	headers, cells = fit(headers, cells, t.Columns, o.Width)

	r := lipgloss.NewRenderer(w)
	if o.Color {
		r.SetColorProfile(termenv.ANSI256)
	} else {
		r.SetColorProfile(termenv.Ascii)
	}
	headerStyle := r.NewStyle().Bold(true).Foreground(lipgloss.Color("12"))
	header := make([]any, len(headers))
	for i, h := range headers {
		header[i] = h
	}

	// tablewriter does not report write errors, so it draws into a buffer
	// whose lines are then trimmed and written with the error checked.
	var buf bytes.Buffer
	pad := tw.Padding{Left: "", Right: strings.Repeat(" ", columnGap), Overwrite: true}
	table := tablewriter.NewTable(&buf,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders: tw.BorderNone,
			Symbols: tw.NewSymbols(tw.StyleNone),
			Settings: tw.Settings{
				Separators: tw.SeparatorsNone,
				Lines:      tw.LinesNone,
			},
		})),
		tablewriter.WithConfig(tablewriter.Config{
			Header: tw.CellConfig{
				Formatting: tw.CellFormatting{AutoFormat: tw.Off, AutoWrap: tw.WrapNone},
				Alignment:  tw.CellAlignment{Global: tw.AlignLeft},
				Padding:    tw.CellPadding{Global: pad},
			},
			Row: tw.CellConfig{
				Formatting: tw.CellFormatting{AutoWrap: tw.WrapNone},
				Alignment:  tw.CellAlignment{Global: tw.AlignLeft},
				Padding:    tw.CellPadding{Global: pad},
			},
		}),
		tablewriter.WithTrimSpace(tw.Off),
	)
	table.Header(header...)
	for _, row := range cells {
		if err := table.Append(row); err != nil {
			return err
		}
	}
	if err := table.Render(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	for i, line := range bytes.SplitAfter(buf.Bytes(), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		line = bytes.TrimRight(line, " \n")
		if i == 0 {
			bw.WriteString(headerStyle.Render(string(line)))
		} else {
			bw.Write(line)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// fit makes a terminal table at most width columns wide. First it hides
// the columns with a DropOrder (lowest first) until the rest can fit once
// shrunk; then it shrinks the widest shrinkable column, one cell at a time,
// down to a readable minimum, cutting cells with "…" (at the start for
// KeepEnd columns). A KeepEnd column that is Fixed gives up width only as a
// last resort. It returns the headers and rows of the columns kept.
func fit(headers []string, rows [][]string, cols []Column, width int) ([]string, [][]string) {
	if width <= 0 {
		return headers, rows
	}
	f := newTableFit(cols, naturalWidths(headers, rows))
	f.hide(width)
	f.shrink(width)
	return f.cutAll(headers, rows)
}

// Widths in fit: a flexible column shrinks to fitComfortable before
// columns are hidden, then to fitMinFlexible; a fixed KeepEnd column to
// fitMinKeepEnd as a last resort.
const fitComfortable, fitMinFlexible, fitMinKeepEnd = 16, 10, 14

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

// tableFit is fit's state: which columns are kept and how wide each is.
type tableFit struct {
	cols    []Column
	natural []int
	keep    []bool
	widths  []int
}

func newTableFit(cols []Column, natural []int) *tableFit {
	f := &tableFit{cols: cols, natural: natural, keep: make([]bool, len(cols)), widths: append([]int(nil), natural...)}
	for i := range f.keep {
		f.keep[i] = true
	}
	return f
}

// beforeDropping is how narrow column i may get before columns are hidden:
// a flexible one to a comfortable width, a fixed one not at all.
func (f *tableFit) beforeDropping(i int) int {
	if !f.cols[i].Fixed {
		return min(f.natural[i], fitComfortable)
	}
	return f.natural[i]
}

// minimum is how narrow column i may get once nothing is left to hide: a
// flexible one further, and a fixed KeepEnd one as a last resort.
func (f *tableFit) minimum(i int) int {
	switch {
	case !f.cols[i].Fixed:
		return min(f.natural[i], fitMinFlexible)
	case f.cols[i].KeepEnd:
		return min(f.natural[i], fitMinKeepEnd)
	}
	return f.natural[i]
}

func (f *tableFit) width(i int) int { return f.widths[i] }

// total is the width of the kept columns, each w(i) wide, with their gaps.
func (f *tableFit) total(w func(int) int) int {
	n := 0
	for i := range f.cols {
		if f.keep[i] {
			n += w(i) + columnGap
		}
	}
	return n
}

// hide drops the kept column with the lowest DropOrder until the rest fit
// in width at their beforeDropping widths, or none is left to drop (the
// terminal then wraps what shrink cannot save).
func (f *tableFit) hide(width int) {
	for f.total(f.beforeDropping) > width {
		drop := -1
		for i, c := range f.cols {
			if f.keep[i] && c.DropOrder > 0 && (drop < 0 || c.DropOrder < f.cols[drop].DropOrder) {
				drop = i
			}
		}
		if drop < 0 {
			return
		}
		f.keep[drop] = false
	}
}

// shrink narrows the widest shrinkable column by one, again and again,
// until the kept columns fit in width: first the flexible columns, then,
// as a last resort, the fixed KeepEnd ones too.
func (f *tableFit) shrink(width int) {
	for _, lastResort := range []bool{false, true} {
		for f.total(f.width) > width {
			best := -1
			for i := range f.widths {
				if f.shrinkable(i, lastResort) && (best < 0 || f.widths[i] > f.widths[best]) {
					best = i
				}
			}
			if best < 0 {
				break
			}
			f.widths[best]--
		}
	}
}

func (f *tableFit) shrinkable(i int, lastResort bool) bool {
	if !f.keep[i] || f.widths[i] <= f.minimum(i) {
		return false
	}
	return !f.cols[i].Fixed || (lastResort && f.cols[i].KeepEnd)
}

// cut fits text to column i's width with "…", keeping the end of a KeepEnd
// column's text.
func (f *tableFit) cut(i int, text string) string {
	n := ansi.StringWidth(text)
	switch {
	case n <= f.widths[i]:
		return text
	case f.cols[i].KeepEnd:
		return ansi.TruncateLeft(text, n-f.widths[i]+1, "…")
	}
	return ansi.Truncate(text, f.widths[i], "…")
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
			if f.keep[i] {
				kept = append(kept, f.cut(i, c))
			}
		}
		keptRows[r] = kept
	}
	return keptHeaders, keptRows
}

// HumanTime writes t for people in loc (UTC when nil) to the minute:
// "2026-06-04 19:00 JST".
func HumanTime(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("2006-01-02 15:04 MST")
}

// Relative describes t relative to now in the compact form people scan:
// "just now", "5m ago", "2h ago", "3d ago", "in 5d". The amount is Span's:
// floored, never rounded up. Beyond a year it gives the date.
func Relative(t, now time.Time) string {
	d := now.Sub(t)
	future := d < 0
	if future {
		d = -d
	}
	if d < time.Minute {
		return "just now"
	}
	if d >= 365*24*time.Hour {
		return t.Format("2006-01-02")
	}
	s := Span(d)
	if future {
		return "in " + s
	}
	return s + " ago"
}
