package api

import (
	"strings"
	"testing"
)

func TestNestsDeeper(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want bool
	}{
		{`[[1]]`, 2, false},
		{`[[[1]]]`, 2, true},
		{`{"a":{"b":[]}}`, 3, false},
		{`{"a":{"b":[{}]}}`, 3, true},
		{`["[[[[", "{{{{"]`, 1, false},
		{`["\"[[[[", "\\", [[]]]`, 2, true},
		{`["\\\"[[[["]`, 1, false},
		{`"unterminated [[[[`, 1, false},
		{strings.Repeat("[", 1<<20), MaxNesting, true},
	} {
		if got := nestsDeeper([]byte(c.in), c.max); got != c.want {
			t.Errorf("nestsDeeper(%.40q, %d) = %v, want %v", c.in, c.max, got, c.want)
		}
	}
}

func BenchmarkNestsDeeper(b *testing.B) {
	body := []byte(`{"request_id":"r","sessions":[` + strings.TrimSuffix(strings.Repeat(`{"session_id":"session-test-00000000-0000-4000-8000-000000000001","attributes":{"ip_address":"198.51.100.7","user_agent":"Mozilla/5.0 (X11; Linux x86_64) Firefox/127.0"},"authentication_factors":[{"type":"email","delivery_method":"email"}]},`, 5000), ",") + `]}`)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if nestsDeeper(body, MaxNesting) {
			b.Fatal("deep")
		}
	}
}
