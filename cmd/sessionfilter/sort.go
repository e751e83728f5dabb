package sessionfilter

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render/suggest"
)

// SortKey is what --sort-by orders sessions by.
type SortKey int

// The sort keys. SortNone keeps the API's order (and, for several users,
// the order the users were given in).
const (
	SortNone SortKey = iota
	SortStarted
	SortLastActive
	SortExpires
	SortUser
)

// SortKeyInfo is one --sort-by key: its name, what it sorts on, and its
// value.
type SortKeyInfo struct {
	Name, Description string
	Key               SortKey
}

// SortKeys lists every --sort-by key in help order; help text and shell
// completion read it, so the list lives in one place.
func SortKeys() []SortKeyInfo {
	return []SortKeyInfo{
		{"started", "when the session started", SortStarted},
		{"last-active", "when the session was last used", SortLastActive},
		{"expires", "when the session expires", SortExpires},
		{"user", "the user ID", SortUser},
	}
}

// ParseSortBy reads a --sort-by value: started, last-active, expires or
// user, optionally prefixed with "-" for descending order. "member", the
// B2B word for the owner, is accepted as user.
func ParseSortBy(s string) (key SortKey, desc bool, err error) {
	return ParseSortByOwner(s, "user")
}

// ParseSortByOwner is ParseSortBy for commands whose sessions belong to
// owner ("user", or "member" for B2B): its error names owner as the last
// key, and both words sort by the owner's ID.
func ParseSortByOwner(s, owner string) (key SortKey, desc bool, err error) {
	name, desc := strings.CutPrefix(strings.TrimSpace(s), "-")
	if strings.EqualFold(name, "member") {
		return SortUser, desc, nil
	}
	names := SortKeyNames(owner)
	for _, k := range SortKeys() {
		if strings.EqualFold(name, k.Name) {
			return k.Key, desc, nil
		}
	}
	want := "want " + JoinKeys(names) + ", with - in front for descending order"
	if s := suggest.DidYouMean(name, names); s != "" {
		return SortNone, false, errors.New(s + " " + want)
	}
	return SortNone, false, errors.New(want)
}

// SortKeyNames are the names of the --sort-by keys, the last one, the
// owner's ID, called owner.
func SortKeyNames(owner string) []string {
	var names []string
	for _, k := range SortKeys() {
		if k.Key == SortUser {
			names = append(names, owner)
			continue
		}
		names = append(names, k.Name)
	}
	return names
}

// JoinKeys is names as prose: "a, b, c or d".
func JoinKeys(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// Sort orders ss in place by the filter's key. The sort is stable, so ties
// keep their input order, and sessions that lack the time being sorted on
// come last in either direction. Without --sort-by it does nothing.
func (f *Filter) Sort(ss []api.Session) {
	if f.sortKey == SortNone {
		return
	}
	slices.SortStableFunc(ss, func(a, b api.Session) int {
		if f.sortKey == SortUser {
			c := strings.Compare(a.UserID, b.UserID)
			if f.desc {
				c = -c
			}
			return c
		}
		ta, tb := sortTime(f.sortKey, a), sortTime(f.sortKey, b)
		switch {
		case ta.IsZero() && tb.IsZero():
			return 0
		case ta.IsZero():
			return 1
		case tb.IsZero():
			return -1
		}
		c := ta.Compare(tb)
		if f.desc {
			c = -c
		}
		return cmp.Compare(c, 0)
	})
}

func sortTime(k SortKey, s api.Session) time.Time {
	switch k {
	case SortStarted:
		return s.StartedAt
	case SortLastActive:
		return s.LastAccessedAt
	case SortExpires:
		return s.ExpiresAt
	}
	return time.Time{}
}

// Apply returns the sessions of ss that match, sorted, and cut to the
// limit: everything the flags ask for, for callers that hold all sessions at
// once. ss is not modified.
func (f *Filter) Apply(ss []api.Session) []api.Session {
	out, _ := f.ApplyCounted(ss)
	return out
}

// ApplyCounted is Apply, and tells how many sessions matched before
// --limit cut them.
func (f *Filter) ApplyCounted(ss []api.Session) (out []api.Session, matched int) {
	out = make([]api.Session, 0, len(ss))
	for _, s := range ss {
		if f.Match(s) {
			out = append(out, s)
		}
	}
	f.Sort(out)
	matched = len(out)
	if f.limit > 0 && len(out) > f.limit {
		out = out[:f.limit]
	}
	return out, matched
}
