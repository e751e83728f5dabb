package cmd

import (
	"encoding/csv"
	"encoding/json"
	"github.com/charmbracelet/x/ansi"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
)

var wideHeader = []string{"session_id", "user_id", "factors", "device", "ip_address", "started_at", "last_accessed_at", "expires_at", "roles", "user_agent", "custom_claims"}

func readCSV(t *testing.T, s string) [][]string {
	t.Helper()
	rd := csv.NewReader(strings.NewReader(s))
	recs, err := rd.ReadAll()
	if err != nil {
		t.Fatalf("stdout is not CSV: %v\n%s", err, s)
	}
	return recs
}

func TestSessionsListCSV(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "-u", apitest.DemoUserID, "-o", "csv", "--tz", "Asia/Tokyo")
	r.expect(t, 0)
	if n := strings.Count(r.stdout, "\r\n"); n != 4 || strings.Count(r.stdout, "\n") != 4 {
		t.Errorf("want 4 CRLF-terminated records (RFC 4180), got:\n%q", r.stdout)
	}
	recs := readCSV(t, r.stdout)
	if !slices.Equal(recs[0], wideHeader) {
		t.Errorf("header = %v", recs[0])
	}
	if len(recs) != 4 {
		t.Fatalf("want header + 3 rows, got %d", len(recs))
	}
	google := recs[2]
	want := map[string]string{
		"session_id":    "session-test-a7c3e1f9-5b2d-4e86-9f0a-3b6d8c1e5a27",
		"user_id":       apitest.DemoUserID,
		"factors":       "Google OAuth + TOTP",
		"ip_address":    "2001:db8:4f2a:91c0::1b7",
		"started_at":    testNow.Add(-26 * time.Hour).Format(time.RFC3339), // UTC despite --tz
		"roles":         "stytch_user,billing_admin",
		"custom_claims": `{"app_tier":"premium"}`,
	}
	for i, k := range wideHeader {
		if w, ok := want[k]; ok && google[i] != w {
			t.Errorf("%s = %q, want %q", k, google[i], w)
		}
	}
	if ua := google[9]; !strings.HasPrefix(ua, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1") || !strings.HasSuffix(ua, "Safari/604.1") {
		t.Errorf("user agent not whole: %q", ua)
	}
	// Fields with commas and quotes are quoted per RFC 4180.
	if !strings.Contains(r.stdout, `,"stytch_user,billing_admin",`) || !strings.Contains(r.stdout, `"{""app_tier"":""premium""}"`) {
		t.Errorf("quoting is not RFC 4180:\n%s", r.stdout)
	}
	for _, rec := range recs[1:] {
		for _, i := range []int{5, 6, 7} {
			if _, err := time.Parse(time.RFC3339, rec[i]); err != nil || !strings.HasSuffix(rec[i], "Z") {
				t.Errorf("%s = %q is not RFC 3339 UTC", wideHeader[i], rec[i])
			}
		}
	}
}

func TestSessionsListCSVEmptyAndHostile(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "-u", apitest.NoActiveSessionsUserID, "-o", "csv")
	r.expect(t, 0)
	if r.stdout != strings.Join(wideHeader, ",")+"\r\n" {
		t.Errorf("empty CSV = %q, want the header alone", r.stdout)
	}
	if r.stderr != "" {
		t.Errorf("stderr = %q: a machine format needs no note", r.stderr)
	}

	// Piped, CSV carries the API's text as it is (quoted); on a terminal,
	// escapes are made visible.
	r = h.run("sessions", "list", "-u", apitest.HostileUserID, "-o", "csv")
	r.expect(t, 0)
	recs := readCSV(t, r.stdout)
	if ua := recs[1][9]; !strings.Contains(ua, "\x1b[31mRED ALERT\x1b[0m") || !strings.Contains(ua, "\nX-Injected") || !strings.Contains(ua, "\u202egpj.exe") {
		t.Errorf("piped CSV changed the user agent: %q", ua)
	}
	h.tty = true
	r = h.run("sessions", "list", "-u", apitest.HostileUserID, "-o", "csv")
	r.expect(t, 0)
	if strings.ContainsRune(r.stdout, '\x1b') || !strings.Contains(r.stdout, `\x1b[31mRED ALERT`) {
		t.Errorf("CSV on a terminal let escapes through: %q", r.stdout)
	}
}

