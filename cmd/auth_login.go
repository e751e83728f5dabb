package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/config"
	"github.com/stytchctl/stytchctl/render"
)

// viaLogin marks the credentials auth login verifies before saving them.
const viaLogin = "auth login"

// maxSecretBytes bounds what --with-secret reads from stdin. Stytch
// secrets are under a hundred characters.
const maxSecretBytes = 4 << 10

// defaultProfileName is the profile auth login saves when --profile is not
// given.
const defaultProfileName = "default"

// authLoginOptions is what `auth login` uses. The profile name and API URL
// come from the global --profile and --api-url flags.
type authLoginOptions struct {
	projectID       string
	withSecret      bool
	insecureStorage bool
	noVerify        bool
	force           bool
}

func newAuthLoginCmd(a *app) *cobra.Command {
	o := &authLoginOptions{}
	c := &cobra.Command{
		Use:   "login --project-id ID [--profile NAME] [--with-secret] [--insecure-storage]",
		Short: "Save a project's credentials as a profile, secret in the keyring",
		Long: `Save a Stytch project's ID and secret as a named profile (default:
"default"): the secret is asked for without echo, or read from stdin with
--with-secret, and kept in the OS keyring. The credentials are checked
with one read-only request first (--no-verify skips it). Replacing a
profile asks first, or takes --force; a test secret for a live project is
refused. No keyring, --insecure-storage and more: stytchctl help credentials.`,
		Example: examples(
			"stytchctl auth login --project-id project-test-6f0d2a4b-9c1e-4b7a-8e35-2d9f1c7a4b60",
			"stytchctl auth login --profile prod --project-id project-live-6f0d2a4b-9c1e-4b7a-8e35-2d9f1c7a4b60",
			`printf '%s' "$STYTCH_SECRET" | stytchctl auth login --profile ci --project-id "$STYTCH_PROJECT_ID" --with-secret`,
			"stytchctl auth login --profile box --project-id project-test-6f0d2a4b-9c1e-4b7a-8e35-2d9f1c7a4b60 --insecure-storage",
			`printf '%s' "$STYTCH_SECRET" | stytchctl auth login --profile ci --project-id "$STYTCH_PROJECT_ID" --with-secret --force`,
		),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	f := c.Flags()
	f.StringVar(&o.projectID, "project-id", "", "Project `ID` from the Stytch dashboard, project-test-… or project-live-… (required)")
	f.BoolVar(&o.withSecret, "with-secret", false, "Read the secret from stdin instead of asking on the terminal")
	f.BoolVar(&o.insecureStorage, "insecure-storage", false, "Keep the secret unencrypted in a 0600 file instead of the OS keyring")
	f.BoolVar(&o.noVerify, "no-verify", false, "Save without checking the credentials against the API")
	f.BoolVar(&o.force, "force", false, "Replace an existing profile of that name without asking (required when stdin is not a terminal)")
	return c
}

// run saves the profile in named steps: check the flags, probe the
// secret store, read and verify the secret, store it, save the profile,
// and say what was saved. Nothing is written before the secret is known
// to work (unless --no-verify).
func (o *authLoginOptions) run(c *cobra.Command, a *app) error {
	name, savedURL, err := o.validate(c, a)
	if err != nil {
		return err
	}
	o.warnUnusualProjectID(a)
	profs, file, err := a.loadProfiles()
	if err != nil {
		return err
	}
	s := o.newProfileSave(profs, file, name, savedURL)
	if err := o.confirmReplace(c.Context(), a, file, name); err != nil {
		return err
	}
	// Ask the keyring before asking for the secret, so that a machine
	// without one is refused before anyone types a secret.
	if err := s.readPrevious(); err != nil {
		return err
	}
	secret, err := a.readSecret(c.Context(), o.withSecret, o.projectID)
	if err != nil {
		return err
	}
	if err := checkSecretMatchesProject(secret, o.projectID); err != nil {
		return err
	}
	if !o.noVerify {
		if err := a.verifyForLogin(c, s.profile, secret); err != nil {
			return err
		}
	}
	if err := s.storeSecret(a, secret); err != nil {
		return err
	}
	if err := s.saveProfile(a); err != nil {
		return err
	}
	s.report(a)
	return nil
}

// validate checks what auth login can check before it reads the config
// or the secret: the global --timeout, the profile name (never the demo
// profile), --project-id, --api-url, and that the secret can be read. It
// returns the profile name and the API URL to save ("" for the project's
// default).
func (o *authLoginOptions) validate(c *cobra.Command, a *app) (name, savedURL string, err error) {
	if err := a.checkTimeout(); err != nil {
		return "", "", err
	}
	name = a.profile
	if name == "" {
		name = defaultProfileName
	}
	if name == config.DemoProfile {
		return "", "", usageErrorf("%q is the built-in demo profile and needs no login; choose another --profile name", name)
	}
	if err := config.CheckProfileName(name); err != nil {
		return "", "", err
	}
	if !c.Flags().Changed("project-id") {
		return "", "", usageErrorf("--project-id is required: the project ID from the Stytch dashboard (API keys), project-test-… or project-live-…")
	}
	if err := config.CheckProjectID(o.projectID); err != nil {
		return "", "", err
	}
	if a.apiURL != "" {
		if savedURL, err = config.CheckBaseURL(a.apiURL); err != nil {
			return "", "", err
		}
	}
	if !o.withSecret && !a.deps.StdinTTY {
		return "", "", usageErrorf("stdin is not a terminal, so the secret cannot be asked for: pipe it in and pass --with-secret")
	}
	return name, savedURL, nil
}

// warnUnusualProjectID warns on stderr when --project-id has neither
// Stytch prefix; the ID is still saved (a proxy may use its own).
func (o *authLoginOptions) warnUnusualProjectID(a *app) {
	if !strings.HasPrefix(o.projectID, "project-test-") && !strings.HasPrefix(o.projectID, "project-live-") {
		fmt.Fprintf(a.deps.Stderr, "stytchctl: warning: %q does not look like a Stytch project ID (project-test-… or project-live-…)\n", o.projectID)
	}
}

// confirmReplace asks on the terminal before a login replaces a saved
// profile of the same name, saying so when the profile switches between a
// test and a LIVE project. Without a terminal it takes --force. It runs
// before the keyring is touched or the secret is read.
func (o *authLoginOptions) confirmReplace(ctx context.Context, a *app, file *config.File, name string) error {
	old, ok := file.Profiles[name]
	if !ok || o.force {
		return nil
	}
	if !a.deps.StdinTTY {
		return &exitError{code: ExitUsage,
			err:  fmt.Errorf("profile %q exists (%s project %s): stdin is not a terminal, so replacing it cannot be asked; pass --force", name, envLabel(old.ProjectID), old.ProjectID),
			hint: "Nothing was saved. To keep it, choose another name with --profile NAME."}
	}
	question := fmt.Sprintf("Replace profile %q (%s project %s)? [y/N] ", name, envLabel(old.ProjectID), old.ProjectID)
	if config.IsLive(old.ProjectID) != config.IsLive(o.projectID) {
		question = fmt.Sprintf("Replace profile %q (%s project %s) with a %s project (%s)? [y/N] ",
			name, envLabel(old.ProjectID), old.ProjectID, envLabel(o.projectID), o.projectID)
	}
	yes, err := a.confirm(ctx, question)
	if err != nil {
		return err
	}
	if !yes {
		return &exitError{code: ExitFailure, err: fmt.Errorf("not confirmed: profile %q was kept and nothing was saved", name)}
	}
	return nil
}

// checkSecretMatchesProject refuses a test secret for a live project and
// a live secret for a test one: Stytch would reject the pair, and saving
// it (with --no-verify) would leave a profile that never works.
func checkSecretMatchesProject(secret, projectID string) error {
	var secretEnv string
	switch {
	case strings.HasPrefix(secret, "secret-test-"):
		secretEnv = "test"
	case strings.HasPrefix(secret, "secret-live-"):
		secretEnv = "live"
	default:
		return nil
	}
	projectEnv := ""
	switch {
	case strings.HasPrefix(projectID, "project-test-"):
		projectEnv = "test"
	case strings.HasPrefix(projectID, "project-live-"):
		projectEnv = "live"
	}
	if projectEnv == "" || projectEnv == secretEnv {
		return nil
	}
	return &exitError{code: ExitUsage,
		err:  fmt.Errorf("that is a %s secret (secret-%s-…) but %s is a %s project: the secret and the project ID must come from the same environment", secretEnv, secretEnv, projectID, projectEnv),
		hint: "Nothing was saved or sent. To fix: copy both from the same environment under API keys in the Stytch dashboard."}
}

// profileSave is one profile that auth login is saving: the profile, the
// secret store and key its secret goes to, and the secret that key held
// before, so that a failed save can put the store back as it was.
type profileSave struct {
	profs   *config.Profiles
	file    *config.File
	profile config.Profile
	store   config.SecretStore
	key     string
	// action names the login in errors: logging in as profile "NAME".
	action string
	// previous is the secret stored under key before, "" when none.
	previous string
}

// newProfileSave describes saving profile name with the flags' project ID
// and storage, and savedURL as its API URL.
func (o *authLoginOptions) newProfileSave(profs *config.Profiles, file *config.File, name, savedURL string) *profileSave {
	storage := config.StorageKeyring
	if o.insecureStorage {
		storage = config.StorageInsecureFile
	}
	p := config.Profile{Name: name, ProjectID: o.projectID, APIURL: savedURL, Storage: storage}
	return &profileSave{
		profs:   profs,
		file:    file,
		profile: p,
		store:   profs.Store(storage),
		key:     config.SecretKey(p),
		action:  fmt.Sprintf("logging in as profile %q", name),
	}
}

// readPrevious remembers the secret the store holds under the profile's
// key. It is the first touch of the secret store, so an unreachable
// keyring is refused here, with the ways around it.
func (s *profileSave) readPrevious() error {
	previous, err := s.store.Get(s.key)
	switch {
	case errors.Is(err, config.ErrSecretNotFound):
		previous = ""
	case isKeyringError(err):
		return keyringRefusal(err, s.action, s.profile.Name, s.profile.ProjectID)
	case err != nil:
		return fmt.Errorf("%s: %w", s.action, err)
	}
	s.previous = previous
	return nil
}

// storeSecret writes secret to the profile's store, warning first on
// stderr when that store is the unencrypted file.
func (s *profileSave) storeSecret(a *app, secret string) error {
	if s.profile.Storage == config.StorageInsecureFile {
		fmt.Fprintf(a.deps.Stderr, "stytchctl: warning: --insecure-storage: the secret of profile %q is written unencrypted to %s (mode 0600); "+
			"anyone who can read that file can use the project. Prefer the OS keyring or %s.\n", s.profile.Name, s.profs.InsecurePath(), config.EnvSecret)
	}
	if err := s.store.Set(s.key, secret); err != nil {
		if isKeyringError(err) {
			return keyringRefusal(err, s.action, s.profile.Name, s.profile.ProjectID)
		}
		return fmt.Errorf("%s: %w", s.action, err)
	}
	return nil
}

// saveProfile writes the profile to the config file; the first profile
// saved, or one saved when none is active, becomes the active one. When
// the file cannot be written the secret store is put back as it was, so
// that the two never disagree. A secret the profile kept under another key
// or in another store before is removed.
func (s *profileSave) saveProfile(a *app) error {
	name := s.profile.Name
	old, existed := s.file.Profiles[name]
	first := len(s.file.Profiles) == 0
	s.file.Put(s.profile)
	if first || s.file.Active == "" {
		s.file.Active = name
	}
	if err := s.profs.Save(s.file); err != nil {
		s.restoreSecret()
		return fmt.Errorf("saving profile %q: %w", name, err)
	}
	if existed {
		s.removeOldSecret(a, old)
	}
	return nil
}

// restoreSecret puts back the secret the store held before the login
// (or removes the new one when there was none). Its errors are dropped:
// it runs only on the way out of a failure that is already reported.
func (s *profileSave) restoreSecret() {
	if s.previous != "" {
		_ = s.store.Set(s.key, s.previous)
	} else {
		_ = s.store.Delete(s.key)
	}
}

// removeOldSecret deletes the secret that old, the profile as it was
// before this login, kept elsewhere. It only warns when that fails: the
// new profile is saved and works.
func (s *profileSave) removeOldSecret(a *app, old config.Profile) {
	if config.SecretKey(old) == s.key && old.Storage == s.profile.Storage {
		return
	}
	if err := s.profs.Store(old.Storage).Delete(config.SecretKey(old)); err != nil && !errors.Is(err, config.ErrSecretNotFound) {
		fmt.Fprintf(a.deps.Stderr, "stytchctl: warning: could not remove the previous secret of profile %q from %s: %v\n", s.profile.Name, storageLabel(s.profs, old.Storage), err)
	}
}

// report tells stderr what was saved, whether it is LIVE, which profile
// is active now, and which environment variables override profiles.
func (s *profileSave) report(a *app) {
	stderr := a.deps.Stderr
	name, projectID := s.profile.Name, s.profile.ProjectID
	fmt.Fprintf(stderr, "Saved profile %q: project %s (%s), secret in %s.\n", name, projectID, envLabel(projectID), storageLabel(s.profs, s.profile.Storage))
	if config.IsLive(projectID) {
		fmt.Fprintf(stderr, "This is a LIVE project: commands that use this profile act on real users.\n")
	}
	if s.file.Active == name {
		fmt.Fprintf(stderr, "Profile %q is active.\n", name)
	} else {
		fmt.Fprintf(stderr, "Profile %q stays active; use this one with --profile %s, or make it active with: stytchctl auth switch %s\n", s.file.Active, name, name)
	}
	if note := a.envOverrides(); note != "" {
		fmt.Fprintf(stderr, "Note: %s.\n", note)
	}
}

// readSecret gets the secret from the terminal without echo, or from
// stdin with --with-secret, and checks that it looks like one.
func (a *app) readSecret(ctx context.Context, fromStdin bool, projectID string) (string, error) {
	var raw []byte
	if a.deps.StdinTTY && a.deps.ReadPassword != nil {
		fmt.Fprintf(a.deps.Stderr, "Secret for %s (input hidden): ", projectID)
		b, err := a.deps.ReadPassword(ctx)
		fmt.Fprintln(a.deps.Stderr)
		if errors.Is(err, context.Canceled) {
			return "", err
		}
		if err != nil {
			return "", fmt.Errorf("reading the secret from the terminal: %w", err)
		}
		raw = b
	} else {
		if !fromStdin {
			return "", usageErrorf("cannot ask for the secret: no terminal; pipe it in and pass --with-secret")
		}
		b, err := readInput(ctx, a.deps.Stdin, "-", maxSecretBytes)
		if errors.Is(err, context.Canceled) {
			return "", err
		}
		if err != nil {
			return "", fmt.Errorf("reading the secret from stdin: %w", err)
		}
		if len(b) > maxSecretBytes {
			return "", usageErrorf("stdin has more than %d bytes: pipe in only the secret", maxSecretBytes)
		}
		raw = b
	}
	secret := string(bytes.TrimSpace(raw))
	switch {
	case secret == "":
		return "", usageErrorf("no secret given: the secret from the Stytch dashboard (API keys) is required")
	case strings.ContainsFunc(secret, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }):
		return "", usageErrorf("the secret contains spaces, line breaks or control characters: give only the secret, on one line")
	case strings.HasPrefix(secret, "project-"):
		return "", usageErrorf("that looks like a project ID, not a secret: the secret is the other value under API keys in the Stytch dashboard")
	}
	return secret, nil
}

