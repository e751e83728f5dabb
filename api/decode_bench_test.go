package api

import (
	"context"
	"net/http"
	"testing"

	segjson "github.com/segmentio/encoding/json"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// syntheticBody is the fake's answer for a user with n synthetic sessions.
func syntheticBody(tb testing.TB, n int) []byte {
	tb.Helper()
	fake := apitest.New(apitest.Options{})
	const user = "user-test-bbbbbbbb-0000-4000-8000-000000000005"
	fake.AddSyntheticSessions(user, n)
	c, err := New(Config{BaseURL: "http://fake.invalid", ProjectID: apitest.ProjectID, Secret: apitest.Secret,
		HTTPClient: &http.Client{Transport: fake.Transport()}})
	if err != nil {
		tb.Fatal(err)
	}
	body, err := c.GetSessionsRaw(context.Background(), user)
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

// BenchmarkDecodeSessions5000 measures validating and decoding 5,000
// sessions the way GetSessions does.
func BenchmarkDecodeSessions5000(b *testing.B) {
	body := syntheticBody(b, 5000)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if s, _, valid, err := decodeSessions(body); !valid || err != nil || len(s) != 5000 {
			b.Fatalf("%d sessions, valid %v, %v", len(s), valid, err)
		}
	}
}

// BenchmarkCheckSessionsBody5000 measures what GetSessionsRaw checks of a
// body it passes through: valid JSON and the sessions shape, no decoding.
// Compare with BenchmarkValidJSON5000, the validation it replaced.
func BenchmarkCheckSessionsBody5000(b *testing.B) {
	body := syntheticBody(b, 5000)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if valid, err := checkSessionsBody(body); !valid || err != nil {
			b.Fatalf("valid %v, %v", valid, err)
		}
	}
}

// BenchmarkValidJSON5000 is segjson.Valid over the same body.
func BenchmarkValidJSON5000(b *testing.B) {
	body := syntheticBody(b, 5000)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if !segjson.Valid(body) {
			b.Fatal("invalid")
		}
	}
}
