package cmd

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// b2bOrgsGetOptions is what `b2b orgs get` uses.
type b2bOrgsGetOptions struct {
	org    string
	output outputOptions
}

func newB2BOrgsGetCmd(a *app) *cobra.Command {
	o := &b2bOrgsGetOptions{}
	c := &cobra.Command{
		Use:   "get ORG",
		Short: "Show one organization: names, domains and sign-in settings",
		Long: `Show one organization: its ID, name and slug, the email domains it allows,
its sign-in and MFA settings and its SSO connections. ORG is the organization
ID or slug (Stytch documents this lookup for those); an external ID works
where Stytch accepts one. -o json prints Stytch's response exactly as sent.`,
		Example: examples(
			"stytchctl b2b orgs get northwind-traders",
			"stytchctl b2b orgs get organization-test-2f6a9c1e-8d4b-4e73-a5f0-1b7c3e9d6a82",
			"stytchctl b2b orgs get northwind-traders -o json | jq -r .organization.organization_id",
		),
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("b2b orgs get needs exactly one organization ID or slug, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			o.org = args[0]
			return o.run(c, a)
		},
	}
	bindDocumentOutput(c, &o.output)
	return c
}

func (o *b2bOrgsGetOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.output.validateDocument(c, a); done || err != nil {
		return err
	}
	if err := checkOrgRef("organization", o.org); err != nil {
		return err
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	resp, err := newOrgResolver(s.client).Get(c.Context(), o.org)
	if err != nil {
		return err
	}
	if o.output.format.IsDocument() {
		return a.printDocumentOutput(c.Context(), &o.output, resp.Raw)
	}
	return a.printTable(orgTable(resp.Organization))
}

// orgTable lays an organization out as field/value rows; an empty value
// is "" (shown as "-" on a terminal).
func orgTable(org api.Organization) render.TableData {
	t := render.TableData{Columns: []render.Column{{Header: "Field", Fixed: true}, {Header: "Value"}}}
	add := func(field string, value any) { t.Rows = append(t.Rows, []any{field, value}) }
	add("Organization ID", org.OrganizationID)
	add("Name", org.OrganizationName)
	add("Slug", org.OrganizationSlug)
	add("External ID", org.ExternalID)
	add("Allowed domains", strings.Join(org.EmailAllowedDomains, ", "))
	add("Sign-in methods", org.AuthMethods)
	add("MFA policy", org.MFAPolicy)
	// Each active SSO connection on two rows, its name then its ID, so
	// that the ID, never cut, fits 80 columns.
	if len(org.SSOConnections) == 0 {
		add("SSO connections", "")
	}
	for _, sc := range org.SSOConnections {
		add("SSO connection", sc.DisplayName)
		add("  connection ID", render.Ident(sc.ConnectionID))
	}
	add("Created", org.CreatedAt)
	return t
}

// ssoConnectionsCell names an organization's active SSO connections, one
// per sep: "Northwind Okta (saml-connection-test-…)", the ID alone when a
// connection has no display name; "" for none.
func ssoConnectionsCell(conns []api.SSOConnection, sep string) string {
	parts := make([]string, len(conns))
	for i, c := range conns {
		parts[i] = c.ConnectionID
		if c.DisplayName != "" {
			parts[i] = c.DisplayName + " (" + c.ConnectionID + ")"
		}
	}
	return strings.Join(parts, sep)
}
