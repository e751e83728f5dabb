//go:build unix

package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/stytchctl/stytchctl/config"
)

// TestRevokeJournalMustBeARegularFile: a revoke journal that is a symbolic
// link (to a file elsewhere, or to a device node), or is itself not a
// regular file, is refused before any revoke is sent, and by sessions
// journal; what it points at is neither written nor chmodded.
func TestRevokeJournalMustBeARegularFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		// make puts something other than a regular file at path and
		// returns the file to check is untouched ("" when none).
		make func(t *testing.T, path string) string
		want string
	}{
		{"symlink to a file", func(t *testing.T, path string) string {
			target := filepath.Join(t.TempDir(), "precious")
			if err := os.WriteFile(target, []byte("precious\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, path); err != nil {
				t.Fatal(err)
			}
			return target
		}, "is a symbolic link"},
		{"symlink to a device node", func(t *testing.T, path string) string {
			dev := filepath.Join(t.TempDir(), "null")
			if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, int(unix.Mkdev(1, 3))); err != nil {
				t.Skipf("mknod: %v", err)
			}
			if err := os.Symlink(dev, path); err != nil {
				t.Fatal(err)
			}
			return dev
		}, "is a symbolic link"},
		{"hard link to a file", func(t *testing.T, path string) string {
			target := filepath.Join(filepath.Dir(path), "precious")
			if err := os.WriteFile(target, []byte("precious\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = os.Remove(target) })
			if err := os.Link(target, path); err != nil {
				t.Skipf("link: %v", err)
			}
			return target
		}, "has 2 hard links, so writing it would change another file too"},
		{"FIFO", func(t *testing.T, path string) string {
			if err := syscall.Mkfifo(path, 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			return path
		}, "is not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			if err := os.MkdirAll(h.configDir, 0o700); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(h.configDir, journalFileName)
			target := tc.make(t, path)
			t.Cleanup(func() { _ = os.Remove(path) }) // before the harness reads the config dir for leaks
			before, err := os.Stat(target)
			if err != nil {
				t.Fatal(err)
			}
			r := h.run("sessions", "revoke", aliceChrome, "--yes")
			r.expect(t, ExitFailure, "stytchctl: opening the revoke journal: "+path+" "+tc.want, "Nothing was revoked.")
			if b := revokeBodies(h); len(b) != 0 || !h.fake.HasSession(aliceChrome) {
				t.Errorf("a revoke was sent: %v", b)
			}
			// Reading it back refuses it the same way (a FIFO would block).
			r = h.run("sessions", "journal")
			r.expect(t, ExitFailure, "stytchctl: opening the revoke journal: "+path+" "+tc.want, "To fix: move it out of the way")
			if strings.Contains(r.stderr, "revoked") {
				t.Errorf("the read-only sessions journal speaks of revokes:\n%s", r.stderr)
			}
			after, err := os.Stat(target)
			if err != nil || after.Mode() != before.Mode() || after.Size() != before.Size() {
				t.Errorf("%s changed: %v (%v), was %v", target, after.Mode(), err, before.Mode())
			}
		})
	}
}

// TestRevokeJournalThatCannotBeOpenedSaysNothingWasRevoked: a journal that
// cannot be created (its directory is a file) stops the revoke before
// anything is sent, saying so and what to do.
func TestRevokeJournalThatCannotBeOpenedSaysNothingWasRevoked(t *testing.T) {
	h := newHarness(t)
	if err := os.WriteFile(h.configDir, []byte("not a directory\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Remove(h.configDir) })
	r := h.run("sessions", "revoke", aliceChrome, "--yes")
	r.expect(t, ExitFailure, "stytchctl: opening the revoke journal: ", "Nothing was revoked.", "To fix: ", config.EnvConfigDir)
	if b := revokeBodies(h); len(b) != 0 || !h.fake.HasSession(aliceChrome) {
		t.Errorf("a revoke was sent: %v", b)
	}
}
