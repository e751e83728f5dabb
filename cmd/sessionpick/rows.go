package sessionpick

import (
	"strings"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
)

// Row is one session the picker offers. Text in it may come from the API
// as it was sent: the picker sanitises it before it reaches the terminal.
type Row struct {
	// ID is the whole session ID: what Pick returns when the row is
	// chosen. Short is the ID shown; "" gets the short ID unique among
	// the rows (sessionview.ShortIDs), or the whole ID when it has none.
	ID    string
	Short string
	// Device, IP and Factors are shown as they are; a column that is
	// empty on every row (member sessions have no device or IP) is left
	// out.
	Device  string
	IP      string
	Factors string
	// LastActive is shown relative to Options.Now; the zero time shows
	// "unknown".
	LastActive time.Time
	// Severity is that of the row's gravest audit finding (0: none); a
	// warning or worse marks the row. Findings are the reasons, gravest
	// first, shown under the list for the row under the cursor. Audited
	// says that the rules ran, so that no findings is said as such.
	Severity sessionaudit.Severity
	Findings []string
	Audited  bool
}

// SessionRows are the rows of a user's active sessions, in the order
// listed: short IDs unique among them, the device in short form, the IP,
// the factors in words, the last activity, and the findings of
// sessionaudit's per-session rules at now with the default thresholds
// (those of `sessions audit` without flags).
func SessionRows(sessions []api.Session, now time.Time) []Row {
	ids := make([]string, len(sessions))
	for i, s := range sessions {
		ids[i] = s.SessionID
	}
	short := sessionview.ShortIDs(ids)
	var view sessionview.Rows
	rows := make([]Row, len(sessions))
	for i, s := range sessions {
		r := Row{ID: s.SessionID, Short: short[s.SessionID], IP: s.IPAddress,
			Factors: view.Factors(s.AuthenticationFactors), LastActive: s.LastAccessedAt}
		if strings.TrimSpace(s.UserAgent) != "" {
			r.Device = view.Device(s.UserAgent)
		}
		r.Audited = true
		r.Severity, r.Findings = findings(sessionaudit.AuditSession(s, now, sessionaudit.Defaults()))
		rows[i] = r
	}
	return rows
}

// MemberSessionRows are the rows of a B2B member's active sessions, in
// the order listed: short IDs, factors and last activity (member
// sessions carry no device or IP, and the audit rules are consumer ones).
func MemberSessionRows(sessions []api.MemberSession) []Row {
	ids := make([]string, len(sessions))
	for i, s := range sessions {
		ids[i] = s.MemberSessionID
	}
	short := sessionview.ShortIDs(ids)
	var view sessionview.Rows
	rows := make([]Row, len(sessions))
	for i, s := range sessions {
		rows[i] = Row{ID: s.MemberSessionID, Short: short[s.MemberSessionID],
			Factors: view.Factors(s.AuthenticationFactors), LastActive: s.LastAccessedAt}
	}
	return rows
}

// findings returns the gravest severity of fs and their "rule: reason"
// texts, gravest first (in rule order within a severity).
func findings(fs []sessionaudit.Finding) (sessionaudit.Severity, []string) {
	var worst sessionaudit.Severity
	var texts []string
	for sev := sessionaudit.Critical; sev >= sessionaudit.Info; sev-- {
		for _, f := range fs {
			if f.Severity != sev {
				continue
			}
			worst = max(worst, sev)
			texts = append(texts, f.Rule+": "+f.Reason)
		}
	}
	return worst, texts
}
