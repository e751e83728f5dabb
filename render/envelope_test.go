package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"testing/quick"
)

// rawValue is a random JSON value, written with random whitespace and
// unusual but valid spellings, as an API might send.
type rawValue json.RawMessage

func (rawValue) Generate(r *rand.Rand, size int) reflect.Value {
	return reflect.ValueOf(rawValue(genJSON(r, 3)))
}

func ws(r *rand.Rand) string { return []string{"", "", " ", "\n  ", "\t"}[r.Intn(5)] }

func genJSON(r *rand.Rand, depth int) []byte {
	k := r.Intn(9)
	if depth == 0 {
		k = r.Intn(5)
	}
	switch k {
	case 0:
		return []byte([]string{"null", "true", "false"}[r.Intn(3)])
	case 1:
		return []byte([]string{"0", "-1", "12345678901234567890", "1.50", "1e-7", "3.0E+2"}[r.Intn(6)])
	case 2, 3:
		return []byte([]string{`""`, `"plain"`, `"\u00e9\"\\\/\n"`, `"<&>"`, `"\u202e\ud83d\ude00"`}[r.Intn(5)])
	case 4:
		return []byte([]string{"{}", "[]", "[ ]", "{ }"}[r.Intn(4)])
	case 5, 6:
		var b strings.Builder
		b.WriteString("[" + ws(r))
		for i := range r.Intn(4) {
			if i > 0 {
				b.WriteString("," + ws(r))
			}
			b.Write(genJSON(r, depth-1))
		}
		b.WriteString(ws(r) + "]")
		return []byte(b.String())
	default:
		var b strings.Builder
		b.WriteString("{" + ws(r))
		for i := range r.Intn(4) {
			if i > 0 {
				b.WriteString("," + ws(r))
			}
			fmt.Fprintf(&b, `"k%d"%s:%s`, i, ws(r), ws(r))
			b.Write(genJSON(r, depth-1))
		}
		b.WriteString(ws(r) + "}")
		return []byte(b.String())
	}
}

// TestWriteListJSONMatchesWriteJSON: streaming a list document gives the
// same bytes as building it and indenting it whole.
func TestWriteListJSONMatchesWriteJSON(t *testing.T) {
	prop := func(items []rawValue, before, after []rawValue, withEnvelope bool, keyAt uint8) bool {
		raws := make([]json.RawMessage, len(items))
		for i, it := range items {
			raws[i] = json.RawMessage(it)
		}
		var envelope []byte
		var want bytes.Buffer
		if withEnvelope {
			var b strings.Builder
			b.WriteString("{")
			n := 0
			add := func(name string, v []byte) {
				if n > 0 {
					b.WriteString(" ,")
				}
				n++
				fmt.Fprintf(&b, "%q: %s", name, v)
			}
			for i, v := range before {
				add(fmt.Sprint("b", i), v)
			}
			if keyAt%3 != 0 { // sometimes the key is absent and gets added
				add("things", []byte(`[1, 2]`))
			}
			for i, v := range after {
				add(fmt.Sprint("a", i), v)
			}
			b.WriteString("}")
			envelope = []byte(b.String())
			doc, err := SpliceArray(envelope, "things", raws)
			if err != nil {
				t.Log(err)
				return false
			}
			_ = WriteJSON(&want, doc, false)
		} else {
			_ = WriteJSON(&want, ArrayDocument("things", raws), false)
		}
		var got bytes.Buffer
		if err := writeListJSON(&got, envelope, "things", raws, false); err != nil {
			t.Log(err)
			return false
		}
		if got.String() != want.String() {
			t.Logf("got:\n%s\nwant:\n%s", got.String(), want.String())
			return false
		}
		return true
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 500}); err != nil {
		t.Error(err)
	}
}
