package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/geoip"
	"github.com/stytchctl/stytchctl/cmd/inspectview"
	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
)

// inspectOptions is what `inspect` uses.
type inspectOptions struct {
	who    string
	org    string
	failOn string
	output outputOptions
	geo    locationOptions

	// Set by validate: the email address WHO is, if it is one, and the
	// --fail-on level.
	email     string
	failLevel sessionaudit.Severity
	// Set by openLocations: the GeoIP databases (nil when none) and the
	// audit rules' locator over them.
	geoDB  *geoip.DB
	locate sessionaudit.Locator
}

func newInspectCmd(a *app) *cobra.Command {
	o := &inspectOptions{}
	c := &cobra.Command{
		Use:   "inspect WHO [--org ORG]",
		Short: "One screen on a person: sessions, devices, findings",
		Long: `Show one user (WHO: an email address, user ID or external ID), their
active sessions grouped by device with timelines, the findings of the
sessions audit (critical first) and the commands to act on them.
With --org, WHO is a member (member ID or email) of that organization.
-o json or yaml prints {"user","sessions","devices","findings"}: see
'stytchctl help formatting'; exit codes as in 'stytchctl help exit-codes'.`,
		Example: examples(
			"stytchctl inspect alice.nakamura@example.com",
			"stytchctl inspect alice-42 --jq '[.findings[].session_id] | unique | .[]'",
			"stytchctl inspect alice-42 --fail-on critical || echo 'act on it'",
			"stytchctl inspect --org northwind-traders priya.natarajan@northwind.example",
		),
		Annotations: reportAnnotation(),
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("inspect needs exactly one person: an email address, user ID or external ID, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			o.who = args[0]
			return o.run(c, a)
		},
	}
	f := c.Flags()
	bindOrgFlag(c, &o.org, "Organization `ORG` (its ID or slug) of member WHO")
	f.StringVar(&o.failOn, "fail-on", "", "Exit 6 on a finding of `LEVEL` (info, warning, critical) or above")
	bindLocations(c, &o.geo)
	bindDocumentOutput(c, &o.output)
	return c
}

