package apitest

import (
	"fmt"
	"strings"
	"time"
)

// GeneratedUsers is how many generated users every new fake holds besides
// the demo users, so that a user search spans several pages at small
// limits. They have no sessions. Their IDs, names and enrolments are fixed;
// their created_at values are relative to the fake's clock.
const GeneratedUsers = 60

// GeneratedUserID returns the user_id of generated user i (0 ≤ i <
// GeneratedUsers).
func GeneratedUserID(i int) string { return seedID("user-test-", fmt.Sprintf("generated/%d", i)) }

// GeneratedEmail returns the first email address of generated user i.
func GeneratedEmail(i int) string {
	first, last := generatedName(i)
	domains := [...]string{"example.com", "example.org", "example.net"}
	return fmt.Sprintf("%s.%s%d@%s", strings.ToLower(first), strings.ToLower(last), i, domains[i%len(domains)])
}

func generatedName(i int) (first, last string) {
	firsts := [...]string{"Ana", "Bilal", "Chen", "Dana", "Emeka", "Fatima", "Gustavo", "Hana", "Ivan", "Julia", "Kwame", "Lena"}
	lasts := [...]string{"Silva", "Khan", "Wei", "Cohen", "Obi", "Haddad", "Pereira", "Sato", "Petrov", "Rossi", "Mensah"}
	return firsts[i%len(firsts)], lasts[(i*7)%len(lasts)]
}

// generatedUsers builds the GeneratedUsers users: a spread of creation
// dates over the last 300 days (user i is older than user i+1), every
// ninth one pending, and a varied mix of phones, passwords, TOTP, OAuth,
// passkeys and external IDs.
func generatedUsers(c clock) []userSpec {
	out := make([]userSpec, 0, GeneratedUsers)
	for i := range GeneratedUsers {
		first, last := generatedName(i)
		label := fmt.Sprintf("generated/%d", i)
		s := userSpec{
			id:      GeneratedUserID(i),
			status:  "active",
			first:   first,
			last:    last,
			emails:  []emailSpec{{id: seedID("email-test-", label), address: GeneratedEmail(i), verified: true}},
			roles:   []string{"stytch_user"},
			created: c.at(-time.Duration(300-5*i)*day + time.Duration(i)*time.Hour),
		}
		if i%9 == 4 {
			s.status = "pending"
			s.emails[0].verified = false
		}
		if i%3 == 0 {
			s.phones = []phoneSpec{{id: seedID("phone-number-test-", label), number: fmt.Sprintf("+1415555%04d", 2000+i), verified: i%6 == 0}}
		}
		if i%2 == 0 {
			s.password = &passwordSpec{id: seedID("password-test-", label), requiresReset: i%10 == 0}
		}
		if i%4 == 1 {
			s.totps = []totpSpec{{id: seedID("totp-test-", label), verified: true}}
		}
		switch i % 5 {
		case 1:
			s.providers = []providerSpec{{providerType: "Google", subject: fmt.Sprintf("1%020d", 7919*i+13), locale: "en", registrationID: seedID("oauth-user-test-", label)}}
		case 3:
			s.providers = []providerSpec{{providerType: "GitHub", subject: fmt.Sprint(4_000_000 + 37*i), registrationID: seedID("oauth-user-test-", label)}}
		}
		if i%7 == 2 {
			s.passkeys = []passkeySpec{{id: seedID("webauthn-registration-test-", label), domain: "app.example.com", userAgent: uaSafariMac, verified: true, authenticatorType: "cross-platform", name: "YubiKey 5C"}}
		}
		if i%8 == 5 {
			s.externalID = fmt.Sprintf("crm-%05d", 10000+i)
		}
		if i%15 == 7 {
			s.emails = append(s.emails, emailSpec{id: seedID("email-test-", label+"/alt"), address: fmt.Sprintf("%s.%d@alt.example", strings.ToLower(first), i)})
		}
		out = append(out, s)
	}
	return out
}
