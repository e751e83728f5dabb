package cmd

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
	"github.com/stytchctl/stytchctl/config"
)

const liveProjectID = "project-live-00000000-0000-4000-8000-000000000000"

// newAuthHarness is a harness with no credentials in the environment and
// an empty config directory.
func newAuthHarness(t *testing.T) *harness {
	h := newHarness(t)
	h.env = map[string]string{}
	return h
}

// login runs auth login --with-secret with the fake's credentials piped
// in, plus args.
func (h *harness) login(args ...string) result {
	h.t.Helper()
	h.stdin = apitest.Secret + "\n"
	defer func() { h.stdin = "" }()
	return h.run(append([]string{"auth", "login", "--with-secret", "--project-id", apitest.ProjectID, "--api-url", h.server.URL}, args...)...)
}

func (h *harness) configFile() string {
	b, _ := os.ReadFile(filepath.Join(h.configDir, config.ConfigFileName))
	return string(b)
}

func (h *harness) secretIn(store config.SecretStore, profile, projectID string) string {
	h.t.Helper()
	v, err := store.Get(profile + ":" + projectID)
	if err != nil && !errors.Is(err, config.ErrSecretNotFound) {
		h.t.Fatal(err)
	}
	return v
}

func TestAuthLoginFromStdin(t *testing.T) {
	h := newAuthHarness(t)
	r := h.login()
	r.expect(t, 0, "Verified: "+h.server.URL+" accepts these credentials (request_id request-id-test-",
		`Saved profile "default": project `+apitest.ProjectID+" (test), secret in the OS keyring",
		`Profile "default" is active.`)
	if r.stdout != "" {
		t.Errorf("stdout = %q", r.stdout)
	}
	if got := h.secretIn(h.keyring, "default", apitest.ProjectID); got != apitest.Secret {
		t.Errorf("keyring holds %q", got)
	}
	cfg := h.configFile()
	for _, w := range []string{"active: default", "project_id: " + apitest.ProjectID, "environment: test", "api_url: " + h.server.URL, "secret_storage: keyring"} {
		if !strings.Contains(cfg, w) {
			t.Errorf("config lacks %q:\n%s", w, cfg)
		}
	}
	// One read-only request verified the credentials.
	reqs := h.fake.Requests()
	if len(reqs) != 1 || reqs[0].Method != "GET" || reqs[0].Path != "/v1/sessions" || reqs[0].Query.Get("user_id") != credentialsProbeUser {
		t.Fatalf("requests: %+v", reqs)
	}
	if user, pass, ok := basicAuth(reqs[0].Header.Get("Authorization")); !ok || user != apitest.ProjectID || pass != apitest.Secret {
		t.Errorf("verification did not send the new credentials")
	}
	// The saved profile works with nothing in the environment.
	r = h.run("sessions", "list", "-u", apitest.DemoUserID)
	r.expect(t, 0)
	if n := strings.Count(r.stdout, "\n"); n != 3 {
		t.Errorf("want 3 rows, got:\n%s", r.stdout)
	}
}

func TestAuthLoginPromptsOnTerminal(t *testing.T) {
	h := newAuthHarness(t)
	h.stdinTTY, h.password = true, apitest.Secret
	r := h.run("auth", "login", "--profile", "tty", "--project-id", apitest.ProjectID, "--api-url", h.server.URL)
	r.expect(t, 0, "Secret for "+apitest.ProjectID+" (input hidden): ", `Saved profile "tty"`)
	if got := h.secretIn(h.keyring, "tty", apitest.ProjectID); got != apitest.Secret {
		t.Errorf("keyring holds %q", got)
	}
}

func TestAuthLoginRejected(t *testing.T) {
	h := newAuthHarness(t)
	h.stdin = "secret-test-wrong-0000000000000000000000000000="
	h.secrets = append(h.secrets, h.stdin)
	r := h.run("auth", "login", "--with-secret", "--project-id", apitest.ProjectID, "--api-url", h.server.URL)
	r.expect(t, 4, "verifying the credentials of project "+apitest.ProjectID, "unauthorized_credentials: Unauthorized credentials.",
		"(request_id request-id-test-", "Nothing was saved.", "test and live keys differ")
	if _, err := os.Stat(h.configDir); !os.IsNotExist(err) {
		t.Errorf("config directory created: %v", err)
	}
	if got := h.secretIn(h.keyring, "default", apitest.ProjectID); got != "" {
		t.Error("a rejected secret was saved")
	}
}