// run inspects in named steps: check what was asked, fetch what is needed
// (concurrently where it can), audit and group what came back, print it,
// and end with the exit code that says what failed or was found.
func (o *inspectOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.validate(c, a); done || err != nil {
		return err
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	if o.locate, o.geoDB, err = auditLocator(a, &o.geo, s.creds.Demo); err != nil {
		return err
	}
	defer o.geoDB.Close()
	ctx := c.Context()
	if o.org != "" {
		return o.runMember(ctx, a, s.client)
	}
	got, err := o.fetch(ctx, s.client)
	if err != nil {
		return err
	}
	r := o.report(a, got)
	if err := o.print(ctx, a, got, r); err != nil {
		return err
	}
	return o.exitError(got, r)
}

// validate checks the flags and WHO before anything is sent; done means
// -o help was answered. Every error is a usage error.
func (o *inspectOptions) validate(c *cobra.Command, a *app) (done bool, err error) {
	if done, err := o.output.validateDocument(c, a); done || err != nil {
		return done, err
	}
	if o.failOn != "" {
		if o.failLevel, err = sessionaudit.ParseSeverity(o.failOn); err != nil {
			return false, usageErrorf("invalid --fail-on: %w", err)
		}
	}
	if o.org != "" {
		return false, o.validateMember()
	}
	if strings.Contains(o.who, "@") {
		o.email = o.who
		return false, validateEmailFlag(o.who)
	}
	return false, validateWho(o.who)
}

// validateWho checks WHO that is no email address: a user ID or an
// external ID. A malformed user ID (user-test-…) is told what is wrong
// with it; anything else what WHO may be.
func validateWho(who string) error {
	err := api.ValidateUserID(who)
	switch {
	case err == nil:
		return nil
	case api.IsStytchUserID(who):
		return usageErrorf("invalid WHO %q: %w", who, err)
	}
	return usageErrorf("invalid WHO %q: WHO is an email address, a user ID (user-test-<uuid>) or an external ID (at most %d of A-Z a-z 0-9 . _ - |)", who, api.MaxExternalIDLen)
}

// sharedAddressLimit is how many of the users sharing an address inspect
// lists: the search returns them, name and creation date included, in
// the one request it makes anyway.
const sharedAddressLimit = 10

// inspectSharedAddress is inspect's error for an address several users
// share (exit 1): each user's ID, name and creation date, then how to
// inspect one of them.
func inspectSharedAddress(addr string, users []api.User, more bool) error {
	what := fmt.Sprintf("%d users", len(users))
	if more {
		what = fmt.Sprintf("more than %d users; the first %d", len(users), len(users))
	}
	var hint strings.Builder
	for _, u := range users {
		name := render.Sanitize(u.Name.Full())
		if name == "" {
			name = "(no name)"
		}
		created := "unknown"
		if !u.CreatedAt.IsZero() {
			created = u.CreatedAt.UTC().Format("2006-01-02")
		}
		fmt.Fprintf(&hint, "  %s  %s, created %s\n", render.Sanitize(u.UserID), name, created)
	}
	hint.WriteString("To fix: inspect one of them by its ID: stytchctl inspect USER_ID")
	return &exitError{code: ExitFailure,
		err:  fmt.Errorf("finding the user with email address %s: the address belongs to %s", addr, what),
		hint: hint.String()}
}

// inspected is what the requests brought back: the user and the sessions,
// each with its own error, so that what was fetched is shown whatever
// failed.
type inspected struct {
	// userID is what the user and sessions were fetched by: the user ID
	// or external ID given, or the user ID the email address found.
	userID      string
	user        *api.UserResponse
	userErr     error
	sessions    *api.SessionsResponse
	sessionsErr error
}

// fetch finds the user of an email address first (an exact search), then
// gets the user and lists their sessions at the same time. An error is
// returned only when there is nothing to show: the email matched no user
// or several, the user does not exist, or both requests failed (the
// user's error, the sessions' on stderr first).
func (o *inspectOptions) fetch(ctx context.Context, client *api.Client) (*inspected, error) {
	got := &inspected{userID: o.who}
	if o.email != "" {
		id, err := resolveEmailWith(ctx, client, o.email, sharedAddressLimit, inspectSharedAddress)
		if err != nil {
			return nil, orMemberHint(err)
		}
		got.userID = id
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		got.user, got.userErr = client.GetUser(ctx, got.userID)
		got.userErr = wrap(got.userErr, "getting user %s", got.userID)
	}()
	go func() {
		defer wg.Done()
		got.sessions, got.sessionsErr = client.GetSessions(ctx, got.userID)
		got.sessionsErr = wrap(got.sessionsErr, "listing sessions of user %s", got.userID)
	}()
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if got.userErr != nil && (ExitCode(got.userErr) == ExitNotFound || got.sessionsErr != nil) {
		return nil, orMemberHint(got.userErr)
	}
	return got, nil
}

// orMemberHint adds to a "no such user" error (exit 3) the thought that
// WHO may be a B2B member, which only --org finds; other errors pass.
func orMemberHint(err error) error {
	if ExitCode(err) != ExitNotFound {
		return err
	}
	hint := "A B2B organization member? stytchctl inspect --org ORG WHO"
	if h := hintFor(err, ExitNotFound, "stytchctl inspect"); h != "" {
		hint = h + "\n" + hint
	}
	return &exitError{code: ExitNotFound, err: err, hint: hint}
}

// report audits and groups what was fetched for the screen and the
// document.
func (o *inspectOptions) report(a *app, got *inspected) inspectview.Report {
	r := inspectview.Report{}
	if got.user != nil {
		u := got.user.User
		r.User = &u
	} else {
		r.UserErr = errText(got.userErr)
	}
	if got.sessions == nil {
		r.SessionsErr = errText(got.sessionsErr)
		return r
	}
	r.SessionsFetched = true
	r.Sessions = got.sessions.Sessions
	r.Groups = sessionview.GroupByDevice(r.Sessions)
	r.ShortIDs = sessionview.GroupShortIDs(r.Groups)
	sessionview.LocateGroups(r.Groups, locator(o.geoDB))
	userID := got.userID
	if r.User != nil {
		userID = r.User.UserID
	}
	r.Findings = sessionaudit.AuditUserMatching(userID, r.Sessions, nil, a.deps.Now(), o.thresholds())
	slices.SortStableFunc(r.Findings, func(x, y sessionaudit.Finding) int { return int(y.Severity) - int(x.Severity) })
	r.Next = inspectview.NextSteps(inspectview.UserCommands(commandUser(r.User, got.userID), a.profile), r)
	return r
}

// thresholds are the audit's defaults with this run's locator: the rules
// of places run when a GeoIP database is open.
func (o *inspectOptions) thresholds() sessionaudit.Thresholds {
	t := sessionaudit.Defaults()
	t.Locate = o.locate
	return t
}

// commandUser is how the next steps name the user: the external ID when
// the user has one (short to type), else the user ID.
func commandUser(u *api.User, userID string) string {
	if u == nil {
		return userID
	}
	if u.ExternalID != "" {
		return u.ExternalID
	}
	return u.UserID
}

// errText is err's message, "" for none.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// print shows the report on a terminal (or piped, the same screen without
// colour), or prints the document in the -o format.
func (o *inspectOptions) print(ctx context.Context, a *app, got *inspected, r inspectview.Report) error {
	if !o.output.format.IsTable() {
		doc, err := inspectDocument(got, r)
		if err != nil {
			return err
		}
		return a.printDocumentOutput(ctx, &o.output, doc)
	}
	return o.printScreen(a, r)
}

// printScreen draws r for a person, fitted to the terminal and its first
// screen (100 columns wide, without colour and nothing cut when piped).
func (o *inspectOptions) printScreen(a *app, r inspectview.Report) error {
	scr := inspectview.Screen{Now: a.deps.Now(), Color: a.deps.colorEnabled(a.deps.StdoutTTY), Location: o.output.loc}
	if a.deps.StdoutTTY && a.deps.TermWidth != nil {
		scr.Width = a.deps.TermWidth()
	}
	if a.deps.StdoutTTY {
		scr.Rows = inspectview.FirstScreen
	}
	out := a.humanOut()
	if err := scr.Write(out, r); err != nil {
		return err
	}
	return out.finish()
}

// exitError is what the run ends with once everything fetched was shown:
// the failure of the part that could not be fetched, else --fail-on's
// verdict.
func (o *inspectOptions) exitError(got *inspected, r inspectview.Report) error {
	return firstError(got.userErr, got.sessionsErr, failOnError(o.failLevel, r.Findings))
}

// failOnError is exit 6 when a finding is at or above level (0: never),
// as sessions audit's --fail-on.
func failOnError(level sessionaudit.Severity, findings []sessionaudit.Finding) error {
	if level == 0 {
		return nil
	}
	n := 0
	for _, f := range findings {
		if f.Severity >= level {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return &exitError{code: ExitCheckFailed, err: fmt.Errorf("%d %s at or above %s (--fail-on %s)", n, plural(n, "finding", "findings"), level, level)}
}

// inspectDocument is the -o json document: {"user": Stytch's user object
// as sent, without the request_id and status_code of its answer (null when
// it could not be fetched), "sessions": the sessions as sent, "devices":
// the device groups as sessions devices prints them, "findings": the
// findings as sessions audit prints them, critical first}. When the
// sessions could not be listed, sessions, devices and findings are null.
func inspectDocument(got *inspected, r inspectview.Report) ([]byte, error) {
	user := json.RawMessage("null")
	if got.user != nil {
		var err error
		if user, err = render.WithoutMembers(got.user.Raw, "request_id", "status_code"); err != nil {
			return nil, fmt.Errorf("reading the user's answer: %w", err)
		}
	}
	return partsDocument("user", user, r, nil), nil
}

// partsDocument is {"<who>": person, "sessions", "devices", "findings"};
// when the sessions could not be listed all three are null.
func partsDocument(who string, person json.RawMessage, r inspectview.Report, finding func(sessionaudit.Finding) json.RawMessage) []byte {
	sessions := json.RawMessage("null")
	if r.SessionsFetched {
		var b bytes.Buffer
		writeJSONList(&b, r.Sessions)
		sessions = b.Bytes()
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"%s":`, who)
	b.Write(person)
	b.WriteString(`,"sessions":`)
	b.Write(sessions)
	b.WriteString(`,"devices":`)
	if r.SessionsFetched {
		writeJSONList(&b, r.Groups)
	} else {
		b.WriteString("null")
	}
	b.WriteString(`,"findings":`)
	switch {
	case r.SessionsFetched && finding != nil:
		b.WriteString("[")
		for i, f := range r.Findings {
			if i > 0 {
				b.WriteString(",")
			}
			b.Write(finding(f))
		}
		b.WriteString("]")
	case r.SessionsFetched:
		writeJSONList(&b, r.Findings)
	default:
		b.WriteString("null") // not []: nothing was audited, not nothing found
	}
	b.WriteString("}")
	return b.Bytes()
}

// writeJSONList writes items as a JSON array, [] when there are none.
// Their MarshalJSON cannot fail: sessions write the bytes Stytch sent,
// groups and findings strings, lists and times.
func writeJSONList[T json.Marshaler](w io.Writer, items []T) {
	io.WriteString(w, "[")
	for i, it := range items {
		if i > 0 {
			io.WriteString(w, ",")
		}
		raw, _ := it.MarshalJSON()
		w.Write(raw)
	}
	io.WriteString(w, "]")
}

// validateMember checks --org and WHO as a member (member ID, external ID
// or email address) before anything is sent.
func (o *inspectOptions) validateMember() error {
	if err := checkOrganization(o.org); err != nil {
		return usageErrorf("invalid --org %q: an organization ID, slug or external ID has no spaces, slashes, ? or #", o.org)
	}
	if strings.Contains(o.who, "@") {
		o.email = o.who
		return validateEmailFlag(o.who)
	}
	return checkMemberID("WHO", o.who)
}

// inspectedMember is inspected for a member of an organization.
type inspectedMember struct {
	org, memberID string
	member        *api.MemberResponse
	memberErr     error
	sessions      *api.MemberSessionsResponse
	sessionsErr   error
}

// runMember inspects a member of --org as run does a user: the member
// and their sessions (at the same time, after the lookup of an email
// address), the audit rules that need no device, and the b2b commands.
func (o *inspectOptions) runMember(ctx context.Context, a *app, client *api.Client) error {
	got, err := o.fetchMember(ctx, client)
	if err != nil {
		return err
	}
	r := o.memberReport(a, got)
	if !o.output.format.IsTable() {
		doc, err := memberDocument(got, r)
		if err != nil {
			return err
		}
		if err := a.printDocumentOutput(ctx, &o.output, doc); err != nil {
			return err
		}
	} else if err := o.printScreen(a, r); err != nil {
		return err
	}
	return firstError(got.memberErr, got.sessionsErr, failOnError(o.failLevel, r.Findings))
}

// fetchMember is fetch for a member: the organization is found with the
// shared resolver (an ID as it is, a slug looked up once, and then asked
// for by its ID; not found, or an external ID, is exit 3 naming it, and
// nothing more is sent), an email address is looked up in it, and the
// member and the sessions are then fetched at the same time. What was not
// found is named in b2bError's words.
func (o *inspectOptions) fetchMember(ctx context.Context, client *api.Client) (*inspectedMember, error) {
	org, err := newOrgResolver(client).ID(ctx, o.org)
	if err != nil {
		return nil, err
	}
	got := &inspectedMember{org: o.org, memberID: o.who}
	if o.email != "" {
		got.member, err = client.GetMember(ctx, org, api.MemberLookup{EmailAddress: o.email})
		if err != nil {
			return nil, b2bError(err, o.org, "with email address "+o.email, "",
				"finding the member with email address "+o.email+" in organization "+o.org)
		}
		got.memberID = got.member.MemberID
	}
	var wg sync.WaitGroup
	if got.member == nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got.member, got.memberErr = client.GetMember(ctx, org, api.MemberLookup{MemberID: got.memberID})
			got.memberErr = b2bError(got.memberErr, o.org, got.memberID, "",
				"getting member "+got.memberID+" of organization "+o.org)
		}()
	}
	got.sessions, got.sessionsErr = client.GetMemberSessions(ctx, org, got.memberID)
	got.sessionsErr = b2bMemberRef{org: o.org}.sessionsError(got.sessionsErr, got.memberID)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if got.memberErr != nil && (ExitCode(got.memberErr) == ExitNotFound || got.sessionsErr != nil) {
		return nil, got.memberErr
	}
	return got, nil
}

// memberReport is report for a member. Member sessions carry no user
// agent or IP, so the rules are those of memberAuditFindings, as in b2b
// sessions audit.
func (o *inspectOptions) memberReport(a *app, got *inspectedMember) inspectview.Report {
	r := inspectview.Report{}
	if got.member != nil {
		m := got.member.Member
		r.Member = &m
		if org := got.member.Organization; org.OrganizationID != "" || org.OrganizationName != "" {
			r.Organization = &org
		}
	} else {
		r.UserErr = errText(got.memberErr)
	}
	if got.sessions == nil {
		r.SessionsErr = errText(got.sessionsErr)
		return r
	}
	r.SessionsFetched = true
	for _, ms := range got.sessions.MemberSessions {
		r.Sessions = append(r.Sessions, api.Session{Raw: ms.Raw, SessionID: ms.MemberSessionID, UserID: ms.MemberID,
			AuthenticationFactors: ms.AuthenticationFactors, Roles: ms.Roles, StartedAt: ms.StartedAt,
			LastAccessedAt: ms.LastAccessedAt, ExpiresAt: ms.ExpiresAt, CustomClaims: ms.CustomClaims})
	}
	r.Groups = sessionview.GroupByDevice(r.Sessions)
	r.ShortIDs = sessionview.GroupShortIDs(r.Groups)
	r.Findings = memberAuditFindings(got.memberID, r.Sessions, nil, a.deps.Now(), sessionaudit.Defaults())
	slices.SortStableFunc(r.Findings, func(x, y sessionaudit.Finding) int { return int(y.Severity) - int(x.Severity) })
	member := got.memberID
	if r.Member != nil && r.Member.ExternalID != "" {
		member = r.Member.ExternalID
	}
	r.Next = inspectview.NextSteps(inspectview.MemberCommands(got.org, member, a.profile), r)
	return r
}

// memberDocument is inspectDocument for a member: {"member": the member
// object as Stytch sent it in the lookup's answer, "sessions": the member
// sessions as sent, "devices", "findings"}.
func memberDocument(got *inspectedMember, r inspectview.Report) ([]byte, error) {
	member := json.RawMessage("null")
	if got.member != nil && got.member.Member.Raw != nil {
		member = got.member.Member.Raw
	}
	return partsDocument("member", member, r, memberFindingJSON), nil
}

// firstError is the first of errs that is not nil.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
