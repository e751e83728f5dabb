package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// addIncident gives Alice the demo profile's three sessions worth acting on.
func addIncident(_ *testing.T, h *harness) { h.fake.AddDemoIncident() }

// inspectGoldenCases pin the inspect screen: Alice with the demo's
// incident (critical, warnings, the next steps), the hostile user (locked,
// escape sequences in names and agents), Priya's 29 factors and a user
// without sessions.
func inspectGoldenCases() []goldenCase {
	color := goldenView{suffix: "table.w120.color", tty: true, width: 120, color: true}
	return []goldenCase{
		{name: "inspect.incident", args: []string{"inspect", apitest.DemoEmail}, setup: addIncident,
			views: append(documentViews(), color)},
		{name: "inspect.hostile", args: []string{"inspect", apitest.HostileUserID}, views: documentViews()},
		{name: "inspect.factor_zoo", args: []string{"inspect", apitest.FactorZooExternalID}, views: terminalViews()[:2]},
		{name: "inspect.no_sessions", args: []string{"inspect", apitest.NoActiveSessionsUserID}, views: terminalViews()[:1]},
		{name: "inspect.member", args: []string{"inspect", "--org", apitest.DemoOrganizationSlug, apitest.DemoMemberEmail}, views: terminalViews()[:2]},
	}
}

// inspectDoc is the -o json document of inspect.
type inspectDoc struct {
	User     json.RawMessage   `json:"user"`
	Sessions []json.RawMessage `json:"sessions"`
	Devices  []struct {
		Device   string   `json:"device"`
		Sessions []string `json:"sessions"`
	} `json:"devices"`
	Findings []struct {
		Severity  string `json:"severity"`
		Rule      string `json:"rule"`
		SessionID string `json:"session_id"`
	} `json:"findings"`
}

func decodeInspect(t *testing.T, out string) inspectDoc {
	t.Helper()
	var doc inspectDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return doc
}

// TestInspectDocumentShape: one document, its four keys in order; the
// user and the sessions byte for byte as the API sent them (false, "",
// [] and {} included), devices and findings as sessions devices and
// sessions audit print them, critical first.
func TestInspectDocumentShape(t *testing.T) {
	h := newHarness(t)
	h.fake.AddDemoIncident()
	r := h.run("inspect", "alice-42", "-o", "json")
	r.expect(t, ExitOK)
	if !strings.HasPrefix(r.stdout, `{"user":{`) || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("want one compact document starting with the user, got:\n%s", r.stdout)
	}
	var top map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	if err := dec.Decode(&top); err != nil {
		t.Fatal(err)
	}
	var keys []string
	tokens := json.NewDecoder(strings.NewReader(r.stdout))
	tokens.Token()
	for tokens.More() {
		k, _ := tokens.Token()
		keys = append(keys, k.(string))
		var skip json.RawMessage
		tokens.Decode(&skip)
	}
	if got := strings.Join(keys, ","); got != "user,sessions,devices,findings" {
		t.Errorf("keys = %s", got)
	}
	doc := decodeInspect(t, r.stdout)
	if want := compact(t, h.fake.UserObject(apitest.DemoUserID)); string(doc.User) != want {
		t.Errorf("user is not the API's object as sent:\n got %s\nwant %s", doc.User, want)
	}
	if len(doc.Sessions) != 6 || len(doc.Devices) != 6 {
		t.Errorf("%d sessions on %d devices, want 6 on 6", len(doc.Sessions), len(doc.Devices))
	}
	var rules []string
	for _, f := range doc.Findings {
		rules = append(rules, f.Severity+" "+f.Rule+" "+f.SessionID)
	}
	want := "critical impersonated " + apitest.IncidentImpersonatedSessionID + "|" +
		"warning device-mismatch " + apitest.IncidentMismatchSessionID + "|" +
		"warning idle " + apitest.IncidentIdleSessionID + "|" +
		"warning long-lifetime " + apitest.IncidentIdleSessionID
	if got := strings.Join(rules, "|"); got != want {
		t.Errorf("findings:\n got %s\nwant %s", got, want)
	}

	// Ben's sessions hold false, "", [], {} and null, and no roles key:
	// they come through untouched.
	r = h.run("inspect", apitest.LosslessUserID, "-o", "json")
	r.expect(t, ExitOK)
	doc = decodeInspect(t, r.stdout)
	stored := h.fake.Sessions(apitest.LosslessUserID)
	if len(doc.Sessions) != len(stored) {
		t.Fatalf("%d sessions, want %d", len(doc.Sessions), len(stored))
	}
	for i := range stored {
		if string(doc.Sessions[i]) != compact(t, stored[i]) {
			t.Errorf("session %d changed:\n got %s\nwant %s", i, doc.Sessions[i], stored[i])
		}
	}

	// YAML is the same document.
	r = h.run("inspect", apitest.LosslessUserID, "-o", "yaml")
	r.expect(t, ExitOK)
	for _, want := range []string{"user:\n", "sessions:\n", "devices:\n", "findings:", "beta_opt_in: false", `nickname: ""`, "feature_flags: []", "preferences: {}"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("yaml lacks %q:\n%s", want, r.stdout)
		}
	}
}

