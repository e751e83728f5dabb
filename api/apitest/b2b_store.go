package apitest

import (
	"bytes"
	"encoding/json"
	"strings"
)

// b2bState holds the B2B side of the fake: organizations, their members and
// the members' sessions. It lives behind Fake.mu like everything else.
type b2bState struct {
	orgs []*organization // in creation order
}

// organization is one stored organization and its members.
type organization struct {
	id, slug, externalID string
	raw                  json.RawMessage // the Organization object
	members              []*member       // in creation order
}

// member is one stored member of an organization.
type member struct {
	orgID      string
	id         string
	email      string
	externalID string
	status     string
	phone      string
	breakglass bool
	raw        json.RawMessage // the Member object
	sessions   []storedSession // raw member sessions
}

// orgLocked resolves an organization ID, slug or external ID.
func (b *b2bState) orgLocked(ref string) *organization {
	for _, o := range b.orgs {
		if o.id == ref {
			return o
		}
	}
	for _, o := range b.orgs {
		if o.slug == ref || (o.externalID != "" && o.externalID == ref) {
			return o
		}
	}
	return nil
}

// memberLocked resolves a member ID or external ID within o.
func (o *organization) memberLocked(ref string) *member {
	for _, m := range o.members {
		if m.id == ref || (m.externalID != "" && m.externalID == ref) {
			return m
		}
	}
	return nil
}

// memberByEmailLocked finds the member of o with this address, ignoring case.
func (o *organization) memberByEmailLocked(addr string) *member {
	for _, m := range o.members {
		if strings.EqualFold(m.email, addr) {
			return m
		}
	}
	return nil
}

// memberAnywhereLocked finds a member by member_id in any organization.
func (b *b2bState) memberAnywhereLocked(id string) *member {
	for _, o := range b.orgs {
		for _, m := range o.members {
			if m.id == id {
				return m
			}
		}
	}
	return nil
}

// AddOrganization adds an organization, or replaces the Organization
// object of an existing one, from raw, a JSON Organization object with at
// least organization_id (organization_slug and organization_external_id are
// used for lookups when present). It is stored and served byte for byte.
func (f *Fake) AddOrganization(raw json.RawMessage) error {
	var p struct {
		ID         string `json:"organization_id"`
		Slug       string `json:"organization_slug"`
		ExternalID string `json:"organization_external_id"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if o := f.b2b.orgLocked(p.ID); o != nil && o.id == p.ID {
		o.raw, o.slug, o.externalID = bytes.Clone(raw), p.Slug, p.ExternalID
		return nil
	}
	f.b2b.orgs = append(f.b2b.orgs, &organization{id: p.ID, slug: p.Slug, externalID: p.ExternalID, raw: bytes.Clone(raw)})
	return nil
}

// AddMember adds a member, or replaces the Member object of an existing
// one, from raw, a JSON Member object with at least organization_id (an
// organization already added) and member_id, and gives it exactly the
// given raw member sessions. Sessions are served byte for byte while their
// expires_at lies in the future.
func (f *Fake) AddMember(raw json.RawMessage, sessions ...json.RawMessage) error {
	var p struct {
		OrgID      string `json:"organization_id"`
		ID         string `json:"member_id"`
		Email      string `json:"email_address"`
		ExternalID string `json:"external_id"`
		Status     string `json:"status"`
		Phone      string `json:"mfa_phone_number"`
		Breakglass bool   `json:"is_breakglass"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.b2b.orgLocked(p.OrgID)
	if o == nil || o.id != p.OrgID {
		return &unknownOrgError{p.OrgID}
	}
	m := &member{orgID: p.OrgID, id: p.ID, email: p.Email, externalID: p.ExternalID, status: p.Status,
		phone: p.Phone, breakglass: p.Breakglass, raw: bytes.Clone(raw)}
	for _, s := range sessions {
		m.sessions = append(m.sessions, newStoredSession(s))
	}
	for i, old := range o.members {
		if old.id == p.ID {
			o.members[i] = m
			return nil
		}
	}
	o.members = append(o.members, m)
	return nil
}

type unknownOrgError struct{ id string }

func (e *unknownOrgError) Error() string { return "apitest: unknown organization " + e.id }

// MemberSessions returns copies of every session stored for a member (by
// member_id, in any organization), expired ones included, or nil.
func (f *Fake) MemberSessions(memberID string) []json.RawMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.b2b.memberAnywhereLocked(memberID)
	if m == nil {
		return nil
	}
	out := make([]json.RawMessage, len(m.sessions))
	for i, s := range m.sessions {
		out[i] = bytes.Clone(s.raw)
	}
	return out
}
