package cmd

import (
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestAuthLogoutActiveNeedsYesWithoutTerminal: the active profile is
// removed without a terminal only with --yes; another profile is not
// asked about.
func TestAuthLogoutActiveNeedsYesWithoutTerminal(t *testing.T) {
	h := twoProfiles(t)
	cfg, ops := h.configFile(), h.keyringOps
	for _, args := range [][]string{{"auth", "logout"}, {"auth", "logout", "--profile", "work"}} {
		r := h.run(args...)
		r.expect(t, 2, `logging out of profile "work": it is the active profile and stdin is not a terminal, so nothing can be asked; pass --yes`,
			"Nothing was changed.")
	}
	if h.configFile() != cfg || h.keyringOps != ops || h.secretIn(h.keyring, "work", apitest.ProjectID) != apitest.Secret {
		t.Error("something changed without --yes")
	}
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("sent %d requests", n)
	}
	// box is not the active profile: no question.
	h.run("auth", "logout", "--profile", "box").expect(t, 0, `Logged out of profile "box"`)
	h.run("auth", "logout", "-y").expect(t, 0, `Logged out of profile "work"`)
}

// TestAuthLogoutActiveAsksOnTerminal: on a terminal only yes removes the
// active profile.
func TestAuthLogoutActiveAsksOnTerminal(t *testing.T) {
	h := twoProfiles(t)
	h.stdinTTY = true
	cfg := h.configFile()
	question := `Log out of the active profile "work" (test project ` + apitest.ProjectID + `) and remove its secret from the OS keyring (`
	for _, answer := range []string{"", "\n", "n\n"} {
		h.stdin = answer
		r := h.run("auth", "logout")
		r.expect(t, 1, question, `not confirmed: profile "work" was kept and nothing was changed`)
		if h.configFile() != cfg || h.secretIn(h.keyring, "work", apitest.ProjectID) != apitest.Secret {
			t.Errorf("answer %q changed something", answer)
		}
	}
	h.stdin = "yes\n"
	r := h.run("auth", "logout")
	r.expect(t, 0, question, `Logged out of profile "work"`)
	if strings.Contains(h.configFile(), "work") || h.secretIn(h.keyring, "work", apitest.ProjectID) != "" {
		t.Errorf("not removed:\n%s", h.configFile())
	}
	// box is not active now: no question.
	h.stdin = ""
	r = h.run("auth", "logout", "--profile", "box")
	r.expect(t, 0, `Logged out of profile "box"`)
	if strings.Contains(r.stderr, "[y/N]") {
		t.Errorf("asked:\n%s", r.stderr)
	}
}

// TestDeclinedPromptsDocumented: help exit-codes gives the exit status of
// every prompt that can be declined: revoke, auth login replacing a
// profile, auth logout of the active one.
func TestDeclinedPromptsDocumented(t *testing.T) {
	r := newHarness(t).run("help", "exit-codes")
	r.expect(t, ExitOK)
	text := strings.Join(strings.Fields(r.stdout), " ")
	for _, want := range []string{
		"A revoke declined at its prompt (any answer but y or yes) exits 1",
		"auth login replacing a profile and auth logout of the active one ask the same way: declined, exit 1",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("help exit-codes lacks %q", want)
		}
	}
}
