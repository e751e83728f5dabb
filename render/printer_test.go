package render

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// item is a stand-in for a command's item type.
type item struct {
	raw  string
	name string
	when time.Time
}

func testList() List[item] {
	return List[item]{
		Key:         "things",
		Raw:         func(i item) json.RawMessage { return json.RawMessage(i.raw) },
		Columns:     []Column{{Header: "Name"}},
		Row:         func(i item) []any { return []any{i.name} },
		WideColumns: []Column{{Header: "Name", Key: "name"}, {Header: "When"}},
		WideRow:     func(i item) []any { return []any{i.name, i.when} },
	}
}

var items = []item{
	{raw: `{"id": 1, "big": 12345678901234567890, "f": false, "e": "", "a": [], "o": {}}`, name: "one", when: now.Add(-2 * time.Hour)},
	{raw: `{"id":2,"name":"two, \"quoted\"","u":"\u00e9\u202e"}`, name: "two, \"quoted\"", when: time.Time{}},
}

func printAll(t *testing.T, o PrintOptions, envelope []byte, its ...item) string {
	t.Helper()
	var buf bytes.Buffer
	p := NewPrinter(&buf, o, testList())
	if envelope != nil {
		p.SetEnvelope(envelope)
	}
	for _, it := range its {
		if err := p.Add(it); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if p.Count() != len(its) {
		t.Errorf("Count = %d, want %d", p.Count(), len(its))
	}
	return buf.String()
}

func TestPrinterJSONMergedIsLossless(t *testing.T) {
	got := printAll(t, PrintOptions{Format: JSON}, nil, items...)
	var c bytes.Buffer
	if err := json.Compact(&c, []byte(got)); err != nil {
		t.Fatal(err)
	}
	want := `{"things":[{"id":1,"big":12345678901234567890,"f":false,"e":"","a":[],"o":{}},{"id":2,"name":"two, \"quoted\"","u":"\u00e9\u202e"}]}`
	if c.String() != want {
		t.Errorf("got  %s\nwant %s", c.String(), want)
	}
	if got := printAll(t, PrintOptions{Format: JSON}, nil); got != "{\n  \"things\": []\n}\n" {
		t.Errorf("empty list = %q", got)
	}
}

func TestPrinterJSONEnvelope(t *testing.T) {
	env := []byte(`{"request_id":"r-1","things":[{"id":1},{"id":2},{"id":3}],"status_code":200,"extra":{"x":[1,2]}}`)
	got := printAll(t, PrintOptions{Format: JSON}, env, items[1])
	var c bytes.Buffer
	_ = json.Compact(&c, []byte(got))
	want := `{"request_id":"r-1","things":[{"id":2,"name":"two, \"quoted\"","u":"\u00e9\u202e"}],"status_code":200,"extra":{"x":[1,2]}}`
	if c.String() != want {
		t.Errorf("got  %s\nwant %s", c.String(), want)
	}
}

func TestSpliceArray(t *testing.T) {
	items := []json.RawMessage{json.RawMessage(`{"a":1}`)}
	for _, tc := range []struct{ in, want string }{
		{`{"k":[9],"z":1}`, `{"k":[{"a":1}],"z":1}`},
		{` { "b" : 1.50 , "k" : null } `, `{"b":1.50,"k":[{"a":1}]}`},
		{`{"b":"<&>"}`, `{"b":"<&>","k":[{"a":1}]}`},
		{`{}`, `{"k":[{"a":1}]}`},
		{`{"k\u00e9":1}`, `{"ké":1,"k":[{"a":1}]}`},
	} {
		got, err := SpliceArray([]byte(tc.in), "k", items)
		if err != nil || string(got) != tc.want {
			t.Errorf("SpliceArray(%s) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{`[1]`, `{"a":`, `{"a":1} {}`, ``} {
		if _, err := SpliceArray([]byte(bad), "k", items); err == nil {
			t.Errorf("SpliceArray(%q) did not fail", bad)
		}
	}
}

func TestPrinterYAML(t *testing.T) {
	got := printAll(t, PrintOptions{Format: YAML}, nil, items[0])
	for _, want := range []string{"things:\n  - id: 1\n", "big: 12345678901234567890", "f: false", `e: ""`, "a: []", "o: {}"} {
		if !strings.Contains(got, want) {
			t.Errorf("YAML lacks %q:\n%s", want, got)
		}
	}
}

func TestPrinterNDJSON(t *testing.T) {
	var buf bytes.Buffer
	p := NewPrinter(&buf, PrintOptions{Format: NDJSON}, testList())
	if !p.Streams() {
		t.Error("ndjson does not stream")
	}
	_ = p.Add(items[0])
	if buf.Len() != 0 {
		t.Error("written before Flush")
	}
	_ = p.Flush()
	if buf.String() != `{"id":1,"big":12345678901234567890,"f":false,"e":"","a":[],"o":{}}`+"\n" {
		t.Errorf("after one item and Flush: %q", buf.String())
	}
	_ = p.Add(items[1])
	_ = p.Close(context.Background())
	if n := strings.Count(buf.String(), "\n"); n != 2 {
		t.Errorf("%d lines", n)
	}
	if err := NewNDJSONWriter(&buf).Write([]byte(`{"a":`)); err == nil {
		t.Error("malformed JSON written")
	}
}

func TestPrinterCSV(t *testing.T) {
	got := printAll(t, PrintOptions{Format: CSV}, nil, items...)
	want := "name,when\r\none," + now.Add(-2*time.Hour).Format(time.RFC3339) + "\r\n\"two, \"\"quoted\"\"\",\r\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	recs, err := csv.NewReader(strings.NewReader(got)).ReadAll()
	if err != nil || len(recs) != 3 || recs[2][0] != `two, "quoted"` {
		t.Errorf("does not read back: %v %v", recs, err)
	}
	if got := printAll(t, PrintOptions{Format: CSV}, nil); got != "name,when\r\n" {
		t.Errorf("empty CSV = %q", got)
	}
	hostile := item{name: "a\x1bb\nc"}
	if got := printAll(t, PrintOptions{Format: CSV, Sanitize: true}, nil, hostile); !strings.Contains(got, `a\x1bb\nc`) {
		t.Errorf("sanitised CSV = %q", got)
	}
	if got := printAll(t, PrintOptions{Format: CSV}, nil, hostile); !strings.Contains(got, "\"a\x1bb\nc\"") {
		t.Errorf("raw CSV = %q", got)
	}
}

func TestPrinterTables(t *testing.T) {
	piped := printAll(t, PrintOptions{Format: Table}, nil, items...)
	if piped != "one\ntwo, \"quoted\"\n" {
		t.Errorf("piped table = %q", piped)
	}
	wide := printAll(t, PrintOptions{Format: Wide}, nil, items...)
	if wide != "one\t"+now.Add(-2*time.Hour).Format(time.RFC3339)+"\ntwo, \"quoted\"\t\n" {
		t.Errorf("piped wide = %q", wide)
	}
	tty := TableOptions{TTY: true, Now: now, Width: 20}
	term := printAll(t, PrintOptions{Format: Table, Table: tty}, nil, items...)
	if !strings.HasPrefix(term, "NAME") || !strings.Contains(term, "two") {
		t.Errorf("terminal table = %q", term)
	}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	tty.Location, tty.Width = tokyo, 80
	termWide := printAll(t, PrintOptions{Format: Wide, Table: tty}, nil, items...)
	if !strings.Contains(termWide, now.Add(-2*time.Hour).In(tokyo).Format("2006-01-02 15:04")+" JST") {
		t.Errorf("wide terminal table has no absolute time in the zone:\n%s", termWide)
	}
	if got := printAll(t, PrintOptions{Format: Table, Table: tty}, nil); got != "" {
		t.Errorf("empty terminal table = %q", got)
	}
}

func TestPrinterJQ(t *testing.T) {
	q, err := CompileJQ(`.things[] | .id, .name, .big`)
	if err != nil {
		t.Fatal(err)
	}
	got := printAll(t, PrintOptions{Format: JSON, JQ: q}, nil, items...)
	if got != "1\nnull\n12345678901234567890\n2\ntwo, \"quoted\"\nnull\n" {
		t.Errorf("jq output = %q", got)
	}
	q, _ = CompileJQ(`.things[1].u`)
	if got := printAll(t, PrintOptions{JQ: q, Sanitize: true}, nil, items...); got != "é\\u202e\n" {
		t.Errorf("sanitised jq string = %q", got)
	}
	for _, bad := range []string{".[", "foo(", "}", `"\x"`} {
		if _, err := CompileJQ(bad); err == nil {
			t.Errorf("CompileJQ(%q) did not fail", bad)
		}
	}
}

func TestTemplateHelpers(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	doc := []byte(`{"t":"2026-06-04T08:00:00Z","list":["a",1,null,{"k":true}],"long":"abcdefghij","n":12345678901234567890,"empty":""}`)
	for tmpl, want := range map[string]string{
		`{{timeago .t}}`:                       "2h ago",
		`{{timeago .empty}}|{{timeago .nope}}`: "|",
		`{{timefmt "15:04 MST" .t}}`:           "17:00 JST",
		`{{join ", " .list}}`:                  `a, 1, , {"k":true}`,
		`{{.long | truncate 5}}`:               "abcd…",
		`{{truncate 20 .long}}`:                "abcdefghij",
		`{{upper .long}}`:                      "ABCDEFGHIJ",
		`{{color "green" "ok"}}`:               "ok",
		`{{.n}}`:                               "12345678901234567890",
		`{{.missing}}`:                         "<no value>",
		`{{range .list}}[{{.}}]{{end}}`:        "[a][1][<no value>][map[k:true]]",
	} {
		tp, err := ParseTemplate(tmpl, TemplateOptions{Now: now, Location: tokyo})
		if err != nil {
			t.Fatalf("%s: %v", tmpl, err)
		}
		var buf bytes.Buffer
		if err := tp.Execute(&buf, doc); err != nil {
			t.Errorf("%s: %v", tmpl, err)
			continue
		}
		if buf.String() != want {
			t.Errorf("%s = %q, want %q", tmpl, buf.String(), want)
		}
	}
	tp, _ := ParseTemplate(`{{color "red" "x"}}{{color "bold" "y"}}`, TemplateOptions{Color: true})
	var buf bytes.Buffer
	_ = tp.Execute(&buf, []byte(`{}`))
	if buf.String() != "\x1b[31mx\x1b[0m\x1b[1my\x1b[0m" {
		t.Errorf("colour = %q", buf.String())
	}
	for _, tmpl := range []string{`{{color "mauve" "x"}}`, `{{timefmt "x" .long}}`, `{{join "," .long}}`, `{{truncate 0 .long}}`} {
		tp, err := ParseTemplate(tmpl, TemplateOptions{})
		if err != nil {
			t.Fatalf("%s: %v", tmpl, err)
		}
		var buf bytes.Buffer
		if err := tp.Execute(&buf, doc); err == nil || buf.Len() != 0 {
			t.Errorf("%s: want an error and no output, got %q, %v", tmpl, buf.String(), err)
		}
	}
	if _, err := ParseTemplate(`{{if}}`, TemplateOptions{}); err == nil {
		t.Error("bad template parsed")
	}
}

func TestPrinterWriteErrors(t *testing.T) {
	q, _ := CompileJQ(".")
	tp, _ := ParseTemplate("x", TemplateOptions{})
	for _, o := range []PrintOptions{{Format: JSON}, {Format: YAML}, {Format: NDJSON}, {Format: CSV}, {Format: Table},
		{Format: Table, Table: TableOptions{TTY: true}}, {JQ: q}, {Template: tp}} {
		p := NewPrinter(failWriter{}, o, testList())
		_ = p.Add(items[0])
		err := p.Flush()
		if err == nil {
			err = p.Close(context.Background())
		}
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%+v: write error = %v", o.Format, err)
		}
	}
}

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	p := NewProgress(&buf, 10, "users")
	p.Add(1)
	if !strings.Contains(buf.String(), "Fetching") || !strings.Contains(buf.String(), "1/10") {
		t.Errorf("bar = %q", buf.String())
	}
	buf.Reset()
	p.Clear()
	if s := buf.String(); !strings.HasPrefix(s, "\r") || strings.Trim(s, "\r ") != "" {
		t.Errorf("Clear wrote %q", s)
	}
	p.Done()
	var nilBar *Progress
	nilBar.Add(1)
	nilBar.Clear()
	nilBar.Done()
	if NewProgress(&buf, 0, "x") != nil {
		t.Error("a bar for nothing")
	}
}

func TestFormatList(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteFormatList(&buf); err != nil {
		t.Fatal(err)
	}
	for _, f := range Formats() {
		if !strings.Contains(buf.String(), "  "+f+" ") {
			t.Errorf("format list lacks %s:\n%s", f, buf.String())
		}
	}
	if err := WriteFormatList(failWriter{}); err == nil {
		t.Error("write error lost")
	}
}

func TestTableKeepEndColumn(t *testing.T) {
	var buf bytes.Buffer
	td := TableData{
		Columns: []Column{{Header: "User", KeepEnd: true}, {Header: "Note"}},
		Rows:    [][]any{{"user-test-00000000-0000-4000-8000-000000300001", "a long note that also shrinks"}},
	}
	if err := WriteTable(&buf, td, TableOptions{TTY: true, Width: 40, Now: now}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "…") || !strings.Contains(lines[1], "300001 ") {
		t.Errorf("KeepEnd cell did not keep its end:\n%s", buf.String())
	}
	for _, l := range lines {
		if w := displayWidth(l); w > 40 {
			t.Errorf("line is %d wide: %q", w, l)
		}
	}
}

// TestPrinterAddAllMatchesAdd checks that AddAll prints what Add prints item
// by item, in every format, for a large batch.
func TestPrinterAddAllMatchesAdd(t *testing.T) {
	many := make([]item, 2001)
	for i := range many {
		many[i] = item{raw: fmt.Sprintf(`{"id":%d}`, i), name: fmt.Sprintf("item %d\x1b[2J", i), when: now.Add(-time.Duration(i) * time.Minute)}
	}
	l := testList()
	for _, o := range []PrintOptions{
		{Format: Table}, {Format: Wide}, {Format: Table, Table: TableOptions{TTY: true, Width: 80, Now: now}},
		{Format: NDJSON}, {Format: CSV}, {Format: JSON},
	} {
		var one, all bytes.Buffer
		p := NewPrinter(&one, o, l)
		for _, it := range many {
			if err := p.Add(it); err != nil {
				t.Fatal(err)
			}
		}
		q := NewPrinter(&all, o, l)
		if err := q.AddAll(many); err != nil {
			t.Fatal(err)
		}
		for _, pr := range []Printer[item]{p, q} {
			if err := pr.Close(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		if q.Count() != len(many) {
			t.Errorf("%+v: Count %d after AddAll, want %d", o, q.Count(), len(many))
		}
		if one.String() != all.String() {
			t.Errorf("%+v: AddAll printed %d bytes that differ from Add's %d", o, all.Len(), one.Len())
		}
		if o.Format == Table && !o.Table.TTY && strings.Count(all.String(), "\n") != len(many) {
			t.Errorf("piped table has %d lines, want %d", strings.Count(all.String(), "\n"), len(many))
		}
	}
}
