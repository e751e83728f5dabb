package render

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// termDoc holds, raw inside strings and a key, what a terminal must not
// get: a right-to-left override, a C1 CSI, DEL and a byte that is not UTF-8.
var termDoc = []byte("{\"ua\":\"abc\u202edef\",\"c1\":\"x\u009b31my\",\"del\":\"\x7f\",\"bad\":\"\xff\",\"k\u202e\":1,\"ok\":\"caf\u00e9\"}")

func TestDocumentsForTerminal(t *testing.T) {
	var want any
	if err := json.Unmarshal(termDoc, &want); err != nil {
		t.Fatal(err)
	}
	// YAML escapes C1 and DEL itself (\x9B) and gets U+FFFD for the bad
	// byte from the JSON decoder; bidi overrides are left to EscapeDocument.
	check := func(name string, out []byte, decode func([]byte) (any, error), escapes ...string) {
		t.Helper()
		if i := firstTerminalUnsafe(out); i >= 0 {
			t.Errorf("%s: unsafe byte at %d: %q", name, i, out[max(0, i-10):min(len(out), i+10)])
		}
		for _, esc := range escapes {
			if !bytes.Contains(out, []byte(esc)) {
				t.Errorf("%s: no %s in\n%s", name, esc, out)
			}
		}
		got, err := decode(out)
		if err != nil || !reflect.DeepEqual(normalize(got), normalize(want)) {
			t.Errorf("%s reads back as %#v (%v), want %#v", name, got, err, want)
		}
	}
	fromJSON := func(b []byte) (any, error) { var v any; err := json.Unmarshal(b, &v); return v, err }
	fromYAML := func(b []byte) (any, error) { var v any; err := yaml.Unmarshal(b, &v); return v, err }

	var js, ym bytes.Buffer
	if err := WriteJSON(&js, termDoc, true); err != nil {
		t.Fatal(err)
	}
	check("WriteJSON", js.Bytes(), fromJSON, `\u202e`, `\u009b`, `\u007f`, `\ufffd`, `café`)
	if err := WriteYAML(&ym, termDoc, true); err != nil {
		t.Fatal(err)
	}
	check("WriteYAML", ym.Bytes(), fromYAML, `"abc\u202edef"`, `"k\u202e"`, `café`)

	l := testList()
	for _, f := range []Format{JSON, YAML} {
		var buf bytes.Buffer
		p := NewPrinter(&buf, PrintOptions{Format: f, Sanitize: true}, l)
		if err := p.Add(item{raw: string(termDoc)}); err != nil {
			t.Fatal(err)
		}
		p.SetEnvelope([]byte("{\"request_id\":\"r\u202e\",\"things\":[]}"))
		if err := p.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		if i := firstTerminalUnsafe(buf.Bytes()); i >= 0 || !strings.Contains(buf.String(), `r\u202e`) {
			t.Errorf("list as %s for a terminal: unsafe byte at %d or request_id not escaped:\n%s", f, i, buf.String())
		}
	}

	var piped bytes.Buffer
	if err := WriteJSON(&piped, termDoc, false); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(piped.Bytes(), []byte("\u202e")) || !bytes.Contains(piped.Bytes(), []byte("\xff")) {
		t.Errorf("WriteJSON not for a terminal changed the strings' bytes:\n%q", piped.String())
	}
}

// FuzzDocumentsForTerminal: for any JSON document, what WriteJSON and
// WriteYAML write for a terminal holds nothing EscapeDocument escapes and
// reads back as the same values.
func FuzzDocumentsForTerminal(f *testing.F) {
	f.Add(termDoc)
	f.Add([]byte(`{"a":"\u202e","b":["\u0085",{"\u2066":null}],"c":"line\nbreak"}`))
	f.Add([]byte("[\"\u0085\", \"yes\", \"\x7f\"]"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var want any
		if json.Unmarshal(raw, &want) != nil {
			return
		}
		var js, ym bytes.Buffer
		if err := WriteJSON(&js, raw, true); err != nil {
			t.Fatalf("WriteJSON: %v", err)
		}
		if err := WriteYAML(&ym, raw, true); err != nil {
			t.Fatalf("WriteYAML: %v", err)
		}
		for name, out := range map[string][]byte{"JSON": js.Bytes(), "YAML": ym.Bytes()} {
			if i := firstTerminalUnsafe(out); i >= 0 {
				t.Fatalf("%s for a terminal has an unsafe byte at %d:\n%q", name, i, out)
			}
		}
		var gotJ, gotY any
		if err := json.Unmarshal(js.Bytes(), &gotJ); err != nil || !reflect.DeepEqual(gotJ, want) {
			t.Fatalf("JSON for a terminal reads back as %#v (%v), want %#v\n%s", gotJ, err, want, js.String())
		}
		if err := yaml.Unmarshal(ym.Bytes(), &gotY); err != nil || !reflect.DeepEqual(normalize(gotY), normalize(want)) {
			t.Fatalf("YAML for a terminal reads back as %#v (%v), want %#v\n%s", gotY, err, want, ym.String())
		}
	})
}
