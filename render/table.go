package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Column describes one table column.
type Column struct {
	// Header is the column title, shown upper-cased on a terminal.
	Header string
	// Kind says how the column gives way on a narrow terminal: free text
	// shrinks, identifiers and addresses are never cut (see fit).
	Kind Kind
	// Fixed columns (times, results) keep their width, as identifiers do;
	// only free text gives up width.
	Fixed bool
	// KeepEnd makes a FreeText cell that must shrink keep its end
	// ("…a9f2b61") instead of its start. Identifiers are never cut.
	KeepEnd bool
	// Keep marks the free text that is the point of the table (an audit's
	// reason, an error): on a narrow terminal it shrinks last. The other
	// free text shrinks, and every column with a DropOrder is hidden,
	// before a kept column is cut; it is hidden as a last resort only
	// after fixed columns (see fit).
	Keep bool
	// DropOrder is the column's place in the order in which a terminal too
	// narrow for the whole table hides columns: 1 goes first, then 2, and
	// so on. A column with 0 is hidden only as a last resort, after every
	// numbered one (see fit). Piped and machine formats always have every
	// column.
	DropOrder int
	// KeepWhenVaried keeps a numbered column as if it had no DropOrder
	// when its cells are not all the same: a user column names whose each
	// row is when a table holds several users' sessions, and only repeats
	// one ID when it holds one user's.
	KeepWhenVaried bool
	// Key is the column's machine name, used as the CSV header
	// ("session_id"). Empty means the header in snake case.
	Key string
	// Terminal, when set, rewrites the column's cells of a table drawn on
	// a terminal once every row is in (shortening session IDs to a prefix
	// unique among them, say). Piped tables and machine formats never call
	// it; the caller's rows are not changed.
	Terminal func(cells []any)
}

// Kind is what a column holds, which decides how it fits a terminal.
type Kind int

const (
	// FreeText (device, factors, reason, names) shrinks to fit, cut on a
	// word boundary where it can.
	FreeText Kind = iota
	// Identifier (session, user, member, organization, request IDs) is
	// never cut: when space runs out a lower-value column is hidden
	// instead.
	Identifier
	// Address (an IP address, a URL) is never cut either.
	Address
)

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
	return writeTerminalTable(w, terminalCells(t), o)
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
	case Ident:
		return humanCell(string(v), o)
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
	headers, cells = fitIdents(headers, cells, t.Columns, o.Width, identFloors(t, cells))

	r := NewRenderer(w, o.Color)
	headerStyle := r.NewStyle().Bold(true).Foreground(lipgloss.Color("12"))
	return drawTable(w, headers, cells, headerStyle)
}

// identFloors is, per column, the display width of its widest Ident cell
// as drawn (see fitIdents); nil when the table has none.
func identFloors(t TableData, cells [][]string) []int {
	var floors []int
	for r, row := range t.Rows {
		for j, c := range row {
			if _, ok := c.(Ident); !ok || j >= len(t.Columns) {
				continue
			}
			if floors == nil {
				floors = make([]int, len(t.Columns))
			}
			floors[j] = max(floors[j], ansi.StringWidth(cells[r][j]))
		}
	}
	return floors
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

// Ident is an identifier cell (a user ID) in a free-text column (a user
// column that names most users by name): on a terminal the column never
// gets narrower than its widest Ident, so identifiers are never cut while
// the text beside them still shrinks. Elsewhere it is its text.
type Ident string
