package cmd

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	josejwt "github.com/go-jose/go-jose/v4/jwt"
	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/config"
	"github.com/stytchctl/stytchctl/render"
)

// maxJWTBytes caps what decode reads from stdin. Stytch session JWTs are a
// few kilobytes; anything past this is not one.
const maxJWTBytes = 64 << 10

// defaultLeeway is the clock skew --verify tolerates on exp, nbf and iat:
// none, like every Stytch SDK (Node clock_tolerance_seconds, Python leeway,
// Go's jwt parser); --leeway widens it.
const defaultLeeway = 0

// Claim names Stytch reserves (REFERENCE.md §6.1): everything else at the
// top level of the payload is a custom claim.
const (
	sessionClaim      = "https://stytch.com/session"
	organizationClaim = "https://stytch.com/organization"
	stytchClaimPrefix = "https://stytch.com/"
)

var reservedClaims = map[string]bool{"iss": true, "aud": true, "sub": true, "iat": true, "nbf": true, "exp": true, "jti": true}

// sessionsDecodeOptions is what `sessions decode` uses.
type sessionsDecodeOptions struct {
	verify  bool
	leeway  time.Duration
	project string
	demoJWT bool
	output  outputOptions
}

func newSessionsDecodeCmd(a *app) *cobra.Command {
	o := &sessionsDecodeOptions{}
	c := &cobra.Command{
		Use:   "decode [JWT|-]",
		Short: "Decode a session JWT locally and optionally verify its signature",
		Long: `Decode a Stytch session JWT locally and show what it says: the header, the
standard claims, the session (ID, user, factors in words, device, started,
last active, expires), the organization of a B2B token, roles and custom
claims. Nothing is sent to decode.

The JWT comes from the argument, or from standard input with "-" or when no
argument is given and standard input is not a terminal. Prefer standard
input: an argument is kept in shell history and shown by ps. A "Bearer "
prefix is ignored. The JWT itself is never printed.

--verify checks the token as Stytch's SDKs do, with no credentials: it
fetches the project's public keys (GET /v1/sessions/jwks/{project_id}, or
/v1/b2b/sessions/jwks/{project_id} for a token with an organization claim),
picks the key by kid, builds it from its n and e (the x5c certificate chain
is not used) and checks the RS256 signature, the audience, the issuer, and
exp, nbf and iat with no clock skew allowed unless --leeway gives some, as
in the SDKs. The checks run
in this order and stop at the first failure: algorithm (only RS256), key
ID present, audience, key ID known, signature, issuer, times. Exit 6
names the failure (for example "expired at …", "bad signature", "unknown
key ID", "wrong audience") and still prints the decoded token, marked as
not verified. Exit 0 means the token is valid; exit 2 means the input is
not a JWT at all; failing to fetch the keys exits as any API error does.

The project is --project, else the configured one (--profile,
STYTCH_PROJECT_ID, the active profile; no secret is read), else the project
in the token's aud. Keys come from --api-url, STYTCHCTL_API_URL or the
profile's api_url, else from Stytch's API for that project (test or live by
its ID); they are never fetched from a URL the token names. The issuer must
be stytch.com/<project_id> or that base URL (Stytch names a custom domain
as the issuer of tokens issued through it); any other fails.

This command never calls POST /v1/sessions/authenticate: that would touch
the session (its last activity). So a valid JWT proves that Stytch issued
it within its five-minute life, not that the session is still active: the
JWT of a revoked session keeps verifying until it expires. 'sessions list'
shows the active sessions.

-o json prints {"header":…,"claims":…,"session":…,"verification":…}:
header and claims exactly as in the token (every claim, lossless); session
a summary (session_id, user_id or member_id, organization_id and
organization_slug for B2B, factors in words, roles, started_at,
last_accessed_at, expires_at, ip_address, user_agent, device,
custom_claims, jwt_issued_at, jwt_not_before, jwt_expires_at, jwt_expired;
null when the token lacks it); verification {"checked":false} without
--verify, else checked, valid, and either the key_id, jwks_url, project_id
and issuer that passed or the failed check and its reason.`,
		Example: examples(
			"pbpaste | stytchctl sessions decode",
			"stytchctl sessions decode --verify - < jwt.txt",
			"stytchctl sessions decode -o json - < jwt.txt | jq '.session.factors'",
			"stytchctl sessions decode --profile demo --demo-jwt --verify",
		),
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a, args)
		},
	}
	f := c.Flags()
	f.BoolVar(&o.verify, "verify", false, "Check the signature against the project's public keys, and the audience, issuer and times")
	f.DurationVar(&o.leeway, "leeway", defaultLeeway, "Clock skew allowed when checking exp, nbf and iat with --verify (none by default, as in Stytch's SDKs)")
	f.StringVar(&o.project, "project", "", "Project ID the token must be for (default: the configured project, else the token's aud)")
	f.BoolVar(&o.demoJWT, "demo-jwt", false, `With --profile demo: decode a JWT that the built-in demo API mints for one of its sessions, to try decode and --verify offline`)
	bindDocumentOutput(c, &o.output)
	return c
}

