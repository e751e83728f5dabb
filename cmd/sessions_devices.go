package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/geoip"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
)

// sessionsDevicesOptions is what `sessions devices` uses.
type sessionsDevicesOptions struct {
	user     string
	email    string
	fromFile string
	output   outputOptions
	geo      locationOptions
}

func newSessionsDevicesCmd(a *app) *cobra.Command {
	o := &sessionsDevicesOptions{}
	c := &cobra.Command{
		Use:   "devices (--user ID | --email ADDR | --from-file FILE)",
		Short: "Show which devices a user is signed in on",
		Long: `Group a user's active sessions by device, as far as user agents tell
devices apart (browser, OS, device type): per device, its sessions, IP
addresses (with place and network when an IP database is found: stytchctl
help geoip), first start, last activity and factors. On a terminal each
session gets a timeline (stytchctl help formatting). --from-file reads
saved sessions list output offline (stytchctl help selecting-users).`,
		Example: examples(
			"stytchctl sessions devices -u user-test-b4d2e8f1-6a3c-4e97-8d05-f1c3a7e9b264",
			"stytchctl sessions devices --email alice.nakamura@example.com -o json | jq '.devices[].device'",
			"stytchctl sessions list -u alice-42 -o json > alice.json",
			"stytchctl sessions devices --from-file alice.json -o wide",
			"stytchctl sessions devices -u alice-42 --geoip-db City.mmdb --geoip-db ASN.mmdb",
		),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	bindOneUser(c, &o.user, "User `ID` or external ID whose devices to show (one user at a time)")
	c.Flags().StringVar(&o.email, "email", "", "Find the user by exact email `ADDR`")
	c.Flags().StringVar(&o.fromFile, "from-file", "", "Read saved sessions from `FILE` (- for stdin) instead of the API: the output of 'sessions list -o json' or '-o ndjson'")
	bindLocations(c, &o.geo)
	bindOutput(c, &o.output)
	return c
}

// devicesListing describes device groups for the printer.
func devicesListing() render.List[sessionview.DeviceGroup] {
	join := func(s []string, sep string) string { return strings.Join(s, sep) }
	return render.List[sessionview.DeviceGroup]{
		Key: "devices",
		Raw: func(g sessionview.DeviceGroup) json.RawMessage {
			b, _ := g.MarshalJSON() // only strings, lists and times: cannot fail
			return b
		},
		Columns: []render.Column{
			{Header: "Device"},
			{Header: "Sessions", Fixed: true},
			{Header: "IPs", Kind: render.Address, DropOrder: 3},
			{Header: "Factors", DropOrder: 2},
			{Header: "First started", Fixed: true, DropOrder: 1},
			{Header: "Last active", Fixed: true},
		},
		Row: func(g sessionview.DeviceGroup) []any {
			return []any{g.Label, len(g.Sessions), join(g.IPAddresses, ", "), join(g.Factors, ", "), g.FirstStarted, g.LastActive}
		},
		WideColumns: []render.Column{
			{Header: "Device"},
			{Header: "Browser", DropOrder: 5},
			{Header: "Browser version", DropOrder: 4},
			{Header: "OS", Key: "os", DropOrder: 3},
			{Header: "OS version", Key: "os_version", DropOrder: 2},
			{Header: "Type", DropOrder: 1},
			{Header: "Sessions", Fixed: true, Terminal: sessionview.ShortenIDListCells},
			{Header: "IP addresses", Kind: render.Address, DropOrder: 8},
			{Header: "Factors", DropOrder: 7},
			{Header: "First started", Key: "first_started_at", Fixed: true, DropOrder: 6},
			{Header: "Last active", Key: "last_active_at", Fixed: true},
		},
		WideRow: func(g sessionview.DeviceGroup) []any {
			d := g.Device
			return []any{g.Label, d.Browser, d.BrowserVersion, d.OS, d.OSVersion, d.Type, join(g.SessionIDs(), " "),
				join(g.IPAddresses, " "), join(g.Factors, ", "), g.FirstStarted, g.LastActive}
		},
	}
}

// locatedDevicesListing is devicesListing with LOCATION and NETWORK after
// the IP addresses, for groups that LocateGroups located. On a narrow
// terminal the network goes right after the first start, then the
// factors, then the IPs, and the places last of all.
func locatedDevicesListing() render.List[sessionview.DeviceGroup] {
	l := devicesListing()
	l.Columns = []render.Column{
		{Header: "Device"},
		{Header: "Sessions", Fixed: true},
		{Header: "IPs", Kind: render.Address, DropOrder: 4},
		{Header: "Location", DropOrder: 5},
		{Header: "Network", DropOrder: 2},
		{Header: "Factors", DropOrder: 3},
		{Header: "First started", Fixed: true, DropOrder: 1},
		{Header: "Last active", Fixed: true},
	}
	row := l.Row
	l.Row = func(g sessionview.DeviceGroup) []any {
		return insertCells(row(g), 3, g.Places("; "), g.Networks("; "))
	}
	wide := l.WideColumns
	l.WideColumns = append(append(wide[:8:8],
		render.Column{Header: "Location", DropOrder: 10},
		render.Column{Header: "Network", DropOrder: 9}), wide[8:]...)
	wideRow := l.WideRow
	l.WideRow = func(g sessionview.DeviceGroup) []any {
		return insertCells(wideRow(g), 8, g.Places("; "), g.Networks("; "))
	}
	return l
}

// insertCells returns row with cells inserted before index i.
func insertCells(row []any, i int, cells ...any) []any {
	return append(append(row[:i:i], cells...), row[i:]...)
}

// run shows the devices in named steps: check the flags, read the
// sessions (from the file or the API), group them by device, and draw
// them as the terminal view or print them in the -o format.
func (o *sessionsDevicesOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.output.validate(c, a); done || err != nil {
		return err
	}
	if err := o.checkFlags(); err != nil {
		return err
	}
	sessions, who, db, err := o.sessions(c.Context(), a)
	if err != nil {
		return err
	}
	defer db.Close()
	groups := sessionview.GroupByDevice(sessions)
	sessionview.LocateGroups(groups, locator(db))
	if o.output.format == render.Table && a.deps.StdoutTTY && o.output.print.JQ == nil && o.output.print.Template == nil {
		return o.printTerminal(a, groups, who)
	}
	return o.printListing(c.Context(), a, groups, who)
}

// checkFlags says whose devices to show: exactly one of --user, --email
// and --from-file, or --from-file with --user to pick one user from it.
func (o *sessionsDevicesOptions) checkFlags() error {
	switch {
	case o.email != "" && (o.user != "" || o.fromFile != ""):
		return usageErrorf("--email cannot be combined with --user or --from-file")
	case o.user == "" && o.email == "" && o.fromFile == "":
		return usageErrorf("--user, --email or --from-file is required: whose devices to show")
	}
	if o.user != "" {
		if err := checkOneUser("sessions devices", o.user); err != nil {
			return err
		}
	}
	if o.email != "" {
		if err := validateEmailFlag(o.email); err != nil {
			return err
		}
	}
	return nil
}

// sessions returns the sessions to group, from --from-file or the API,
// the user they belong to ("" when a file does not say) and the location
// databases (nil when none), opened before any request is sent.
func (o *sessionsDevicesOptions) sessions(ctx context.Context, a *app) ([]api.Session, string, *geoip.DB, error) {
	if o.fromFile != "" {
		db, err := o.geo.openLocations(a, a.demoSelected())
		if err != nil {
			return nil, "", nil, err
		}
		sessions, who, err := o.sessionsFromFile(ctx, a)
		return sessions, who, db, err
	}
	s, err := a.connect()
	if err != nil {
		return nil, "", nil, err
	}
	db, err := o.geo.openLocations(a, s.creds.Demo)
	if err != nil {
		return nil, "", nil, err
	}
	sessions, who, err := o.sessionsFromAPI(ctx, s)
	return sessions, who, db, err
}

// sessionsFromFile reads --from-file: the sessions of --user when given;
// else every session, which must then belong to at most one user.
func (o *sessionsDevicesOptions) sessionsFromFile(ctx context.Context, a *app) ([]api.Session, string, error) {
	saved, err := readSessionsFile(ctx, a, o.fromFile)
	if err != nil {
		return nil, "", err
	}
	all := saved.sessions
	users, byUser := sessionsByUser(all)
	switch {
	case o.user != "":
		id, err := saved.owner(o.user)
		return byUser[id], id, err
	case len(users) > 1:
		return nil, "", usageErrorf("--from-file %s holds the sessions of %d users: pick one with --user", render.Sanitize(o.fromFile), len(users))
	case len(users) == 1:
		return all, users[0], nil
	}
	return all, "", nil
}

// sessionsFromAPI lists the active sessions of --user, or of the user
// that --email finds.
func (o *sessionsDevicesOptions) sessionsFromAPI(ctx context.Context, s *connection) ([]api.Session, string, error) {
	var err error
	who := o.user
	if o.email != "" {
		if who, err = resolveEmail(ctx, s.client, o.email); err != nil {
			return nil, "", err
		}
	}
	resp, err := s.client.GetSessions(ctx, who)
	if err != nil {
		return nil, "", wrap(err, "listing sessions of user %s", who)
	}
	return resp.Sessions, who, nil
}

// printTerminal draws the devices view, fitted to the terminal, or says
// on stderr that there is nothing to draw.
func (o *sessionsDevicesOptions) printTerminal(a *app, groups []sessionview.DeviceGroup, who string) error {
	if len(groups) == 0 {
		return o.noteEmpty(a, who)
	}
	v := sessionview.DevicesView{Now: a.deps.Now(), Color: a.deps.colorEnabled(true), ShortIDs: sessionview.GroupShortIDs(groups)}
	if a.deps.TermWidth != nil {
		v.Width = a.deps.TermWidth()
	}
	// The view's lines can be wider than the terminal (a session's
	// ID, timeline and times): break them between columns so that the
	// terminal never wraps them mid-word.
	var b strings.Builder
	if err := v.Write(&b, groups); err != nil {
		return err
	}
	out := a.humanOut()
	io.WriteString(out, render.FitTerminal(b.String(), v.Width, -1))
	return out.finish()
}

// printListing prints the groups in the -o format (the piped table,
// wide, json, …); an empty table gets a note on stderr.
func (o *sessionsDevicesOptions) printListing(ctx context.Context, a *app, groups []sessionview.DeviceGroup, who string) error {
	listing := devicesListing()
	if sessionview.Located(groups) {
		listing = locatedDevicesListing()
	}
	p := newListPrinter(a, &o.output, listing)
	for _, g := range groups {
		if err := p.Add(g); err != nil {
			return err
		}
	}
	if err := p.Close(ctx); err != nil {
		return err
	}
	if len(groups) == 0 && o.output.format.IsTable() {
		return o.noteEmpty(a, who)
	}
	return nil
}

// noteEmpty tells a person on stderr why nothing was printed.
func (o *sessionsDevicesOptions) noteEmpty(a *app, who string) error {
	msg := "No active sessions"
	if who != "" {
		msg += " for user " + render.Sanitize(who)
	}
	if o.fromFile != "" {
		msg += " in " + render.Sanitize(o.fromFile)
	}
	_, err := fmt.Fprintln(a.deps.Stderr, msg+".")
	return err
}

// checkOneUser validates the --user of a command that shows one user at a
// time (cmdName): a list such as "a,b", which sessions list takes, is
// refused as such rather than as a malformed external ID.
func checkOneUser(cmdName, user string) error {
	var users []string
	valid := true
	for _, u := range strings.Split(user, ",") {
		if u = strings.TrimSpace(u); u != "" {
			users = append(users, u)
			valid = valid && api.ValidateUserID(u) == nil
		}
	}
	if len(users) > 1 {
		hint := "Run it once per user."
		if valid {
			hint += " To see several users' sessions together: stytchctl sessions list --user " + strings.Join(users, ",")
		}
		return &exitError{code: ExitUsage,
			err:  fmt.Errorf("%s takes one user at a time: --user %q names %d users", cmdName, user, len(users)),
			hint: hint}
	}
	return validateUserFlag("--user", user)
}