// verifyForLogin checks the new credentials against the API before
// anything is saved.
func (a *app) verifyForLogin(c *cobra.Command, p config.Profile, secret string) error {
	baseURL := p.APIURL
	if baseURL == "" {
		if env, ok := a.deps.LookupEnv(config.EnvAPIURL); ok && env != "" {
			u, err := config.CheckBaseURL(env)
			if err != nil {
				return err
			}
			baseURL = u
			fmt.Fprintf(a.deps.Stderr, "Note: verifying against %s=%s; the profile does not keep that URL (pass --api-url to save one).\n", config.EnvAPIURL, u)
		} else {
			baseURL = config.BaseURLFor(p.ProjectID)
		}
	}
	creds := config.Credentials{Profile: p.Name, ProjectID: p.ProjectID, Secret: secret, BaseURL: baseURL, Via: viaLogin}
	client, err := a.newClient(creds)
	if err != nil {
		return err
	}
	requestID, err := verifyCredentials(c.Context(), client)
	if err != nil {
		hint := "Nothing was saved. To save without checking, add --no-verify."
		if api.IsAuthFailure(err) {
			hint = "Nothing was saved. To fix: copy the project ID and secret again from the Stytch dashboard (API keys); test and live keys differ."
		}
		return &exitError{code: ExitCode(err), err: wrap(err, "verifying the credentials of project %s at %s", p.ProjectID, baseURL), hint: hint}
	}
	fmt.Fprintf(a.deps.Stderr, "Verified: %s accepts these credentials (request_id %s).\n", baseURL, render.Sanitize(requestID))
	return nil
}

// storageLabel says where secrets kept in s are, for messages.
func storageLabel(profs *config.Profiles, s config.Storage) string {
	if s == config.StorageInsecureFile {
		return profs.InsecurePath() + " (unencrypted)"
	}
	return "the OS keyring (" + config.KeyringBackend() + ")"
}
