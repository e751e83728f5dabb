package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// saveOutput runs args (a command printing JSON) and writes its stdout
// to name in a temporary directory, appending when the file exists.
func saveOutput(t *testing.T, h *harness, path string, args ...string) {
	t.Helper()
	r := h.run(args...)
	r.expect(t, ExitOK)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(r.stdout); err != nil {
		t.Fatal(err)
	}
}

// TestFromFileUserByExternalID: a saved sessions listing names its users
// by user ID only. --user with an external ID (or a user whose sessions
// the file does not hold) is never answered "no active sessions": the
// command says which users the file holds and how to name them, exit 2,
// nothing sent. A user document saved in the same file (users get -o
// json) names the user by external ID too, and then --user finds her.
func TestFromFileUserByExternalID(t *testing.T) {
	h := newHarness(t)
	path := filepath.Join(t.TempDir(), "alice.json")
	saveOutput(t, h, path, "sessions", "list", "-u", "alice-42", "-o", "json")
	sent := len(h.fake.Requests())

	for _, cmd := range [][]string{{"sessions", "devices"}, {"sessions", "audit"}} {
		for user, hint := range map[string]string{
			"alice-42":            "A saved sessions listing names users by user ID only: give --user one of those, or save the user in the same file to name them by external ID: stytchctl users get alice-42 -o json >> " + path,
			apitest.HostileUserID: "Give --user one of those, or add that user's sessions to the file: stytchctl sessions list -u " + apitest.HostileUserID + " -o json >> " + path,
		} {
			r := h.run(append(cmd, "--from-file", path, "--user", user, "-o", "json")...)
			r.expect(t, ExitUsage,
				`--from-file `+path+` holds no sessions of user "`+user+`"`,
				"it holds the sessions of 1 user: "+apitest.DemoUserID+" (3 sessions)", hint)
			if r.stdout != "" {
				t.Errorf("%s --user %s: stdout %q", cmd, user, r.stdout)
			}
		}
	}
	if n := len(h.fake.Requests()); n != sent {
		t.Errorf("--from-file sent %d requests", n-sent)
	}

	// The user saved alongside: her external ID now names her.
	saveOutput(t, h, path, "users", "get", "alice-42", "-o", "json")
	sent = len(h.fake.Requests())
	byID := h.run("sessions", "devices", "--from-file", path, "--user", apitest.DemoUserID, "-o", "json")
	byID.expect(t, ExitOK)
	byExternal := h.run("sessions", "devices", "--from-file", path, "--user", "alice-42", "-o", "json")
	byExternal.expect(t, ExitOK)
	if byExternal.stdout != byID.stdout || !strings.Contains(byID.stdout, aliceChrome) {
		t.Errorf("devices by external ID:\n%s\nby user ID:\n%s", byExternal.stdout, byID.stdout)
	}
	audit := h.run("sessions", "audit", "--from-file", path, "--user", "alice-42", "--stale-after", "1m", "-o", "ndjson")
	audit.expect(t, ExitOK)
	auditByID := h.run("sessions", "audit", "--from-file", path, "--user", apitest.DemoUserID, "--stale-after", "1m", "-o", "ndjson")
	if audit.stdout != auditByID.stdout || !strings.Contains(audit.stdout, apitest.DemoUserID) {
		t.Errorf("audit by external ID:\n%s\nby user ID:\n%s", audit.stdout, auditByID.stdout)
	}
	// Without --user every saved user is audited; the user document is
	// no session and no user of its own.
	all := h.run("sessions", "audit", "--from-file", path, "--stale-after", "1m", "-o", "ndjson")
	all.expect(t, ExitOK)
	if all.stdout != auditByID.stdout {
		t.Errorf("audit of the whole file:\n%s", all.stdout)
	}
	if n := len(h.fake.Requests()); n != sent {
		t.Errorf("--from-file sent %d requests", n-sent)
	}
}

// TestFromFileEmptyListing: a saved listing with no sessions at all says
// nothing about whose it was, so --user gets the empty answer it always
// got (a user without sessions lists like this).
func TestFromFileEmptyListing(t *testing.T) {
	h := newHarness(t)
	path := filepath.Join(t.TempDir(), "empty.json")
	saveOutput(t, h, path, "sessions", "list", "-u", apitest.NoActiveSessionsUserID, "-o", "json")
	r := h.run("sessions", "audit", "--from-file", path, "--user", apitest.NoActiveSessionsUserID, "-o", "json")
	r.expect(t, ExitOK)
	if !strings.Contains(r.stdout, `"findings":[]`) {
		t.Errorf("stdout %q", r.stdout)
	}
}
