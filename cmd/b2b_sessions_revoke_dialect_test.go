package cmd

import (
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestB2BRevokeDialect: b2b sessions revoke speaks sessions revoke's
// dialect: session IDs positional, a member's sessions only with --all or
// filters, --except, and the filters that apply to member sessions.
func TestB2BRevokeDialect(t *testing.T) {
	member := []string{"b2b", "sessions", "revoke", "--org", apitest.DemoOrganizationSlug, "--member", apitest.DemoMemberID}
	dry := func(h *harness, args ...string) []string {
		t.Helper()
		r := h.run(append(append(append([]string{}, member...), args...), "--dry-run", "-o", "ndjson")...)
		r.expect(t, ExitOK, "Dry run:")
		var ids []string
		for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
			if l != "" {
				ids = append(ids, between(l, `"member_session_id":"`, `"`))
			}
		}
		return ids
	}
	h := newHarness(t)
	if got := dry(h, "--all"); strings.Join(got, ",") != apitest.DemoMemberSessionSAML+","+apitest.DemoMemberSessionMagicLink {
		t.Errorf("--all: %v", got)
	}
	if got := dry(h, "--factor", "sso"); strings.Join(got, ",") != apitest.DemoMemberSessionSAML {
		t.Errorf("--factor sso: %v", got)
	}
	if got := dry(h, "--all", "--except", shortOf(apitest.DemoMemberSessionSAML)); strings.Join(got, ",") != apitest.DemoMemberSessionMagicLink {
		t.Errorf("--all --except short: %v", got)
	}
	// Positional IDs with the member pick among the member's sessions,
	// short ones too; without a member they are revoked as given.
	if got := dry(h, shortOf(apitest.DemoMemberSessionMagicLink)); strings.Join(got, ",") != apitest.DemoMemberSessionMagicLink {
		t.Errorf("positional short: %v", got)
	}
	h.fake.ResetRequests()
	r := h.run("b2b", "sessions", "revoke", apitest.DemoMemberSessionSAML, apitest.DemoMemberSessionMagicLink, "--yes", "--reason", "lost laptop")
	r.expect(t, ExitOK, "2 member sessions: 2 revoked.")
	if b := revokeBodies(h); len(b) != 2 {
		t.Errorf("revokes %v", b)
	}
	for _, e := range readJournalFile(t, h) {
		if e.Reason != "lost laptop" || e.Result != "revoked" {
			t.Errorf("journal %+v", e)
		}
	}
}

// TestB2BRevokeDialectRefusals: what is asked is checked before how it is
// confirmed, with sessions revoke's words; nothing is sent.
func TestB2BRevokeDialectRefusals(t *testing.T) {
	org := []string{"--org", apitest.DemoOrganizationSlug}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{append(org, "--member", apitest.DemoMemberID), "refusing to revoke every session of the member without --all"},
		{append(org, "--email", apitest.DemoMemberEmail), "refusing to revoke every session of the member without --all"},
		{append(org, "--member", apitest.DemoMemberID, "--all", "--factor", "sso"), "--all revokes every session"},
		{append(org, "--member", apitest.DemoMemberID, "--email", apitest.DemoMemberEmail, "--all"), "give --member or --email, not both"},
		{append(org, "--member", apitest.DemoMemberID, apitest.DemoMemberSessionSAML, "--all"), "sessions named by ID are revoked as given"},
		{[]string{apitest.DemoMemberSessionSAML, "--except", apitest.DemoMemberSessionSAML}, "sessions named by ID are revoked as given"},
		{nil, "nothing to revoke: give SESSION_ID..., or --org ORG and --member ID or --email ADDR with --all or filters"},
		{[]string{"9c4e2a7b"}, `short session ID "9c4e2a7b" needs --org ORG and --member ID or --email ADDR`},
		{[]string{"bad!id"}, `invalid session ID: session ID "bad!id" is malformed`},
		{append(org, "--member", apitest.DemoMemberID, "--ip", "198.51.100.7"), "unknown flag: --ip"},
		{append(org, "--member", apitest.DemoMemberID, "--user-agent", "x"), "unknown flag: --user-agent"},
		{[]string{"--member", apitest.DemoMemberID, "--all"}, "--member needs --org"},
	} {
		h := newHarness(t)
		r := h.run(append([]string{"b2b", "sessions", "revoke"}, tc.args...)...)
		r.expect(t, ExitUsage, tc.want)
		if strings.Contains(r.stderr, "--yes") || len(h.fake.Requests()) != 0 || r.stdout != "" {
			t.Errorf("%v: sent %d, stdout %q, stderr %q", tc.args, len(h.fake.Requests()), r.stdout, r.stderr)
		}
	}
}

// TestB2BRevokeSessionAlias: --session, the old spelling, still works and
// is not offered in help.
func TestB2BRevokeSessionAlias(t *testing.T) {
	h := newHarness(t)
	h.run("b2b", "sessions", "revoke", "--session", apitest.DemoMemberSessionSAML, "--dry-run").expect(t, ExitOK, "Dry run: 1 member session")
	r := h.run("b2b", "sessions", "revoke", "--help")
	r.expect(t, ExitOK)
	for _, hidden := range []string{"--session", "--organization", "--ip"} {
		if strings.Contains(r.stdout, hidden) {
			t.Errorf("help offers %s:\n%s", hidden, r.stdout)
		}
	}
	for _, flag := range []string{"--org ORG", "--member", "--all", "--except", "--factor", "--idle-for", "--dry-run", "--reason"} {
		if !strings.Contains(r.stdout, flag) {
			t.Errorf("help lacks %s", flag)
		}
	}
}

// between is the text of s after the first from, up to to.
func between(s, from, to string) string {
	_, after, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(after, to)
	return v
}

// shortOf is the short ID a table shows for a session ID: the first 8
// characters of its UUID part.
func shortOf(id string) string {
	i := strings.LastIndex(id, "-test-")
	return id[i+len("-test-"):][:8]
}
