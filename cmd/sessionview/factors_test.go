package sessionview

import (
	"slices"
	"testing"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/authfactor"
)

// TestFactorWordsCoverTheVocabulary: every delivery method Stytch documents
// reads as words, not as the method itself, and every method given words
// here is a documented one, so the words cannot drift from the vocabulary.
func TestFactorWordsCoverTheVocabulary(t *testing.T) {
	for _, dm := range authfactor.DeliveryMethods() {
		if w := FactorWords(api.Factor{DeliveryMethod: dm}); w == dm || w == "" {
			t.Errorf("delivery method %q has no words: %q", dm, w)
		}
	}
	for dm := range methodWords {
		if !slices.Contains(authfactor.DeliveryMethods(), dm) {
			t.Errorf("methodWords names %q, which Stytch does not document", dm)
		}
	}
}

func TestFactorWords(t *testing.T) {
	for _, tc := range []struct {
		f    api.Factor
		want string
	}{
		{api.Factor{Type: "oauth", DeliveryMethod: "oauth_gitlab"}, "GitLab OAuth"},
		{api.Factor{Type: "oauth", DeliveryMethod: "oauth_exchange_hubspot"}, "HubSpot OAuth exchange"},
		{api.Factor{Type: "oauth", DeliveryMethod: "oauth_futurebook"}, "Futurebook OAuth"},
		{api.Factor{Type: "email_otp", DeliveryMethod: "email"}, "Email OTP"},
		{api.Factor{Type: "magic_link", DeliveryMethod: "email"}, "Email magic link"},
		{api.Factor{Type: "impersonated", DeliveryMethod: "impersonation", Detail: []byte(`{"impersonator_email_address":"a@example.com"}`)}, "Impersonated by a@example.com"},
		{api.Factor{Type: "quantum", DeliveryMethod: "teleport"}, "quantum (teleport)"},
		{api.Factor{}, "unknown factor"},
	} {
		if got := FactorWords(tc.f); got != tc.want {
			t.Errorf("FactorWords(%+v) = %q, want %q", tc.f, got, tc.want)
		}
	}
}
