package cmd

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
)

type auditLine struct {
	Rule      string `json:"rule"`
	UserID    string `json:"user_id"`
	SessionID string `json:"session_id"`
}

func auditLines(t *testing.T, out string) []auditLine {
	t.Helper()
	var lines []auditLine
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var f auditLine
		if err := json.Unmarshal([]byte(l), &f); err != nil {
			t.Fatalf("not a finding: %v: %q", err, l)
		}
		lines = append(lines, f)
	}
	return lines
}

// A user named by user ID and by external ID is audited once: findings are
// not repeated, and the repeat is one note on stderr.
func TestSessionsAuditSameUserNamedTwoWaysAuditedOnce(t *testing.T) {
	h := newHarness(t)
	once := h.run("sessions", "audit", "-u", apitest.FactorZooUserID, "-o", "ndjson")
	once.expect(t, 0)
	r := h.run("sessions", "audit", "-u", apitest.FactorZooUserID+","+apitest.FactorZooExternalID, "-o", "ndjson")
	r.expect(t, 0)
	if r.stdout != once.stdout || r.stdout == "" {
		t.Errorf("named twice:\n%s\nnamed once:\n%s", r.stdout, once.stdout)
	}
	want := "stytchctl: note: " + apitest.FactorZooUserID + " and " + apitest.FactorZooExternalID + " name the same user: its sessions are audited once\n"
	if r.stderr != want {
		t.Errorf("stderr = %q, want %q", r.stderr, want)
	}
}

// Findings name the user by the user_id of its sessions, also the
// too-many-sessions finding of a user named by external ID.
func TestSessionsAuditFindingsCarryTheUserID(t *testing.T) {
	h := newHarness(t)
	r := h.run("sessions", "audit", "-u", apitest.FactorZooExternalID, "--max-sessions", "1", "-o", "ndjson")
	r.expect(t, 0)
	lines := auditLines(t, r.stdout)
	if lines[0].Rule != "too-many-sessions" {
		t.Fatalf("first finding %+v, want too-many-sessions", lines[0])
	}
	for _, f := range lines {
		if f.UserID != apitest.FactorZooUserID {
			t.Errorf("finding %+v: user_id %q, want %q", f, f.UserID, apitest.FactorZooUserID)
		}
	}
}
