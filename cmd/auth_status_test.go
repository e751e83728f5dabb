package cmd

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
	"github.com/stytchctl/stytchctl/config"
)

// twoProfiles saves "work" (keyring, active) and "box" (insecure file),
// both pointing at the fake.
func twoProfiles(t *testing.T) *harness {
	t.Helper()
	h := newAuthHarness(t)
	h.login("--profile", "work").expect(t, 0)
	h.login("--profile", "box", "--insecure-storage").expect(t, 0)
	h.fake.ResetRequests()
	return h
}

func statusRows(t *testing.T, stdout string) map[string][]string {
	t.Helper()
	rows := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		cells := strings.Split(line, "\t")
		if len(cells) != 8 {
			t.Fatalf("row has %d cells, want 8: %q", len(cells), line)
		}
		rows[cells[0]] = cells
	}
	return rows
}

func TestAuthStatus(t *testing.T) {
	h := twoProfiles(t)
	r := h.run("auth", "status")
	r.expect(t, 0, `Commands use profile "work" (active profile): `+apitest.ProjectID+", test.")
	rows := statusRows(t, r.stdout)
	mask := config.Mask(apitest.Secret)
	want := map[string][]string{
		"work": {"work", "active", apitest.ProjectID, "test", h.server.URL, "keyring", mask, "ok"},
		"box":  {"box", "", apitest.ProjectID, "test", h.server.URL, "insecure file", mask, "ok"},
	}
	for name, w := range want {
		if strings.Join(rows[name], "|") != strings.Join(w, "|") {
			t.Errorf("row %s = %q\nwant %q", name, rows[name], w)
		}
	}
	if n := len(h.fake.Requests()); n != 2 {
		t.Errorf("%d requests, want one check per profile", n)
	}
}

func TestAuthStatusOfflineSendsNothing(t *testing.T) {
	h := twoProfiles(t)
	r := h.run("auth", "status", "--offline")
	r.expect(t, 0)
	if rows := statusRows(t, r.stdout); rows["work"][7] != "not checked (--offline)" {
		t.Errorf("check cell = %q", rows["work"][7])
	}
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("--offline sent %d requests", n)
	}
}

func TestAuthStatusEnvOverridesActive(t *testing.T) {
	h := twoProfiles(t)
	h.env["STYTCH_PROJECT_ID"] = apitest.ProjectID
	h.env["STYTCH_SECRET"] = apitest.Secret
	r := h.run("auth", "status", "--offline")
	r.expect(t, 0, "Commands use STYTCH_PROJECT_ID and STYTCH_SECRET from the environment")
	lines := strings.Split(r.stdout, "\n")
	if !strings.HasPrefix(lines[0], "(environment)\tin use (environment)\t"+apitest.ProjectID) || !strings.Contains(lines[0], "\tenvironment\t") {
		t.Errorf("first row = %q", lines[0])
	}
	if rows := statusRows(t, r.stdout); rows["work"][1] != "active, overridden" {
		t.Errorf("work row = %q", rows["work"])
	}
	// --profile wins over the environment.
	r = h.run("auth", "status", "--offline", "--profile", "box")
	r.expect(t, 0, `Commands use profile "box" (--profile)`)
	if rows := statusRows(t, r.stdout); len(rows) != 1 || rows["box"][1] != "in use (--profile)" {
		t.Errorf("rows = %q", rows)
	}
}

