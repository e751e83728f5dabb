package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
)

// b2bSessionsListOptions is what `b2b sessions list` uses.
type b2bSessionsListOptions struct {
	organization string
	member       string
	email        string
	filter       sessionfilter.Options
	output       outputOptions
}

func newB2BSessionsListCmd(a *app) *cobra.Command {
	o := &b2bSessionsListOptions{}
	c := &cobra.Command{
		Use:     "list --org ORG (--member ID | --email ADDR)",
		Aliases: []string{"ls"},
		Short:   "List an organization member's active sessions",
		Long: `List the active sessions of one member of a B2B organization: how each
signed in, its roles, when it started, was last active and expires. ORG is
the organization's ID, slug or external ID; the member is --member (ID or
external ID) or --email. Member sessions carry no IP address or user agent.
-o json prints Stytch's response as sent; see stytchctl help formatting.`,
		Example: examples(
			"stytchctl b2b sessions list --org northwind-traders --email priya.natarajan@northwind.example",
			"stytchctl b2b sessions list --org northwind-traders --member emp-7731 --factor sso -o wide",
			"stytchctl b2b sessions ls --org northwind-traders --email priya.natarajan@northwind.example -o json | jq .",
		),
		Args: membersAsFlags,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	bindOrgFlag(c, &o.organization, orgFlagUsage)
	c.Flags().StringVar(&o.member, "member", "", "Member `ID` (or external ID) to list")
	c.Flags().StringVar(&o.email, "email", "", "Member with email `ADDR` in the organization")
	sessionfilter.BindMemberMatch(c.Flags(), &o.filter)
	sessionfilter.BindMemberOrder(c.Flags(), &o.filter)
	bindOutput(c, &o.output)
	return c
}

// checkOrganization validates --org before anything is sent.
func checkOrganization(org string) error {
	if org == "" {
		return usageErrorf("--org is required: the organization ID, slug or external ID")
	}
	return checkOrgRef("--org", org)
}

// checkOrgRef validates an organization named by what (--org, ORG) before
// anything is sent: only what an ID, slug or external ID can hold.
func checkOrgRef(what, org string) error {
	if err := api.CheckPathSegment("organization", org); err != nil {
		return usageErrorf("invalid %s: %w", what, err)
	}
	if strings.TrimSpace(org) != org || strings.ContainsAny(org, "/?#") || strings.ContainsFunc(org, isControl) {
		return usageErrorf("invalid %s %q: an organization ID, slug or external ID has no spaces, slashes, ? or #", what, org)
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func (o *b2bSessionsListOptions) run(c *cobra.Command, a *app) error {
	flt, done, err := o.validate(c, a)
	if done || err != nil {
		return err
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	ctx := c.Context()
	memberID, err := o.memberID(ctx, s.client)
	if err != nil {
		return err
	}
	resp, err := s.client.GetMemberSessions(ctx, o.organization, memberID)
	if err != nil {
		return o.ref().sessionsError(err, memberID)
	}
	return o.print(ctx, a, flt, memberID, resp)
}

// validate checks every flag before anything is sent and returns the
// compiled filters; done means -o help was answered. Every error is a
// usage error.
func (o *b2bSessionsListOptions) validate(c *cobra.Command, a *app) (flt *sessionfilter.Filter, done bool, err error) {
	if done, err := o.output.validate(c, a); done || err != nil {
		return nil, done, err
	}
	if err := checkOrganization(o.organization); err != nil {
		return nil, false, err
	}
	if flt, err = o.filter.Compile(a.deps.Now(), o.output.loc); err != nil {
		return nil, false, &exitError{code: ExitUsage, err: err}
	}
	warnUnknownFactors(a.deps.Stderr, o.filter)
	return flt, false, o.ref().checkMember("list")
}

// memberID is the member whose sessions to list: --member as given, or the
// member that --email names in the organization (b2bMemberRef.id).
func (o *b2bSessionsListOptions) memberID(ctx context.Context, client *api.Client) (string, error) {
	return o.ref().id(ctx, client)
}

// ref is the member the flags name.
func (o *b2bSessionsListOptions) ref() b2bMemberRef {
	return b2bMemberRef{org: o.organization, member: o.member, email: o.email}
}

// print prints the member's sessions that the filters select, and with a
// table a line on stderr: why it is empty, or that member sessions show no
// device or IP.
func (o *b2bSessionsListOptions) print(ctx context.Context, a *app, flt *sessionfilter.Filter, memberID string, resp *api.MemberSessionsResponse) error {
	p := newListPrinter(a, &o.output, memberSessionsListing())
	p.SetEnvelope(resp.Raw)
	kept, matched := filterMemberSessions(flt, resp.MemberSessions)
	for _, ms := range kept {
		if err := p.Add(ms); err != nil {
			return err
		}
	}
	if err := p.Close(ctx); err != nil {
		return err
	}
	limited := limitNote{shown: len(kept), total: matched, what: "sessions"}
	if err := limited.write(a.deps.Stderr, a.deps.StderrTTY); err != nil || !o.output.format.IsTable() {
		return err
	}
	msg := "Member sessions carry no IP address or user agent, so none is shown.\n"
	switch {
	case len(resp.MemberSessions) == 0:
		msg = fmt.Sprintf("No active sessions for member %s.\n", render.Sanitize(memberID))
	case p.Count() == 0:
		msg = fmt.Sprintf("No active sessions of member %s match the filters.\n", render.Sanitize(memberID))
	}
	_, err := fmt.Fprint(a.deps.Stderr, msg)
	return err
}

// checkMemberID validates a member ID or external ID given with flag
// (--member, --member-id): only what such IDs can hold.
func checkMemberID(flag, id string) error {
	if err := api.CheckPathSegment("member ID", id); err != nil {
		return usageErrorf("invalid %s: %w", flag, err)
	}
	switch {
	case strings.TrimSpace(id) != id || strings.ContainsFunc(id, isControl):
		return usageErrorf("invalid %s %q: leading or trailing spaces or control characters", flag, id)
	case strings.Contains(id, "@"):
		return usageErrorf("invalid %s %q: looks like an email address; use --email", flag, id)
	case len(id) > 128:
		return usageErrorf("invalid %s: %d characters long; IDs are at most 128", flag, len(id))
	}
	return nil
}

// memberSessionsListing describes member sessions for the list printer:
// the consumer columns without device and IP, which member sessions lack.
func memberSessionsListing() render.List[api.MemberSession] {
	return render.List[api.MemberSession]{
		Key: "member_sessions",
		Raw: func(s api.MemberSession) json.RawMessage { return s.Raw },
		Columns: []render.Column{
			{Header: "Session ID", Kind: render.Identifier, Terminal: sessionview.ShortenIDCells},
			{Header: "Factors", DropOrder: 4},
			{Header: "Roles", DropOrder: 3},
			{Header: "Started", Fixed: true, DropOrder: 1},
			{Header: "Last active", Fixed: true},
			{Header: "Expires", Fixed: true, DropOrder: 2},
		},
		Row: func(s api.MemberSession) []any {
			return []any{s.MemberSessionID, sessionview.Factors(s.AuthenticationFactors), strings.Join(s.Roles, ", "),
				s.StartedAt, s.LastAccessedAt, s.ExpiresAt}
		},
		WideColumns: []render.Column{
			{Header: "Session ID", Key: "member_session_id", Kind: render.Identifier, Terminal: sessionview.ShortenIDCells},
			// The table's columns in the table's order of giving way; the
			// member and organization IDs, the same on every row of one
			// member's sessions, only when the rows differ.
			{Header: "Member ID", Key: "member_id", Kind: render.Identifier, DropOrder: 1, KeepWhenVaried: true},
			{Header: "Organization ID", Key: "organization_id", Kind: render.Identifier, DropOrder: 2, KeepWhenVaried: true},
			{Header: "Factors", Key: "factors", DropOrder: 7},
			{Header: "Started", Key: "started_at", Fixed: true, DropOrder: 4},
			{Header: "Last active", Key: "last_accessed_at", Fixed: true},
			{Header: "Expires", Key: "expires_at", Fixed: true, DropOrder: 5},
			{Header: "Roles", Key: "roles", DropOrder: 6},
			{Header: "Custom claims", Key: "custom_claims", DropOrder: 3},
		},
		WideRow: func(s api.MemberSession) []any {
			return []any{s.MemberSessionID, s.MemberID, s.OrganizationID, sessionview.Factors(s.AuthenticationFactors),
				s.StartedAt, s.LastAccessedAt, s.ExpiresAt, strings.Join(s.Roles, ","), sessionview.CompactClaims(s.CustomClaims)}
		},
	}
}

// filterMemberSessions applies the session filters, order and limit to
// member sessions, through the consumer session view they share (factors,
// roles, times; member ID in place of user ID). matched counts the
// sessions that matched before --limit cut them.
func filterMemberSessions(flt *sessionfilter.Filter, ms []api.MemberSession) (kept []api.MemberSession, matched int) {
	if !flt.Selects() && !flt.Sorts() && (flt.Limit() == 0 || len(ms) <= flt.Limit()) {
		return ms, len(ms)
	}
	byID := make(map[string]api.MemberSession, len(ms))
	var views []api.Session
	for _, m := range ms {
		byID[m.MemberSessionID] = m
		views = append(views, memberSessionView(m))
	}
	views, matched = flt.ApplyCounted(views)
	kept = make([]api.MemberSession, 0, len(views))
	for _, v := range views {
		kept = append(kept, byID[v.SessionID])
	}
	return kept, matched
}

// memberSessionView is m through the consumer session view the filters
// work on: factors, roles and times, the member ID in place of the user
// ID, and no IP address or user agent, which member sessions lack.
func memberSessionView(m api.MemberSession) api.Session {
	return api.Session{SessionID: m.MemberSessionID, UserID: m.MemberID, AuthenticationFactors: m.AuthenticationFactors,
		Roles: m.Roles, StartedAt: m.StartedAt, LastAccessedAt: m.LastAccessedAt, ExpiresAt: m.ExpiresAt}
}
