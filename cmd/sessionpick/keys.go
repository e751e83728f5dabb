package sessionpick

import "unicode/utf8"

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

// parseKeys turns what a terminal in raw mode sent into key presses: the
// arrow, page and home/end sequences of xterm and the VT220 (CSI and SS3
// forms), Enter (CR or LF), Backspace (DEL or BS), Ctrl-C, Ctrl-U and
// UTF-8 text. An ESC that starts no sequence is the Escape key; a chunk
// ending in ESC ends with it, as a terminal sends the key alone.
func parseKeys(b []byte) []key {
	var keys []key
	for len(b) > 0 {
		k, n := parseKey(b)
		keys = append(keys, k)
		b = b[n:]
	}
	return keys
}

// parseKey reads the first key press of b, returning it and its length.
func parseKey(b []byte) (key, int) {
	switch c := b[0]; {
	case c == 0x1b:
		return parseEscape(b)
	case c == 0x03:
		return key{kind: keyCtrlC}, 1
	case c == 0x15:
		return key{kind: keyCtrlU}, 1
	case c == '\r' || c == '\n':
		return key{kind: keyEnter}, 1
	case c == 0x7f || c == 0x08:
		return key{kind: keyBackspace}, 1
	case c == ' ':
		return key{kind: keySpace, r: ' '}, 1
	case c < 0x20:
		return key{kind: keyOther}, 1
	}
	r, n := utf8.DecodeRune(b)
	if r == utf8.RuneError {
		return key{kind: keyOther}, n
	}
	return key{kind: keyRune, r: r}, n
}

// parseEscape reads a key that starts with ESC: a CSI (ESC [) or SS3
// (ESC O) sequence, else the Escape key alone.
func parseEscape(b []byte) (key, int) {
	if len(b) < 2 || (b[1] != '[' && b[1] != 'O') {
		return key{kind: keyEsc}, 1
	}
	// Parameters and intermediates, then one final byte (0x40–0x7e).
	i := 2
	for i < len(b) && b[i] >= 0x20 && b[i] <= 0x3f {
		i++
	}
	if i >= len(b) {
		return key{kind: keyOther}, len(b)
	}
	final, params := b[i], string(b[2:i])
	n := i + 1
	switch final {
	case 'A':
		return key{kind: keyUp}, n
	case 'B':
		return key{kind: keyDown}, n
	case 'H':
		return key{kind: keyHome}, n
	case 'F':
		return key{kind: keyEnd}, n
	case '~':
		return key{kind: tildeKey(params)}, n
	}
	return key{kind: keyOther}, n
}

// tildeKey is the key of the VT220 sequence ESC [ N ~.
func tildeKey(n string) keyKind {
	switch n {
	case "1", "7":
		return keyHome
	case "4", "8":
		return keyEnd
	case "5":
		return keyPageUp
	case "6":
		return keyPageDown
	}
	return keyOther
}