func (o *sessionsDecodeOptions) run(c *cobra.Command, a *app, args []string) error {
	if done, err := o.output.validateDocument(c, a); done || err != nil {
		return err
	}
	if o.leeway < 0 || o.leeway > time.Hour {
		return usageErrorf("--leeway must be between 0s and 1h, got %s", o.leeway)
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
	var tgt *verifyTarget
	if o.verify || o.demoJWT {
		if err := a.checkTimeout(); err != nil {
			return err
		}
		var err error
		if tgt, err = o.resolveTarget(a); err != nil {
			return err
		}
	}
	var raw string
	if o.demoJWT {
		if !tgt.demo {
			return usageErrorf("--demo-jwt works only with --profile demo")
		}
		jwt, err := tgt.fake.MintSessionJWT(apitest.DemoJWTSessionID, apitest.SessionJWTOptions{})
		if err != nil {
			return fmt.Errorf("minting the demo JWT: %w", err)
		}
		raw = jwt
	} else {
		var err error
		if raw, err = readJWTInput(c.Context(), a.deps, args); err != nil {
			return err
		}
	}
	tok, err := parseJWT(raw)
	if err != nil {
		return &exitError{code: ExitUsage, err: err,
			hint: "A session JWT is three base64url parts separated by dots (eyJ….eyJ….…); it is the session_jwt of an authenticate response or the stytch_session_jwt cookie."}
	}
	now := a.deps.Now()
	ver := verification{Checked: false}
	var failure error
	if o.verify {
		ver, err = o.verifyJWT(c, a, tgt, tok, raw, now)
		var cf *checkFailure
		switch {
		case errors.As(err, &cf):
			ver = verification{Checked: true, Valid: false, Check: cf.check, Reason: cf.reason}
			failure = &exitError{code: ExitCheckFailed, err: fmt.Errorf("session JWT does not verify: %s", cf.reason), hint: cf.hint}
		case err != nil:
			return err
		}
	}
	if err := o.print(a, tok, ver, now); err != nil {
		return err
	}
	return failure
}

// readJWTInput takes the JWT from the argument or standard input, without
// ever putting it in an error message.
func readJWTInput(ctx context.Context, d *Deps, args []string) (string, error) {
	var s string
	switch {
	case len(args) == 1 && args[0] != "-":
		s = args[0]
	case len(args) == 0 && d.StdinTTY:
		return "", usageErrorf("no JWT given: pass it on standard input (recommended: it stays out of shell history), as \"-\", or as an argument")
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

// jwtToken is a JWT split and decoded, not verified. Header and Payload are
// the JSON exactly as in the token.
type jwtToken struct {
	Header  json.RawMessage
	Payload json.RawMessage
	// claims are the payload's top-level members, in token order.
	claims []member
	alg    string
	kid    string
	typ    string
}

// member is one name/value pair of a JSON object.
type member struct {
	name  string
	value json.RawMessage
}

// claim returns the raw value of a top-level claim, or nil.
func (t *jwtToken) claim(name string) json.RawMessage {
	for _, m := range t.claims {
		if m.name == name {
			return m.value
		}
	}
	return nil
}

// parseJWT splits a compact JWS and decodes its header and payload. Errors
// describe the input's shape, never its content: it is a credential.
func parseJWT(s string) (*jwtToken, error) {
	if strings.ContainsAny(s, " \t\r\n") {
		return nil, errors.New("not a JWT: the input contains whitespace; give exactly one token")
	}
	parts := strings.Split(s, ".")
	switch n := len(parts); {
	case n == 5:
		return nil, errors.New("not a session JWT: it has 5 parts, so it is an encrypted token (JWE)")
	case n == 1 && len(s) == 44:
		return nil, errors.New("not a JWT: this looks like an opaque session token, which cannot be decoded (use 'sessions list' to see sessions)")
	case n != 3:
		return nil, fmt.Errorf("not a JWT: want 3 parts separated by dots, got %d", n)
	}
	header, err := b64JSON(parts[0])
	if err != nil {
		return nil, fmt.Errorf("not a JWT: the header (part 1) %w", err)
	}
	payload, err := b64JSON(parts[1])
	if err != nil {
		return nil, fmt.Errorf("not a JWT: the payload (part 2) %w", err)
	}
	if _, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[2], "=")); err != nil {
		return nil, errors.New("not a JWT: the signature (part 3) is not base64url")
	}
	hm, err := objectMembers(header)
	if err != nil {
		return nil, fmt.Errorf("not a JWT: the header %w", err)
	}
	cm, err := objectMembers(payload)
	if err != nil {
		return nil, fmt.Errorf("not a JWT: the payload %w", err)
	}
	t := &jwtToken{Header: header, Payload: payload, claims: cm}
	for _, m := range hm {
		var v string
		_ = json.Unmarshal(m.value, &v) // a non-string alg/kid/typ stays empty
		switch m.name {
		case "alg":
			t.alg = v
		case "kid":
			t.kid = v
		case "typ":
			t.typ = v
		}
	}
	return t, nil
}

// b64JSON decodes one base64url part that must hold JSON.
func b64JSON(part string) (json.RawMessage, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(part, "="))
	if err != nil {
		return nil, errors.New("is not base64url")
	}
	if !json.Valid(b) {
		return nil, errors.New("is not JSON")
	}
	return json.RawMessage(b), nil
}

