package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
	"github.com/stytchctl/stytchctl/cmd/sessionjwt"
	"github.com/stytchctl/stytchctl/config"
)

// maxJWTBytes caps what decode reads from stdin. Stytch session JWTs are a
// few kilobytes; anything past this is not one.
const maxJWTBytes = 64 << 10

// sessionsDecodeOptions is what `sessions decode` uses.
type sessionsDecodeOptions struct {
	verify bool
	// leewayFlag is --leeway as given ("" when not); leeway is what it
	// says, checked by validate.
	leewayFlag string
	leeway     time.Duration
	project    string
	demoJWT    bool
	output     outputOptions
}

func newSessionsDecodeCmd(a *app) *cobra.Command {
	o := &sessionsDecodeOptions{}
	c := &cobra.Command{
		Use:   "decode [JWT|-]",
		Short: "Decode a session JWT locally and optionally verify its signature",
		Long: `Decode a Stytch session JWT locally and show its header, claims, session,
factors, organization, roles and custom claims; nothing is sent. The JWT
comes from the argument, stdin ("-" or no argument) or a prompt with echo
off, and is never printed. --verify checks its signature with the
project's public keys, as Stytch's SDKs do; exit 6 names what failed. How
it verifies, and why it never calls authenticate: stytchctl help jwt.`,
		Example: examples(
			"pbpaste | stytchctl sessions decode",
			"stytchctl sessions decode --verify",
			"stytchctl sessions decode --verify - < jwt.txt",
			"stytchctl sessions decode -o json - < jwt.txt | jq '.session.factors'",
		),
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a, args)
		},
	}
	f := c.Flags()
	f.BoolVar(&o.verify, "verify", false, "Check the signature against the project's public keys, and the audience, issuer and times")
	f.StringVar(&o.leewayFlag, "leeway", "", "Clock skew `DURATION` (such as 30s or 2m) allowed when checking exp, nbf and iat with --verify (none by default, as in Stytch's SDKs)")
	f.StringVar(&o.project, "project", "", "Project `ID` the token must be for (default: the configured project, else the token's aud)")
	f.BoolVar(&o.demoJWT, "demo-jwt", false, `With --profile demo: decode a JWT that the built-in demo API mints for one of its sessions, to try decode and --verify offline`)
	bindDocumentOutput(c, &o.output)
	return c
}

// run validates the flags, resolves where keys come from (with --verify or
// --demo-jwt), reads and parses the token, verifies it when asked and
// prints it. A token that does not verify is still printed, then exits 6.
func (o *sessionsDecodeOptions) run(c *cobra.Command, a *app, args []string) error {
	if done, err := o.output.validateDocument(c, a); done || err != nil {
		return err
	}
	if err := o.validate(a, args); err != nil {
		return err
	}
	tgt, err := o.target(a)
	if err != nil {
		return err
	}
	raw, err := o.input(c.Context(), a, tgt, args)
	if err != nil {
		return err
	}
	tok, err := sessionjwt.Parse(raw)
	if err != nil {
		return &exitError{code: ExitUsage, err: err,
			hint: "A session JWT is three base64url parts separated by dots (eyJ….eyJ….…); it is the session_jwt of an authenticate response or the stytch_session_jwt cookie."}
	}
	now := a.deps.Now()
	ver, failure, err := o.check(c.Context(), a, tgt, tok, now)
	if err != nil {
		return err
	}
	if err := o.print(c.Context(), a, tok, ver, now); err != nil {
		return err
	}
	return failure
}

// parseLeeway sets leeway from --leeway, read like every other duration
// flag (sessionfilter.ParseDuration: 30s, 2m, 1d), which needs --verify:
// without it no time is checked, and a leeway silently ignored would
// mislead.
func (o *sessionsDecodeOptions) parseLeeway() error {
	o.leeway = sessionjwt.DefaultLeeway
	if o.leewayFlag == "" {
		return nil
	}
	if !o.verify {
		return usageErrorf("--leeway needs --verify: only --verify checks exp, nbf and iat")
	}
	d, err := sessionfilter.ParseDuration(o.leewayFlag)
	if err != nil {
		return usageErrorf("invalid --leeway %q: %w", o.leewayFlag, err)
	}
	if d < 0 || d > time.Hour {
		return usageErrorf("--leeway must be between 0s and 1h, got %s", o.leewayFlag)
	}
	o.leeway = d
	return nil
}

