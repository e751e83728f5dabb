package render

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/itchyny/gojq"
)

// JQ is a compiled --jq expression (github.com/itchyny/gojq). It sees the
// same JSON document that -o json prints, and nothing else: no environment
// variables (a secret could be read from there) and no further inputs.
type JQ struct {
	code *gojq.Code
}

// CompileJQ parses and compiles expr. A bad expression is an error carrying
// the parser's message and, for a syntax error, where it was found.
func CompileJQ(expr string) (*JQ, error) {
	q, err := gojq.Parse(expr)
	if err != nil {
		var pe *gojq.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%w (at offset %d of %q)", err, pe.Offset, expr)
		}
		return nil, err
	}
	code, err := gojq.Compile(q, gojq.WithEnvironLoader(func() []string { return nil }))
	if err != nil {
		return nil, err
	}
	return &JQ{code: code}, nil
}

// Run applies the expression to doc, a JSON document, and writes each
// result on a line of its own: a string as raw text, anything else as
// compact JSON, as `gh --jq` does. With sanitize (output to a terminal),
// control characters in strings are made visible. `halt` ends the output
// early without an error; any other runtime error is returned.
func (j *JQ) Run(ctx context.Context, w io.Writer, doc []byte, sanitize bool) error {
	v, err := decodeDocument(doc)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	iter := j.code.RunWithContext(ctx, v)
	for {
		r, ok := iter.Next()
		if !ok {
			break
		}
		if err, ok := r.(error); ok {
			var he *gojq.HaltError
			if errors.As(err, &he) && he.Value() == nil {
				break
			}
			// Results before the error are still printed, as jq does.
			if _, werr := w.Write(out.Bytes()); werr != nil {
				return werr
			}
			return fmt.Errorf("evaluating --jq: %w", err)
		}
		if s, ok := r.(string); ok {
			if sanitize {
				s = Sanitize(s)
			}
			out.WriteString(s)
		} else {
			b, err := gojq.Marshal(r)
			if err != nil {
				return fmt.Errorf("evaluating --jq: %w", err)
			}
			if sanitize {
				b = []byte(Sanitize(string(b)))
			}
			out.Write(b)
		}
		out.WriteByte('\n')
		if out.Len() >= 64<<10 {
			if _, err := w.Write(out.Bytes()); err != nil {
				return err
			}
			out.Reset()
		}
	}
	_, err = w.Write(out.Bytes())
	return err
}

// decodeDocument decodes JSON for gojq and templates, keeping numbers as
// json.Number so that large IDs and exact decimals survive.
func decodeDocument(doc []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("decoding the JSON document: %w", err)
	}
	return v, nil
}
