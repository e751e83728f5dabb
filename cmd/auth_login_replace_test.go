package cmd

import (
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// savedState is the config file and the keyring's secret for profile
// "work" of the fake's project, to check that nothing changed.
func (h *harness) savedState() string {
	h.t.Helper()
	return h.configFile() + "|" + h.secretIn(h.keyring, "work", apitest.ProjectID)
}

// TestAuthLoginReplaceNeedsForceWithoutTerminal: without a terminal an
// existing profile is replaced only with --force; nothing is sent or
// saved before.
func TestAuthLoginReplaceNeedsForceWithoutTerminal(t *testing.T) {
	h := newAuthHarness(t)
	h.login("--profile", "work").expect(t, 0)
	before := h.savedState()
	h.fake.ResetRequests()
	ops := h.keyringOps
	r := h.login("--profile", "work")
	r.expect(t, 2, `profile "work" exists (test project `+apitest.ProjectID+`): stdin is not a terminal, so replacing it cannot be asked; pass --force`,
		"Nothing was saved.")
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("sent %d requests", n)
	}
	if h.keyringOps != ops {
		t.Errorf("the keyring was used %d times", h.keyringOps-ops)
	}
	if h.savedState() != before {
		t.Errorf("saved state changed")
	}
	h.login("--profile", "work", "--force").expect(t, 0, `Saved profile "work"`)
}

// TestAuthLoginReplaceAsksOnTerminal: on a terminal the question comes
// before the secret is asked for; only yes replaces the profile.
func TestAuthLoginReplaceAsksOnTerminal(t *testing.T) {
	h := newAuthHarness(t)
	h.login("--profile", "work").expect(t, 0)
	before := h.savedState()
	h.fake.ResetRequests()
	h.stdinTTY, h.password = true, apitest.Secret
	args := []string{"auth", "login", "--profile", "work", "--project-id", apitest.ProjectID, "--api-url", h.server.URL}

	for _, answer := range []string{"\n", "n\n", ""} {
		h.stdin = answer
		r := h.run(args...)
		r.expect(t, 1, `Replace profile "work" (test project `+apitest.ProjectID+`)? [y/N] `,
			`not confirmed: profile "work" was kept and nothing was saved`)
		if strings.Contains(r.stderr, "Secret for") {
			t.Errorf("asked for the secret before the replacement was confirmed:\n%s", r.stderr)
		}
		if len(h.fake.Requests()) != 0 || h.savedState() != before {
			t.Errorf("answer %q: sent or saved something", answer)
		}
	}
	h.stdin = "y\n"
	r := h.run(args...)
	r.expect(t, 0, `Replace profile "work" (test project `+apitest.ProjectID+`)? [y/N] `, "Secret for", `Saved profile "work"`)
	if i, j := strings.Index(r.stderr, "Replace profile"), strings.Index(r.stderr, "Secret for"); i > j {
		t.Errorf("question after the secret prompt:\n%s", r.stderr)
	}
	// --force does not ask.
	h.stdin = ""
	r = h.run(append(args, "--force")...)
	r.expect(t, 0, `Saved profile "work"`)
	if strings.Contains(r.stderr, "Replace profile") {
		t.Errorf("--force asked:\n%s", r.stderr)
	}
	// A new profile name is never asked about.
	r = h.run("auth", "login", "--profile", "other", "--project-id", apitest.ProjectID, "--api-url", h.server.URL)
	r.expect(t, 0, `Saved profile "other"`)
	if strings.Contains(r.stderr, "Replace profile") {
		t.Errorf("asked about a new profile:\n%s", r.stderr)
	}
}

// TestAuthLoginReplaceSaysLive: replacing a test profile by a LIVE
// project (and back) says so in the question.
func TestAuthLoginReplaceSaysLive(t *testing.T) {
	h := newAuthHarness(t)
	h.login("--profile", "work").expect(t, 0)
	h.stdinTTY, h.password, h.stdin = true, "secret-live-abc", "y\n"
	r := h.run("auth", "login", "--profile", "work", "--no-verify", "--project-id", liveProjectID)
	r.expect(t, 0, `Replace profile "work" (test project `+apitest.ProjectID+`) with a LIVE project (`+liveProjectID+`)? [y/N] `,
		"This is a LIVE project")
	if !strings.Contains(h.configFile(), "environment: live") {
		t.Errorf("config:\n%s", h.configFile())
	}
	h.password, h.stdin = apitest.Secret, "no\n"
	r = h.run("auth", "login", "--profile", "work", "--project-id", apitest.ProjectID, "--api-url", h.server.URL)
	r.expect(t, 1, `Replace profile "work" (LIVE project `+liveProjectID+`) with a test project (`+apitest.ProjectID+`)? [y/N] `)
	if !strings.Contains(h.configFile(), "environment: live") {
		t.Errorf("declined, but the config changed:\n%s", h.configFile())
	}
}

// TestAuthLoginSecretOfOtherEnvironment: a test secret for a live
// project, or a live one for a test project, is refused before anything
// is saved or sent, even with --no-verify.
func TestAuthLoginSecretOfOtherEnvironment(t *testing.T) {
	for _, tc := range []struct{ secret, project, want string }{
		{"secret-test-abc", liveProjectID, "that is a test secret (secret-test-…) but " + liveProjectID + " is a live project"},
		{"secret-live-abc", apitest.ProjectID, "that is a live secret (secret-live-…) but " + apitest.ProjectID + " is a test project"},
	} {
		for _, extra := range [][]string{nil, {"--no-verify"}} {
			h := newAuthHarness(t)
			h.stdin = tc.secret
			args := append([]string{"auth", "login", "--with-secret", "--project-id", tc.project, "--api-url", h.server.URL}, extra...)
			r := h.run(args...)
			r.expect(t, 2, tc.want, "Nothing was saved or sent.")
			if len(h.fake.Requests()) != 0 || h.configFile() != "" {
				t.Errorf("%v: sent or saved something", extra)
			}
			if got := h.secretIn(h.keyring, "default", tc.project); got != "" {
				t.Errorf("keyring holds %q", got)
			}
		}
	}
}