func TestAuthLoginNetworkFailureSavesNothing(t *testing.T) {
	h := newAuthHarness(t)
	h.fake.AddFault(apitest.Fault{Status: 503})
	r := h.login()
	r.expect(t, 1, "verifying the credentials", "Nothing was saved. To save without checking, add --no-verify.")
	if h.configFile() != "" {
		t.Error("config written")
	}
}

func TestAuthLoginNoVerify(t *testing.T) {
	h := newAuthHarness(t)
	r := h.login("--no-verify")
	r.expect(t, 0, `Saved profile "default"`)
	if strings.Contains(r.stderr, "Verified") || len(h.fake.Requests()) != 0 {
		t.Errorf("--no-verify sent %d requests", len(h.fake.Requests()))
	}
}

// TestAuthLoginUsageErrors: bad input exits 2 before the keyring, the
// config file or the network is touched.
func TestAuthLoginUsageErrors(t *testing.T) {
	cases := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"no project ID", []string{"auth", "login", "--with-secret"}, apitest.Secret, "--project-id is required"},
		{"empty project ID", []string{"auth", "login", "--with-secret", "--project-id", ""}, apitest.Secret, "the project ID is empty"},
		{"colon in project ID", []string{"auth", "login", "--with-secret", "--project-id", "a:b"}, apitest.Secret, "cannot contain ':'"},
		{"demo profile", []string{"auth", "login", "--profile", "demo", "--with-secret", "--project-id", apitest.ProjectID}, apitest.Secret, "built-in demo profile"},
		{"bad profile name", []string{"auth", "login", "--profile", "../x", "--with-secret", "--project-id", apitest.ProjectID}, apitest.Secret, "invalid profile name"},
		{"plain http URL", []string{"auth", "login", "--api-url", "http://example.com", "--with-secret", "--project-id", apitest.ProjectID}, apitest.Secret, "refusing plain http://"},
		{"secret as a flag", []string{"auth", "login", "--secret", apitest.Secret, "--project-id", apitest.ProjectID}, "", "unknown flag: --secret"},
		{"not a terminal", []string{"auth", "login", "--project-id", apitest.ProjectID}, apitest.Secret, "pass --with-secret"},
		{"argument", []string{"auth", "login", "extra", "--project-id", apitest.ProjectID}, "", `unknown command "extra"`},
		{"bad timeout", []string{"auth", "login", "--timeout", "0s", "--with-secret", "--project-id", apitest.ProjectID}, apitest.Secret, "--timeout must be positive"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newAuthHarness(t)
			h.stdin = tc.stdin
			r := h.run(tc.args...)
			r.expect(t, 2, tc.want)
			if h.keyringOps != 0 || len(h.fake.Requests()) != 0 || h.configDirCalls != 0 {
				t.Errorf("usage error touched keyring %d times, config dir %d times, sent %d requests", h.keyringOps, h.configDirCalls, len(h.fake.Requests()))
			}
		})
	}
}

// TestAuthLoginBadSecret: a secret that cannot be right is refused before
// anything is sent or saved.
func TestAuthLoginBadSecret(t *testing.T) {
	for name, tc := range map[string]struct{ stdin, want string }{
		"empty":         {"\n", "no secret given"},
		"spaces inside": {"secret-test one two\n", "spaces, line breaks or control characters"},
		"two lines":     {apitest.Secret + "\n" + apitest.Secret + "\n", "spaces, line breaks or control characters"},
		"project ID":    {apitest.ProjectID + "\n", "looks like a project ID, not a secret"},
		"too long":      {strings.Repeat("s", maxSecretBytes+1), "more than 4096 bytes"},
	} {
		t.Run(name, func(t *testing.T) {
			h := newAuthHarness(t)
			h.stdin = tc.stdin
			r := h.run("auth", "login", "--with-secret", "--project-id", apitest.ProjectID, "--api-url", h.server.URL)
			r.expect(t, 2, tc.want)
			if len(h.fake.Requests()) != 0 || h.configFile() != "" {
				t.Error("a bad secret was sent or saved")
			}
		})
	}
}

