package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

func TestB2BRevokeMember(t *testing.T) {
	h := newHarness(t)
	// Dry run: the member's sessions, as listed, nothing revoked.
	r := h.run("b2b", "sessions", "revoke", "--organization", apitest.DemoOrganizationSlug, "--member", apitest.DemoMemberID, "--all", "--dry-run", "-o", "json")
	r.expect(t, ExitOK, "Dry run: 2 member sessions in project "+apitest.ProjectID+" (test) would be revoked; nothing was sent.")
	var doc struct {
		MemberSessions []struct {
			ID string `json:"member_session_id"`
		} `json:"member_sessions"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.MemberSessions) != 2 ||
		doc.MemberSessions[0].ID != apitest.DemoMemberSessionSAML || doc.MemberSessions[1].ID != apitest.DemoMemberSessionMagicLink {
		t.Errorf("dry run %v\n%s", err, r.stdout)
	}
	if b := revokeBodies(h); len(b) != 0 {
		t.Errorf("dry run sent %v", b)
	}

	// Piped without --yes: refused, nothing sent.
	h.fake.ResetRequests()
	r = h.run("b2b", "sessions", "revoke", "--organization", apitest.DemoOrganizationSlug, "--member", apitest.DemoMemberID, "--all")
	r.expect(t, ExitUsage, "stdin is not a terminal")
	if len(h.fake.Requests()) != 0 {
		t.Error("sent without --yes")
	}

	// Exactly the previewed sessions, one request each by
	// member_session_id, never by member_id (which would also end sessions
	// started after the listing, unpreviewed and unjournalled).
	r = h.run("b2b", "sessions", "revoke", "--organization", apitest.DemoOrganizationSlug, "--member", apitest.DemoMemberID, "--all", "--yes", "--reason", "offboarding", "-o", "json")
	r.expect(t, ExitOK, "About to revoke 2 member sessions", "FACTORS", "SAML SSO", "(Member sessions carry no IP address or user agent.)", "2 member sessions: 2 revoked.")
	if strings.Contains(r.stderr, "  IP  ") {
		t.Errorf("preview has an IP column:\n%s", r.stderr)
	}
	b := revokeBodies(h)
	slices.Sort(b)
	want := []string{
		`POST /v1/b2b/sessions/revoke {"member_session_id":"` + apitest.DemoMemberSessionMagicLink + `"}`,
		`POST /v1/b2b/sessions/revoke {"member_session_id":"` + apitest.DemoMemberSessionSAML + `"}`,
	}
	slices.Sort(want)
	if !slices.Equal(b, want) {
		t.Errorf("revokes %v\nwant %v", b, want)
	}
	rows := decodeResults(t, r.stdout)
	if len(rows) != 2 || rows[0].MemberID != apitest.DemoMemberID || rows[0].Result != "revoked" ||
		rows[0].SessionID != apitest.DemoMemberSessionSAML || rows[1].SessionID != apitest.DemoMemberSessionMagicLink ||
		rows[0].RequestID == "" || rows[0].RequestID == rows[1].RequestID {
		t.Errorf("rows %+v", rows)
	}
	// The journal holds exactly the previewed sessions (in the order the
	// answers came).
	j := readJournalFile(t, h)
	var journalled []string
	for _, e := range j {
		journalled = append(journalled, e.SessionID)
		if e.MemberID != apitest.DemoMemberID || e.OrganizationID != apitest.DemoOrganizationID ||
			e.Reason != "offboarding" || e.Operator != testOperator || e.UserID != "" || e.Result != "revoked" {
			t.Errorf("journal entry %+v", e)
		}
	}
	slices.Sort(journalled)
	if wantIDs := []string{apitest.DemoMemberSessionMagicLink, apitest.DemoMemberSessionSAML}; !slices.Equal(journalled, slices.Sorted(slices.Values(wantIDs))) {
		t.Errorf("journalled %v", journalled)
	}

	// Nothing left: nothing sent.
	h.fake.ResetRequests()
	r = h.run("b2b", "sessions", "revoke", "--organization", apitest.DemoOrganizationSlug, "--member", apitest.DemoMemberID, "--all", "--yes")
	r.expect(t, ExitOK, "Nothing to revoke: no active member sessions match.")
	if b := revokeBodies(h); len(b) != 0 {
		t.Errorf("sent %v", b)
	}
}

func TestB2BRevokeSessions(t *testing.T) {
	h := newHarness(t)
	r := h.run("b2b", "sessions", "revoke",
		"--session", apitest.DemoMemberSessionSAML+","+noSession, "--yes", "-o", "json")
	r.expect(t, ExitNotFound, "2 member sessions: 1 revoked, 1 not found.")
	b := revokeBodies(h)
	if len(b) != 2 || !strings.Contains(strings.Join(b, "\n"), `{"member_session_id":"`+apitest.DemoMemberSessionSAML+`"}`) {
		t.Errorf("revokes %v", b)
	}
	rows := decodeResults(t, r.stdout)
	if len(rows) != 2 || rows[0].Result != "revoked" || rows[1].Result != "not found" || rows[1].ErrorType != "session_not_found" {
		t.Errorf("rows %+v", rows)
	}
	// Only what is known is journalled: a session named by ID has no
	// known member or organization.
	for _, e := range readJournalFile(t, h) {
		if e.OrganizationID != "" || e.MemberID != "" {
			t.Errorf("journal entry claims an owner it never checked: %+v", e)
		}
	}
	if raw, _ := os.ReadFile(filepath.Join(h.configDir, journalFileName)); strings.Contains(string(raw), "organization_id") {
		t.Errorf("journal:\n%s", raw)
	}
}

func TestB2BRevokeRefusals(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--member", apitest.DemoMemberID, "--all", "--yes"}, "--member needs --org"},
		// The revoke API takes no organization, so one given with
		// sessions named alone could not be checked: refused, not
		// journalled unverified.
		{[]string{"--organization", "nosuch", "--session", apitest.DemoMemberSessionSAML, "--yes"}, "--org cannot be used with sessions named alone"},
		{[]string{"--organization", "northwind-traders", "--yes"}, "nothing to revoke: give SESSION_ID..., or --org ORG and --member ID"},
		{[]string{"--session", "9c4e2a7b", "--yes"}, `short session ID "9c4e2a7b" needs --org ORG and --member ID or --email ADDR`},
		{[]string{"--organization", "northwind-traders", "--session", "nope", "--yes"}, "invalid --session"},
	} {
		h := newHarness(t)
		r := h.run(append([]string{"b2b", "sessions", "revoke"}, tc.args...)...)
		r.expect(t, ExitUsage, tc.want)
		if len(h.fake.Requests()) != 0 || r.stdout != "" {
			t.Errorf("%v: sent %d, stdout %q", tc.args, len(h.fake.Requests()), r.stdout)
		}
	}
}
