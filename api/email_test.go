package api_test

import (
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api"
)

func TestValidateEmail(t *testing.T) {
	good := []string{
		"alice@example.com",
		"alice.nakamura+stytch@example.co.uk",
		"o'brien@example.ie",
		"x@sub.domain.example",
		"用户@例子.广告",
		strings.Repeat("a", 64) + "@" + strings.Repeat("b", 180) + ".example",
	}
	for _, s := range good {
		if err := api.ValidateEmail(s); err != nil {
			t.Errorf("ValidateEmail(%q) = %v", s, err)
		}
	}
	bad := map[string]string{
		"":                             "empty",
		"alice":                        "not an email address",
		"alice@":                       "not an email address",
		"@example.com":                 "not an email address",
		"alice@@example.com":           "not an email address",
		"alice@localhost":              "no dot",
		"alice@example..com":           "not an email address",
		"alice@example.com.":           "not an email address",
		"alice@-example.com":           "'-'",
		"Alice <alice@example.com>":    "bare",
		"<alice@example.com>":          "bare",
		" alice@example.com":           "spaces",
		"alice@example.com\n":          "spaces",
		"alice example@example.com":    "not an email address",
		"alice@example.com, bob@x.com": "not an email address",
		strings.Repeat("a", 250) + "@example.com": "limit",
	}
	for s, want := range bad {
		err := api.ValidateEmail(s)
		if err == nil {
			t.Errorf("ValidateEmail(%q) accepted", s)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("ValidateEmail(%q) = %q, want it to mention %q", s, err, want)
		}
	}
}

func TestValidateEmailSaysWhatIsMissing(t *testing.T) {
	cases := map[string]string{
		"bad@":          "nothing follows the @",
		"@example.com":  "nothing comes before the @",
		"alice.example": "it has no @",
	}
	for in, want := range cases {
		if err := api.ValidateEmail(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ValidateEmail(%q) = %v, want an error saying %q", in, err, want)
		}
	}
}
