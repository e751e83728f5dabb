package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// NDJSONWriter writes one compact JSON object per line. Objects are
// compacted without decoding, so they stay lossless. Output is buffered
// until Flush: callers flush after each batch so that a reader (| head,
// | jq -c) sees results as they arrive while memory stays flat.
type NDJSONWriter struct {
	w   *bufio.Writer
	buf bytes.Buffer
}

// NewNDJSONWriter returns a writer onto w.
func NewNDJSONWriter(w io.Writer) *NDJSONWriter {
	return &NDJSONWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

// Write writes raw, a JSON value, as one line.
func (n *NDJSONWriter) Write(raw []byte) error {
	n.buf.Reset()
	if err := json.Compact(&n.buf, raw); err != nil {
		return fmt.Errorf("formatting JSON: %w", err)
	}
	n.buf.WriteByte('\n')
	_, err := n.w.Write(n.buf.Bytes())
	return err
}

// Flush writes out everything buffered.
func (n *NDJSONWriter) Flush() error { return n.w.Flush() }

// CSVWriter writes RFC 4180 CSV: CRLF line ends, fields quoted when they
// hold a comma, a quote or a line break (or start with a space, or are the
// only, empty, field of a record, which would otherwise be a blank line that
// readers skip), and a header row of column keys. A quoted field keeps its
// bytes exactly, carriage returns and line feeds included, so that readers
// that keep them (Python's csv, spreadsheets, xsv) get the cell as it was.
// Times are RFC 3339 in UTC and the zero time is an empty field. A cell
// that a spreadsheet would run as a formula is neutralised unless
// CSVOptions.Raw says otherwise (see CSVOptions).
type CSVWriter struct {
	bw     *bufio.Writer
	cols   []Column
	o      CSVOptions
	header bool
	rec    []string
}

// CSVOptions says how CSV cells are written.
type CSVOptions struct {
	// Sanitize makes control characters and bidi overrides in cells
	// visible (as in tables), which is for a terminal; without it, cells
	// keep their bytes.
	Sanitize bool
	// Raw keeps cells that start with =, +, -, @, a tab or a carriage
	// return as they are. Without it such a cell is written after a ',
	// as OWASP advises against CSV injection: a spreadsheet then shows
	// the text instead of running it as a formula (a user agent is
	// chosen by whoever signs in).
	Raw bool
}

// NewCSVWriter returns a writer of the columns cols onto w, with cells
// written as o says. The header is written with the first row, or by
// Flush when there is none.
func NewCSVWriter(w io.Writer, cols []Column, o CSVOptions) *CSVWriter {
	return &CSVWriter{bw: bufio.NewWriterSize(w, 64<<10), cols: cols, o: o, rec: make([]string, len(cols))}
}

// Write writes one row; its cells match the columns, as in TableData.
func (c *CSVWriter) Write(row []any) error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	for i := range c.rec {
		var v any
		if i < len(row) {
			v = row[i]
		}
		c.rec[i] = csvCell(v, c.o)
	}
	return c.writeRecord(c.rec)
}

// writeRecord writes one record. encoding/csv's Writer is not used: with
// UseCRLF it drops every carriage return inside a field and turns each line
// feed into CRLF, and it writes a record of one empty field as a blank
// line, which every reader skips.
func (c *CSVWriter) writeRecord(rec []string) error {
	for i, f := range rec {
		if i > 0 {
			c.bw.WriteByte(',')
		}
		if !csvNeedsQuotes(f) && (f != "" || len(rec) > 1) {
			c.bw.WriteString(f)
			continue
		}
		c.bw.WriteByte('"')
		c.bw.WriteString(strings.ReplaceAll(f, `"`, `""`))
		c.bw.WriteByte('"')
	}
	_, err := c.bw.WriteString("\r\n")
	return err
}

// csvNeedsQuotes reports whether f must be quoted: it holds a comma, a
// quote or a line break, or starts with white space (which some readers
// trim).
func csvNeedsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if strings.ContainsAny(f, ",\"\r\n") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(f)
	return unicode.IsSpace(r)
}

func (c *CSVWriter) writeHeader() error {
	if c.header {
		return nil
	}
	c.header = true
	h := make([]string, len(c.cols))
	for i, col := range c.cols {
		h[i] = col.key()
	}
	return c.writeRecord(h)
}

// Flush writes the header if no row was written, then everything buffered.
func (c *CSVWriter) Flush() error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	return c.bw.Flush()
}

// csvCell is the text of one cell: times in RFC 3339 UTC, nil and the
// zero time empty, numbers as Go prints them, anything else as text made
// safe as o says.
func csvCell(v any, o CSVOptions) string {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.UTC().Format(time.RFC3339)
	case nil:
		return ""
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return fmt.Sprint(x) // a number, never a formula
	default:
		s = fmt.Sprint(x)
	}
	if o.Sanitize {
		s = Sanitize(s)
	}
	if !o.Raw && isFormula(s) {
		s = "'" + s
	}
	return s
}

// isFormula reports whether a spreadsheet could read cell s as a formula:
// it starts with one of the characters OWASP lists for CSV injection.
func isFormula(s string) bool {
	return s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0
}
