package cmd

import (
	"encoding/json"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// b2bOrgsSearchOptions is what `b2b orgs search` uses.
type b2bOrgsSearchOptions struct {
	slugs        []string
	nameContains string
	domains      []string
	paging       searchPaging
	output       outputOptions
}

func newB2BOrgsSearchCmd(a *app) *cobra.Command {
	o := &b2bOrgsSearchOptions{}
	c := &cobra.Command{
		Use:     "search [filters] [--limit N | --all]",
		Aliases: []string{"list"},
		Short:   "Find organizations by slug, name or email domain",
		Long: `Find the project's organizations. Filters combine with AND; with none,
every organization matches. --slug and --domain match exactly (any of the
values given); --name-contains matches part of the name (3 characters or
more). --limit N (default 100) or --all; searches share Stytch's limit of
100 requests per minute with b2b members search, which stytchctl keeps to.`,
		Example: examples(
			"stytchctl b2b orgs search --name-contains acme",
			"stytchctl b2b orgs search --slug acme,globex -o wide",
			"stytchctl b2b orgs search --domain acme.com",
			"stytchctl b2b orgs search --all -o ndjson | jq -r .organization_slug",
		),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	f := c.Flags()
	f.StringArrayVar(&o.slugs, "slug", nil, "Match the organization with slug `SLUG` (repeatable)")
	f.StringVar(&o.nameContains, "name-contains", "", "Match names containing `TEXT` (3+ characters)")
	f.StringArrayVar(&o.domains, "domain", nil, "Match orgs allowing email `DOMAIN` (repeatable)")
	bindSearchPaging(c, &o.paging, "orgs")
	bindOutput(c, &o.output)
	return c
}

// query turns the filter flags into a search query; every error is a
// usage error.
func (o *b2bOrgsSearchOptions) query() (*api.SearchQuery, error) {
	var filters []api.SearchFilter
	if len(o.slugs) > 0 {
		slugs, err := splitList(o.slugs, checkSlug)
		if err != nil {
			return nil, err
		}
		filters = append(filters, api.FilterOrganizationSlugs(slugs...))
	}
	if o.nameContains != "" {
		frag, err := fuzzyFragment("--name-contains", o.nameContains)
		if err != nil {
			return nil, err
		}
		filters = append(filters, api.FilterOrganizationNameContains(frag))
	}
	if len(o.domains) > 0 {
		domains, err := splitList(o.domains, checkDomain)
		if err != nil {
			return nil, err
		}
		filters = append(filters, api.FilterAllowedDomains(domains...))
	}
	return api.And(filters...), nil
}

// checkDomain refuses what cannot be an email domain: empty, spaces, an
// "@" (an address given for a domain) or a slash.
func checkDomain(d string) error {
	switch {
	case d == "":
		return usageErrorf("invalid --domain: empty")
	case strings.Contains(d, "@"):
		return usageErrorf("invalid --domain %q: give the domain, not an address (%s)", d, d[strings.LastIndex(d, "@")+1:])
	case strings.ContainsAny(d, " /\\\t") || strings.ContainsFunc(d, isControl):
		return usageErrorf("invalid --domain %q: not a domain name", d)
	}
	return nil
}

func (o *b2bOrgsSearchOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.output.validate(c, a); done || err != nil {
		return err
	}
	if err := o.paging.validate(c); err != nil {
		return err
	}
	q, err := o.query()
	if err != nil {
		return err
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	ctx := c.Context()
	printer := searchPrint[api.Organization]{a: a, output: &o.output, paging: &o.paging, list: orgsListing(), what: "organizations"}
	search := api.OrganizationSearch{Limit: o.paging.pageLimit(), Query: q}
	err = printer.run(ctx, func(fn func(searchPage[api.Organization]) error) error {
		return s.client.EachOrganizationPage(ctx, search, func(pg *api.OrganizationSearchPage) error {
			return fn(searchPage[api.Organization]{raw: pg.Raw, items: pg.Organizations, total: pg.Total})
		})
	})
	return b2bSearchError(err, "", "searching organizations")
}

// orgsListing describes organizations for the list printer.
func orgsListing() render.List[api.Organization] {
	return render.List[api.Organization]{
		Key: "organizations",
		Raw: func(o api.Organization) json.RawMessage { return o.Raw },
		Columns: []render.Column{
			{Header: "Organization ID", Kind: render.Identifier},
			// The name is the key column after the ID: at 80 columns it
			// stays and the slug gives way.
			{Header: "Name", DropOrder: 4},
			{Header: "Slug", Kind: render.Identifier, DropOrder: 3},
			{Header: "Domains", DropOrder: 2},
			{Header: "Created", Fixed: true, DropOrder: 1},
		},
		Row: func(o api.Organization) []any {
			return []any{o.OrganizationID, o.OrganizationName, o.OrganizationSlug, strings.Join(o.EmailAllowedDomains, ", "), o.CreatedAt}
		},
		WideColumns: []render.Column{
			{Header: "Organization ID", Key: "organization_id", Kind: render.Identifier},
			{Header: "Name", Key: "organization_name", DropOrder: 8},
			{Header: "Slug", Key: "organization_slug", Kind: render.Identifier, DropOrder: 7},
			{Header: "External ID", Key: "organization_external_id", Kind: render.Identifier, DropOrder: 4},
			{Header: "Domains", Key: "email_allowed_domains", DropOrder: 6},
			{Header: "Sign-in", Key: "auth_methods", Fixed: true, DropOrder: 2},
			{Header: "MFA", Key: "mfa_policy", Fixed: true, DropOrder: 3},
			{Header: "SSO", Key: "sso_active_connections", DropOrder: 1},
			{Header: "Created", Key: "created_at", Fixed: true, DropOrder: 5},
		},
		WideRow: func(o api.Organization) []any {
			return []any{o.OrganizationID, o.OrganizationName, o.OrganizationSlug, o.ExternalID, strings.Join(o.EmailAllowedDomains, ","),
				o.AuthMethods, o.MFAPolicy, ssoConnectionsCell(o.SSOConnections, ","), o.CreatedAt}
		},
	}
}

// checkSlug refuses a --slug no organization can have: Stytch's slugs are
// ASCII letters, digits and - . _ ~ (Stytch's API reference for
// organization_slug), so anything else would match nothing.
func checkSlug(slug string) error {
	for _, r := range slug {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~", r)) {
			return usageErrorf("invalid --slug %q: %q cannot be in a slug (letters, digits and - . _ ~ only)", slug, r)
		}
	}
	return checkOrgRef("--slug", slug)
}
