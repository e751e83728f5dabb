package inspectview

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
)

// NextSteps are the commands that act on r, for the user named user (as
// `-u` takes it) in profile ("" for none given): revoke the sessions with
// a warning or critical finding (critical first, by short ID), revoke all
// but the newest session without such a finding, and show the most
// critical session whole. Every word is quoted for a POSIX shell where it
// needs to be.
func NextSteps(user, profile string, r Report) []Step {
	if !r.SessionsFetched || len(r.Sessions) == 0 {
		return nil
	}
	tail := []string{"-u", user}
	if profile != "" {
		tail = append(tail, "--profile", profile)
	}
	cmd := func(words ...string) string {
		words = append(append([]string{"stytchctl"}, words...), tail...)
		for i, w := range words {
			words[i] = ShellQuote(w)
		}
		return strings.Join(words, " ")
	}
	flagged := flaggedSessions(r.Findings)
	short := func(id string) string {
		if s, ok := r.ShortIDs[id]; ok {
			return s
		}
		return id
	}
	var steps []Step
	if len(flagged) > 0 {
		ids := make([]string, len(flagged))
		for i, id := range flagged {
			ids[i] = short(id)
		}
		why := "revoke the flagged session"
		if len(ids) > 1 {
			why = fmt.Sprintf("revoke the %d flagged sessions", len(ids))
		}
		steps = append(steps, Step{Why: why, Command: cmd(append([]string{"sessions", "revoke"}, ids...)...)})
	}
	if keep := newestUnflagged(r, flagged); keep != "" && len(r.Sessions) > 1 {
		why := "sign out everywhere but the newest session"
		if len(flagged) > 0 {
			why = "or sign out everywhere but the newest unflagged session"
		}
		steps = append(steps, Step{Why: why, Command: cmd("sessions", "revoke", "--all", "--except", short(keep))})
	}
	if len(flagged) > 0 {
		steps = append(steps, Step{Why: "see the first flagged session whole", Command: cmd("sessions", "show", short(flagged[0]))})
	}
	return steps
}

// flaggedSessions are the sessions of findings at warning or above, in
// the findings' order (critical first), each once.
func flaggedSessions(fs []sessionaudit.Finding) []string {
	var ids []string
	for _, f := range fs {
		if f.Severity >= sessionaudit.Warning && f.SessionID != "" && !slices.Contains(ids, f.SessionID) {
			ids = append(ids, f.SessionID)
		}
	}
	return ids
}

// newestUnflagged is the session that started last among those not
// flagged, "" when every session is.
func newestUnflagged(r Report, flagged []string) string {
	id, newest := "", r.Sessions[0].StartedAt
	for _, s := range r.Sessions {
		if slices.Contains(flagged, s.SessionID) {
			continue
		}
		if id == "" || s.StartedAt.After(newest) {
			id, newest = s.SessionID, s.StartedAt
		}
	}
	return id
}

// ShellQuote is w as one word of a POSIX shell command: as it is when it
// holds only characters no shell treats specially, else in single quotes.
func ShellQuote(w string) string {
	if w != "" && strings.Trim(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-") == "" {
		return w
	}
	return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
}
