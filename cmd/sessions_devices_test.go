package cmd

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// rawSession builds one session object as Stytch sends it, started,
// last active and expiring relative to testNow; edit changes the map.
func rawSession(id, user, ua, ip string, edit ...func(m map[string]any)) json.RawMessage {
	m := map[string]any{
		"session_id":       id,
		"user_id":          user,
		"started_at":       testNow.Add(-2 * time.Hour).Format(time.RFC3339),
		"last_accessed_at": testNow.Add(-time.Minute).Format(time.RFC3339),
		"expires_at":       testNow.Add(5 * 24 * time.Hour).Format(time.RFC3339),
		"attributes":       map[string]any{"ip_address": ip, "user_agent": ua},
		"authentication_factors": []any{
			map[string]any{"type": "magic_link", "delivery_method": "email", "email_factor": map[string]any{"email_address": "a@example.com"}},
			map[string]any{"type": "totp", "delivery_method": "authenticator_app"},
		},
		"custom_claims": map[string]any{},
		"roles":         []string{"stytch_user"},
	}
	for _, e := range edit {
		e(m)
	}
	b, _ := json.Marshal(m)
	return b
}

const (
	uaTestMac     = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
	uaTestAndroid = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36"
	uaTestWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0"
)

// devicesUser is a user with two sessions on one Mac, one on an Android
// phone and one without a user agent.
const devicesUser = "user-test-d0000000-0000-4000-8000-00000000000d"

func addDevicesUser(h *harness) {
	h.fake.AddUser(devicesUser,
		rawSession("session-test-mac-1", devicesUser, uaTestMac, "203.0.113.1"),
		rawSession("session-test-mac-2", devicesUser, uaTestMac, "203.0.113.2", func(m map[string]any) {
			m["last_accessed_at"] = testNow.Add(-3 * time.Hour).Format(time.RFC3339)
			m["started_at"] = testNow.Add(-4 * 24 * time.Hour).Format(time.RFC3339)
		}),
		rawSession("session-test-phone", devicesUser, uaTestAndroid, "2001:db8::1", func(m map[string]any) {
			m["last_accessed_at"] = testNow.Add(-10 * time.Minute).Format(time.RFC3339)
		}),
		rawSession("session-test-nua", devicesUser, "", ""),
	)
}

type devicesDoc struct {
	Devices []struct {
		Device         string   `json:"device"`
		Browser        *string  `json:"browser"`
		BrowserVersion *string  `json:"browser_version"`
		OS             *string  `json:"os"`
		Type           string   `json:"type"`
		Sessions       []string `json:"sessions"`
		IPAddresses    []string `json:"ip_addresses"`
		FirstStarted   *string  `json:"first_started_at"`
		LastActive     *string  `json:"last_active_at"`
		Factors        []string `json:"factors"`
	} `json:"devices"`
}

func TestSessionsDevicesJSON(t *testing.T) {
	h := newHarness(t)
	addDevicesUser(h)
	r := h.run("sessions", "devices", "--user", devicesUser, "-o", "json")
	r.expect(t, 0)
	var doc devicesDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	var got []string
	for _, d := range doc.Devices {
		got = append(got, d.Device+" = "+strings.Join(d.Sessions, ",")+" ips "+strings.Join(d.IPAddresses, ","))
	}
	want := []string{
		"Chrome 126 · macOS 10.15.7 · desktop = session-test-mac-1,session-test-mac-2 ips 203.0.113.1,203.0.113.2",
		"Chrome 126 · Android 14 · phone = session-test-phone ips 2001:db8::1",
		"unknown device = session-test-nua ips ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("devices:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	mac := doc.Devices[0]
	if *mac.Browser != "Chrome" || *mac.BrowserVersion != "126" || *mac.OS != "macOS" || mac.Type != "desktop" ||
		*mac.FirstStarted != "2026-05-31T10:00:00Z" || *mac.LastActive != "2026-06-04T09:59:00Z" ||
		strings.Join(mac.Factors, ",") != "Email magic link,TOTP" {
		t.Errorf("mac group = %+v", mac)
	}
	unknown := doc.Devices[2]
	if unknown.Browser != nil || unknown.OS != nil || unknown.Type != "unknown" || unknown.IPAddresses == nil {
		t.Errorf("unknown group = %+v", unknown)
	}
	reqs := h.fake.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/v1/sessions" || reqs[0].Query.Get("user_id") != devicesUser {
		t.Errorf("requests = %+v", reqs)
	}
}

