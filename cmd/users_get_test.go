package cmd

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// fields parses piped users get output into field → values.
func fields(t *testing.T, stdout string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		k, v, ok := strings.Cut(line, "\t")
		if !ok || strings.Contains(v, "\t") {
			t.Fatalf("line is not field<TAB>value: %q", line)
		}
		out[k] = append(out[k], v)
	}
	return out
}

// TestUsersGetPipedTable: the rows themselves are pinned whole by
// testdata/golden/users_get.alice.tsv.golden; here, one GET with the path
// as given, and nothing on stderr.
func TestUsersGetPipedTable(t *testing.T) {
	h := newHarness(t)
	r := h.run("users", "get", apitest.DemoUserID)
	r.expect(t, 0)
	if r.stderr != "" {
		t.Errorf("stderr: %q", r.stderr)
	}
	f := fields(t, r.stdout)
	if got := f["User ID"]; len(got) != 1 || got[0] != apitest.DemoUserID {
		t.Errorf("User ID = %q", got)
	}
	reqs := h.fake.Requests()
	if len(reqs) != 1 || reqs[0].Method != "GET" || reqs[0].Path != "/v1/users/"+apitest.DemoUserID {
		t.Errorf("requests: %+v", reqs)
	}
}

func TestUsersGetEveryFactorKind(t *testing.T) {
	h := newHarness(t)
	r := h.run("users", "get", apitest.FactorZooExternalID)
	r.expect(t, 0)
	f := fields(t, r.stdout)
	if got := f["OAuth"]; len(got) != 1 || !strings.HasPrefix(got[0], "Google, Microsoft, Apple, GitHub") || strings.Count(got[0], ", ") != 23 {
		t.Errorf("OAuth = %q", got)
	}
	if got := f["Wallet"]; len(got) != 1 || got[0] != "ethereum 0x4b3d8c0e1a9f2b7d6c5e4f3a2b1c0d9e8f7a6b5c (verified)" {
		t.Errorf("Wallet = %q", got)
	}
	if got := f["Biometric"]; got[0] != "1 verified" {
		t.Errorf("Biometric = %q", got)
	}
	// The "|" of the external ID went out path-escaped and came back decoded.
	if req := h.fake.Requests()[0]; req.Path != "/v1/users/"+apitest.FactorZooExternalID {
		t.Errorf("path %q", req.Path)
	}
}

// TestUsersGetLockedNoPasswordAndHostileText: Mallory's rows are pinned
// whole by testdata/golden/users_get.hostile.*.golden; whatever the view,
// her name never reaches the output as raw escapes, and Kenji has a
// passkey and no password.
func TestUsersGetLockedNoPasswordAndHostileText(t *testing.T) {
	h := newHarness(t)
	r := h.run("users", "get", apitest.LockedUserID)
	r.expect(t, 0)
	f := fields(t, r.stdout)
	if strings.ContainsRune(r.stdout, '\x1b') || !strings.Contains(f["Name"][0], `\x1b[2J`) || !strings.Contains(f["Name"][0], `\u202e`) {
		t.Errorf("hostile name not neutralised: %q", f["Name"])
	}
	r = h.run("users", "get", apitest.PasskeyUserID)
	f = fields(t, r.stdout)
	if f["Password"][0] != "no" || f["Passkey"][0] != "Pixel 8 (platform, app.example.com)" || f["TOTP"][0] != "" {
		t.Errorf("Kenji: %v", f)
	}
}

// TestUsersGetTerminalTable: the terminal tables are pinned whole by the
// golden files; on a terminal of any width, no raw escape and no tab.
func TestUsersGetTerminalTable(t *testing.T) {
	for _, width := range []int{40, 80, 120} {
		h := newHarness(t)
		h.tty, h.width = true, width
		h.env["NO_COLOR"] = "1"
		r := h.run("users", "get", apitest.LockedUserID)
		r.expect(t, 0)
		if strings.ContainsRune(r.stdout, '\x1b') || strings.Contains(r.stdout, "\t") {
			t.Errorf("raw escapes or tabs on a terminal %d wide:\n%q", width, r.stdout)
		}
	}
}

