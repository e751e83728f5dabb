package apitest

import (
	"crypto/sha256"
	"encoding/json"
	"slices"
	"time"

	"github.com/stytchctl/stytchctl/api/authfactor"
)

// Demo users seeded into every new [Fake]. IDs are fixed, so tests, docs and
// the demo profile can name them; timestamps are relative to the fake's clock.
const (
	// DemoUserID is Alice Nakamura, who has three active sessions on
	// different devices: a magic link on Chrome/macOS (IPv4, no custom
	// claims), Google OAuth plus TOTP on Safari/iPhone (IPv6, two roles, a
	// custom claim) and a password plus SMS OTP on Firefox/Windows (custom
	// claims). Fractional-second timestamps appear on the second session.
	// The demo profile adds three more ([Fake.AddDemoIncident]).
	DemoUserID = "user-test-00000000-0000-4000-8000-000000000001"
	// DemoExternalID is Alice's external_id; GET /v1/sessions accepts it in
	// place of DemoUserID.
	DemoExternalID = "alice-42"

	// FactorZooUserID is Priya Raman, whose active sessions between them use
	// every authentication factor type, delivery method and factor sub-object
	// Stytch documents, plus an invented one ("quantum_entanglement" via
	// "oauth_futurebook" with a "futurebook_oauth_factor") and an unknown
	// top-level session field ("device_fingerprint").
	FactorZooUserID = "user-test-5c1e9a47-3b8d-4f26-9e0a-7d4b2c8f1e63"
	// FactorZooExternalID is Priya's external_id, in the Auth0 style with a
	// "|" so that clients must escape it in a query string.
	FactorZooExternalID = "auth0|64b7f3c2a91e5d0012ab34cd"

	// NoActiveSessionsUserID is Dmitri Volkov, whose only session expired two
	// days before the fake's "now", so GET /v1/sessions lists none.
	NoActiveSessionsUserID = "user-test-9a3f6d21-c4e8-4b75-8f1a-2e6d0b9c7a58"
	// ExpiredSessionID is Dmitri's expired session, stored but never listed.
	ExpiredSessionID = "session-test-2b7e9d4c-6f1a-4c38-a5e2-9d0b3f7c1e86"

	// LosslessUserID is Ben Okafor (no external_id), whose sessions test
	// lossless pass-through: one like a real 2024 capture (empty-string
	// ip_address and user_agent, no roles key, custom_claims {}), one with
	// "roles": [] and custom claims holding false, "", [], null, 0 and {}.
	LosslessUserID = "user-test-e27b4c90-1f5a-4d3e-b8c6-4a9f0d2e7b15"

	// HostileUserID is Mallory Hart, whose session's user agent and custom
	// claim carry terminal escape sequences (ANSI colour, OSC window title,
	// screen clear), CR/LF and a right-to-left override, to test sanitising.
	HostileUserID = "user-test-3f8a1c6d-7e2b-4a90-b5d4-c1e9f7a2d803"
)

// seedUser is one demo user: its identifiers plus its raw sessions.
type seedUser struct {
	userID     string
	externalID string
	sessions   []json.RawMessage
}

// seedID derives a fixed, v4-shaped ID such as "oauth-user-test-<uuid>" from a
// label, for the many sub-object IDs that nobody needs to type.
func seedID(prefix, label string) string {
	sum := sha256.Sum256([]byte(label))
	return prefix + formatUUID([16]byte(sum[:16]))
}

// demoUsers builds the seed data relative to now. It is called by [New] and
// [DemoFactorKinds], never at package initialisation.
func demoUsers(now time.Time) []seedUser {
	c := newClock(now)
	return []seedUser{
		alice(c),
		factorZoo(c),
		dmitri(c),
		ben(c),
		mallory(c),
		kenji(c),
	}
}

const (
	day = 24 * time.Hour

	uaChromeMac     = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
	uaSafariIPhone  = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
	uaFirefoxWin    = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0"
	uaEdgeWin       = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87"
	uaChromeLinux   = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
	uaChromeAndroid = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36"
	uaFirefoxLinux  = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
	uaSafariMac     = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"
	uaIOSApp        = "PriyaBank/4.12.0 (iPhone15,3; iOS 17.5.1) StytchSDK/0.28.0"
	uaBackend       = "Go-http-client/2.0"
	uaCurl          = "curl/8.7.1"
)

