package cmd

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
	"github.com/stytchctl/stytchctl/cmd/sessionpick"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
)

// b2bSessionsRevokeOptions is what `b2b sessions revoke` uses: the
// selection of sessions revoke, with a member in place of a user.
type b2bSessionsRevokeOptions struct {
	ids []string
	// sessions is --session, the old spelling of the positional IDs.
	sessions     []string
	organization string
	member       string
	email        string
	all          bool
	except       []string
	filter       sessionfilter.Options
	revokeFlags
}

func newB2BSessionsRevokeCmd(a *app) *cobra.Command {
	o := &b2bSessionsRevokeOptions{}
	c := &cobra.Command{
		Use:     "revoke [SESSION_ID...] [--org ORG (--member ID | --email ADDR)]",
		Aliases: []string{"rm"},
		Short:   "Revoke organization members' sessions",
		Long: `Revoke member sessions, named by ID or picked from a member's active sessions
with --all or the filters of b2b sessions list, minus --except; a member
without --all or a filter is refused. The rules are those of sessions revoke:
preview on stderr, confirm on a terminal (--yes without one), --dry-run, one
result row per session, the revoke journal with --reason. Exit status: see
stytchctl help exit-codes.`,
		Example: examples(
			"stytchctl b2b sessions revoke --org northwind-traders --email priya.natarajan@northwind.example --all --dry-run",
			"stytchctl b2b sessions revoke --org northwind-traders --member emp-7731 --idle-for 1d --yes",
			"stytchctl b2b sessions revoke 9c4e2a7b --org northwind-traders --email priya.natarajan@northwind.example --yes",
			"stytchctl b2b sessions rm session-test-9c4e2a7b-6d1f-4b38-8a05-e3f7b2d9c614 --reason offboarding --yes",
		),
		RunE: func(c *cobra.Command, args []string) error {
			o.ids = args
			return o.run(c, a)
		},
	}
	f := c.Flags()
	bindOrgFlag(c, &o.organization, "`ORG` of the member: ID, slug or external ID")
	f.StringVar(&o.member, "member", "", "Pick sessions of member `ID` (or external ID)")
	f.StringVar(&o.email, "email", "", "Pick sessions of the member with email `ADDR`")
	f.BoolVar(&o.all, "all", false, "All the member's sessions (minus --except)")
	f.StringArrayVar(&o.except, "except", nil, "Do not revoke `SESSION_ID` (repeatable)")
	f.StringArrayVar(&o.sessions, "session", nil, "Revoke the member session with this `ID` (old spelling of SESSION_ID...)")
	_ = f.MarkHidden("session")
	sessionfilter.BindMemberMatch(f, &o.filter)
	bindRevokeFlags(c, &o.revokeFlags)
	return c
}

// run revokes in named steps: check what is asked, connect, and hand
// runRevoke the member sessions named by ID or those of the member that
// the selection picks.
func (o *b2bSessionsRevokeOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.revokeFlags.validate(c, a); done || err != nil {
		return err
	}
	sel, err := o.selection(a)
	if err != nil {
		return err
	}
	s, client, err := a.connectForRevoke(&o.revokeFlags)
	if err != nil {
		return err
	}
	ctx := c.Context()
	plan := memberSessionRevokePlan(client)
	if !o.byMember() {
		plan.Targets = namedRevokeTargets(sel.named, "member_session_id")
		plan.NoDetails = "(Sessions named by ID: Stytch cannot look one up by ID, so member and last activity are unknown.)"
		return a.runRevoke(ctx, s, &o.revokeFlags, plan)
	}
	member, err := (&b2bSessionsListOptions{organization: o.organization, member: o.member, email: o.email}).memberID(ctx, client)
	if err != nil {
		return err
	}
	sel.owner = fmt.Sprintf("member %s in organization %s", member, o.organization)
	if plan.Targets, err = a.memberRevokeTargets(ctx, client, o.organization, member, sel); err != nil {
		return err
	}
	return a.runRevoke(ctx, s, &o.revokeFlags, plan)
}

