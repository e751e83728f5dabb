package cmd

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// searchPaging is --limit, --all and --page-size: how much of a cursor-paged
// search (`users search`, `b2b members search`) to fetch, and in pages of
// what size.
type searchPaging struct {
	what     string // "users", "members"
	limit    int
	all      bool
	pageSize int
}

// bindSearchPaging adds --limit, --all and --page-size to c; what names the
// items ("users", "members"). --limit means what it means on every
// command (at most N, 0 for no limit) and --page-size too (see
// pageSizeUsage).
func bindSearchPaging(c *cobra.Command, p *searchPaging, what string) {
	p.what = what
	c.Flags().IntVar(&p.limit, "limit", defaultLimit, "Fetch at most `N` "+what+" (0: no limit, as --all)")
	c.Flags().BoolVar(&p.all, "all", false, "Fetch every matching "+what[:len(what)-1]+", walking every page")
	c.Flags().IntVar(&p.pageSize, "page-size", api.MaxSearchLimit, pageSizeUsage(what))
}

// pageSizeUsage is the help of --page-size, wherever a command searches
// users or members page by page; what names them.
func pageSizeUsage(what string) string {
	return fmt.Sprintf("Ask for at most `N` %s per request, 1 to %d (smaller pages help when searches time out)", what, api.MaxSearchLimit)
}

// validate checks the paging flags before anything is sent.
func (p *searchPaging) validate(c *cobra.Command) error {
	switch {
	case p.all && c.Flags().Changed("limit"):
		return usageErrorf("--all and --limit cannot be used together: --all fetches everything")
	case p.limit < 0:
		return usageErrorf("invalid --limit %d: want a number of %s, 0 for no limit", p.limit, p.what)
	case p.pageSize < 1 || p.pageSize > api.MaxSearchLimit:
		return usageErrorf("invalid --page-size %d: want 1 to %d", p.pageSize, api.MaxSearchLimit)
	}
	return nil
}

// want is the most items to print, 0 for all.
func (p *searchPaging) want() int {
	if p.every() {
		return 0
	}
	return p.limit
}

// every reports whether every match is fetched: --all or --limit 0.
func (p *searchPaging) every() bool { return p.all || p.limit == 0 }

// pageLimit is the limit sent with every page request: never more than
// asked for, so that one page of --limit N is exactly the API's answer.
func (p *searchPaging) pageLimit() int {
	if p.every() {
		return p.pageSize
	}
	return min(p.limit, p.pageSize)
}

// searchPage is what printSearch needs of one page of results.
type searchPage[T any] struct {
	raw   []byte
	items []T
	// total is results_metadata.total: -1 when the workspace has totals
	// turned off.
	total int
	// more is set when the page has a next cursor: more items match.
	more bool
}

// searchPrint prints the pages of one search as they arrive.
type searchPrint[T any] struct {
	a      *app
	output *outputOptions
	paging *searchPaging
	list   render.List[T]
	// what names the items on the progress bar and in notes ("users").
	what string
}

// run calls walk, which must call its argument with each page in order and
// stop when it returns api.ErrStopPaging, and prints every item through the
// list printer: streamed formats (-o ndjson, csv, a piped table) write each
// page as soon as it arrives and hold nothing; document formats print one
// document at the end. That document is the API's own response when one
// page held the whole answer, and {"<key>":[…],"results_metadata":
// {"total":N}} when several pages were merged. On a terminal, stderr shows
// a progress bar when the answer spans pages and the API reports a total,
// and a table that stays empty says "No <what> match." there.
func (s searchPrint[T]) run(ctx context.Context, walk func(func(searchPage[T]) error) error) error {
	c := &searchCollector[T]{s: s, want: s.paging.want(), total: -1}
	c.p = newListPrinter(s.a, s.output, s.list)
	c.clearForStdout = s.a.deps.StdoutTTY && c.p.Streams()
	defer func() { c.prog.Done() }()
	if err := walk(c.page); err != nil {
		return err
	}
	return c.finish(ctx)
}

// searchCollector is the state of one searchPrint.run: it takes the pages
// as they arrive (page) and ends the output (finish).
type searchCollector[T any] struct {
	s    searchPrint[T]
	p    render.Printer[T]
	want int // the most items to print, 0 for all
	// prog is the progress bar, drawn once the first page says there is
	// more to wait for.
	prog           *render.Progress
	clearForStdout bool
	// pages counts the pages; total is the last one's total; firstRaw is
	// the first page as sent, kept only for a document format.
	pages    int
	total    int
	firstRaw []byte
	// truncated is set when a page held more than --limit let through;
	// more is the last page's: it had a next cursor.
	truncated bool
	more      bool
}

// page prints one page's items, up to --limit. It returns api.ErrStopPaging
// once --limit items are printed.
func (c *searchCollector[T]) page(pg searchPage[T]) error {
	c.pages++
	c.total, c.more = pg.total, pg.more
	if c.pages == 1 {
		c.first(pg)
	}
	if c.clearForStdout {
		c.prog.Clear()
	}
	for _, it := range pg.items {
		if c.want > 0 && c.p.Count() >= c.want {
			c.truncated = true
			break
		}
		if err := c.p.Add(it); err != nil {
			return err
		}
	}
	c.prog.Add(len(pg.items))
	if err := c.p.Flush(); err != nil {
		return err
	}
	if c.want > 0 && c.p.Count() >= c.want {
		return api.ErrStopPaging
	}
	return nil
}

// first keeps what the first page tells: the document's envelope, should
// this page be the whole answer, and how many items to wait for, which
// draws a progress bar on a terminal when more pages are to come.
func (c *searchCollector[T]) first(pg searchPage[T]) {
	a := c.s.a
	if c.s.output.format.IsDocument() {
		c.firstRaw = pg.raw // only a document may need it
	}
	expected := pg.total
	if c.want > 0 {
		expected = min(expected, c.want)
	}
	if a.deps.StderrTTY && expected > len(pg.items) {
		c.prog = render.NewProgress(a.deps.Stderr, expected, c.s.what)
	}
}

// finish ends the output once every page was printed: the document (the
// API's own response when one page held the whole answer, else the
// merged one), and on stderr why a table is empty.
func (c *searchCollector[T]) finish(ctx context.Context) error {
	c.prog.Done()
	if c.pages == 1 && !c.truncated {
		c.p.SetEnvelope(c.firstRaw)
	} else {
		// The list goes first, as in the API's own responses.
		env := fmt.Appendf(nil, `{%q:[],"results_metadata":{"total":%d}}`, c.s.list.Key, c.total)
		c.p.SetEnvelope(env)
	}
	if err := c.p.Close(ctx); err != nil {
		return err
	}
	if c.p.Count() == 0 && c.s.output.format.IsTable() {
		_, err := fmt.Fprintf(c.s.a.deps.Stderr, "No %s match.\n", c.s.what)
		return err
	}
	return c.noteLimited()
}

// noteLimited tells a person, on one stderr line, that --limit left
// matching items out: "Showing 100 of 4,213 users; --limit 0 for all".
// Without a total (turned off for the workspace) it says only that more
// match. It goes to stderr on a terminal, whatever the format; never to
// stdout.
func (c *searchCollector[T]) noteLimited() error {
	n := c.p.Count()
	if c.want == 0 || n < c.want {
		return nil
	}
	note := limitNote{shown: n, what: c.s.what, total: c.total, more: c.total < 0 && (c.truncated || c.more)}
	return note.write(c.s.a.deps.Stderr, c.s.a.deps.StderrTTY)
}

// thousands writes n with commas between groups of three digits: 4,213.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}