// alice is DemoUserID: the everyday user with three devices.
func alice(c clock) seedUser {
	const (
		uid     = DemoUserID
		email   = "alice.nakamura@example.com"
		emailID = "email-test-2c8f6a1d-9b3e-4d57-a0c4-7e1f5b9d2a68"
	)
	magic := c.at(-3 * day)
	google := -26 * time.Hour
	pw := -95 * time.Minute
	return seedUser{
		userID:     uid,
		externalID: DemoExternalID,
		sessions: []json.RawMessage{
			session(sessionSpec{
				id:     "session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14",
				userID: uid,
				factors: []object{
					emailFactor("magic_link", "email", magic, emailID, email),
				},
				roles:        []string{"stytch_user"},
				started:      magic,
				lastAccessed: c.at(-2 * time.Hour),
				expires:      c.at(4 * day),
				ip:           "203.0.113.42",
				userAgent:    uaChromeMac,
			}),
			session(sessionSpec{
				id:     "session-test-a7c3e1f9-5b2d-4e86-9f0a-3b6d8c1e5a27",
				userID: uid,
				factors: []object{
					oauthFactor("oauth_google", "google_oauth_factor", c.atMicro(google, 418532),
						"oauth-user-test-6b2d8f4a-1e9c-4a73-b5d6-0c8e2f7a9b14", "117349215608842195513", emailID),
					factor("totp", "authenticator_app", c.atMicro(google+33*time.Second, 90211), "authenticator_app_factor",
						object{{"totp_id", "totp-test-1c7e4a9b-3d6f-4b28-8e05-a9f2c6d4b731"}}),
				},
				roles:        []string{"stytch_user", "billing_admin"},
				started:      c.atMicro(google, 418532),
				lastAccessed: c.atMicro(-15*time.Minute, 77104),
				expires:      c.atMicro(google+30*day, 418532),
				ip:           "2001:db8:4f2a:91c0::1b7",
				userAgent:    uaSafariIPhone,
				claims:       object{{"app_tier", "premium"}},
			}),
			session(sessionSpec{
				id:     "session-test-6d1f8b3e-9a4c-4f72-8e15-b2c7d9a3f056",
				userID: uid,
				factors: []object{
					emailFactor("password", "knowledge", c.at(pw), emailID, email),
					phoneFactor("otp", "sms", c.at(pw+43*time.Second),
						"phone-number-test-7b1e4d9a-2f6c-4a83-9d05-c3e8a1f6b472", "+14155550142"),
				},
				roles:        []string{"stytch_user"},
				started:      c.at(pw),
				lastAccessed: c.at(pw + 2*time.Minute),
				expires:      c.at(pw + 12*time.Hour),
				ip:           "198.51.100.17",
				userAgent:    uaFirefoxWin,
				claims:       object{{"tenant_id", "acme-co"}, {"plan", "pro"}},
			}),
		},
	}
}

// oauthProvider is one OAuth provider as it appears in a factor.
type oauthProvider struct {
	method, subKey, subject string
	noEmail                 bool // the provider shares no email, so email_id is ""
}

