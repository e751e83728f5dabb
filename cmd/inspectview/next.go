package inspectview

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
)

// Commands build the words of the commands that act on the inspected
// person's sessions, each given short session IDs; a nil one is a step
// that cannot be taken (B2B has no sessions show).
type Commands struct {
	Revoke   func(ids []string) []string
	KeepOnly func(keep string) []string
	Show     func(id string) []string
}

// MemberCommands are the b2b commands for member (as --member takes it)
// of org in profile ("" when none was given): revoke by short ID, and all
// but one with --all --except, as for users; b2b has no sessions show.
func MemberCommands(org, member, profile string) Commands {
	tail := []string{"--org", org, "--member", member}
	if profile != "" {
		tail = append(tail, "--profile", profile)
	}
	revoke := func(words ...string) []string {
		return append(append([]string{"stytchctl", "b2b", "sessions", "revoke"}, words...), tail...)
	}
	return Commands{
		Revoke:   func(ids []string) []string { return revoke(ids...) },
		KeepOnly: func(keep string) []string { return revoke("--all", "--except", keep) },
	}
}

// UserCommands are the consumer commands for the user named user (as -u
// takes it) in profile ("" when none was given).
func UserCommands(user, profile string) Commands {
	tail := []string{"-u", user}
	if profile != "" {
		tail = append(tail, "--profile", profile)
	}
	with := func(words ...string) []string { return append(append([]string{"stytchctl"}, words...), tail...) }
	return Commands{
		Revoke:   func(ids []string) []string { return with(append([]string{"sessions", "revoke"}, ids...)...) },
		KeepOnly: func(keep string) []string { return with("sessions", "revoke", "--all", "--except", keep) },
		Show:     func(id string) []string { return with("sessions", "show", id) },
	}
}

// NextSteps are the commands that act on r: revoke the sessions with a
// warning or critical finding (critical first, by short ID), revoke all
// but the newest session without such a finding, and show the most
// critical session whole. Every word is quoted for a POSIX shell where it
// needs to be.
func NextSteps(c Commands, r Report) []Step {
	if !r.SessionsFetched || len(r.Sessions) == 0 {
		return nil
	}
	line := func(words []string) string {
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = ShellQuote(w)
		}
		return strings.Join(quoted, " ")
	}
	flagged := flaggedSessions(r.Findings)
	short := func(id string) string {
		if s, ok := r.ShortIDs[id]; ok {
			return s
		}
		return id
	}
	var steps []Step
	if len(flagged) > 0 && c.Revoke != nil {
		ids := make([]string, len(flagged))
		for i, id := range flagged {
			ids[i] = short(id)
		}
		why := "revoke the flagged session"
		if len(ids) > 1 {
			why = fmt.Sprintf("revoke the %d flagged sessions", len(ids))
		}
		steps = append(steps, Step{Why: why, Command: line(c.Revoke(ids))})
	}
	if keep := newestUnflagged(r, flagged); keep != "" && len(r.Sessions) > 1 && c.KeepOnly != nil {
		why := "sign out everywhere but the newest session"
		if len(flagged) > 0 {
			why = "or sign out everywhere but the newest unflagged session"
		}
		steps = append(steps, Step{Why: why, Command: line(c.KeepOnly(short(keep)))})
	}
	if len(flagged) > 0 && c.Show != nil {
		steps = append(steps, Step{Why: "see the first flagged session whole", Command: line(c.Show(short(flagged[0])))})
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
