package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// WriteJSON writes a JSON document indented by two spaces and followed by a
// newline. It re-indents without decoding, so key order, unknown fields,
// number spelling and string escapes stay exactly as in raw. For a
// terminal, EscapeDocument is applied too.
func WriteJSON(w io.Writer, raw []byte, terminal bool) error {
	var buf bytes.Buffer
	buf.Grow(len(raw) + len(raw)/4)
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return fmt.Errorf("formatting JSON: %w", err)
	}
	buf.WriteByte('\n')
	out := buf.Bytes()
	if terminal {
		out = EscapeDocument(out)
	}
	_, err := w.Write(out)
	return err
}

// WriteCompactJSON writes a JSON document on one line followed by a
// newline: raw with the whitespace between tokens removed and nothing else
// changed (key order, unknown fields, numbers and string escapes stay as
// in raw). It is -o json for a pipe, for every command. Raw must be valid
// JSON, as every caller's is (the API's bytes, which api validated, or a
// document encoding/json wrote): it is not checked again, so that an
// answer that is compact already, as Stytch's are, is written as it is
// after one scan (BenchmarkWriteCompactJSON).
func WriteCompactJSON(w io.Writer, raw []byte) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	writeCompact(bw, raw)
	bw.WriteByte('\n')
	return bw.Flush()
}

// writeCompact writes src to w without the whitespace outside its
// strings, in the runs between that whitespace: a compact document is one
// write of src itself, with no copy (fresh memory for a copy of a large
// answer costs more than the scan). Strings are skipped whole with
// bytes.IndexByte. Errors stay in w, a bufio.Writer, until its Flush.
func writeCompact(w *bufio.Writer, src []byte) {
	start := 0
	for i := 0; i < len(src); {
		switch src[i] {
		case '"':
			i = stringEnd(src, i)
		case ' ', '\n', '\t', '\r':
			w.Write(src[start:i])
			i++
			start = i
		default:
			i++
		}
	}
	w.Write(src[start:])
}

// stringEnd returns the index just past the string that opens at
// src[open] (a '"'), or len(src) when it is not closed.
func stringEnd(src []byte, open int) int {
	j := open + 1
	for {
		k := bytes.IndexByte(src[j:], '"')
		if k < 0 {
			return len(src)
		}
		j += k
		backslashes := 0
		for p := j - 1; p > open && src[p] == '\\'; p-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return j + 1
		}
		j++
	}
}

// WriteYAML writes raw, a JSON document, as block-style YAML with the same
// keys in the same order and the same values: strings that would read as
// another type are quoted, null stays null, and empty objects and arrays
// are written as {} and []. For a terminal, EscapeDocument is applied too
// (strings it would change are always double-quoted, where escapes are
// read as the characters they stand for).
func WriteYAML(w io.Writer, raw []byte, terminal bool) error {
	doc, err := jsonToYAMLNode(raw)
	if err != nil {
		return fmt.Errorf("converting JSON to YAML: %w", err)
	}
	blockStyle(doc)
	// Encode into memory first: the encoder flattens write errors into
	// strings, and the caller needs to see a closed pipe as one.
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	out := buf.Bytes()
	if terminal {
		out = EscapeDocument(out)
	}
	_, err = w.Write(out)
	return err
}

// blockStyle turns the flow style that JSON parses into YAML's block style,
// keeping quotes only where a scalar needs them.
func blockStyle(n *yaml.Node) {
	switch n.Kind {
	case yaml.MappingNode, yaml.SequenceNode:
		if len(n.Content) > 0 {
			n.Style = 0
		}
	case yaml.ScalarNode:
		if n.Tag == "!!str" {
			// The encoder re-quotes strings that YAML 1.2 would read as
			// another type; words that YAML 1.1 readers take for booleans
			// (yes, no, on, off, y, n) are quoted too.
			// Text with line breaks is double-quoted too: the encoder's
			// literal blocks lose a lone "\n" and turn "\r\n" into "\n"
			// (found by FuzzWriteYAML). So is text that EscapeDocument
			// would change, so that its escapes mean the same characters.
			n.Style = 0
			if yaml11Bool(n.Value) || strings.ContainsAny(n.Value, "\n\r\u0085\u2028\u2029") || hasTerminalUnsafe(n.Value) {
				n.Style = yaml.DoubleQuotedStyle
			}
		}
	}
	for _, c := range n.Content {
		blockStyle(c)
	}
}

func yaml11Bool(s string) bool {
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off", "true", "false":
		return true
	}
	return false
}
