package api

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestScrubberMasksEveryEcho: every echo of the credentials, alone, in
// text or inside a JSON string, is masked whole, and the JSON stays valid.
func TestScrubberMasksEveryEcho(t *testing.T) {
	for _, creds := range [][2]string{{apitest.ProjectID, apitest.Secret}, {"project-test-11111111-2222-4333-8444-555555555555", "secret-test-Q?>~j_x9K1+/=Lr7zz-wQ~?>mPp0aZ"}} {
		s := NewScrubber(creds[0], creds[1])
		needles := apitest.LeakNeedles(creds[0], creds[1])
		for name, echo := range apitest.CredentialEchoes(creds[0], creds[1]) {
			if got := s.String(echo); strings.Trim(got, "*") != "" && apitest.FindLeak(got, needles) != "" {
				t.Errorf("%s: String(%q) = %q", name, echo, got)
			}
			text := `{"m":"denied: ` + echo + ` (again: ` + echo + `)"}`
			got := s.Bytes([]byte(text))
			if n := apitest.FindLeak(string(got), needles); n != "" || strings.Count(string(got), Masked) != 2 {
				t.Errorf("%s: Bytes(%s) = %s", name, text, got)
			}
			var v struct{ M string }
			if err := json.Unmarshal(got, &v); err != nil || apitest.FindLeak(v.M, needles) != "" {
				t.Errorf("%s: scrubbed JSON %s decodes to %q, %v", name, got, v.M, err)
			}
		}
	}
}

// TestScrubberKeepsJSONValid: a credential right after a backslash that
// escapes its first character is masked with the backslash, so that the
// JSON string stays valid.
func TestScrubberKeepsJSONValid(t *testing.T) {
	s := NewScrubber("project-test-x", "nSECRET-0123456789abcdef")
	for in, want := range map[string]string{
		`{"m":"\nSECRET-0123456789abcdef"}`:      `{"m":"****"}`,
		`{"m":"\\nSECRET-0123456789abcdef"}`:     `{"m":"\\****"}`,
		`{"m":"\\\nSECRET-0123456789abcdef"}`:    `{"m":"\\****"}`,
		`{"m":"\\u006eSECRET-0123456789abcdef"}`: `{"m":"****"}`,
	} {
		got := s.String(in)
		if got != want || !json.Valid([]byte(got)) {
			t.Errorf("String(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestScrubberLeavesOtherTextAlone: text without a credential is returned
// as it is, the same slice, and a nil Scrubber masks nothing.
func TestScrubberLeavesOtherTextAlone(t *testing.T) {
	s := NewScrubber(apitest.ProjectID, apitest.Secret)
	text := []byte(`{"m":"secret-test-fake-00 %73%65 \u0073e &#115;e c2VjcmV0 ` + Masked + `"}`)
	if got := s.Bytes(text); &got[0] != &text[0] || string(got) != string(text) {
		t.Errorf("Bytes changed text without a credential: %s", got)
	}
	var none *Scrubber
	if none.String(apitest.Secret) != apitest.Secret || none.Reach() != 0 {
		t.Error("a nil Scrubber masks")
	}
	if NewScrubber(apitest.ProjectID, "") != nil {
		t.Error("a Scrubber without a secret")
	}
}

// FuzzScrubber: whatever surrounds an echo of the credentials, in any of
// its encodings, the scrubbed text shows none of them.
func FuzzScrubber(f *testing.F) {
	echoes := slices.Sorted(maps.Values(apitest.CredentialEchoes(apitest.ProjectID, apitest.Secret)))
	f.Add([]byte(`{"m":"`), []byte(`"}`), uint8(0))
	f.Add([]byte(`\`), []byte(`%3D`), uint8(3))
	f.Add([]byte(`secret-test-`), []byte(`\u003d`), uint8(7))
	s := NewScrubber(apitest.ProjectID, apitest.Secret)
	needles := apitest.LeakNeedles(apitest.ProjectID, apitest.Secret)
	f.Fuzz(func(t *testing.T, before, after []byte, which uint8) {
		text := string(before) + echoes[int(which)%len(echoes)] + string(after)
		if got := s.String(text); apitest.FindLeak(got, needles) != "" {
			t.Fatalf("String(%q) = %q", text, got)
		}
	})
}

// TestScrubberShortSecrets: a secret of one or two characters (tests use
// them) is masked wherever it is, the end of the text included.
func TestScrubberShortSecrets(t *testing.T) {
	for secret, want := range map[string]string{"x": "a****b ****", "xy": "axb ****"} {
		if got := NewScrubber("p", secret).String("axb " + secret); got != want {
			t.Errorf("secret %q: got %q, want %q", secret, got, want)
		}
	}
}
