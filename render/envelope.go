package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ArrayDocument returns {"<key>":[items…]}, the document a list command
// prints when several API responses feed one answer. Each item is embedded
// byte for byte, never decoded, so every field survives.
func ArrayDocument(key string, items []json.RawMessage) []byte {
	size := len(key) + 8
	for _, it := range items {
		size += len(it) + 1
	}
	var b bytes.Buffer
	b.Grow(size)
	b.WriteByte('{')
	writeKey(&b, key)
	b.WriteByte(':')
	writeArray(&b, items)
	b.WriteByte('}')
	return b.Bytes()
}

// SpliceArray returns envelope, a JSON object such as an API response, with
// the value of its top-level key replaced by an array of items. The other
// members keep their order and their bytes, so the API's own response object
// survives client-side filtering. When envelope has no such key, it is
// added at the end.
func SpliceArray(envelope []byte, key string, items []json.RawMessage) ([]byte, error) {
	members, err := spliceMembers(envelope, key)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Grow(len(envelope))
	b.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			b.WriteByte(',')
		}
		writeKey(&b, m.name)
		b.WriteByte(':')
		if m.value == nil {
			writeArray(&b, items)
			continue
		}
		b.Write(m.value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// member is one top-level member of a JSON object; a nil value marks the
// place of the list.
type member struct {
	name  string
	value json.RawMessage
}

// spliceMembers splits envelope into its top-level members and marks the
// first one named key (or a new one at the end) as the list's place.
func spliceMembers(envelope []byte, key string) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(envelope))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("reading response document: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("response document is not a JSON object")
	}
	var members []member
	found := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("reading response document: %w", err)
		}
		name, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("reading response document: %w", err)
		}
		if name == key && !found {
			found = true
			v = nil
		}
		members = append(members, member{name: name, value: v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("reading response document: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("response document has data after its end")
	}
	if !found {
		members = append(members, member{name: key})
	}
	return members, nil
}

// writeListJSON writes what WriteJSON would write for SpliceArray(envelope,
// key, items), or for ArrayDocument(key, items) when envelope is nil, byte
// for byte, but item by item: the document is never built in memory.
func writeListJSON(w io.Writer, envelope []byte, key string, items []json.RawMessage, terminal bool) error {
	members := []member{{name: key}}
	if envelope != nil {
		var err error
		if members, err = spliceMembers(envelope, key); err != nil {
			return err
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var kb, vb bytes.Buffer
	// Each piece is whole JSON (a key, a value), so EscapeDocument sees no
	// character cut in two.
	write := func(b []byte) {
		if terminal {
			b = EscapeDocument(b)
		}
		bw.Write(b)
	}
	indent := func(v []byte, prefix string) error {
		vb.Reset()
		if err := json.Indent(&vb, v, prefix, "  "); err != nil {
			return fmt.Errorf("formatting JSON: %w", err)
		}
		write(vb.Bytes())
		return nil
	}
	bw.WriteString("{\n")
	for i, m := range members {
		kb.Reset()
		writeKey(&kb, m.name)
		bw.WriteString("  ")
		write(kb.Bytes())
		bw.WriteString(": ")
		switch {
		case m.value != nil:
			if err := indent(m.value, "  "); err != nil {
				return err
			}
		case len(items) == 0:
			bw.WriteString("[]")
		default:
			bw.WriteString("[\n")
			for j, it := range items {
				bw.WriteString("    ")
				if len(it) == 0 {
					it = json.RawMessage("null")
				}
				if err := indent(it, "    "); err != nil {
					return err
				}
				if j < len(items)-1 {
					bw.WriteByte(',')
				}
				bw.WriteByte('\n')
			}
			bw.WriteString("  ]")
		}
		if i < len(members)-1 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

func writeKey(b *bytes.Buffer, key string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(key)     // a string always encodes
	b.Truncate(b.Len() - 1) // Encode's newline
}

func writeArray(b *bytes.Buffer, items []json.RawMessage) {
	b.WriteByte('[')
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		if len(it) == 0 {
			b.WriteString("null")
			continue
		}
		b.Write(it)
	}
	b.WriteByte(']')
}
