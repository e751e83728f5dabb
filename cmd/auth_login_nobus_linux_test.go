package cmd

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestAuthLoginStartsNoDBusDaemon runs the built binary's auth login on a
// machine with no D-Bus session bus (no DBUS_SESSION_BUS_ADDRESS, no
// $XDG_RUNTIME_DIR/bus, no /run/user/UID/bus) and counts the dbus-daemon
// processes in /proc before and after. Asked for a bus that is not there,
// godbus runs dbus-launch, whose dbus-daemon outlives stytchctl: one more
// orphan per run. stytchctl must start none, and say that the keyring is
// not available with auth doctor's diagnosis and fixes.
//
// Without dbus-launch nothing could start a daemon, so the count would
// prove nothing: the test skips, or fails where STYTCHCTL_REQUIRE_KEYRING=1
// (CI installs dbus-x11 for it).
func TestAuthLoginStartsNoDBusDaemon(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if sessionBusFile() {
		t.Skipf("this machine has /run/user/%d/bus or dbus-session, where a real session bus answers", os.Getuid())
	}
	if _, err := exec.LookPath("dbus-launch"); err != nil {
		if os.Getenv(envRequireKeyring) == "1" {
			t.Fatalf("%s=1 but there is no dbus-launch (dbus-x11) to show that stytchctl does not start a bus", envRequireKeyring)
		}
		t.Skip("no dbus-launch (install dbus-x11): nothing here could start a dbus-daemon, so counting them proves nothing")
	}
	bin := buildStytchctl(t)
	work := t.TempDir()
	if err := os.Mkdir(filepath.Join(work, "run"), 0o700); err != nil {
		t.Fatal(err)
	}
	// Every process this run starts inherits the marker, so a daemon it
	// left behind is told apart from other users' and other tests'.
	marker := "STYTCHCTL_NOBUS_TEST=" + randomHex(t)
	env := append(withoutEnv(os.Environ(), "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "STYTCH_PROJECT_ID",
		"STYTCH_SECRET", "STYTCHCTL_PROFILE", "STYTCHCTL_CONFIG_DIR", "STYTCHCTL_TEST_KEYRING_FILE"),
		marker, "XDG_RUNTIME_DIR="+filepath.Join(work, "run"), "STYTCHCTL_CONFIG_DIR="+filepath.Join(work, "cfg"),
		"HOME="+filepath.Join(work, "home"), "NO_COLOR=1")

	before := dbusDaemons(t)
	login := exec.Command(bin, "auth", "login", "--project-id", apitest.ProjectID, "--with-secret", "--no-verify")
	login.Env, login.Stdin = env, strings.NewReader(apitest.Secret+"\n")
	var stdout, stderr bytes.Buffer
	login.Stdout, login.Stderr = &stdout, &stderr
	err := login.Run()
	after := dbusDaemons(t)
	var ours []int
	for _, pid := range after {
		if !slices.Contains(before, pid) && processHasEnv(pid, marker) {
			ours = append(ours, pid)
		}
	}
	for _, pid := range ours {
		_ = syscall.Kill(pid, syscall.SIGTERM) // started by this test's run
	}
	t.Logf("dbus-daemon processes: %d before, %d after, %d started by auth login", len(before), len(after), len(ours))
	if len(ours) > 0 {
		t.Errorf("auth login left %d dbus-daemon running (pids %v): stytchctl must never start a bus", len(ours), ours)
	}

	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != ExitFailure {
		t.Fatalf("auth login: %v, want exit %d\nstderr:\n%s", err, ExitFailure, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout %q", stdout.String())
	}
	diagnosis := fmt.Sprintf("DBUS_SESSION_BUS_ADDRESS is not set and /run/user/%d/bus does not exist", os.Getuid())
	for _, want := range []string{"the OS keyring (Secret Service over D-Bus): not available: no D-Bus session bus", diagnosis,
		"stytchctl does not start one", "stytchctl auth doctor"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("auth login's error lacks %q:\n%s", want, stderr.String())
		}
	}
	if _, err := os.Stat(filepath.Join(work, "cfg", "config.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a profile was saved without its secret: %v", err)
	}

	// auth doctor: the same diagnosis, and every command login offers.
	doctor := exec.Command(bin, "auth", "doctor")
	doctor.Env = env
	out, _ := doctor.CombinedOutput()
	if !strings.Contains(string(out), "no D-Bus session bus: "+diagnosis) {
		t.Errorf("auth doctor lacks the diagnosis %q:\n%s", diagnosis, out)
	}
	for _, cmd := range fixCommands(stderr.String()) {
		generic := strings.ReplaceAll(strings.ReplaceAll(cmd, apitest.ProjectID, "project-test-…"), "--profile default", "--profile NAME")
		if !strings.Contains(string(out), cmd) && !strings.Contains(string(out), generic) {
			t.Errorf("auth login offers %q, auth doctor does not:\n%s", cmd, out)
		}
	}
	if n := len(dbusDaemons(t)); n > len(after) {
		t.Logf("%d dbus-daemon processes after auth doctor (others' included)", n)
	}
	for _, pid := range dbusDaemons(t) {
		if !slices.Contains(before, pid) && processHasEnv(pid, marker) {
			_ = syscall.Kill(pid, syscall.SIGTERM)
			t.Errorf("auth doctor left a dbus-daemon running (pid %d)", pid)
		}
	}
}

// fixCommands returns the command lines of a "To fix:" hint: its lines
// indented by six spaces.
func fixCommands(hint string) []string {
	var out []string
	for _, line := range strings.Split(hint, "\n") {
		if strings.HasPrefix(line, "      ") {
			out = append(out, strings.TrimSpace(line))
		}
	}
	return out
}

// buildStytchctl builds the stytchctl binary into a temporary directory.
func buildStytchctl(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "stytchctl")
	build := exec.Command("go", "build", "-o", bin, "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// dbusDaemons returns the IDs of the dbus-daemon processes in /proc.
func dbusDaemons(t *testing.T) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		comm, err := os.ReadFile(filepath.Join("/proc", e.Name(), "comm"))
		if err == nil && strings.TrimSpace(string(comm)) == "dbus-daemon" {
			out = append(out, pid)
		}
	}
	return out
}

// processHasEnv reports whether process pid's environment holds kv.
func processHasEnv(pid int, kv string) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
	return err == nil && slices.Contains(strings.Split(string(b), "\x00"), kv)
}

// withoutEnv returns env without the variables named.
func withoutEnv(env []string, names ...string) []string {
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return slices.Contains(names, name)
	})
}

func randomHex(t *testing.T) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
