// Package authfactor is the authentication factor vocabulary of Stytch's
// API (REFERENCE.md §3.7) in one place: the documented factor types,
// delivery methods and sub-object keys, and how an OAuth delivery method
// names its provider. Completion, the words sessions are shown in, the
// decoder and the fake's seed data all read it here.
//
// The lists are what Stytch documents, not what is allowed: Stytch adds to
// every set over time, and api.Factor keeps an unknown type, delivery
// method or sub-object as it came. The package imports nothing of the
// project, so both api and api/apitest can use it.
package authfactor

import "strings"

// Types returns the factor types Stytch documents, in its order.
func Types() []string {
	return []string{
		"magic_link", "otp", "oauth", "webauthn", "totp", "crypto", "password",
		"signature_challenge", "sso", "imported", "recovery_codes", "email_otp",
		"impersonated", "trusted_auth_token",
	}
}

// DeliveryMethods returns the delivery methods Stytch documents, in its
// order. OAuth methods are "oauth_<provider>" and "oauth_exchange_<provider>"
// (see OAuthProvider).
func DeliveryMethods() []string {
	return []string{
		"email", "sms", "whatsapp", "embedded", "oauth_google", "oauth_microsoft",
		"oauth_apple", "webauthn_registration", "authenticator_app", "oauth_github",
		"recovery_code", "oauth_facebook", "crypto_wallet", "oauth_amazon",
		"oauth_bitbucket", "oauth_coinbase", "oauth_discord", "oauth_figma",
		"oauth_gitlab", "oauth_instagram", "oauth_linkedin", "oauth_shopify",
		"oauth_slack", "oauth_snapchat", "oauth_spotify", "oauth_steam",
		"oauth_tiktok", "oauth_twitch", "oauth_twitter", "knowledge", "biometric",
		"sso_saml", "sso_oidc", "oauth_salesforce", "oauth_yahoo", "oauth_hubspot",
		"imported_auth0", "oauth_exchange_slack", "oauth_exchange_hubspot",
		"oauth_exchange_github", "oauth_exchange_google", "impersonation",
		"oauth_access_token_exchange", "trusted_token_exchange",
	}
}

// DetailSuffix ends the key of a factor's type-specific sub-object
// ("email_factor", "google_oauth_factor"); api.Factor.Kind is such a key.
const DetailSuffix = "_factor"

// DetailKeys returns the sub-object keys Stytch documents, in its order.
// Each ends in DetailSuffix; a factor has at most one.
func DetailKeys() []string {
	return []string{
		"email_factor", "phone_number_factor",
		"google_oauth_factor", "microsoft_oauth_factor", "apple_oauth_factor",
		"github_oauth_factor", "facebook_oauth_factor", "amazon_oauth_factor",
		"bitbucket_oauth_factor", "coinbase_oauth_factor", "discord_oauth_factor",
		"figma_oauth_factor", "git_lab_oauth_factor", "instagram_oauth_factor",
		"linked_in_oauth_factor", "shopify_oauth_factor", "slack_oauth_factor",
		"snapchat_oauth_factor", "spotify_oauth_factor", "steam_oauth_factor",
		"tik_tok_oauth_factor", "twitch_oauth_factor", "twitter_oauth_factor",
		"salesforce_oauth_factor", "yahoo_oauth_factor", "hubspot_oauth_factor",
		"slack_oauth_exchange_factor", "hubspot_oauth_exchange_factor",
		"github_oauth_exchange_factor", "google_oauth_exchange_factor",
		"webauthn_factor", "biometric_factor", "authenticator_app_factor",
		"recovery_code_factor", "crypto_wallet_factor",
		"embeddable_magic_link_factor", "saml_sso_factor", "oidc_sso_factor",
		"impersonated_factor", "oauth_access_token_exchange_factor",
		"trusted_auth_token_factor",
	}
}

// IsCommonKey reports whether key is a field any factor may carry (type,
// delivery_method and its times) rather than its type-specific sub-object.
func IsCommonKey(key string) bool {
	switch key {
	case "type", "delivery_method", "last_authenticated_at", "created_at", "updated_at":
		return true
	}
	return false
}

// OAuthProvider returns the provider slug of an OAuth delivery method
// ("oauth_google" → "google"; "oauth_exchange_slack" → "slack" with
// exchange set), or "" for any other method, oauth_access_token_exchange
// included.
func OAuthProvider(deliveryMethod string) (provider string, exchange bool) {
	switch {
	case deliveryMethod == "oauth_access_token_exchange":
		return "", false
	case strings.HasPrefix(deliveryMethod, "oauth_exchange_"):
		return strings.TrimPrefix(deliveryMethod, "oauth_exchange_"), true
	case strings.HasPrefix(deliveryMethod, "oauth_"):
		return strings.TrimPrefix(deliveryMethod, "oauth_"), false
	}
	return "", false
}

// ProviderName spells a provider slug as Stytch's provider_type and the
// providers themselves do ("gitlab" → "GitLab", "google" → "Google"): a
// few by name, any other capitalised. It returns "" for "".
func ProviderName(slug string) string {
	switch slug {
	case "":
		return ""
	case "github":
		return "GitHub"
	case "gitlab":
		return "GitLab"
	case "linkedin":
		return "LinkedIn"
	case "tiktok":
		return "TikTok"
	case "hubspot":
		return "HubSpot"
	case "youtube":
		return "YouTube"
	}
	return strings.ToUpper(slug[:1]) + slug[1:]
}
