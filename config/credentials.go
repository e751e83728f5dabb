// Package config decides which Stytch project a command talks to and with
// which secret: credential precedence, base URLs, the config file of saved
// profiles, and the stores that keep their secrets (the OS keyring, or a
// 0600 file when the user asks for it). It prints nothing.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// DemoProfile is the built-in profile served in-process by the fake API; it
// needs no credentials and no network.
const DemoProfile = "demo"

// Base URLs of the two Stytch environments (REFERENCE.md §1.2).
const (
	TestBaseURL = "https://test.stytch.com"
	LiveBaseURL = "https://api.stytch.com"
)

// Environment variable names that are part of the contract (DESIGN.md §2).
const (
	EnvProjectID = "STYTCH_PROJECT_ID"
	EnvSecret    = "STYTCH_SECRET"
	EnvProfile   = "STYTCHCTL_PROFILE"
	EnvAPIURL    = "STYTCHCTL_API_URL"
	EnvConfigDir = "STYTCHCTL_CONFIG_DIR"
	EnvDebug     = "STYTCHCTL_DEBUG"
)

// LookupEnv reads one environment variable; os.LookupEnv in production.
type LookupEnv func(key string) (string, bool)

// Source says where resolved credentials came from.
type Source string

// The places credentials can come from.
const (
	SourceDemo         Source = "built-in demo"
	SourceEnv          Source = "environment"
	SourceKeyring      Source = "keyring"
	SourceInsecureFile Source = "insecure file"
)

// How a profile was chosen, for Credentials.Via.
const (
	ViaFlag       = "--profile"
	ViaEnvProfile = EnvProfile
	ViaActive     = "active profile"
)

// Credentials are what a command needs to build an API client. Secret must
// never be printed; use Mask for display.
type Credentials struct {
	// Profile is the profile name, or "" when the environment supplied them.
	Profile   string
	ProjectID string
	Secret    string
	// BaseURL is the validated API base URL.
	BaseURL string
	// Demo is true for the built-in demo profile.
	Demo   bool
	Source Source
	// Via says how the profile was chosen (ViaFlag, ViaEnvProfile,
	// ViaActive); "" when the environment supplied the credentials.
	Via string
	// SecretPath is the file the secret was read from when Source is
	// SourceInsecureFile.
	SecretPath string
}

// String describes the credentials without the secret.
func (c Credentials) String() string {
	return fmt.Sprintf("project %s via %s (%s)", c.ProjectID, c.Source, c.BaseURL)
}

// IsLive reports whether a project ID names a live project. Like every
// Stytch SDK, anything that does not start with "project-live-" is test.
func IsLive(projectID string) bool { return strings.HasPrefix(projectID, "project-live-") }

// BaseURLFor returns the default API base URL for a project ID.
func BaseURLFor(projectID string) string {
	if IsLive(projectID) {
		return LiveBaseURL
	}
	return TestBaseURL
}

// CheckBaseURL validates a user-supplied API base URL: it must be absolute
// https, or plain http to a loopback host (a local fake or proxy). The
// result has no trailing slash.
func CheckBaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", &UsageError{Msg: fmt.Sprintf("invalid API URL %q: want https://host[/path]", raw)}
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", &UsageError{Msg: fmt.Sprintf("invalid API URL %q: no credentials, query or fragment allowed", raw)}
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return "", &UsageError{Msg: fmt.Sprintf("refusing plain http:// API URL %q: secrets would cross the network unencrypted; use https:// (http is allowed only for loopback hosts)", raw)}
	}
	return strings.TrimRight(u.String(), "/"), nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// UsageError is a bad flag or argument: the caller exits 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// CredentialsError means no usable credentials were found; the caller exits
// 4. Hint is the exact next step for the user. Err, when set, is the
// underlying failure (a *KeyringError, a *FileError).
type CredentialsError struct {
	Msg  string
	Hint string
	Err  error
}

func (e *CredentialsError) Error() string { return e.Msg }

func (e *CredentialsError) Unwrap() error { return e.Err }

// Request is what the command line says about credentials.
type Request struct {
	// Profile is the --profile flag ("" when not given).
	Profile string
	// APIURL is the --api-url flag ("" when not given).
	APIURL string
}

