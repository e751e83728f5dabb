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
}

func newAuthLoginCmd(a *app) *cobra.Command {
	o := &authLoginOptions{}
	c := &cobra.Command{
		Use:   "login --project-id ID [--profile NAME] [--with-secret] [--insecure-storage]",
		Short: "Save a project's credentials as a profile, the secret in the OS keyring",
		Long: `Save a Stytch project's ID and secret as a named profile (default: "default").

The secret is asked for on the terminal without echo, or read from stdin
with --with-secret (for scripts). It is never accepted as a flag value,
which would land in shell history and in ps.

Before saving, the credentials are checked against the API with one
read-only request (skip with --no-verify); if Stytch rejects them, nothing
is saved. The profile (project ID, test or live, --api-url if given) goes
to the config file; the secret goes to the OS keyring. The first profile
saved becomes the active one.

Where no keyring can be reached (a server over SSH, a container, CI, WSL),
login stops within seconds and says so. Then either export
STYTCH_PROJECT_ID and STYTCH_SECRET instead of saving a profile, or pass
--insecure-storage to keep the secret in a file only you can read (mode
0600, NOT encrypted); stytchctl warns each time it is used.`,
		Example: examples(
			"stytchctl auth login --project-id project-test-00000000-0000-4000-8000-000000000000",
			"stytchctl auth login --profile prod --project-id project-live-00000000-0000-4000-8000-000000000000",
			`printf '%s' "$STYTCH_SECRET" | stytchctl auth login --profile ci --project-id "$STYTCH_PROJECT_ID" --with-secret`,
			"stytchctl auth login --profile box --project-id project-test-00000000-0000-4000-8000-000000000000 --insecure-storage",
		),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	f := c.Flags()
	f.StringVar(&o.projectID, "project-id", "", "Project ID from the Stytch dashboard, project-test-… or project-live-… (required)")
	f.BoolVar(&o.withSecret, "with-secret", false, "Read the secret from stdin instead of asking on the terminal")
	f.BoolVar(&o.insecureStorage, "insecure-storage", false, "Keep the secret unencrypted in a 0600 file instead of the OS keyring")
	f.BoolVar(&o.noVerify, "no-verify", false, "Save without checking the credentials against the API")
	return c
}

func (o *authLoginOptions) run(c *cobra.Command, a *app) error {
	if err := a.checkTimeout(); err != nil {
		return err
	}
	name := a.profile
	if name == "" {
		name = defaultProfileName
	}
	if name == config.DemoProfile {
		return usageErrorf("%q is the built-in demo profile and needs no login; choose another --profile name", name)
	}
	if err := config.CheckProfileName(name); err != nil {
		return err
	}
	if !c.Flags().Changed("project-id") {
		return usageErrorf("--project-id is required: the project ID from the Stytch dashboard (API keys), project-test-… or project-live-…")
	}
	if err := config.CheckProjectID(o.projectID); err != nil {
		return err
	}
	savedURL := ""
	if a.apiURL != "" {
		u, err := config.CheckBaseURL(a.apiURL)
		if err != nil {
			return err
		}
		savedURL = u
	}
	if !o.withSecret && !a.deps.StdinTTY {
		return usageErrorf("stdin is not a terminal, so the secret cannot be asked for: pipe it in and pass --with-secret")
	}
	stderr := a.deps.Stderr
	if !strings.HasPrefix(o.projectID, "project-test-") && !strings.HasPrefix(o.projectID, "project-live-") {
		fmt.Fprintf(stderr, "stytchctl: warning: %q does not look like a Stytch project ID (project-test-… or project-live-…)\n", o.projectID)
	}

	profs, file, err := a.loadProfiles()
	if err != nil {
		return err
	}
	storage := config.StorageKeyring
	if o.insecureStorage {
		storage = config.StorageInsecureFile
	}
	p := config.Profile{Name: name, ProjectID: o.projectID, APIURL: savedURL, Storage: storage}
	store := profs.Store(storage)
	key := config.SecretKey(p)
	action := fmt.Sprintf("logging in as profile %q", name)

	// Ask the keyring before asking for the secret, so that a machine
	// without one is refused before anyone types a secret. previous is
	// restored if the config cannot be written.
	previous, err := store.Get(key)
	switch {
	case errors.Is(err, config.ErrSecretNotFound):
		previous = ""
	case isKeyringError(err):
		return keyringRefusal(err, action, name, o.projectID)
	case err != nil:
		return fmt.Errorf("%s: %w", action, err)
	}

	secret, err := a.readSecret(c.Context(), o.withSecret, o.projectID)
	if err != nil {
		return err
	}

	if !o.noVerify {
		if err := a.verifyForLogin(c, p, secret); err != nil {
			return err
		}
	}

	if o.insecureStorage {
		fmt.Fprintf(stderr, "stytchctl: warning: --insecure-storage: the secret of profile %q is written unencrypted to %s (mode 0600); "+
			"anyone who can read that file can use the project. Prefer the OS keyring or %s.\n", name, profs.InsecurePath(), config.EnvSecret)
	}
	if err := store.Set(key, secret); err != nil {
		if isKeyringError(err) {
			return keyringRefusal(err, action, name, o.projectID)
		}
		return fmt.Errorf("%s: %w", action, err)
	}

	old, existed := file.Profiles[name]
	first := len(file.Profiles) == 0
	file.Put(p)
	if first || file.Active == "" {
		file.Active = name
	}
	if err := profs.Save(file); err != nil {
		// Put the secret store back as it was, so the two never disagree.
		if previous != "" {
			_ = store.Set(key, previous)
		} else {
			_ = store.Delete(key)
		}
		return fmt.Errorf("saving profile %q: %w", name, err)
	}
	if existed && (config.SecretKey(old) != key || old.Storage != storage) {
		if err := profs.Store(old.Storage).Delete(config.SecretKey(old)); err != nil && !errors.Is(err, config.ErrSecretNotFound) {
			fmt.Fprintf(stderr, "stytchctl: warning: could not remove the previous secret of profile %q from %s: %v\n", name, storageLabel(profs, old.Storage), err)
		}
	}

	fmt.Fprintf(stderr, "Saved profile %q: project %s (%s), secret in %s.\n", name, o.projectID, envLabel(o.projectID), storageLabel(profs, storage))
	if config.IsLive(o.projectID) {
		fmt.Fprintf(stderr, "This is a LIVE project: commands that use this profile act on real users.\n")
	}
	if file.Active == name {
		fmt.Fprintf(stderr, "Profile %q is active.\n", name)
	} else {
		fmt.Fprintf(stderr, "Profile %q stays active; use this one with --profile %s, or make it active with: stytchctl auth switch %s\n", file.Active, name, name)
	}
	if note := a.envOverrides(); note != "" {
		fmt.Fprintf(stderr, "Note: %s.\n", note)
	}
	return nil
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