// objectMembers lists the members of a JSON object in document order.
func objectMembers(raw []byte) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, errors.New("is not a JSON object")
	}
	var out []member
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, errors.New("is not a JSON object")
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, errors.New("is not a JSON object")
		}
		out = append(out, member{name: k.(string), value: v})
	}
	return out, nil
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
		// The base URL the project ID implies is left for verifyJWT to
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

// checkFailure is a token that does not verify: exit 6 with its reason.
type checkFailure struct {
	check  string // a stable name for scripts: "signature", "expired", …
	reason string
	hint   string
}

func (e *checkFailure) Error() string { return e.reason }

func failed(check, format string, args ...any) *checkFailure {
	return &checkFailure{check: check, reason: fmt.Sprintf(format, args...)}
}

// verification is the outcome of --verify, the "verification" object of
// -o json.
type verification struct {
	Checked       bool
	Valid         bool
	Check         string // the failed check: "signature", "expired", …
	Reason        string
	KeyID         string
	JWKSURL       string
	ProjectID     string
	Issuer        string
	LeewaySeconds int64
}

// MarshalJSON writes {"checked":false} without --verify; otherwise checked,
// valid, and either the failed check and its reason or what passed.
func (v verification) MarshalJSON() ([]byte, error) {
	if !v.Checked {
		return []byte(`{"checked":false}`), nil
	}
	if !v.Valid {
		return json.Marshal(struct {
			Checked bool   `json:"checked"`
			Valid   bool   `json:"valid"`
			Check   string `json:"check"`
			Reason  string `json:"reason"`
		}{true, false, v.Check, v.Reason})
	}
	return json.Marshal(struct {
		Checked       bool   `json:"checked"`
		Valid         bool   `json:"valid"`
		KeyID         string `json:"key_id"`
		JWKSURL       string `json:"jwks_url"`
		ProjectID     string `json:"project_id"`
		Issuer        string `json:"issuer"`
		LeewaySeconds int64  `json:"leeway_seconds"`
	}{true, true, v.KeyID, v.JWKSURL, v.ProjectID, v.Issuer, v.LeewaySeconds})
}

