package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// b2bMembersGetOptions is what `b2b members get` uses.
type b2bMembersGetOptions struct {
	org    string
	member string // the MEMBER argument: ID, external ID or email
	output outputOptions
}

func newB2BMembersGetCmd(a *app) *cobra.Command {
	o := &b2bMembersGetOptions{}
	c := &cobra.Command{
		Use:   "get MEMBER --org ORG",
		Short: "Show one member: name, email, status, roles, MFA and SSO",
		Long: `Show one member of an organization: name, email address, status, roles,
MFA enrolment, TOTP and password, SSO and OAuth registrations, and when it
was created. MEMBER is a member ID, external ID or email address; --org is
required, as one address can belong to members of several organizations.
-o json prints Stytch's response exactly as sent.`,
		Example: examples(
			"stytchctl b2b members get priya.natarajan@northwind.example --org northwind-traders",
			"stytchctl b2b members get emp-7731 --org nw-001",
			"stytchctl b2b members get emp-7731 --org northwind-traders -o json | jq '.member.roles'",
		),
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("b2b members get needs exactly one member ID, external ID or email address, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			o.member = args[0]
			return o.run(c, a)
		},
	}
	bindOrgFlag(c, &o.org, orgFlagUsage+" (required)")
	bindDocumentOutput(c, &o.output)
	return c
}

func (o *b2bMembersGetOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.output.validateDocument(c, a); done || err != nil {
		return err
	}
	by, err := o.validate()
	if err != nil {
		return err
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	resp, err := s.client.GetMember(c.Context(), o.org, by)
	if err != nil {
		return b2bError(err, o.org, memberRef(o.member), "", fmt.Sprintf("getting member %s of organization %s", o.member, o.org))
	}
	if o.output.format.IsDocument() {
		return a.printDocumentOutput(c.Context(), &o.output, resp.Raw)
	}
	return a.printTable(memberTable(resp.Member, resp.Organization))
}

// validate checks --org and MEMBER before anything is sent and says how
// the member is looked up: an argument with an "@" by email address, any
// other by member ID (Stytch takes an external ID there too).
func (o *b2bMembersGetOptions) validate() (api.MemberLookup, error) {
	if o.org == "" {
		return api.MemberLookup{}, usageErrorf("--org is required: a member belongs to one organization, and one email address can be in several")
	}
	if err := checkOrgRef("--org", o.org); err != nil {
		return api.MemberLookup{}, err
	}
	if strings.Contains(o.member, "@") {
		if err := api.ValidateEmail(o.member); err != nil {
			return api.MemberLookup{}, usageErrorf("invalid email address: %w", err)
		}
		return api.MemberLookup{EmailAddress: o.member}, nil
	}
	return api.MemberLookup{MemberID: o.member}, checkMemberID("MEMBER", o.member)
}

// memberTable lays a member out as field/value rows, in the style of
// users get: one row per SSO registration, lists joined otherwise; an
// empty value is "" (shown as "-" on a terminal).
func memberTable(m api.Member, org api.Organization) render.TableData {
	t := render.TableData{Columns: []render.Column{{Header: "Field", Fixed: true}, {Header: "Value"}}}
	add := func(field string, value any) { t.Rows = append(t.Rows, []any{field, value}) }
	yesNo := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	add("Member ID", m.MemberID)
	add("External ID", m.ExternalID)
	add("Name", m.Name)
	add("Email", m.EmailAddress+verifiedSuffix(m.EmailAddressVerified))
	add("Status", m.Status)
	add("Organization", orgLabel(org, m.OrganizationID))
	add("Roles", strings.Join(m.Roles, ", "))
	add("Admin", yesNo(m.IsAdmin))
	add("Break glass", yesNo(m.IsBreakglass))
	add("Locked", yesNo(m.IsLocked))
	add("MFA", mfaText(m))
	add("MFA phone", m.MFAPhoneNumber)
	add("TOTP", yesNo(m.TOTPRegistrationID != ""))
	add("Password", yesNo(m.MemberPasswordID != ""))
	if len(m.SSOConnectionIDs) == 0 {
		add("SSO", "")
	}
	for _, id := range m.SSOConnectionIDs {
		add("SSO", id)
	}
	add("OAuth", strings.Join(m.OAuthProviders, ", "))
	add("Created", m.CreatedAt)
	return t
}

// orgLabel is "Name (slug)", or the ID when the answer carried no
// organization.
func orgLabel(org api.Organization, id string) string {
	switch {
	case org.OrganizationName == "":
		return id
	case org.OrganizationSlug == "":
		return org.OrganizationName
	}
	return org.OrganizationName + " (" + org.OrganizationSlug + ")"
}

// mfaText is "enrolled, default totp", "enrolled" or "not enrolled".
func mfaText(m api.Member) string {
	switch {
	case !m.MFAEnrolled:
		return "not enrolled"
	case m.DefaultMFAMethod != "":
		return "enrolled, default " + m.DefaultMFAMethod
	}
	return "enrolled"
}

// memberRef names a member as given in the words of b2bError: an ID or
// external ID as typed, an email address "with email address ADDR".
func memberRef(given string) string {
	if strings.Contains(given, "@") {
		return "with email address " + given
	}
	return given
}