// oauthProviders lists every OAuth provider in Stytch's AuthenticationFactor,
// with the sub-object spellings of the published spec (git_lab, linked_in,
// tik_tok) and provider subjects in each provider's usual format.
func oauthProviders() []oauthProvider {
	return []oauthProvider{
		{method: "oauth_google", subKey: "google_oauth_factor", subject: "108429876501234567890"},
		{method: "oauth_microsoft", subKey: "microsoft_oauth_factor", subject: "AAAAAAAAAAAAAAAAAAAAAG3kq0x8yVb1m7Tz4pQe9Ws"},
		{method: "oauth_apple", subKey: "apple_oauth_factor", subject: "001742.6f3c9a8b2d1e4f7a9c0b5d6e8f1a2b3c.1522"},
		{method: "oauth_github", subKey: "github_oauth_factor", subject: "58293614"},
		{method: "oauth_facebook", subKey: "facebook_oauth_factor", subject: "10229384756102938"},
		{method: "oauth_amazon", subKey: "amazon_oauth_factor", subject: "amzn1.account.AEXAMPLEQ7JZ2K4M6N8P0R2T4V6X"},
		{method: "oauth_bitbucket", subKey: "bitbucket_oauth_factor", subject: "{3f6b2a9c-1d4e-4f87-b2a5-9c0e6d3f1b74}"},
		{method: "oauth_coinbase", subKey: "coinbase_oauth_factor", subject: "9c4e2b7a-5d1f-5a83-b6e0-2f8d4c1a7e39"},
		{method: "oauth_discord", subKey: "discord_oauth_factor", subject: "1093847562019384756"},
		{method: "oauth_figma", subKey: "figma_oauth_factor", subject: "1198273645501928374"},
		{method: "oauth_gitlab", subKey: "git_lab_oauth_factor", subject: "12948573"},
		{method: "oauth_instagram", subKey: "instagram_oauth_factor", subject: "17841405822304914"},
		{method: "oauth_linkedin", subKey: "linked_in_oauth_factor", subject: "x7Kp2QmZ9v"},
		{method: "oauth_shopify", subKey: "shopify_oauth_factor", subject: "74839201745"},
		{method: "oauth_slack", subKey: "slack_oauth_factor", subject: "U04R7K2M9QX"},
		{method: "oauth_snapchat", subKey: "snapchat_oauth_factor", subject: "CAESIExAmPlE9sNaPcHaT0123456789", noEmail: true},
		{method: "oauth_spotify", subKey: "spotify_oauth_factor", subject: "31k7vq2xw4n5bz3m6ydq4cj7p9ea"},
		{method: "oauth_steam", subKey: "steam_oauth_factor", subject: "76561198012345678", noEmail: true},
		{method: "oauth_tiktok", subKey: "tik_tok_oauth_factor", subject: "-000ExAmPlEoPeNiD9k3Lq", noEmail: true},
		{method: "oauth_twitch", subKey: "twitch_oauth_factor", subject: "141981764"},
		{method: "oauth_twitter", subKey: "twitter_oauth_factor", subject: "1460283926286368768", noEmail: true},
		{method: "oauth_salesforce", subKey: "salesforce_oauth_factor", subject: "https://login.salesforce.com/id/00D5g000004ExAmPLE/0055g00000ExAmPLE"},
		{method: "oauth_yahoo", subKey: "yahoo_oauth_factor", subject: "QWERTY2EXAMPLEYAHOOGUID7X"},
		{method: "oauth_hubspot", subKey: "hubspot_oauth_factor", subject: "50419283"},
	}
}

