package cmd

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
	"github.com/stytchctl/stytchctl/config"
)

// connection is what a command that talks to the API gets: the resolved
// credentials (for display: project, live or test) and a client.
type connection struct {
	creds  config.Credentials
	client *api.Client
}

// connect resolves credentials and builds the API client. Commands call it
// after validating their own flags, so a usage error never touches the
// keyring or the network. The demo profile is served in-process by the
// same fake API that the tests use.
func (a *app) connect() (*connection, error) {
	if err := a.checkTimeout(); err != nil {
		return nil, err
	}
	creds, err := a.resolver().Resolve(config.Request{Profile: a.profile, APIURL: a.apiURL})
	if err != nil {
		return nil, withFileHint(err)
	}
	a.warnInsecure(creds)
	client, err := a.newClient(creds)
	if err != nil {
		return nil, err
	}
	return &connection{creds: creds, client: client}, nil
}

// resolver applies the credential precedence with this run's environment,
// config directory and keyring.
func (a *app) resolver() config.Resolver {
	return config.Resolver{Env: a.deps.LookupEnv, Profiles: a.openProfiles}
}

// openProfiles returns the config directory and its secret stores. It
// does no I/O: the keyring is reached only when a secret is read.
func (a *app) openProfiles() (*config.Profiles, error) {
	dir, err := a.deps.configDir()
	if err != nil {
		return nil, err
	}
	return &config.Profiles{Dir: dir, Keyring: a.deps.keyring()}, nil
}

// loadProfiles opens the profiles and reads the config file, an unreadable
// or corrupt file failing with the hint of withFileHint.
func (a *app) loadProfiles() (*config.Profiles, *config.File, error) {
	profs, err := a.openProfiles()
	if err != nil {
		return nil, nil, err
	}
	file, err := profs.Load()
	if err != nil {
		return nil, nil, withFileHint(err)
	}
	return profs, file, nil
}

// newClient builds the API client for creds, tracing requests on stderr
// when --debug or STYTCHCTL_DEBUG asks for it.
func (a *app) newClient(creds config.Credentials) (*api.Client, error) {
	httpClient := a.deps.HTTPClient
	if creds.Demo {
		fake := apitest.New(apitest.Options{Now: a.deps.Now})
		fake.AddDemoIncident() // something for inspect to act on
		httpClient = &http.Client{Transport: fake.Transport()}
		creds.ProjectID, creds.Secret = apitest.ProjectID, apitest.Secret
	}
	cfg := api.Config{
		BaseURL:    creds.BaseURL,
		ProjectID:  creds.ProjectID,
		Secret:     creds.Secret,
		HTTPClient: httpClient,
		UserAgent:  a.deps.Build.UserAgent(),
		Timeout:    a.timeout,
		Retry:      a.deps.Retry,
		// One limiter per run, shared by every worker: search endpoints
		// stay under Stytch's 150/min and 100/min.
		RateLimiter: api.NewStytchLimiter(),
	}
	if a.debugEnabled() {
		t := newTracer(a.deps.Stderr, creds.ProjectID, creds.Secret)
		t.credentials(creds)
		cfg.Observe = t.observe
	}
	return api.New(cfg)
}

// warnInsecure tells the user, every time, that the secret in use sits
// unencrypted in a file.
func (a *app) warnInsecure(c config.Credentials) {
	if c.Source != config.SourceInsecureFile {
		return
	}
	fmt.Fprintf(a.deps.Stderr, "stytchctl: warning: the secret of profile %q is stored unencrypted in %s (--insecure-storage); "+
		"anyone who can read that file can use the project. Prefer the OS keyring or %s.\n",
		c.Profile, c.SecretPath, config.EnvSecret)
}

// withFileHint adds the next step to a corrupt config file error.
func withFileHint(err error) error {
	var fe *config.FileError
	if errors.As(err, &fe) && !errors.As(err, new(*config.CredentialsError)) {
		hint := "To fix: correct that line by hand, or move the file away and save the profiles again with stytchctl auth login."
		if fe.Line == 0 {
			hint = "To fix: move the file away and save the profiles again with stytchctl auth login."
		}
		return &exitError{code: ExitFailure, err: fmt.Errorf("reading the config file: %w", err), hint: hint}
	}
	return err
}
