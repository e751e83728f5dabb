package apitest

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Demo B2B data seeded into every new [Fake]: two organizations, their
// members and the members' sessions. IDs are fixed; timestamps are relative
// to the fake's clock.
const (
	// DemoOrganizationID is Northwind Traders, the organization of
	// examples/b2b_sessions_get_200.json.
	DemoOrganizationID = "organization-test-2f6a9c1e-8d4b-4e73-a5f0-1b7c3e9d6a82"
	// DemoOrganizationSlug is Northwind's slug, accepted wherever its ID is.
	DemoOrganizationSlug = "northwind-traders"
	// DemoMemberID is Priya Natarajan of Northwind, with two active
	// sessions: SAML SSO, and an email magic link plus TOTP.
	DemoMemberID = "member-test-6e1b4d8a-3c9f-4a25-b7e0-4f2d8c6a1e93"
	// DemoMemberEmail is Priya Natarajan's address.
	DemoMemberEmail = "priya.natarajan@northwind.example"
	// DemoMemberSessionSAML and DemoMemberSessionMagicLink are her sessions.
	DemoMemberSessionSAML      = "session-test-9c4e2a7b-6d1f-4b38-8a05-e3f7b2d9c614"
	DemoMemberSessionMagicLink = "session-test-1e7b3c9a-5f2d-4a86-b0e4-8c6d1f3a9e57"
	// DemoAdminMemberID is Tomás Herrera, Northwind admin, with one Google
	// OAuth session.
	DemoAdminMemberID = "member-test-0c5a8e2f-7d3b-4f61-9a84-2e6b1d9c7f30"
	// DemoInvitedMemberID is Grace Liu, invited to Northwind, no sessions.
	DemoInvitedMemberID = "member-test-4b9d2f7e-1a6c-4e83-b5f0-8c3a7e1d9b62"
	// NorthwindGeneratedMembers is how many more, generated members
	// Northwind has, so that member search spans pages at small limits.
	NorthwindGeneratedMembers = 12

	// SecondOrganizationID is Globex Corporation, with one member who has
	// an OIDC SSO session.
	SecondOrganizationID   = "organization-test-7a3e9c1b-5d2f-4b86-a0e4-6f8c2d1b9e57"
	SecondOrganizationSlug = "globex"
	// DemoSAMLConnectionID and DemoSAMLConnectionName are Northwind's
	// active SAML connection, its default, through which Priya signs in.
	DemoSAMLConnectionID   = "saml-connection-test-a7c2e9f4-6b1d-4d38-9e05-2f8b4c6a1d73"
	DemoSAMLConnectionName = "Northwind Okta"
	// SecondMemberID is Hank Mardukas of Globex.
	SecondMemberID    = "member-test-9e2c6a4f-8b1d-4d73-a5e0-3f7b1c9d2e48"
	SecondMemberEmail = "hank.mardukas@globex.example"
)

// orgSpec describes a seeded Organization object.
type orgSpec struct {
	id, name, slug, externalID string
	domains                    []string
	created                    string
	ssoDefault                 string
	// sso are the active SSO connections (sso_active_connections).
	sso []object
}

// organizationObject encodes an Organization with Stytch's usual fields.
func organizationObject(s orgSpec) json.RawMessage {
	return mustRaw(object{
		{"organization_id", s.id},
		{"organization_name", s.name},
		{"organization_logo_url", "https://" + s.slug + ".example/logo.png"},
		{"organization_slug", s.slug},
		{"organization_external_id", s.externalID},
		{"trusted_metadata", object{}},
		{"sso_default_connection_id", nullable(s.ssoDefault)},
		{"sso_active_connections", nonNilObjects(s.sso)},
		{"sso_jit_provisioning", "RESTRICTED"},
		{"email_allowed_domains", s.domains},
		{"email_jit_provisioning", "RESTRICTED"},
		{"email_invites", "ALL_ALLOWED"},
		{"auth_methods", "ALL_ALLOWED"},
		{"allowed_auth_methods", []string{}},
		{"mfa_policy", "OPTIONAL"},
		{"mfa_methods", "ALL_ALLOWED"},
		{"allowed_mfa_methods", []string{}},
		{"created_at", s.created},
		{"updated_at", s.created},
	})
}