// factorZoo is FactorZooUserID: every factor kind, spread over sessions that
// group them plausibly (social logins, exchanges, passwordless and devices,
// MFA and SSO, an impersonation, a factor from the future).
func factorZoo(c clock) seedUser {
	const (
		uid     = FactorZooUserID
		email   = "priya.raman@example.com"
		emailID = "email-test-8d3b6f1a-4c9e-4b27-a5d8-1f7c3e9b6a02"
		phone   = "+442079460958"
		phoneID = "phone-number-test-3e7a9c2f-8d1b-4f64-b0a5-6c2e9f4d7b81"
	)
	// oauthSession puts a slice of the providers into one session, each
	// re-authenticated a few seconds after the previous one.
	oauthSession := func(id string, start time.Duration, providers []oauthProvider, ip, ua string) json.RawMessage {
		var fs []object
		for i, p := range providers {
			eid := emailID
			if p.noEmail {
				eid = ""
			}
			fs = append(fs, oauthFactor(p.method, p.subKey, c.at(start+time.Duration(i)*7*time.Second),
				seedID("oauth-user-test-", "zoo/"+p.method), p.subject, eid))
		}
		return session(sessionSpec{
			id: id, userID: uid, factors: fs,
			roles:        []string{"stytch_user"},
			started:      c.at(start),
			lastAccessed: c.at(start + time.Hour),
			expires:      c.at(start + 7*day),
			ip:           ip, userAgent: ua,
		})
	}
	providers := oauthProviders()

	exch := -6 * time.Hour
	pwl := -50 * time.Hour
	mfa := -4 * day
	imp := -40 * time.Minute
	future := -3 * time.Minute

	return seedUser{
		userID:     uid,
		externalID: FactorZooExternalID,
		sessions: []json.RawMessage{
			oauthSession("session-test-0e4a7c2f-9b1d-4e63-a8f5-2d7c9e1b4a06", -5*day, providers[0:8], "203.0.113.8", uaChromeMac),
			oauthSession("session-test-3b9f1d6a-7e2c-4a85-b0d4-6f1e8a3c9d72", -4*day-3*time.Hour, providers[8:16], "198.51.100.64", uaFirefoxLinux),
			oauthSession("session-test-7c2e5a9d-1f4b-4d38-9e06-b3a8f2c7d5e1", -2*day-9*time.Hour, providers[16:24], "2001:db8:a0b:12f0::33", uaSafariMac),
			session(sessionSpec{
				id:     "session-test-c5d8f2a1-6b3e-4f97-8a0c-1e4b7d9a2f63",
				userID: uid,
				factors: []object{
					factor("oauth", "oauth_exchange_slack", c.at(exch), "slack_oauth_exchange_factor", object{{"email_id", emailID}}),
					factor("oauth", "oauth_exchange_hubspot", c.at(exch+5*time.Second), "hubspot_oauth_exchange_factor", object{{"email_id", emailID}}),
					factor("oauth", "oauth_exchange_github", c.at(exch+9*time.Second), "github_oauth_exchange_factor", object{{"email_id", emailID}}),
					factor("oauth", "oauth_exchange_google", c.at(exch+14*time.Second), "google_oauth_exchange_factor", object{{"email_id", emailID}}),
					factor("oauth", "oauth_access_token_exchange", c.at(exch+20*time.Second), "oauth_access_token_exchange_factor",
						object{{"client_id", seedID("connected-app-test-", "zoo/connected-app")}}),
					factor("trusted_auth_token", "trusted_token_exchange", c.at(exch+31*time.Second), "trusted_auth_token_factor",
						object{{"token_id", seedID("trusted-auth-token-test-", "zoo/trusted-token")}}),
				},
				roles:        []string{"stytch_user", "integrations"},
				started:      c.at(exch),
				lastAccessed: c.at(exch + 2*time.Hour),
				expires:      c.at(exch + day),
				ip:           "198.51.100.201",
				userAgent:    uaBackend,
				claims:       object{{"source", "zapier-like-integration"}},
			}),
			session(sessionSpec{
				id:     "session-test-e8a1b4d7-2c5f-4a90-b6e3-9d2f5c8a1b47",
				userID: uid,
				factors: []object{
					emailFactor("magic_link", "email", c.atMicro(pwl, 102938), emailID, email),
					factor("magic_link", "embedded", c.atMicro(pwl+4*time.Second, 554019), "embeddable_magic_link_factor",
						object{{"embedded_id", seedID("embedded-test-", "zoo/embedded")}}),
					emailFactor("email_otp", "email", c.atMicro(pwl+11*time.Second, 3), emailID, email),
					phoneFactor("otp", "sms", c.atMicro(pwl+19*time.Second, 880001), phoneID, phone),
					phoneFactor("otp", "whatsapp", c.atMicro(pwl+27*time.Second, 999999), phoneID, phone),
					factor("webauthn", "webauthn_registration", c.atMicro(pwl+36*time.Second, 250000), "webauthn_factor", object{
						{"webauthn_registration_id", seedID("webauthn-registration-test-", "zoo/passkey")},
						{"domain", "app.example.com"},
						{"user_agent", uaSafariIPhone},
					}),
					factor("signature_challenge", "biometric", c.atMicro(pwl+44*time.Second, 613370), "biometric_factor",
						object{{"biometric_registration_id", seedID("biometric-registration-test-", "zoo/face-id")}}),
					factor("crypto", "crypto_wallet", c.atMicro(pwl+58*time.Second, 71), "crypto_wallet_factor", object{
						{"crypto_wallet_id", seedID("crypto-wallet-test-", "zoo/wallet")},
						{"crypto_wallet_address", "0x4b3d8c0e1a9f2b7d6c5e4f3a2b1c0d9e8f7a6b5c"},
						{"crypto_wallet_type", "ethereum"},
					}),
				},
				roles:        []string{"stytch_user"},
				started:      c.atMicro(pwl, 102938),
				lastAccessed: c.atMicro(-20*time.Minute, 500500),
				expires:      c.atMicro(pwl+14*day, 102938),
				ip:           "2001:db8:1c4e::42",
				userAgent:    uaIOSApp,
			}),
			session(sessionSpec{
				id:     "session-test-2f6c9a3e-8d1b-4e74-a5c0-7b3e1d9f6a28",
				userID: uid,
				factors: []object{
					emailFactor("password", "knowledge", c.at(mfa), emailID, email),
					factor("totp", "authenticator_app", c.at(mfa+21*time.Second), "authenticator_app_factor",
						object{{"totp_id", seedID("totp-test-", "zoo/totp")}}),
					factor("recovery_codes", "recovery_code", c.at(mfa+2*day), "recovery_code_factor",
						object{{"totp_recovery_code_id", seedID("totp-recovery-code-test-", "zoo/recovery")}}),
					factor("sso", "sso_saml", c.at(mfa+2*day+time.Hour), "saml_sso_factor", object{
						{"id", seedID("sso-registration-test-", "zoo/saml")},
						{"provider_id", seedID("saml-connection-test-", "zoo/saml")},
						{"external_id", email},
					}),
					factor("sso", "sso_oidc", c.at(mfa+3*day), "oidc_sso_factor", object{
						{"id", seedID("sso-registration-test-", "zoo/oidc")},
						{"provider_id", seedID("oidc-connection-test-", "zoo/oidc")},
						{"external_id", "00u8xk2m4nQ7ExAmPle5d7"},
					}),
					// Imported factors carry no sub-object: nothing but the
					// type says where the credential came from.
					factor("imported", "imported_auth0", c.at(mfa+3*day+5*time.Minute), "", nil),
				},
				roles:        []string{"stytch_user", "admin"},
				started:      c.at(mfa),
				lastAccessed: c.at(-10 * time.Minute),
				expires:      c.at(mfa + 30*day),
				ip:           "192.0.2.77",
				userAgent:    uaEdgeWin,
				claims:       object{{"mfa_level", "aal2"}, {"sso_org", "example-corp"}},
			}),
			session(sessionSpec{
				id:     "session-test-9d4b7e2a-5c8f-4b16-93e0-a6d1c4f8b352",
				userID: uid,
				factors: []object{
					factor("impersonated", "impersonation", c.at(imp), "impersonated_factor", object{
						{"impersonator_id", seedID("member-test-", "zoo/impersonator")},
						{"impersonator_email_address", "support.lead@example.com"},
					}),
				},
				roles:        []string{"stytch_user"},
				started:      c.at(imp),
				lastAccessed: c.at(imp + 5*time.Minute),
				expires:      c.at(imp + time.Hour),
				ip:           "203.0.113.250",
				userAgent:    uaChromeLinux,
				claims:       object{{"impersonation_reason", "ticket-48213"}},
			}),
			session(sessionSpec{
				id:     "session-test-4a7d1f9c-3e6b-4c28-b8a5-0f2d6e9c3b71",
				userID: uid,
				factors: []object{
					factor("quantum_entanglement", "oauth_futurebook", c.at(future), "futurebook_oauth_factor", object{
						{"id", seedID("oauth-user-test-", "zoo/futurebook")},
						{"provider_subject", "fb2-7f3a9c1e"},
						{"email_id", emailID},
						{"hologram_handle", "@priya.qbit"},
					}),
				},
				roles:        []string{"stytch_user"},
				started:      c.at(future),
				lastAccessed: c.at(future),
				expires:      c.at(future + 2*time.Hour),
				ip:           "2001:db8:ffff::2",
				userAgent:    uaChromeAndroid,
				extra: []field{{"device_fingerprint", object{
					{"visitor_id", seedID("visitor-test-", "zoo/visitor")},
					{"verdict", "ALLOW"},
					{"is_new_device", true},
					{"risk_score", 0.07},
				}}},
			}),
		},
	}
}

