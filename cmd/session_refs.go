package cmd

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
)

// maxCandidates bounds the sessions an unknown short ID's error lists.
const maxCandidates = 20

// userShortIDHint and memberShortIDHint are the way forward from a
// malformed session ID, for consumer and for B2B sessions.
const (
	userShortIDHint   = "Give a whole session ID, or the short ID a table shows (4e9b2d7a) with the user whose session it is."
	memberShortIDHint = "Give a whole session ID, or the short ID a table shows (9c4e2a7b) with the\n" +
		"member whose session it is: --org ORG --member ID (or --email ADDR)."
)

// inMemberWords is err with a user hint of uniqueSessionRefs in member
// words, for the b2b commands.
func inMemberWords(err error) error {
	var ee *exitError
	if errors.As(err, &ee) && ee.hint == userShortIDHint {
		ee.hint = memberShortIDHint
	}
	return err
}

// uniqueSessionRefs validates sessions as typed (usage errors naming
// what): each a whole session ID, or the short ID a terminal table shows
// (a prefix of the UUID part, see sessionview.ShortIDs). Duplicates are
// dropped, keeping the first.
func uniqueSessionRefs(refs []string, what string) ([]string, error) {
	var out []string
	for _, ref := range refs {
		if !sessionview.IsShortID(ref) {
			if err := api.ValidateSessionID(ref); err != nil {
				return nil, &exitError{code: ExitUsage, err: fmt.Errorf("invalid %s: %w", what, err),
					hint: userShortIDHint}
			}
		}
		if !slices.Contains(out, ref) {
			out = append(out, ref)
		}
	}
	return out, nil
}

// firstShort returns the first short ID among refs, "" when every one is
// a whole session ID.
func firstShort(refs []string) string {
	for _, r := range refs {
		if sessionview.IsShortID(r) {
			return r
		}
	}
	return ""
}

// shortNeedsOwner is the usage error of a short ID given without the user
// (or member) it belongs to; flags names the flags that say who.
func shortNeedsOwner(short, flags string) error {
	return &exitError{code: ExitUsage,
		err:  fmt.Errorf("short session ID %q needs %s: a short ID is resolved among the sessions of the one it belongs to", short, flags),
		hint: "Add " + flags + ", or give the whole session ID (session-test-…)."}
}

// listedSession is a session that a short ID may name: its whole ID and
// a few words that help tell it apart in an error.
type listedSession struct {
	ID    string
	Label string
}

// resolveSessionRefs turns refs (whole or short IDs, see
// uniqueSessionRefs) into whole IDs among the sessions listed for owner,
// in the order of refs, each once. A whole ID must be one of them; a
// short one must be the prefix of exactly one. An unknown or ambiguous
// ID is exit 2, the hint listing the candidates; what names the refs
// ("session ID", "--except").
func resolveSessionRefs(refs []string, listed []listedSession, owner, what string) ([]string, error) {
	ids := make([]string, len(listed))
	for i, s := range listed {
		ids[i] = s.ID
	}
	var out []string
	for _, ref := range refs {
		var matches []string
		switch {
		case slices.Contains(ids, ref):
			matches = []string{ref}
		case sessionview.IsShortID(ref):
			matches = sessionview.MatchShortID(ref, ids)
		}
		switch len(matches) {
		case 1:
			if !slices.Contains(out, matches[0]) {
				out = append(out, matches[0])
			}
		case 0:
			return nil, &exitError{code: ExitUsage,
				err:  fmt.Errorf("%s %s is not an active session of %s", what, ref, owner),
				hint: candidates(fmt.Sprintf("Active sessions of %s:", owner), listed, ids)}
		default:
			return nil, &exitError{code: ExitUsage,
				err:  fmt.Errorf("%s %s is ambiguous: it starts %d sessions of %s", what, ref, len(matches), owner),
				hint: candidates("Give more of the ID:", listed, matches)}
		}
	}
	return out, nil
}

// candidates is the hint that lists the sessions among listed whose IDs
// are in ids, at most maxCandidates of them.
func candidates(title string, listed []listedSession, ids []string) string {
	if len(ids) == 0 {
		return strings.TrimSuffix(title, ":") + ": none."
	}
	lines := []string{title}
	for _, s := range listed {
		if !slices.Contains(ids, s.ID) {
			continue
		}
		if len(lines) > maxCandidates {
			lines = append(lines, fmt.Sprintf("  … and %d more", len(ids)-maxCandidates))
			break
		}
		// The hint may span lines and its lines are printed as they are:
		// the ID and label came from the API, so a line break in a user
		// agent is made visible here, before it could forge a line.
		line := "  " + render.Sanitize(s.ID)
		if s.Label != "" {
			line += "  " + render.Sanitize(s.Label)
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// listedSessions are the sessions of a consumer listing as short IDs may
// name them, labelled by device and IP.
func listedSessions(ss []api.Session) []listedSession {
	out := make([]listedSession, len(ss))
	for i, s := range ss {
		label := sessionview.ParseDevice(s.UserAgent).Short(s.UserAgent)
		if s.IPAddress != "" {
			label += ", " + s.IPAddress
		}
		out[i] = listedSession{ID: s.SessionID, Label: label}
	}
	return out
}

// nothingRevoked adds to the hint of a resolving error that nothing was
// revoked.
func nothingRevoked(err error) error {
	var ee *exitError
	if errors.As(err, &ee) {
		ee.hint += "\nNothing was revoked."
	}
	return err
}