// memberSpec describes a seeded Member object.
type memberSpec struct {
	orgID, id, email, name, status, externalID string
	verified, breakglass, mfaEnrolled          bool
	phone, defaultMFA, totpID, passwordID      string
	sso                                        []object
	oauth                                      []object
	roles                                      []object
	created                                    string
}

// memberObject encodes a Member with the fields of REFERENCE.md §5.6, in
// that order. is_admin is whether the member holds the stytch_admin role,
// as Stytch derives it.
func memberObject(s memberSpec) json.RawMessage {
	nonNil := func(v []object) []object {
		if v == nil {
			return []object{}
		}
		return v
	}
	return mustRaw(object{
		{"organization_id", s.orgID},
		{"member_id", s.id},
		{"email_address", s.email},
		{"status", s.status},
		{"name", s.name},
		{"sso_registrations", nonNil(s.sso)},
		{"is_breakglass", s.breakglass},
		{"member_password_id", s.passwordID},
		{"oauth_registrations", nonNil(s.oauth)},
		{"email_address_verified", s.verified},
		{"mfa_phone_number_verified", s.phone != ""},
		{"is_admin", hasRole(s.roles, "stytch_admin")},
		{"totp_registration_id", s.totpID},
		{"retired_email_addresses", []object{}},
		{"is_locked", false},
		{"mfa_enrolled", s.mfaEnrolled},
		{"mfa_phone_number", s.phone},
		{"default_mfa_method", s.defaultMFA},
		{"roles", nonNil(s.roles)},
		{"trusted_metadata", object{}},
		{"untrusted_metadata", object{}},
		{"created_at", s.created},
		{"updated_at", s.created},
		{"scim_registration", nil},
		{"external_id", s.externalID},
		{"lock_created_at", nil},
		{"lock_expires_at", nil},
	})
}

// role is a member role with its source, e.g. role("stytch_member",
// "direct_assignment").
func role(id, source string) object {
	return object{{"role_id", id}, {"sources", []object{{{"type", source}, {"details", object{}}}}}}
}

// memberSessionSpec describes a seeded member session.
type memberSessionSpec struct {
	id, memberID, orgID, slug      string
	started, lastAccessed, expires string
	factors                        []object
	roles                          []string
	claims                         object
}

// memberSession encodes s with the field order of
// examples/b2b_sessions_get_200.json. Member sessions have no attributes.
func memberSession(s memberSessionSpec) json.RawMessage {
	claims := s.claims
	if claims == nil {
		claims = object{}
	}
	return mustRaw(object{
		{"member_session_id", s.id},
		{"member_id", s.memberID},
		{"started_at", s.started},
		{"last_accessed_at", s.lastAccessed},
		{"expires_at", s.expires},
		{"authentication_factors", s.factors},
		{"organization_id", s.orgID},
		{"roles", s.roles},
		{"organization_slug", s.slug},
		{"custom_claims", claims},
	})
}

