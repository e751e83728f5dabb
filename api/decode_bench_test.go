package api

import (
	"context"
	"net/http"
	"testing"

	segjson "github.com/segmentio/encoding/json"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// BenchmarkDecodeEach5000 measures the per-session decoding of the parallel
// path on one goroutine: the tokenReader over each of 5,000 sessions whose
// bytes the outline pass has already cut out.
func BenchmarkDecodeEach5000(b *testing.B) {
	fake := apitest.New(apitest.Options{})
	const user = "user-test-bbbbbbbb-0000-4000-8000-000000000005"
	fake.AddSyntheticSessions(user, 5000)
	c, err := New(Config{BaseURL: "http://fake.invalid", ProjectID: apitest.ProjectID, Secret: apitest.Secret,
		HTTPClient: &http.Client{Transport: fake.Transport()}})
	if err != nil {
		b.Fatal(err)
	}
	body, err := c.GetSessionsRaw(context.Background(), user)
	if err != nil {
		b.Fatal(err)
	}
	var outline sessionsElements
	if _, err := segjson.Parse(body, &outline, segjson.ZeroCopy); err != nil || len(outline.Sessions) != 5000 {
		b.Fatalf("outline: %v", err)
	}
	out := make([]Session, len(outline.Sessions))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		decodeEach(outline.Sessions, out)
	}
}
