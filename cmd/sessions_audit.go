package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/geoip"
	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
	"github.com/stytchctl/stytchctl/render/suggest"
)

// Bounds and default of --page-size (users per users search page): the
// same as every search's.
const (
	defaultAuditPageSize = api.MaxSearchLimit
	maxAuditPageSize     = api.MaxSearchLimit
)

// sessionsAuditOptions is what `sessions audit` uses.
type sessionsAuditOptions struct {
	users       userInputs
	allUsers    bool
	fromFile    string
	staleAfter  string
	maxLifetime string
	maxSessions int
	// maxSpeed (km/h) and maxCountries are the limits of the rules of
	// places (impossible-travel, many-countries).
	maxSpeed     int
	maxCountries int
	failOn       string
	concurrency  int
	pageSize     int
	filter       sessionfilter.Options
	output       outputOptions
	geo          locationOptions

	// Set by run. severityOrder is 1 for critical first, -1 for info
	// first, 0 for the order found; bySeverityFlag is set when --sort-by
	// asked for it (else it is the default of a table or document held
	// until the end anyway).
	severityOrder  int
	bySeverityFlag bool
	flt            *sessionfilter.Filter
	thresholds     sessionaudit.Thresholds
	failLevel      sessionaudit.Severity
	// geoDB is the open GeoIP databases (nil when none), closed by run.
	geoDB *geoip.DB

	// members is set by b2b sessions audit: the sessions are member
	// sessions, audited with memberAuditFindings, printed with
	// memberFindingsListing and counted as members.
	members bool
}

