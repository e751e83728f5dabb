package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestTonedCells(t *testing.T) {
	data := TableData{
		Columns: []Column{{Header: "Severity", Fixed: true}, {Header: "Reason"}},
		Rows: [][]any{
			{Toned{Text: "critical", Tone: ToneAlert}, "signed in by impersonation"},
			{Toned{Text: "warning", Tone: ToneCaution}, "idle for 4d"},
			{Toned{Text: "info", Tone: ToneDim}, "no user agent recorded"},
			{Toned{Text: "", Tone: ToneDim}, "x"},
		},
	}
	draw := func(o TableOptions) string {
		var b bytes.Buffer
		if err := WriteTable(&b, data, o); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	plain := draw(TableOptions{TTY: true, Width: 80})
	color := draw(TableOptions{TTY: true, Width: 80, Color: true})
	piped := draw(TableOptions{})
	if strings.Contains(plain, "\x1b") || strings.Contains(piped, "\x1b") {
		t.Errorf("colour without Color:\n%q\n%q", plain, piped)
	}
	for _, want := range []string{"\x1b[31mcritical", "\x1b[33mwarning", "\x1b[2minfo"} {
		if !strings.Contains(color, want) {
			t.Errorf("coloured table lacks %q:\n%q", want, color)
		}
	}
	// Colour changes no width: the lines, stripped, are the plain ones.
	if got := ansi.Strip(color); got != ansi.Strip(plain) {
		t.Errorf("coloured table, stripped:\n%s\nplain:\n%s", got, plain)
	}
	if want := "critical\tsigned in by impersonation\nwarning\tidle for 4d\ninfo\tno user agent recorded\n\tx\n"; piped != want {
		t.Errorf("piped = %q, want %q", piped, want)
	}
}
