package cmd

import (
	"fmt"
	"io"

	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
)

// defaultLimit is the default of --limit on every command that has one:
// at most this many items are printed unless --limit says otherwise
// (0: no limit). It is the page Stytch's searches return by default.
const defaultLimit = sessionfilter.DefaultLimit

// limitNote is what a command knows, once its output is printed, about
// what --limit left out.
type limitNote struct {
	// shown is how many items were printed; what names them ("sessions").
	shown int
	what  string
	// total is how many matched, or -1 when the command stopped before
	// it knew; more is set when items are known to have been left out.
	total int
	more  bool
	// newest words the note for lists ordered newest first (the journal).
	newest bool
}

// cut reports whether --limit left anything out.
func (n limitNote) cut() bool {
	return n.more || n.total > n.shown
}

// write tells a person on w, in one line, that --limit cut the output:
// "Showing 100 of 240 sessions; --limit 0 for all". It writes nothing when
// nothing was left out or when the stderr is not a terminal (stderrTTY):
// the note never reaches stdout, whatever the format.
func (n limitNote) write(w io.Writer, stderrTTY bool) error {
	if !stderrTTY || !n.cut() {
		return nil
	}
	first := ""
	if n.newest {
		first = "the newest "
	}
	var err error
	if n.total > n.shown {
		_, err = fmt.Fprintf(w, "Showing %s%s of %s %s; --limit 0 for all\n", first, thousands(n.shown), thousands(n.total), n.what)
	} else {
		if first == "" {
			first = "the first "
		}
		_, err = fmt.Fprintf(w, "Showing %s%s %s, and more match; --limit 0 for all\n", first, thousands(n.shown), n.what)
	}
	return err
}