func TestAuthStatusJSON(t *testing.T) {
	h := twoProfiles(t)
	r := h.run("auth", "status", "-o", "json")
	r.expect(t, 0)
	var doc struct {
		Profiles []struct {
			Name         string `json:"name"`
			Active       bool   `json:"active"`
			InUse        bool   `json:"in_use"`
			ChosenBy     string `json:"chosen_by"`
			ProjectID    string `json:"project_id"`
			Environment  string `json:"environment"`
			SecretSource string `json:"secret_source"`
			Secret       string `json:"secret_masked"`
			Check        string `json:"check"`
			RequestID    string `json:"request_id"`
		} `json:"profiles"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if len(doc.Profiles) != 2 {
		t.Fatalf("profiles: %+v", doc.Profiles)
	}
	box, work := doc.Profiles[0], doc.Profiles[1]
	if work.Name != "work" || !work.Active || !work.InUse || work.ChosenBy != "active profile" || work.SecretSource != "keyring" ||
		work.Check != "ok" || !strings.HasPrefix(work.RequestID, "request-id-test-") || work.Environment != "test" {
		t.Errorf("work = %+v", work)
	}
	if box.Name != "box" || box.Active || box.InUse || box.SecretSource != "insecure file" || box.Secret != config.Mask(apitest.Secret) {
		t.Errorf("box = %+v", box)
	}
}

func TestAuthStatusRejectedExits4(t *testing.T) {
	h := twoProfiles(t)
	if err := h.keyring.Set("work:"+apitest.ProjectID, "secret-test-revoked"); err != nil {
		t.Fatal(err)
	}
	h.secrets = append(h.secrets, "secret-test-revoked")
	r := h.run("auth", "status")
	r.expect(t, 4, `checking the credentials in use (profile "work", project `+apitest.ProjectID+"): unauthorized_credentials",
		"request_id request-id-test-", "To fix: save the secret again")
	rows := statusRows(t, r.stdout)
	if !strings.HasPrefix(rows["work"][7], "rejected (request_id request-id-test-") || rows["box"][7] != "ok" {
		t.Errorf("checks: work %q box %q", rows["work"][7], rows["box"][7])
	}
	// A rejected profile that is not in use does not fail the command.
	r = h.run("auth", "status", "--profile", "box")
	r.expect(t, 0)
}

func TestAuthStatusMissingSecretExits4(t *testing.T) {
	h := twoProfiles(t)
	if err := h.keyring.Delete("work:" + apitest.ProjectID); err != nil {
		t.Fatal(err)
	}
	r := h.run("auth", "status")
	r.expect(t, 4, `profile "work" has no secret in the OS keyring`, "auth login --profile work --project-id "+apitest.ProjectID)
	if rows := statusRows(t, r.stdout); rows["work"][7] != "no secret saved" || rows["work"][6] != "" {
		t.Errorf("row = %q", rows["work"])
	}
}

func TestAuthStatusKeyringUnreachable(t *testing.T) {
	h := twoProfiles(t)
	h.keyring = failingStore{err: &config.KeyringError{Op: "reading from", Backend: "Secret Service over D-Bus",
		Err: errors.New("The name org.freedesktop.secrets was not provided by any .service files")}}
	r := h.run("auth", "status", "--offline")
	r.expect(t, 4, "no Secret Service", "export STYTCH_PROJECT_ID=", "--insecure-storage")
	rows := statusRows(t, r.stdout)
	if rows["work"][7] != "keyring unreachable" || rows["box"][7] != "not checked (--offline)" {
		t.Errorf("rows = %q", rows)
	}
}

func TestAuthStatusNothingConfigured(t *testing.T) {
	h := newAuthHarness(t)
	r := h.run("auth", "status")
	r.expect(t, 4, "no Stytch credentials found", "auth login")
	if r.stdout != "" {
		t.Errorf("stdout = %q", r.stdout)
	}
	h.env["STYTCH_SECRET"] = apitest.Secret
	r = h.run("auth", "status")
	r.expect(t, 4, "STYTCH_SECRET is set but STYTCH_PROJECT_ID is not")
}

// TestInvalidEnvProjectIDExits4: STYTCH_PROJECT_ID is checked like a
// profile's project ID. A ":" would make Basic auth ambiguous and control
// characters reached the terminal raw in the revoke summary: the command
// stops with exit 4, like every other unusable credential in the
// environment, shows the value escaped, and sends nothing.
func TestInvalidEnvProjectIDExits4(t *testing.T) {
	tests := []struct {
		id, want string
		args     []string
	}{
		{"project-test-a:b", `STYTCH_PROJECT_ID: invalid project ID "project-test-a:b": it cannot contain ':'`,
			[]string{"users", "get", apitest.DemoUserID}},
		{"project-test-\x1b[31mred\a", `STYTCH_PROJECT_ID: invalid project ID "project-test-\x1b[31mred\a": it cannot contain spaces, control characters or anything but printable ASCII`,
			[]string{"sessions", "revoke", "session-test-00000000-0000-4000-8000-000000000001", "--yes"}},
		{"project-test-\x1b]52;c;aGk=\a", `invalid project ID "project-test-\x1b]52;c;aGk=\a"`,
			[]string{"auth", "status"}},
		// A bidi override or a zero-width character would make the LIVE
		// confirmation show another project ID than the one used.
		{"project-live-\u202eabc", `invalid project ID "project-live-\u202eabc": it cannot contain spaces, control characters or anything but printable ASCII`,
			[]string{"sessions", "revoke", "session-test-00000000-0000-4000-8000-000000000001", "--yes"}},
		{"project-live-a\u200bb\ufeff", `invalid project ID "project-live-a\u200bb\ufeff"`,
			[]string{"users", "get", apitest.DemoUserID}},
		{"project-live-é", `invalid project ID "project-live-\u00e9"`,
			[]string{"users", "get", apitest.DemoUserID}},
	}
	for _, tt := range tests {
		t.Run(tt.args[0]+" "+tt.args[1], func(t *testing.T) {
			h := newHarness(t)
			h.env["STYTCH_PROJECT_ID"] = tt.id
			r := h.run(tt.args...)
			r.expect(t, ExitAuth, tt.want, "To fix: set STYTCH_PROJECT_ID to the project ID")
			if strings.ContainsAny(r.stderr+r.stdout, "\x1b\a\u202e\u200b\ufeffé") {
				t.Errorf("a raw control character reached the output: %q", r.stderr)
			}
			if n := len(h.fake.Requests()); n != 0 {
				t.Errorf("%d requests sent with an invalid project ID", n)
			}
		})
	}
}

func TestAuthStatusDemoAndLive(t *testing.T) {
	h := newAuthHarness(t)
	r := h.run("auth", "status", "--profile", "demo")
	r.expect(t, 0, `Commands use profile "demo" (--profile)`)
	if rows := statusRows(t, r.stdout); rows["demo"][3] != "test" || rows["demo"][7] != "ok" {
		t.Errorf("demo row = %q", rows["demo"])
	}
	h.stdin = "secret-live-abc"
	h.run("auth", "login", "--profile", "prod", "--with-secret", "--no-verify", "--project-id", liveProjectID).expect(t, 0)
	r = h.run("auth", "status", "--offline")
	r.expect(t, 0, "a LIVE project: real users")
	if rows := statusRows(t, r.stdout); rows["prod"][3] != "LIVE" || rows["prod"][4] != config.LiveBaseURL {
		t.Errorf("prod row = %q", rows["prod"])
	}
	r = h.run("auth", "status", "--profile", "ghost")
	r.expect(t, 4, `profile "ghost" not found`)
}

func TestAuthSwitch(t *testing.T) {
	h := twoProfiles(t)
	r := h.run("auth", "switch", "box")
	r.expect(t, 0, `Profile "box" is active: project `+apitest.ProjectID+" (test).")
	if !strings.Contains(h.configFile(), "active: box") {
		t.Errorf("config:\n%s", h.configFile())
	}
	r = h.run("sessions", "list", "-u", apitest.DemoUserID)
	r.expect(t, 0, `warning: the secret of profile "box" is stored unencrypted`)

	r = h.run("auth", "switch", "ghost")
	r.expect(t, 2, `switching profile: no profile "ghost"`, "Saved profiles: box, work.")
	r = h.run("auth", "switch")
	r.expect(t, 2, "accepts 1 arg(s), received 0")

	h.env["STYTCHCTL_PROFILE"] = "work"
	r = h.run("auth", "switch", "work")
	r.expect(t, 0, "STYTCHCTL_PROFILE set in your environment take precedence over the active profile")
}

func TestAuthSwitchDemo(t *testing.T) {
	h := newAuthHarness(t)
	h.run("auth", "switch", "demo").expect(t, 0, `Profile "demo" is active`)
	r0 := h.run("auth", "status")
	r0.expect(t, 0, `Commands use profile "demo" (active profile)`)
	if !strings.HasPrefix(r0.stdout, "demo\tactive\tdemo (built in)\ttest\t") {
		t.Errorf("status = %q", r0.stdout)
	}
	r := h.run("sessions", "list", "-u", apitest.DemoUserID)
	r.expect(t, 0)
	if len(h.fake.Requests()) != 0 || h.keyringOps != 0 {
		t.Error("demo reached the network or the keyring")
	}
	h.run("auth", "logout").expect(t, 0, `Profile "demo" is no longer active`)
	h.run("sessions", "list", "-u", apitest.DemoUserID).expect(t, 4, "no Stytch credentials found")
}

func TestAuthLogout(t *testing.T) {
	h := twoProfiles(t)
	r := h.run("auth", "logout", "--yes")
	r.expect(t, 0, `Logged out of profile "work" (project `+apitest.ProjectID+"): secret removed from the OS keyring",
		"No profile is active now; choose one with: stytchctl auth switch NAME (saved: box)")
	if got := h.secretIn(h.keyring, "work", apitest.ProjectID); got != "" {
		t.Error("secret left in the keyring")
	}
	cfg := h.configFile()
	if strings.Contains(cfg, "work") || strings.Contains(cfg, "active:") {
		t.Errorf("config:\n%s", cfg)
	}
	r = h.run("sessions", "list", "-u", apitest.DemoUserID)
	r.expect(t, 4, "no profile is active", "auth switch")

	r = h.run("auth", "logout")
	r.expect(t, 2, "no profile is active and none was named", "Saved profiles: box.")

	r = h.run("auth", "logout", "--profile", "box")
	r.expect(t, 0, `Logged out of profile "box"`, "No profile is left")
	if strings.Contains(h.configFile(), "box") {
		t.Errorf("config:\n%s", h.configFile())
	}
	r = h.run("auth", "logout", "--profile", "box")
	r.expect(t, 2, `no profile "box"`)
}

func TestAuthLogoutKeyringUnreachableKeepsProfile(t *testing.T) {
	h := twoProfiles(t)
	h.keyring = failingStore{err: &config.KeyringError{Op: "deleting from", Backend: "Secret Service over D-Bus", Timeout: config.DefaultKeyringTimeout}}
	r := h.run("auth", "logout", "--yes")
	r.expect(t, 1, "removing its secret", "no answer within 5s", "The profile was kept")
	if !strings.Contains(h.configFile(), "work:") {
		t.Errorf("profile removed although its secret could not be:\n%s", h.configFile())
	}
}

func TestAuthLogoutNotesEnvironment(t *testing.T) {
	h := twoProfiles(t)
	h.env["STYTCH_SECRET"] = apitest.Secret
	r := h.run("auth", "logout", "--profile", "work", "--yes")
	r.expect(t, 0, "STYTCH_PROJECT_ID and STYTCH_SECRET are still set in your environment")
}

func TestAuthDoctor(t *testing.T) {
	h := twoProfiles(t)
	r := h.run("auth", "doctor")
	for _, w := range []string{"Keyring\n", "answered a lookup in", "Config\n", "config directory " + h.configDir + " (mode 0700)",
		"box (" + apitest.ProjectID + ", test, secret in insecure file)", "Environment\n", "no environment variable overrides the profiles"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("report lacks %q:\n%s", w, r.stdout)
		}
	}
	if r.code != 0 && r.code != ExitCheckFailed {
		t.Errorf("exit %d", r.code)
	}

	h.keyring = failingStore{err: &config.KeyringError{Op: "reading from", Backend: "Secret Service over D-Bus", Timeout: config.DefaultKeyringTimeout}}
	h.env["STYTCH_PROJECT_ID"] = apitest.ProjectID
	r = h.run("auth", "doctor")
	r.expect(t, ExitCheckFailed, "auth doctor found 2 problems")
	for _, w := range []string{"✗ reading from the OS keyring", "no answer within 5s", "fix: either", "--insecure-storage",
		"✗ STYTCH_PROJECT_ID is set but STYTCH_SECRET is not", "fix: set both"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("report lacks %q:\n%s", w, r.stdout)
		}
	}
}

// An API URL override is for the credentials in use: a profile that is not
// in use is checked at its own saved URL, so its secret never goes to a URL
// that was chosen for another project.
func TestAuthStatusOverrideReachesOnlyTheProfileInUse(t *testing.T) {
	h := twoProfiles(t)
	other, otherSrv := apitest.Start(apitest.Options{})
	defer otherSrv.Close()
	h.env["STYTCHCTL_API_URL"] = otherSrv.URL
	r := h.run("auth", "status")
	r.expect(t, 0)
	rows := statusRows(t, r.stdout)
	if rows["work"][4] != otherSrv.URL || rows["box"][4] != h.server.URL {
		t.Errorf("API URLs: work %q (want the override), box %q (want its own)", rows["work"][4], rows["box"][4])
	}
	if n := len(other.Requests()); n != 1 {
		t.Errorf("the override URL got %d checks, want only the profile in use", n)
	}
	if n := len(h.fake.Requests()); n != 1 {
		t.Errorf("the saved URL got %d checks, want the other profile's", n)
	}
}