// verifyJWT runs the checks in the documented order and returns either the
// verification of a valid token, a *checkFailure, or an error fetching keys.
func (o *sessionsDecodeOptions) verifyJWT(c *cobra.Command, a *app, tgt *verifyTarget, tok *jwtToken, raw string, now time.Time) (verification, error) {
	if tok.alg != "RS256" {
		return verification{}, failed("algorithm", "algorithm %q is not accepted: Stytch signs session JWTs with RS256, so Stytch did not issue this token", tok.alg)
	}
	if tok.kid == "" {
		return verification{}, failed("key_id", "the header has no key ID (kid), so no key can be chosen")
	}
	var aud josejwt.Audience
	if v := tok.claim("aud"); v != nil {
		if err := json.Unmarshal(v, &aud); err != nil {
			return verification{}, failed("audience", "wrong audience: aud is neither a string nor an array of strings")
		}
	}
	project := tgt.project
	switch {
	case project != "" && !aud.Contains(project):
		f := failed("audience", "wrong audience: the token is for %s, not %s", describeAud(aud), project)
		f.hint = "To check it against its own project, pass --project with the project ID in its aud."
		return verification{}, f
	case project == "":
		for _, a := range aud {
			if strings.HasPrefix(a, "project-") {
				project = a
				break
			}
		}
		if project == "" {
			f := failed("audience", "wrong audience: aud %s names no Stytch project", describeAud(aud))
			f.hint = "Pass --project with the project the token should be for."
			return verification{}, f
		}
	}
	b2b := tok.claim(organizationClaim) != nil
	base := tgt.apiURL
	if base == "" {
		base = config.BaseURLFor(project)
	}
	client, err := api.NewPublic(api.Config{
		BaseURL:    base,
		HTTPClient: tgt.http,
		UserAgent:  a.deps.Build.UserAgent(),
		Timeout:    a.timeout,
		Retry:      a.deps.Retry,
	})
	if err != nil {
		return verification{}, err
	}
	keys, err := client.GetJWKS(c.Context(), project, b2b)
	if err != nil {
		return verification{}, wrap(err, "fetching the public keys of project %s from %s", project, base+api.JWKSPath(project, b2b))
	}
	k, ok := keys.Key(tok.kid)
	if !ok {
		f := failed("key_id", "unknown key ID %s: the keys at %s are %s", tok.kid, keys.URL, strings.Join(keys.KeyIDs(), ", "))
		if len(keys.Keys) == 0 {
			f.reason = fmt.Sprintf("unknown key ID %s: %s serves no keys", tok.kid, keys.URL)
		}
		f.hint = "The token was signed by another project's key, or by a key Stytch no longer serves."
		return verification{}, f
	}
	if k.Algorithm != "" && k.Algorithm != "RS256" {
		return verification{}, failed("key_id", "key %s is for %s, not RS256", tok.kid, k.Algorithm)
	}
	pub, err := k.RSAPublicKey()
	if err != nil {
		return verification{}, fmt.Errorf("key %s at %s is unusable: %w", tok.kid, keys.URL, err)
	}
	// The library checks the signature with the algorithm pinned to RS256,
	// so alg "none" and HS256 signed with the public key are refused here
	// too, whatever the header claims.
	jws, err := josejwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return verification{}, failed("signature", "bad signature: %s", josePlain(err))
	}
	var claims josejwt.Claims
	if err := jws.Claims(pub, &claims); err != nil {
		if errors.Is(err, jose.ErrCryptoFailure) {
			return verification{}, failed("signature", "bad signature: the token was altered, or not signed by key %s", tok.kid)
		}
		return verification{}, failed("claims", "malformed claims: %s", josePlain(err))
	}
	if !issuerOK(claims.Issuer, project, base) {
		return verification{}, failed("issuer", "wrong issuer: iss is %q, want stytch.com/%s or %s", claims.Issuer, project, strings.TrimRight(base, "/"))
	}
	if claims.Expiry == nil {
		return verification{}, failed("expired", "the token has no expiry (exp); Stytch's session JWTs always do")
	}
	if err := claims.ValidateWithLeeway(josejwt.Expected{Time: now}, o.leeway); err != nil {
		switch {
		case errors.Is(err, josejwt.ErrExpired):
			exp := claims.Expiry.Time()
			return verification{}, failed("expired", "expired at %s (%s; leeway %s)", stamp(exp), render.Relative(exp, now), o.leeway)
		case errors.Is(err, josejwt.ErrNotValidYet):
			nbf := claims.NotBefore.Time()
			return verification{}, failed("not_yet_valid", "not valid before %s (%s; leeway %s): check this machine's clock", stamp(nbf), render.Relative(nbf, now), o.leeway)
		case errors.Is(err, josejwt.ErrIssuedInTheFuture):
			iat := claims.IssuedAt.Time()
			return verification{}, failed("issued_in_future", "issued in the future at %s (%s; leeway %s): check this machine's clock", stamp(iat), render.Relative(iat, now), o.leeway)
		}
		return verification{}, failed("claims", "%s", josePlain(err))
	}
	return verification{Checked: true, Valid: true, KeyID: tok.kid, JWKSURL: keys.URL, ProjectID: project,
		Issuer: claims.Issuer, LeewaySeconds: int64(o.leeway / time.Second)}, nil
}

