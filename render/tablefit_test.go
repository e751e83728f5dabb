package render

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// fitTable is a table with every kind of column and hostile text: wide
// (CJK) characters, right-to-left names, emoji with joiners and skin tones,
// IPv6 addresses and long identifiers.
func fitTable() TableData {
	return TableData{
		Columns: []Column{
			{Header: "Session ID", Kind: Identifier},
			{Header: "User", Kind: Identifier, DropOrder: 6},
			{Header: "Factors", DropOrder: 3},
			{Header: "Device", DropOrder: 5},
			{Header: "IP", Kind: Address, DropOrder: 4},
			{Header: "Started", Fixed: true, DropOrder: 1},
			{Header: "Last active", Fixed: true},
			{Header: "Expires", Fixed: true, DropOrder: 2},
			{Header: "Reason"},
		},
		Rows: [][]any{
			{"4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14", "user-test-00000000-0000-4000-8000-000000300001", "Email magic link + Password + TOTP",
				"Chrome 126 · macOS", "2001:db8:4f2a:91c0:0000:0000:0000:01b7", now.Add(-26 * time.Hour), now.Add(-2 * time.Hour), now.Add(5 * 24 * time.Hour), "stolen laptop, reported by the user"},
			{"a7c3e1f9", "יוסי כהן", "日本語のファクター名 と もう一つ", "Safari 17 · iOS 17.5.1", "203.0.113.42",
				now.Add(-time.Hour), now.Add(-15 * time.Minute), now.Add(time.Hour), "محمد أحمد طلب تسجيل الخروج"},
			{"6d1f8b3e-9a4c-4f72", "👩🏽‍💻 Priya", "Passkey 🔑 + SMS OTP", "PriyaBank/4.2 👨‍👩‍👧‍👦 on Android 14", "198.51.100.17",
				now.Add(-3 * time.Minute), now.Add(-time.Minute), time.Time{}, ""},
		},
	}
}

// dropRank is the order in which fit may hide column c at index i: the
// numbered columns by DropOrder, then the others by value, the rightmost
// of equals first.
func dropRank(c Column, i int) int {
	if c.DropOrder > 0 {
		return c.DropOrder
	}
	return 1000 + 100*c.value() + (99 - i)
}

// humanCells is the terminal text of the table's headers and rows.
func humanCells(t TableData) ([]string, [][]string) {
	headers := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		headers[i] = strings.ToUpper(c.Header)
	}
	rows := make([][]string, len(t.Rows))
	for r, row := range t.Rows {
		rows[r] = make([]string, len(row))
		for i, c := range row {
			rows[r][i] = humanCell(c, TableOptions{Now: now})
		}
	}
	return headers, rows
}

// TestFitRule holds the one fitting rule at every width from 36 (the
// widest identifier) to 200: no line wider than the terminal, no
// identifier or address cut, and the hidden columns always of lower value
// than every kept one.
func TestFitRule(t *testing.T) {
	table := fitTable()
	headers, rows := humanCells(table)
	for width := 36; width <= 200; width++ {
		var buf bytes.Buffer
		if err := WriteTable(&buf, table, TableOptions{TTY: true, Width: width, Now: now}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if w := ansi.StringWidth(l); w > width {
				t.Errorf("width %d: line is %d wide: %q", width, w, l)
			}
		}
		f := planFit(headers, rows, table.Columns, width)
		if !f.keep[0] {
			t.Errorf("width %d: the session ID column was hidden", width)
		}
		for i, c := range table.Columns {
			if !f.keep[i] {
				checkDropped(t, f, i, width)
			}
			if !f.keep[i] || c.cuttable() {
				continue
			}
			for _, row := range rows {
				if !strings.Contains(out, row[i]) {
					t.Errorf("width %d: %s cell %q is not whole:\n%s", width, c.Header, row[i], out)
				}
			}
		}
	}
}

// checkDropped fails the test unless hidden column d is of lower value
// than every kept column, or, for a numbered column, did not fit (at its
// comfortable width, the others at their natural ones) even with every
// kept column of lower value gone.
func checkDropped(t *testing.T, f *tableFit, d, width int) {
	t.Helper()
	rank := dropRank(f.cols[d], d)
	lower := false
	trial := &tableFit{cols: f.cols, natural: f.natural, keep: make([]bool, len(f.keep))}
	trial.keep[d] = true
	room := func(i int) int {
		if i == d {
			return trial.beforeDropping(i)
		}
		return trial.natural[i]
	}
	for i := range f.cols {
		if !f.keep[i] {
			continue
		}
		if dropRank(f.cols[i], i) < rank {
			lower = true
		} else {
			trial.keep[i] = true
		}
	}
	switch {
	case !lower:
		return
	case f.cols[d].DropOrder == 0:
		t.Errorf("width %d: %s was hidden as a last resort while a column of lower value stays: %v", width, f.cols[d].Header, f.keep)
	case trial.total(room) <= width:
		t.Errorf("width %d: %s was hidden though it fits in place of lower-value columns: %v", width, f.cols[d].Header, f.keep)
	}
}

