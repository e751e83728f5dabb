package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestWriteCompactJSON pins what a pipe gets of -o json: the document on
// one line, whitespace inside strings (escaped quotes and backslashes
// included) kept, and a compact document written as it is.
func TestWriteCompactJSON(t *testing.T) {
	cases := map[string]string{
		"{\n  \"a\": [1, 2],\n\t\"b\": \"x y\"\r\n}":                              `{"a":[1,2],"b":"x y"}`,
		`{"ua":"Mozilla/5.0 (X11; Linux)","q":"say \"hi there\" \\ ok","e":"\\"}`: `{"ua":"Mozilla/5.0 (X11; Linux)","q":"say \"hi there\" \\ ok","e":"\\"}`,
		`{"request_id":"r","sessions":[],"status_code":200}`:                      `{"request_id":"r","sessions":[],"status_code":200}`,
		`[ "\\\"", " a " , {} ]`:                                                  `["\\\""," a ",{}]`,
	}
	for in, want := range cases {
		var got bytes.Buffer
		if err := WriteCompactJSON(&got, []byte(in)); err != nil {
			t.Fatal(err)
		}
		if got.String() != want+"\n" {
			t.Errorf("WriteCompactJSON(%q) = %q, want %q", in, got.String(), want+"\n")
		}
	}
}

// FuzzWriteCompactJSON holds the one-scan compaction to encoding/json's
// Compact on every valid document.
func FuzzWriteCompactJSON(f *testing.F) {
	for _, s := range []string{`{"a": "b c", "d": [1, 2, {"e": "\"\\ "}]}`, "[\n 1,\t\"x\\\\\"\r\n]", `" "`, `{}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !json.Valid([]byte(s)) {
			return
		}
		var want, got bytes.Buffer
		if err := json.Compact(&want, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if err := WriteCompactJSON(&got, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if strings.TrimSuffix(got.String(), "\n") != want.String() {
			t.Errorf("WriteCompactJSON(%q) = %q, want %q", s, got.String(), want.String())
		}
	})
}

// BenchmarkWriteCompactJSON is -o json piped for a large, already compact
// answer: 5,000 sessions of about 900 bytes.
func BenchmarkWriteCompactJSON(b *testing.B) {
	session := `{"session_id":"session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14","user_id":"user-test-00000000-0000-4000-8000-000000000001","user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36","authentication_factors":[{"type":"magic_link","delivery_method":"email","last_authenticated_at":"2026-06-01T10:00:00Z","email_factor":{"email_id":"email-test-1","email_address":"alice@example.com"}}],"custom_claims":{"a b":"c d"}}`
	doc := []byte(`{"request_id":"r","sessions":[` + strings.Repeat(session+",", 4999) + session + `],"status_code":200}`)
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		if err := WriteCompactJSON(&bytes.Buffer{}, doc); err != nil {
			b.Fatal(err)
		}
	}
}
