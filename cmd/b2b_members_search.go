package cmd

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// memberStatuses are the statuses a member can have (REFERENCE.md §5.6).
var memberStatuses = []string{"active", "invited", "pending", "deleted"}

// b2bMembersSearchOptions is what `b2b members search` uses.
type b2bMembersSearchOptions struct {
	organization string
	email        emailFlags
	memberIDs    []string
	statuses     []string
	paging       searchPaging
	output       outputOptions
}

func newB2BMembersSearchCmd(a *app) *cobra.Command {
	o := &b2bMembersSearchOptions{}
	c := &cobra.Command{
		Use:   "search --org ORG [filters] [--limit N | --all]",
		Short: "Find an organization's members by email, ID or status",
		Long: `Find the members of a B2B organization, then list their sessions with b2b
sessions list. ORG is the organization's ID or slug (a slug is looked up
first; an external ID works where Stytch accepts one). Filters
combine with AND; with none, every member matches. --limit N (default 100)
or --all; searches share Stytch's limit of 100 requests per minute.`,
		Example: examples(
			"stytchctl b2b members search --org northwind-traders --email-contains priya --status active",
			"stytchctl b2b members search --org northwind-traders --status invited --status pending",
			"stytchctl b2b members search --org northwind-traders --all -o ndjson | jq -r .email_address",
		),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	f := c.Flags()
	bindOrgFlag(c, &o.organization, "Organization `ORG`: its ID or slug")
	o.email.bind(c, "members", "whose email address contains `TEXT`")
	f.StringArrayVar(&o.memberIDs, "member", nil, "Match the member with member `ID` (repeatable or comma-separated)")
	aliasFlags(c, map[string]string{"member-id": "member"}) // the old spelling, hidden
	f.StringArrayVar(&o.statuses, "status", nil, "Match members whose status is `STATUS`: active, invited, pending or deleted (repeatable)")
	_ = c.RegisterFlagCompletionFunc("status", cobra.FixedCompletions(memberStatuses, cobra.ShellCompDirectiveNoFileComp))
	bindSearchPaging(c, &o.paging, "members")
	bindOutput(c, &o.output)
	return c
}

// query turns the filter flags into a search query; every error is a
// usage error.
func (o *b2bMembersSearchOptions) query(c *cobra.Command) (*api.SearchQuery, error) {
	filters, err := o.email.filters(c, api.FilterMemberEmails, api.FilterMemberEmailContains)
	if err != nil {
		return nil, err
	}
	if len(o.memberIDs) > 0 {
		ids, err := splitList(o.memberIDs, o.checkSearchMemberID)
		if err != nil {
			return nil, err
		}
		filters = append(filters, api.FilterMemberIDs(ids...))
	}
	if len(o.statuses) > 0 {
		for _, s := range o.statuses {
			if !slices.Contains(memberStatuses, s) {
				return nil, enumErrorf("--status", s, memberStatuses, "one of "+strings.Join(memberStatuses, ", "))
			}
		}
		filters = append(filters, api.FilterMemberStatuses(o.statuses...))
	}
	return api.And(filters...), nil
}

// checkSearchMemberID refuses what --member of the search cannot match:
// the member_ids filter takes member IDs (member-test-…, member-live-…),
// and an external ID would match nothing, so it is a usage error naming
// b2b members get, which takes one (refusing costs no request; resolving
// would cost one per value and hide that the filter takes IDs).
func (o *b2bMembersSearchOptions) checkSearchMemberID(id string) error {
	if err := checkMemberID("--member", id); err != nil {
		return err
	}
	if !strings.HasPrefix(id, "member-test-") && !strings.HasPrefix(id, "member-live-") {
		return &exitError{code: ExitUsage,
			err:  fmt.Errorf("invalid --member %q: the search matches member IDs (member-test-…, member-live-…)", id),
			hint: fmt.Sprintf("To fix: for an external ID use stytchctl b2b members get %s --org %s", id, o.organization)}
	}
	return nil
}

func (o *b2bMembersSearchOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.output.validate(c, a); done || err != nil {
		return err
	}
	if err := checkOrganization(o.organization); err != nil {
		return err
	}
	if err := o.paging.validate(c); err != nil {
		return err
	}
	q, err := o.query(c)
	if err != nil {
		return err
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	ctx := c.Context()
	orgID, err := newOrgResolver(s.client).ID(ctx, o.organization)
	if err != nil {
		return err
	}
	printer := searchPrint[api.Member]{a: a, output: &o.output, paging: &o.paging, list: membersListing(), what: "members"}
	search := api.MemberSearch{OrganizationIDs: []string{orgID}, Limit: o.paging.pageLimit(), Query: q}
	err = printer.run(ctx, func(fn func(searchPage[api.Member]) error) error {
		return s.client.EachMemberPage(ctx, search, func(pg *api.MemberSearchPage) error {
			return fn(searchPage[api.Member]{raw: pg.Raw, items: pg.Members, total: pg.Total})
		})
	})
	return b2bSearchError(err, o.organization, "searching members of organization "+o.organization)
}

// membersListing describes members for the list printer.
func membersListing() render.List[api.Member] {
	return render.List[api.Member]{
		Key: "members",
		Raw: func(m api.Member) json.RawMessage { return m.Raw },
		Columns: []render.Column{
			// The email is the key column: a member ID (48 characters) and
			// an email do not both fit 80 columns, and the email is what
			// --email takes, so the ID gives way first.
			{Header: "Member ID", Kind: render.Identifier, DropOrder: 5},
			{Header: "Name", DropOrder: 4},
			{Header: "Email", Kind: render.Address},
			{Header: "Status", Fixed: true, DropOrder: 1},
			{Header: "Created", Fixed: true, DropOrder: 2},
			{Header: "Factors", DropOrder: 3},
		},
		Row: func(m api.Member) []any {
			return []any{m.MemberID, m.Name, m.EmailAddress, m.Status, m.CreatedAt, memberFactors(m)}
		},
		WideColumns: []render.Column{
			// The table's columns in the table's order of giving way, then
			// the wide ones before them: wide never shows less. The
			// organization ID, one value for one organization, only when
			// the rows differ.
			{Header: "Member ID", Key: "member_id", Kind: render.Identifier, DropOrder: 11},
			{Header: "Organization ID", Key: "organization_id", Kind: render.Identifier, DropOrder: 1, KeepWhenVaried: true},
			{Header: "External ID", Key: "external_id", Kind: render.Identifier, DropOrder: 6},
			{Header: "Name", Key: "name", DropOrder: 10},
			{Header: "Email", Key: "email_address", Kind: render.Address},
			{Header: "Verified", Key: "email_address_verified", Fixed: true, DropOrder: 2},
			{Header: "Status", Key: "status", Fixed: true, DropOrder: 7},
			{Header: "Created", Key: "created_at", Fixed: true, DropOrder: 8},
			{Header: "Factors", Key: "factors", DropOrder: 9},
			{Header: "Admin", Key: "is_admin", Fixed: true, DropOrder: 5},
			{Header: "Locked", Key: "is_locked", Fixed: true, DropOrder: 3},
			{Header: "Roles", Key: "roles", DropOrder: 4},
		},
		WideRow: func(m api.Member) []any {
			return []any{m.MemberID, m.OrganizationID, m.ExternalID, m.Name, m.EmailAddress, m.EmailAddressVerified,
				m.Status, m.CreatedAt, memberFactors(m), m.IsAdmin, m.IsLocked, strings.Join(m.Roles, ",")}
		},
	}
}

// memberFactors summarises what a member has enrolled: "Password, TOTP,
// SMS MFA, SSO, Google".
func memberFactors(m api.Member) string {
	var parts []string
	if m.MemberPasswordID != "" {
		parts = append(parts, "Password")
	}
	if m.TOTPRegistrationID != "" {
		parts = append(parts, "TOTP")
	}
	if m.MFAPhoneNumber != "" {
		parts = append(parts, "SMS MFA")
	}
	switch n := len(m.SSOConnectionIDs); {
	case n == 1:
		parts = append(parts, "SSO")
	case n > 1:
		parts = append(parts, fmt.Sprintf("SSO ×%d", n))
	}
	parts = append(parts, m.OAuthProviders...)
	return strings.Join(parts, ", ")
}
