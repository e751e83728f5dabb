package cmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
	"github.com/stytchctl/stytchctl/render"
)

// b2bSessionsAuditOptions is what `b2b sessions audit` uses: the members,
// and the options of sessions audit that apply to member sessions (the
// audit's own collector runs on them).
type b2bSessionsAuditOptions struct {
	org        string
	members    []string
	emails     []string
	allMembers bool
	audit      sessionsAuditOptions
}

func newB2BSessionsAuditCmd(a *app) *cobra.Command {
	o := &b2bSessionsAuditOptions{audit: sessionsAuditOptions{members: true}}
	def := sessionaudit.Defaults()
	c := &cobra.Command{
		Use:   "audit --org ORG (--member ID... | --email ADDR... | --all-members | --from-file FILE)",
		Short: "Find risky member sessions: impersonation, idle, weak factor",
		Long: `Audit organization members' active sessions with the rules that apply to
member sessions: impersonated, idle, long-lifetime, too-many-sessions and
weak-factor (member sessions carry no IP address or user agent). Members
come from --member, --email, --all-members (streamed, rate-limited) or
--from-file (offline). --fail-on LEVEL exits 6 on a finding at or above
LEVEL. The rules and -o json: stytchctl help audit-rules.`,
		Example: examples(
			"stytchctl b2b sessions audit --org northwind-traders --member emp-8812",
			"stytchctl b2b sessions audit --org northwind-traders --email dana.whitfield@northwind.example",
			"stytchctl b2b sessions audit --org nw-001 --member emp-6604,emp-7731 --fail-on critical && echo 'none critical'",
			`stytchctl b2b sessions audit --org northwind-traders --all-members -o ndjson | jq -c 'select(.rule == "impersonated")'`,
			"stytchctl b2b sessions audit --org northwind-traders --all-members --stale-after 7d --sort-by severity",
			"stytchctl b2b sessions list --org northwind-traders --member emp-6604 -o json | stytchctl b2b sessions audit --from-file -",
		),
		Annotations: reportAnnotation(),
		Args:        membersAsFlags,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	bindOrgFlag(c, &o.org, orgFlagUsage+" (required, except with --from-file)")
	f := c.Flags()
	f.StringSliceVar(&o.members, "member", nil, "Member `ID` or external ID whose sessions to audit (repeatable or comma-separated)")
	f.StringSliceVar(&o.emails, "email", nil, "Member with email `ADDR` in the organization (repeatable or comma-separated)")
	f.BoolVar(&o.allMembers, "all-members", false, "Audit every member of the organization (member search, paged and rate-limited)")
	f.StringVar(&o.audit.fromFile, "from-file", "", "Audit saved member sessions from `FILE` (- for stdin): the output of 'b2b sessions list -o json'")
	f.StringVar(&o.audit.staleAfter, "stale-after", "30d", "Flag sessions idle for longer than `DURATION` (such as 12h, 7d, 2w)")
	f.StringVar(&o.audit.maxLifetime, "max-lifetime", "30d", "Flag sessions that live longer than `DURATION` from start to expiry")
	f.IntVar(&o.audit.maxSessions, "max-sessions", def.MaxSessions, "Flag members with more than `N` active sessions")
	f.StringVar(&o.audit.failOn, "fail-on", "", "Exit 6 when a finding at or above `LEVEL` (info, warning or warn, critical) is found")
	f.IntVar(&o.audit.concurrency, "concurrency", defaultConcurrency, fmt.Sprintf("Fetch `N` members' sessions at once, 1 to %d", maxConcurrency))
	f.IntVar(&o.audit.pageSize, "page-size", defaultAuditPageSize, "With --all-members: "+pageSizeUsage("members"))
	sessionfilter.BindMemberMatch(f, &o.audit.filter)
	sessionfilter.BindMemberOrder(f, &o.audit.filter)
	f.Lookup("sort-by").Usage = "Order findings by `KEY`: severity (critical first), started, last-active, expires or member; prefix - to reverse"
	_ = c.RegisterFlagCompletionFunc("sort-by", completeAuditSortKeys)
	bindOutput(c, &o.audit.output)
	return c
}

func (o *b2bSessionsAuditOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.validate(c, a); done || err != nil {
		return err
	}
	ctx := c.Context()
	var saved []api.MemberSession
	if o.audit.fromFile != "" {
		var err error
		if saved, err = readMemberSessionsFile(ctx, a, o.audit.fromFile, o.org); err != nil {
			return err
		}
	}
	r := newAuditCollector(a, &o.audit)
	if err := o.collect(ctx, a, r, saved); err != nil && !errors.Is(err, errEnough) {
		return err
	}
	if err := r.finish(ctx); err != nil {
		return err
	}
	return r.exitError()
}

// validate checks every flag before anything is sent; done means -o help
// was answered.
func (o *b2bSessionsAuditOptions) validate(c *cobra.Command, a *app) (done bool, err error) {
	if done, err := o.audit.output.validate(c, a); done || err != nil {
		return done, err
	}
	// The rules' limits not offered here keep their defaults, so that the
	// shared checks pass; their rules need an IP address anyway.
	def := sessionaudit.Defaults()
	o.audit.maxSpeed, o.audit.maxCountries = def.MaxSpeedKMH, def.MaxCountries
	named := len(o.members) > 0 || len(o.emails) > 0
	switch {
	case o.org == "" && o.audit.fromFile == "":
		return false, usageErrorf("--org is required: the organization whose members to audit (ID, slug or external ID)")
	case o.allMembers && (named || o.audit.fromFile != ""):
		return false, usageErrorf("--all-members cannot be combined with --member, --email or --from-file")
	case o.audit.fromFile != "" && len(o.emails) > 0:
		return false, usageErrorf("--email cannot be combined with --from-file: a saved listing names members by member ID; use --member")
	case !o.allMembers && !named && o.audit.fromFile == "":
		return false, usageErrorf("--member, --email, --all-members or --from-file is required: whose sessions to audit")
	}
	if o.org != "" {
		if err := checkOrgRef("--org", o.org); err != nil {
			return false, err
		}
	}
	for _, m := range o.members {
		if err := checkMemberID("--member", m); err != nil {
			return false, err
		}
	}
	if err := validateEmailFlag(o.emails...); err != nil {
		return false, err
	}
	return false, o.audit.validateRules(a)
}

// collect hands r the member sessions to audit: those of --from-file, else
// those of every member (--all-members), else those of --member and
// --email, fetched --concurrency at a time.
func (o *b2bSessionsAuditOptions) collect(ctx context.Context, a *app, r *auditCollector, saved []api.MemberSession) error {
	if o.audit.fromFile != "" {
		return o.auditFile(r, saved)
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	client := s.client.WithPacer(&api.Pacer{})
	if o.allMembers {
		return o.auditAll(ctx, r, client)
	}
	ids, labels, err := o.resolveMembers(ctx, client)
	if err != nil {
		return err
	}
	if a.deps.StderrTTY && len(ids) >= progressMinUsers {
		r.prog = render.NewProgress(a.deps.Stderr, len(ids), "members")
	}
	return o.auditMembers(ctx, r, client, o.org, ids, labels, len(ids) == 1)
}

// resolveMembers is the members of --member (as typed: Stytch takes an
// external ID too) then of --email (looked up in the organization, one at
// a time), with how each was named. An unknown address is exit 3 naming
// it and the organization.
func (o *b2bSessionsAuditOptions) resolveMembers(ctx context.Context, client *api.Client) (ids, labels []string, err error) {
	ids = append(ids, o.members...)
	labels = append(labels, o.members...)
	for _, email := range o.emails {
		m, err := client.GetMember(ctx, o.org, api.MemberLookup{EmailAddress: email})
		if err != nil {
			return nil, nil, b2bError(err, o.org, "with email address "+email, "",
				fmt.Sprintf("finding the member with email address %s in organization %s", email, o.org))
		}
		ids, labels = append(ids, m.MemberID), append(labels, email)
	}
	return ids, labels, nil
}

// auditMembers fetches and audits the sessions of ids in org, --concurrency
// at a time, printing in input order. One member that fails ends the run
// with its error when it is the only one (single); else the failure gets a
// line on stderr and the run goes on. A member named twice (ID and external
// ID) is audited once.
func (o *b2bSessionsAuditOptions) auditMembers(ctx context.Context, r *auditCollector, client *api.Client, org string, ids, labels []string, single bool) error {
	fan := fanOut[*api.MemberSessionsResponse]{
		Workers: o.audit.concurrency,
		Fetch: func(ctx context.Context, i int) (*api.MemberSessionsResponse, error) {
			resp, err := client.GetMemberSessions(ctx, org, ids[i])
			return resp, b2bError(err, org, ids[i], "", fmt.Sprintf("listing sessions of member %s in organization %s", ids[i], org))
		},
		Received: func(int, error) { r.prog.Add(1) },
		Fatal:    stopsRun,
		Emit: func(i int, resp *api.MemberSessionsResponse, err error) error {
			if err != nil {
				if single {
					return err
				}
				return r.failed(err)
			}
			views := memberSessionViews(resp.MemberSessions)
			if first, dup := r.owners.claim(ids[i], views); dup {
				r.prog.Clear()
				_, err := fmt.Fprintf(r.a.deps.Stderr, "stytchctl: note: %s and %s name the same member: its sessions are audited once\n",
					render.Sanitize(first), render.Sanitize(ids[i]))
				return err
			}
			memberID := ids[i]
			if len(views) > 0 && views[0].UserID != "" {
				memberID = views[0].UserID
			}
			return r.audit(memberID, labels[i], views)
		},
	}
	return fan.run(ctx, len(ids))
}

// auditAll walks every member of the organization with member search
// (which takes organization IDs only, so a slug is resolved first), page
// by page, and audits each page's members before asking for the next:
// memory holds one page and the fan-out window. The search is paced to
// its documented 100 requests a minute; a 429 it still gets ends the run
// with Stytch's error and request ID.
func (o *b2bSessionsAuditOptions) auditAll(ctx context.Context, r *auditCollector, client *api.Client) error {
	orgID, err := newOrgResolver(client).ID(ctx, o.org)
	if err != nil {
		return err
	}
	first := true
	err = client.EachMemberPage(ctx, api.MemberSearch{OrganizationIDs: []string{orgID}, Limit: o.audit.pageSize}, func(page *api.MemberSearchPage) error {
		if first {
			first = false
			if r.a.deps.StderrTTY && page.Total >= progressMinUsers {
				r.prog = render.NewProgress(r.a.deps.Stderr, page.Total, "members")
			}
		}
		ids, labels := make([]string, len(page.Members)), make([]string, len(page.Members))
		for i, m := range page.Members {
			ids[i], labels[i] = m.MemberID, memberLabel(m)
		}
		page.Members, page.Raw = nil, nil // the IDs are all that is kept
		if len(ids) == 0 {
			return nil
		}
		return o.auditMembers(ctx, r, client, orgID, ids, labels, false)
	})
	return wrap(err, "listing every member of organization %s", o.org)
}

// memberLabel names a member in a terminal table: the email address, else
// the external ID, else the member ID.
func memberLabel(m api.Member) string {
	for _, s := range []string{m.EmailAddress, m.ExternalID} {
		if s != "" {
			return s
		}
	}
	return m.MemberID
}

// auditFile audits saved member sessions, member by member in the order
// members first appear; --member keeps only those members, each of which
// must have sessions in the file.
func (o *b2bSessionsAuditOptions) auditFile(r *auditCollector, saved []api.MemberSession) error {
	members, byMember := sessionsByUser(memberSessionViews(saved))
	if len(o.members) > 0 {
		for _, m := range o.members {
			if len(byMember[m]) == 0 && len(saved) > 0 {
				return usageErrorf("--from-file %s holds no sessions of member %s: it holds the sessions of %s (a saved listing names members by member ID)",
					render.Sanitize(o.audit.fromFile), render.Sanitize(m), count(len(members), "members"))
			}
		}
		members = o.members
	}
	for _, m := range members {
		if err := r.audit(m, m, byMember[m]); err != nil {
			return err
		}
	}
	return nil
}
