package api

import (
	"context"
	"encoding/json"
	"time"
)

// User is the typed view of a consumer user (REFERENCE.md §4.3). Raw holds
// the object exactly as Stytch sent it; the typed fields are for tables and
// filters and are zero when Stytch left them out.
type User struct {
	Raw        json.RawMessage
	UserID     string
	ExternalID string
	// Status is "active" or "pending" (or "" as a third-party capture showed).
	Status                 string
	Name                   Name
	Emails                 []Email
	PhoneNumbers           []Phone
	WebAuthnRegistrations  []WebAuthnRegistration
	Providers              []OAuthProvider
	TOTPs                  []TOTP
	CryptoWallets          []CryptoWallet
	BiometricRegistrations []BiometricRegistration
	IsLocked               bool
	// Roles is nil when the object had no roles key.
	Roles     []string
	CreatedAt time.Time
	// Password is nil when the user has none (Stytch sends null).
	Password      *Password
	LockCreatedAt time.Time
	LockExpiresAt time.Time
}

// Name is a user's name; every part may be "".
type Name struct {
	FirstName  string `json:"first_name"`
	MiddleName string `json:"middle_name"`
	LastName   string `json:"last_name"`
}

// Full joins the non-empty parts with spaces.
func (n Name) Full() string {
	s := ""
	for _, p := range []string{n.FirstName, n.MiddleName, n.LastName} {
		if p == "" {
			continue
		}
		if s != "" {
			s += " "
		}
		s += p
	}
	return s
}

// Email is one of a user's email addresses.
type Email struct {
	EmailID  string `json:"email_id"`
	Email    string `json:"email"`
	Verified bool   `json:"verified"`
}

// Phone is one of a user's phone numbers (E.164).
type Phone struct {
	PhoneID     string `json:"phone_id"`
	PhoneNumber string `json:"phone_number"`
	Verified    bool   `json:"verified"`
}

// WebAuthnRegistration is a passkey or security key.
type WebAuthnRegistration struct {
	WebAuthnRegistrationID string `json:"webauthn_registration_id"`
	Domain                 string `json:"domain"`
	UserAgent              string `json:"user_agent"`
	Verified               bool   `json:"verified"`
	// AuthenticatorType is "platform", "cross-platform" or "".
	AuthenticatorType string `json:"authenticator_type"`
	Name              string `json:"name"`
}

// OAuthProvider is a linked OAuth identity. ProviderType is capitalised in
// real data ("Google", "Discord").
type OAuthProvider struct {
	ProviderType            string `json:"provider_type"`
	ProviderSubject         string `json:"provider_subject"`
	ProfilePictureURL       string `json:"profile_picture_url"`
	Locale                  string `json:"locale"`
	OAuthUserRegistrationID string `json:"oauth_user_registration_id"`
}

// TOTP is an authenticator app registration.
type TOTP struct {
	TOTPID   string `json:"totp_id"`
	Verified bool   `json:"verified"`
}

// CryptoWallet is a linked wallet.
type CryptoWallet struct {
	CryptoWalletID      string `json:"crypto_wallet_id"`
	CryptoWalletAddress string `json:"crypto_wallet_address"`
	CryptoWalletType    string `json:"crypto_wallet_type"`
	Verified            bool   `json:"verified"`
}

// BiometricRegistration is a mobile biometric key.
type BiometricRegistration struct {
	BiometricRegistrationID string `json:"biometric_registration_id"`
	Verified                bool   `json:"verified"`
}

// Password says that the user has a password.
type Password struct {
	PasswordID    string `json:"password_id"`
	RequiresReset bool   `json:"requires_reset"`
}