// TestAuthLoginNoKeyring: where no keyring answers, login refuses before
// the secret is asked for, explains why, and gives both ways forward.
func TestAuthLoginNoKeyring(t *testing.T) {
	h := newAuthHarness(t)
	h.keyring = failingStore{err: &config.KeyringError{Op: "reading from", Backend: "Secret Service over D-Bus",
		Err: errors.New("dbus: couldn't determine address of session bus")}}
	r := h.login()
	r.expect(t, 1, `logging in as profile "default": reading from the OS keyring (Secret Service over D-Bus): not available: no D-Bus session bus`,
		"export STYTCH_PROJECT_ID="+apitest.ProjectID, "read -rs STYTCH_SECRET",
		"stytchctl auth login --profile default --project-id "+apitest.ProjectID+" --insecure-storage", "stytchctl auth doctor")
	if len(h.fake.Requests()) != 0 || h.configFile() != "" {
		t.Error("sent or saved something without a keyring")
	}
}

func TestAuthLoginInsecureStorage(t *testing.T) {
	h := newAuthHarness(t)
	r := h.login("--insecure-storage", "--profile", "box")
	path := filepath.Join(h.configDir, config.InsecureSecretsFileName)
	r.expect(t, 0, "warning: --insecure-storage", path+" (mode 0600)", `Saved profile "box"`, "unencrypted")
	if h.keyringOps != 0 {
		t.Errorf("--insecure-storage used the keyring %d times", h.keyringOps)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("insecure file: %v %v", fi, err)
	}
	if got := h.secretIn(config.FileStore{Path: path}, "box", apitest.ProjectID); got != apitest.Secret {
		t.Errorf("file holds %q", got)
	}
	if !strings.Contains(h.configFile(), "secret_storage: insecure-file") {
		t.Errorf("config:\n%s", h.configFile())
	}
	// Every use warns.
	for i := 0; i < 2; i++ {
		r = h.run("sessions", "list", "-u", apitest.DemoUserID)
		r.expect(t, 0, `warning: the secret of profile "box" is stored unencrypted in `+path)
	}
}

func TestAuthLoginSecondProfileKeepsActive(t *testing.T) {
	h := newAuthHarness(t)
	h.login().expect(t, 0)
	r := h.login("--profile", "other")
	r.expect(t, 0, `Profile "default" stays active; use this one with --profile other, or make it active with: stytchctl auth switch other`)
	if !strings.Contains(h.configFile(), "active: default") {
		t.Errorf("active changed:\n%s", h.configFile())
	}
}

// TestAuthLoginMovesSecret: logging in again to the same profile with
// another storage moves the secret; the old copy is removed.
func TestAuthLoginMovesSecret(t *testing.T) {
	h := newAuthHarness(t)
	h.login().expect(t, 0)
	h.login("--insecure-storage", "--force").expect(t, 0)
	if got := h.secretIn(h.keyring, "default", apitest.ProjectID); got != "" {
		t.Error("old keyring copy left behind")
	}
	h.login("--force").expect(t, 0)
	if _, err := os.Stat(filepath.Join(h.configDir, config.InsecureSecretsFileName)); !os.IsNotExist(err) {
		t.Errorf("insecure file left behind: %v", err)
	}
	if got := h.secretIn(h.keyring, "default", apitest.ProjectID); got != apitest.Secret {
		t.Error("secret not back in the keyring")
	}
}

func TestAuthLoginLiveAndNotes(t *testing.T) {
	h := newAuthHarness(t)
	h.env["STYTCH_PROJECT_ID"] = "x"
	h.stdin = "secret-live-abc"
	r := h.run("auth", "login", "--profile", "prod", "--with-secret", "--no-verify", "--project-id", liveProjectID)
	r.expect(t, 0, "(LIVE)", "This is a LIVE project", "STYTCH_PROJECT_ID set in your environment take precedence")
	if !strings.Contains(h.configFile(), "environment: live") {
		t.Errorf("config:\n%s", h.configFile())
	}
	// A project ID in an unexpected form is saved with a warning.
	h.stdin = "secret-test-abc"
	r = h.run("auth", "login", "--profile", "odd", "--with-secret", "--no-verify", "--project-id", "proj-123")
	r.expect(t, 0, `warning: "proj-123" does not look like a Stytch project ID`)
}

