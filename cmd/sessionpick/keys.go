package sessionpick

import tea "charm.land/bubbletea/v2"

// keyKind is what a key press means to the picker.
type keyKind int

const (
	keyRune keyKind = iota // a printable character, in key.r
	keyUp
	keyDown
	keyPageUp
	keyPageDown
	keyHome
	keyEnd
	keyEnter
	keySpace
	keyBackspace
	keyEsc
	keyCtrlC
	keyCtrlU
	keyOther // anything else: ignored
)

// key is one key press.
type key struct {
	kind keyKind
	r    rune
}

// keyOf is what a key press that Bubble Tea decoded means to the picker:
// the arrows, page, home and end keys, Enter, space, Backspace (or
// Ctrl-H), Esc, Ctrl-C, Ctrl-U and one printable character; anything else, with Alt
// or another modifier included, is keyOther.
func keyOf(k tea.KeyPressMsg) key {
	switch k.Mod {
	case 0, tea.ModShift:
	case tea.ModCtrl:
		switch k.Code {
		case 'c':
			return key{kind: keyCtrlC}
		case 'u':
			return key{kind: keyCtrlU}
		case 'h': // BS, which some terminals send for Backspace
			return key{kind: keyBackspace}
		}
		return key{kind: keyOther}
	default:
		return key{kind: keyOther}
	}
	if kind := namedKey(k.Code); kind != keyOther {
		return key{kind: kind, r: k.Code}
	}
	if r := []rune(k.Text); len(r) == 1 {
		return key{kind: keyRune, r: r[0]}
	}
	return key{kind: keyOther}
}

// namedKey is the kind of the keys the picker knows by their code, else
// keyOther.
func namedKey(code rune) keyKind {
	switch code {
	case tea.KeyUp:
		return keyUp
	case tea.KeyDown:
		return keyDown
	case tea.KeyPgUp:
		return keyPageUp
	case tea.KeyPgDown:
		return keyPageDown
	case tea.KeyHome:
		return keyHome
	case tea.KeyEnd:
		return keyEnd
	case tea.KeyEnter:
		return keyEnter
	case tea.KeySpace:
		return keySpace
	case tea.KeyBackspace:
		return keyBackspace
	case tea.KeyEscape:
		return keyEsc
	}
	return keyOther
}
