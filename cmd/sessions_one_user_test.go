package cmd

import (
	"strings"
	"testing"
)

// TestOneUserAtATime: sessions devices and sessions watch show one user;
// a list such as sessions list takes is refused as such (exit 2, nothing
// sent), not as a malformed external ID.
func TestOneUserAtATime(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"sessions", "devices", "-u", "a,b"}, []string{
			`stytchctl: sessions devices takes one user at a time: --user "a,b" names 2 users`,
			"Run it once per user. To see several users' sessions together: stytchctl sessions list --user a,b"}},
		{[]string{"sessions", "devices", "--from-file", "saved.json", "--user", "alice-42, bob,carol"}, []string{
			`sessions devices takes one user at a time: --user "alice-42, bob,carol" names 3 users`,
			"stytchctl sessions list --user alice-42,bob,carol"}},
		{[]string{"sessions", "watch", "-u", "a,b"}, []string{
			`stytchctl: sessions watch takes one user at a time: --user "a,b" names 2 users`,
			"Run it once per user. To see several users' sessions together: stytchctl sessions list --user a,b"}},
	} {
		h := newHarness(t)
		r := h.run(tt.args...)
		r.expect(t, ExitUsage, tt.want...)
		if strings.Contains(r.stderr, "malformed") || r.stdout != "" || len(h.fake.Requests()) != 0 {
			t.Errorf("%q: stdout %q, %d requests, stderr:\n%s", tt.args, r.stdout, len(h.fake.Requests()), r.stderr)
		}
	}
	// A list holding an ID that is not valid gets no command to paste; a
	// trailing comma leaves one user, whose ID is then malformed.
	h := newHarness(t)
	r := h.run("sessions", "watch", "-u", "a,b c")
	r.expect(t, ExitUsage, `sessions watch takes one user at a time: --user "a,b c" names 2 users`)
	if strings.Contains(r.stderr, "sessions list") {
		t.Errorf("suggested a bad command:\n%s", r.stderr)
	}
	h.run("sessions", "devices", "-u", "a,").expect(t, ExitUsage, `invalid --user: user ID "a," is malformed`)
	h.run("sessions", "devices", "-u", "alice-42").expect(t, 0)
}

// TestOneUserRepeated: -u a -u b on a command that takes one user is
// refused as -u a,b is, never answered for the last user alone.
func TestOneUserRepeated(t *testing.T) {
	for _, args := range [][]string{
		{"sessions", "devices", "-u", "alice-42", "-u", "emp-00417"},
		{"sessions", "watch", "-u", "alice-42", "--user", "emp-00417"},
		{"users", "get", "-u", "alice-42", "-u", "emp-00417"},
	} {
		h := newHarness(t)
		r := h.run(args...)
		r.expect(t, ExitUsage, args[0]+" "+args[1]+` takes one user at a time: --user "alice-42,emp-00417" names 2 users`)
		if r.stdout != "" || len(h.fake.Requests()) != 0 {
			t.Errorf("%q: stdout %q, %d requests", args, r.stdout, len(h.fake.Requests()))
		}
	}
}
