package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

// BenchmarkGetSessions5000 measures fetching (in-process, no network) and
// decoding one response of 5,000 sessions: the typed view for tables plus
// the raw bytes for JSON.
func BenchmarkGetSessions5000(b *testing.B) {
	fake := apitest.New(apitest.Options{})
	const user = "user-test-bbbbbbbb-0000-4000-8000-000000000005"
	fake.AddSyntheticSessions(user, 5000)
	c, err := api.New(api.Config{BaseURL: "http://fake.invalid", ProjectID: apitest.ProjectID, Secret: apitest.Secret,
		HTTPClient: &http.Client{Transport: fake.Transport()}})
	if err != nil {
		b.Fatal(err)
	}
	resp, err := c.GetSessions(context.Background(), user)
	if err != nil || len(resp.Sessions) != 5000 {
		b.Fatalf("got %v sessions, err %v", len(resp.Sessions), err)
	}
	b.SetBytes(int64(len(resp.Raw)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.GetSessions(context.Background(), user); err != nil {
			b.Fatal(err)
		}
	}
}
