package render

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostileKeysDoc has, in map keys as well as values, what a terminal acts
// on: an OSC 52 clipboard write, an OSC 8 hyperlink, a CSI, a C1 CSI, a
// right-to-left override and a line break that would forge a line.
var hostileKeysDoc = []byte(`{"claims":{` +
	`"\u001b]52;c;ZXZpbA==\u0007":"clip",` +
	`"\u001b]8;;https://evil.example/\u001b\\link\u001b]8;;\u001b\\":"osc8",` +
	`"\u001b[2J":"csi","\u009b31m":"c1","k\u202eyek":"bidi","a\nforged":"nl"},` +
	`"list":[` + strings.Repeat(`0,`, 26) + `0]}`)

// terminalUnsafeAt is the offset of the first byte of out that a terminal
// would act on or show misleadingly: a C0 control other than a line feed or
// a tab (except in the SGR colour sequences the color helper writes), DEL,
// a C1 control, a bidi override, or invalid UTF-8; -1 when there is none.
func terminalUnsafeAt(out string) int {
	for i := 0; i < len(out); {
		if n := sgrLen(out[i:]); n > 0 {
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(out[i:])
		if (r < 0x20 && r != '\n' && r != '\t') || (r == utf8.RuneError && size == 1) || terminalUnsafe(r) {
			return i
		}
		i += size
	}
	return -1
}

// TestTemplateForTerminalEscapesKeys: on a terminal, whatever path the
// template takes to print a document's text (a range over a map's keys,
// {{.}} of a map, printf "%v", or a character computed from the data),
// nothing reaches the screen that a terminal would act on; the keys show
// with the same escapes as values. The color helper's colours still work.
func TestTemplateForTerminalEscapesKeys(t *testing.T) {
	for tmpl, want := range map[string]string{
		`{{range $k, $v := .claims}}{{$k}}={{$v}};{{end}}`: `\x1b]52;c;ZXZpbA==\x07=clip;`,
		`{{.claims}}`:             `\x1b]8;;https://evil.example/\x1b\link\x1b]8;;\x1b\:osc8`,
		`{{printf "%v" .claims}}`: `\x1b[2J:csi`,
		`{{.}}`:                   `k\u202eyek:bidi`,
		`{{range $k, $_ := .claims}}{{printf "%s|" $k}}{{end}}`: `a\nforged|`,
		`{{printf "%c" (len .list)}}`:                           `\x1b`,
		`{{color "red" "ok"}} {{.claims}}`:                      "\x1b[31mok\x1b[0m ",
	} {
		tp, err := ParseTemplate(tmpl, TemplateOptions{Sanitize: true, Color: true})
		if err != nil {
			t.Fatalf("%s: %v", tmpl, err)
		}
		var buf bytes.Buffer
		if err := tp.Execute(&buf, hostileKeysDoc); err != nil {
			t.Fatalf("%s: %v", tmpl, err)
		}
		out := buf.String()
		if i := terminalUnsafeAt(out); i >= 0 {
			t.Errorf("%s on a terminal: unsafe byte %q at %d in\n%q", tmpl, out[i], i, out)
		}
		if !strings.Contains(out, want) {
			t.Errorf("%s on a terminal = %q, want it to hold %q", tmpl, out, want)
		}
	}

	// Piped, the template prints the document's text as it is.
	tp, err := ParseTemplate(`{{range $k, $v := .claims}}{{$k}}{{end}}`, TemplateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tp.Execute(&buf, hostileKeysDoc); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\x1b]52;c;ZXZpbA==\a") {
		t.Errorf("piped template changed the keys: %q", buf.String())
	}
}

// sgrLen is the length of the SGR sequence (ESC [ digits and ; m) at the
// start of s, or 0.
func sgrLen(s string) int {
	if !strings.HasPrefix(s, "\x1b[") {
		return 0
	}
	for i := 2; i < len(s); i++ {
		switch c := s[i]; {
		case c == 'm':
			return i + 1
		case c != ';' && (c < '0' || c > '9'):
			return 0
		}
	}
	return 0
}

// TestTemplateForTerminalKeepsEveryKey: a key whose escaped form is
// another key's name ("a\x1b" written out) does not replace that member.
func TestTemplateForTerminalKeepsEveryKey(t *testing.T) {
	tp, err := ParseTemplate(`{{range $k, $v := .}}{{$k}}={{$v}};{{end}}`, TemplateOptions{Sanitize: true})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tp.Execute(&buf, []byte(`{"a\\x1b":"literal","a\u001b":"escape"}`)); err != nil {
		t.Fatal(err)
	}
	if want := `a\x1b=literal;a\x1b` + "\ufffd" + `=escape;`; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}