// dmitri is NoActiveSessionsUserID: one session, expired.
func dmitri(c clock) seedUser {
	const (
		uid     = NoActiveSessionsUserID
		emailID = "email-test-5e1c8a3f-7d2b-4f96-b4a0-3c9e6f1d8b25"
	)
	start := -10 * day
	return seedUser{
		userID:     uid,
		externalID: "dmitri.volkov",
		sessions: []json.RawMessage{
			session(sessionSpec{
				id:     ExpiredSessionID,
				userID: uid,
				factors: []object{
					emailFactor("magic_link", "email", c.at(start), emailID, "dmitri.volkov@example.com"),
				},
				roles:        []string{"stytch_user"},
				started:      c.at(start),
				lastAccessed: c.at(-3 * day),
				expires:      c.at(-2 * day),
				ip:           "203.0.113.199",
				userAgent:    uaChromeLinux,
			}),
		},
	}
}

// ben is LosslessUserID: values a careless client would drop or rewrite.
func ben(c clock) seedUser {
	const (
		uid     = LosslessUserID
		email   = "ben.okafor@example.com"
		emailID = "email-test-0b7d3f9a-1e6c-4a52-8d94-f2a6c1e8b3d7"
	)
	otp := -7 * time.Hour
	ml := -31 * time.Hour
	return seedUser{
		userID: uid,
		sessions: []json.RawMessage{
			// Shaped like a real 2024 test-environment capture: no roles
			// key, empty-string attributes, consumer email OTP reported as
			// type "otp" with delivery method "email".
			session(sessionSpec{
				id:     "session-test-8c4a1e7f-3d9b-4f26-b0e5-7a2c6d9f1b38",
				userID: uid,
				factors: []object{
					emailFactor("otp", "email", c.atMicro(otp, 935673), emailID, email),
				},
				omitRoles:    true,
				started:      c.atMicro(otp, 935673),
				lastAccessed: c.atMicro(otp+4*time.Minute, 120004),
				expires:      c.atMicro(otp+day, 935673),
			}),
			session(sessionSpec{
				id:     "session-test-f05d3a8e-2c7b-4e19-9a6d-4b8e1c3f7a95",
				userID: uid,
				factors: []object{
					emailFactor("magic_link", "email", c.at(ml), emailID, email),
				},
				roles:        []string{},
				started:      c.at(ml),
				lastAccessed: c.at(ml + 30*time.Second),
				expires:      c.at(ml + 7*day),
				ip:           "192.0.2.23",
				userAgent:    uaCurl,
				claims: object{
					{"beta_opt_in", false},
					{"nickname", ""},
					{"feature_flags", []string{}},
					{"manager_id", nil},
					{"seat_count", 0},
					{"preferences", object{}},
				},
			}),
		},
	}
}