// At the widths people use, the table keeps what they act on.
func TestFitRuleAtCommonWidths(t *testing.T) {
	table := fitTable()
	for _, tc := range []struct {
		width      int
		want, gone []string
	}{
		// Free text goes before a time, as a last resort.
		{40, []string{"SESSION ID", "4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14"}, []string{"IP", "USER", "DEVICE", "FACTORS", "STARTED", "REASON", "LAST ACTIVE"}},
		{60, []string{"SESSION ID", "LAST ACTIVE"}, []string{"USER", "STARTED", "REASON"}},
		{80, []string{"SESSION ID", "LAST ACTIVE", "REASON", "stolen laptop, reported by…"}, []string{"STARTED", "USER", "EXPIRES"}},
		{120, []string{"SESSION ID", "USER", "user-test-00000000-0000-4000-8000-000000300001", "LAST ACTIVE", "REASON"}, []string{"STARTED", "IP"}},
		{200, []string{"SESSION ID", "USER", "IP", "2001:db8:4f2a:91c0:0000:0000:0000:01b7", "DEVICE", "FACTORS", "EXPIRES", "REASON"}, []string{"STARTED"}},
	} {
		var buf bytes.Buffer
		if err := WriteTable(&buf, table, TableOptions{TTY: true, Width: tc.width, Now: now}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		header := strings.SplitN(out, "\n", 2)[0]
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("at %d columns %q is missing:\n%s", tc.width, w, out)
			}
		}
		for _, g := range tc.gone {
			if strings.Contains(header+" ", g+" ") {
				t.Errorf("at %d columns %q should be hidden:\n%s", tc.width, g, out)
			}
		}
	}
}

// An identifier wider than the terminal is still printed whole: it is the
// only thing ever wider than the width.
func TestFitNeverCutsAnIdentifier(t *testing.T) {
	id := "session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14"
	table := TableData{
		Columns: []Column{{Header: "Session ID", Kind: Identifier}, {Header: "Device"}},
		Rows:    [][]any{{id, "Chrome 126 · macOS"}},
	}
	var buf bytes.Buffer
	if err := WriteTable(&buf, table, TableOptions{TTY: true, Width: 30, Now: now}); err != nil {
		t.Fatal(err)
	}
	if want := "SESSION ID\n" + id + "\n"; buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

// The existing Fixed + KeepEnd declaration of an ID is never cut either:
// tables that do not say Kind yet still get the rule.
func TestFitFixedKeepEndIsNotCut(t *testing.T) {
	c := Column{Header: "Session ID", Fixed: true, KeepEnd: true}
	if c.cuttable() {
		t.Error("a Fixed KeepEnd column is cuttable")
	}
}

func TestCutTextOnWordBoundary(t *testing.T) {
	for _, tc := range []struct {
		text    string
		width   int
		keepEnd bool
		want    string
	}{
		{"Chrome 124 on macOS", 10, false, "Chrome…"},
		{"Chrome 124 on macOS", 16, false, "Chrome 124 on…"},
		{"Chrome 124 on macOS", 19, false, "Chrome 124 on macOS"},
		{"Email magic link, Password", 20, false, "Email magic link…"},
		{"Google OAuth + TOTP", 15, false, "Google OAuth…"},
		{"signed in from a new country", 12, false, "signed in…"},
		{"Supercalifragilistic", 10, false, "Supercali…"},
		{"a verylongwordindeed", 10, false, "a verylon…"},
		{"日本語のファクター名", 9, false, "日本語の…"},
		{"日本語のファクター名", 10, false, "日本語の…"},
		{"👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦", 5, false, "👨‍👩‍👧‍👦👨‍👩‍👧‍👦…"},
		{"user-0000300001", 8, true, "…0300001"},
		{"anything", 1, false, "…"},
		{"anything", 0, false, ""},
	} {
		got := cutText(tc.text, tc.width, tc.keepEnd)
		if got != tc.want {
			t.Errorf("cutText(%q, %d) = %q, want %q", tc.text, tc.width, got, tc.want)
		}
		if w := ansi.StringWidth(got); w > tc.width {
			t.Errorf("cutText(%q, %d) is %d wide", tc.text, tc.width, w)
		}
	}
}

// -o wide on a terminal fits the width too.
func TestWideFitsTheTerminal(t *testing.T) {
	l := List[[]any]{
		Columns:     fitTable().Columns,
		Row:         func(r []any) []any { return r },
		WideColumns: fitTable().Columns,
		WideRow:     func(r []any) []any { return r },
	}
	var buf bytes.Buffer
	p := NewPrinter(&buf, PrintOptions{Format: Wide, Table: TableOptions{TTY: true, Width: 80, Now: now}}, l)
	if err := p.AddAll(fitTable().Rows); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		if w := ansi.StringWidth(line); w > 80 {
			t.Errorf("wide line is %d wide: %q", w, line)
		}
	}
}
