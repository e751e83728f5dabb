package cmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// searchPaging is --limit, --all and --page-size: how much of a cursor-paged
// search (`users search`, `b2b members search`) to fetch, and in pages of
// what size.
type searchPaging struct {
	limit    int
	all      bool
	pageSize int
}

// bindSearchPaging adds --limit, --all and --page-size to c; what names the
// items ("users", "members").
func bindSearchPaging(c *cobra.Command, p *searchPaging, what string) {
	c.Flags().IntVar(&p.limit, "limit", api.DefaultSearchLimit, "Fetch at most `N` "+what)
	c.Flags().BoolVar(&p.all, "all", false, "Fetch every matching "+what[:len(what)-1]+", walking every page")
	c.Flags().IntVar(&p.pageSize, "page-size", api.MaxSearchLimit, fmt.Sprintf("Ask for at most `N` %s per request, 1 to %d (smaller pages help when searches time out)", what, api.MaxSearchLimit))
}

// validate checks the paging flags before anything is sent.
func (p *searchPaging) validate(c *cobra.Command) error {
	switch {
	case p.all && c.Flags().Changed("limit"):
		return usageErrorf("--all and --limit cannot be used together: --all fetches everything")
	case p.limit < 1:
		return usageErrorf("invalid --limit %d: want a positive number, or --all", p.limit)
	case p.pageSize < 1 || p.pageSize > api.MaxSearchLimit:
		return usageErrorf("invalid --page-size %d: want 1 to %d", p.pageSize, api.MaxSearchLimit)
	}
	return nil
}

// want is the most items to print, 0 for all.
func (p *searchPaging) want() int {
	if p.all {
		return 0
	}
	return p.limit
}

// pageLimit is the limit sent with every page request: never more than
// asked for, so that one page of --limit N is exactly the API's answer.
func (p *searchPaging) pageLimit() int {
	if p.all {
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
// stop when it returns api.StopPaging, and prints every item through the
// list printer: streamed formats (-o ndjson, csv, a piped table) write each
// page as soon as it arrives and hold nothing; document formats print one
// document at the end. That document is the API's own response when one
// page held the whole answer, and {"<key>":[…],"results_metadata":
// {"total":N}} when several pages were merged. On a terminal, stderr shows
// a progress bar when the answer spans pages and the API reports a total,
// and a table that stays empty says "No <what> match." there.
func (s searchPrint[T]) run(ctx context.Context, walk func(func(searchPage[T]) error) error) error {
	a, want := s.a, s.paging.want()
	p := newListPrinter(a, s.output, s.list)
	var (
		prog      *render.Progress
		pages     int
		total     = -1
		firstRaw  []byte
		truncated bool
	)
	defer func() { prog.Done() }()
	clearForStdout := a.deps.StdoutTTY && p.Streams()
	err := walk(func(pg searchPage[T]) error {
		pages++
		total = pg.total
		if pages == 1 {
			if s.output.format.IsDocument() {
				firstRaw = pg.raw // only a document may need it
			}
			expected := pg.total
			if want > 0 {
				expected = min(expected, want)
			}
			if a.deps.StderrTTY && expected > len(pg.items) {
				prog = render.NewProgress(a.deps.Stderr, expected, s.what)
			}
		}
		if clearForStdout {
			prog.Clear()
		}
		for _, it := range pg.items {
			if want > 0 && p.Count() >= want {
				truncated = true
				break
			}
			if err := p.Add(it); err != nil {
				return err
			}
		}
		prog.Add(len(pg.items))
		if err := p.Flush(); err != nil {
			return err
		}
		if want > 0 && p.Count() >= want {
			return api.StopPaging
		}
		return nil
	})
	if err != nil {
		return err
	}
	prog.Done()
	if pages == 1 && !truncated {
		p.SetEnvelope(firstRaw)
	} else {
		// The list goes first, as in the API's own responses.
		env := fmt.Appendf(nil, `{%q:[],"results_metadata":{"total":%d}}`, s.list.Key, total)
		p.SetEnvelope(env)
	}
	if err := p.Close(ctx); err != nil {
		return err
	}
	if p.Count() == 0 && s.output.format.IsTable() {
		_, err := fmt.Fprintf(a.deps.Stderr, "No %s match.\n", s.what)
		return err
	}
	return nil
}