// timedRequest is one request as the server saw it: when it arrived and
// when its answer was written.
type timedRequest struct {
	path       string
	start, end time.Time
}

// requestTimer records when each request reached the fake and left it.
type requestTimer struct {
	mu   sync.Mutex
	seen []timedRequest
}

func (rt *requestTimer) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		next.ServeHTTP(w, r)
		rt.mu.Lock()
		rt.seen = append(rt.seen, timedRequest{r.URL.Path, start, time.Now()})
		rt.mu.Unlock()
	})
}

func (rt *requestTimer) byPath(t *testing.T) map[string]timedRequest {
	t.Helper()
	rt.mu.Lock()
	defer rt.mu.Unlock()
	out := map[string]timedRequest{}
	for _, r := range rt.seen {
		if _, dup := out[r.path]; dup {
			t.Fatalf("%s requested twice", r.path)
		}
		out[r.path] = r
	}
	return out
}

func overlap(a, b timedRequest) bool { return a.start.Before(b.end) && b.start.Before(a.end) }

// TestInspectFetchesConcurrently: with 50 ms of latency on every answer,
// the user and the sessions are asked for at the same time (each request
// starts before the other's answer), so inspect by ID takes about one
// request's time, not two. For an email address the search comes first.
func TestInspectFetchesConcurrently(t *testing.T) {
	timer := &requestTimer{}
	h := newWrappedHarness(t, timer.wrap)
	h.fake.SetLatency(50 * time.Millisecond)
	h.run("inspect", "alice-42", "-o", "json").expect(t, ExitOK)
	seen := timer.byPath(t)
	user, sessions := seen["/v1/users/alice-42"], seen["/v1/sessions"]
	if user.start.IsZero() || sessions.start.IsZero() || len(seen) != 2 {
		t.Fatalf("requests: %+v", seen)
	}
	if !overlap(user, sessions) {
		t.Errorf("user %v–%v and sessions %v–%v were fetched one after the other", user.start, user.end, sessions.start, sessions.end)
	}

	timer.seen = nil
	h.run("inspect", apitest.DemoEmail, "-o", "json").expect(t, ExitOK)
	seen = timer.byPath(t)
	search, user, sessions := seen["/v1/users/search"], seen["/v1/users/"+apitest.DemoUserID], seen["/v1/sessions"]
	if search.start.IsZero() || user.start.IsZero() || sessions.start.IsZero() {
		t.Fatalf("requests: %+v", seen)
	}
	if user.start.Before(search.end) || sessions.start.Before(search.end) {
		t.Errorf("the user or the sessions were asked for before the search answered")
	}
	if !overlap(user, sessions) {
		t.Errorf("after the search, user and sessions were fetched one after the other")
	}
}

// TestInspectNotFoundAndAmbiguous: no such user (by ID, by email), or an
// address shared by two users: exit 3 or 1 with the reason and the way
// forward, nothing on stdout.
func TestInspectNotFoundAndAmbiguous(t *testing.T) {
	h := newHarness(t)
	const unknown = "user-test-99999999-9999-4999-8999-999999999999"
	r := h.run("inspect", unknown)
	r.expect(t, ExitNotFound, "getting user "+unknown+": user_not_found", "request_id")
	if r.stdout != "" {
		t.Errorf("stdout: %s", r.stdout)
	}

	h.fake.ResetRequests()
	r = h.run("inspect", "nobody@example.com")
	r.expect(t, ExitNotFound, "no user has that address", "users search --email-contains")
	if reqs := describe(h.fake.Requests()); len(reqs) != 1 || r.stdout != "" {
		t.Errorf("requests %v, stdout %q: want the search alone and nothing printed", reqs, r.stdout)
	}

	if err := h.fake.SetUserProfile([]byte(`{"user_id":"` + secondAliceID + `","status":"active","emails":[{"email_id":"email-test-x","email":"alice.nakamura@example.com","verified":false}]}`)); err != nil {
		t.Fatal(err)
	}
	h.fake.ResetRequests()
	r = h.run("inspect", apitest.DemoEmail)
	r.expect(t, ExitFailure, "belongs to 2 users", apitest.DemoUserID, secondAliceID, "stytchctl inspect USER_ID")
	if len(h.fake.Requests()) != 1 || r.stdout != "" {
		t.Errorf("stdout %q, %d requests: want only the search", r.stdout, len(h.fake.Requests()))
	}
}