func newSessionsAuditCmd(a *app) *cobra.Command {
	o := &sessionsAuditOptions{}
	def := sessionaudit.Defaults()
	c := &cobra.Command{
		Use:   "audit (--user ID... | --users-file PATH | --all-users | --from-file FILE)",
		Short: "Find risky sessions: impersonation, idle, weak factor, odd device",
		Long: `Audit users' active sessions and print one finding per problem, each with a
severity (info, warning, critical), the rule that found it and the reason.
Users come from --user, --users-file, --all-users (streamed, rate-limited)
or --from-file (offline). With --fail-on LEVEL the exit status is 6 when a
finding at or above LEVEL is found, printed or past --limit. The rules,
their order and -o json: stytchctl help audit-rules.`,
		Example: examples(
			"stytchctl sessions audit -u user-test-5c1e9a47-3b8d-4f26-9e0a-7d4b2c8f1e63",
			`stytchctl sessions audit --all-users -o ndjson | jq -c 'select(.severity == "critical")'`,
			"stytchctl sessions audit -u alice-42,emp-00417 --stale-after 7d --max-lifetime 14d --max-sessions 5 -o wide",
			"stytchctl sessions audit --all-users --sort-by -last-active --limit 20 -o json > findings.json",
			"stytchctl sessions audit -u emp-00417,dmitri.volkov --fail-on warn && echo 'no warnings'",
			"stytchctl sessions audit --all-users --sort-by severity -o csv > findings.csv",
			"stytchctl sessions list -u alice-42 -o json | stytchctl sessions audit --from-file - --fail-on warning",
		),
		Annotations: reportAnnotation(),
		Args:        usersAsFlags,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	bindUserInputs(c, &o.users, "whose sessions to audit")
	f := c.Flags()
	f.BoolVar(&o.allUsers, "all-users", false, "Audit every user of the project (users search, paged and rate-limited)")
	f.StringVar(&o.fromFile, "from-file", "", "Audit saved sessions from `FILE` (- for stdin) instead of the API: the output of 'sessions list -o json' or '-o ndjson'")
	f.StringVar(&o.staleAfter, "stale-after", "30d", "Flag sessions idle for longer than `DURATION` (such as 12h, 7d, 2w)")
	f.StringVar(&o.maxLifetime, "max-lifetime", "30d", "Flag sessions that live longer than `DURATION` from start to expiry")
	f.IntVar(&o.maxSessions, "max-sessions", def.MaxSessions, "Flag users with more than `N` active sessions")
	f.IntVar(&o.maxSpeed, "max-speed", def.MaxSpeedKMH, "Flag travel between two sessions' places faster than `KMH` km/h (needs a GeoIP database)")
	f.IntVar(&o.maxCountries, "max-countries", def.MaxCountries, "Flag users with active sessions in more than `N` countries (needs a GeoIP database)")
	f.StringVar(&o.failOn, "fail-on", "", "Exit 6 when a finding at or above `LEVEL` (info, warning or warn, critical) is found")
	f.IntVar(&o.concurrency, "concurrency", defaultConcurrency, fmt.Sprintf("Fetch `N` users' sessions at once, 1 to %d", maxConcurrency))
	f.IntVar(&o.pageSize, "page-size", defaultAuditPageSize, "With --all-users: "+pageSizeUsage("users"))
	bindLocations(c, &o.geo)
	sessionfilter.Bind(f, &o.filter)
	f.Lookup("sort-by").Usage = "Order findings by `KEY`: severity (critical first), started, last-active, expires or user; prefix - to reverse"
	f.Lookup("limit").Usage = "Print at most `N` findings, after sorting (0: no limit); findings past it still count for --fail-on"
	_ = c.RegisterFlagCompletionFunc("sort-by", completeAuditSortKeys)
	bindOutput(c, &o.output)
	return c
}

// findingsListing describes findings for the printer. With labels (a
// terminal table) the USER column names each user as the person did
// (Finding.UserLabel); else it is the user ID.
func findingsListing(labels bool) render.List[sessionaudit.Finding] {
	// The user column is "User ID" unless users are named as typed.
	// A user ID is never cut; a name (or what the user was typed as)
	// shrinks like any free text, before the reason; a user ID among
	// names is not cut either.
	userHeader, userKind, user := findingOwner(labels, "User ID", "User")
	str := dashIfEmpty
	return render.List[sessionaudit.Finding]{
		Key: "findings",
		Raw: func(f sessionaudit.Finding) json.RawMessage {
			b, _ := f.MarshalJSON() // strings and times only: cannot fail
			return b
		},
		Columns: []render.Column{
			// The reason is the point of the command: it shrinks last,
			// after the device and the rule are gone. The user stays with
			// the short session ID, which revoke takes back only with it.
			{Header: "Severity", Fixed: true},
			{Header: "Rule", Fixed: true, DropOrder: 2},
			// A user ID, or the name, external ID or email the user was
			// typed as: never hidden before the reason is cut.
			{Header: userHeader, Kind: userKind},
			{Header: "Session ID", Kind: render.Identifier, Terminal: sessionview.ShortenIDCells},
			{Header: "Device", DropOrder: 1},
			{Header: "Reason", Keep: true},
		},
		Row: func(f sessionaudit.Finding) []any {
			return []any{severityCell(f.Severity), f.Rule, user(f), str(f.SessionID), str(f.Device), f.Reason}
		},
		WideColumns: []render.Column{
			{Header: "Severity", Fixed: true}, {Header: "Rule", Fixed: true, DropOrder: 7},
			{Header: "User ID", Kind: render.Identifier}, {Header: "Session ID", Kind: render.Identifier, Terminal: sessionview.ShortenIDCells},
			{Header: "Device", DropOrder: 5}, {Header: "IP", Key: "ip_address", Kind: render.Address, DropOrder: 6},
			{Header: "Factors", DropOrder: 4}, {Header: "Started", Key: "started_at", Fixed: true, DropOrder: 1},
			{Header: "Last active", Key: "last_accessed_at", Fixed: true, DropOrder: 3},
			{Header: "Expires", Key: "expires_at", Fixed: true, DropOrder: 2}, {Header: "Reason", Keep: true},
		},
		WideRow: func(f sessionaudit.Finding) []any {
			return []any{severityCell(f.Severity), f.Rule, f.UserID, f.SessionID, f.Device, f.IPAddress, f.Factors,
				f.StartedAt, f.LastActive, f.ExpiresAt, f.Reason}
		},
	}
}

// findingOwner is how a findings table names whom a finding is about:
// the column's header and kind, and the cell. Without labels it is the ID
// (header idHeader), never cut; with labels (a terminal table) the name
// or what the person typed (header labelHeader, Finding.UserLabel), which
// shrinks like free text, else the ID, which is never cut even in that
// column of names (render.Ident).
func findingOwner(labels bool, idHeader, labelHeader string) (string, render.Kind, func(sessionaudit.Finding) any) {
	if !labels {
		return idHeader, render.Identifier, func(f sessionaudit.Finding) any { return f.UserID }
	}
	return labelHeader, render.FreeText, func(f sessionaudit.Finding) any {
		if f.UserLabel != "" && f.UserLabel != f.UserID {
			return f.UserLabel
		}
		return render.Ident(f.UserID)
	}
}

// dashIfEmpty is s as a table cell, "-" when empty.
func dashIfEmpty(s string) any {
	if s == "" {
		return "-"
	}
	return s
}

// severityCell is a finding's severity as a table cell: red for critical,
// yellow for warning, dim for info on a colour terminal; the word alone
// elsewhere.
func severityCell(s sessionaudit.Severity) render.Toned {
	tone := render.ToneDim
	switch s {
	case sessionaudit.Critical:
		tone = render.ToneAlert
	case sessionaudit.Warning:
		tone = render.ToneCaution
	}
	return render.Toned{Text: s.String(), Tone: tone}
}

func (o *sessionsAuditOptions) validate(c *cobra.Command, a *app) (done bool, err error) {
	if done, err := o.output.validate(c, a); done || err != nil {
		return done, err
	}
	byUser := len(o.users.users) > 0 || o.users.file != ""
	switch {
	case o.allUsers && (byUser || o.fromFile != ""):
		return false, usageErrorf("--all-users cannot be combined with --user, --users-file or --from-file")
	case o.fromFile != "" && o.users.file != "":
		return false, usageErrorf("--from-file cannot be combined with --users-file")
	case !o.allUsers && !byUser && o.fromFile == "":
		return false, usageErrorf("--user, --users-file, --all-users or --from-file is required: whose sessions to audit")
	}
	return false, o.validateRules(a)
}

// validateRules checks the flags every audit shares (consumer and member):
// concurrency and page size, the rules' limits, --sort-by, the filters
// and --fail-on. For members (o.members) no GeoIP database is opened: the
// rules of places need an IP address, which member sessions lack.
func (o *sessionsAuditOptions) validateRules(a *app) (err error) {
	if o.concurrency < 1 || o.concurrency > maxConcurrency {
		return usageErrorf("invalid --concurrency %d: want 1 to %d", o.concurrency, maxConcurrency)
	}
	if o.pageSize < 1 || o.pageSize > maxAuditPageSize {
		return usageErrorf("invalid --page-size %d: want 1 to %d", o.pageSize, maxAuditPageSize)
	}
	if o.maxSessions < 1 {
		return usageErrorf("invalid --max-sessions %d: want 1 or more", o.maxSessions)
	}
	if o.maxSpeed < 1 {
		return usageErrorf("invalid --max-speed %d: want 1 km/h or more", o.maxSpeed)
	}
	if o.maxCountries < 1 {
		return usageErrorf("invalid --max-countries %d: want 1 or more", o.maxCountries)
	}
	if o.thresholds.StaleAfter, err = sessionfilter.ParseDuration(o.staleAfter); err != nil {
		return usageErrorf("invalid --stale-after %q: %w", o.staleAfter, err)
	}
	if o.thresholds.MaxLifetime, err = sessionfilter.ParseDuration(o.maxLifetime); err != nil {
		return usageErrorf("invalid --max-lifetime %q: %w", o.maxLifetime, err)
	}
	if o.thresholds.StaleAfter <= 0 || o.thresholds.MaxLifetime <= 0 {
		return usageErrorf("--stale-after and --max-lifetime must be longer than zero")
	}
	o.thresholds.MaxSessions, o.thresholds.MaxSpeedKMH, o.thresholds.MaxCountries = o.maxSessions, o.maxSpeed, o.maxCountries
	if !o.members {
		demo := a.demoInUse()
		if o.fromFile != "" {
			demo = a.demoSelected() // a file is read with no credentials
		}
		if o.thresholds.Locate, o.geoDB, err = auditLocator(a, &o.geo, demo); err != nil {
			return err
		}
	}
	o.takeSeveritySort()
	if err := o.checkAuditSortBy(); err != nil {
		return err
	}
	o.thresholds.StaleAfterText, o.thresholds.MaxLifetimeText = o.staleAfter, o.maxLifetime
	if o.flt, err = o.filter.Compile(a.deps.Now(), o.output.loc); err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	warnUnknownFactors(a.deps.Stderr, o.filter)
	if o.failOn != "" {
		if o.failLevel, err = sessionaudit.ParseSeverity(o.failOn); err != nil {
			return usageErrorf("invalid --fail-on: %w", err)
		}
	}
	return nil
}

// takeSeveritySort takes --sort-by severity (critical first) or -severity
// (info first) out of the session filter, which knows only session keys.
func (o *sessionsAuditOptions) takeSeveritySort() {
	switch strings.ToLower(strings.TrimSpace(o.filter.SortBy)) {
	case "severity":
		o.severityOrder, o.bySeverityFlag, o.filter.SortBy = 1, true, ""
	case "-severity":
		o.severityOrder, o.bySeverityFlag, o.filter.SortBy = -1, true, ""
	}
}

// checkAuditSortBy refuses a --sort-by that is neither severity nor a
// session key, suggesting among all of them (the session filter alone
// would not know severity).
func (o *sessionsAuditOptions) checkAuditSortBy() error {
	if o.filter.SortBy == "" {
		return nil
	}
	if _, _, err := sessionfilter.ParseSortBy(o.filter.SortBy); err == nil {
		return nil
	}
	owner := "user"
	if o.members {
		owner = "member"
	}
	keys := append([]string{"severity"}, sessionfilter.SortKeyNames(owner)...)
	want := sessionfilter.JoinKeys(keys) + ", with - in front for descending order"
	name := strings.TrimPrefix(strings.TrimSpace(o.filter.SortBy), "-")
	if s := suggest.DidYouMean(name, keys); s != "" {
		return usageErrorf("invalid --sort-by %q: %s want %s", o.filter.SortBy, s, want)
	}
	return usageErrorf("invalid --sort-by %q: want %s", o.filter.SortBy, want)
}

func (o *sessionsAuditOptions) run(c *cobra.Command, a *app) error {
	done, err := o.validate(c, a)
	defer o.geoDB.Close()
	if done || err != nil {
		return err
	}
	ctx := c.Context()
	ids, fileSessions, err := o.readInputs(ctx, a)
	if err != nil {
		return err
	}
	r := newAuditCollector(a, o)
	if err := o.collect(ctx, a, r, ids, fileSessions); err != nil && !errors.Is(err, errEnough) {
		return err
	}
	if err := r.finish(ctx); err != nil {
		return err
	}
	return r.exitError()
}

// readInputs reads what is known before anything is sent: the users of
// --user and --users-file, and the sessions of --from-file.
func (o *sessionsAuditOptions) readInputs(ctx context.Context, a *app) (ids []string, fileSessions []api.Session, err error) {
	if len(o.users.users) > 0 || o.users.file != "" {
		if ids, err = o.users.resolve(ctx, a, "whose sessions to audit"); err != nil {
			return nil, nil, err
		}
	}
	if o.fromFile != "" {
		saved, err := readSessionsFile(ctx, a, o.fromFile)
		if err != nil {
			return nil, nil, err
		}
		if ids, err = savedOwners(saved, ids); err != nil {
			return nil, nil, err
		}
		fileSessions = saved.sessions
	}
	return ids, fileSessions, nil
}

// collect hands r the sessions to audit: those of --from-file, else those
// of every user of the project (--all-users), else those of ids, fetched
// --concurrency at a time.
func (o *sessionsAuditOptions) collect(ctx context.Context, a *app, r *auditCollector, ids []string, fileSessions []api.Session) error {
	if o.fromFile != "" {
		return o.auditFile(r, fileSessions, ids)
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	client := s.client.WithPacer(&api.Pacer{})
	r.client = client
	if o.allUsers {
		return o.auditAll(ctx, r, client)
	}
	if a.deps.StderrTTY && len(ids) >= progressMinUsers {
		r.prog = render.NewProgress(a.deps.Stderr, len(ids), "users")
	}
	return o.auditUsers(ctx, r, client, ids)
}

// printer is the list printer, except that -o json to a pipe is written
// finding by finding (render.NewJSONStream) so that --all-users holds no
// findings.
func (o *sessionsAuditOptions) printer(a *app) render.Printer[sessionaudit.Finding] {
	listing := findingsListing
	if o.members {
		listing = memberFindingsListing
	}
	if o.output.passThrough() && o.output.format == render.JSON && !a.deps.StdoutTTY {
		return render.NewJSONStream(a.deps.Stdout, listing(false))
	}
	return newListPrinter(a, &o.output, listing(o.output.print.Table.TTY && o.output.format.IsTable()))
}

// auditFile audits saved sessions, user by user in the order users first
// appear in the file; ids, when given, keep only those users.
func (o *sessionsAuditOptions) auditFile(r *auditCollector, sessions []api.Session, ids []string) error {
	users, byUser := sessionsByUser(sessions)
	if len(ids) > 0 {
		users = ids
	}
	for _, u := range users {
		if err := r.audit(u, u, byUser[u]); err != nil {
			return err
		}
	}
	return nil
}

// auditUsers fetches and audits ids, --concurrency at a time, printing in
// input order. A user named twice (user ID and external ID) is audited
// once, where first named: answers are matched by the user_id their
// sessions carry, and a note on stderr says so. Findings name the user by
// that user_id, whatever the input was.
func (o *sessionsAuditOptions) auditUsers(ctx context.Context, r *auditCollector, client *api.Client, ids []string) error {
	return r.fetch(ctx, client, ids, o.concurrency, func(i int, resp *api.SessionsResponse, err error) error {
		if err != nil {
			if len(ids) == 1 {
				return err
			}
			return r.failed(err)
		}
		if dup, err := r.sameUser("audited", ids[i], resp.Sessions); dup {
			return err
		}
		userID := ids[i]
		if len(resp.Sessions) > 0 && resp.Sessions[0].UserID != "" {
			userID = resp.Sessions[0].UserID
		}
		return r.audit(userID, ids[i], resp.Sessions)
	})
}

// auditAll walks every user with users search, page by page, and audits
// each page's users as auditUsers does before asking for the next page:
// memory holds one page and the fan-out window, however many users there
// are.
func (o *sessionsAuditOptions) auditAll(ctx context.Context, r *auditCollector, client *api.Client) error {
	first := true
	err := client.EachUserPage(ctx, api.UserSearch{Limit: o.pageSize}, func(page *api.UserSearchPage) error {
		if first {
			first = false
			if r.a.deps.StderrTTY && page.Total >= progressMinUsers {
				r.prog = render.NewProgress(r.a.deps.Stderr, page.Total, "users")
			}
		}
		ids, labels := make([]string, len(page.Results)), make([]string, len(page.Results))
		for i, u := range page.Results {
			ids[i], labels[i] = u.UserID, searchLabel(u)
		}
		page.Results, page.Raw = nil, nil // the IDs are all that is kept
		if len(ids) == 0 {
			return nil
		}
		return r.fetch(ctx, client, ids, o.concurrency, func(i int, resp *api.SessionsResponse, err error) error {
			if err != nil {
				return r.failed(err)
			}
			return r.audit(ids[i], labels[i], resp.Sessions)
		})
	})
	return wrap(err, "listing every user")
}
