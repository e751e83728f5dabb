package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
)

// b2bSessionsWatchOptions is what `b2b sessions watch` uses.
type b2bSessionsWatchOptions struct {
	organization string
	member       string
	email        string
	interval     time.Duration
	output       outputOptions
}

func newB2BSessionsWatchCmd(a *app) *cobra.Command {
	o := &b2bSessionsWatchOptions{}
	c := &cobra.Command{
		Use:   "watch --org ORG (--member ID | --email ADDR) [--interval DURATION]",
		Short: "Print a member's sessions as they appear and disappear",
		Long: `Poll one organization member's active sessions and print ADDED or REMOVED
with the time seen, as sessions watch does for users: the sessions active at
the start first, then every --interval, backing off on failures. An unknown
organization or member (3) or bad credentials (4) end it; Ctrl-C exits 130.
Member sessions carry no device or IP: events show factors and roles.`,
		Example: examples(
			"stytchctl b2b sessions watch --org northwind-traders --member emp-7731",
			"stytchctl b2b sessions watch --org northwind-traders --email priya.natarajan@northwind.example -o ndjson",
		),
		Args: membersAsFlags,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	bindOrgFlag(c, &o.organization, orgFlagUsage)
	c.Flags().StringVar(&o.member, "member", "", "Member `ID` (or external ID) to watch (one member at a time)")
	c.Flags().StringVar(&o.email, "email", "", "Watch the member with email `ADDR` in the organization")
	c.Flags().Var(newDurationValue(&o.interval, defaultWatchInterval), "interval", "Poll every `DURATION` (at least 5s), with ±10% jitter")
	bindStreamOutput(c, &o.output)
	return c
}

// run watches in named steps: check the flags, connect, find the member
// (an --email is looked up once), and poll as sessions watch does.
func (o *b2bSessionsWatchOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.output.validateStream(c, a); done || err != nil {
		return err
	}
	if err := o.validate(c); err != nil {
		return err
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	ctx := c.Context()
	ref := b2bMemberRef{org: o.organization, member: o.member, email: o.email}
	memberID, err := ref.id(ctx, s.client)
	if err != nil {
		return err
	}
	src := memberWatchSource{client: s.client.WithPacer(&api.Pacer{}), ref: ref, memberID: memberID}
	wt := &watcher{a: a, src: src, interval: o.interval, output: &o.output, rand: rand.Float64}
	return wt.loop(ctx)
}

// validate checks --org, the member and --interval before anything is
// sent. Every error is a usage error.
func (o *b2bSessionsWatchOptions) validate(c *cobra.Command) error {
	if err := checkOrganization(o.organization); err != nil {
		return err
	}
	if n := len(strings.Split(o.member, ",")); n > 1 {
		return &exitError{code: ExitUsage,
			err:  fmt.Errorf("b2b sessions watch takes one member at a time: --member %q names %d members", o.member, n),
			hint: "Run it once per member."}
	}
	ref := b2bMemberRef{org: o.organization, member: o.member, email: o.email}
	if err := ref.checkMember("watch"); err != nil {
		return err
	}
	return checkWatchInterval(c, o.interval)
}

// memberWatchSource polls a member's sessions: GET /v1/b2b/sessions with
// the organization as given (ID, slug or external ID) and the member ID.
type memberWatchSource struct {
	client   *api.Client
	ref      b2bMemberRef
	memberID string
}

func (m memberWatchSource) poll(ctx context.Context) ([]api.Session, error) {
	resp, err := m.client.GetMemberSessions(ctx, m.ref.org, m.memberID)
	if err != nil {
		return nil, err
	}
	out := make([]api.Session, len(resp.MemberSessions))
	for i, ms := range resp.MemberSessions {
		out[i] = memberSessionView(ms)
		out[i].Raw = ms.Raw
	}
	return out, nil
}

func (m memberWatchSource) owner() string {
	return "member " + m.memberID + " in organization " + m.ref.org
}

// final is an unknown organization or member in the words of every b2b
// command (b2bError), anything else as it came.
func (m memberWatchSource) final(err error) error {
	return m.ref.sessionsError(err, m.memberID)
}

// record names the member and organization by their IDs, from the session
// Stytch sent: --member may be an external ID and --org a slug.
func (m memberWatchSource) record(event, at string, s api.Session) any {
	var ids struct {
		MemberID       string `json:"member_id"`
		OrganizationID string `json:"organization_id"`
	}
	_ = json.Unmarshal(s.Raw, &ids) // a session that decoded once decodes again
	if ids.MemberID == "" {
		ids.MemberID = m.memberID
	}
	return struct {
		Event          string          `json:"event"`
		At             string          `json:"at"`
		MemberID       string          `json:"member_id"`
		OrganizationID string          `json:"organization_id"`
		Session        json.RawMessage `json:"session"`
	}{event, at, ids.MemberID, ids.OrganizationID, s.Raw}
}

// cells are the factors and roles: member sessions carry no device or IP.
func (m memberWatchSource) cells(s api.Session) []string {
	return []string{sessionview.Factors(s.AuthenticationFactors), strings.Join(s.Roles, ", ")}
}