func TestSessionsDevicesTimelineOnTerminal(t *testing.T) {
	h := newHarness(t)
	addDevicesUser(h)
	h.tty, h.width = true, 120
	h.env["NO_COLOR"] = "1"
	r := h.run("sessions", "devices", "-u", devicesUser)
	r.expect(t, 0)
	for _, want := range []string{
		"Chrome 126 · macOS 10.15.7 · desktop  2 sessions\n  IPs:     203.0.113.1, 203.0.113.2\n  Factors: Email magic link, TOTP\n",
		"  session-test-mac-2  ━━━━━━━━━━━━━━━━━●──────────────────────  started 4d ago · active 3h ago · expires in 5d\n",
		"  session-test-mac-1  ●───────────────────────────────────────  started 2h ago · active 1m ago · expires in 5d\n",
		"unknown device  1 session\n",
		"timeline: started ━ active ● last active ┄ idle │ now ─ expires",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "\x1b[") {
		t.Errorf("NO_COLOR output has escapes:\n%q", r.stdout)
	}
	// With colour, the timeline is styled by lipgloss.
	delete(h.env, "NO_COLOR")
	h.env["CLICOLOR_FORCE"] = "1"
	r = h.run("sessions", "devices", "-u", devicesUser)
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "\x1b[") {
		t.Errorf("colour output has no escapes:\n%q", r.stdout)
	}
}

func TestSessionsDevicesPipedTable(t *testing.T) {
	h := newHarness(t)
	addDevicesUser(h)
	r := h.run("sessions", "devices", "-u", devicesUser)
	r.expect(t, 0)
	want := "Chrome 126 · macOS 10.15.7 · desktop\t2\t203.0.113.1, 203.0.113.2\tEmail magic link, TOTP\t2026-05-31T10:00:00Z\t2026-06-04T09:59:00Z\n" +
		"Chrome 126 · Android 14 · phone\t1\t2001:db8::1\tEmail magic link, TOTP\t2026-06-04T08:00:00Z\t2026-06-04T09:50:00Z\n" +
		"unknown device\t1\t\tEmail magic link, TOTP\t2026-06-04T08:00:00Z\t2026-06-04T09:59:00Z\n"
	if r.stdout != want {
		t.Errorf("stdout:\n%q\nwant\n%q", r.stdout, want)
	}
}

func TestSessionsDevicesByEmail(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "devices", "--email", apitest.DemoEmail, "-o", "ndjson")
	r.expect(t, 0)
	if n := strings.Count(r.stdout, "\n"); n != 3 || !strings.Contains(r.stdout, `"device":"Safari 17 · iOS 17.5.1 · phone"`) {
		t.Errorf("alice's devices (%d lines):\n%s", n, r.stdout)
	}
	reqs := h.fake.Requests()
	if len(reqs) != 2 || reqs[0].Path != "/v1/users/search" || reqs[1].Query.Get("user_id") != apitest.DemoUserID {
		t.Fatalf("requests = %+v", reqs)
	}
	var body struct {
		Limit int `json:"limit"`
		Query struct {
			Operator string `json:"operator"`
			Operands []struct {
				FilterName  string   `json:"filter_name"`
				FilterValue []string `json:"filter_value"`
			} `json:"operands"`
		} `json:"query"`
	}
	if err := json.Unmarshal(reqs[0].Body, &body); err != nil || body.Limit != 2 || body.Query.Operator != "AND" ||
		len(body.Query.Operands) != 1 || body.Query.Operands[0].FilterName != "email_address" ||
		strings.Join(body.Query.Operands[0].FilterValue, ",") != apitest.DemoEmail {
		t.Errorf("search body = %s (%v)", reqs[0].Body, err)
	}

	r = h.run("sessions", "devices", "--email", "nobody@example.com")
	r.expect(t, ExitNotFound, "stytchctl: finding the user with email address nobody@example.com: no user has that address (request_id request-id-test-")
	if r.stdout != "" {
		t.Errorf("stdout = %q", r.stdout)
	}
}

func TestSessionsDevicesUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{}, "--user, --email or --from-file is required"},
		{[]string{"--email", "a@example.com", "--user", "alice-42"}, "--email cannot be combined"},
		{[]string{"--email", "not an email"}, "invalid --email"},
		{[]string{"--user", "bad id with spaces"}, "invalid --user"},
		{[]string{"--user", "alice-42", "-o", "nope"}, "nope"},
		{[]string{"--from-file", "/does/not/exist"}, "reading --from-file"},
	} {
		h := newHarness(t)
		r := h.run(append([]string{"sessions", "devices"}, tt.args...)...)
		r.expect(t, ExitUsage, tt.want)
		if r.stdout != "" || len(h.fake.Requests()) != 0 {
			t.Errorf("%q: stdout %q, %d requests", tt.args, r.stdout, len(h.fake.Requests()))
		}
	}
}

// offline makes h a machine with no credentials and no network: any
// request fails, and the fake would see nothing.
func offline(h *harness) {
	h.env = map[string]string{}
	h.httpClient = &http.Client{Transport: failingTransport{}}
}

func TestSessionsDevicesFromFileOffline(t *testing.T) {
	h := newHarness(t)
	addDevicesUser(h)
	saved := h.run("sessions", "list", "-u", devicesUser, "-u", apitest.DemoUserID, "-o", "json")
	saved.expect(t, 0)
	one := h.run("sessions", "list", "-u", devicesUser, "-o", "json")
	one.expect(t, 0)
	nd := h.run("sessions", "list", "-u", devicesUser, "-o", "ndjson")
	nd.expect(t, 0)
	online := h.run("sessions", "devices", "-u", devicesUser, "-o", "json")
	h.fake.ResetRequests()

	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	offline(h)
	for name, args := range map[string][]string{
		"single response": {"--from-file", write("one.json", one.stdout)},
		"merged, --user":  {"--from-file", write("two.json", saved.stdout), "--user", devicesUser},
		"ndjson":          {"--from-file", write("one.ndjson", nd.stdout)},
	} {
		r := h.run(append([]string{"sessions", "devices", "-o", "json"}, args...)...)
		r.expect(t, 0)
		if r.stdout != online.stdout {
			t.Errorf("%s: offline output differs from online:\n%s\nwant\n%s", name, r.stdout, online.stdout)
		}
	}
	h.stdin = nd.stdout
	r := h.run("sessions", "devices", "--from-file", "-", "-o", "json")
	r.expect(t, 0)
	if r.stdout != online.stdout {
		t.Errorf("stdin: offline output differs:\n%s", r.stdout)
	}
	r = h.run("sessions", "devices", "--from-file", filepath.Join(dir, "two.json"))
	r.expect(t, ExitUsage, "holds the sessions of 2 users: pick one with --user")
	r = h.run("sessions", "devices", "--from-file", write("bad.json", `{"sessions": [1]}`))
	r.expect(t, ExitUsage, "value 1: \"sessions\" is not an array of sessions")
	r = h.run("sessions", "devices", "--from-file", write("trunc.json", one.stdout[:len(one.stdout)/2]))
	r.expect(t, ExitUsage, "value 1 is not valid JSON")
	r = h.run("sessions", "devices", "--from-file", write("empty.json", ""))
	r.expect(t, ExitUsage, "is empty")
	r = h.run("sessions", "devices", "--from-file", write("other.json", `{"user_id": "x"}`))
	r.expect(t, ExitUsage, "holds users but no sessions")
	r = h.run("sessions", "devices", "--from-file", write("other.json", `{"request_id": "x"}`))
	r.expect(t, ExitUsage, `neither "sessions" nor "session_id"`)
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("offline runs sent %d requests", n)
	}
}
