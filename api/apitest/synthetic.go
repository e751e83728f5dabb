package apitest

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"time"
)

// AddSyntheticSessions appends n generated, active sessions to the user
// userID, creating the user (without an external_id) if needed. The sessions
// are realistic and varied (factor combinations, user agents, IPv4 and IPv6
// documentation addresses, roles, custom claims, fractional and whole-second
// timestamps) and deterministic for a given user, number of existing sessions
// and clock, so benchmarks are repeatable. Each expires between one hour and
// thirty days after the fake's current time.
func (f *Fake) AddSyntheticSessions(userID string, n int) {
	if n <= 0 {
		return
	}
	now := f.now()
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.ensureUserLocked(userID)

	h := fnv.New64a()
	_, _ = h.Write([]byte(userID))
	rng := rand.New(rand.NewPCG(h.Sum64(), uint64(len(u.sessions))))
	c := newClock(now)
	email := fmt.Sprintf("synthetic.%x@example.com", h.Sum64()&0xffffff)
	ids := syntheticIDs{rng: rng}
	agents := syntheticUserAgents()
	emailID := ids.next("email-test-")
	phoneID := ids.next("phone-number-test-")

	for range n {
		started := -time.Duration(rng.Int64N(int64(30*day-time.Hour))) - time.Hour
		lastAccessed := started + time.Duration(rng.Int64N(int64(-started)))
		expires := time.Hour + time.Duration(rng.Int64N(int64(29*day)))
		micros := rng.IntN(1_000_000)
		ts := func(d time.Duration) string {
			if micros%2 == 0 {
				return c.at(d)
			}
			return c.atMicro(d, micros)
		}

		var factors []object
		at := ts(started)
		mfaAt := ts(started + time.Duration(10+rng.IntN(80))*time.Second)
		switch rng.IntN(8) {
		case 0:
			factors = []object{emailFactor("magic_link", "email", at, emailID, email)}
		case 1:
			factors = []object{
				oauthFactor("oauth_google", "google_oauth_factor", at, ids.next("oauth-user-test-"),
					fmt.Sprintf("1%020d", rng.Uint64()%1e18), emailID),
				factor("totp", "authenticator_app", mfaAt, "authenticator_app_factor",
					object{{"totp_id", ids.next("totp-test-")}}),
			}
		case 2:
			factors = []object{
				emailFactor("password", "knowledge", at, emailID, email),
				phoneFactor("otp", "sms", mfaAt, phoneID, "+14155550199"),
			}
		case 3:
			factors = []object{factor("webauthn", "webauthn_registration", at, "webauthn_factor", object{
				{"webauthn_registration_id", ids.next("webauthn-registration-test-")},
				{"domain", "app.example.com"},
				{"user_agent", agents[0]},
			})}
		case 4:
			factors = []object{oauthFactor("oauth_github", "github_oauth_factor", at, ids.next("oauth-user-test-"),
				fmt.Sprint(1_000_000+rng.IntN(90_000_000)), emailID)}
		case 5:
			factors = []object{phoneFactor("otp", "whatsapp", at, phoneID, "+14155550199")}
		case 6:
			factors = []object{factor("sso", "sso_saml", at, "saml_sso_factor", object{
				{"id", ids.next("sso-registration-test-")},
				{"provider_id", ids.next("saml-connection-test-")},
				{"external_id", email},
			})}
		default:
			factors = []object{oauthFactor("oauth_microsoft", "microsoft_oauth_factor", at, ids.next("oauth-user-test-"),
				fmt.Sprintf("AAAAAAAAAAAAAAAAAAAAA%022x", rng.Uint64()), emailID)}
		}

		roles := []string{"stytch_user"}
		if rng.IntN(5) == 0 {
			roles = append(roles, "admin")
		}
		var claims object
		if rng.IntN(3) == 0 {
			claims = object{{"tenant_id", fmt.Sprintf("tenant-%03d", rng.IntN(1000))}, {"beta", rng.IntN(2) == 0}}
		}
		raw := session(sessionSpec{
			id:           ids.next("session-test-"),
			userID:       userID,
			factors:      factors,
			roles:        roles,
			started:      at,
			lastAccessed: ts(lastAccessed),
			expires:      ts(expires),
			ip:           syntheticIP(rng),
			userAgent:    agents[rng.IntN(len(agents))],
			claims:       claims,
		})
		u.sessions = append(u.sessions, newStoredSession(raw))
	}
}

// syntheticUserAgents returns the pool AddSyntheticSessions draws from.
func syntheticUserAgents() [10]string {
	return [...]string{
		uaChromeMac, uaSafariIPhone, uaFirefoxWin, uaEdgeWin, uaChromeLinux,
		uaChromeAndroid, uaFirefoxLinux, uaSafariMac, uaIOSApp, uaBackend,
	}
}

// syntheticIDs draws v4-shaped IDs from a deterministic generator.
type syntheticIDs struct {
	rng *rand.Rand
}

// next returns prefix followed by a fresh UUID.
func (g syntheticIDs) next(prefix string) string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := g.rng.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return prefix + formatUUID(b)
}

// syntheticIP returns an address from one of the documentation ranges
// (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32).
func syntheticIP(rng *rand.Rand) string {
	switch rng.IntN(4) {
	case 0:
		return fmt.Sprintf("192.0.2.%d", 1+rng.IntN(254))
	case 1:
		return fmt.Sprintf("198.51.100.%d", 1+rng.IntN(254))
	case 2:
		return fmt.Sprintf("203.0.113.%d", 1+rng.IntN(254))
	default:
		return fmt.Sprintf("2001:db8:%x:%x::%x", rng.IntN(0x10000), rng.IntN(0x10000), 1+rng.IntN(0xffff))
	}
}