// mallory is HostileUserID: terminal control sequences in strings that a
// table renderer prints.
func mallory(c clock) seedUser {
	const (
		uid     = HostileUserID
		emailID = "email-test-6a2f9d4c-8b1e-4c73-a0d5-e3b7c9f2a614"
	)
	start := -9 * time.Hour
	return seedUser{
		userID:     uid,
		externalID: "mallory_h",
		sessions: []json.RawMessage{
			session(sessionSpec{
				id:     "session-test-d9e2b7a4-8c1f-4d63-b5a0-6e3f9c2d8b17",
				userID: uid,
				factors: []object{
					emailFactor("password", "knowledge", c.at(start), emailID, "mallory.hart@example.com"),
				},
				roles:        []string{"stytch_user"},
				started:      c.at(start),
				lastAccessed: c.at(-5 * time.Minute),
				expires:      c.at(start + 3*day),
				ip:           "192.0.2.66",
				userAgent: "Mozilla/5.0 \x1b[31mRED ALERT\x1b[0m\r\nX-Injected: yes\n" +
					"\x1b]0;owned\x07Chrome/126.0.0.0 \u202egpj.exe",
				claims: object{{"display_name", "Mallory\x1b[2J\x1b[H"}},
			}),
		},
	}
}

// kenji is an ordinary second user: a passkey on Android and OIDC SSO at work.
func kenji(c clock) seedUser {
	const uid = "user-test-b4d2e8f1-6a3c-4e97-8d05-f1c3a7e9b264"
	pk := -11 * time.Hour
	sso := -3 * time.Hour
	return seedUser{
		userID:     uid,
		externalID: "emp-00417",
		sessions: []json.RawMessage{
			session(sessionSpec{
				id:     "session-test-1a6e3c9f-7b2d-4f58-8c04-e9d2b6a1f734",
				userID: uid,
				factors: []object{
					factor("webauthn", "webauthn_registration", c.at(pk), "webauthn_factor", object{
						{"webauthn_registration_id", "webauthn-registration-test-8f2c5a1e-4d7b-4e93-a6c0-1b9e3d7f5a28"},
						{"domain", "app.example.com"},
						{"user_agent", uaChromeAndroid},
					}),
				},
				roles:        []string{"stytch_user", "support_agent"},
				started:      c.at(pk),
				lastAccessed: c.at(-40 * time.Minute),
				expires:      c.at(pk + 14*day),
				ip:           "2001:db8:85a3::8a2e:370:7334",
				userAgent:    uaChromeAndroid,
				claims:       object{{"locale", "ja-JP"}},
			}),
			session(sessionSpec{
				id:     "session-test-5f8b2d6a-4e1c-4a97-b3d8-0c7e5a9f2b61",
				userID: uid,
				factors: []object{
					factor("sso", "sso_oidc", c.atMicro(sso, 640021), "oidc_sso_factor", object{
						{"id", "sso-registration-test-3c7a1e9f-2b5d-4f68-8e04-d1a6c9b3f752"},
						{"provider_id", "oidc-connection-test-6e9b2d4f-1a7c-4c35-b8e0-4f2a7d1c9e63"},
						{"external_id", "00u1kenjiSatoExAmPle7"},
					}),
				},
				roles:        []string{"stytch_user", "support_agent"},
				started:      c.atMicro(sso, 640021),
				lastAccessed: c.atMicro(-1*time.Minute, 8),
				expires:      c.atMicro(sso+8*time.Hour, 640021),
				ip:           "192.0.2.14",
				userAgent:    uaChromeLinux,
				claims:       object{{"department", "support"}, {"shift", "apac"}},
			}),
		},
	}
}

