package cmd

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
)

// b2bSessionsRevokeOptions is what `b2b sessions revoke` uses.
type b2bSessionsRevokeOptions struct {
	organization string
	member       string
	email        string
	sessions     []string
	revokeFlags
}

func newB2BSessionsRevokeCmd(a *app) *cobra.Command {
	o := &b2bSessionsRevokeOptions{}
	c := &cobra.Command{
		Use:     "revoke (--organization ORG (--member ID | --email ADDR) [--session ID...] | --session ID...)",
		Aliases: []string{"rm"},
		Short:   "Revoke members' sessions: preview, confirm, revoke, report",
		Long: `Revoke B2B member sessions (POST /v1/b2b/sessions/revoke): a member's
listed sessions (--member or --email, with --organization), or sessions
named by --session. The rules are those of sessions revoke: a preview on
stderr, a confirmation on a terminal or --yes without one, --dry-run, one
row per session on stdout and one journal entry with --reason. Exit 0 all
revoked, 3 not found, 1, 4 or 5 failed, 130: stytchctl help revoking.`,
		Example: examples(
			"stytchctl b2b sessions revoke --organization northwind-traders --member member-test-6e1b4d8a-3c9f-4a25-b7e0-4f2d8c6a1e93 --dry-run",
			"stytchctl b2b sessions revoke --session session-test-9c4e2a7b-6d1f-4b38-8a05-e3f7b2d9c614 --yes --reason 'offboarding' -o json",
			"stytchctl b2b sessions revoke --organization northwind-traders --member member-test-6e1b4d8a-3c9f-4a25-b7e0-4f2d8c6a1e93 --session 9c4e2a7b --dry-run",
		),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	c.Flags().StringVar(&o.organization, "organization", "", "Organization `ORG` of --member: its ID, slug or external ID")
	c.Flags().StringVar(&o.member, "member", "", "Revoke the listed active sessions of the member with this `ID`, each by its session ID")
	c.Flags().StringVar(&o.email, "email", "", "Like --member, for the member with this email `ADDR` in the organization")
	c.Flags().StringArrayVar(&o.sessions, "session", nil, "Revoke the member session with this `ID`, or short ID with --member (repeatable or comma-separated)")
	bindRevokeFlags(c, &o.revokeFlags)
	return c
}

// run revokes in named steps: check the flags, connect, and hand
// runRevoke the member sessions named by ID or those the member has now.
func (o *b2bSessionsRevokeOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.revokeFlags.validate(c, a); done || err != nil {
		return err
	}
	named, err := uniqueSessionRefs(splitComma(o.sessions), "--session")
	if err != nil {
		return err
	}
	if err := o.checkSelection(named); err != nil {
		return err
	}
	s, client, err := a.connectForRevoke(&o.revokeFlags)
	if err != nil {
		return err
	}
	ctx := c.Context()
	plan := memberSessionRevokePlan(client)
	if len(named) > 0 && !o.byMember() {
		plan.Targets = namedRevokeTargets(named, "member_session_id")
		plan.NoDetails = "(Sessions named by ID: Stytch cannot look one up by ID, so member and last activity are unknown.)"
		return a.runRevoke(ctx, s, &o.revokeFlags, plan)
	}
	member, err := (&b2bSessionsListOptions{organization: o.organization, member: o.member, email: o.email}).memberID(ctx, client)
	if err != nil {
		return err
	}
	if plan.Targets, err = memberRevokeTargets(ctx, client, o.organization, member); err != nil {
		return err
	}
	if len(named) > 0 {
		owner := fmt.Sprintf("member %s in organization %s", member, o.organization)
		if plan.Targets, err = pickNamedTargets(plan.Targets, named, owner); err != nil {
			return err
		}
	}
	return a.runRevoke(ctx, s, &o.revokeFlags, plan)
}

// checkSelection refuses a short --session without --member, neither, --member
// without --organization, and --organization with --session, and checks
// the organization and member given.
func (o *b2bSessionsRevokeOptions) checkSelection(named []string) error {
	switch {
	case o.member != "" && o.email != "":
		return usageErrorf("--member and --email cannot be used together: name the member one way")
	case !o.byMember() && firstShort(named) != "":
		return shortNeedsOwner(firstShort(named), "--organization ORG and --member ID or --email ADDR")
	case !o.byMember() && len(named) == 0:
		return usageErrorf("nothing to revoke: give --organization ORG --member ID (that member's sessions) or --session ID")
	case o.byMember() && o.organization == "":
		flag := "--member"
		if o.email != "" {
			flag = "--email"
		}
		return usageErrorf("%s needs --organization: the organization's ID, slug or external ID", flag)
	case !o.byMember() && o.organization != "":
		// Stytch revokes a member session by its ID alone, whatever its
		// organization, and cannot look a session up by ID: the
		// organization could be neither checked nor enforced, and
		// journalling it would record a claim nobody verified.
		return &exitError{code: ExitUsage,
			err:  errors.New("--organization cannot be used with --session: a member session is revoked by its ID alone, so the organization could not be checked"),
			hint: "Drop --organization, or use --organization ORG --member ID to pick sessions from a member of that organization."}
	case o.email != "":
		if err := checkOrganization(o.organization); err != nil {
			return err
		}
		return validateEmailFlag(o.email)
	case o.member != "":
		if err := checkOrganization(o.organization); err != nil {
			return err
		}
		return checkMemberID("--member", o.member)
	}
	return nil
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
// returns them all, in the listed order.
func memberRevokeTargets(ctx context.Context, client *api.Client, org, member string) ([]revokeTarget, error) {
	resp, err := client.GetMemberSessions(ctx, org, member)
	if err != nil {
		return nil, wrap(err, "listing sessions of member %s in organization %s", member, org)
	}
	ids := make([]string, len(resp.MemberSessions))
	for i, ms := range resp.MemberSessions {
		ids[i] = ms.MemberSessionID
	}
	if err := checkListedIDs(ids, fmt.Sprintf("listing sessions of member %s in organization %s", member, org)); err != nil {
		return nil, err
	}
	var targets []revokeTarget
	seen := sessionSet{}
	for _, ms := range resp.MemberSessions {
		if !seen.add(ms.MemberSessionID) {
			continue
		}
		targets = append(targets, revokeTarget{
			SessionID:      ms.MemberSessionID,
			MemberID:       ms.MemberID,
			OrganizationID: ms.OrganizationID,
			Device:         sessionview.Factors(ms.AuthenticationFactors),
			LastActive:     ms.LastAccessedAt,
			Raw:            ms.Raw,
		})
	}
	return targets, nil
}

// pickNamedTargets returns the targets that named (whole or short IDs of
// the member's sessions, see resolveSessionRefs) pick, in listed order.
func pickNamedTargets(targets []revokeTarget, named []string, owner string) ([]revokeTarget, error) {
	listed := make([]listedSession, len(targets))
	for i, t := range targets {
		listed[i] = listedSession{ID: t.SessionID, Label: t.Device}
	}
	ids, err := resolveSessionRefs(named, listed, owner, "--session")
	if err != nil {
		return nil, nothingRevoked(err)
	}
	var out []revokeTarget
	for _, t := range targets {
		if slices.Contains(ids, t.SessionID) {
			out = append(out, t)
		}
	}
	return out, nil
}

// byMember says whether the member is named, by --member or --email.
func (o *b2bSessionsRevokeOptions) byMember() bool { return o.member != "" || o.email != "" }
