package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"gopkg.in/yaml.v3"
)

// jsonToYAMLNode builds the YAML document of a JSON document from the JSON
// tokens, keeping key order and every number as it was spelled. It does
// not let a YAML parser read the JSON: JSON allows what YAML refuses (tabs
// between tokens, DEL and C1 controls raw in strings, keys longer than
// 1024 characters), and fuzzing found each of those turning a valid
// response into a YAML error.
//
// A key repeated in one object keeps its first place and its last value,
// as jq and encoding/json read it; YAML does not allow repeated keys.
func jsonToYAMLNode(raw []byte) (*yaml.Node, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	v, err := yamlValue(d)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("invalid JSON: more than one value")
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{v}}, nil
}

// yamlValue reads one JSON value from d.
func yamlValue(d *json.Decoder) (*yaml.Node, error) {
	tok, err := d.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	switch tok {
	case json.Delim('{'):
		return yamlMapping(d)
	case json.Delim('['):
		return yamlSequence(d)
	}
	return yamlScalar(tok)
}

// yamlMapping reads the members of the object whose '{' d has just read.
func yamlMapping(d *json.Decoder) (*yaml.Node, error) {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	at := map[string]int{} // key → index of its value in n.Content
	for d.More() {
		kt, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("invalid JSON: %w", err)
		}
		key, _ := kt.(string)
		v, err := yamlValue(d)
		if err != nil {
			return nil, err
		}
		if i, seen := at[key]; seen {
			n.Content[i] = v
			continue
		}
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key})
		at[key] = len(n.Content)
		n.Content = append(n.Content, v)
	}
	return endCollection(d, n)
}

// yamlSequence reads the elements of the array whose '[' d has just read.
func yamlSequence(d *json.Decoder) (*yaml.Node, error) {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for d.More() {
		v, err := yamlValue(d)
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, v)
	}
	return endCollection(d, n)
}

// yamlScalar is the node of a token that is a whole value: a string, a
// number, a boolean or null. Any other token (a closing bracket) is an
// error.
func yamlScalar(tok json.Token) (*yaml.Node, error) {
	switch t := tok.(type) {
	case json.Delim:
		return nil, fmt.Errorf("invalid JSON: unexpected %q", t)
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t}, nil
	case json.Number:
		// No tag: the encoder writes the number as spelled, and YAML
		// readers resolve it as an int or a float as JSON readers do.
		return &yaml.Node{Kind: yaml.ScalarNode, Value: t.String()}, nil
	case bool:
		if t {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"}, nil
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false"}, nil
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	}
	return nil, fmt.Errorf("invalid JSON: unexpected token %v", tok)
}

// endCollection reads the bracket that closes the mapping or sequence n
// and writes an empty one in flow style ({} or []).
func endCollection(d *json.Decoder, n *yaml.Node) (*yaml.Node, error) {
	if _, err := d.Token(); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if len(n.Content) == 0 {
		n.Style = yaml.FlowStyle
	}
	return n, nil
}
