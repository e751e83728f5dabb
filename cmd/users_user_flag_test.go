package cmd

import (
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestUsersGetTakesUserFlag: users get names its user as every other
// command does, -u/--user, and the positional ID still works. What was
// asked for is what the fake is asked for.
func TestUsersGetTakesUserFlag(t *testing.T) {
	for _, args := range [][]string{
		{"users", "get", "-u", apitest.DemoExternalID},
		{"users", "get", "--user", apitest.DemoExternalID},
		{"users", "get", "--user=" + apitest.DemoExternalID},
		{"users", "get", apitest.DemoExternalID},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			h := newHarness(t)
			r := h.run(args...)
			r.expect(t, 0)
			if f := fields(t, r.stdout); len(f["User ID"]) != 1 || f["User ID"][0] != apitest.DemoUserID {
				t.Errorf("User ID = %q", f["User ID"])
			}
			reqs := h.fake.Requests()
			if len(reqs) != 1 || reqs[0].Method != "GET" || reqs[0].Path != "/v1/users/"+apitest.DemoExternalID {
				t.Errorf("requests: %+v", reqs)
			}
		})
	}
	t.Run("help", func(t *testing.T) {
		r := newHarness(t).run("users", "get", "--help")
		r.expect(t, 0)
		if !strings.Contains(r.stdout, "-u, --user ID") {
			t.Errorf("help lacks -u, --user ID:\n%s", r.stdout)
		}
	})
}

// TestUsersGetUserFlagMistakes: each way of naming the user twice, or
// wrongly, is a usage error that sends nothing.
func TestUsersGetUserFlagMistakes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-u", "alice-42", "emp-00417"}, "users get takes one user: an ID, --user or --email"},
		{[]string{"-u", "alice-42", "--email", apitest.DemoEmail}, "users get takes one user: an ID, --user or --email"},
		{[]string{"-u", "alice@example.com"}, `--user "alice@example.com" is an email address, not a user ID: use --email alice@example.com`},
		{[]string{"-u", "alice-42,emp-00417"}, "users get takes one user at a time"},
		{[]string{"-u", ""}, "invalid --user"},
		{nil, "users get needs a user: an ID, --user ID or --email ADDR"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			h := newHarness(t)
			r := h.run(append([]string{"users", "get"}, tc.args...)...)
			r.expect(t, ExitUsage, tc.want)
			if r.stdout != "" {
				t.Errorf("stdout = %q", r.stdout)
			}
			if n := len(h.fake.Requests()); n != 0 {
				t.Errorf("%d requests sent for a usage error", n)
			}
		})
	}
}

// TestUsersSearchTakesUserFlag: users search filters by user with
// -u/--user, as every command names a user; --user-id, its old spelling,
// still works but is no longer offered.
func TestUsersSearchTakesUserFlag(t *testing.T) {
	want := `{"limit":100,"query":{"operator":"AND","operands":[` +
		`{"filter_name":"user_id","filter_value":["` + apitest.DemoUserID + `","` + apitest.FactorZooUserID + `"]}]}}`
	for _, flags := range [][]string{
		{"--user", apitest.DemoUserID + "," + apitest.FactorZooUserID},
		{"-u", apitest.DemoUserID, "-u", apitest.FactorZooUserID},
		{"--user-id", apitest.DemoUserID, "--user", apitest.FactorZooUserID},
		{"--user-id", apitest.DemoUserID + "," + apitest.FactorZooUserID},
	} {
		t.Run(strings.Join(flags, " "), func(t *testing.T) {
			h := newHarness(t)
			r := h.run(append([]string{"users", "search", "-o", "ndjson"}, flags...)...)
			r.expect(t, 0)
			if n := len(ndjsonLines(t, r.stdout)); n != 2 {
				t.Errorf("%d users printed, want 2:\n%s", n, r.stdout)
			}
			reqs := h.fake.Requests()
			if len(reqs) != 1 {
				t.Fatalf("requests: %+v", reqs)
			}
			if got := compact(t, reqs[0].Body); got != want {
				t.Errorf("body:\n got %s\nwant %s", got, want)
			}
		})
	}
	t.Run("help", func(t *testing.T) {
		r := newHarness(t).run("users", "search", "--help")
		r.expect(t, 0)
		if !strings.Contains(r.stdout, "-u, --user ID") {
			t.Errorf("help lacks -u, --user ID:\n%s", r.stdout)
		}
		if strings.Contains(r.stdout, "      --user-id") {
			t.Errorf("help still offers --user-id:\n%s", r.stdout)
		}
	})
	t.Run("email as --user", func(t *testing.T) {
		h := newHarness(t)
		r := h.run("users", "search", "--user", "alice@example.com")
		r.expect(t, ExitUsage, `--user "alice@example.com" is an email address, not a user ID: use --email alice@example.com`)
		if n := len(h.fake.Requests()); n != 0 {
			t.Errorf("%d requests sent for a usage error", n)
		}
	})
}
