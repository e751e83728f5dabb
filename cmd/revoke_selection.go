package cmd

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
	"github.com/stytchctl/stytchctl/cmd/sessionpick"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
)

// This file is the selection half of the revoke commands: which of an
// owner's sessions a run picks. `sessions revoke` (a user's sessions) and
// `b2b sessions revoke` (a member's) share it, so that the same arguments
// are refused in the same order with the same words, and --all, filters
// and --except mean the same for both.

// revokeOwner words the selection checks for the owner a revoke picks
// sessions from: a user or a member.
type revokeOwner struct {
	// noun is "user" or "member".
	noun string
	// flags names the owner flags: "--user or --email".
	flags string
	// given is what names an owner, with placeholders: "--user ID or
	// --email ADDR".
	given string
	// shortNeeds is what a short session ID needs to be resolved.
	shortNeeds string
	// filters are examples of the filter flags the command has.
	filters string
}

// userRevokeOwner and memberRevokeOwner word the consumer and B2B checks.
var (
	userRevokeOwner = revokeOwner{noun: "user", flags: "--user or --email", given: "--user ID or --email ADDR",
		shortNeeds: "--user or --email", filters: "--factor, --ip, --idle-for, …"}
	memberRevokeOwner = revokeOwner{noun: "member", flags: "--member or --email",
		given:      "--org ORG and --member ID or --email ADDR",
		shortNeeds: "--org ORG and --member ID or --email ADDR", filters: "--factor, --idle-for, …"}
)

// newRevokeSelection compiles the filters (read in loc) and checks the
// session IDs named and those of --except, whole or short. what names the
// named IDs in errors ("session ID", "--session"). Every error is a usage
// error: nothing has been sent.
func newRevokeSelection(a *app, filter sessionfilter.Options, loc *time.Location, named []string, what string, except []string) (revokeSelection, error) {
	flt, err := filter.Compile(a.deps.Now(), loc)
	if err != nil {
		return revokeSelection{}, &exitError{code: ExitUsage, err: err}
	}
	warnUnknownFactors(a.deps.Stderr, filter)
	ids, err := uniqueSessionRefs(named, what)
	if err != nil {
		return revokeSelection{}, err
	}
	ex, err := uniqueSessionRefs(splitComma(except), "--except")
	if err != nil {
		return revokeSelection{}, err
	}
	return revokeSelection{named: ids, except: ex, filter: flt}, nil
}

// check refuses selections that say too little or too much: both owner
// flags (owners is how many of them were given), short IDs without an
// owner, IDs with what picks an owner's sessions, nothing at all, an owner
// without --all or a filter (every session of an owner must be asked for
// with --all), and --all with filters.
func (sel revokeSelection) check(w revokeOwner, owners int, all bool) error {
	named := len(sel.named) > 0
	switch {
	case owners > 1:
		return usageErrorf("give %s, not both", w.flags)
	case named && owners == 0 && firstShort(sel.named) != "":
		return shortNeedsOwner(firstShort(sel.named), w.shortNeeds)
	case named && (all || sel.filter.Selects() || len(sel.except) > 0):
		return usageErrorf("--all, --except and filters pick sessions of a %s; sessions named by ID are revoked as given", w.flags)
	case !named && owners == 0:
		return usageErrorf("nothing to revoke: give SESSION_ID..., or %s with --all or filters", w.given)
	case owners == 1 && !named && !all && !sel.filter.Selects() && !sel.pick:
		return usageErrorf("refusing to revoke every session of the %s without --all: say --all, or pick sessions with filters (%s)", w.noun, w.filters)
	case all && sel.filter.Selects():
		return usageErrorf("--all revokes every session; leave it out to revoke only those the filters match")
	}
	return nil
}

// allowPicker sets sel.pick when the person is to pick the sessions in
// the session picker: one owner (owners) and nothing else that selects —
// no session ID, --all, --except or filter — on a terminal (canPick).
// Anywhere else that selection is refused by check, as before.
func (sel *revokeSelection) allowPicker(a *app, owners int, all bool) {
	sel.pick = owners == 1 && len(sel.named) == 0 && len(sel.except) == 0 && !all && !sel.filter.Selects() && a.canPick()
}

// countSet is how many of vals are not empty.
func countSet(vals ...string) int {
	n := 0
	for _, v := range vals {
		if v != "" {
			n++
		}
	}
	return n
}

// revokeListing is an owner's active sessions as a revoke picks from
// them.
type revokeListing struct {
	// listed are the sessions through the consumer session view (member
	// sessions too, see memberSessionView).
	listed []api.Session
	// labels are what a short ID's candidates show.
	labels []listedSession
	// what names the listing in errors ("listing sessions of user U").
	what string
	// owner names the owner in the picker's title and in the note that an
	// --except is not among the sessions (it may be a typo).
	owner string
	// rows are the session picker's rows for listed, made only when the
	// picker opens.
	rows func() []sessionpick.Row
	// target makes the revoke target of listed[i].
	target func(i int) revokeTarget
}

// pickRevokeTargets returns the listed sessions that sel picks (those the
// person chooses in the session picker when sel.pick), in listed order,
// each once.
func (a *app) pickRevokeTargets(ctx context.Context, sel revokeSelection, l revokeListing) ([]revokeTarget, error) {
	ids := make([]string, len(l.listed))
	for i, s := range l.listed {
		ids[i] = s.SessionID
	}
	if err := checkListedIDs(ids, l.what); err != nil {
		return nil, err
	}
	if sel.pick {
		chosen, err := a.pickRows(ctx, l.rows(), "Revoke which sessions of "+l.owner+"?", true, "nothing was revoked")
		if err != nil || len(chosen) == 0 {
			return nil, err
		}
		sel.named = chosen
	}
	sel, err := sel.resolve(l.labels)
	if err != nil {
		return nil, err
	}
	var targets []revokeTarget
	seen := sessionSet{}
	for i, s := range l.listed {
		if sel.picks(s) && seen.add(s.SessionID) {
			targets = append(targets, l.target(i))
		}
	}
	for _, id := range sel.except {
		if !slices.Contains(ids, id) {
			fmt.Fprintf(a.deps.Stderr, "stytchctl: note: --except %s is not an active session of %s\n", id, l.owner)
		}
	}
	return targets, nil
}

// resolve turns the named and except IDs, whole or short, into whole IDs
// among the owner's listed sessions (see resolveSessionRefs). An --except
// given whole that is not listed stays, for the note that it may be a typo.
func (sel revokeSelection) resolve(ls []listedSession) (revokeSelection, error) {
	what := sel.what
	if what == "" {
		what = "session"
	}
	var err error
	if sel.named, err = resolveSessionRefs(sel.named, ls, sel.owner, what); err != nil {
		return sel, nothingRevoked(err)
	}
	var except []string
	for _, ref := range sel.except {
		if !sessionview.IsShortID(ref) {
			except = append(except, ref)
			continue
		}
		full, err := resolveSessionRefs([]string{ref}, ls, sel.owner, "--except")
		if err != nil {
			return sel, nothingRevoked(err)
		}
		except = append(except, full...)
	}
	sel.except = except
	return sel, nil
}

// picks says whether the selection revokes sess, one of the owner's
// listed sessions: named, or matched by the filter and not excepted.
func (sel revokeSelection) picks(sess api.Session) bool {
	if len(sel.named) > 0 {
		return slices.Contains(sel.named, sess.SessionID)
	}
	return sel.filter.Match(sess) && !slices.Contains(sel.except, sess.SessionID)
}
