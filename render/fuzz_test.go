package render

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Fuzz tests: `go test ./render` runs the seeds; to search for a while,
//
//	go test -run='^$' -fuzz=FuzzWriteTable -fuzztime=30s ./render

// hostile are cell contents that have broken terminals and TSV consumers.
var hostile = []string{
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 Chrome/126.0",
	"\x1b[31mred\x1b[0m", "\x1b]8;;https://evil\x07link\x1b]8;;\x07", "\x1b]0;title\x07",
	"tab\there", "new\nline", "cr\rreturn", "\u202eevil\u202c", "\u2066iso\u2069", "\x00nul", "\x7fdel",
	"\u009bc1 csi", "\xff\xfe invalid", "日本語のユーザーエージェント", "👩‍👩‍👧‍👦 family", "e\u0301 combining",
	"\u200b zero width", "", " ", strings.Repeat("w", 300),
}

// terminalSafe reports the first rune of s that must not reach a terminal:
// C0 controls other than newline, DEL, C1 controls, bidi controls, or
// invalid UTF-8. allowTab permits tabs (the TSV separator).
func terminalSafe(s string, allowTab bool) (bad rune, ok bool) {
	if !utf8.ValidString(s) {
		return utf8.RuneError, false
	}
	for _, r := range s {
		switch {
		case r == '\n', r == '\t' && allowTab:
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || unsafeFormat(r):
			return r, false
		}
	}
	return 0, true
}

// FuzzSanitize: whatever comes in, what goes out is terminal-safe, has no
// tab or newline, and text that needed nothing is returned unchanged.
func FuzzSanitize(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		if r, ok := terminalSafe(out, false); !ok || strings.ContainsAny(out, "\t\n") {
			t.Fatalf("Sanitize(%q) = %q, has %U", s, out, r)
		}
		if _, ok := terminalSafe(s, false); ok && !strings.ContainsAny(s, "\t\n") && out != s {
			t.Errorf("Sanitize changed clean text %q to %q", s, out)
		}
		if Sanitize(out) != out {
			t.Errorf("Sanitize is not idempotent on %q", out)
		}
	})
}

// FuzzWriteTable draws arbitrary cells: on a terminal the output is
// terminal-safe (the styled header aside), one line per row plus the
// header; piped, it is exactly one line per row with one tab between cells
// and each cell is the sanitised text.
func FuzzWriteTable(f *testing.F) {
	for i, s := range hostile {
		f.Add(s, hostile[(i+1)%len(hostile)], hostile[(i+5)%len(hostile)], uint8(i*7), i%2 == 0)
	}
	f.Fuzz(func(t *testing.T, a, b, c string, width uint8, color bool) {
		now := time.Date(2026, 6, 4, 10, 0, 0, 0, time.UTC)
		td := TableData{
			Columns: []Column{{Header: "Session ID", Fixed: true}, {Header: "Device"}, {Header: "IP"}, {Header: "Last active", Fixed: true}},
			Rows: [][]any{
				{a, b, c, now.Add(-time.Hour)},
				{c, a, b, time.Time{}},
				{b, nil, 42, now.Add(time.Hour)},
			},
		}

		var tty bytes.Buffer
		if err := WriteTable(&tty, td, TableOptions{TTY: true, Color: color, Width: int(width), Now: now}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(tty.String(), "\n"), "\n")
		if len(lines) != 1+len(td.Rows) {
			t.Fatalf("terminal table has %d lines, want %d:\n%q", len(lines), 1+len(td.Rows), tty.String())
		}
		for i, l := range lines {
			if i == 0 && color {
				continue // the header is styled on purpose; its text is ours
			}
			if r, ok := terminalSafe(l, false); !ok {
				t.Fatalf("terminal line %d has %U: %q", i, r, l)
			}
		}

		var piped bytes.Buffer
		if err := WriteTable(&piped, td, TableOptions{Now: now}); err != nil {
			t.Fatal(err)
		}
		rows := strings.Split(strings.TrimSuffix(piped.String(), "\n"), "\n")
		if len(rows) != len(td.Rows) {
			t.Fatalf("TSV has %d lines, want %d: %q", len(rows), len(td.Rows), piped.String())
		}
		for i, row := range rows {
			if r, ok := terminalSafe(row, true); !ok {
				t.Fatalf("TSV row %d has %U: %q", i, r, row)
			}
			cells := strings.Split(row, "\t")
			if len(cells) != len(td.Columns) {
				t.Fatalf("TSV row %d has %d cells, want %d: %q", i, len(cells), len(td.Columns), row)
			}
			for j, want := range td.Rows[i] {
				if s, ok := want.(string); ok && cells[j] != Sanitize(s) {
					t.Errorf("TSV cell %d,%d = %q, want %q", i, j, cells[j], Sanitize(s))
				}
			}
		}
	})
}

// FuzzWriteJSON: arbitrary bytes give an error or valid JSON with the same
// values, and an error for anything that is not JSON.
func FuzzWriteJSON(f *testing.F) {
	for _, s := range []string{
		`{"request_id":"r","sessions":[{"session_id":"s","roles":[],"custom_claims":{},"x":false,"y":"","n":1.50e3}],"status_code":200}`,
		`[]`, `null`, `"\u001b[2J"`, `{"a":1,"a":2}`, `{"big":123456789012345678901234567890}`, `{`, `nope`, "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var out bytes.Buffer
		err := WriteJSON(&out, raw, false)
		if (err == nil) != json.Valid(raw) {
			t.Fatalf("WriteJSON(%q) error = %v, but json.Valid = %v", raw, err, json.Valid(raw))
		}
		if err != nil {
			if out.Len() != 0 {
				t.Errorf("wrote %q before failing", out.String())
			}
			return
		}
		var a, b bytes.Buffer
		if json.Compact(&a, raw) != nil || json.Compact(&b, out.Bytes()) != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("WriteJSON changed the document:\n in: %q\nout: %q", raw, out.String())
		}
	})
}

