package apitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// userProfile is a user's full User object (REFERENCE.md §4.3), stored raw
// and served byte for byte, plus what search filters on.
type userProfile struct {
	raw json.RawMessage
	idx userIndex
}

// userIndex is the part of a User object that search filters read.
type userIndex struct {
	UserID     string `json:"user_id"`
	ExternalID string `json:"external_id"`
	Status     string `json:"status"`
	Name       *struct {
		First  string `json:"first_name"`
		Middle string `json:"middle_name"`
		Last   string `json:"last_name"`
	} `json:"name"`
	Emails    []userEmail     `json:"emails"`
	Phones    []userPhone     `json:"phone_numbers"`
	WebAuthn  []userWebAuthn  `json:"webauthn_registrations"`
	Providers []userProvider  `json:"providers"`
	TOTPs     []userTOTP      `json:"totps"`
	Wallets   []userWallet    `json:"crypto_wallets"`
	CreatedAt string          `json:"created_at"`
	Password  json.RawMessage `json:"password"`

	created time.Time // CreatedAt parsed; zero when missing
}

// The entries of a User object's lists that search filters read.
type (
	userEmail struct {
		ID       string `json:"email_id"`
		Email    string `json:"email"`
		Verified bool   `json:"verified"`
	}
	userPhone struct {
		ID       string `json:"phone_id"`
		Number   string `json:"phone_number"`
		Verified bool   `json:"verified"`
	}
	userWebAuthn struct {
		ID       string `json:"webauthn_registration_id"`
		Verified bool   `json:"verified"`
	}
	userProvider struct {
		Type string `json:"provider_type"`
	}
	userTOTP struct {
		ID       string `json:"totp_id"`
		Verified bool   `json:"verified"`
	}
	userWallet struct {
		ID       string `json:"crypto_wallet_id"`
		Address  string `json:"crypto_wallet_address"`
		Verified bool   `json:"verified"`
	}
)

// fullName is "first middle last" without empty parts.
func (x *userIndex) fullName() string {
	if x.Name == nil {
		return ""
	}
	return strings.Join(strings.Fields(x.Name.First+" "+x.Name.Middle+" "+x.Name.Last), " ")
}

// hasPassword reports a password object that is not null.
func (x *userIndex) hasPassword() bool {
	p := bytes.TrimSpace(x.Password)
	return len(p) > 0 && !bytes.Equal(p, []byte("null"))
}

// newUserProfile indexes raw, a JSON User object.
func newUserProfile(raw json.RawMessage) (*userProfile, error) {
	p := &userProfile{raw: bytes.Clone(raw)}
	if err := json.Unmarshal(raw, &p.idx); err != nil {
		return nil, fmt.Errorf("user object: %w", err)
	}
	if p.idx.UserID == "" {
		return nil, fmt.Errorf("user object has no user_id")
	}
	if p.idx.CreatedAt != "" {
		t, err := time.Parse(time.RFC3339Nano, p.idx.CreatedAt)
		if err != nil {
			return nil, fmt.Errorf("user %s: created_at: %w", p.idx.UserID, err)
		}
		p.idx.created = t
	}
	return p, nil
}

// SetUserProfile stores raw, a full JSON User object (REFERENCE.md §4.3,
// without request_id and status_code), as what GET /v1/users/{id} and user
// search return for the user named by its user_id. The object is served
// byte for byte. The user is created, without sessions, if it does not
// exist, and a non-empty external_id in the object becomes the user's
// external ID. A user without a stored profile is served a minimal one.
func (f *Fake) SetUserProfile(raw json.RawMessage) error {
	p, err := newUserProfile(raw)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.setProfileLocked(p)
	return nil
}

func (f *Fake) setProfileLocked(p *userProfile) {
	u := f.ensureUserLocked(p.idx.UserID)
	if ext := p.idx.ExternalID; ext != "" && ext != u.externalID {
		if u.externalID != "" {
			delete(f.external, u.externalID)
		}
		if prev, ok := f.external[ext]; ok && prev != u.id {
			f.users[prev].externalID = ""
		}
		u.externalID = ext
		f.external[ext] = u.id
	}
	f.profiles[u.id] = p
}

// UserObject returns the User object the fake serves for a user_id or
// external_id (without request_id and status_code), or nil for an unknown
// user.
func (f *Fake) UserObject(userOrExternalID string) json.RawMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.lookupLocked(userOrExternalID)
	if u == nil {
		return nil
	}
	return bytes.Clone(f.profileLocked(u).raw)
}

// profileLocked returns u's stored profile, or a minimal one built from its
// IDs for users added without a profile (AddUser, AddSyntheticSessions).
func (f *Fake) profileLocked(u *user) *userProfile {
	if p := f.profiles[u.id]; p != nil {
		return p
	}
	p, err := newUserProfile(userObject(userSpec{
		id:         u.id,
		externalID: u.externalID,
		status:     "active",
		roles:      []string{"stytch_user"},
		created:    newClock(f.now()).at(-day),
	}))
	if err != nil {
		panic("apitest: minimal user object: " + err.Error())
	}
	return p
}

