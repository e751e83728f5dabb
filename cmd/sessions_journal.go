package cmd

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
)

// sessionsJournalOptions is what `sessions journal` uses.
type sessionsJournalOptions struct {
	since  string
	output outputOptions
}

func newSessionsJournalCmd(a *app) *cobra.Command {
	o := &sessionsJournalOptions{}
	c := &cobra.Command{
		Use:   "journal [--since TIME]",
		Short: "Show the local journal of revoked sessions",
		Long: `Show the revoke journal: every session that sessions revoke and b2b
sessions revoke tried to end on this machine, oldest first, with the time,
the OS user, the profile, project and environment, the user or member, the
session, the result, Stytch's request_id and the --reason given. Nothing is
sent to Stytch. Where it lives, and how a damaged line is handled:
stytchctl help journal.`,
		Example: examples(
			"stytchctl sessions journal",
			"stytchctl sessions journal --since 7d -o json | jq -r '.entries[] | select(.result != \"revoked\") | .session_id'",
			"stytchctl sessions journal --since 2026-06-01 -o csv",
		),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	c.Flags().StringVar(&o.since, "since", "", "Show entries from `TIME` on (RFC 3339, a date, or a duration ago such as 7d)")
	bindOutput(c, &o.output)
	return c
}

func (o *sessionsJournalOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.output.validate(c, a); done || err != nil {
		return err
	}
	var since time.Time
	if o.since != "" {
		t, err := sessionfilter.ParseTimeOrAgo(o.since, a.deps.Now(), o.output.loc)
		if err != nil {
			return usageErrorf("invalid --since %q: %w", o.since, err)
		}
		since = t
	}
	path, err := a.journalPath()
	if err != nil {
		return err
	}
	lines, bad, err := readJournal(path)
	if err != nil {
		return err
	}
	for _, b := range bad {
		fmt.Fprintf(a.deps.Stderr, "stytchctl: warning: %s:%d: skipped, %s\n",
			path, b.line, render.Sanitize(b.why))
	}
	p := newListPrinter(a, &o.output, journalListing())
	for _, l := range lines {
		if !since.IsZero() && l.entry.Time.Before(since) {
			continue
		}
		if err := p.Add(l); err != nil {
			return err
		}
	}
	if err := p.Close(c.Context()); err != nil {
		return err
	}
	if p.Count() == 0 && o.output.format.IsTable() {
		msg := fmt.Sprintf("The revoke journal %s has no entries.\n", path)
		if !since.IsZero() && len(lines) > 0 {
			msg = fmt.Sprintf("The revoke journal has no entries since %s.\n", since.UTC().Format(time.RFC3339))
		}
		_, err := fmt.Fprint(a.deps.Stderr, msg)
		return err
	}
	return nil
}

// journalListing prints journal entries: the stored line for JSON, YAML
// and NDJSON, and a row for tables and CSV.
func journalListing() render.List[journalLine] {
	owner := func(e journalEntry) string {
		if e.MemberID != "" {
			return e.MemberID
		}
		return e.UserID
	}
	// On a narrow terminal the project, environment, request ID,
	// operator and user go, in that order; the time, session ID, result
	// and reason stay (the reason shrinks).
	cols := []render.Column{
		{Header: "Time", Fixed: true},
		{Header: "Operator", DropOrder: 4},
		{Header: "Project", Kind: render.Identifier, DropOrder: 1},
		{Header: "Environment", Fixed: true, DropOrder: 2},
		{Header: "User", Key: "user_or_member_id", Kind: render.Identifier, DropOrder: 5},
		// A short ID on a terminal, like every session table; -o wide and
		// piped output keep the whole ID (a revoked session cannot be
		// looked up by its short form any more).
		{Header: "Session ID", Kind: render.Identifier, Terminal: sessionview.ShortenIDCells},
		{Header: "Result", Fixed: true},
		{Header: "Request ID", Kind: render.Identifier, DropOrder: 3},
		{Header: "Reason"},
	}
	row := func(l journalLine) []any {
		e := l.entry
		return []any{e.Time, e.Operator, e.Project, e.Environment, owner(e), e.SessionID, e.Result, e.RequestID, e.Reason}
	}
	// -o wide adds the profile, the organization and the error, which go
	// first on a narrow terminal.
	wide := make([]render.Column, 0, len(cols)+3)
	for _, c := range cols {
		if c.DropOrder > 0 {
			c.DropOrder += 3
		}
		c.Terminal = nil
		wide = append(wide, c)
	}
	wide = append(wide, render.Column{Header: "Profile", Kind: render.Identifier, DropOrder: 1},
		render.Column{Header: "Organization ID", Kind: render.Identifier, DropOrder: 2}, render.Column{Header: "Error", DropOrder: 3})
	wideRow := func(l journalLine) []any {
		e := l.entry
		return append(row(l), e.Profile, e.OrganizationID, e.Error)
	}
	return render.List[journalLine]{
		Key:         "entries",
		Raw:         func(l journalLine) json.RawMessage { return l.raw },
		Columns:     cols,
		Row:         row,
		WideColumns: wide,
		WideRow:     wideRow,
	}
}