func TestSessionsListWide(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "-u", apitest.DemoUserID, "-o", "wide")
	r.expect(t, 0)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 rows:\n%s", r.stdout)
	}
	cells := strings.Split(lines[1], "\t")
	if len(cells) != 11 {
		t.Fatalf("piped wide row has %d cells, want 11: %q", len(cells), lines[1])
	}
	if cells[1] != apitest.DemoUserID || cells[8] != "stytch_user,billing_admin" || cells[10] != `{"app_tier":"premium"}` ||
		!strings.HasSuffix(cells[9], "Mobile/15E148 Safari/604.1") || !strings.HasSuffix(cells[5], "Z") {
		t.Errorf("wide row = %q", cells)
	}

	// On a terminal: headers, absolute times in --tz, fitted to the width
	// like every table (the added columns go first)...
	h.tty, h.width = true, 80
	h.env["NO_COLOR"] = "1"
	r = h.run("sessions", "list", "-u", apitest.DemoUserID, "-o", "wide", "--tz", "Asia/Tokyo")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "\n4e9b2d7a  ") || !strings.Contains(r.stdout, "203.0.113.42") || !strings.Contains(r.stdout, " JST") {
		t.Errorf("wide table at 80 columns lacks the short session ID, the IP or the time in --tz:\n%s", r.stdout)
	}
	for _, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		if n := ansi.StringWidth(line); n > 80 {
			t.Errorf("wide table line %d columns wide at 80: %q", n, line)
		}
	}
	// ...and, on a terminal wide enough, the full user agent.
	h.width = 500
	r = h.run("sessions", "list", "-u", apitest.DemoUserID, "-o", "wide", "--tz", "Asia/Tokyo")
	r.expect(t, 0)
	for _, want := range []string{"USER ID", "ROLES", "USER AGENT", "CUSTOM CLAIMS", "billing_admin", `{"app_tier":"premium"}`,
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
		testNow.Add(-26*time.Hour).In(mustZone(t, "Asia/Tokyo")).Format("2006-01-02 15:04") + " JST"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("wide terminal table lacks %q:\n%s", want, r.stdout)
		}
	}
	// TZ from the environment when --tz is not given.
	h.env["TZ"] = "America/New_York"
	r = h.run("sessions", "list", "-u", apitest.DemoUserID, "-o", "wide")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, " EDT") {
		t.Errorf("TZ=America/New_York not used for human times:\n%s", r.stdout)
	}
	// An unusable TZ means UTC, as for libc.
	h.env["TZ"] = "Nowhere/Land"
	r = h.run("sessions", "list", "-u", apitest.DemoUserID, "-o", "wide")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, " UTC") {
		t.Errorf("bad TZ did not fall back to UTC:\n%s", r.stdout)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestSessionsListNDJSONSingleUser(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "-u", apitest.FactorZooUserID, "-o", "ndjson")
	r.expect(t, 0)
	got := ndjsonLines(t, r.stdout)
	if want := wantSessions(t, h.fake, apitest.FactorZooUserID); !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("ndjson lines are not the API's sessions, compacted:\n got %q\nwant %q", got, want)
	}
	r = h.run("sessions", "list", "-u", apitest.NoActiveSessionsUserID, "-o", "ndjson")
	r.expect(t, 0)
	if r.stdout != "" || r.stderr != "" {
		t.Errorf("no sessions: stdout %q, stderr %q", r.stdout, r.stderr)
	}
}

func TestSessionsListJSONFilteredKeepsTheResponseObject(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "-u", apitest.DemoUserID, "--factor", "totp", "-o", "json")
	r.expect(t, 0)
	var keys []string
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var sessions []json.RawMessage
	for dec.More() {
		tok, _ := dec.Token()
		k := tok.(string)
		keys = append(keys, k)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		if k == "sessions" {
			if err := json.Unmarshal(v, &sessions); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !slices.Equal(keys, []string{"request_id", "sessions", "status_code"}) {
		t.Errorf("keys = %v, want the API's in its order", keys)
	}
	all := h.fake.Sessions(apitest.DemoUserID)
	if len(sessions) != 1 || compact(t, sessions[0]) != compact(t, all[1]) {
		t.Errorf("filtered sessions = %d, want only the Google+TOTP one, byte for byte", len(sessions))
	}
}

func TestSessionsListJQ(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"strings raw", []string{"-u", apitest.DemoUserID, "--jq", ".sessions[].attributes.ip_address"},
			"203.0.113.42\n2001:db8:4f2a:91c0::1b7\n198.51.100.17\n"},
		{"numbers and objects as compact JSON", []string{"-u", apitest.DemoUserID, "--jq", "(.sessions | length), .status_code, {n: (.sessions | length)}"},
			"3\n200\n{\"n\":3}\n"},
		{"arrays compact", []string{"-u", apitest.DemoUserID, "--jq", ".sessions[1].roles"},
			"[\"stytch_user\",\"billing_admin\"]\n"},
		{"several users, same filter", []string{"-u", apitest.DemoUserID + ",emp-00417", "--jq", "[.sessions[].user_id] | unique | .[]"},
			apitest.DemoUserID + "\n" + kenjiUserID + "\n"},
		{"after filters and sort", []string{"-u", apitest.DemoUserID + ",emp-00417", "--sort-by", "-last-active", "--limit", "2", "--jq", ".sessions[].session_id"},
			"session-test-5f8b2d6a-4e1c-4a97-b3d8-0c7e5a9f2b61\nsession-test-a7c3e1f9-5b2d-4e86-9f0a-3b6d8c1e5a27\n"},
		{"with -o json", []string{"-u", apitest.DemoUserID, "-o", "json", "--jq", ".request_id | startswith(\"request-id-test-\")"},
			"true\n"},
		{"no environment: secrets stay out", []string{"-u", apitest.DemoUserID, "--jq", "$ENV.STYTCH_SECRET, (env | length)"},
			"null\n0\n"},
		{"large numbers survive", []string{"-u", apitest.LosslessUserID, "--jq", "[.. | numbers] | length > 0"},
			"true\n"},
		{"halt ends quietly", []string{"-u", apitest.DemoUserID, "--jq", ".sessions[0].session_id, halt, 1"},
			"session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := h.run(append([]string{"sessions", "list"}, tc.args...)...)
			r.expect(t, 0)
			if r.stdout != tc.want {
				t.Errorf("stdout = %q, want %q", r.stdout, tc.want)
			}
		})
	}

	t.Run("runtime error", func(t *testing.T) {
		r := h.run("sessions", "list", "-u", apitest.DemoUserID, "--jq", `.sessions[0].session_id, error("boom")`)
		r.expect(t, 1, "evaluating --jq: error: boom")
		if r.stdout != "session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14\n" {
			t.Errorf("results before the error were not printed: %q", r.stdout)
		}
	})
}

