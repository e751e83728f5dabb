package api

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
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
	text := []byte(`{"m":"secret-test-fak %73%65 \u0073e &#115;e c2VjcmV0 ` + Masked + `"}`)
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

// scrubBenchBody is a 5,000-session listing without a credential, the
// largest text a Scrubber sees every day (a --debug trace, an error).
func scrubBenchBody() []byte {
	var b strings.Builder
	b.WriteString(`{"request_id":"request-id-test-x","sessions":[`)
	for i := range 5000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"session_id":"session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14","user_id":"user-test-00000000-0000-4000-8000-000000000001","attributes":{"ip_address":"198.51.100.7","user_agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"},"authentication_factors":[{"type":"magic_link","delivery_method":"email","email_factor":{"email_id":"email-test-81bf03a8","email_address":"alice.nakamura@example.com"}}],"started_at":"2026-06-01T10:00:00Z","custom_claims":{"note":"caf\u00e9 \/ 100% & more"}}`)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// BenchmarkScrubber scrubs it with the tests' secret (zeros, like the
// IDs in the body: the worst case) and with a secret of mixed characters
// like a real one.
func BenchmarkScrubber(b *testing.B) {
	for name, secret := range map[string]string{"zeros": apitest.Secret, "mixed": "secret-test-AbCdEfGhIjKlMnOpQrStUvWxYz0123456="} {
		b.Run(name, func(b *testing.B) {
			s := NewScrubber(apitest.ProjectID, secret)
			body := scrubBenchBody()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, found := scrub(s, body); found {
					b.Fatal("found a credential")
				}
			}
		})
	}
}

// TestScrubberMasksPartsAndOtherEncodings: the secret in hex (either
// case) or percent-encoded twice, and any run of 16 or more characters of
// the secret or of its base64 and Basic forms (an echo cut at either end)
// is masked whole: nothing of it is left on either side of the mask.
func TestScrubberMasksPartsAndOtherEncodings(t *testing.T) {
	p, secret := apitest.ProjectID, apitest.Secret
	basic := base64.StdEncoding.EncodeToString([]byte(p + ":" + secret))
	b64 := base64.RawURLEncoding.EncodeToString([]byte(secret))
	doublePct := strings.ReplaceAll(url.QueryEscape(secret), "%", "%25")
	for name, echo := range map[string]string{
		"hex":                       hex.EncodeToString([]byte(secret)),
		"HEX":                       strings.ToUpper(hex.EncodeToString([]byte(secret))),
		"double percent":            doublePct,
		"double percent each":       strings.ReplaceAll(escapeEachByte(secret), "%", "%25"),
		"secret minus its last":     secret[:len(secret)-1],
		"secret minus its first":    secret[1:],
		"16 of the secret":          secret[10:26],
		"Basic cut":                 basic[:len(basic)-7],
		"Basic from the middle":     basic[30:70],
		"base64url secret cut":      b64[3 : len(b64)-2],
		"hex cut":                   hex.EncodeToString([]byte(secret))[5:40],
		`JSON \u secret cut`:        escapeEachUnicode(secret[2:30]),
		"double percent, cut start": doublePct[3:],
	} {
		s := NewScrubber(p, secret)
		if got := s.String(echo); got != Masked {
			t.Errorf("%s: String(%q) = %q, want %q", name, echo, got, Masked)
		}
		text := `{"m":"denied: ` + echo + ` (again: ` + echo + `)"}`
		if got, want := s.String(text), `{"m":"denied: `+Masked+` (again: `+Masked+`)"}`; got != want {
			t.Errorf("%s: String(%s) = %s", name, text, got)
		}
	}
	// Fewer than 16 characters are not a credential's: ordinary text.
	short := NewScrubber(p, secret).String(secret[12:27])
	if short != secret[12:27] {
		t.Errorf("15 characters of the secret were masked: %q", short)
	}
}

func escapeEachByte(s string) string {
	var b strings.Builder
	for i := range len(s) {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}

func escapeEachUnicode(s string) string {
	var b strings.Builder
	for i := range len(s) {
		fmt.Fprintf(&b, `\u%04x`, s[i])
	}
	return b.String()
}