// issuerOK accepts what the SDKs accept: stytch.com/<project>, or the base
// URL the keys came from (a custom domain Stytch names as the issuer of
// tokens issued through it), compared without its trailing slash as
// Python's SDK does. Any other issuer fails, https or not.
func issuerOK(iss, project, base string) bool {
	return iss == "stytch.com/"+project || iss == strings.TrimRight(base, "/")
}

func describeAud(aud josejwt.Audience) string {
	switch len(aud) {
	case 0:
		return "no project (aud is missing)"
	case 1:
		return aud[0]
	}
	return "[" + strings.Join(aud, ", ") + "]"
}

// josePlain strips go-jose's package prefix from its messages.
func josePlain(err error) string {
	s := err.Error()
	for _, p := range []string{"go-jose/go-jose/jwt: ", "go-jose/go-jose: "} {
		s = strings.ReplaceAll(s, p, "")
	}
	return s
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// sessionSummary is the "session" object of -o json: what the claims say
// about the session, in words where that helps. A field the token lacks is
// null; user_id is for consumer tokens and member_id (with the organization
// fields) for B2B tokens.
type sessionSummary struct {
	SessionID        *string         `json:"session_id"`
	UserID           *string         `json:"user_id,omitempty"`
	MemberID         *string         `json:"member_id,omitempty"`
	OrganizationID   *string         `json:"organization_id,omitempty"`
	OrganizationSlug *string         `json:"organization_slug,omitempty"`
	Factors          []string        `json:"factors"`
	Roles            []string        `json:"roles"`
	StartedAt        *string         `json:"started_at"`
	LastAccessedAt   *string         `json:"last_accessed_at"`
	ExpiresAt        *string         `json:"expires_at"`
	IPAddress        *string         `json:"ip_address"`
	UserAgent        *string         `json:"user_agent"`
	Device           *string         `json:"device"`
	CustomClaims     json.RawMessage `json:"custom_claims"`
	JWTIssuedAt      *string         `json:"jwt_issued_at"`
	JWTNotBefore     *string         `json:"jwt_not_before"`
	JWTExpiresAt     *string         `json:"jwt_expires_at"`
	JWTExpired       *bool           `json:"jwt_expired"`

	// For the table: typed times and the factors as sent.
	started, lastActive, expires, iat, nbf, exp time.Time
	factorsRaw                                  []api.Factor
	custom                                      []member
	iss                                         *string
	aud                                         []string
}

// summarize reads the session out of the claims. It is lenient: a claim of
// an unexpected shape leaves its fields null rather than failing, since the
// raw claims are shown anyway.
func summarize(tok *jwtToken, now time.Time) sessionSummary {
	var s sessionSummary
	str := func(raw json.RawMessage) *string {
		var v string
		if raw == nil || json.Unmarshal(raw, &v) != nil {
			return nil
		}
		return &v
	}
	numDate := func(name string) (*string, time.Time) {
		var n json.Number
		if v := tok.claim(name); v == nil || json.Unmarshal(v, &n) != nil {
			return nil, time.Time{}
		}
		f, err := n.Float64()
		if err != nil {
			return nil, time.Time{}
		}
		t := time.Unix(int64(f), 0).UTC()
		v := stamp(t)
		return &v, t
	}
	s.JWTIssuedAt, s.iat = numDate("iat")
	s.JWTNotBefore, s.nbf = numDate("nbf")
	s.JWTExpiresAt, s.exp = numDate("exp")
	if s.JWTExpiresAt != nil {
		expired := !now.Before(s.exp)
		s.JWTExpired = &expired
	}
	s.iss = str(tok.claim("iss"))
	var aud josejwt.Audience
	if json.Unmarshal(tok.claim("aud"), &aud) == nil {
		s.aud = aud
	}

	sub := str(tok.claim("sub"))
	if org := tok.claim(organizationClaim); org != nil {
		s.MemberID = sub
		var o struct {
			ID   *string `json:"organization_id"`
			Slug *string `json:"slug"`
		}
		if json.Unmarshal(org, &o) == nil {
			s.OrganizationID, s.OrganizationSlug = o.ID, o.Slug
		}
	} else {
		s.UserID = sub
	}

	if raw := tok.claim(sessionClaim); raw != nil {
		var sc struct {
			ID             *string `json:"id"`
			StartedAt      *string `json:"started_at"`
			LastAccessedAt *string `json:"last_accessed_at"`
			ExpiresAt      *string `json:"expires_at"`
			Attributes     struct {
				UserAgent *string `json:"user_agent"`
				IPAddress *string `json:"ip_address"`
			} `json:"attributes"`
			Roles []string `json:"roles"`
		}
		if json.Unmarshal(raw, &sc) == nil {
			s.SessionID, s.Roles = sc.ID, sc.Roles
			s.StartedAt, s.LastAccessedAt, s.ExpiresAt = sc.StartedAt, sc.LastAccessedAt, sc.ExpiresAt
			s.IPAddress, s.UserAgent = sc.Attributes.IPAddress, sc.Attributes.UserAgent
			for _, p := range []struct {
				in  *string
				out *time.Time
			}{{sc.StartedAt, &s.started}, {sc.LastAccessedAt, &s.lastActive}, {sc.ExpiresAt, &s.expires}} {
				if p.in != nil {
					*p.out = api.ParseTime(*p.in)
				}
			}
			if ua := s.UserAgent; ua != nil && strings.TrimSpace(*ua) != "" {
				d := sessionview.ParseDevice(*ua).Short(*ua)
				s.Device = &d
			}
		}
		var typed api.Session
		if json.Unmarshal(raw, &typed) == nil && typed.AuthenticationFactors != nil {
			s.factorsRaw = typed.AuthenticationFactors
			s.Factors = make([]string, len(typed.AuthenticationFactors))
			for i, f := range typed.AuthenticationFactors {
				s.Factors[i] = sessionview.FactorWords(f)
			}
		}
	}

	var b bytes.Buffer
	b.WriteByte('{')
	for _, m := range tok.claims {
		if reservedClaims[m.name] || strings.HasPrefix(m.name, stytchClaimPrefix) {
			continue
		}
		if len(s.custom) > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(m.name)
		b.Write(name)
		b.WriteByte(':')
		b.Write(m.value)
		s.custom = append(s.custom, m)
	}
	b.WriteByte('}')
	s.CustomClaims = b.Bytes()
	return s
}

// decodeDocument is the whole -o json/yaml document.
type decodeDocument struct {
	Header       json.RawMessage `json:"header"`
	Claims       json.RawMessage `json:"claims"`
	Session      sessionSummary  `json:"session"`
	Verification verification    `json:"verification"`
}

// print writes the decoded token in the chosen format. The raw JWT is not
// part of any format.
func (o *sessionsDecodeOptions) print(a *app, tok *jwtToken, ver verification, now time.Time) error {
	sum := summarize(tok, now)
	if o.output.format.IsDocument() {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(decodeDocument{Header: tok.Header, Claims: tok.Payload, Session: sum, Verification: ver}); err != nil {
			return fmt.Errorf("encoding the decoded JWT: %w", err)
		}
		return a.printDocumentOutput(context.Background(), &o.output, buf.Bytes())
	}
	return a.printTable(decodeTable(tok, sum, ver, a.deps.StdoutTTY, now))
}

// decodeTable lays the token out as label/value rows. On a terminal a time
// reads "2026-06-04 09:20:22 UTC (in 5m)"; piped it is RFC 3339 UTC.
func decodeTable(tok *jwtToken, s sessionSummary, ver verification, tty bool, now time.Time) render.TableData {
	t := render.TableData{Columns: []render.Column{{Header: "Field", Fixed: true}, {Header: "Value"}}}
	add := func(label string, v any) { t.Rows = append(t.Rows, []any{label, v}) }
	when := func(label string, tm time.Time, present bool) {
		if !present {
			return
		}
		if !tty || tm.IsZero() {
			add(label, tm)
			return
		}
		add(label, tm.UTC().Format("2006-01-02 15:04:05 UTC")+" ("+render.Relative(tm, now)+")")
	}
	opt := func(label string, v *string) {
		if v != nil {
			add(label, *v)
		}
	}
	add("Algorithm", tok.alg)
	add("Key ID", tok.kid)
	if tok.typ != "" {
		add("Type", tok.typ)
	}
	opt("Issuer", s.iss)
	if s.aud != nil {
		add("Audience", strings.Join(s.aud, ", "))
	}
	if s.MemberID != nil || s.OrganizationID != nil {
		opt("Member", s.MemberID)
		org := ""
		if s.OrganizationID != nil {
			org = *s.OrganizationID
		}
		if s.OrganizationSlug != nil && *s.OrganizationSlug != "" {
			org += " (" + *s.OrganizationSlug + ")"
		}
		add("Organization", org)
	} else {
		opt("User", s.UserID)
	}
	opt("Session ID", s.SessionID)
	if s.factorsRaw != nil {
		add("Factors", sessionview.Factors(s.factorsRaw))
	}
	if s.Roles != nil {
		add("Roles", strings.Join(s.Roles, ", "))
	}
	opt("Device", s.Device)
	opt("IP address", s.IPAddress)
	opt("User agent", s.UserAgent)
	when("Session started", s.started, s.StartedAt != nil)
	when("Last active", s.lastActive, s.LastAccessedAt != nil)
	when("Session expires", s.expires, s.ExpiresAt != nil)
	when("JWT issued", s.iat, s.JWTIssuedAt != nil)
	when("JWT not before", s.nbf, s.JWTNotBefore != nil)
	when("JWT expires", s.exp, s.JWTExpiresAt != nil)
	for _, m := range s.custom {
		var v string
		if json.Unmarshal(m.value, &v) != nil {
			var b bytes.Buffer
			if json.Compact(&b, m.value) == nil {
				v = b.String()
			}
		}
		add("Claim "+m.name, v)
	}
	switch {
	case !ver.Checked:
		add("Verified", "not checked (add --verify)")
	case ver.Valid:
		add("Verified", fmt.Sprintf("yes: RS256 signature by %s, audience, issuer and times (leeway %ds)", ver.KeyID, ver.LeewaySeconds))
	default:
		add("Verified", "NO: "+ver.Reason)
	}
	return t
}
