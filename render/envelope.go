package render

import (
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
	dec := json.NewDecoder(bytes.NewReader(envelope))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("reading response document: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("response document is not a JSON object")
	}
	var b bytes.Buffer
	b.Grow(len(envelope))
	b.WriteByte('{')
	n, found := 0, false
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
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		writeKey(&b, name)
		b.WriteByte(':')
		if name == key && !found {
			found = true
			writeArray(&b, items)
			continue
		}
		b.Write(v)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("reading response document: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("response document has data after its end")
	}
	if !found {
		if n > 0 {
			b.WriteByte(',')
		}
		writeKey(&b, key)
		b.WriteByte(':')
		writeArray(&b, items)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
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