// TestInspectNoSessions: a user without active sessions is shown, with
// "none active", no findings and no next steps; exit 0.
func TestInspectNoSessions(t *testing.T) {
	h := newHarness(t)
	h.tty, h.width = true, 80
	h.env["NO_COLOR"] = "1"
	r := h.run("inspect", apitest.NoActiveSessionsUserID)
	r.expect(t, ExitOK)
	for _, want := range []string{"Dmitri Ivanovich Volkov", "Sessions  none active"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("screen lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "Next steps") || strings.Contains(r.stdout, "Findings") {
		t.Errorf("nothing to act on, yet:\n%s", r.stdout)
	}
	h.tty = false
	r = h.run("inspect", apitest.NoActiveSessionsUserID, "-o", "json")
	r.expect(t, ExitOK)
	if !strings.HasSuffix(r.stdout, `,"sessions":[],"devices":[],"findings":[]}`+"\n") {
		t.Errorf("document: %s", r.stdout)
	}
}

// TestInspectPartialFailure: when one of the two requests fails, what the
// other fetched is still shown (on the screen and in the document, the
// missing part null), the failure is on stderr with its error_type and
// request_id, and the exit code is the failure's.
func TestInspectPartialFailure(t *testing.T) {
	h := newHarness(t)
	h.tty, h.width = true, 80
	h.env["NO_COLOR"] = "1"
	h.fake.AddFault(apitest.Fault{Path: "/v1/sessions", Status: 503, Times: 3})
	r := h.run("inspect", "alice-42")
	r.expect(t, ExitFailure, "listing sessions of user alice-42: internal_server_error", "request_id")
	for _, want := range []string{"Alice Nakamura", "alice.nakamura@example.com ✓", "Sessions  could not be listed (the error is on stderr)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("screen lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "Findings") {
		t.Errorf("findings claimed without sessions:\n%s", r.stdout)
	}

	h.tty = false
	h.fake.AddFault(apitest.Fault{Path: "/v1/sessions", Status: 429, Times: 3})
	r = h.run("inspect", "alice-42", "-o", "json")
	r.expect(t, ExitRateLimited, "too_many_requests")
	doc := decodeInspect(t, r.stdout)
	if !bytes.Contains([]byte(r.stdout), []byte(`"sessions":null,"devices":null,"findings":null}`)) || len(doc.User) < 10 {
		t.Errorf("document: %s", r.stdout)
	}

	// The user failed, the sessions came: they are shown.
	h.tty = true
	h.fake.AddFault(apitest.Fault{Path: "/v1/users/alice-42", Status: 500, Times: 3})
	r = h.run("inspect", "alice-42")
	r.expect(t, ExitFailure, "getting user alice-42: internal_server_error")
	for _, want := range []string{"Person  could not be fetched (the error is on stderr)", "Sessions  3 active on 3 devices", "4e9b2d7a"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("screen lacks %q:\n%s", want, r.stdout)
		}
	}

	// Both failed: nothing to show, the user's failure.
	h.fake.AddFault(apitest.Fault{Path: "/v1/users/alice-42", Status: 401, Times: 1})
	h.fake.AddFault(apitest.Fault{Path: "/v1/sessions", Status: 500, Times: 3})
	r = h.run("inspect", "alice-42")
	r.expect(t, ExitAuth, "getting user alice-42: unauthorized_credentials")
	if r.stdout != "" {
		t.Errorf("stdout: %s", r.stdout)
	}
}

// TestInspectFailOn: --fail-on as in sessions audit: exit 6 when a finding
// at or above the level is found, after the screen is printed.
func TestInspectFailOn(t *testing.T) {
	h := newHarness(t)
	h.fake.AddDemoIncident()
	r := h.run("inspect", "alice-42", "--fail-on", "critical")
	r.expect(t, ExitCheckFailed, "1 finding at or above critical (--fail-on critical)")
	if !strings.Contains(r.stdout, "impersonated") {
		t.Errorf("the screen was not printed:\n%s", r.stdout)
	}
	r = h.run("inspect", "alice-42", "--fail-on", "warn", "-o", "json")
	r.expect(t, ExitCheckFailed, "4 findings at or above warning")
	r = h.run("inspect", "emp-00417", "--fail-on", "info")
	r.expect(t, ExitOK)
}