// Specs of the parts of a seeded User object.
type (
	emailSpec struct {
		id, address string
		verified    bool
	}
	phoneSpec struct {
		id, number string
		verified   bool
	}
	passkeySpec struct {
		id, domain, userAgent, authenticatorType, name string
		verified                                       bool
	}
	providerSpec struct {
		providerType, subject, pictureURL, locale, registrationID string
	}
	totpSpec struct {
		id       string
		verified bool
	}
	walletSpec struct {
		id, address, walletType string
		verified                bool
	}
	passwordSpec struct {
		id            string
		requiresReset bool
	}
)

// userSpec describes one seeded User object.
type userSpec struct {
	id, externalID, status  string
	first, middle, last     string
	noName                  bool // leave out the optional name key
	emails                  []emailSpec
	phones                  []phoneSpec
	passkeys                []passkeySpec
	providers               []providerSpec
	totps                   []totpSpec
	wallets                 []walletSpec
	biometrics              []totpSpec // biometric_registration_id + verified
	locked                  bool
	lockCreated, lockExpire string // "" encodes null
	roles                   []string
	created                 string
	password                *passwordSpec // nil encodes null
	trusted, untrusted      object        // nil encodes {}
}

// userObject encodes s with the field order of examples/users_get_200.json.
func userObject(s userSpec) json.RawMessage {
	emails := make([]object, 0, len(s.emails))
	for _, e := range s.emails {
		emails = append(emails, object{{"email_id", e.id}, {"email", e.address}, {"verified", e.verified}})
	}
	phones := make([]object, 0, len(s.phones))
	for _, p := range s.phones {
		phones = append(phones, object{{"phone_id", p.id}, {"phone_number", p.number}, {"verified", p.verified}})
	}
	passkeys := make([]object, 0, len(s.passkeys))
	for _, p := range s.passkeys {
		passkeys = append(passkeys, object{
			{"webauthn_registration_id", p.id}, {"domain", p.domain}, {"user_agent", p.userAgent},
			{"verified", p.verified}, {"authenticator_type", p.authenticatorType}, {"name", p.name},
		})
	}
	providers := make([]object, 0, len(s.providers))
	for _, p := range s.providers {
		providers = append(providers, object{
			{"provider_type", p.providerType}, {"provider_subject", p.subject},
			{"profile_picture_url", p.pictureURL}, {"locale", p.locale},
			{"oauth_user_registration_id", p.registrationID},
		})
	}
	totps := make([]object, 0, len(s.totps))
	for _, t := range s.totps {
		totps = append(totps, object{{"totp_id", t.id}, {"verified", t.verified}})
	}
	wallets := make([]object, 0, len(s.wallets))
	for _, w := range s.wallets {
		wallets = append(wallets, object{
			{"crypto_wallet_id", w.id}, {"crypto_wallet_address", w.address},
			{"crypto_wallet_type", w.walletType}, {"verified", w.verified},
		})
	}
	bios := make([]object, 0, len(s.biometrics))
	for _, b := range s.biometrics {
		bios = append(bios, object{{"biometric_registration_id", b.id}, {"verified", b.verified}})
	}
	roles := s.roles
	if roles == nil {
		roles = []string{}
	}
	o := object{
		{"user_id", s.id},
		{"emails", emails},
		{"status", s.status},
		{"phone_numbers", phones},
		{"webauthn_registrations", passkeys},
		{"providers", providers},
		{"totps", totps},
		{"crypto_wallets", wallets},
		{"biometric_registrations", bios},
		{"is_locked", s.locked},
		{"roles", roles},
	}
	if !s.noName {
		o = append(o, field{"name", object{{"first_name", s.first}, {"middle_name", s.middle}, {"last_name", s.last}}})
	}
	o = append(o, field{"created_at", s.created})
	if s.password != nil {
		o = append(o, field{"password", object{{"password_id", s.password.id}, {"requires_reset", s.password.requiresReset}}})
	} else {
		o = append(o, field{"password", nil})
	}
	trusted, untrusted := s.trusted, s.untrusted
	if trusted == nil {
		trusted = object{}
	}
	if untrusted == nil {
		untrusted = object{}
	}
	o = append(o,
		field{"trusted_metadata", trusted},
		field{"untrusted_metadata", untrusted},
		field{"external_id", s.externalID},
		field{"lock_created_at", nullable(s.lockCreated)},
		field{"lock_expires_at", nullable(s.lockExpire)},
	)
	return mustRaw(o)
}

// nullable encodes "" as JSON null.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// seedProfiles stores the User objects of the demo users and the generated
// users (see [GeneratedUsers]). Called by New.
func (f *Fake) seedProfiles(now time.Time) {
	c := newClock(now)
	specs := append(demoProfiles(c), generatedUsers(c)...)
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range specs {
		p, err := newUserProfile(userObject(s))
		if err != nil {
			panic("apitest: seed user: " + err.Error())
		}
		f.setProfileLocked(p)
	}
}