// seedB2B stores the demo organizations, members and member sessions.
// Called by New.
func (f *Fake) seedB2B(now time.Time) {
	c := newClock(now)
	must := func(err error) {
		if err != nil {
			panic("apitest: seed B2B: " + err.Error())
		}
	}
	must(f.AddOrganization(organizationObject(orgSpec{
		id: DemoOrganizationID, name: "Northwind Traders", slug: DemoOrganizationSlug, externalID: "nw-001",
		domains: []string{"northwind.example"}, created: c.at(-500 * day),
		ssoDefault: DemoSAMLConnectionID,
		sso:        []object{{{"connection_id", DemoSAMLConnectionID}, {"display_name", DemoSAMLConnectionName}}},
	})))
	must(f.AddOrganization(organizationObject(orgSpec{
		id: SecondOrganizationID, name: "Globex Corporation", slug: SecondOrganizationSlug,
		domains: []string{"globex.example"}, created: c.at(-120 * day),
	})))

	// Priya Natarajan: the two sessions of the example, SAML SSO and a
	// magic link with TOTP, shifted to stay active at the fake's "now".
	saml := -20*time.Hour - 58*time.Minute
	ml := -3*time.Hour - 44*time.Minute
	const samlConn = DemoSAMLConnectionID
	must(f.AddMember(memberObject(memberSpec{
		orgID: DemoOrganizationID, id: DemoMemberID, email: DemoMemberEmail, name: "Priya Natarajan",
		status: "active", verified: true, mfaEnrolled: true, defaultMFA: "totp", externalID: "emp-7731",
		totpID: "member-totp-test-5a2c8e1f-9d4b-4f63-a7e0-3b6d1c9f2e85",
		sso: []object{{
			{"connection_id", samlConn}, {"external_id", "00u7k2m9qxN3pLw8R4h7"},
			{"registration_id", "saml-registration-test-3f8b1d6e-2a9c-4e75-b0d4-7c1e9a3f5b28"},
			{"sso_attributes", object{}},
		}},
		roles:   []object{role("stytch_member", "direct_assignment"), role("northwind-support", "sso_connection"), role("stytch_admin", "direct_assignment")},
		created: c.at(-300 * day),
	}),
		memberSession(memberSessionSpec{
			id: DemoMemberSessionSAML, memberID: DemoMemberID, orgID: DemoOrganizationID, slug: DemoOrganizationSlug,
			started: c.at(saml), lastAccessed: c.at(-34 * time.Minute), expires: c.at(saml + 24*time.Hour),
			factors: []object{factor("sso", "sso_saml", c.at(saml), "saml_sso_factor", object{
				{"id", "saml-registration-test-3f8b1d6e-2a9c-4e75-b0d4-7c1e9a3f5b28"},
				{"provider_id", samlConn},
				{"external_id", "00u7k2m9qxN3pLw8R4h7"},
			})},
			roles: []string{"stytch_member", "northwind-support"},
		}),
		memberSession(memberSessionSpec{
			id: DemoMemberSessionMagicLink, memberID: DemoMemberID, orgID: DemoOrganizationID, slug: DemoOrganizationSlug,
			started: c.at(ml), lastAccessed: c.at(ml + 46*time.Second), expires: c.at(ml + 4*time.Hour),
			factors: []object{
				emailFactor("magic_link", "email", c.at(ml), "email-test-8b3d1f6a-4e2c-4a97-b5e8-0d7f3a9c1e64", DemoMemberEmail),
				factor("totp", "authenticator_app", c.at(ml+45*time.Second), "authenticator_app_factor",
					object{{"totp_id", "member-totp-test-5a2c8e1f-9d4b-4f63-a7e0-3b6d1c9f2e85"}}),
			},
			roles:  []string{"stytch_member", "stytch_admin"},
			claims: object{{"internal_tool_access", true}},
		}),
	))

	// Tomás Herrera: admin, Google OAuth, one session.
	gl := -5 * time.Hour
	must(f.AddMember(memberObject(memberSpec{
		orgID: DemoOrganizationID, id: DemoAdminMemberID, email: "tomas.herrera@northwind.example", name: "Tomás Herrera",
		status: "active", verified: true, phone: "+14155550177", defaultMFA: "sms_otp", mfaEnrolled: true,
		oauth: []object{{
			{"provider_type", "Google"}, {"provider_subject", "104857362910384756201"},
			{"member_oauth_registration_id", seedID("member-oauth-registration-test-", "tomas")},
			{"profile_picture_url", ""}, {"locale", "es"},
		}},
		roles:   []object{role("stytch_member", "direct_assignment"), role("stytch_admin", "direct_assignment")},
		created: c.at(-480 * day),
	}),
		memberSession(memberSessionSpec{
			id: seedID("session-test-", "tomas/google"), memberID: DemoAdminMemberID, orgID: DemoOrganizationID, slug: DemoOrganizationSlug,
			started: c.at(gl), lastAccessed: c.at(-7 * time.Minute), expires: c.at(gl + 12*time.Hour),
			factors: []object{
				oauthFactor("oauth_google", "google_oauth_factor", c.at(gl), seedID("member-oauth-registration-test-", "tomas"), "104857362910384756201", ""),
				phoneFactor("otp", "sms", c.at(gl+30*time.Second), seedID("phone-number-test-", "tomas"), "+14155550177"),
			},
			roles: []string{"stytch_member", "stytch_admin"},
		}),
	))

	// Grace Liu: invited, never logged in.
	must(f.AddMember(memberObject(memberSpec{
		orgID: DemoOrganizationID, id: DemoInvitedMemberID, email: "grace.liu@northwind.example", name: "Grace Liu",
		status: "invited", roles: []object{role("stytch_member", "email_assignment")}, created: c.at(-2 * day),
	})))

	// The break-glass admin: for emergencies only.
	must(f.AddMember(memberObject(memberSpec{
		orgID: DemoOrganizationID, id: seedID("member-test-", "northwind/breakglass"), email: "breakglass@northwind.example",
		name: "Break Glass", status: "active", verified: true, breakglass: true,
		passwordID: seedID("member-password-test-", "northwind/breakglass"),
		roles:      []object{role("stytch_admin", "direct_assignment")}, created: c.at(-499 * day),
	})))

	for i := range NorthwindGeneratedMembers {
		first, last := generatedName(i + 20)
		status := "active"
		if i%5 == 3 {
			status = "pending"
		}
		must(f.AddMember(memberObject(memberSpec{
			orgID: DemoOrganizationID, id: seedID("member-test-", fmt.Sprintf("northwind/%d", i)),
			email: fmt.Sprintf("%s.%s@northwind.example", strings.ToLower(first), strings.ToLower(last)+fmt.Sprint(i)),
			name:  first + " " + last, status: status, verified: status == "active",
			roles:   []object{role("stytch_member", "email_assignment")},
			created: c.at(-time.Duration(200-10*i) * day),
		})))
	}

	f.seedB2BAudit(c, must)

	// Hank Mardukas of Globex: OIDC SSO.
	oidc := -90 * time.Minute
	must(f.AddMember(memberObject(memberSpec{
		orgID: SecondOrganizationID, id: SecondMemberID, email: SecondMemberEmail, name: "Hank Mardukas",
		status: "active", verified: true,
		sso: []object{{
			{"connection_id", seedID("oidc-connection-test-", "globex")}, {"external_id", "globex|hank"},
			{"registration_id", seedID("oidc-registration-test-", "globex/hank")}, {"sso_attributes", object{}},
		}},
		roles:   []object{role("stytch_member", "sso_connection")},
		created: c.at(-100 * day),
	}),
		memberSession(memberSessionSpec{
			id: seedID("session-test-", "globex/hank"), memberID: SecondMemberID, orgID: SecondOrganizationID, slug: SecondOrganizationSlug,
			started: c.atMicro(oidc, 512093), lastAccessed: c.atMicro(-2*time.Minute, 1), expires: c.atMicro(oidc+8*time.Hour, 512093),
			factors: []object{factor("sso", "sso_oidc", c.atMicro(oidc, 512093), "oidc_sso_factor", object{
				{"id", seedID("oidc-registration-test-", "globex/hank")},
				{"provider_id", seedID("oidc-connection-test-", "globex")},
				{"external_id", "globex|hank"},
			})},
			roles: []string{"stytch_member"},
		}),
	))
}

// nonNilObjects is objs, or an empty list (JSON []) for none.
func nonNilObjects(objs []object) []object {
	if objs == nil {
		return []object{}
	}
	return objs
}

// hasRole reports whether roles holds a role with role_id id.
func hasRole(roles []object, id string) bool {
	for _, r := range roles {
		for _, f := range r {
			if f.key == "role_id" && f.value == id {
				return true
			}
		}
	}
	return false
}
