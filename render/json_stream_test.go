package render

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// printEach hands its to p one by one, flushing after each as a command
// does after each answer, then closes p.
func printEach(t *testing.T, p Printer[item], its []item) {
	t.Helper()
	for _, it := range its {
		if err := p.Add(it); err != nil {
			t.Fatal(err)
		}
		if err := p.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestJSONStreamIsTheJSONDocument: the streamed document is byte for byte
// the one the list printer writes to a pipe, empty, with one item and with
// several, for any array name.
func TestJSONStreamIsTheJSONDocument(t *testing.T) {
	nested := item{raw: `{"a":{"b":[1,{"c":null}],"d":"\u001b[31m"},"e":[]}`}
	for _, key := range []string{"things", "findings", `odd "key" \ é`, "ctl\x01"} {
		l := testList()
		l.Key = key
		for _, its := range [][]item{nil, {items[0]}, {items[0], nested, items[1]}} {
			var want, got bytes.Buffer
			printEach(t, NewPrinter(&want, PrintOptions{Format: JSON, CompactJSON: true}, l), its)
			s := NewJSONStream(&got, l)
			printEach(t, s, its)
			if got.String() != want.String() {
				t.Errorf("key %q, %d items:\ngot  %q\nwant %q", key, len(its), got.String(), want.String())
			}
			if s.Count() != len(its) || !s.Streams() {
				t.Errorf("Count = %d, Streams = %v; want %d, true", s.Count(), s.Streams(), len(its))
			}
		}
	}
	var empty bytes.Buffer
	printEach(t, NewJSONStream(&empty, testList()), nil)
	if got := empty.String(); got != "{\"things\":[]}\n" {
		t.Errorf("empty list = %q", got)
	}
}

// TestJSONStreamWritesAsItGoes: what was added and flushed is on the
// writer before Close, and SetEnvelope changes nothing.
func TestJSONStreamWritesAsItGoes(t *testing.T) {
	var buf bytes.Buffer
	p := NewJSONStream(&buf, testList())
	p.SetEnvelope([]byte(`{"request_id":"r-1","things":[]}`))
	if err := p.AddAll(items); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 0 {
		t.Errorf("written before Flush: %q", buf.String())
	}
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); !strings.HasPrefix(got, `{"things":[{"id":1,`) || !strings.Contains(got, `"id":2`) || strings.HasSuffix(got, "}\n") {
		t.Errorf("after Flush: %q", got)
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); !strings.HasSuffix(got, "]}\n") || strings.Contains(got, "request_id") {
		t.Errorf("after Close: %q", got)
	}
}

// TestJSONStreamErrors: an item that is not JSON and a writer that fails
// are errors.
func TestJSONStreamErrors(t *testing.T) {
	p := NewJSONStream(&bytes.Buffer{}, testList())
	if err := p.Add(item{raw: `{"id":`}); err == nil || !strings.Contains(err.Error(), "formatting JSON") {
		t.Errorf("bad item: %v", err)
	}
	p = NewJSONStream(failWriter{}, testList())
	if err := p.Add(items[0]); err != nil {
		t.Fatal(err) // buffered
	}
	if err := p.Flush(); err == nil {
		t.Error("Flush onto a failing writer: no error")
	}
	if err := NewJSONStream(failWriter{}, testList()).Close(context.Background()); err == nil {
		t.Error("Close onto a failing writer: no error")
	}
}
