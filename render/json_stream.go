package render

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
)

// NewJSONStream returns a Printer that writes the JSON document
// {"<l.Key>":[…]} item by item as it is given them, holding nothing but a
// write buffer: it is -o json for lists too long to hold (an audit of every
// user of a project). The array keeps the name l.Key, so a jq filter reads
// it as it reads the document of NewPrinter.
//
// The document is compact, as -o json to a pipe always is (see
// PrintOptions.CompactJSON): for the same items it is byte for byte what
// NewPrinter writes for Format JSON with CompactJSON and no envelope. It
// is not escaped for a terminal, so use it only when the output is not
// one. SetEnvelope is ignored: the answer of a streamed list is never one
// API response. Flush writes out what is buffered; Close ends the
// document.
func NewJSONStream[T any](w io.Writer, l List[T]) Printer[T] {
	return &jsonStream[T]{w: bufio.NewWriterSize(w, 32<<10), l: l}
}

type jsonStream[T any] struct {
	w   *bufio.Writer
	l   List[T]
	n   int
	buf bytes.Buffer
}

func (s *jsonStream[T]) SetEnvelope([]byte) {}
func (s *jsonStream[T]) Count() int         { return s.n }
func (s *jsonStream[T]) Streams() bool      { return true }

func (s *jsonStream[T]) AddAll(items []T) error {
	for _, item := range items {
		if err := s.Add(item); err != nil {
			return err
		}
	}
	return nil
}

func (s *jsonStream[T]) Add(item T) error {
	if s.n == 0 {
		s.open(":[")
	} else {
		s.w.WriteByte(',')
	}
	s.n++
	s.buf.Reset()
	if err := json.Compact(&s.buf, s.l.Raw(item)); err != nil {
		return fmt.Errorf("formatting JSON: %w", err)
	}
	_, err := s.w.Write(s.buf.Bytes())
	return err
}

// open writes the start of the document, up to the array's name (spelled
// as NewPrinter spells it), then rest.
func (s *jsonStream[T]) open(rest string) {
	var key bytes.Buffer
	writeKey(&key, s.l.Key)
	s.w.WriteByte('{')
	s.w.Write(key.Bytes())
	s.w.WriteString(rest)
}

func (s *jsonStream[T]) Flush() error { return s.w.Flush() }

func (s *jsonStream[T]) Close(context.Context) error {
	if s.n == 0 {
		s.open(":[]}\n")
	} else {
		s.w.WriteString("]}\n")
	}
	return s.w.Flush()
}