// validate checks the flags against each other before anything is read.
func (o *sessionsDecodeOptions) validate(a *app, args []string) error {
	if err := o.parseLeeway(); err != nil {
		return err
	}
	if o.project != "" && !strings.HasPrefix(o.project, "project-") {
		return usageErrorf("invalid --project %q: want a project ID such as project-test-<uuid>", o.project)
	}
	if o.demoJWT && len(args) > 0 {
		return usageErrorf("--demo-jwt mints its own JWT: give no JWT argument with it")
	}
	if o.demoJWT && a.profile != "" && a.profile != config.DemoProfile {
		return usageErrorf("--demo-jwt works only with --profile demo")
	}
	return nil
}

// target resolves where keys come from and what the token must be for,
// when --verify or --demo-jwt needs it; otherwise it returns nil and reads
// no configuration.
func (o *sessionsDecodeOptions) target(a *app) (*verifyTarget, error) {
	if !o.verify && !o.demoJWT {
		return nil, nil
	}
	if err := a.checkTimeout(); err != nil {
		return nil, err
	}
	return o.resolveTarget(a)
}

// input returns the JWT to decode: one the demo API mints with --demo-jwt,
// else the argument or standard input.
func (o *sessionsDecodeOptions) input(ctx context.Context, a *app, tgt *verifyTarget, args []string) (string, error) {
	if !o.demoJWT {
		return readJWTInput(ctx, a.deps, args)
	}
	if !tgt.demo {
		return "", usageErrorf("--demo-jwt works only with --profile demo")
	}
	jwt, err := tgt.fake.MintSessionJWT(apitest.DemoJWTSessionID, apitest.SessionJWTOptions{})
	if err != nil {
		return "", fmt.Errorf("minting the demo JWT: %w", err)
	}
	return jwt, nil
}

// readJWTInput takes the JWT from the argument or standard input, without
// ever putting it in an error message.
func readJWTInput(ctx context.Context, d *Deps, args []string) (string, error) {
	var s string
	switch {
	case len(args) == 1 && args[0] != "-":
		s = args[0]
	case len(args) == 0 && d.StdinTTY:
		t, err := promptJWT(ctx, d)
		if err != nil {
			return "", err
		}
		s = t
	default:
		b, err := readInput(ctx, d.Stdin, "-", maxJWTBytes)
		if err != nil {
			return "", fmt.Errorf("reading the JWT from standard input: %w", err)
		}
		if len(b) > maxJWTBytes {
			return "", usageErrorf("standard input is larger than %d KiB: not a session JWT", maxJWTBytes>>10)
		}
		s = string(b)
		if strings.TrimSpace(s) == "" {
			return "", usageErrorf("no JWT on standard input")
		}
	}
	s = strings.TrimSpace(s)
	if len(s) > 7 && strings.EqualFold(s[:7], "bearer ") {
		s = strings.TrimSpace(s[7:])
	}
	return s, nil
}

// terminalLineLimits are the longest lines a terminal in canonical mode
// hands over: 1024 bytes (macOS and the BSDs) and 4096 (Linux), less one
// for the newline; what is pasted past them is dropped.
var terminalLineLimits = map[int]bool{1023: true, 1024: true, 4095: true, 4096: true}

// promptJWT asks for the JWT on the terminal with echo off, as auth login
// asks for a secret, so that it lands neither in shell history nor on the
// screen. A line cut at the terminal's limit is said to be so.
func promptJWT(ctx context.Context, d *Deps) (string, error) {
	if d.ReadPassword == nil {
		return "", usageErrorf("no JWT given: pass it on standard input (recommended: it stays out of shell history), as \"-\", or as an argument")
	}
	fmt.Fprint(d.Stderr, "Session JWT (input hidden): ")
	b, err := d.ReadPassword(ctx)
	fmt.Fprintln(d.Stderr)
	if errors.Is(err, context.Canceled) {
		return "", err
	}
	if err != nil {
		return "", fmt.Errorf("reading the JWT from the terminal: %w", err)
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return "", usageErrorf("no JWT given: paste it at the prompt, or pipe it in (pbpaste | stytchctl sessions decode)")
	}
	if terminalLineLimits[len(b)] {
		if _, err := sessionjwt.Parse(s); err != nil {
			return "", usageErrorf("the terminal cut the JWT at %d characters, the longest line it takes: pipe it in instead (pbpaste | stytchctl sessions decode, or sessions decode - < jwt.txt)", len(b))
		}
	}
	return s, nil
}

// verifyTarget is where --verify gets keys from and what it expects.
type verifyTarget struct {
	// project is the project the token must be for; "" means take it from
	// the token's aud.
	project string
	// apiURL is the base URL the user configured (--api-url,
	// STYTCHCTL_API_URL, a profile's api_url); "" means Stytch's own for
	// the project. Keys come from it, and it is the one issuer accepted
	// besides stytch.com/<project>.
	apiURL string
	demo   bool
	fake   *apitest.Fake
	http   *http.Client
}