// TestInspectBadInput: every mistake is exit 2 with the reason, before
// anything is sent.
func TestInspectBadInput(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"inspect"}, "inspect needs exactly one person"},
		{[]string{"inspect", "a", "b"}, "got 2 arguments"},
		{[]string{"inspect", "alice@"}, "invalid"},
		{[]string{"inspect", "alice 42"}, "invalid WHO"},
		{[]string{"inspect", "alice-42", "--fail-on", "severe"}, "invalid --fail-on"},
		{[]string{"inspect", "alice-42", "-o", "csv"}, "-o csv: stytchctl inspect prints one document: use -o table, json or yaml"},
		{[]string{"inspect", "alice-42", "--timeout", "0s"}, "--timeout must be positive"},
	}
	for _, c := range cases {
		h := newHarness(t)
		r := h.run(c.args...)
		r.expect(t, ExitUsage, c.want)
		if n := len(h.fake.Requests()); n != 0 || r.stdout != "" {
			t.Errorf("%v: %d requests sent, stdout %q", c.args, n, r.stdout)
		}
	}
}

// TestInspectDemo: the demo profile, offline, shows Alice's incident: the
// impossible travel from Lagos (the demo's GeoIP databases), an
// impersonation, a device mismatch and an idle session, with the commands
// to revoke them.
func TestInspectDemo(t *testing.T) {
	var out, errb bytes.Buffer
	deps := &Deps{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		StdoutTTY: true, TermWidth: func() int { return 80 },
		LookupEnv:  func(k string) (string, bool) { return map[string]string{"NO_COLOR": "1"}[k], k == "NO_COLOR" },
		Now:        func() time.Time { return testNow },
		HTTPClient: &http.Client{Transport: failingTransport{}},
		Build:      BuildInfo{Version: "t"},
	}
	code := Run(context.Background(), deps, []string{"inspect", "--profile", "demo", apitest.DemoEmail})
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"critical  6d1f8b3e  impossible-travel: Lagos, NG while San Francisco, US",
		"critical  c3f7a1e9  impersonated", "warning   e5b2d8f4  device-mismatch", "9f1c6e3a  idle",
		"stytchctl sessions revoke 6d1f8b3e c3f7a1e9 e5b2d8f4 9f1c6e3a -u alice-42 \\\n    --profile demo"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo screen lacks %q:\n%s", want, out.String())
		}
	}
}

