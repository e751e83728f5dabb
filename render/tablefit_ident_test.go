package render

import (
	"bytes"
	"strings"
	"testing"
)

// TestIdentCellsNeverCut: in a free-text column (a user column of names),
// a cell that is an identifier (Ident: the user ID of a user without a
// name) is never cut at any width, while the names beside it still shrink;
// piped, an Ident is plain text.
func TestIdentCellsNeverCut(t *testing.T) {
	const id = "user-test-c0000000-0000-4000-8000-00000000000c"
	name := "Mallory Hart with a very long and hostile display name that goes on"
	table := TableData{
		Columns: []Column{
			{Header: "Severity", Fixed: true},
			{Header: "User"},
			{Header: "Session ID", Kind: Identifier},
			{Header: "Reason", Keep: true},
		},
		Rows: [][]any{
			{"critical", Ident(id), "8b2c3d4e", "New York, US 2h after Paris, FR (7a1b2c3d) was last used: at least 5797 km at 2899 km/h"},
			{"warning", name, "d9e2b7a4", "password is the only factor"},
		},
	}
	for _, width := range []int{60, 80, 100, 120} {
		var buf bytes.Buffer
		if err := WriteTable(&buf, table, TableOptions{TTY: true, Width: width, Now: now}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.Contains(out, id) {
			t.Errorf("width %d: the user ID is cut:\n%s", width, out)
		}
		if strings.Contains(out, name) {
			t.Errorf("width %d: the long name is whole, want it cut:\n%s", width, out)
		}
		for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if w := displayWidth(l); w > width {
				t.Errorf("width %d: line is %d wide: %q", width, w, l)
			}
		}
	}
	var piped bytes.Buffer
	if err := WriteTable(&piped, table, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(piped.String(), "critical\t"+id+"\t8b2c3d4e\t") {
		t.Errorf("piped: %q", piped.String())
	}
}
