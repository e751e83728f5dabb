package render

import (
	"context"
	"encoding/json"
	"errors"
	"io"
)

// List describes the items a list command prints and how one item looks in
// each format. T is the command's item type (a session, a user, a finding);
// render sees it only through these functions, so the same printer serves
// `sessions list`, `users search`, `b2b sessions list` and `sessions audit`.
type List[T any] struct {
	// Key names the top-level array of the JSON document: "sessions",
	// "results", "member_sessions", "findings". It is the array the API's
	// own response uses, so a jq filter works for one response and many.
	Key string
	// Raw returns the item exactly as the API sent it. JSON, YAML, NDJSON,
	// --jq and --template embed these bytes; typed values are never
	// marshalled again.
	Raw func(T) json.RawMessage
	// Columns and Row make -o table.
	Columns []Column
	Row     func(T) []any
	// WideColumns and WideRow make -o wide and -o csv.
	WideColumns []Column
	WideRow     func(T) []any
	// PipedColumns and PipedRow, when set, make the default table when it
	// is piped (tab-separated values) instead of Columns and Row: a
	// command whose terminal table changes shape (a user column only for
	// several users) keeps one column set for scripts.
	PipedColumns []Column
	PipedRow     func(T) []any
}

// PrintOptions is how a list is printed, decided once from the flags.
type PrintOptions struct {
	Format Format
	// JQ, when set, replaces Format: the JSON document goes through it.
	JQ *JQ
	// Template, when set, replaces Format: the JSON document is executed
	// through it. JQ and Template are exclusive.
	Template *Template
	// Table says how tables are drawn: TTY, colour, width, clock, zone.
	// -o wide fits the width by the same rule as -o table.
	Table TableOptions
	// Sanitize makes control characters visible in CSV cells and --jq
	// strings, and applies EscapeDocument to JSON and YAML; set it when
	// stdout is a terminal.
	Sanitize bool
	// CompactJSON writes -o json on one line, whitespace removed (nothing
	// else changes): set it when stdout is not a terminal. Unset, -o json
	// is indented by two spaces, for a person.
	CompactJSON bool
	// CSVRaw writes CSV cells that a spreadsheet would run as formulas as
	// they are, instead of after a ' (see CSVOptions.Raw).
	CSVRaw bool
}

// Printer prints one list. A command creates it before it fetches anything
// (so a bad -o, --jq or --template fails first), then calls Add for each
// item in output order, Flush after each batch (one API response) so that
// streamed formats reach the reader as results arrive, and Close once at
// the end. A command that aborts does not call Close: what a streamed
// format already wrote stays, a document format prints nothing.
type Printer[T any] interface {
	// SetEnvelope gives the one API response the whole answer came from.
	// Document formats then print that response object with its Key array
	// holding the added items, instead of {"<Key>":[…]}, so that -o json
	// for a single request is the API's own response object.
	SetEnvelope(raw []byte)
	// Add prints or buffers one item.
	Add(item T) error
	// AddAll adds items in order, with the same output as Add for each.
	AddAll(items []T) error
	// Flush writes out what streamed formats have buffered.
	Flush() error
	// Close writes what remains: the document, the terminal table, the
	// CSV header of an empty list.
	Close(ctx context.Context) error
	// Count is the number of items added so far.
	Count() int
	// Streams reports whether items reach the output before Close
	// (NDJSON, CSV and piped tables).
	Streams() bool
}

// NewPrinter returns the printer of list l in the form o selects, writing
// to w. It writes nothing until the first Add or Close.
func NewPrinter[T any](w io.Writer, o PrintOptions, l List[T]) Printer[T] {
	p := &printer[T]{w: w, o: o, l: l}
	switch {
	case o.JQ != nil || o.Template != nil || o.Format.IsDocument():
		p.mode = modeDocument
	case o.Format == NDJSON:
		p.mode = modeNDJSON
		p.nd = NewNDJSONWriter(w)
	case o.Format == CSV:
		p.mode = modeCSV
		p.csv = NewCSVWriter(w, l.WideColumns, CSVOptions{Sanitize: o.Sanitize, Raw: o.CSVRaw})
	default:
		p.mode = modeTable
		p.cols, p.row = l.Columns, l.Row
		if o.Format == Wide {
			p.cols, p.row = l.WideColumns, l.WideRow
			p.o.Table.Absolute = true
		}
		if !o.Table.TTY {
			p.tsv = NewTSVWriter(w)
			if o.Format == Table && l.PipedRow != nil {
				p.cols, p.row = l.PipedColumns, l.PipedRow
			}
		}
	}
	return p
}

