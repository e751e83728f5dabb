// Package config decides which Stytch project a command talks to and with
// which secret: credential precedence, base URLs, and (as profiles arrive)
// the config file and the secret store. It prints nothing.
package config

import (
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
)

// LookupEnv reads one environment variable; os.LookupEnv in production.
type LookupEnv func(key string) (string, bool)

// Source says where resolved credentials came from.
type Source string

// The places credentials can come from.
const (
	SourceDemo Source = "built-in demo"
	SourceEnv  Source = "environment"
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
}

// Live reports whether the credentials belong to a live project.
func (c Credentials) Live() bool { return IsLive(c.ProjectID) }

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
// 4. Hint is the exact next step for the user.
type CredentialsError struct {
	Msg  string
	Hint string
}

func (e *CredentialsError) Error() string { return e.Msg }

// Request is what the command line says about credentials.
type Request struct {
	// Profile is the --profile flag ("" when not given).
	Profile string
	// APIURL is the --api-url flag ("" when not given).
	APIURL string
}

// Resolver applies the precedence of DESIGN.md §2: an explicit --profile,
// then STYTCH_PROJECT_ID+STYTCH_SECRET, then STYTCHCTL_PROFILE, then the
// active profile of the config file.
type Resolver struct {
	Env LookupEnv
}

// Resolve returns the credentials for req, or a *UsageError or
// *CredentialsError. It touches no keyring unless a stored profile is
// actually selected.
func (r Resolver) Resolve(req Request) (Credentials, error) {
	apiURL := req.APIURL
	if apiURL == "" {
		apiURL = r.get(EnvAPIURL)
	}
	if req.Profile != "" {
		return r.profile(req.Profile, apiURL)
	}
	id, hasID := r.Env(EnvProjectID)
	secret, hasSecret := r.Env(EnvSecret)
	hasID, hasSecret = hasID && id != "", hasSecret && secret != ""
	switch {
	case hasID && hasSecret:
		c := Credentials{ProjectID: id, Secret: secret, Source: SourceEnv}
		return withBaseURL(c, apiURL)
	case hasID:
		return Credentials{}, &CredentialsError{
			Msg:  EnvProjectID + " is set but " + EnvSecret + " is not",
			Hint: "set both " + EnvProjectID + " and " + EnvSecret + ", or unset " + EnvProjectID + " to use a profile",
		}
	case hasSecret:
		return Credentials{}, &CredentialsError{
			Msg:  EnvSecret + " is set but " + EnvProjectID + " is not",
			Hint: "set both " + EnvProjectID + " and " + EnvSecret + ", or unset " + EnvSecret + " to use a profile",
		}
	}
	if p := r.get(EnvProfile); p != "" {
		return r.profile(p, apiURL)
	}
	return Credentials{}, &CredentialsError{
		Msg: "no Stytch credentials found",
		Hint: "export " + EnvProjectID + "=project-test-… and " + EnvSecret + "=… (from the Stytch dashboard, API keys), " +
			"or try the built-in demo with --profile demo",
	}
}

// profile resolves a named profile.
func (r Resolver) profile(name, apiURL string) (Credentials, error) {
	if name == DemoProfile {
		c := Credentials{Profile: DemoProfile, Demo: true, Source: SourceDemo, BaseURL: "https://demo.stytchctl.invalid"}
		return c, nil
	}
	return Credentials{}, &CredentialsError{
		Msg:  fmt.Sprintf("profile %q not found", name),
		Hint: "the only built-in profile is \"demo\"; set " + EnvProjectID + " and " + EnvSecret + " for a real project",
	}
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