// resolveTarget works out the expected project and where keys come from:
// the credentials in use (--profile, the environment, the active profile)
// without their secret, which verification does not need; with none, a
// lone STYTCH_PROJECT_ID still names the project and --api-url or
// STYTCHCTL_API_URL the base URL.
func (o *sessionsDecodeOptions) resolveTarget(a *app) (*verifyTarget, error) {
	t := &verifyTarget{project: o.project, http: a.deps.HTTPClient}
	creds, err := a.resolver().ResolvePublic(config.Request{Profile: a.profile, APIURL: a.apiURL})
	var ce *config.CredentialsError
	switch {
	case err == nil && creds.Demo:
		t.demo = true
		t.fake = apitest.New(apitest.Options{Now: a.deps.Now})
		t.http = &http.Client{Transport: t.fake.Transport()}
		t.apiURL = creds.BaseURL
		if t.project == "" {
			t.project = apitest.ProjectID
		}
		return t, nil
	case err == nil:
		if t.project == "" {
			t.project = creds.ProjectID
		}
		// The base URL the project ID implies is left for Verify to
		// derive from the project verified, which --project may change.
		if creds.BaseURL != config.BaseURLFor(creds.ProjectID) {
			t.apiURL = creds.BaseURL
		}
		return t, nil
	case errors.As(err, &ce) && a.profile == "":
		return t, o.targetWithoutCredentials(a, t)
	}
	return nil, withFileHint(err)
}

// targetWithoutCredentials fills t when no credentials are configured.
func (o *sessionsDecodeOptions) targetWithoutCredentials(a *app, t *verifyTarget) error {
	if id := a.deps.getenv(config.EnvProjectID); t.project == "" && id != "" {
		if err := config.CheckEnvProjectID(id); err != nil {
			return err
		}
		t.project = id
	}
	apiURL := a.apiURL
	if apiURL == "" {
		apiURL = a.deps.getenv(config.EnvAPIURL)
	}
	if apiURL != "" {
		u, err := config.CheckBaseURL(apiURL)
		if err != nil {
			return err
		}
		t.apiURL = u
	}
	return nil
}

// check verifies tok with --verify. It returns the verification to print
// and, for a token that does not verify, the exit-6 error to return after
// printing it; err is a failure to verify at all (fetching the keys).
func (o *sessionsDecodeOptions) check(ctx context.Context, a *app, tgt *verifyTarget, tok *sessionjwt.Token, now time.Time) (ver sessionjwt.Verification, failure, err error) {
	if !o.verify {
		return sessionjwt.Verification{}, nil, nil
	}
	want := sessionjwt.Expect{Project: tgt.project, BaseURL: tgt.apiURL, Leeway: o.leeway, Now: now}
	ver, err = sessionjwt.Verify(ctx, tok, want, tgt.keySource(a))
	var cf *sessionjwt.CheckFailure
	switch {
	case errors.As(err, &cf):
		return cf.Verification(), &exitError{code: ExitCheckFailed, err: fmt.Errorf("session JWT does not verify: %s", cf.Reason), hint: cf.Hint}, nil
	case err != nil:
		return ver, nil, err
	}
	return ver, nil, nil
}

// keySource fetches key sets without credentials through the target's
// HTTP client, with the tool's User-Agent, timeout and retries. A failure
// names the project and the URL asked.
func (t *verifyTarget) keySource(a *app) sessionjwt.KeySource {
	return func(ctx context.Context, base, project string, b2b bool) (*api.JWKSResponse, error) {
		client, err := api.NewPublic(api.Config{
			BaseURL:    base,
			HTTPClient: t.http,
			UserAgent:  a.deps.Build.UserAgent(),
			Timeout:    a.timeout,
			Retry:      a.deps.Retry,
		})
		if err != nil {
			return nil, err
		}
		keys, err := client.GetJWKS(ctx, project, b2b)
		if err != nil {
			return nil, wrap(err, "fetching the public keys of project %s from %s", project, base+api.JWKSPath(project, b2b))
		}
		return keys, nil
	}
}

// print writes the decoded token in the chosen format. The raw JWT is not
// part of any format.
func (o *sessionsDecodeOptions) print(ctx context.Context, a *app, tok *sessionjwt.Token, ver sessionjwt.Verification, now time.Time) error {
	sum := sessionjwt.Summarize(tok, now)
	if o.output.format.IsDocument() {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(sessionjwt.Document{Header: tok.Header, Claims: tok.Payload, Session: sum, Verification: ver}); err != nil {
			return fmt.Errorf("encoding the decoded JWT: %w", err)
		}
		return a.printDocumentOutput(ctx, &o.output, buf.Bytes())
	}
	return a.printTable(sessionjwt.Table(tok, sum, ver, a.deps.StdoutTTY, now))
}
