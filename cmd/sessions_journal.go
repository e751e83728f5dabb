package cmd

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/config"
	"github.com/stytchctl/stytchctl/render"
)

// sessionsJournalOptions is what `sessions journal` uses.
type sessionsJournalOptions struct {
	since    string
	user     string
	session  string
	operator string
	limit    int
	all      bool
	output   outputOptions
}

func newSessionsJournalCmd(a *app) *cobra.Command {
	o := &sessionsJournalOptions{}
	c := &cobra.Command{
		Use:   "journal [--user ID] [--session ID] [--since TIME]",
		Short: "Show the local journal of revoked sessions",
		Long: `Show the revoke journal of this machine, newest first: every session that
sessions revoke and b2b sessions revoke tried to end, when, by whom, on
which profile, with what result and --reason. Nothing is sent to Stytch.
Revokes made on the built-in demo profile are shown only with --profile demo;
--profile NAME (or STYTCHCTL_PROFILE) shows that profile's revokes only.
The file, its JSON and damaged lines: stytchctl help journal.`,
		Example: examples(
			"stytchctl sessions journal",
			"stytchctl sessions journal -u user-live-0c3e5b1a-7f2d-4e89-a6b4-1d9f8e2c7a35",
			"stytchctl sessions journal --session 4e9b2d7a",
			"stytchctl sessions journal --profile prod --operator ana --all -o csv",
			"stytchctl sessions journal --since 7d -o json | jq -r '.entries[].session_id'",
		),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	f := c.Flags()
	f.StringVar(&o.since, "since", "", "Show entries from `TIME` on (RFC 3339, a date, or a duration ago such as 7d)")
	f.StringVarP(&o.user, "user", "u", "", "Show revokes of the user or B2B member with this `ID`")
	f.StringVar(&o.session, "session", "", "Show revokes of the session with this `ID` or short ID")
	f.StringVar(&o.operator, "operator", "", "Show revokes run by this OS user `NAME`")
	f.IntVar(&o.limit, "limit", defaultLimit, "Show at most `N` entries, the newest (0: no limit, as --all)")
	f.BoolVar(&o.all, "all", false, "Show every matching entry")
	bindOutput(c, &o.output)
	return c
}

func (o *sessionsJournalOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.output.validate(c, a); done || err != nil {
		return err
	}
	filter, err := o.filter(c, a)
	if err != nil {
		return err
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
	shown, hiddenDemo := filter.apply(lines)
	total := len(shown)
	if !o.all && o.limit > 0 {
		shown = shown[:min(len(shown), o.limit)]
	}
	// A journal is read days later: "3h ago" would not say when.
	o.output.print.Table.Absolute = true
	p := newListPrinter(a, &o.output, journalListing())
	for _, l := range shown {
		if err := p.Add(l); err != nil {
			return err
		}
	}
	if err := p.Close(c.Context()); err != nil {
		return err
	}
	return o.notes(a, filter, path, len(lines), len(shown), total, hiddenDemo)
}

// filter checks the filter flags (usage errors, before the journal is
// read) and returns the filter they make. The profile is the global
// --profile, else STYTCHCTL_PROFILE.
func (o *sessionsJournalOptions) filter(c *cobra.Command, a *app) (journalFilter, error) {
	f := journalFilter{user: o.user, operator: o.operator, session: o.session, profile: a.profile}
	if f.profile == "" {
		f.profile, _ = a.deps.LookupEnv(config.EnvProfile)
	}
	for _, name := range []string{"user", "operator", "session"} {
		if c.Flags().Changed(name) && c.Flags().Lookup(name).Value.String() == "" {
			return f, usageErrorf("--%s needs a value", name)
		}
	}
	switch {
	case o.all && c.Flags().Changed("limit"):
		return f, usageErrorf("--all and --limit cannot be used together: --all shows every entry")
	case o.limit < 0:
		return f, usageErrorf("invalid --limit %d: want a number of entries, 0 for no limit", o.limit)
	}
	if o.session != "" && !sessionview.IsShortID(o.session) {
		if err := api.ValidateSessionID(o.session); err != nil {
			return f, &exitError{code: ExitUsage, err: fmt.Errorf("invalid --session: %w", err),
				hint: "Give a whole session ID, or the short ID a table shows (4e9b2d7a)."}
		}
	}
	if o.since != "" {
		t, err := sessionfilter.ParseTimeOrAgo(o.since, a.deps.Now(), o.output.loc)
		if err != nil {
			return f, usageErrorf("invalid --since %q: %w", o.since, err)
		}
		f.since = t
	}
	return f, nil
}

// notes says on stderr, for a person, why a table is empty (always), and
// what was left out: entries past --limit (on a terminal, whatever the
// format) and the demo's revokes (on a terminal).
func (o *sessionsJournalOptions) notes(a *app, f journalFilter, path string, read, shown, total, hiddenDemo int) error {
	limited := limitNote{shown: shown, total: total, what: "entries", newest: true}
	if !o.output.format.IsTable() {
		return limited.write(a.deps.Stderr, a.deps.StderrTTY)
	}
	w := a.deps.Stderr
	if shown == 0 {
		switch {
		case read == 0:
			fmt.Fprintf(w, "The revoke journal %s has no entries.\n", path)
		case f.onlySince():
			fmt.Fprintf(w, "The revoke journal has no entries since %s.\n", f.since.UTC().Format(time.RFC3339))
		default:
			fmt.Fprintln(w, "No entries of the revoke journal match.")
		}
		if f.user != "" && !looksLikeOwnerID(f.user) {
			fmt.Fprintf(w, "Hint: the journal keeps user and member IDs (user-live-…, member-live-…), not external IDs or emails; find the ID with: stytchctl users get %s\n", render.Sanitize(f.user))
		}
	} else if !a.deps.StderrTTY {
		return nil
	}
	if err := limited.write(w, true); err != nil {
		return err
	}
	if hiddenDemo > 0 {
		verb := "are"
		if hiddenDemo == 1 {
			verb = "is"
		}
		_, err := fmt.Fprintf(w, "%s made on the built-in demo profile %s not shown; --profile demo shows them.\n", count(hiddenDemo, "revokes"), verb)
		return err
	}
	return nil
}

// looksLikeOwnerID says whether s has the shape of a Stytch user or
// member ID, which is what the journal keeps.
func looksLikeOwnerID(s string) bool {
	return strings.HasPrefix(s, "user-") || strings.HasPrefix(s, "member-")
}

// journalFilter is which journal entries sessions journal shows.
type journalFilter struct {
	// since, when set, leaves out older entries.
	since time.Time
	// profile "" shows every profile but the built-in demo; the demo's
	// name shows the demo's entries only; another name that profile's.
	profile string
	// user matches the user or member ID; session a whole session ID or
	// the start of its UUID part (a short ID); operator the OS user.
	user, session, operator string
}

// onlySince says whether --since is the only filter.
func (f journalFilter) onlySince() bool {
	return !f.since.IsZero() && f.profile == "" && f.user == "" && f.session == "" && f.operator == ""
}

// apply returns the lines f keeps, newest first (of equal times, the one
// written last first), and how many more it would have kept but for
// being the demo's.
func (f journalFilter) apply(lines []journalLine) (out []journalLine, hiddenDemo int) {
	for i := len(lines) - 1; i >= 0; i-- {
		l := lines[i]
		if !f.matches(l.entry) {
			continue
		}
		demo := l.entry.isDemo()
		switch {
		case f.profile == config.DemoProfile:
			if demo {
				out = append(out, l)
			}
		case demo:
			if f.profile == "" {
				hiddenDemo++
			}
		case f.profile == "" || l.entry.Profile == f.profile:
			out = append(out, l)
		}
	}
	slices.SortStableFunc(out, func(a, b journalLine) int { return b.entry.Time.Compare(a.entry.Time) })
	return out, hiddenDemo
}

// matches applies every filter but the profile.
func (f journalFilter) matches(e journalEntry) bool {
	switch {
	case !f.since.IsZero() && e.Time.Before(f.since):
		return false
	case f.operator != "" && e.Operator != f.operator:
		return false
	case f.user != "" && e.UserID != f.user && e.MemberID != f.user:
		return false
	case f.session == "" || e.SessionID == f.session:
		return true
	}
	return sessionview.IsShortID(f.session) && len(sessionview.MatchShortID(f.session, []string{e.SessionID})) == 1
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
	// operator, user and profile go, in that order; the time, session ID,
	// result and reason stay (the reason shrinks).
	cols := []render.Column{
		{Header: "Time", Fixed: true},
		{Header: "Profile", Kind: render.Identifier, DropOrder: 6},
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
		return []any{e.Time, e.Profile, e.Operator, e.Project, e.Environment, owner(e), e.SessionID, e.Result, e.RequestID, e.Reason}
	}
	// -o wide adds the organization and the error, which go first on a
	// narrow terminal.
	wide := make([]render.Column, 0, len(cols)+2)
	for _, c := range cols {
		if c.DropOrder > 0 {
			c.DropOrder += 2
		}
		c.Terminal = nil
		wide = append(wide, c)
	}
	wide = append(wide, render.Column{Header: "Organization ID", Kind: render.Identifier, DropOrder: 1}, render.Column{Header: "Error", DropOrder: 2})
	wideRow := func(l journalLine) []any {
		e := l.entry
		return append(row(l), e.OrganizationID, e.Error)
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
