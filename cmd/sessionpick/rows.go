package sessionpick

import (
	"cmp"
	"slices"
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
	// Brief is the device in the list's column when set ("Chrome ·
	// macOS", no versions, so that rows cut to 80 columns still differ);
	// the line under the list shows Device whole.
	Brief string
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

// SessionRows are the rows of a user's active sessions, in the picker's
// order (see ordered): short IDs unique among them, the device in short form, the IP,
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
			if d := sessionview.ParseDevice(s.UserAgent); d.Browser != "" && d.OS != "" {
				r.Brief = d.Browser + " · " + d.OS
			}
		}
		r.Audited = true
		r.Severity, r.Findings = findings(sessionaudit.AuditSession(s, now, sessionaudit.Defaults()))
		rows[i] = r
	}
	return ordered(rows)
}

// MemberSessionRows are the rows of a B2B member's active sessions, in
// the picker's order (see ordered): short IDs, factors and last activity (member
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
	return ordered(rows)
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

// ordered sorts rows for a decision: sessions a rule marks (warning or
// worse) first, gravest first, then the most recently active, so that
// what is flagged and what is in use now are at the top; ties keep the
// order listed.
func ordered(rows []Row) []Row {
	mark := func(r Row) sessionaudit.Severity {
		if r.Severity >= sessionaudit.Warning {
			return r.Severity
		}
		return 0
	}
	slices.SortStableFunc(rows, func(x, y Row) int {
		if c := cmp.Compare(mark(y), mark(x)); c != 0 {
			return c
		}
		return y.LastActive.Compare(x.LastActive)
	})
	return rows
}