func TestSessionsListTemplate(t *testing.T) {
	h := newHarness(t)
	tmpl := `{{range .sessions}}{{.session_id | truncate 16}}|{{timeago .last_accessed_at}}|{{timefmt "2006-01-02 15:04 MST" .started_at}}|{{join "+" .roles | upper}}|{{color "red" .attributes.ip_address}}` + "\n" + `{{end}}`
	r := h.run("sessions", "list", "-u", apitest.DemoUserID, "--template", tmpl, "--tz", "Europe/Paris")
	r.expect(t, 0)
	paris := mustZone(t, "Europe/Paris")
	// timeago floors: 14m59.92s is 14m, 1h33m is 1h.
	want := "session-test-4e…|2h ago|" + testNow.Add(-3*24*time.Hour).In(paris).Format("2006-01-02 15:04 MST") + "|STYTCH_USER|203.0.113.42\n" +
		"session-test-a7…|14m ago|" + testNow.Add(-26*time.Hour).Add(418532*time.Microsecond).In(paris).Format("2006-01-02 15:04 MST") + "|STYTCH_USER+BILLING_ADMIN|2001:db8:4f2a:91c0::1b7\n" +
		"session-test-6d…|1h ago|" + testNow.Add(-95*time.Minute).In(paris).Format("2006-01-02 15:04 MST") + "|STYTCH_USER|198.51.100.17\n"
	if r.stdout != want {
		t.Errorf("template output:\n got %q\nwant %q", r.stdout, want)
	}
	if !strings.Contains(r.stdout, "CEST") {
		t.Errorf("--tz Europe/Paris not applied: %q", r.stdout)
	}

	// color colours only on a colour terminal; API text is sanitised there.
	h.tty = true
	r = h.run("sessions", "list", "-u", apitest.HostileUserID, "--template", `{{range .sessions}}{{color "red" "x"}} {{.attributes.user_agent}}{{end}}`)
	r.expect(t, 0)
	if !strings.HasPrefix(r.stdout, "\x1b[31mx\x1b[0m ") || strings.Contains(r.stdout, "\x1b[31mRED") || !strings.Contains(r.stdout, `\x1b[31mRED`) {
		t.Errorf("on a terminal: %q", r.stdout)
	}
	h.env["NO_COLOR"] = "1"
	r = h.run("sessions", "list", "-u", apitest.DemoUserID, "--template", `{{color "green" "ok"}}`)
	if r.stdout != "ok" {
		t.Errorf("NO_COLOR: %q", r.stdout)
	}

	// Several users: the same document shape.
	h.tty = false
	r = h.run("sessions", "list", "-u", apitest.DemoUserID+",emp-00417", "--template", `{{len .sessions}} {{range .sessions}}{{.user_id | truncate 12}} {{end}}`)
	r.expect(t, 0)
	if r.stdout != "5 user-test-0… user-test-0… user-test-0… user-test-b… user-test-b… " {
		t.Errorf("merged template: %q", r.stdout)
	}

	// Execution errors: exit 1 with text/template's message.
	r = h.run("sessions", "list", "-u", apitest.DemoUserID, "--template", `{{range .sessions}}{{timefmt "15:04" .session_id}}{{end}}`)
	r.expect(t, 1, "error calling timefmt", "is not an RFC 3339 time")
	if r.stdout != "" {
		t.Errorf("partial template output: %q", r.stdout)
	}
}

func TestSessionsListOutputUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"bad jq", []string{"--jq", ".sessions["}, []string{"invalid --jq expression: unexpected EOF", "offset 10"}},
		{"bad jq token", []string{"--jq", ".sessions | map(.x) ]"}, []string{"invalid --jq expression: unexpected token \"]\""}},
		{"undefined jq function", []string{"--jq", "nope(1)"}, []string{"invalid --jq expression: function not defined: nope/1"}},
		{"jq with a table", []string{"--jq", ".", "-o", "table"}, []string{"--jq works on the JSON document: use it with -o json or without -o, not -o table"}},
		{"template with csv", []string{"--template", "x", "-o", "csv"}, []string{"--template works on the JSON document", "not -o csv"}},
		{"jq and template", []string{"--jq", ".", "--template", "x"}, []string{"--jq and --template cannot be used together"}},
		{"bad template", []string{"--template", "{{range .sessions}"}, []string{"invalid --template: template: --template:1: bad character"}},
		{"unknown template function", []string{"--template", "{{nope .}}"}, []string{`invalid --template`, `function "nope" not defined`}},
		{"bad tz", []string{"--tz", "Mars/Olympus_Mons"}, []string{`invalid --tz "Mars/Olympus_Mons"`}},
		{"unknown format", []string{"-o", "xml"}, []string{`unknown output format "xml": valid formats are table, wide, json, yaml, ndjson, csv`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.run(append([]string{"sessions", "list", "-u", apitest.DemoUserID}, tc.args...)...)
			r.expect(t, 2, append(tc.want, "--help' for usage")...)
			if r.stdout != "" || len(h.fake.Requests()) != 0 {
				t.Errorf("stdout %q, %d requests", r.stdout, len(h.fake.Requests()))
			}
		})
	}
}

func TestSessionsListOutputHelp(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "list", "-o", "help")
	r.expect(t, 0)
	for _, f := range []string{"table", "wide", "json", "yaml", "ndjson", "csv", "--jq", "--template"} {
		if !strings.Contains(r.stdout, f) {
			t.Errorf("-o help lacks %q:\n%s", f, r.stdout)
		}
	}
	if len(h.fake.Requests()) != 0 || r.stderr != "" {
		t.Errorf("-o help sent %d requests, stderr %q", len(h.fake.Requests()), r.stderr)
	}
	r = h.run("sessions", "list", "--help")
	r.expect(t, 0)
	for _, f := range []string{"--users-file", "--concurrency", "--factor", "--ip", "--user-agent", "--started-after", "--started-before",
		"--idle-for", "--expires-within", "--sort-by", "--limit", "--jq", "--template", "--tz", "table, wide, json, yaml, ndjson, csv"} {
		if !strings.Contains(flatHelp(r.stdout), f) {
			t.Errorf("--help lacks %q", f)
		}
	}
}

// TestSessionsListCSVFormulaInjection: end users choose their user agents;
// one that a spreadsheet would run as a formula is written after a ' in
// -o csv, and as it is with --csv-raw.
func TestSessionsListCSVFormulaInjection(t *testing.T) {
	const user = "user-test-cccccccc-0000-4000-8000-00000000000b"
	const ua = `=cmd|' /C calc'!A0`
	h := newHarness(t)
	h.fake.AddUser(user, rawSession("session-test-cccccccc-0000-4000-8000-000000000003", user, ua, "192.0.2.7"))

	r := h.run("sessions", "list", "-u", user, "-o", "csv")
	r.expect(t, 0)
	if got := readCSV(t, r.stdout)[1][9]; got != "'"+ua {
		t.Errorf("user_agent cell = %q, want %q", got, "'"+ua)
	}
	r = h.run("sessions", "list", "-u", user, "-o", "csv", "--csv-raw")
	r.expect(t, 0)
	if got := readCSV(t, r.stdout)[1][9]; got != ua {
		t.Errorf("--csv-raw user_agent cell = %q, want %q", got, ua)
	}
	// Other formats carry the API's text as it is: --csv-raw means nothing
	// there, so it is a usage error.
	r = h.run("sessions", "list", "-u", user, "-o", "ndjson")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, `"user_agent":"=cmd|' /C calc'!A0"`) {
		t.Errorf("ndjson changed the user agent:\n%s", r.stdout)
	}
	h.fake.ResetRequests()
	r = h.run("sessions", "list", "-u", user, "--csv-raw")
	r.expect(t, ExitUsage, "--csv-raw changes -o csv only, not -o table")
	if len(h.fake.Requests()) != 0 {
		t.Errorf("a usage error sent %d requests", len(h.fake.Requests()))
	}
}
