package render

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file:\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

var now = time.Date(2026, 6, 4, 10, 0, 0, 0, time.UTC)

func sampleTable() TableData {
	return TableData{
		Columns: []Column{{Header: "Session ID", Fixed: true}, {Header: "Factors"}, {Header: "Device"}, {Header: "Started", Fixed: true}},
		Rows: [][]any{
			{"session-test-1", "Google OAuth + TOTP", "Safari 17 · iOS 17.5", now.Add(-26 * time.Hour)},
			{"session-test-2", "Email magic link", "", time.Time{}},
			{"session-test-3", "Password\t+ SMS\nOTP", "\x1b[31mEvil\x1b[0m \u202eUA", now.Add(-3 * time.Minute)},
			{"session-test-4", "日本語のファクター名", "Chrome 126 · macOS", now.Add(5 * 24 * time.Hour)},
		},
	}
}

func TestTableGolden(t *testing.T) {
	cases := []struct {
		name string
		opts TableOptions
	}{
		{"table_piped.golden", TableOptions{TTY: false, Now: now}},
		{"table_tty.golden", TableOptions{TTY: true, Now: now}},
		{"table_tty_color.golden", TableOptions{TTY: true, Color: true, Now: now}},
		{"table_tty_narrow.golden", TableOptions{TTY: true, Width: 60, Now: now}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteTable(&buf, sampleTable(), tc.opts); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, buf.Bytes())
		})
	}
}

func TestTablePipedIsOneLinePerRowWithFixedTabs(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTable(&buf, sampleTable(), TableOptions{Now: now}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d lines, want 4 (no header):\n%s", len(lines), buf.String())
	}
	for _, l := range lines {
		if n := strings.Count(l, "\t"); n != 3 {
			t.Errorf("line %q has %d tabs, want 3", l, n)
		}
		if strings.ContainsRune(l, '\x1b') {
			t.Errorf("line %q carries a raw escape", l)
		}
	}
	if !strings.Contains(lines[0], "2026-06-03T08:00:00Z") {
		t.Errorf("piped time is not RFC 3339 UTC: %q", lines[0])
	}
	if got := lines[2]; !strings.Contains(got, `Password\t+ SMS\nOTP`) || !strings.Contains(got, `\x1b[31mEvil`) || !strings.Contains(got, `\u202eUA`) {
		t.Errorf("hostile cell not made visible: %q", got)
	}
}

func TestTerminalTableFitsWidth(t *testing.T) {
	for _, width := range []int{50, 60, 80} {
		var buf bytes.Buffer
		if err := WriteTable(&buf, sampleTable(), TableOptions{TTY: true, Width: width, Now: now}); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
			if w := displayWidth(l); w > width {
				t.Errorf("width %d: line is %d wide: %q", width, w, l)
			}
		}
	}
}

func TestTerminalTableNoControlCharacters(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTable(&buf, sampleTable(), TableOptions{TTY: true, Color: false, Now: now}); err != nil {
		t.Fatal(err)
	}
	for _, r := range buf.String() {
		if (r < 0x20 && r != '\n') || r == 0x7f || r == 0x202e {
			t.Fatalf("raw control character %U in terminal output:\n%q", r, buf.String())
		}
	}
}

func TestRelative(t *testing.T) {
	cases := []struct {
		d    time.Duration
		want string
	}{
		{-10 * time.Second, "just now"},
		{-5 * time.Minute, "5m ago"},
		{-2 * time.Hour, "2h ago"},
		{-3 * 24 * time.Hour, "3d ago"},
		{5 * 24 * time.Hour, "in 5d"},
		{90 * time.Minute, "in 1h"}, // floored, never rounded up: see TestSpan
	}
	for _, c := range cases {
		if got := Relative(now.Add(c.d), now); got != c.want {
			t.Errorf("Relative(%v) = %q, want %q", c.d, got, c.want)
		}
	}
	if got := Relative(now.AddDate(-2, 0, 0), now); got != "2024-06-04" {
		t.Errorf("old time = %q, want a date", got)
	}
}

