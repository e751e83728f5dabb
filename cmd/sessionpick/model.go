package sessionpick

import "strings"

// outcome is where a key press leaves the picker.
type outcome int

const (
	going       outcome = iota // still choosing
	done                       // Enter with a choice
	aborted                    // Esc or q: nothing chosen
	interrupted                // Ctrl-C
)

// model is the picker's state. It does no I/O: keys go in through
// handle, the screen comes out of view (view.go), so that a test drives
// it key by key.
type model struct {
	rows  []Row
	multi bool
	// chosen is per row; visible holds the indexes of the rows the filter
	// matches, cursor indexes visible, and offset is the first visible
	// row on the screen.
	chosen  []bool
	visible []int
	cursor  int
	offset  int
	// filter is the text typed after /; filtering is set while it is
	// being typed.
	filter    []rune
	filtering bool
	// note is a one-line message about the last key ("choose a session
	// with space first"), cleared by the next key.
	note string
	// width and height are the terminal's.
	width, height int
}

// newModel starts a picker over rows, every one visible, the cursor on
// the first.
func newModel(rows []Row, multi bool, width, height int) *model {
	m := &model{rows: rows, multi: multi, chosen: make([]bool, len(rows)), width: width, height: height}
	m.refilter()
	return m
}

// handle applies one key press.
func (m *model) handle(k key) outcome {
	m.note = ""
	if k.kind == keyCtrlC {
		return interrupted
	}
	if m.moves(k) {
		return going
	}
	if m.filtering {
		m.editFilter(k)
		return going
	}
	return m.command(k)
}

// moves applies a key that moves the cursor, in either mode, and says
// whether k was one.
func (m *model) moves(k key) bool {
	page := max(m.listHeight()-1, 1)
	switch k.kind {
	case keyUp:
		m.moveTo(m.cursor - 1)
	case keyDown:
		m.moveTo(m.cursor + 1)
	case keyPageUp:
		m.moveTo(m.cursor - page)
	case keyPageDown:
		m.moveTo(m.cursor + page)
	case keyHome:
		m.moveTo(0)
	case keyEnd:
		m.moveTo(len(m.visible) - 1)
	default:
		return false
	}
	return true
}

// command applies a key outside the filter: j/k move, space or x
// chooses, a chooses every row shown (or none, when all are), / starts
// the filter, Enter ends with the choice, Esc or q without one.
func (m *model) command(k key) outcome {
	switch {
	case k.kind == keyEnter:
		return m.enter()
	case k.kind == keyEsc || k.is('q'):
		return aborted
	case k.is('k'):
		m.moveTo(m.cursor - 1)
	case k.is('j'):
		m.moveTo(m.cursor + 1)
	case k.kind == keySpace || k.is('x'):
		m.toggle()
	case k.is('a'):
		m.toggleAll()
	case k.is('/'):
		m.filtering = true
	case k.kind == keyCtrlU:
		m.setFilter(nil)
	}
	return going
}

// is says whether k is the character r.
func (k key) is(r rune) bool { return k.kind == keyRune && k.r == r }

// editFilter applies a key while the filter is typed: text and space add
// to it, Backspace and Ctrl-U take from it, Enter keeps it and Esc drops
// it, both ending the typing.
func (m *model) editFilter(k key) {
	switch k.kind {
	case keyRune, keySpace:
		m.setFilter(append(m.filter, k.r))
	case keyBackspace:
		if len(m.filter) > 0 {
			m.setFilter(m.filter[:len(m.filter)-1])
		}
	case keyCtrlU:
		m.setFilter(nil)
	case keyEnter:
		m.filtering = false
	case keyEsc:
		m.filtering = false
		m.setFilter(nil)
	}
}

// enter ends the picking: with the rows chosen, or in a single choice the
// row under the cursor. Nothing chosen keeps the picker open with a note.
func (m *model) enter() outcome {
	if !m.multi {
		if len(m.visible) == 0 {
			m.note = "No session is shown: change the filter (/) first."
			return going
		}
		return done
	}
	if len(m.picked()) == 0 {
		m.note = "Nothing chosen yet: space chooses the session under the cursor."
		return going
	}
	return done
}

// picked returns the IDs of the chosen rows in the order listed, or in a
// single choice the ID under the cursor.
func (m *model) picked() []string {
	if !m.multi {
		if len(m.visible) == 0 {
			return nil
		}
		return []string{m.rows[m.visible[m.cursor]].ID}
	}
	var ids []string
	for i, c := range m.chosen {
		if c {
			ids = append(ids, m.rows[i].ID)
		}
	}
	return ids
}

// toggle chooses the row under the cursor, or unchooses it.
func (m *model) toggle() {
	if !m.multi || len(m.visible) == 0 {
		return
	}
	i := m.visible[m.cursor]
	m.chosen[i] = !m.chosen[i]
}

// toggleAll chooses every row shown, or, when all are chosen already,
// none of them.
func (m *model) toggleAll() {
	if !m.multi {
		return
	}
	all := true
	for _, i := range m.visible {
		all = all && m.chosen[i]
	}
	for _, i := range m.visible {
		m.chosen[i] = !all
	}
}

// setFilter sets the filter text and shows the rows it matches.
func (m *model) setFilter(f []rune) {
	m.filter = f
	m.refilter()
}

// refilter recomputes the visible rows: those whose shown text contains
// the filter, ignoring case. The cursor stays on its row when that row is
// still shown, else goes to the first.
func (m *model) refilter() {
	current := -1
	if m.cursor < len(m.visible) {
		current = m.visible[m.cursor]
	}
	needle := strings.ToLower(string(m.filter))
	m.visible = m.visible[:0]
	m.cursor, m.offset = 0, 0
	for i, r := range m.rows {
		if needle == "" || strings.Contains(r.searchText(), needle) {
			if i == current {
				m.cursor = len(m.visible)
			}
			m.visible = append(m.visible, i)
		}
	}
	m.moveTo(m.cursor)
}

// searchText is what the filter looks in, lower case: the IDs, device,
// IP, factors and findings.
func (r Row) searchText() string {
	return strings.ToLower(strings.Join(append([]string{r.ID, r.Short, r.Device, r.IP, r.Factors}, r.Findings...), "\x00"))
}

// moveTo puts the cursor on visible row i (clamped) and scrolls the list
// so that it is on the screen.
func (m *model) moveTo(i int) {
	m.cursor = max(min(i, len(m.visible)-1), 0)
	h := m.listHeight()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+h {
		m.offset = m.cursor - h + 1
	}
}

// chromeLines is how many lines the screen has besides the list: the
// title, the column headings, the detail and findings lines of the row
// under the cursor, the status line and the keys line.
const chromeLines = 6

// listHeight is how many rows the screen shows at once: the terminal's
// height less the chrome and one line for the cursor after the picker,
// at least 3.
func (m *model) listHeight() int {
	return max(m.height-chromeLines-1, 3)
}
