package config

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// recipeCommandStarts are how the command lines of a keyring recipe
// begin, in the README's shell block and in auth doctor's fixes.
var recipeCommandStarts = []string{"sudo ", "dbus-run-session ", "export ", "read ", "stytchctl ", "printf "}

// recipeCommands returns the lines of text that are commands, trimmed,
// each once, sorted.
func recipeCommands(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		for _, start := range recipeCommandStarts {
			if strings.HasPrefix(line, start) && !slices.Contains(out, line) {
				out = append(out, line)
			}
		}
	}
	slices.Sort(out)
	return out
}

// readmeKeyringBlock returns the README's shell block on machines with no
// keyring: the first ```sh block after the "Headless machines" paragraph.
func readmeKeyringBlock(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "Headless machines and CI")
	if !ok {
		t.Fatal(`README.md has no "Headless machines and CI" paragraph`)
	}
	_, rest, ok = strings.Cut(rest, "```sh\n")
	block, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatal("README.md has no shell block after the headless paragraph")
	}
	return block
}

// TestKeyringRecipeMatchesREADME: the commands auth doctor gives for a
// machine with no D-Bus session bus (start one and log in in it, or
// export the credentials, or --insecure-storage), auth login's error on
// such a machine, and the README's shell block for headless machines are
// the same commands. The recipe lives in doctor.go and credentials.go;
// this test keeps the README in step.
func TestKeyringRecipeMatchesREADME(t *testing.T) {
	sys := fakeSystem("linux", nil, nil)
	var doctor strings.Builder
	for _, f := range sys.DBusFindings(0, nil) {
		doctor.WriteString(f.Text + "\n" + f.Fix + "\n")
	}
	// What doctor adds below the bus: the ways that need no keyring.
	doctor.WriteString(KeyringWaysForward("NAME", "") + "\n")
	readme := recipeCommands(readmeKeyringBlock(t))
	got := recipeCommands(doctor.String())
	if !slices.Equal(got, readme) {
		t.Errorf("auth doctor's recipe and the README's differ:\n doctor: %q\n README: %q", got, readme)
	}

	// auth login's error: the same commands, for its profile and project.
	_, err := newKeyring("t", 0, &countingBackend{}, sys).Get("x")
	login := KeyringErrorHint(err, "NAME", "")
	if got := recipeCommands(login); !slices.Equal(got, readme) {
		t.Errorf("auth login's fixes and the README's differ:\n login:  %q\n README: %q", got, readme)
	}

	// The WSL hint installs what the recipe installs.
	wsl := fakeSystem("linux", map[string]string{"WSL_DISTRO_NAME": "Ubuntu"}, nil)
	for _, f := range wsl.PlatformHints() {
		if strings.Contains(f.Fix, "apt-get") && !strings.Contains(f.Fix, installKeyringCommand) {
			t.Errorf("the WSL hint installs something else than %q: %s", installKeyringCommand, f.Fix)
		}
	}
}
