package cmd

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestDotOnlyIDsAreRefused: "." and ".." are dot segments, which URL
// resolution turns into another path (GET /v1/users/.. is GET /v1/), and an
// ID made only of dots names nothing Stytch issues. Every ID a user names is
// refused before anything is sent, with exit 2.
func TestDotOnlyIDsAreRefused(t *testing.T) {
	usersFile := filepath.Join(t.TempDir(), "users.txt")
	if err := os.WriteFile(usersFile, []byte(apitest.DemoUserID+"\n..\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	const onlyDots = "is only dots, which a URL path reads as another path, not an ID"
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"users get ..", []string{"users", "get", ".."}, `user ID ".." ` + onlyDots},
		{"users get .", []string{"users", "get", "."}, `user ID "." ` + onlyDots},
		{"users get ...", []string{"users", "get", "..."}, `user ID "..." ` + onlyDots},
		{"sessions list -u ..", []string{"sessions", "list", "-u", ".."}, `invalid --user: user ID ".." ` + onlyDots},
		{"users-file line", []string{"sessions", "list", "--users-file", usersFile}, `invalid user ID on line 2 of ` + usersFile + `: user ID ".." ` + onlyDots},
		{"sessions revoke -u ..", []string{"sessions", "revoke", "-u", "..", "--all", "--yes"}, `user ID ".." ` + onlyDots},
		{"sessions revoke ..", []string{"sessions", "revoke", "..", "-u", apitest.DemoUserID, "--yes"}, `session ID ".." ` + onlyDots},
		{"users search --user-id .", []string{"users", "search", "--user-id", "."}, `invalid --user: user ID "." ` + onlyDots},
		{"b2b list --organization ..", []string{"b2b", "sessions", "list", "--organization", "..", "--email", apitest.DemoMemberEmail},
			`invalid --org: organization ".." ` + onlyDots},
		{"b2b list --member ..", []string{"b2b", "sessions", "list", "--organization", apitest.DemoOrganizationSlug, "--member", ".."},
			`invalid --member: member ID ".." ` + onlyDots},
		{"b2b revoke --organization .", []string{"b2b", "sessions", "revoke", "--organization", ".", "--member", apitest.DemoMemberID, "--all", "--yes"},
			`invalid --org: organization "." ` + onlyDots},
		{"b2b revoke --member ..", []string{"b2b", "sessions", "revoke", "--organization", apitest.DemoOrganizationSlug, "--member", "..", "--all", "--yes"},
			`invalid --member: member ID ".." ` + onlyDots},
		{"b2b revoke --session ..", []string{"b2b", "sessions", "revoke", "--session", "..", "--yes"}, `session ID ".." ` + onlyDots},
		{"b2b members search --organization ..", []string{"b2b", "members", "search", "--organization", ".."},
			`invalid --org: organization ".." ` + onlyDots},
		{"b2b members search --member-id ..", []string{"b2b", "members", "search", "--organization", apitest.DemoOrganizationID, "--member-id", ".."},
			`member ID ".." ` + onlyDots},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.run(tt.args...)
			r.expect(t, ExitUsage, tt.stderr)
			if r.stdout != "" {
				t.Errorf("stdout = %q", r.stdout)
			}
			if reqs := h.fake.Requests(); len(reqs) != 0 {
				t.Errorf("sent %v for a usage error", describe(reqs))
			}
		})
	}
}

// TestClientRefusedIDIsUsage: should a dot-only ID ever get past the
// command's checks, the client refuses to put it in a path and the refusal
// is a usage error (exit 2), not a failure.
func TestClientRefusedIDIsUsage(t *testing.T) {
	h := newHarness(t)
	c, err := api.New(api.Config{BaseURL: h.server.URL, ProjectID: apitest.ProjectID, Secret: apitest.Secret})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetUser(context.Background(), "..")
	if code := ExitCode(err); code != ExitUsage || len(h.fake.Requests()) != 0 {
		t.Errorf("GetUser(..) = %v: exit %d, %d requests; want exit 2, none", err, code, len(h.fake.Requests()))
	}
}
