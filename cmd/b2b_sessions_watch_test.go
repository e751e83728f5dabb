package cmd

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// watchMemberID is the member the b2b watch tests add to the demo
// organization, so that they can change its sessions poll by poll.
const (
	watchMemberID    = "member-test-5a1c9e3f-2b7d-4c68-9e04-7f3a1d6b8c25"
	watchMemberEmail = "wren.okafor@northwind.example"
)

// memberSessionJSON is a raw member session of the watch member in the
// demo organization, signed in with factor ("sso" is SAML SSO, anything
// else an email OTP).
func memberSessionJSON(id, factor string, roles ...string) json.RawMessage {
	f := map[string]any{"type": "email_otp", "delivery_method": "email", "email_factor": map[string]any{"email_address": watchMemberEmail}}
	if factor == "sso" {
		f = map[string]any{"type": "sso", "delivery_method": "sso_saml", "saml_sso_factor": map[string]any{"provider_id": "saml-connection-test-1", "external_id": "wren"}}
	}
	b, _ := json.Marshal(map[string]any{
		"member_session_id": id, "member_id": watchMemberID,
		"started_at":             testNow.Add(-time.Hour).Format(time.RFC3339),
		"last_accessed_at":       testNow.Add(-time.Minute).Format(time.RFC3339),
		"expires_at":             testNow.Add(24 * time.Hour).Format(time.RFC3339),
		"authentication_factors": []any{f},
		"organization_id":        apitest.DemoOrganizationID, "roles": roles,
		"organization_slug": apitest.DemoOrganizationSlug, "custom_claims": map[string]any{},
	})
	return b
}

// setWatchMember gives the watch member exactly these sessions.
func setWatchMember(t *testing.T, h *harness, sessions ...json.RawMessage) {
	t.Helper()
	raw, _ := json.Marshal(map[string]any{"organization_id": apitest.DemoOrganizationID, "member_id": watchMemberID,
		"email_address": watchMemberEmail, "external_id": "emp-9902", "name": "Wren Okafor", "status": "active"})
	if err := h.fake.AddMember(raw, sessions...); err != nil {
		t.Fatal(err)
	}
}

// TestB2BSessionsWatchEvents: the member's sessions at the start are
// ADDED, a new one ADDED, gone ones REMOVED, each at the time of its poll,
// polled every --interval ± 10% from GET /v1/b2b/sessions; Ctrl-C is 130.
// By email, the member is looked up once, then polled by its ID.
func TestB2BSessionsWatchEvents(t *testing.T) {
	a := memberSessionJSON("session-test-ma", "sso", "stytch_member")
	b := memberSessionJSON("session-test-mb", "otp", "stytch_member", "billing")
	c := memberSessionJSON("session-test-mc", "otp", "stytch_admin")
	for _, who := range [][]string{{"--member", watchMemberID}, {"--email", watchMemberEmail}} {
		h := newHarness(t)
		setWatchMember(t, h, a, b)
		w, ctx := newWatchScript(h,
			func() { setWatchMember(t, h, a, b, c) },
			func() {},
			func() { setWatchMember(t, h, c) },
		)
		r := h.runCtx(ctx, append([]string{"b2b", "sessions", "watch", "--org", apitest.DemoOrganizationSlug, "--interval", "30s"}, who...)...)
		r.expect(t, ExitInterrupted)
		if r.stderr != "stytchctl: interrupted\n" {
			t.Errorf("%v: stderr = %q", who, r.stderr)
		}
		at := func(i int) string {
			sum := time.Duration(0)
			for _, d := range w.waits[:i] {
				sum += d
			}
			return testNow.Add(sum).UTC().Format(time.RFC3339)
		}
		want := at(0) + "\tADDED\tsession-test-ma\tSAML SSO\tstytch_member\n" +
			at(0) + "\tADDED\tsession-test-mb\tEmail OTP\tstytch_member, billing\n" +
			at(1) + "\tADDED\tsession-test-mc\tEmail OTP\tstytch_admin\n" +
			at(3) + "\tREMOVED\tsession-test-ma\tSAML SSO\tstytch_member\n" +
			at(3) + "\tREMOVED\tsession-test-mb\tEmail OTP\tstytch_member, billing\n"
		if r.stdout != want {
			t.Errorf("%v: stdout:\n%s\nwant:\n%s", who, r.stdout, want)
		}
		for _, d := range w.waits {
			if d < 27*time.Second || d > 33*time.Second {
				t.Errorf("wait %s is not 30s ± 10%%", d)
			}
		}
		var got []string
		for _, req := range h.fake.Requests() {
			got = append(got, req.Method+" "+req.Path+"?"+req.RawQuery)
		}
		poll := "GET /v1/b2b/sessions?member_id=" + watchMemberID + "&organization_id=" + apitest.DemoOrganizationSlug
		want = strings.Repeat(poll+"\n", 4)
		if who[0] == "--email" {
			want = "GET /v1/b2b/organizations/" + apitest.DemoOrganizationSlug + "/member?email_address=wren.okafor%40northwind.example\n" + want
		}
		if g := strings.Join(got, "\n") + "\n"; g != want {
			t.Errorf("%v: requests\n%s\nwant\n%s", who, g, want)
		}
	}
}

