// Package render writes command results: whole documents (JSON, YAML),
// tables for people (styled on a terminal, tab-separated when piped) and
// streams. It knows no Stytch types: commands hand it raw JSON documents and
// tables of cells. Every write error is returned to the caller.
package render

import (
	"fmt"
	"strings"
)

// Format is an output format chosen with -o. The zero value is Table.
type Format string

// The output formats.
const (
	Table Format = "table"
	JSON  Format = "json"
	YAML  Format = "yaml"
)

// formats lists every valid format in the order help text shows them, with
// a one-line description.
var formats = []struct {
	f    Format
	desc string
}{
	{Table, "aligned columns for people; tab-separated when piped"},
	{JSON, "the API's JSON, lossless"},
	{YAML, "the same document as YAML"},
}

// Formats returns the names of every format, in help order.
func Formats() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = string(f.f)
	}
	return out
}

// FormatHelp is the -o flag's help text: every format and what it is.
func FormatHelp() string {
	parts := make([]string, len(formats))
	for i, f := range formats {
		parts[i] = string(f.f)
	}
	return "Output format: " + strings.Join(parts, ", ")
}

// ParseFormat validates s. An unknown name is an error that lists the
// valid ones.
func ParseFormat(s string) (Format, error) {
	if s == "" {
		return Table, nil
	}
	for _, f := range formats {
		if strings.EqualFold(s, string(f.f)) {
			return f.f, nil
		}
	}
	return "", fmt.Errorf("unknown output format %q: valid formats are %s", s, strings.Join(Formats(), ", "))
}

// IsDocument reports whether the format prints the whole JSON document.
func (f Format) IsDocument() bool { return f == JSON || f == YAML }