func TestAuthLoginCorruptConfig(t *testing.T) {
	h := newAuthHarness(t)
	if err := os.MkdirAll(h.configDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.configDir, config.ConfigFileName), []byte("profiles:\n  a:\n    colour: red\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := h.login()
	r.expect(t, 1, filepath.Join(h.configDir, config.ConfigFileName)+`:3: unknown profile setting "colour"`, "correct that line by hand")
	assertNoPanic(t, r)
	if len(h.fake.Requests()) != 0 || h.keyringOps != 0 {
		t.Error("went on despite a corrupt config")
	}
}

func TestAuthLoginEmptyPrompt(t *testing.T) {
	h := newAuthHarness(t)
	h.stdinTTY = true
	h.password = ""
	r := h.run("auth", "login", "--project-id", apitest.ProjectID, "--api-url", h.server.URL)
	r.expect(t, 2, "no secret given")
	if len(h.fake.Requests()) != 0 {
		t.Error("sent a request without a secret")
	}
}

// failingStore is a SecretStore whose every call fails with err.
type failingStore struct{ err error }

func (s failingStore) Get(string) (string, error) { return "", s.err }
func (s failingStore) Set(string, string) error   { return s.err }
func (s failingStore) Delete(string) error        { return s.err }

// TestAuthLoginInterruptedAtPrompt: Ctrl-C while the secret is being
// typed ends the command with 130 and saves nothing.
func TestAuthLoginInterruptedAtPrompt(t *testing.T) {
	h := newAuthHarness(t)
	h.stdinTTY, h.password = true, blockForever
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	r := h.runCtx(ctx, "auth", "login", "--project-id", apitest.ProjectID, "--api-url", h.server.URL)
	r.expect(t, ExitInterrupted, "stytchctl: interrupted")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s to stop", d)
	}
	if len(h.fake.Requests()) != 0 || h.configFile() != "" {
		t.Error("sent or saved after an interrupt")
	}
}

func TestAuthLoginNotesUnsavedEnvURL(t *testing.T) {
	h := newAuthHarness(t)
	h.env["STYTCHCTL_API_URL"] = h.server.URL
	h.stdin = apitest.Secret
	r := h.run("auth", "login", "--with-secret", "--project-id", apitest.ProjectID)
	r.expect(t, 0, "Note: verifying against STYTCHCTL_API_URL="+h.server.URL+"; the profile does not keep that URL")
	if strings.Contains(h.configFile(), "api_url") {
		t.Errorf("config saved the environment's URL:\n%s", h.configFile())
	}
}

// TestAuthLoginVerifiedLineIsSanitised: the request_id that proves the
// credentials comes from the server; escape sequences and a line break in
// it are shown, not obeyed.
func TestAuthLoginVerifiedLineIsSanitised(t *testing.T) {
	h := newAuthHarness(t)
	h.fake.AddFault(apitest.Fault{Status: 404, Body: `{"status_code":404,"error_type":"user_not_found","error_message":"User could not be found.",` +
		`"request_id":"request-id-test-\u001b]52;c;eA==\u0007\nstytchctl: forged"}`})
	r := h.login()
	r.expect(t, 0, `(request_id request-id-test-\x1b]52;c;eA==\x07\nstytchctl: forged).`)
	if strings.ContainsAny(r.stderr, "\x1b\a") || strings.Contains(r.stderr, "\nstytchctl: forged") {
		t.Errorf("stderr has API text raw:\n%q", r.stderr)
	}
}

// TestAuthLoginOversizeConfig: a config file over 1 MiB is refused like a
// corrupt one, with nothing sent or stored, and the hint does not speak of
// a line to correct.
func TestAuthLoginOversizeConfig(t *testing.T) {
	h := newAuthHarness(t)
	if err := os.MkdirAll(h.configDir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(h.configDir, config.ConfigFileName)
	if err := os.WriteFile(path, []byte(strings.Repeat("#\n", 1<<19+1)), 0o600); err != nil {
		t.Fatal(err)
	}
	r := h.login()
	r.expect(t, 1, path+": larger than 1 MiB", "To fix: move the file away and save the profiles again")
	if strings.Contains(r.stderr, "that line") || len(h.fake.Requests()) != 0 || h.keyringOps != 0 {
		t.Errorf("went on despite an oversize config, or spoke of a line:\n%s", r.stderr)
	}
}