// TestB2BSessionsWatchNDJSON: one JSON object per event, with the member
// and organization IDs as Stytch names them and the session as sent.
func TestB2BSessionsWatchNDJSON(t *testing.T) {
	h := newHarness(t)
	a := memberSessionJSON("session-test-ma", "sso", "stytch_member")
	setWatchMember(t, h, a)
	_, ctx := newWatchScript(h, func() { setWatchMember(t, h) })
	r := h.runCtx(ctx, "b2b", "sessions", "watch", "--org", "nw-001", "--member", "emp-9902", "-o", "ndjson", "--interval", "1m")
	r.expect(t, ExitInterrupted)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("stdout:\n%s", r.stdout)
	}
	for i, event := range []string{"added", "removed"} {
		var ev struct {
			Event          string          `json:"event"`
			At             string          `json:"at"`
			MemberID       string          `json:"member_id"`
			OrganizationID string          `json:"organization_id"`
			Session        json.RawMessage `json:"session"`
		}
		if err := json.Unmarshal([]byte(lines[i]), &ev); err != nil {
			t.Fatal(err)
		}
		if ev.Event != event || ev.MemberID != watchMemberID || ev.OrganizationID != apitest.DemoOrganizationID || string(ev.Session) != string(a) {
			t.Errorf("line %d = %s", i, lines[i])
		}
		if _, err := time.Parse(time.RFC3339, ev.At); err != nil {
			t.Errorf("at %q: %v", ev.At, err)
		}
	}
}

// TestB2BSessionsWatchBacksOff: failed polls back off as sessions watch
// does and are not taken for removals.
func TestB2BSessionsWatchBacksOff(t *testing.T) {
	h := newHarness(t)
	setWatchMember(t, h, memberSessionJSON("session-test-ma", "sso", "stytch_member"))
	w, ctx := newWatchScript(h,
		func() { h.fake.AddFault(apitest.Fault{Status: 503, Path: "/v1/b2b/sessions", Times: 6}) },
		func() {},
		func() {},
	)
	r := h.runCtx(ctx, "b2b", "sessions", "watch", "--org", apitest.DemoOrganizationID, "--member", watchMemberID, "--interval", "10s")
	r.expect(t, ExitInterrupted, "stytchctl: warning: polling sessions of member "+watchMemberID+" in organization "+apitest.DemoOrganizationID+": ",
		"trying again in 20s", "trying again in 40s")
	if strings.Count(r.stdout, "ADDED") != 1 || strings.Contains(r.stdout, "REMOVED") {
		t.Errorf("a failed poll must not look like removals:\n%s", r.stdout)
	}
	assertWaits(t, w.waits, 10*time.Second, 20*time.Second, 40*time.Second, 10*time.Second)
}

// TestB2BSessionsWatchTerminalFits: on a terminal every event line fits
// 80 and 120 columns, the session by its short ID.
func TestB2BSessionsWatchTerminalFits(t *testing.T) {
	const id = "session-test-7d2f9b4e-3a1c-4e86-b5f0-2c8e6a1d9f37"
	for _, width := range []int{80, 120} {
		h := newHarness(t)
		setWatchMember(t, h, memberSessionJSON(id, "sso", "stytch_member", "northwind-finance-approvers", "northwind-procurement-admins"))
		h.tty, h.width = true, width
		_, ctx := newWatchScript(h, func() { setWatchMember(t, h) })
		r := h.runCtx(ctx, "b2b", "sessions", "watch", "--org", apitest.DemoOrganizationSlug, "--member", watchMemberID)
		r.expect(t, ExitInterrupted)
		for i, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
			if w := lipgloss.Width(line); w > width {
				t.Errorf("%d: line %d is %d wide: %q", width, i+1, w, line)
			}
		}
		plain := stripANSI(r.stdout)
		if strings.Count(plain, "  7d2f9b4e  ") != 2 || !strings.Contains(plain, "REMOVED") || !strings.Contains(plain, "northwind-procurement-admins") {
			t.Errorf("%d:\n%s", width, plain)
		}
	}
}

// b2bWatchGoldenCases pin the first frame of b2b sessions watch on the
// demo organization at 80, 120 and 200 columns and piped.
func b2bWatchGoldenCases() []goldenCase {
	return []goldenCase{
		{name: "b2b_sessions_watch.one_frame", args: []string{"b2b", "sessions", "watch", "--org", apitest.DemoOrganizationSlug, "--email", apitest.DemoMemberEmail},
			views: documentViews(), code: ExitInterrupted, run: runOneWatchFrame},
	}
}

