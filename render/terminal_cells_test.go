package render

import (
	"bytes"
	"strings"
	"testing"
)

func TestColumnTerminalHookOnlyOnATerminal(t *testing.T) {
	upper := func(cells []any) {
		for i, c := range cells {
			cells[i] = strings.ToUpper(c.(string)) + "!"
		}
	}
	rows := [][]any{{"abc", "x"}, {"def", "y"}}
	td := TableData{Columns: []Column{{Header: "ID", Terminal: upper}, {Header: "V"}}, Rows: rows}
	var tty, piped bytes.Buffer
	if err := WriteTable(&tty, td, TableOptions{TTY: true, Width: 80}); err != nil {
		t.Fatal(err)
	}
	if err := WriteTable(&piped, td, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tty.String(), "ABC!") || !strings.Contains(tty.String(), "DEF!") {
		t.Errorf("terminal table did not go through the hook:\n%s", tty.String())
	}
	if piped.String() != "abc\tx\ndef\ty\n" {
		t.Errorf("piped table = %q, want the cells untouched", piped.String())
	}
	if rows[0][0] != "abc" {
		t.Errorf("the caller's rows changed: %v", rows)
	}
}