// FuzzWriteYAML: a JSON document becomes YAML that reads back as the same
// values (strings stay strings, numbers numbers, null null); anything else
// is an error, never a panic.
func FuzzWriteYAML(f *testing.F) {
	for _, s := range []string{
		`{"request_id":"r","sessions":[{"session_id":"s","roles":[],"custom_claims":{},"x":false,"y":"","n":1.5}],"status_code":200}`,
		`{"yes":"no","on":"off","y":"n","null":"null","num":"1e3","date":"2024-06-04","oct":"0o17","hex":"0x1F","tilde":"~"}`,
		`{"multi":"line one\nline two\n","lead":" space","colon":"a: b","hash":"# c","dash":"- d","esc":"\u001b[31m"}`,
		`[1,-0,1e300,0.1,true,null,"",[],{}]`, `"just a string"`, `{"a":{"b":{"c":[{"d":null}]}}}`, `{`, `{"a":1,"a":2}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var out bytes.Buffer
		err := WriteYAML(&out, raw, false)
		var want any
		if json.Unmarshal(raw, &want) != nil {
			return // not JSON (or numbers out of range): an error or not, no panic is all we ask
		}
		if err != nil {
			t.Fatalf("WriteYAML refused valid JSON %q: %v", raw, err)
		}
		var got any
		if err := yaml.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("WriteYAML output does not parse as YAML: %v\nin: %q\nout:\n%s", err, raw, out.String())
		}
		if !reflect.DeepEqual(normalize(got), normalize(want)) {
			t.Errorf("YAML reads back differently:\n in: %q\nout:\n%s\ngot:  %#v\nwant: %#v", raw, out.String(), normalize(got), normalize(want))
		}
	})
}

// normalize makes decoded JSON and YAML comparable: every number a float64
// and every map keyed by string.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := map[string]any{}
		for k, e := range v {
			m[k] = normalize(e)
		}
		return m
	case map[any]any:
		m := map[string]any{}
		for k, e := range v {
			ks, ok := k.(string)
			if !ok {
				return v // a non-string key: leave it to fail the comparison
			}
			m[ks] = normalize(e)
		}
		return m
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalize(e)
		}
		return out
	case int:
		return float64(v)
	case int64:
		return float64(v)
	case uint64:
		return float64(v)
	case float64:
		if v == 0 {
			return math.Abs(v) // -0 and 0 are one JSON value
		}
		return v
	}
	return v
}

func TestYAMLRepeatedKeysLastWins(t *testing.T) {
	var out bytes.Buffer
	if err := WriteYAML(&out, []byte(`{"a":1,"b":{"x":1,"x":[2]},"a":3}`), false); err != nil {
		t.Fatal(err)
	}
	want := "a: 3\nb:\n  x:\n    - 2\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant (as jq reads it)\n%s", out.String(), want)
	}
}

// Regressions found by FuzzSanitize and FuzzWriteYAML (their corpora are in
// testdata/fuzz); spelled out here so that the cause is readable.

func TestSanitizeControlAfterNonASCII(t *testing.T) {
	// Sanitize's fast path used to stop checking for C0 controls after the
	// first non-ASCII character, so this reached the terminal raw.
	in := "Mozilla/5.0 (Linux; Android 14) Café\x1b]0;pwned\x07\x1b[2J"
	out := Sanitize(in)
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Fatalf("Sanitize(%q) = %q", in, out)
	}
	if want := `Mozilla/5.0 (Linux; Android 14) Café\x1b]0;pwned\x07\x1b[2J`; out != want {
		t.Errorf("Sanitize(%q) = %q, want %q", in, out, want)
	}
	var b bytes.Buffer
	td := TableData{Columns: []Column{{Header: "Device"}}, Rows: [][]any{{in}}}
	for _, o := range []TableOptions{{TTY: true, Width: 80}, {}} {
		b.Reset()
		if err := WriteTable(&b, td, o); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(b.String(), "\x1b\x07") {
			t.Errorf("table (TTY %v) lets escape sequences through: %q", o.TTY, b.String())
		}
	}
}

func TestYAMLFromJSONThatYAMLParsersRefuse(t *testing.T) {
	long := strings.Repeat("k", 1100)
	cases := []struct{ in, want string }{
		{"{\t\"a\":\t1}", "a: 1\n"},                     // tabs between tokens
		{"{\"ua\":\"x\x7fy\"}", "ua: \"x\\x7Fy\"\n"},    // raw DEL inside a string
		{`{"a":"\n"}`, "a: \"\\n\"\n"},                  // a lone newline
		{`{"a":"one\r\ntwo"}`, "a: \"one\\r\\ntwo\"\n"}, // CRLF kept
		{`{"` + long + `":1}`, "? " + long + "\n: 1\n"}, // a key over 1024 characters
		{`{"n":1e400,"m":-0,"big":123456789012345678901}`, "\"n\": 1e400\nm: -0\nbig: 123456789012345678901\n"}, // numbers as spelled
	}
	for _, tc := range cases {
		var b bytes.Buffer
		if err := WriteYAML(&b, []byte(tc.in), false); err != nil {
			t.Errorf("WriteYAML(%.40q): %v", tc.in, err)
			continue
		}
		if b.String() != tc.want {
			t.Errorf("WriteYAML(%.40q) =\n%q\nwant\n%q", tc.in, b.String(), tc.want)
		}
	}
}