// TestInspectMember: --org inspects a member: by email (looked up in the
// organization first) or by member ID (the member and the sessions at the
// same time); the document names the member; unknown members and bad
// organizations are exit 3 and 2.
func TestInspectMember(t *testing.T) {
	timer := &requestTimer{}
	h := newWrappedHarness(t, timer.wrap)
	h.fake.SetLatency(30 * time.Millisecond)
	r := h.run("inspect", "--org", apitest.DemoOrganizationSlug, apitest.DemoMemberID, "-o", "json")
	r.expect(t, ExitOK)
	seen := timer.byPath(t)
	member, sessions := seen["/v1/b2b/organizations/"+apitest.DemoOrganizationID+"/member"], seen["/v1/b2b/sessions"]
	if member.start.IsZero() || sessions.start.IsZero() || !overlap(member, sessions) {
		t.Errorf("member and sessions not fetched at the same time: %+v", seen)
	}
	var doc struct {
		Member struct {
			MemberID string `json:"member_id"`
		} `json:"member"`
		Sessions []json.RawMessage `json:"sessions"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.Member.MemberID != apitest.DemoMemberID || len(doc.Sessions) != 2 {
		t.Errorf("document (%v): %s", err, r.stdout)
	}
	h.fake.SetLatency(0)

	r = h.run("inspect", "--org", apitest.DemoOrganizationSlug, "nobody@northwind.example")
	r.expect(t, ExitNotFound, "unknown member with email address nobody@northwind.example in organization northwind-traders")
	h.fake.ResetRequests()
	for _, args := range [][]string{
		{"inspect", "--org", "north/wind", apitest.DemoMemberID},
		{"inspect", "--org", apitest.DemoOrganizationSlug, " " + apitest.DemoMemberID},
		{"inspect", "--org", apitest.DemoOrganizationSlug, "priya@"},
	} {
		r = h.run(args...)
		r.expect(t, ExitUsage, "invalid")
	}
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("%d requests sent for bad input", n)
	}
}

// TestInspectNextStepsRun: the commands of the next steps are exact: run
// with --dry-run, the first revokes the three flagged sessions and the
// second every session but the newest unflagged one.
func TestInspectNextStepsRun(t *testing.T) {
	h := newHarness(t)
	h.fake.AddDemoIncident()
	h.tty, h.width = true, 120
	h.env["NO_COLOR"] = "1"
	r := h.run("inspect", "alice-42")
	r.expect(t, ExitOK)
	var commands [][]string
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(line, "stytchctl sessions revoke ") {
			commands = append(commands, strings.Fields(line)[1:])
		}
	}
	if len(commands) != 2 {
		t.Fatalf("want 2 revoke commands, got %v in:\n%s", commands, r.stdout)
	}
	h.tty = false
	wants := []string{
		apitest.IncidentImpersonatedSessionID + "," + apitest.IncidentMismatchSessionID + "," + apitest.IncidentIdleSessionID,
		"session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14,session-test-a7c3e1f9-5b2d-4e86-9f0a-3b6d8c1e5a27," +
			apitest.IncidentImpersonatedSessionID + "," + apitest.IncidentMismatchSessionID + "," + apitest.IncidentIdleSessionID,
	}
	for i, args := range commands {
		dry := h.run(append(args, "--dry-run", "-o", "json")...)
		dry.expect(t, ExitOK)
		if got := decodeSessionIDs(t, dry.stdout); got != wants[i] {
			t.Errorf("%v would revoke\n %s\nwant\n %s", args, got, wants[i])
		}
	}
}

// TestInspectInterrupted: Ctrl-C while the requests are out ends the run
// with 130 and prints nothing.
func TestInspectInterrupted(t *testing.T) {
	h := newHarness(t)
	h.fake.SetLatency(time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	r := h.runCtx(ctx, "inspect", "alice-42")
	r.expect(t, ExitInterrupted, "interrupted")
	if r.stdout != "" || time.Since(start) > 900*time.Millisecond {
		t.Errorf("stdout %q after %v", r.stdout, time.Since(start))
	}
}

// TestInspectMemberFailures: an unknown member ID is exit 3 naming the
// member and the organization; member sessions that cannot be listed
// leave the member shown, null sessions in the document and the failure's
// exit code.
func TestInspectMemberFailures(t *testing.T) {
	h := newHarness(t)
	const unknown = "member-test-99999999-9999-4999-8999-999999999999"
	r := h.run("inspect", "--org", apitest.DemoOrganizationSlug, unknown)
	r.expect(t, ExitNotFound, "unknown member "+unknown+" in organization northwind-traders: member_not_found")
	if r.stdout != "" {
		t.Errorf("stdout: %s", r.stdout)
	}
	h.fake.AddFault(apitest.Fault{Path: "/v1/b2b/sessions", Status: 500, Times: 3})
	r = h.run("inspect", "--org", apitest.DemoOrganizationSlug, apitest.DemoMemberEmail, "-o", "json")
	r.expect(t, ExitFailure, "listing sessions of member "+apitest.DemoMemberID+" in organization northwind-traders: internal_server_error")
	if !strings.HasPrefix(r.stdout, `{"member":{`) || !strings.Contains(r.stdout, `"sessions":null,"devices":null,"findings":null}`) {
		t.Errorf("document: %s", r.stdout)
	}
}

// TestInspectMemberFindingsAreAuditFindings: inspect --org prints a
// member's findings in the shape b2b sessions audit -o json does
// (member_id, no device, IP or place fields), finding for finding.
func TestInspectMemberFindingsAreAuditFindings(t *testing.T) {
	h := newHarness(t)
	in := h.run("inspect", "--org", apitest.DemoOrganizationSlug, "emp-8812", "-o", "json", "--jq", ".findings")
	in.expect(t, ExitOK)
	audit := h.run("b2b", "sessions", "audit", "--org", apitest.DemoOrganizationSlug, "--member", "emp-8812", "-o", "json", "--jq", ".findings")
	audit.expect(t, ExitOK)
	if in.stdout != audit.stdout || !strings.Contains(in.stdout, `"member_id"`) || strings.Contains(in.stdout, `"ip_address"`) {
		t.Errorf("inspect --org findings:\n%s\nb2b sessions audit findings:\n%s", in.stdout, audit.stdout)
	}
}

// TestInspectNotAUserPointsToOrg: a member's address or external ID given
// without --org is no user (exit 3), and the hint says --org finds
// members; the original next step stays.
func TestInspectNotAUserPointsToOrg(t *testing.T) {
	h := newHarness(t)
	r := h.run("inspect", apitest.DemoMemberEmail)
	r.expect(t, ExitNotFound, "no user has that address", "users search --email-contains", "stytchctl inspect --org ORG WHO")
	r = h.run("inspect", "emp-7731")
	r.expect(t, ExitNotFound, "user_not_found", "request_id", "stytchctl inspect --org ORG WHO")
}