// Resolver applies the precedence of DESIGN.md §2: an explicit --profile,
// then STYTCH_PROJECT_ID+STYTCH_SECRET, then STYTCHCTL_PROFILE, then the
// active profile of the config file. "demo" is a built-in profile that
// needs nothing.
type Resolver struct {
	Env LookupEnv
	// Profiles opens the config directory. It is called only when a saved
	// profile is needed, so credentials from the environment never read
	// the config file or the keyring. nil means there are no saved
	// profiles.
	Profiles func() (*Profiles, error)
}

// Selection is which credentials a command would use, decided without
// reading any secret.
type Selection struct {
	// Env is true when STYTCH_PROJECT_ID and STYTCH_SECRET are used.
	Env bool
	// Profile is the chosen profile when Env is false.
	Profile string
	// Via says how the profile was chosen: ViaFlag, ViaEnvProfile or
	// ViaActive.
	Via string
}

// Select applies the precedence and says which credentials req would use,
// reading the config file only when the active profile decides and never
// reading a secret. Its errors are Resolve's.
func (r Resolver) Select(req Request) (Selection, error) {
	sel, _, _, err := r.selectLoad(req)
	return sel, err
}

// selectLoad is Select, also returning the config it loaded (nil when it
// did not need to).
func (r Resolver) selectLoad(req Request) (Selection, *Profiles, *File, error) {
	if req.Profile != "" {
		if req.Profile != DemoProfile {
			if err := CheckProfileName(req.Profile); err != nil {
				return Selection{}, nil, nil, err
			}
		}
		return Selection{Profile: req.Profile, Via: ViaFlag}, nil, nil, nil
	}
	id, hasID := r.Env(EnvProjectID)
	secret, hasSecret := r.Env(EnvSecret)
	hasID, hasSecret = hasID && id != "", hasSecret && secret != ""
	switch {
	case hasID && hasSecret:
		if err := CheckEnvProjectID(id); err != nil {
			return Selection{}, nil, nil, err
		}
		return Selection{Env: true}, nil, nil, nil
	case hasID:
		return Selection{}, nil, nil, &CredentialsError{
			Msg:  EnvProjectID + " is set but " + EnvSecret + " is not",
			Hint: "set both " + EnvProjectID + " and " + EnvSecret + ", or unset " + EnvProjectID + " to use a profile",
		}
	case hasSecret:
		return Selection{}, nil, nil, &CredentialsError{
			Msg:  EnvSecret + " is set but " + EnvProjectID + " is not",
			Hint: "set both " + EnvProjectID + " and " + EnvSecret + ", or unset " + EnvSecret + " to use a profile",
		}
	}
	if p := r.get(EnvProfile); p != "" {
		if p != DemoProfile {
			if err := CheckProfileName(p); err != nil {
				return Selection{}, nil, nil, &CredentialsError{Msg: EnvProfile + ": " + err.Error(), Hint: "set " + EnvProfile + " to the name of a saved profile, or unset it"}
			}
		}
		return Selection{Profile: p, Via: ViaEnvProfile}, nil, nil, nil
	}
	noCreds := &CredentialsError{
		Msg: "no Stytch credentials found",
		Hint: "save a profile with: stytchctl auth login --project-id project-test-… (the secret is asked for, never a flag); " +
			"or export " + EnvProjectID + "=project-test-… and " + EnvSecret + "=… (from the Stytch dashboard, API keys); " +
			"or try the built-in demo with --profile demo",
	}
	if r.Profiles == nil {
		return Selection{}, nil, nil, noCreds
	}
	profs, f, err := r.load()
	if err != nil {
		return Selection{}, nil, nil, err
	}
	if f.Active == "" {
		if len(f.Profiles) > 0 {
			noCreds.Msg = "no Stytch credentials found: no profile is active"
			noCreds.Hint = "choose one with: stytchctl auth switch NAME (saved: " + strings.Join(f.Names(), ", ") +
				"), or name one with --profile NAME"
		}
		return Selection{}, nil, nil, noCreds
	}
	return Selection{Profile: f.Active, Via: ViaActive}, profs, f, nil
}