// DemoFactorKinds scans the seed data (every session of every demo user,
// expired ones included) and returns the sorted, distinct factor type values,
// delivery_method values and sub-object keys found, so a test can check the
// demo covers Stytch's documented sets plus an unknown member of each. It
// builds the data afresh on each call.
func DemoFactorKinds() (types, deliveryMethods, subObjectKeys []string) {
	for _, u := range demoUsers(time.Date(2026, 6, 4, 9, 0, 0, 0, time.UTC)) {
		for _, raw := range u.sessions {
			var s struct {
				Factors []map[string]json.RawMessage `json:"authentication_factors"`
			}
			if err := json.Unmarshal(raw, &s); err != nil {
				panic("apitest: seed session is not JSON: " + err.Error())
			}
			for _, fac := range s.Factors {
				var typ, method string
				_ = json.Unmarshal(fac["type"], &typ)
				_ = json.Unmarshal(fac["delivery_method"], &method)
				types = append(types, typ)
				deliveryMethods = append(deliveryMethods, method)
				for k := range fac {
					if !authfactor.IsCommonKey(k) {
						subObjectKeys = append(subObjectKeys, k)
					}
				}
			}
		}
	}
	return sortedUnique(types), sortedUnique(deliveryMethods), sortedUnique(subObjectKeys)
}

// sortedUnique sorts s and removes duplicates in place.
func sortedUnique(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}
