package apitest

import (
	"encoding/json"
	"fmt"
	"time"
)

// Northwind members whose sessions are worth auditing (b2b sessions audit,
// inspect --org). Member sessions carry the consumer AuthenticationFactor
// (stytch-go stytch/b2b/sessions/types.go, MemberSession), so a session
// started by B2B impersonation (stytch-node lib/b2b/impersonation.ts)
// carries an impersonated factor as a consumer session does.
const (
	// DemoImpersonatedMemberID is Dana Whitfield: enrolled in SMS MFA, with
	// a session a support lead started by impersonation and one of her own.
	DemoImpersonatedMemberID    = "member-test-3d7a1f9c-2e8b-4c64-a0d5-9b1e6f4c2a87"
	DemoImpersonatedMemberEmail = "dana.whitfield@northwind.example"
	// DemoImpersonatedSessionID is the session started by impersonation.
	DemoImpersonatedSessionID = "session-test-7f2c9e4a-1b6d-4a38-8e05-c3a9f1d7b264"
	// DemoIdleMemberID is Oskar Lindqvist: one session, password only,
	// idle for 41 days and 90 days long.
	DemoIdleMemberID = "member-test-8a4e2c6f-5d1b-4f97-b3e0-1c7d9a5f3e26"
	// DemoBusyMemberID is Kenji Watanabe: 12 active sessions (more than
	// the audit's default of 10), one of them 90 days long.
	DemoBusyMemberID = "member-test-5c9b3e1a-7f2d-4e86-a4b0-6d1f8c3a9e52"
	// DemoBusyMemberSessions is how many sessions Kenji has.
	DemoBusyMemberSessions = 12
)

// seedB2BAudit stores the members of the audit demo in Northwind.
func (f *Fake) seedB2BAudit(c clock, must func(error)) {
	imp, own := -25*time.Minute, -2*time.Hour
	must(f.AddMember(memberObject(memberSpec{
		orgID: DemoOrganizationID, id: DemoImpersonatedMemberID, email: DemoImpersonatedMemberEmail, name: "Dana Whitfield",
		status: "active", verified: true, mfaEnrolled: true, phone: "+14155550142", defaultMFA: "sms_otp", externalID: "emp-8812",
		roles:   []object{role("stytch_member", "direct_assignment"), role("northwind-finance", "direct_assignment")},
		created: c.at(-220 * day),
	}),
		memberSession(memberSessionSpec{
			id: DemoImpersonatedSessionID, memberID: DemoImpersonatedMemberID, orgID: DemoOrganizationID, slug: DemoOrganizationSlug,
			started: c.at(imp), lastAccessed: c.at(-3 * time.Minute), expires: c.at(imp + time.Hour),
			factors: []object{factor("impersonated", "impersonation", c.at(imp), "impersonated_factor", object{
				{"impersonator_id", seedID("member-test-", "northwind/support-lead")},
				{"impersonator_email_address", "support.lead@northwind.example"},
			})},
			roles:  []string{"stytch_member", "northwind-finance"},
			claims: object{{"impersonation_reason", "ticket-NW-3317"}},
		}),
		memberSession(memberSessionSpec{
			id: seedID("session-test-", "northwind/dana"), memberID: DemoImpersonatedMemberID, orgID: DemoOrganizationID, slug: DemoOrganizationSlug,
			started: c.at(own), lastAccessed: c.at(-40 * time.Minute), expires: c.at(own + 8*time.Hour),
			factors: []object{
				emailFactor("email_otp", "email", c.at(own), seedID("email-test-", "northwind/dana"), DemoImpersonatedMemberEmail),
				phoneFactor("otp", "sms", c.at(own+time.Minute), seedID("phone-number-test-", "northwind/dana"), "+14155550142"),
			},
			roles: []string{"stytch_member", "northwind-finance"},
		}),
	))

	idle := -49 * day
	must(f.AddMember(memberObject(memberSpec{
		orgID: DemoOrganizationID, id: DemoIdleMemberID, email: "oskar.lindqvist@northwind.example", name: "Oskar Lindqvist",
		status: "active", verified: true, externalID: "emp-5120",
		passwordID: seedID("member-password-test-", "northwind/oskar"),
		roles:      []object{role("stytch_member", "email_assignment")},
		created:    c.at(-410 * day),
	}),
		memberSession(memberSessionSpec{
			id: seedID("session-test-", "northwind/oskar"), memberID: DemoIdleMemberID, orgID: DemoOrganizationID, slug: DemoOrganizationSlug,
			started: c.at(idle), lastAccessed: c.at(-41 * day), expires: c.at(idle + 90*day),
			factors: []object{factor("password", "knowledge", c.at(idle), "", nil)},
			roles:   []string{"stytch_member"},
		}),
	))

	busy := make([]json.RawMessage, 0, DemoBusyMemberSessions)
	for i := range DemoBusyMemberSessions {
		start := -time.Duration(i*9+2) * time.Hour
		life := 7 * day
		if i == 0 {
			life = 90 * day
		}
		busy = append(busy, memberSession(memberSessionSpec{
			id: seedID("session-test-", fmt.Sprintf("northwind/kenji/%d", i)), memberID: DemoBusyMemberID, orgID: DemoOrganizationID, slug: DemoOrganizationSlug,
			started: c.at(start), lastAccessed: c.at(start + time.Hour), expires: c.at(start + life),
			factors: []object{emailFactor("magic_link", "email", c.at(start), seedID("email-test-", "northwind/kenji"), "kenji.watanabe@northwind.example")},
			roles:   []string{"stytch_member"},
		}))
	}
	must(f.AddMember(memberObject(memberSpec{
		orgID: DemoOrganizationID, id: DemoBusyMemberID, email: "kenji.watanabe@northwind.example", name: "Kenji Watanabe",
		status: "active", verified: true, mfaEnrolled: true, defaultMFA: "totp", externalID: "emp-6604",
		totpID:  seedID("member-totp-test-", "northwind/kenji"),
		roles:   []object{role("stytch_member", "email_assignment")},
		created: c.at(-90 * day),
	}), busy...))
}