func TestSanitize(t *testing.T) {
	cases := map[string]string{
		"plain text":          "plain text",
		"tab\there":           `tab\there`,
		"line\nbreak":         `line\nbreak`,
		"\x1b[2J\x1b]0;x\x07": `\x1b[2J\x1b]0;x\x07`,
		"c1\u009bcsi":         `c1\x9bcsi`,
		"bidi\u202etxt":       `bidi\u202etxt`,
		"bad\xffutf8":         "bad\uFFFDutf8",
		"日本語":                 "日本語",
	}
	for in, want := range cases {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

const doc = `{"request_id":"request-id-test-1","sessions":[{"session_id":"s1","zeta":1,"alpha":false,"empty":"","list":[],"obj":{},"n":null,"num":1.50,"when":"2026-06-02T16:20:11Z","yes":"yes","int":"123","esc":"a\u001bb"}],"status_code":200}`

func TestJSONIsLossless(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, []byte(doc), false); err != nil {
		t.Fatal(err)
	}
	golden(t, "document.json.golden", buf.Bytes())
	// Same bytes once whitespace is removed: order, numbers, escapes kept.
	var compact bytes.Buffer
	if err := compactJSON(&compact, buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	if compact.String() != doc {
		t.Errorf("round trip changed the document:\n got %s\nwant %s", compact.String(), doc)
	}
}

func TestYAMLSameDocument(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteYAML(&buf, []byte(doc), false); err != nil {
		t.Fatal(err)
	}
	golden(t, "document.yaml.golden", buf.Bytes())
	out := buf.String()
	for _, want := range []string{"alpha: false", `empty: ""`, "list: []", "obj: {}", `"n": null`, `int: "123"`, `"yes": "yes"`, "zeta: 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("YAML lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "zeta") > strings.Index(out, "alpha") {
		t.Errorf("YAML reordered keys:\n%s", out)
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"", "table", "json", "YAML", "wide", "ndjson", "CSV"} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("ParseFormat(%q): %v", s, err)
		}
	}
	_, err := ParseFormat("xml")
	if err == nil || !strings.Contains(err.Error(), "table, wide, json, yaml, ndjson, csv") {
		t.Errorf("ParseFormat(xml) error = %v, want one listing the formats", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrorsAreReturned(t *testing.T) {
	if err := WriteJSON(failWriter{}, []byte(doc), false); err == nil {
		t.Error("WriteJSON swallowed a write error")
	}
	if err := WriteYAML(failWriter{}, []byte(doc), false); err == nil {
		t.Error("WriteYAML swallowed a write error")
	}
	for _, tty := range []bool{false, true} {
		if err := WriteTable(failWriter{}, sampleTable(), TableOptions{TTY: tty, Now: now}); err == nil {
			t.Errorf("WriteTable(tty=%v) swallowed a write error", tty)
		}
	}
}

// A narrow terminal hides DropOrder columns (lowest first) before cutting
// free text, and hides free text rather than cut an identifier.
func TestTerminalTableDropsColumnsBeforeCutting(t *testing.T) {
	id := "session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14"
	table := TableData{
		Columns: []Column{
			{Header: "Session ID", Kind: Identifier},
			{Header: "Factors"},
			{Header: "IP", Kind: Address, DropOrder: 3},
			{Header: "Started", Fixed: true, DropOrder: 1},
			{Header: "Expires", Fixed: true, DropOrder: 2},
		},
		Rows: [][]any{{id, "Google OAuth + TOTP", "2001:db8:4f2a:91c0::1b7", now.Add(-time.Hour), now.Add(time.Hour)}},
	}
	draw := func(width int) string {
		var buf bytes.Buffer
		if err := WriteTable(&buf, table, TableOptions{TTY: true, Width: width, Now: now}); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
			if w := displayWidth(l); w > width {
				t.Errorf("width %d: line is %d wide: %q", width, w, l)
			}
		}
		return buf.String()
	}
	wide := draw(200)
	for _, h := range []string{"STARTED", "EXPIRES", "IP", id} {
		if !strings.Contains(wide, h) {
			t.Errorf("at 200 columns %q is missing:\n%s", h, wide)
		}
	}
	mid := draw(105)
	if strings.Contains(mid, "STARTED") || !strings.Contains(mid, "EXPIRES") || !strings.Contains(mid, id) {
		t.Errorf("at 105 columns want STARTED hidden first and the ID whole:\n%s", mid)
	}
	narrow := draw(60)
	if strings.Contains(narrow, "STARTED") || strings.Contains(narrow, "EXPIRES") || strings.Contains(narrow, "IP ") {
		t.Errorf("at 60 columns every DropOrder column should be hidden:\n%s", narrow)
	}
	if strings.Contains(narrow, "…") || !strings.Contains(narrow, id) || strings.Contains(narrow, "FACTORS") {
		t.Errorf("at 60 columns the ID should be whole, the factors hidden:\n%s", narrow)
	}
}
