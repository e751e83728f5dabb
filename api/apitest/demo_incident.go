package apitest

import (
	"encoding/json"
	"time"
)

// Sessions that [Fake.AddDemoIncident] gives Alice ([DemoUserID]), each
// worth acting on.
const (
	// IncidentImpersonatedSessionID is a support agent's impersonation of
	// Alice, started 25 minutes before the fake's "now" (critical).
	IncidentImpersonatedSessionID = "session-test-c3f7a1e9-2d6b-4f48-9a05-e8b1d4c7f293"
	// IncidentMismatchSessionID is an Edge on Windows session that used
	// the passkey of Alice's MacBook: the device she does not recognise
	// (device-mismatch).
	IncidentMismatchSessionID = "session-test-e5b2d8f4-7a1c-4e39-b6d0-2c9f4a7e1b58"
	// IncidentIdleSessionID is a phone session last active 38 days ago,
	// alive for 60 days (idle, long-lifetime).
	IncidentIdleSessionID = "session-test-9f1c6e3a-4b8d-4a27-8e50-d7a2c5b9e416"
)

// AddDemoIncident adds to Alice's active sessions the three of a support
// ticket ("I see a device I don't recognise"), timed against the fake's
// clock now: an impersonation by a support agent, a Windows session that
// used her MacBook's passkey, and an Android phone idle for 38 days. The
// demo profile calls it so that `stytchctl inspect --profile demo
// alice.nakamura@example.com` has something to act on; a test fake does
// not, so that the rest of the demo's outputs stay as they are.
func (f *Fake) AddDemoIncident() {
	c := newClock(f.now())
	const (
		uid     = DemoUserID
		emailID = "email-test-2c8f6a1d-9b3e-4d57-a0c4-7e1f5b9d2a68"
	)
	imp := -25 * time.Minute
	mis := -50 * time.Minute
	idle := -45 * day
	incident := []json.RawMessage{
		session(sessionSpec{
			id:     IncidentImpersonatedSessionID,
			userID: uid,
			factors: []object{
				factor("impersonated", "impersonation", c.at(imp), "impersonated_factor", object{
					{"impersonator_id", seedID("member-test-", "alice/impersonator")},
					{"impersonator_email_address", "support.lead@example.com"},
				}),
			},
			roles:        []string{"stytch_user"},
			started:      c.at(imp),
			lastAccessed: c.at(imp + 3*time.Minute),
			expires:      c.at(imp + time.Hour),
			ip:           "203.0.113.250",
			userAgent:    uaChromeLinux,
			claims:       object{{"impersonation_reason", "ticket-51877"}},
		}),
		session(sessionSpec{
			id:     IncidentMismatchSessionID,
			userID: uid,
			factors: []object{
				factor("webauthn", "webauthn_registration", c.at(mis), "webauthn_factor", object{
					{"webauthn_registration_id", seedID("webauthn-registration-test-", "alice/macbook")},
					{"domain", "app.example.com"},
					{"user_agent", uaChromeMac},
				}),
			},
			roles:        []string{"stytch_user"},
			started:      c.at(mis),
			lastAccessed: c.at(-4 * time.Minute),
			expires:      c.at(mis + 7*day),
			ip:           "192.0.2.201",
			userAgent:    uaEdgeWin,
		}),
		session(sessionSpec{
			id:     IncidentIdleSessionID,
			userID: uid,
			factors: []object{
				emailFactor("magic_link", "email", c.at(idle), emailID, DemoEmail),
			},
			roles:        []string{"stytch_user"},
			started:      c.at(idle),
			lastAccessed: c.at(-38 * day),
			expires:      c.at(idle + 60*day),
			ip:           "198.51.100.88",
			userAgent:    uaChromeAndroid,
		}),
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.ensureUserLocked(uid)
	for _, raw := range incident {
		u.sessions = append(u.sessions, newStoredSession(raw))
	}
}
