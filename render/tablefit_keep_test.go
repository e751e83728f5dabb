package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// keepTable is an audit-like table: its reason is the point (Keep), a
// device label is long free text, a user name is long and never cut.
func keepTable() ([]string, [][]string, []Column) {
	cols := []Column{
		{Header: "Severity", Fixed: true},
		{Header: "Rule", Fixed: true, DropOrder: 2},
		{Header: "User", Kind: Identifier},
		{Header: "Session ID", Kind: Identifier},
		{Header: "Device", DropOrder: 1},
		{Header: "Note"},
		{Header: "Reason", Keep: true},
	}
	headers := []string{"SEVERITY", "RULE", "USER", "SESSION ID", "DEVICE", "NOTE", "REASON"}
	rows := [][]string{
		{"critical", "impersonated", "Priya Raman", "9d4b7e2a", "Chrome 126 · Linux", "seen twice this week from the office",
			"signed in by impersonation: Impersonated by support.lead@example.com"},
		{"warning", "weak-factor", "Mallory Hart with a very long hostile nm", "d9e2b7a4",
			"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0", "-", "password is the only factor"},
		{"info", "no-device-info", "Ben Okafor", "8c4a1e7f", "-", "-", "no user agent or IP address recorded"},
	}
	return headers, rows, cols
}

// TestFitKeepShrinksLast holds the rule for a kept column at 80, 120 and
// 200 columns and every width between: it is whole whenever hiding the
// numbered columns and shrinking the other free text to its minimum makes
// room for it; when it is cut, no numbered column is left and the other
// free text is at its minimum.
func TestFitKeepShrinksLast(t *testing.T) {
	headers, rows, cols := keepTable()
	natural := naturalWidths(headers, rows)
	const reason, note = 6, 5
	// The room the kept column needs: the columns without a DropOrder, the
	// other free text at its minimum.
	need := 0
	for i, c := range cols {
		switch {
		case c.DropOrder > 0:
			continue
		case i == note:
			need += min(natural[i], fitMinFlexible)
		default:
			need += natural[i]
		}
		need += columnGap
	}
	need -= columnGap
	for _, width := range []int{80, 120, 200, need, need - 1, 150, 100} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			f := planFit(headers, rows, cols, width)
			kh, kr := f.cutAll(headers, rows)
			var buf strings.Builder
			if err := drawTable(&buf, kh, kr, lipgloss.NewStyle()); err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
				if w := ansi.StringWidth(line); w > width {
					t.Errorf("line %d wide at %d: %q", w, width, line)
				}
			}
			whole := f.keep[reason] && f.widths[reason] == natural[reason]
			if width >= need && !whole {
				t.Errorf("at %d (room from %d) the reason is cut to %d:\n%s", width, need, f.widths[reason], buf.String())
			}
			if !whole {
				for i, c := range cols {
					if c.DropOrder > 0 && f.keep[i] {
						t.Errorf("at %d the reason is cut while %s stays:\n%s", width, c.Header, buf.String())
					}
				}
				if f.keep[note] && f.widths[note] > fitMinFlexible {
					t.Errorf("at %d the reason is cut while NOTE is %d wide:\n%s", width, f.widths[note], buf.String())
				}
			}
			if width == 200 {
				// Room to spare: the device comes back, shrunk, and the
				// identifiers are never cut.
				if !f.keep[4] || !f.keep[2] {
					t.Errorf("at 200 the device or the user is hidden:\n%s", buf.String())
				}
			}
		})
	}
}

// TestFitKeepOutlastsFixed: as a last resort a kept column is hidden after the
// fixed columns and before identifiers.
func TestFitKeepOutlastsFixed(t *testing.T) {
	headers, rows, cols := keepTable()
	kh, _ := fit(headers, rows, cols, 65)
	if got := strings.Join(kh, "|"); strings.Contains(got, "SEVERITY") || !strings.Contains(got, "REASON") {
		t.Errorf("at 65: %s; want the severity hidden before the reason", got)
	}
}

// TestFitWithoutKeepUnchanged: a table without Keep shrinks its widest
// free text first, as before.
func TestFitWithoutKeepUnchanged(t *testing.T) {
	headers, rows, cols := keepTable()
	cols[6].Keep = false
	f := planFit(headers, rows, cols, 120)
	if f.keep[6] && f.widths[6] == naturalWidths(headers, rows)[6] && f.keep[5] && f.widths[5] < fitComfortable {
		t.Errorf("without Keep the reason took the room of the note: %v", f.widths)
	}
}

// TestFitKeepWhenVaried: a user column with several users in it stays
// where one that repeats one user goes in its DropOrder.
func TestFitKeepWhenVaried(t *testing.T) {
	cols := []Column{
		{Header: "Session ID", Kind: Identifier},
		{Header: "User ID", Kind: Identifier, DropOrder: 2, KeepWhenVaried: true},
		{Header: "Device", DropOrder: 3},
		{Header: "Last active", Fixed: true},
	}
	headers := []string{"SESSION ID", "USER ID", "DEVICE", "LAST ACTIVE"}
	row := func(user string) []string {
		return []string{"4e9b2d7a", user, "Chrome 126 · macOS on a long label here", "2026-12-07 17:34 UTC"}
	}
	const alice, bob = "user-test-5c1e9a47-3b8d-4f26-9e0a-7d4b2c8f1e63", "user-test-3f8a1c6d-7e2b-4a90-b5d4-c1e9f7a2d803"
	for _, tc := range []struct {
		name     string
		rows     [][]string
		wantUser bool
	}{
		{"one user", [][]string{row(alice), row(alice)}, false},
		{"several users", [][]string{row(alice), row(bob)}, true},
		{"one row", [][]string{row(alice)}, false},
	} {
		kh, _ := fit(headers, tc.rows, cols, 80)
		got := strings.Join(kh, "|")
		if strings.Contains(got, "USER ID") != tc.wantUser {
			t.Errorf("%s at 80: %s, want the user ID shown %v", tc.name, got, tc.wantUser)
		}
	}
	if cols[1].DropOrder != 2 {
		t.Error("fit changed the caller's columns")
	}
}