func TestUsersGetJSONIsTheFlatResponse(t *testing.T) {
	h := newHarness(t)
	r := h.run("users", "get", apitest.LosslessUserID, "-o", "json")
	r.expect(t, 0)
	got := compact(t, []byte(r.stdout))
	obj := string(h.fake.UserObject(apitest.LosslessUserID))
	if !strings.HasPrefix(got, `{"request_id":"request-id-test-`) || !strings.HasSuffix(got, `,"status_code":200}`) ||
		!strings.Contains(got, obj[1:len(obj)-1]) {
		t.Errorf("JSON is not the API's flat response:\n got %s\nuser %s", got, obj)
	}
	for _, want := range []string{`"is_locked":false`, `"middle_name":""`, `"roles":[]`, `"trusted_metadata":{}`, `"password":null`, `"external_id":""`} {
		if !strings.Contains(got, want) {
			t.Errorf("JSON lost %s", want)
		}
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc["user"] != nil {
		t.Errorf("not flat: %v", err)
	}
	r = h.run("users", "get", apitest.DemoUserID, "-o", "yaml")
	r.expect(t, 0)
	for _, want := range []string{"request_id: request-id-test-", "user_id: " + apitest.DemoUserID, "  - email_id: ", "status_code: 200"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("YAML lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestUsersGetErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		code    int
		stderr  []string
		noSends bool
	}{
		{"no ID", []string{"users", "get"}, 2, []string{"users get needs a user: an ID, --user ID or --email ADDR", "Run 'stytchctl users get --help'"}, true},
		{"two IDs", []string{"users", "get", "a", "b"}, 2, []string{"users get takes one user: an ID, --user or --email"}, true},
		{"malformed email as ID", []string{"users", "get", "alice@"}, 2, []string{"invalid email address"}, true},
		{"malformed --email", []string{"users", "get", "--email", "alice.example.com"}, 2, []string{"invalid --email"}, true},
		{"ID and --email", []string{"users", "get", "alice-42", "--email", apitest.DemoEmail}, 2, []string{"users get takes one user: an ID, --user or --email"}, true},
		{"malformed user ID", []string{"users", "get", "user-test-alice"}, 2, []string{"malformed: want user-test-<uuid>"}, true},
		{"bad format", []string{"users", "get", apitest.DemoUserID, "-o", "xml"}, 2, []string{`unknown output format "xml"`}, true},
		{"not found", []string{"users", "get", "user-test-11111111-2222-4333-8444-555555555555"}, 3,
			[]string{"getting user user-test-11111111-2222-4333-8444-555555555555: user_not_found: User could not be found. (request_id request-id-test-", "See https://stytch.com/docs/api/errors/404#user_not_found"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.run(tt.args...)
			r.expect(t, tt.code, tt.stderr...)
			if r.stdout != "" {
				t.Errorf("stdout = %q", r.stdout)
			}
			if n := len(h.fake.Requests()); tt.noSends && n != 0 {
				t.Errorf("%d requests sent for a usage error", n)
			}
		})
	}
	t.Run("401 keeps error_type and request_id, hides the secret", func(t *testing.T) {
		h := newHarness(t)
		h.env["STYTCH_SECRET"] = "secret-test-wrong-wrong"
		r := h.run("users", "get", apitest.DemoUserID)
		r.expect(t, 4, "getting user "+apitest.DemoUserID, "unauthorized_credentials", "request_id request-id-test-")
		if strings.Contains(r.stderr+r.stdout, "secret-test-wrong-wrong") {
			t.Error("the secret was printed")
		}
	})
	t.Run("5xx retried then exit 1", func(t *testing.T) {
		h := newHarness(t)
		h.fake.AddFault(apitest.Fault{Status: 503})
		r := h.run("users", "get", apitest.DemoUserID)
		r.expect(t, 1, "internal_server_error", "after 3 attempts")
	})
	t.Run("no credentials", func(t *testing.T) {
		h := newHarness(t)
		delete(h.env, "STYTCH_PROJECT_ID")
		delete(h.env, "STYTCH_SECRET")
		r := h.run("users", "get", apitest.DemoUserID)
		if r.code != 4 || len(h.fake.Requests()) != 0 {
			t.Errorf("code %d, %d requests; stderr %s", r.code, len(h.fake.Requests()), r.stderr)
		}
	})
}

func TestUsersGetDemoProfile(t *testing.T) {
	h := newHarness(t)
	h.env = map[string]string{}
	r := h.run("users", "get", "alice-42", "--profile", "demo")
	r.expect(t, 0)
	if f := fields(t, r.stdout); f["Email"][0] != apitest.DemoEmail+" (verified)" {
		t.Errorf("demo: %v", f)
	}
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("the demo profile reached the test server: %d requests", n)
	}
}

// TestUsersGetByEmail: an address, as ID or with --email, is one exact
// search then the GET of the user found; an unknown address is exit 3
// after the search alone, as for sessions list --email.
func TestUsersGetByEmail(t *testing.T) {
	for _, args := range [][]string{
		{"users", "get", apitest.DemoEmail},
		{"users", "get", "--email", apitest.DemoEmail},
	} {
		h := newHarness(t)
		r := h.run(args...)
		r.expect(t, 0)
		if r.stderr != "" {
			t.Errorf("%v: stderr %q", args, r.stderr)
		}
		if got := fields(t, r.stdout)["User ID"]; len(got) != 1 || got[0] != apitest.DemoUserID {
			t.Errorf("%v: User ID = %q", args, got)
		}
		reqs := h.fake.Requests()
		if len(reqs) != 2 || reqs[0].Method != "POST" || reqs[0].Path != "/v1/users/search" ||
			!strings.Contains(string(reqs[0].Body), `"filter_name":"email_address"`) ||
			!strings.Contains(string(reqs[0].Body), apitest.DemoEmail) ||
			reqs[1].Method != "GET" || reqs[1].Path != "/v1/users/"+apitest.DemoUserID {
			t.Errorf("%v: requests %v", args, describe(reqs))
		}
	}
	h := newHarness(t)
	r := h.run("users", "get", "nobody@example.com")
	r.expect(t, ExitNotFound, "finding the user with email address nobody@example.com: no user has that address")
	if r.stdout != "" {
		t.Errorf("stdout %q", r.stdout)
	}
	if reqs := h.fake.Requests(); len(reqs) != 1 || reqs[0].Path != "/v1/users/search" {
		t.Errorf("requests %v", describe(reqs))
	}
}