// wireUser is the subset of the user object decoded into User.
type wireUser struct {
	UserID                 string                  `json:"user_id"`
	ExternalID             string                  `json:"external_id"`
	Status                 string                  `json:"status"`
	Name                   *Name                   `json:"name"`
	Emails                 []Email                 `json:"emails"`
	PhoneNumbers           []Phone                 `json:"phone_numbers"`
	WebAuthnRegistrations  []WebAuthnRegistration  `json:"webauthn_registrations"`
	Providers              []OAuthProvider         `json:"providers"`
	TOTPs                  []TOTP                  `json:"totps"`
	CryptoWallets          []CryptoWallet          `json:"crypto_wallets"`
	BiometricRegistrations []BiometricRegistration `json:"biometric_registrations"`
	IsLocked               bool                    `json:"is_locked"`
	Roles                  []string                `json:"roles"`
	CreatedAt              string                  `json:"created_at"`
	Password               *Password               `json:"password"`
	LockCreatedAt          string                  `json:"lock_created_at"`
	LockExpiresAt          string                  `json:"lock_expires_at"`
}

// UnmarshalJSON decodes the typed view and keeps a copy of the raw object.
func (u *User) UnmarshalJSON(b []byte) error {
	var w wireUser
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*u = User{
		Raw:                    append(json.RawMessage(nil), b...),
		UserID:                 w.UserID,
		ExternalID:             w.ExternalID,
		Status:                 w.Status,
		Emails:                 w.Emails,
		PhoneNumbers:           w.PhoneNumbers,
		WebAuthnRegistrations:  w.WebAuthnRegistrations,
		Providers:              w.Providers,
		TOTPs:                  w.TOTPs,
		CryptoWallets:          w.CryptoWallets,
		BiometricRegistrations: w.BiometricRegistrations,
		IsLocked:               w.IsLocked,
		Roles:                  w.Roles,
		CreatedAt:              ParseTime(w.CreatedAt),
		Password:               w.Password,
		LockCreatedAt:          ParseTime(w.LockCreatedAt),
		LockExpiresAt:          ParseTime(w.LockExpiresAt),
	}
	if w.Name != nil {
		u.Name = *w.Name
	}
	return nil
}

// MarshalJSON writes the user exactly as Stytch sent it.
func (u User) MarshalJSON() ([]byte, error) {
	if u.Raw == nil {
		return []byte("null"), nil
	}
	return u.Raw, nil
}

// UserResponse is the answer of GET /v1/users/{id}. Stytch sends it flat
// (REFERENCE.md §4.1): the user's fields sit next to request_id and
// status_code, so User.Raw is the whole response, like Raw.
type UserResponse struct {
	// Raw is the response body exactly as Stytch sent it.
	Raw       json.RawMessage
	RequestID string
	User      User
}

// GetUser fetches one user (GET /v1/users/{id}). id may be a user ID or an
// external ID; it is path-escaped, so an external ID such as "auth0|abc"
// reaches Stytch intact. Errors are *Error: 400 invalid_user_id, 404
// user_not_found.
func (c *Client) GetUser(ctx context.Context, id string) (*UserResponse, error) {
	seg, err := pathSegment("user ID", id)
	if err != nil {
		return nil, err
	}
	body, err := c.do(ctx, request{method: "GET", path: "/v1/users/" + seg})
	if err != nil {
		return nil, err
	}
	var w struct {
		RequestID string `json:"request_id"`
	}
	var u User
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, listShapeError("user", body, err)
	}
	if err := json.Unmarshal(body, &u); err != nil {
		return nil, listShapeError("user", body, err)
	}
	if err := checkAnswerUserID(u.UserID); err != nil {
		return nil, listShapeError("user", body, err)
	}
	return &UserResponse{Raw: body, RequestID: w.RequestID, User: u}, nil
}

// shapeError reports a 200 whose JSON does not fit the documented shape.
func shapeError(what string, err error) error {
	return &ResponseError{StatusCode: 200, ContentType: "application/json",
		Reason: what + " response does not have the expected shape (" + shapeReason(err) + ")"}
}

// listShapeError is shapeError for an answer (a list of sessions, of
// search results, one user) whose body is not one: it names the Stytch
// error the body carries when it is an error document under a 200, so
// that its error_type and request_id stay visible.
func listShapeError(what string, body []byte, err error) error {
	if e := embeddedError(body); e != nil {
		return &ResponseError{StatusCode: 200, ContentType: "application/json",
			Reason: what + " response is a Stytch error, not the answer: " + e.Error()}
	}
	return shapeError(what, err)
}
