package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/config"
	"github.com/stytchctl/stytchctl/render"
)

// authStatusOptions is what `auth status` uses. The profile to show comes
// from the global --profile flag.
type authStatusOptions struct {
	offline bool
	output  outputOptions
}

func newAuthStatusCmd(a *app) *cobra.Command {
	o := &authStatusOptions{}
	c := &cobra.Command{
		Annotations: reportAnnotation(),
		Use:         "status [--profile NAME] [--offline]",
		Short:       "Show every profile, which one is used, and whether it works",
		Long: `Show every saved profile (or the one --profile names): whether it is
active, its project ID, test or LIVE, the API URL, where its masked secret
is kept, and whether Stytch accepts it now (one read-only request each;
--offline skips them). STYTCH_PROJECT_ID and STYTCH_SECRET come first when
set. Exits 4 when the credentials that commands would use are missing or
rejected, so scripts can check first. More in stytchctl help credentials.`,
		Example: examples(
			"stytchctl auth status",
			"stytchctl auth status --profile prod --offline",
			"stytchctl auth status -o json | jq -r '.profiles[] | select(.in_use) | .project_id'",
		),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	c.Flags().BoolVar(&o.offline, "offline", false, "Do not check the credentials against the API")
	bindTimelessDocumentOutput(c, &o.output)
	return c
}

// statusRow is one set of credentials in `auth status`; its JSON form is
// the -o json document's.
type statusRow struct {
	Name         string `json:"name"`
	Active       bool   `json:"active"`
	InUse        bool   `json:"in_use"`
	ChosenBy     string `json:"chosen_by,omitempty"`
	ProjectID    string `json:"project_id"`
	Environment  string `json:"environment"`
	APIURL       string `json:"api_url"`
	SecretSource string `json:"secret_source"`
	Secret       string `json:"secret_masked"`
	// Check is ok, rejected, not_checked, no_secret, keyring_unreachable
	// or error.
	Check     string `json:"check"`
	Detail    string `json:"check_detail,omitempty"`
	RequestID string `json:"request_id,omitempty"`

	// err is why the row's credentials cannot be used, for the exit code.
	err error
}

// run shows the status in named steps: check the flags and the URL
// override, see which credentials commands would use, build one row per
// set of credentials (checking each against the API unless --offline),
// print them, and exit with the error of the credentials in use.
func (o *authStatusOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.output.validateDocument(c, a); done || err != nil {
		return err
	}
	if err := a.checkTimeout(); err != nil {
		return err
	}
	override, err := a.apiURLOverride()
	if err != nil {
		return err
	}
	sel, selErr := a.resolver().Select(config.Request{Profile: a.profile, APIURL: a.apiURL})
	var ue *config.UsageError
	if errors.As(selErr, &ue) {
		return selErr
	}
	profs, file, err := a.loadProfiles()
	if err != nil {
		return err
	}
	scan := &statusScan{o: o, c: c, a: a, profs: profs, file: file, override: override, sel: sel, selOK: selErr == nil}
	rows, err := scan.rows()
	if err != nil {
		return err
	}
	if err := o.print(c.Context(), a, rows); err != nil {
		return err
	}
	if selErr != nil {
		return selErr
	}
	for _, row := range rows {
		if row.InUse {
			o.summary(a, row)
			return row.err
		}
	}
	return nil
}

// apiURLOverride returns the base URL that --api-url or STYTCHCTL_API_URL
// sets, checked, or "" when neither is set.
func (a *app) apiURLOverride() (string, error) {
	override := a.apiURL
	if override == "" {
		override = a.deps.getenv(config.EnvAPIURL)
	}
	if override == "" {
		return "", nil
	}
	return config.CheckBaseURL(override)
}

// statusScan is what auth status needs to build its rows: the saved
// profiles, the URL override, and which credentials are in use.
type statusScan struct {
	o        *authStatusOptions
	c        *cobra.Command
	a        *app
	profs    *config.Profiles
	file     *config.File
	override string
	// sel says which credentials commands use; it holds only when selOK
	// (the selection can fail, for example with no credentials at all,
	// and the profiles are shown all the same).
	sel   config.Selection
	selOK bool
}

// rows returns the environment's credentials first when they are in use,
// then a row for each profile to show. A profile named with --profile that
// does not exist is an error.
func (s *statusScan) rows() ([]*statusRow, error) {
	var rows []*statusRow
	if s.selOK && s.sel.Env {
		rows = append(rows, s.envRow())
	}
	for _, name := range s.names() {
		row, err := s.profileRow(name)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// names are the profiles to show: the one named with --profile, else every
// saved profile, led by the demo profile when it is the one in use
// ("auth switch demo" or STYTCHCTL_PROFILE=demo).
func (s *statusScan) names() []string {
	names := s.file.Names()
	switch {
	case s.a.profile != "":
		return []string{s.a.profile}
	case s.selOK && s.sel.Profile == config.DemoProfile:
		return append([]string{config.DemoProfile}, names...)
	}
	return names
}

// envRow is the row of STYTCH_PROJECT_ID and STYTCH_SECRET, checked.
func (s *statusScan) envRow() *statusRow {
	id := s.a.deps.getenv(config.EnvProjectID)
	secret := s.a.deps.getenv(config.EnvSecret)
	row := &statusRow{
		InUse: true, ChosenBy: "environment", ProjectID: id, Environment: envName(id),
		APIURL: firstNonEmpty(s.override, config.BaseURLFor(id)), SecretSource: string(config.SourceEnv),
		Secret: config.Mask(secret),
	}
	s.o.check(s.c, s.a, row, config.Credentials{ProjectID: id, Secret: secret, BaseURL: row.APIURL, Source: config.SourceEnv})
	return row
}

// profileRow is the row of profile name, checked when its secret can be
// read.
func (s *statusScan) profileRow(name string) (*statusRow, error) {
	row := &statusRow{Name: name, Active: s.file.Active == name}
	if s.selOK && !s.sel.Env && s.sel.Profile == name {
		row.InUse, row.ChosenBy = true, s.sel.Via
	}
	if name == config.DemoProfile {
		row.ProjectID, row.Environment, row.APIURL, row.SecretSource = apiDemoProjectID, "test", "in-process (no network)", string(config.SourceDemo)
		s.o.check(s.c, s.a, row, config.DemoCredentials(row.ChosenBy))
		return row, nil
	}
	p, ok := s.file.Profiles[name]
	if !ok {
		return nil, &config.CredentialsError{
			Msg:  fmt.Sprintf("profile %q not found in %s", name, s.profs.ConfigPath()),
			Hint: "save it with: stytchctl auth login --profile " + name + " --project-id project-test-…",
		}
	}
	row.ProjectID, row.Environment = p.ProjectID, p.Environment()
	// An --api-url or STYTCHCTL_API_URL override is for the credentials
	// in use; other profiles are checked against their own URL, so that
	// their secrets never go to a URL chosen for another project.
	row.APIURL = p.BaseURL()
	if row.InUse {
		row.APIURL = firstNonEmpty(s.override, p.BaseURL())
	}
	row.SecretSource = string(config.SourceKeyring)
	if p.Storage == config.StorageInsecureFile {
		row.SecretSource = string(config.SourceInsecureFile)
	}
	s.checkSecret(row, p)
	return row, nil
}

// checkSecret reads profile p's secret into row, masked, and checks it;
// a secret that cannot be read is the row's check result and error.
func (s *statusScan) checkSecret(row *statusRow, p config.Profile) {
	secret, err := s.profs.Secret(p)
	switch {
	case err == nil:
		row.Secret = config.Mask(secret)
		s.o.check(s.c, s.a, row, config.Credentials{Profile: row.Name, ProjectID: p.ProjectID, Secret: secret, BaseURL: row.APIURL, Source: config.Source(row.SecretSource), Via: row.ChosenBy})
	case errors.Is(err, config.ErrSecretNotFound):
		row.Check, row.Detail, row.err = "no_secret", "no secret saved", config.SecretError(s.profs, p, err)
	case isKeyringError(err):
		row.Check, row.Detail, row.err = "keyring_unreachable", err.Error(), config.SecretError(s.profs, p, err)
	default:
		row.Check, row.Detail, row.err = "error", err.Error(), config.SecretError(s.profs, p, err)
	}
}

// apiDemoProjectID is what the demo row shows as its project.
const apiDemoProjectID = "demo (built in)"

// check fills in whether the API accepts creds now.
func (o *authStatusOptions) check(c *cobra.Command, a *app, row *statusRow, creds config.Credentials) {
	if o.offline {
		row.Check, row.Detail = "not_checked", "--offline"
		return
	}
	client, err := a.newClient(creds)
	if err == nil {
		row.RequestID, err = verifyCredentials(c.Context(), client)
	}
	if err == nil {
		row.Check = "ok"
		return
	}
	row.Check, row.Detail = "error", err.Error()
	ae, isAPI := api.AsError(err)
	if isAPI {
		row.RequestID = ae.RequestID
	}
	what := "profile " + fmt.Sprintf("%q", row.Name)
	if row.Name == "" {
		what = config.EnvProjectID + " and " + config.EnvSecret
	}
	if api.IsAuthFailure(err) {
		row.Check = "rejected"
		row.err = &exitError{code: ExitAuth, err: fmt.Errorf("checking the credentials in use (%s, project %s): %w", what, row.ProjectID, err),
			hint: "To fix: save the secret again with stytchctl auth login, or correct the environment variables; test and live keys differ."}
		return
	}
	row.err = wrap(err, "checking the credentials in use (%s, project %s)", what, row.ProjectID)
}

// print writes the rows as the -o document ({"profiles":[…]}) or as a
// table; no rows print no table.
func (o *authStatusOptions) print(ctx context.Context, a *app, rows []*statusRow) error {
	if o.output.format.IsDocument() {
		doc := struct {
			Profiles []*statusRow `json:"profiles"`
		}{Profiles: rows}
		if doc.Profiles == nil {
			doc.Profiles = []*statusRow{}
		}
		raw, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		return a.printDocumentOutput(ctx, &o.output, raw)
	}
	t := render.TableData{Columns: []render.Column{
		// On a narrow terminal the API URL, the secret's source, the masked
		// secret and the active marker go, in that order.
		{Header: "Profile", Kind: render.Identifier}, {Header: "Active", DropOrder: 4},
		{Header: "Project ID", Kind: render.Identifier}, {Header: "Env", Fixed: true},
		{Header: "API URL", Kind: render.Address, DropOrder: 1}, {Header: "Secret from", DropOrder: 2},
		{Header: "Secret", Fixed: true, DropOrder: 3}, {Header: "Check"},
	}}
	for _, r := range rows {
		name := r.Name
		if name == "" {
			name = "(environment)"
		}
		t.Rows = append(t.Rows, []any{name, activeCell(r), r.ProjectID, envCell(r.Environment), r.APIURL, r.SecretSource, r.Secret, checkCell(r)})
	}
	if len(t.Rows) == 0 {
		return nil
	}
	return a.printTable(t)
}

// summary tells, on stderr, which credentials commands use now.
func (o *authStatusOptions) summary(a *app, r *statusRow) {
	var what string
	switch {
	case r.Name == "":
		what = config.EnvProjectID + " and " + config.EnvSecret + " from the environment"
	default:
		what = fmt.Sprintf("profile %q (%s)", r.Name, r.ChosenBy)
	}
	env := r.Environment
	if env == "live" {
		env = "a LIVE project: real users"
	}
	fmt.Fprintf(a.deps.Stderr, "Commands use %s: %s, %s.\n", what, r.ProjectID, env)
}

func activeCell(r *statusRow) string {
	switch {
	case r.InUse && r.Active:
		return "active"
	case r.InUse:
		return "in use (" + r.ChosenBy + ")"
	case r.Active:
		return "active, overridden"
	}
	return ""
}

func envCell(env string) string {
	if env == "live" {
		return "LIVE"
	}
	return env
}

func checkCell(r *statusRow) string {
	switch r.Check {
	case "ok":
		return "ok"
	case "not_checked":
		return "not checked (--offline)"
	case "no_secret":
		return "no secret saved"
	case "keyring_unreachable":
		return "keyring unreachable"
	case "rejected":
		s := "rejected"
		if r.RequestID != "" {
			s += " (request_id " + r.RequestID + ")"
		}
		return s
	}
	return "error: " + r.Detail
}

func envName(projectID string) string {
	if config.IsLive(projectID) {
		return "live"
	}
	return "test"
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
