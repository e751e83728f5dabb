package apitest

import (
	"bytes"
	"encoding/json"
	"time"
)

// user is one stored user. Sessions keep their raw bytes exactly as given, so
// responses can prove that clients pass JSON through losslessly.
type user struct {
	id         string
	externalID string
	sessions   []storedSession
}

// storedSession is a raw session plus its parsed expiry.
type storedSession struct {
	raw json.RawMessage
	// expiresAt is the session's expires_at; zero when it is missing or not
	// RFC 3339, in which case the session never expires.
	expiresAt time.Time
}

// activeAt reports whether the session is still active at now: Stytch lists
// only sessions whose expires_at lies after the current time.
func (s storedSession) activeAt(now time.Time) bool {
	return s.expiresAt.IsZero() || s.expiresAt.After(now)
}

// newStoredSession copies raw and parses its expires_at.
func newStoredSession(raw json.RawMessage) storedSession {
	s := storedSession{raw: bytes.Clone(raw)}
	var probe struct {
		ExpiresAt string `json:"expires_at"`
	}
	if json.Unmarshal(raw, &probe) == nil && probe.ExpiresAt != "" {
		if t, err := time.Parse(time.RFC3339Nano, probe.ExpiresAt); err == nil {
			s.expiresAt = t
		}
	}
	return s
}

// AddUser creates the user userID, or replaces the sessions of an existing one
// (keeping its external_id), so that afterwards the user has exactly the given
// sessions in this order. Each session is stored byte-for-byte and returned
// that way by GET /v1/sessions while its expires_at is in the future (a session
// without a parsable expires_at never expires). Sessions are not validated, so
// a test may store deliberately odd JSON.
func (f *Fake) AddUser(userID string, sessions ...json.RawMessage) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ext := ""
	if u := f.users[userID]; u != nil {
		ext = u.externalID
	}
	f.putUserLocked(userID, ext, sessions)
}

// SetExternalID gives the user userID the external ID externalID, so it can be
// looked up by either (as Stytch accepts an external_id wherever a user_id
// goes). The user is created, without sessions, if it does not exist. An
// externalID already held by another user moves to this one; "" removes the
// user's external ID.
func (f *Fake) SetExternalID(userID, externalID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.ensureUserLocked(userID)
	if u.externalID != "" {
		delete(f.external, u.externalID)
	}
	if externalID != "" {
		if prev, ok := f.external[externalID]; ok && prev != userID {
			f.users[prev].externalID = ""
		}
		f.external[externalID] = userID
	}
	u.externalID = externalID
}

// Sessions returns copies of every session stored for the user named by
// userOrExternalID (a user_id or an external_id), in stored order and
// including expired ones, or nil for an unknown user.
func (f *Fake) Sessions(userOrExternalID string) []json.RawMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.lookupLocked(userOrExternalID)
	if u == nil {
		return nil
	}
	out := make([]json.RawMessage, len(u.sessions))
	for i, s := range u.sessions {
		out[i] = bytes.Clone(s.raw)
	}
	return out
}

// putUser stores a user with exactly these sessions and external ID.
func (f *Fake) putUser(userID, externalID string, sessions []json.RawMessage) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.putUserLocked(userID, externalID, sessions)
}

func (f *Fake) putUserLocked(userID, externalID string, sessions []json.RawMessage) {
	u := f.ensureUserLocked(userID)
	u.sessions = make([]storedSession, len(sessions))
	for i, raw := range sessions {
		u.sessions[i] = newStoredSession(raw)
	}
	if externalID != "" && externalID != u.externalID {
		if u.externalID != "" {
			delete(f.external, u.externalID)
		}
		u.externalID = externalID
		f.external[externalID] = userID
	}
}

// ensureUserLocked returns the user userID, creating it without sessions.
func (f *Fake) ensureUserLocked(userID string) *user {
	u := f.users[userID]
	if u == nil {
		u = &user{id: userID}
		f.users[userID] = u
		f.order = append(f.order, userID)
	}
	return u
}

// lookupLocked resolves a user_id or an external_id to a stored user, or nil.
// A user_id takes precedence, as Stytch's user IDs and external IDs cannot
// collide in practice.
func (f *Fake) lookupLocked(ref string) *user {
	if u := f.users[ref]; u != nil {
		return u
	}
	if id, ok := f.external[ref]; ok {
		return f.users[id]
	}
	return nil
}
