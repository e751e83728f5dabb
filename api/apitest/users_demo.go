package apitest

import (
	"time"

	"github.com/stytchctl/stytchctl/api/authfactor"
)

// Email addresses of the demo users, so tests and docs can resolve them
// with an exact user search (sessions list --email).
const (
	// DemoEmail is Alice's verified address ([DemoUserID]).
	DemoEmail = "alice.nakamura@example.com"
	// DemoUnverifiedEmail is Alice's second, unverified address.
	DemoUnverifiedEmail = "alice@nakamura-studio.example"
	// DemoPhone is Alice's verified phone number.
	DemoPhone = "+14155550142"
	// FactorZooEmail is Priya Raman's address ([FactorZooUserID]).
	FactorZooEmail = "priya.raman@example.com"
	// LockedUserID is Mallory Hart ([HostileUserID]): locked after failed
	// logins, with a lock expiry, and a name full of escape sequences.
	LockedUserID = HostileUserID
	// PasskeyUserID is Kenji Sato: a passkey, no password (password null).
	PasskeyUserID = "user-test-b4d2e8f1-6a3c-4e97-8d05-f1c3a7e9b264"
)

// demoProfiles returns the User objects of the demo users of demo.go. Every
// email, phone, OAuth registration, TOTP, passkey, wallet and biometric
// that their sessions' factors mention is one of the user's, with the same
// IDs, so a session and its user agree.
func demoProfiles(c clock) []userSpec {
	return []userSpec{
		{
			id: DemoUserID, externalID: DemoExternalID, status: "active",
			first: "Alice", last: "Nakamura",
			emails: []emailSpec{
				{id: "email-test-2c8f6a1d-9b3e-4d57-a0c4-7e1f5b9d2a68", address: DemoEmail, verified: true},
				{id: seedID("email-test-", "alice/studio"), address: DemoUnverifiedEmail},
			},
			phones: []phoneSpec{{id: "phone-number-test-7b1e4d9a-2f6c-4a83-9d05-c3e8a1f6b472", number: DemoPhone, verified: true}},
			passkeys: []passkeySpec{{
				id: seedID("webauthn-registration-test-", "alice/macbook"), domain: "app.example.com",
				userAgent: uaChromeMac, verified: true, authenticatorType: "platform", name: "MacBook Pro Touch ID",
			}},
			providers: []providerSpec{{
				providerType: "Google", subject: "117349215608842195513",
				pictureURL:     "https://lh3.googleusercontent.com/a/ACg8ocAliceNakamuraExAmPle0000=s96-c",
				locale:         "en",
				registrationID: "oauth-user-test-6b2d8f4a-1e9c-4a73-b5d6-0c8e2f7a9b14",
			}},
			totps:     []totpSpec{{id: "totp-test-1c7e4a9b-3d6f-4b28-8e05-a9f2c6d4b731", verified: true}},
			roles:     []string{"stytch_user", "billing_admin"},
			created:   c.at(-201*day - 5*time.Hour),
			password:  &passwordSpec{id: seedID("password-test-", "alice")},
			trusted:   object{{"crm_account_id", "0014x00000Zq9LmAAJ"}, {"support_tier", "gold"}},
			untrusted: object{{"theme", "dark"}},
		},
		zooProfile(c),
		{
			id: NoActiveSessionsUserID, externalID: "dmitri.volkov", status: "active",
			first: "Dmitri", middle: "Ivanovich", last: "Volkov",
			emails:   []emailSpec{{id: "email-test-5e1c8a3f-7d2b-4f96-b4a0-3c9e6f1d8b25", address: "dmitri.volkov@example.com", verified: true}},
			roles:    []string{"stytch_user"},
			created:  c.at(-90 * day),
			password: nil,
		},
		{
			// Ben is the lossless user: false, "", [], {} and null
			// everywhere a careless client would drop them.
			id: LosslessUserID, status: "active",
			first: "Ben", last: "Okafor",
			emails:  []emailSpec{{id: "email-test-0b7d3f9a-1e6c-4a52-8d94-f2a6c1e8b3d7", address: "ben.okafor@example.com", verified: true}},
			roles:   []string{},
			created: c.atMicro(-40*day, 935673),
		},
		{
			id: HostileUserID, externalID: "mallory_h", status: "active",
			first: "Mallory\x1b[2J\x1b[H", last: "Hart\u202egpj.exe",
			emails: []emailSpec{{id: "email-test-6a2f9d4c-8b1e-4c73-a0d5-e3b7c9f2a614", address: "mallory.hart@example.com", verified: true}},
			locked: true, lockCreated: c.at(-20 * time.Minute), lockExpire: c.at(40 * time.Minute),
			roles:    []string{"stytch_user"},
			created:  c.at(-12 * day),
			password: &passwordSpec{id: seedID("password-test-", "mallory"), requiresReset: true},
		},
		{
			id: PasskeyUserID, externalID: "emp-00417", status: "active",
			first: "Kenji", last: "Sato",
			emails: []emailSpec{{id: seedID("email-test-", "kenji/work"), address: "kenji.sato@example.com", verified: true}},
			passkeys: []passkeySpec{{
				id: "webauthn-registration-test-8f2c5a1e-4d7b-4e93-a6c0-1b9e3d7f5a28", domain: "app.example.com",
				userAgent: uaChromeAndroid, verified: true, authenticatorType: "platform", name: "Pixel 8",
			}},
			roles:   []string{"stytch_user", "support_agent"},
			created: c.at(-33 * day),
		},
	}
}

// zooProfile is Priya Raman, who has enrolled one of everything: all the
// OAuth providers her sessions use, a passkey, TOTP, a wallet, a biometric
// key, a password, and a UK phone number.
func zooProfile(c clock) userSpec {
	s := userSpec{
		id: FactorZooUserID, externalID: FactorZooExternalID, status: "active",
		first: "Priya", last: "Raman",
		emails: []emailSpec{{id: "email-test-8d3b6f1a-4c9e-4b27-a5d8-1f7c3e9b6a02", address: FactorZooEmail, verified: true}},
		phones: []phoneSpec{{id: "phone-number-test-3e7a9c2f-8d1b-4f64-b0a5-6c2e9f4d7b81", number: "+442079460958", verified: true}},
		passkeys: []passkeySpec{{
			id: seedID("webauthn-registration-test-", "zoo/passkey"), domain: "app.example.com",
			userAgent: uaSafariIPhone, verified: true, authenticatorType: "platform", name: "iPhone",
		}},
		totps:      []totpSpec{{id: seedID("totp-test-", "zoo/totp"), verified: true}},
		wallets:    []walletSpec{{id: seedID("crypto-wallet-test-", "zoo/wallet"), address: "0x4b3d8c0e1a9f2b7d6c5e4f3a2b1c0d9e8f7a6b5c", walletType: "ethereum", verified: true}},
		biometrics: []totpSpec{{id: seedID("biometric-registration-test-", "zoo/face-id"), verified: true}},
		roles:      []string{"stytch_user", "admin"},
		created:    c.at(-400 * day),
		password:   &passwordSpec{id: seedID("password-test-", "zoo")},
	}
	for _, p := range oauthProviders() {
		s.providers = append(s.providers, providerSpec{
			providerType:   providerType(p.method),
			subject:        p.subject,
			locale:         "en-GB",
			registrationID: seedID("oauth-user-test-", "zoo/"+p.method),
		})
	}
	return s
}

// providerType spells an OAuth delivery method's provider as Stytch's
// provider_type does ("oauth_google" → "Google").
func providerType(method string) string {
	slug, _ := authfactor.OAuthProvider(method)
	return authfactor.ProviderName(slug)
}