// TestB2BSessionsWatchUsage: bad flags are exit 2, nothing sent.
func TestB2BSessionsWatchUsage(t *testing.T) {
	org := []string{"--org", apitest.DemoOrganizationSlug}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--member", watchMemberID}, "--org is required"},
		{org, "--member or --email is required"},
		{append(org, "--member", "emp-1", "--email", "a@northwind.example"), "--member and --email cannot be used together"},
		{append(org, "--member", "emp-1,emp-2"), `takes one member at a time: --member "emp-1,emp-2" names 2 members`},
		{append(org, "--email", "not-an-address"), "invalid --email"},
		{append(org, "--member", "a@b.example"), "looks like an email address; use --email"},
		{append(org, "--member", "emp-1", "--interval", "1s"), "invalid --interval 1s: want 5s to 24h"},
		{append(org, "--member", "emp-1", "-o", "json"), "-o json: stytchctl b2b sessions watch streams events: use -o table or ndjson"},
		{[]string{"--org", "a/b", "--member", "emp-1"}, "invalid --org"},
		{append(org, "--member", "emp-1", "extra"), `takes no arguments (members are --member or --email): unexpected "extra"`},
	} {
		h := newHarness(t)
		r := h.run(append([]string{"b2b", "sessions", "watch"}, tt.args...)...)
		r.expect(t, ExitUsage, tt.want)
		if r.stdout != "" || len(h.fake.Requests()) != 0 {
			t.Errorf("%q: stdout %q, %d requests", tt.args, r.stdout, len(h.fake.Requests()))
		}
	}
}

// TestB2BSessionsWatchStops: an unknown organization or member (3) and
// bad credentials (4) end the watch at once, with nothing on stdout.
func TestB2BSessionsWatchStops(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"--org", "no-such-org", "--member", watchMemberID}, ExitNotFound,
			[]string{"stytchctl: unknown organization no-such-org: organization_not_found", "request_id request-id-test-", "b2b orgs search"}},
		{[]string{"--org", apitest.DemoOrganizationSlug, "--member", "emp-0000"}, ExitNotFound,
			[]string{"stytchctl: unknown member emp-0000 in organization northwind-traders: member_not_found"}},
		{[]string{"--org", apitest.DemoOrganizationSlug, "--email", "nobody@northwind.example"}, ExitNotFound,
			[]string{"stytchctl: unknown member with email address nobody@northwind.example in organization northwind-traders: member_not_found"}},
	} {
		h := newHarness(t)
		_, ctx := newWatchScript(h)
		r := h.runCtx(ctx, append([]string{"b2b", "sessions", "watch"}, tt.args...)...)
		r.expect(t, tt.code, tt.want...)
		if r.stdout != "" || len(h.fake.Requests()) != 1 {
			t.Errorf("%v: stdout %q, requests %v", tt.args, r.stdout, describe(h.fake.Requests()))
		}
	}
	h := newHarness(t)
	h.env["STYTCH_SECRET"] = "secret-test-wrong"
	_, ctx := newWatchScript(h)
	h.runCtx(ctx, "b2b", "sessions", "watch", "--org", apitest.DemoOrganizationSlug, "--member", watchMemberID).expect(t, ExitAuth, "unauthorized_credentials")
}

// assertWaits fails t unless a watch waited want, each ± the 10% jitter.
func assertWaits(t *testing.T, waits []time.Duration, want ...time.Duration) {
	t.Helper()
	if len(waits) != len(want) {
		t.Fatalf("waits = %v, want %v", waits, want)
	}
	for i, d := range waits {
		if lo, hi := want[i]*9/10, want[i]*11/10; d < lo || d > hi {
			t.Errorf("wait %d = %s, want %s ± 10%%", i, d, want[i])
		}
	}
}

// TestB2BSessionsWatchHostileRoles: text from Stytch reaches the terminal
// sanitised, and piped output stays one TSV line per event.
func TestB2BSessionsWatchHostileRoles(t *testing.T) {
	for _, tty := range []bool{true, false} {
		h := newHarness(t)
		setWatchMember(t, h, memberSessionJSON("session-test-mh", "otp", "evil\x1b]52;c;aGk=\x07role", "tab\there\nline"))
		h.tty, h.width = tty, 80
		h.env["NO_COLOR"] = "1"
		_, ctx := newWatchScript(h)
		r := h.runCtx(ctx, "b2b", "sessions", "watch", "--org", apitest.DemoOrganizationSlug, "--member", watchMemberID)
		r.expect(t, ExitInterrupted)
		if strings.ContainsAny(r.stdout, "\x1b\x07") || !strings.Contains(r.stdout, "role") {
			t.Errorf("tty %v: stdout %q", tty, r.stdout)
		}
		if !tty && (strings.Count(r.stdout, "\n") != 1 || strings.Count(r.stdout, "\t") != 4) {
			t.Errorf("piped event not one TSV line: %q", r.stdout)
		}
	}
}
