// Package render writes command results: whole documents (JSON, YAML, a jq
// filter's results, a Go template), tables for people (styled on a
// terminal, tab-separated when piped) and streams (NDJSON, CSV). It knows no
// Stytch types: commands hand it raw JSON objects and the cells of their
// columns. Every write error is returned to the caller.
//
// A list command builds one [Printer] from -o (see [NewPrinter]) before it
// fetches anything, then hands it items as they arrive.
package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/stytchctl/stytchctl/render/suggest"
)

// Format is an output format chosen with -o. The zero value is Table.
type Format string

// The output formats.
const (
	Table  Format = "table"
	Wide   Format = "wide"
	JSON   Format = "json"
	YAML   Format = "yaml"
	NDJSON Format = "ndjson"
	CSV    Format = "csv"
)

// formats lists every valid format in the order help text shows them, with
// a one-line description.
var formats = []struct {
	f    Format
	desc string
}{
	{Table, "aligned columns for people; tab-separated when piped"},
	{Wide, "the table plus user ID, roles, full user agent and custom claims"},
	{JSON, "the API's JSON, lossless; one document"},
	{YAML, "the same document as YAML"},
	{NDJSON, "one compact JSON object per line, streamed as results arrive"},
	{CSV, "RFC 4180 with a header row: the wide columns, RFC 3339 UTC times"},
}

// Formats returns the names of every format, in help order.
func Formats() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = string(f.f)
	}
	return out
}

// Description is f's one-line description, as -o help lists it; "" for
// a name that is not a format.
func (f Format) Description() string {
	for _, d := range formats {
		if d.f == f {
			return d.desc
		}
	}
	return ""
}

// WriteFormatList writes every format with its description, one per line,
// for `-o help`.
func WriteFormatList(w io.Writer) error {
	var b strings.Builder
	b.WriteString("Output formats (-o):\n")
	for _, f := range formats {
		fmt.Fprintf(&b, "  %-8s %s\n", f.f, f.desc)
	}
	b.WriteString("\nWith --jq EXPR or --template TMPL the JSON document is filtered or\n" +
		"formatted instead (they need -o json, or no -o at all).\n")
	_, err := io.WriteString(w, b.String())
	return err
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
	return "", fmt.Errorf("unknown output format %q: %svalid formats are %s", s, suggestion(s, Formats()), strings.Join(Formats(), ", "))
}

// IsDocument reports whether the format prints the whole JSON document.
func (f Format) IsDocument() bool { return f == JSON || f == YAML }

// IsTable reports whether the format is a table for people.
func (f Format) IsTable() bool { return f == Table || f == Wide || f == "" }

// suggestion is "did you mean x? " for a misspelt name, or "".
func suggestion(got string, valid []string) string {
	if s := suggest.DidYouMean(got, valid); s != "" {
		return s + " "
	}
	return ""
}