// selection checks what is asked, before anything is sent and before
// how it is confirmed: the session IDs and how they combine with the
// member, --all, --except and the filters (revokeSelection.check, the
// rules of sessions revoke), then --org, which a member needs and sessions
// named alone refuse, and the member flags. Every error is a usage error.
func (o *b2bSessionsRevokeOptions) selection(a *app) (revokeSelection, error) {
	named, what := o.ids, "session ID"
	if len(o.sessions) > 0 {
		named = append(slices.Clone(o.ids), splitComma(o.sessions)...)
		if len(o.ids) == 0 {
			what = "--session"
		}
	}
	sel, err := newRevokeSelection(a, o.filter, o.output.loc, named, what, o.except)
	if err != nil {
		return sel, inMemberWords(err)
	}
	sel.what = strings.TrimSuffix(what, " ID")
	sel.allowPicker(a, countSet(o.member, o.email), o.all)
	if err := sel.check(memberRevokeOwner, countSet(o.member, o.email), o.all); err != nil {
		return sel, err
	}
	return sel, o.checkOwner()
}

// checkOwner refuses a member without --org and --org with sessions named
// alone, and checks the organization and member given.
func (o *b2bSessionsRevokeOptions) checkOwner() error {
	switch {
	case o.byMember() && o.organization == "":
		flag := "--member"
		if o.email != "" {
			flag = "--email"
		}
		return usageErrorf("%s needs --org: the organization's ID, slug or external ID", flag)
	case !o.byMember() && o.organization != "":
		// Stytch revokes a member session by its ID alone, whatever its
		// organization, and cannot look a session up by ID: the
		// organization could be neither checked nor enforced, and
		// journalling it would record a claim nobody verified.
		return &exitError{code: ExitUsage,
			err:  errors.New("--org cannot be used with sessions named alone: a member session is revoked by its ID alone, so the organization could not be checked"),
			hint: "Drop --org, or add --member ID or --email ADDR to pick sessions of a member of that organization."}
	case !o.byMember():
		return nil
	}
	if err := checkOrganization(o.organization); err != nil {
		return err
	}
	if o.email != "" {
		return validateEmailFlag(o.email)
	}
	return checkMemberID("--member", o.member)
}

// memberSessionRevokePlan is the plan of a member-session revoke, without
// its targets. Every target is revoked by its own member_session_id, never
// by member_id: that would also end sessions started after the listing,
// which were neither previewed nor journalled.
func memberSessionRevokePlan(client *api.Client) revokePlan {
	return revokePlan{
		Noun:   "member sessions",
		DryKey: "member_sessions",
		Owner:  "Member",
		Detail: "Factors",
		NoIP:   true,
		Notes:  []string{"(Member sessions carry no IP address or user agent.)"},
		One: func(ctx context.Context, t revokeTarget) (*api.RevokeResponse, error) {
			resp, err := client.RevokeMemberSessions(ctx, api.MemberSessionRevoke{MemberSessionID: t.SessionID})
			return resp, wrap(err, "revoking member session %s", t.SessionID)
		},
	}
}

// memberRevokeTargets lists the active sessions of member in org and
// returns those that sel picks (see pickRevokeTargets).
func (a *app) memberRevokeTargets(ctx context.Context, client *api.Client, org, member string, sel revokeSelection) ([]revokeTarget, error) {
	resp, err := client.GetMemberSessions(ctx, org, member)
	if err != nil {
		return nil, b2bMemberRef{org: org}.sessionsError(err, member)
	}
	views := make([]api.Session, len(resp.MemberSessions))
	labels := make([]listedSession, len(resp.MemberSessions))
	for i, ms := range resp.MemberSessions {
		views[i] = memberSessionView(ms)
		labels[i] = listedSession{ID: ms.MemberSessionID, Label: sessionview.Factors(ms.AuthenticationFactors)}
	}
	what := fmt.Sprintf("listing sessions of member %s in organization %s", member, org)
	return a.pickRevokeTargets(ctx, sel, revokeListing{
		listed: views, labels: labels, what: what, owner: "member " + member,
		rows: func() []sessionpick.Row { return sessionpick.MemberSessionRows(resp.MemberSessions) },
		target: func(i int) revokeTarget {
			ms := resp.MemberSessions[i]
			return revokeTarget{
				SessionID:      ms.MemberSessionID,
				MemberID:       ms.MemberID,
				OrganizationID: ms.OrganizationID,
				Device:         labels[i].Label,
				LastActive:     ms.LastAccessedAt,
				Raw:            ms.Raw,
			}
		},
	})
}

// byMember says whether the member is named, by --member or --email.
func (o *b2bSessionsRevokeOptions) byMember() bool { return o.member != "" || o.email != "" }
