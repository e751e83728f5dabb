package sessionview

import (
	"slices"
	"strings"
)

// ShortIDMin is the fewest hex characters a short session ID shows.
const ShortIDMin = 8

// shortPrefixMin is the fewest hex characters a short ID typed back may
// have (as git accepts abbreviations of 4 and more).
const shortPrefixMin = 4

// uuidPart returns the UUID part of a session ID, what follows its
// "-test-" or "-live-" ("session-test-4e9b…" → "4e9b…"), when that part
// starts with ShortIDMin hex characters and holds only hex digits and
// dashes; ok is false for any other ID, which is then always shown whole.
func uuidPart(id string) (part string, ok bool) {
	i := max(strings.LastIndex(id, "-test-"), strings.LastIndex(id, "-live-"))
	if i < 0 {
		return "", false
	}
	part = id[i+len("-test-"):]
	if len(part) < ShortIDMin || !isHex(part[:ShortIDMin]) || strings.Trim(part, "0123456789abcdef-") != "" {
		return "", false
	}
	return part, true
}

func isHex(s string) bool {
	return s != "" && strings.Trim(s, "0123456789abcdefABCDEF") == ""
}

// ShortIDs returns the short form of each session ID, git style: the
// shortest prefix of its UUID part with at least ShortIDMin hex characters
// that no other of ids shares (a prefix never ends on a dash). An ID whose
// UUID part cannot be told apart from another's (a test and a live session
// with the same UUID), or that has no UUID part, maps to itself. Repeated
// IDs are one ID.
func ShortIDs(ids []string) map[string]string {
	out := make(map[string]string, len(ids))
	type entry struct{ part, id string }
	var parts []entry
	for _, id := range ids {
		if _, seen := out[id]; seen {
			continue
		}
		out[id] = id
		if p, ok := uuidPart(id); ok {
			parts = append(parts, entry{p, id})
		}
	}
	slices.SortFunc(parts, func(a, b entry) int { return strings.Compare(a.part, b.part) })
	for i, e := range parts {
		shared := 0
		if i > 0 {
			shared = max(shared, commonPrefix(e.part, parts[i-1].part))
		}
		if i+1 < len(parts) {
			shared = max(shared, commonPrefix(e.part, parts[i+1].part))
		}
		if shared >= len(e.part) {
			continue // no prefix tells it apart: shown whole
		}
		n := max(ShortIDMin, shared+1)
		for n < len(e.part) && e.part[n-1] == '-' {
			n++
		}
		out[e.id] = e.part[:n]
	}
	return out
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// ShortenIDCells replaces each string cell that is a session ID by its
// short form among the cells: the hook (render.Column.Terminal) of a
// terminal table's session ID column.
func ShortenIDCells(cells []any) {
	ids := make([]string, 0, len(cells))
	for _, c := range cells {
		if s, ok := c.(string); ok {
			ids = append(ids, s)
		}
	}
	short := ShortIDs(ids)
	for i, c := range cells {
		if s, ok := c.(string); ok {
			cells[i] = short[s]
		}
	}
}

// IsShortID reports whether s is a short session ID as typed back: not a
// whole session ID but a prefix of a UUID part, with at least 4 hex
// characters (dashes where the UUID has them). The comparison ignores
// case.
func IsShortID(s string) bool {
	s = strings.ToLower(s)
	if strings.HasPrefix(s, "-") || strings.Trim(s, "0123456789abcdef-") != "" {
		return false
	}
	return len(strings.ReplaceAll(s, "-", "")) >= shortPrefixMin
}

// MatchShortID returns the IDs among ids whose UUID part starts with
// short (case ignored), in the order of ids, each once.
func MatchShortID(short string, ids []string) []string {
	short = strings.ToLower(short)
	var out []string
	for _, id := range ids {
		if p, ok := uuidPart(id); ok && strings.HasPrefix(p, short) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// ShortenIDListCells is ShortenIDCells for cells that list session IDs
// separated by spaces (the Sessions column of sessions devices -o wide):
// each ID gets its short form among all the cells' IDs.
func ShortenIDListCells(cells []any) {
	var ids []string
	for _, c := range cells {
		if s, ok := c.(string); ok {
			ids = append(ids, strings.Fields(s)...)
		}
	}
	short := ShortIDs(ids)
	for i, c := range cells {
		if s, ok := c.(string); ok {
			f := strings.Fields(s)
			for j, id := range f {
				f[j] = short[id]
			}
			cells[i] = strings.Join(f, " ")
		}
	}
}

// sessionID is the ID the devices view shows: the short one when the view
// has them.
func (v DevicesView) sessionID(id string) string {
	if short, ok := v.ShortIDs[id]; ok {
		return short
	}
	return id
}

// GroupShortIDs is the short ID of every session of groups, unique among
// all of them.
func GroupShortIDs(groups []DeviceGroup) map[string]string {
	var ids []string
	for _, g := range groups {
		ids = append(ids, g.SessionIDs()...)
	}
	return ShortIDs(ids)
}
