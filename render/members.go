package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
)

// WithoutMembers returns obj, a JSON object such as an API response, without
// its top-level members named in drop (all of them when a name repeats).
// The other members keep their order and their values byte for byte, so an
// object that an answer carries flat next to request_id and status_code
// (Stytch's user) can be embedded in another document losslessly.
func WithoutMembers(obj []byte, drop ...string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("reading object: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("document is not a JSON object")
	}
	var b bytes.Buffer
	b.Grow(len(obj))
	b.WriteByte('{')
	n := 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("reading object: %w", err)
		}
		name, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("reading object: %w", err)
		}
		if slices.Contains(drop, name) {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		writeKey(&b, name)
		b.WriteByte(':')
		b.Write(v)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("reading object: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("object has data after its end")
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
