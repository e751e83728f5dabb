package render

// terminalCells returns t with the Terminal hook of each column that has
// one applied to that column's cells; t's rows are copied first, so the
// caller's stay as they were.
func terminalCells(t TableData) TableData {
	var hooked []int
	for i, c := range t.Columns {
		if c.Terminal != nil {
			hooked = append(hooked, i)
		}
	}
	if len(hooked) == 0 {
		return t
	}
	rows := make([][]any, len(t.Rows))
	for r, row := range t.Rows {
		rows[r] = append([]any(nil), row...)
	}
	for _, i := range hooked {
		cells := make([]any, 0, len(rows))
		for _, row := range rows {
			if i < len(row) {
				cells = append(cells, row[i])
			}
		}
		t.Columns[i].Terminal(cells)
		k := 0
		for _, row := range rows {
			if i < len(row) {
				row[i] = cells[k]
				k++
			}
		}
	}
	t.Rows = rows
	return t
}