// CheckEnvProjectID checks STYTCH_PROJECT_ID as a profile's project ID is
// checked (a ":" would make Basic auth ambiguous) and reports a bad one
// like the other unusable credentials in the environment: a
// *CredentialsError (exit 4) whose message quotes the value with control
// characters escaped. It returns nil for a usable ID.
func CheckEnvProjectID(id string) *CredentialsError {
	err := CheckProjectID(id)
	if err == nil {
		return nil
	}
	return &CredentialsError{
		Msg: EnvProjectID + ": " + err.Error(),
		Hint: "set " + EnvProjectID + " to the project ID from the Stytch dashboard (API keys), project-test-… or project-live-…, " +
			"or unset it and " + EnvSecret + " to use a profile",
	}
}

// Resolve returns the credentials for req, or a *UsageError,
// *CredentialsError or *FileError (a corrupt config file). It touches no
// keyring unless a stored profile is actually selected.
func (r Resolver) Resolve(req Request) (Credentials, error) {
	return r.resolve(req, true)
}

// ResolvePublic is Resolve without the secret, for work that needs none
// (checking a JWT against the project's public keys): the project, the
// base URL (a profile's saved api_url included) and where they came from.
// It never reads the keyring or the secrets file; Secret is empty.
func (r Resolver) ResolvePublic(req Request) (Credentials, error) {
	return r.resolve(req, false)
}

func (r Resolver) resolve(req Request, withSecret bool) (Credentials, error) {
	sel, profs, f, err := r.selectLoad(req)
	if err != nil {
		return Credentials{}, err
	}
	apiURL := req.APIURL
	if apiURL == "" {
		apiURL = r.get(EnvAPIURL)
	}
	switch {
	case sel.Env:
		id, _ := r.Env(EnvProjectID)
		var secret string
		if withSecret {
			secret, _ = r.Env(EnvSecret)
		}
		return withBaseURL(Credentials{ProjectID: id, Secret: secret, Source: SourceEnv}, apiURL)
	case sel.Profile == DemoProfile:
		return DemoCredentials(sel.Via), nil
	case r.Profiles == nil:
		return Credentials{}, &CredentialsError{
			Msg:  fmt.Sprintf("profile %q not found", sel.Profile),
			Hint: "the only built-in profile is \"demo\"; set " + EnvProjectID + " and " + EnvSecret + " for a real project",
		}
	}
	if f == nil {
		if profs, f, err = r.load(); err != nil {
			return Credentials{}, err
		}
	}
	return r.saved(profs, f, sel, apiURL, withSecret)
}

// DemoCredentials are the built-in demo profile's: no secret, and a base
// URL that is served in-process and never reaches the network.
func DemoCredentials(via string) Credentials {
	return Credentials{Profile: DemoProfile, Demo: true, Source: SourceDemo, BaseURL: "https://demo.stytchctl.invalid", Via: via}
}

func (r Resolver) load() (*Profiles, *File, error) {
	profs, err := r.Profiles()
	if err != nil {
		return nil, nil, err
	}
	f, err := profs.Load()
	if err != nil {
		return nil, nil, err
	}
	return profs, f, nil
}

// saved resolves the selected profile of the config file, reading its
// secret when withSecret is set.
func (r Resolver) saved(profs *Profiles, f *File, sel Selection, apiURL string, withSecret bool) (Credentials, error) {
	name, via := sel.Profile, sel.Via
	if name == DemoProfile {
		return DemoCredentials(via), nil
	}
	p, ok := f.Profiles[name]
	if !ok {
		hint := "save it with: stytchctl auth login --profile " + name + " --project-id project-test-…"
		if len(f.Profiles) > 0 {
			hint += " (saved profiles: " + strings.Join(f.Names(), ", ") + ")"
		}
		msg := fmt.Sprintf("profile %q not found in %s", name, profs.ConfigPath())
		if via == ViaEnvProfile {
			msg = fmt.Sprintf("%s=%s: profile %q not found in %s", EnvProfile, name, name, profs.ConfigPath())
		}
		return Credentials{}, &CredentialsError{Msg: msg, Hint: hint}
	}
	var secret string
	if withSecret {
		var err error
		if secret, err = profs.Secret(p); err != nil {
			return Credentials{}, SecretError(profs, p, err)
		}
	}
	c := Credentials{Profile: name, ProjectID: p.ProjectID, Secret: secret, Source: SourceKeyring, Via: via}
	if p.Storage == StorageInsecureFile {
		c.Source, c.SecretPath = SourceInsecureFile, profs.InsecurePath()
	}
	if apiURL == "" {
		apiURL = p.APIURL
	}
	return withBaseURL(c, apiURL)
}

