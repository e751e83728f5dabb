package cmd

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// BenchmarkSessionsList5000 runs `sessions list` end to end in-process over
// one user with 5,000 sessions, in each output form. The fake is served
// in-process, so the figures are the tool's own cost (decode + render).
// Compare with the README's measurements of the built binary against curl.
func BenchmarkSessionsList5000(b *testing.B) {
	const user = "user-test-bbbbbbbb-0000-4000-8000-000000000005"
	fake := apitest.New(apitest.Options{})
	fake.AddSyntheticSessions(user, 5000)
	env := map[string]string{"STYTCH_PROJECT_ID": apitest.ProjectID, "STYTCH_SECRET": apitest.Secret, "STYTCHCTL_API_URL": "http://127.0.0.1:1"}
	cases := []struct {
		name   string
		tty    bool
		format string
	}{
		{"json-piped", false, "json"},
		{"json-terminal", true, "json"},
		{"table-piped", false, "table"},
		{"table-terminal", true, "table"},
		{"yaml", false, "yaml"},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				deps := &Deps{
					Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard,
					StdoutTTY: tc.tty, TermWidth: func() int { return 200 },
					LookupEnv:  func(k string) (string, bool) { v, ok := env[k]; return v, ok },
					Now:        time.Now,
					HTTPClient: &http.Client{Transport: fake.Transport()},
					Build:      BuildInfo{Version: "bench"},
				}
				if code := Run(context.Background(), deps, []string{"sessions", "list", "-u", user, "-o", tc.format}); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}
