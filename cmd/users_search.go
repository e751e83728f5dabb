package cmd

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
	"github.com/stytchctl/stytchctl/render"
)

// e164 is a phone number as Stytch stores it: + and up to 15 digits.
var e164 = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`) })

// usersSearchOptions is what `users search` uses.
type usersSearchOptions struct {
	email         emailFlags
	phones        []string
	status        string
	createdAfter  string
	createdBefore string
	userIDs       []string
	paging        searchPaging
	output        outputOptions
}

func newUsersSearchCmd(a *app) *cobra.Command {
	o := &usersSearchOptions{}
	c := &cobra.Command{
		Use:     "search [filters] [--limit N | --all]",
		Aliases: []string{"list", "ls"},
		Short:   "Find users by email, phone, status, creation time or ID",
		Long: `Find the project's users (POST /v1/users/search) by email, phone, status,
creation time or ID. Filters combine with AND; with none, every user
matches (the documented way to export users). --limit N (default 100) caps
the results; --all walks every page. --email-contains matches the start of
an address or of its domain, not a substring. Matching, paging, rate limits
and -o json: stytchctl help searching.`,
		Example: examples(
			"stytchctl users search --email alice.nakamura@example.com",
			"stytchctl users search --email-contains example.com --status active --created-after 30d",
			"stytchctl users search --all -o ndjson | jq -r '.emails[0].email'",
			"stytchctl users search -u alice-42 -u emp-00417 -o wide",
			"stytchctl users search --phone +14155550142 -o json | jq '.results_metadata.total'",
			`stytchctl users search --limit 5 --template '{{range .results}}{{.user_id}}{{"\n"}}{{end}}'`,
		),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	f := c.Flags()
	o.email.bind(c, "users", "whose email address, or its domain, starts with `TEXT`")
	f.StringArrayVar(&o.phones, "phone", nil, "Match users with the phone `NUMBER` in E.164 form, such as +14155550142 (repeatable)")
	f.StringVar(&o.status, "status", "", "Match users whose status is `STATUS`: active or pending")
	f.StringVar(&o.createdAfter, "created-after", "", "Match users created after `TIME` (RFC 3339, a date, or a duration ago such as 7d)")
	f.StringVar(&o.createdBefore, "created-before", "", "Match users created before `TIME` (RFC 3339, a date, or a duration ago such as 7d)")
	f.StringArrayVarP(&o.userIDs, "user", "u", nil, "Match the user with `ID` (user ID or external ID; repeatable or comma-separated)")
	aliasFlags(c, map[string]string{"user-id": "user"})
	_ = c.RegisterFlagCompletionFunc("status", cobra.FixedCompletions([]string{"active", "pending"}, cobra.ShellCompDirectiveNoFileComp))
	bindSearchPaging(c, &o.paging, "users")
	bindOutput(c, &o.output)
	return c
}

// query turns the filter flags into a search query, checking every value
// first: all errors are usage errors.
func (o *usersSearchOptions) query(c *cobra.Command, now time.Time, loc *time.Location) (*api.SearchQuery, error) {
	filters, err := o.email.filters(c, api.FilterEmails, api.FilterEmailContains)
	if err != nil {
		return nil, err
	}
	if len(o.phones) > 0 {
		for _, p := range o.phones {
			if !e164().MatchString(p) {
				return nil, usageErrorf("invalid --phone %q: want an E.164 number: + then the country code and number, digits only, such as +14155550142", p)
			}
		}
		filters = append(filters, api.FilterPhones(o.phones...))
	}
	switch o.status {
	case "":
	case "active", "pending":
		filters = append(filters, api.FilterStatus(o.status))
	default:
		return nil, enumErrorf("--status", o.status, []string{"active", "pending"}, "active or pending")
	}
	created, err := createdFilter(o.createdAfter, o.createdBefore, now, loc)
	if err != nil {
		return nil, err
	}
	filters = append(filters, created...)
	if len(o.userIDs) > 0 {
		ids, err := searchUserIDs(o.userIDs)
		if err != nil {
			return nil, err
		}
		filters = append(filters, api.FilterUserIDs(ids...))
	}
	return api.And(filters...), nil
}

// createdFilter is --created-after and --created-before: one
// created_at_between operand when both are given, else the one given.
func createdFilter(after, before string, now time.Time, loc *time.Location) ([]api.SearchFilter, error) {
	parse := func(flag, s string) (time.Time, error) {
		if s == "" {
			return time.Time{}, nil
		}
		t, err := sessionfilter.ParseTimeOrAgo(s, now, loc)
		if err != nil {
			return time.Time{}, usageErrorf("invalid %s %q: %w", flag, s, err)
		}
		return t, nil
	}
	a, err := parse("--created-after", after)
	if err != nil {
		return nil, err
	}
	b, err := parse("--created-before", before)
	if err != nil {
		return nil, err
	}
	switch {
	case !a.IsZero() && !b.IsZero():
		if !a.Before(b) {
			return nil, usageErrorf("--created-after %s is not before --created-before %s: no user can match",
				a.UTC().Format(time.RFC3339), b.UTC().Format(time.RFC3339))
		}
		return []api.SearchFilter{api.FilterCreatedBetween(a, b)}, nil
	case !a.IsZero():
		return []api.SearchFilter{api.FilterCreatedAfter(a)}, nil
	case !b.IsZero():
		return []api.SearchFilter{api.FilterCreatedBefore(b)}, nil
	}
	return nil, nil
}

// searchUserIDs splits and checks --user (also spelt --user-id). Stytch
// refuses a list that mixes user IDs and external IDs, so that is a usage
// error here.
func searchUserIDs(vals []string) ([]string, error) {
	ids, err := splitList(vals, func(id string) error { return validateUserFlag("--user", id) })
	if err != nil {
		return nil, err
	}
	internal := 0
	for _, id := range ids {
		if api.IsStytchUserID(id) {
			internal++
		}
	}
	if internal != 0 && internal != len(ids) {
		return nil, usageErrorf("--user mixes user IDs and external IDs, which Stytch cannot search at once: run one search for each kind")
	}
	return ids, nil
}

func (o *usersSearchOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.output.validate(c, a); done || err != nil {
		return err
	}
	if err := o.paging.validate(c); err != nil {
		return err
	}
	q, err := o.query(c, a.deps.Now(), o.output.loc)
	if err != nil {
		return err
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	ctx := c.Context()
	printer := searchPrint[api.User]{a: a, output: &o.output, paging: &o.paging, list: usersListing(), what: "users"}
	err = printer.run(ctx, func(fn func(searchPage[api.User]) error) error {
		return s.client.EachUserPage(ctx, api.UserSearch{Limit: o.paging.pageLimit(), Query: q}, func(pg *api.UserSearchPage) error {
			return fn(searchPage[api.User]{raw: pg.Raw, items: pg.Results, total: pg.Total, more: pg.NextCursor != ""})
		})
	})
	return wrap(err, "searching users")
}

// usersListing describes users for the list printer.
func usersListing() render.List[api.User] {
	return render.List[api.User]{
		Key: "results",
		Raw: func(u api.User) json.RawMessage { return u.Raw },
		Columns: []render.Column{
			{Header: "User ID", Kind: render.Identifier},
			{Header: "External ID", Kind: render.Identifier, DropOrder: 5},
			{Header: "Name", DropOrder: 4},
			{Header: "Email", Kind: render.Address, DropOrder: 6},
			// On a narrow terminal Factors goes first, then Created, Status,
			// the name and the external ID: the user ID and the email stay
			// whole, and no ID or address is ever cut.
			{Header: "Status", Fixed: true, DropOrder: 3},
			{Header: "Created", Fixed: true, DropOrder: 2},
			{Header: "Factors", DropOrder: 1},
		},
		Row: func(u api.User) []any {
			return []any{u.UserID, u.ExternalID, u.Name.Full(), primaryEmail(u), u.Status, u.CreatedAt, userFactors(u)}
		},
		WideColumns: []render.Column{
			{Header: "User ID", Key: "user_id", Kind: render.Identifier},
			{Header: "External ID", Key: "external_id", Kind: render.Identifier, DropOrder: 10},
			{Header: "Name", Key: "name", DropOrder: 8},
			{Header: "Email", Key: "email", Kind: render.Address, DropOrder: 9},
			{Header: "Status", Key: "status", Fixed: true, DropOrder: 6},
			{Header: "Created", Key: "created_at", Fixed: true, DropOrder: 5},
			{Header: "Factors", Key: "factors", DropOrder: 7},
			{Header: "Emails", Key: "emails", DropOrder: 4},
			{Header: "Phones", Key: "phone_numbers", DropOrder: 3},
			{Header: "Locked", Key: "is_locked", Fixed: true, DropOrder: 2},
			{Header: "Roles", Key: "roles", DropOrder: 1},
		},
		WideRow: func(u api.User) []any {
			emails := make([]string, len(u.Emails))
			for i, e := range u.Emails {
				emails[i] = e.Email
			}
			phones := make([]string, len(u.PhoneNumbers))
			for i, p := range u.PhoneNumbers {
				phones[i] = p.PhoneNumber
			}
			return []any{u.UserID, u.ExternalID, u.Name.Full(), primaryEmail(u), u.Status, u.CreatedAt,
				userFactors(u), strings.Join(emails, ","), strings.Join(phones, ","), u.IsLocked, strings.Join(u.Roles, ",")}
		},
	}
}

// primaryEmail is the address a person would recognise the user by: the
// first verified one, else the first one, else "". Stytch has no notion of
// a primary address.
func primaryEmail(u api.User) string {
	for _, e := range u.Emails {
		if e.Verified {
			return e.Email
		}
	}
	if len(u.Emails) > 0 {
		return u.Emails[0].Email
	}
	return ""
}

// userFactors summarises what a user has enrolled, in words: "Password,
// 2 passkeys, TOTP, Google, Crypto wallet". Unverified registrations count
// too: they are enrolled, if not yet usable.
func userFactors(u api.User) string {
	var parts []string
	count := func(n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, many))
		}
	}
	if u.Password != nil {
		parts = append(parts, "Password")
	}
	count(len(u.WebAuthnRegistrations), "Passkey", "passkeys")
	count(len(u.TOTPs), "TOTP", "TOTPs")
	for _, p := range u.Providers {
		parts = append(parts, p.ProviderType)
	}
	count(len(u.CryptoWallets), "Crypto wallet", "crypto wallets")
	count(len(u.BiometricRegistrations), "Biometric", "biometrics")
	return strings.Join(parts, ", ")
}