// SecretError turns a failure to read profile p's secret into a
// *CredentialsError that says what to do next.
func SecretError(profs *Profiles, p Profile, err error) error {
	where := "the OS keyring (" + KeyringBackend() + ")"
	if p.Storage == StorageInsecureFile {
		where = profs.InsecurePath()
	}
	relogin := "stytchctl auth login --profile " + p.Name + " --project-id " + p.ProjectID
	if p.Storage == StorageInsecureFile {
		relogin += " --insecure-storage"
	}
	var ke *KeyringError
	switch {
	case errors.Is(err, ErrSecretNotFound):
		return &CredentialsError{
			Msg:  fmt.Sprintf("profile %q has no secret in %s", p.Name, where),
			Hint: "save it again with: " + relogin,
			Err:  err,
		}
	case errors.As(err, &ke):
		return &CredentialsError{
			Msg:  fmt.Sprintf("reading the secret of profile %q: %v", p.Name, err),
			Hint: KeyringErrorHint(err, p.Name, p.ProjectID),
			Err:  err,
		}
	}
	return &CredentialsError{
		Msg:  fmt.Sprintf("reading the secret of profile %q: %v", p.Name, err),
		Hint: "fix the file, or save the secret again with: " + relogin,
		Err:  err,
	}
}

// KeyringHint gives the two ways forward when the OS keyring cannot be
// used, credentials in the environment or --insecure-storage, and points
// to auth doctor. It is several lines, each after the first indented.
func KeyringHint(profile, projectID string) string {
	return KeyringWaysForward(profile, projectID) + "\nRun stytchctl auth doctor to see why the keyring cannot be reached."
}

// KeyringErrorHint is KeyringHint for the keyring failure err: with no
// D-Bus session bus, auth doctor's fix of starting one is a third way.
func KeyringErrorHint(err error, profile, projectID string) string {
	var nb *NoSessionBusError
	if !errors.As(err, &nb) {
		return KeyringHint(profile, projectID)
	}
	return KeyringWaysForward(profile, projectID) + "\n" +
		"  - or start a D-Bus session bus with an unlocked gnome-keyring for this shell (stytchctl never\n" +
		"    starts one), and log in inside it:\n" +
		indentLines("      ", startBusSteps(profile, projectID)) + "\n" +
		"Run stytchctl auth doctor to see why the keyring cannot be reached."
}

// KeyringWaysForward is KeyringHint without the pointer to auth doctor.
func KeyringWaysForward(profile, projectID string) string {
	projectID = recipeProjectID(projectID)
	return "either\n" +
		"  - keep the credentials in the environment instead of a profile (CI, containers, SSH):\n" +
		"      export " + EnvProjectID + "=" + projectID + "\n" +
		"      read -rs " + EnvSecret + " && export " + EnvSecret + "\n" +
		"  - or keep the secret unencrypted in a file only you can read (mode 0600):\n" +
		"      stytchctl auth login --profile " + profile + " --project-id " + projectID + " --insecure-storage"
}

func (r Resolver) get(key string) string {
	v, _ := r.Env(key)
	return v
}

func withBaseURL(c Credentials, override string) (Credentials, error) {
	if override == "" {
		c.BaseURL = BaseURLFor(c.ProjectID)
		return c, nil
	}
	u, err := CheckBaseURL(override)
	if err != nil {
		return Credentials{}, err
	}
	c.BaseURL = u
	return c, nil
}

// Mask shows enough of a secret to tell two apart and no more.
func Mask(secret string) string {
	if len(secret) <= 8 {
		return strings.Repeat("*", len(secret))
	}
	return secret[:4] + strings.Repeat("*", 8) + secret[len(secret)-2:]
}
