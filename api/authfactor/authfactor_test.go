package authfactor_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/authfactor"
)

// TestFactorVocabulary: the documented sets are as long as REFERENCE.md
// §3.7's and hold no value twice; every sub-object key ends in the suffix
// the decoder looks for and is not a common factor field.
func TestFactorVocabulary(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  []string
		want int
	}{
		{"types", authfactor.Types(), 14},
		{"delivery methods", authfactor.DeliveryMethods(), 44},
		{"sub-object keys", authfactor.DetailKeys(), 41},
	} {
		sorted := slices.Clone(tc.got)
		slices.Sort(sorted)
		if len(tc.got) != tc.want || len(slices.Compact(sorted)) != tc.want {
			t.Errorf("%s: %d values (distinct or not), REFERENCE has %d", tc.name, len(tc.got), tc.want)
		}
	}
	for _, k := range authfactor.DetailKeys() {
		if !strings.HasSuffix(k, authfactor.DetailSuffix) || authfactor.IsCommonKey(k) {
			t.Errorf("sub-object key %q", k)
		}
	}
	for _, k := range []string{"type", "delivery_method", "last_authenticated_at", "created_at", "updated_at"} {
		if !authfactor.IsCommonKey(k) {
			t.Errorf("%q is a common factor field", k)
		}
	}
}

func TestOAuthProvider(t *testing.T) {
	for _, tc := range []struct {
		method, provider, name string
		exchange               bool
	}{
		{"oauth_google", "google", "Google", false},
		{"oauth_gitlab", "gitlab", "GitLab", false},
		{"oauth_exchange_hubspot", "hubspot", "HubSpot", true},
		{"oauth_futurebook", "futurebook", "Futurebook", false},
		{"oauth_access_token_exchange", "", "", false},
		{"email", "", "", false},
		{"", "", "", false},
	} {
		p, exchange := authfactor.OAuthProvider(tc.method)
		if p != tc.provider || exchange != tc.exchange || authfactor.ProviderName(p) != tc.name {
			t.Errorf("OAuthProvider(%q) = %q, %v (%q); want %q, %v (%q)", tc.method, p, exchange, authfactor.ProviderName(p), tc.provider, tc.exchange, tc.name)
		}
	}
	// Every documented OAuth method names a provider.
	for _, m := range authfactor.DeliveryMethods() {
		if p, _ := authfactor.OAuthProvider(m); strings.HasPrefix(m, "oauth_") && m != "oauth_access_token_exchange" && p == "" {
			t.Errorf("%q names no provider", m)
		}
	}
}
