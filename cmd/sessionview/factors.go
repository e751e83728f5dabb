// Package sessionview turns Stytch sessions into what people read: factors
// in words, a short device name from the user agent, and the table columns
// that the session commands share.
package sessionview

import (
	"encoding/json"
	"strings"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/authfactor"
)

// methodWords names delivery methods that are not OAuth providers.
var methodWords = map[string]string{
	"email":                       "Email magic link",
	"sms":                         "SMS OTP",
	"whatsapp":                    "WhatsApp OTP",
	"embedded":                    "Embedded magic link",
	"webauthn_registration":       "Passkey",
	"authenticator_app":           "TOTP",
	"recovery_code":               "Recovery code",
	"crypto_wallet":               "Crypto wallet",
	"knowledge":                   "Password",
	"biometric":                   "Biometric",
	"sso_saml":                    "SAML SSO",
	"sso_oidc":                    "OIDC SSO",
	"imported_auth0":              "Imported from Auth0",
	"impersonation":               "Impersonated",
	"oauth_access_token_exchange": "Access token exchange",
	"trusted_token_exchange":      "Trusted auth token",
}

// usesDetail reports whether FactorWords reads the factor's sub-object
// (the impersonator's name); every other factor's words depend on its
// Type and DeliveryMethod alone, which Rows relies on to cache them.
func usesDetail(f api.Factor) bool { return f.DeliveryMethod == "impersonation" }

// FactorWords describes one factor in a few words, e.g. "Google OAuth",
// "TOTP", "SMS OTP" or "Impersonated by admin@example.com". Unknown types
// and delivery methods are shown as they came, never dropped.
func FactorWords(f api.Factor) string {
	dm := f.DeliveryMethod
	if p, exchange := authfactor.OAuthProvider(dm); p != "" {
		if exchange {
			return authfactor.ProviderName(p) + " OAuth exchange"
		}
		return authfactor.ProviderName(p) + " OAuth"
	}
	switch {
	case dm == "email" && (f.Type == "email_otp" || f.Type == "otp"):
		return "Email OTP"
	case usesDetail(f):
		var d struct {
			Email string `json:"impersonator_email_address"`
			ID    string `json:"impersonator_id"`
		}
		_ = json.Unmarshal(f.Detail, &d) // a missing or odd detail leaves the plain label
		switch {
		case d.Email != "":
			return "Impersonated by " + d.Email
		case d.ID != "":
			return "Impersonated by " + d.ID
		}
		return "Impersonated"
	}
	if w, ok := methodWords[dm]; ok {
		return w
	}
	switch {
	case f.Type == "" && dm == "":
		return "unknown factor"
	case dm == "":
		return f.Type
	case f.Type == "":
		return dm
	}
	return f.Type + " (" + dm + ")"
}

// Factors describes every factor of a session, joined with " + " in the
// order Stytch lists them ("Google OAuth + TOTP").
func Factors(fs []api.Factor) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = FactorWords(f)
	}
	return strings.Join(parts, " + ")
}
