package render

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"time"
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
// hold a comma, a quote or a line break, and a header row of column keys.
// Times are RFC 3339 in UTC and the zero time is an empty field.
type CSVWriter struct {
	w        *csv.Writer
	bw       *bufio.Writer
	cols     []Column
	sanitize bool
	header   bool
	rec      []string
}

// NewCSVWriter returns a writer of the columns cols onto w. With sanitize,
// control characters and bidi overrides in cells are made visible (as in
// tables), which is for a terminal; piped, cells are written as they are.
// The header is written with the first row, or by Flush when there is none.
func NewCSVWriter(w io.Writer, cols []Column, sanitize bool) *CSVWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	return &CSVWriter{w: cw, bw: bw, cols: cols, sanitize: sanitize, rec: make([]string, len(cols))}
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
		c.rec[i] = csvCell(v, c.sanitize)
	}
	return c.w.Write(c.rec)
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
	return c.w.Write(h)
}

// Flush writes the header if no row was written, then everything buffered.
func (c *CSVWriter) Flush() error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}

func csvCell(v any, sanitize bool) string {
	switch x := v.(type) {
	case string:
		if sanitize {
			return Sanitize(x)
		}
		return x
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.UTC().Format(time.RFC3339)
	case nil:
		return ""
	default:
		s := fmt.Sprint(x)
		if sanitize {
			return Sanitize(s)
		}
		return s
	}
}