type printMode int

const (
	modeDocument printMode = iota
	modeNDJSON
	modeCSV
	modeTable
)

type printer[T any] struct {
	w        io.Writer
	o        PrintOptions
	l        List[T]
	mode     printMode
	envelope []byte
	n        int

	raws []json.RawMessage // modeDocument
	nd   *NDJSONWriter     // modeNDJSON
	csv  *CSVWriter        // modeCSV
	cols []Column          // modeTable
	row  func(T) []any
	tsv  *TSVWriter // piped table
	rows [][]any    // terminal table
}

func (p *printer[T]) SetEnvelope(raw []byte) { p.envelope = raw }
func (p *printer[T]) Count() int             { return p.n }

func (p *printer[T]) Streams() bool {
	return p.mode == modeNDJSON || p.mode == modeCSV || p.tsv != nil
}

func (p *printer[T]) Add(item T) error {
	p.n++
	switch p.mode {
	case modeDocument:
		p.raws = append(p.raws, p.l.Raw(item))
	case modeNDJSON:
		return p.nd.Write(p.l.Raw(item))
	case modeCSV:
		return p.csv.Write(p.l.WideRow(item))
	case modeTable:
		if p.tsv != nil {
			return p.tsv.Write(p.row(item))
		}
		p.rows = append(p.rows, p.row(item))
	}
	return nil
}

func (p *printer[T]) AddAll(items []T) error {
	for _, item := range items {
		if err := p.Add(item); err != nil {
			return err
		}
	}
	return nil
}

func (p *printer[T]) Flush() error {
	switch {
	case p.mode == modeNDJSON:
		return p.nd.Flush()
	case p.mode == modeCSV && p.n > 0:
		return p.csv.Flush()
	case p.tsv != nil:
		return p.tsv.Flush()
	}
	return nil
}

func (p *printer[T]) Close(ctx context.Context) error {
	switch p.mode {
	case modeDocument:
		return p.closeDocument(ctx)
	case modeNDJSON:
		return p.nd.Flush()
	case modeCSV:
		return p.csv.Flush()
	}
	if p.tsv != nil {
		return p.tsv.Flush()
	}
	if len(p.rows) == 0 {
		return nil
	}
	return WriteTable(p.w, TableData{Columns: p.cols, Rows: p.rows}, p.o.Table)
}

func (p *printer[T]) closeDocument(ctx context.Context) error {
	if p.o.JQ == nil && p.o.Template == nil && p.o.Format == JSON && !p.o.CompactJSON {
		// The same bytes as WriteJSON of the document, without building it.
		return writeListJSON(p.w, p.envelope, p.l.Key, p.raws, p.o.Sanitize)
	}
	doc := ArrayDocument(p.l.Key, p.raws)
	if p.envelope != nil {
		var err error
		if doc, err = SpliceArray(p.envelope, p.l.Key, p.raws); err != nil {
			return err
		}
	}
	switch {
	case p.o.JQ != nil:
		return p.o.JQ.Run(ctx, p.w, doc, p.o.Sanitize)
	case p.o.Template != nil:
		return p.o.Template.Execute(p.w, doc)
	case p.o.Format == YAML:
		return WriteYAML(p.w, doc, p.o.Sanitize)
	case p.o.Format == JSON && p.o.CompactJSON:
		return WriteCompactJSON(p.w, doc)
	case p.o.Format == JSON:
		return WriteJSON(p.w, doc, p.o.Sanitize)
	}
	return errors.New("render: no document format selected")
}
