package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Fuzz tests of the streaming writers; to search for a while,
//
//	go test -run='^$' -fuzz='^FuzzNDJSONWriter$' -fuzztime=30s ./render

// jsonValue decodes one JSON document with numbers kept as written.
func jsonValue(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

// FuzzNDJSONWriter writes arbitrary bytes as items: each is written iff it
// is valid JSON, and the output has one line per written item, each line
// one JSON value equal to the item.
func FuzzNDJSONWriter(f *testing.F) {
	for _, s := range []string{
		`{"a":1}`, "{\n  \"b\": [1, 2.50, 1e400]\n}", `"x"`, `null`, `[]`, ``, ` `, `{`, `{"a":1}{"b":2}`,
		`{"s":"line\u2028sep\u000a"}`, "{\"s\":\"\xff\xfe\"}", `{"html":"<script>&"}`, "\"a\nb\"", `1 2`,
	} {
		f.Add([]byte(s), []byte(`{"next":true}`))
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		var out bytes.Buffer
		w := NewNDJSONWriter(&out)
		var written [][]byte
		for _, item := range [][]byte{a, b, a} {
			err := w.Write(item)
			if valid := json.Valid(item); valid != (err == nil) {
				t.Fatalf("Write(%q) = %v, but json.Valid = %v", item, err, valid)
			}
			if err == nil {
				written = append(written, item)
			} else if err.Error() == "" {
				t.Errorf("empty error for %q", item)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		text := out.Bytes()
		if len(written) == 0 {
			if len(text) != 0 {
				t.Fatalf("nothing written, output %q", text)
			}
			return
		}
		if !bytes.HasSuffix(text, []byte("\n")) {
			t.Fatalf("output %q does not end with a newline", text)
		}
		lines := bytes.Split(bytes.TrimSuffix(text, []byte("\n")), []byte("\n"))
		if len(lines) != len(written) {
			t.Fatalf("%d items written, %d lines: %q", len(written), len(lines), text)
		}
		for i, line := range lines {
			if !json.Valid(line) {
				t.Errorf("line %d %q is not one JSON value", i, line)
				continue
			}
			got, err1 := jsonValue(line)
			want, err2 := jsonValue(written[i])
			if err1 != nil || err2 != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("line %d %q is not the item %q", i, line, written[i])
			}
		}
	})
}

// FuzzCSVWriter writes arbitrary headers and cells and reads them back with
// encoding/csv: every record has as many fields as there are columns, and
// each field is the cell's text (sanitised when asked; encoding/csv reads
// a CRLF inside a quoted field as LF, so that is the one change allowed).
func FuzzCSVWriter(f *testing.F) {
	for i, s := range hostile {
		f.Add("Session ID", "", s, hostile[(i+1)%len(hostile)], uint8(i), i%2 == 0)
	}
	for _, s := range []string{`a,b`, `"quoted"`, "cr\r\nlf", "lone\r", "\r", "\n", " lead", `\.`, "a\"b", "#comment"} {
		f.Add("User Agent", "ua", s, "", uint8(2), false)
		f.Add("", "", "", s, uint8(1), true)
	}
	for _, s := range []string{"=1+1", "-2", "@x", "\tx", "\rx"} {
		f.Add("User Agent", "ua", s, s, uint8(2), false)
		f.Add("User Agent", "ua", s, s, uint8(0x82), true)
	}
	f.Fuzz(func(t *testing.T, header, key, c1, c2 string, ncols uint8, sanitize bool) {
		n := int(ncols%3) + 1
		cols := make([]Column, n)
		for i := range cols {
			cols[i] = Column{Header: header + strings.Repeat("x", i), Key: key}
		}
		rows := [][]any{
			{c1, c2, c1},
			{c2},
			{nil, time.Time{}, time.Date(2026, 6, 1, 9, 0, 0, 0, time.FixedZone("x", 3600))},
			{42, c1 + c2},
		}
		o := CSVOptions{Sanitize: sanitize, Raw: ncols&0x80 != 0}
		var out bytes.Buffer
		w := NewCSVWriter(&out, cols, o)
		for _, r := range rows {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}

		want := [][]string{make([]string, n)}
		for i, col := range cols {
			want[0][i] = col.key()
		}
		for _, r := range rows {
			rec := make([]string, n)
			for i := range rec {
				if i < len(r) {
					rec[i] = csvCell(r[i], o)
				}
			}
			want = append(want, rec)
		}
		if times := want[3]; times[0] != "" || (n > 1 && times[1] != "") || (n > 2 && times[2] != "2026-06-01T08:00:00Z") {
			t.Fatalf("nil/time cells = %q", want[3])
		}
		if !o.Raw {
			for _, rec := range want[1:] {
				for _, cell := range rec {
					if isFormula(cell) {
						t.Errorf("cell %q would run as a formula", cell)
					}
				}
			}
		}
		if sanitize {
			for _, rec := range want[1:] {
				for _, cell := range rec {
					if bad, ok := terminalSafe(cell, false); !ok || strings.ContainsAny(cell, "\t\n") {
						t.Errorf("sanitised cell %q keeps %q", cell, bad)
					}
				}
			}
		}

		r := csv.NewReader(bytes.NewReader(out.Bytes()))
		r.FieldsPerRecord = n
		got, err := r.ReadAll()
		if err != nil {
			t.Fatalf("output does not read back: %v\n%q", err, out.Bytes())
		}
		if len(got) != len(want) {
			t.Fatalf("%d records read, %d written:\n%q", len(got), len(want), out.Bytes())
		}
		for i := range want {
			for j := range want[i] {
				if w := strings.ReplaceAll(want[i][j], "\r\n", "\n"); got[i][j] != w {
					t.Errorf("record %d field %d reads %q, wrote %q", i, j, got[i][j], want[i][j])
				}
			}
		}
	})
}

// TestCSVWriterKeepsEveryCell pins what FuzzCSVWriter found in
// encoding/csv's Writer: a carriage return inside a cell was dropped (and a
// line feed became CRLF), and a one-column row with an empty cell became a
// blank line that readers skip. Quoted cells now keep their bytes.
func TestCSVWriterKeepsEveryCell(t *testing.T) {
	var out bytes.Buffer
	w := NewCSVWriter(&out, []Column{{Header: "User Agent"}}, CSVOptions{})
	for _, r := range [][]any{{"cr\rreturn"}, {""}, {"a\nb"}, {"a\r\nb"}, {" lead"}, {`q"q`}} {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "user_agent\r\n\"cr\rreturn\"\r\n\"\"\r\n\"a\nb\"\r\n\"a\r\nb\"\r\n\" lead\"\r\n\"q\"\"q\"\r\n"
	if got := out.String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	recs, err := csv.NewReader(&out).ReadAll()
	// encoding/csv reads the CRLF inside "a\r\nb" as LF (its documented
	// rule); the bytes written are exact.
	wantRecs := [][]string{{"user_agent"}, {"cr\rreturn"}, {""}, {"a\nb"}, {"a\nb"}, {" lead"}, {`q"q`}}
	if err != nil || !reflect.DeepEqual(recs, wantRecs) {
		t.Errorf("reads back %q, %v; want %q", recs, err, wantRecs)
	}
}
