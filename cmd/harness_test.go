package cmd

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
	"github.com/stytchctl/stytchctl/config"
)

// testOperator is the OS user every command test runs as.
const testOperator = "ops-tester"

// testNow is the clock every command test runs at.
var testNow = time.Date(2026, 6, 4, 10, 0, 0, 0, time.UTC)

// harness runs commands in-process against a fake API.
type harness struct {
	t      *testing.T
	fake   *apitest.Fake
	server *httptest.Server
	env    map[string]string
	tty    bool
	width  int
	// height is the terminal's height for the pager; 0 never pages.
	height int
	// configDir is the config directory, empty at the start of a test.
	configDir string
	// keyring stands in for the OS keyring; keyringOps counts the Get, Set
	// and Delete calls made on it and configDirCalls the lookups of the
	// config directory.
	keyring        config.SecretStore
	keyringOps     int
	configDirCalls int
	// stdin is what the command reads; stdinTTY and password simulate a
	// terminal on which the user types password.
	stdin    string
	stdinTTY bool
	// stdinReader, when set, is read instead of stdin (keys typed in
	// bursts, as a person types them).
	stdinReader io.Reader
	password    string
	// secrets are checked for in every output, with checkNoLeak.
	secrets []string
	// stderrTTY makes only stderr a terminal (tty makes both one).
	stderrTTY bool
	// stdout, when set, receives the command's standard output instead of
	// the result (a writer that fails, or that signals its first write).
	stdout io.Writer
	// retry replaces fastRetry when set.
	retry *api.RetryPolicy
	// sleep, now and httpClient replace Deps.Sleep, the fixed testNow clock
	// and the default HTTP client when set.
	sleep      func(ctx context.Context, d time.Duration) error
	now        func() time.Time
	httpClient *http.Client
	// locate stands in for the GeoIP databases of sessions audit.
	locate sessionaudit.Locator
	// geoipDirs are the directories searched for IP location databases;
	// none unless a test sets them.
	geoipDirs []string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	return newWrappedHarness(t, nil)
}

// newWrappedHarness is newHarness with the fake's handler passed through
// wrap (a recorder of the traffic) when wrap is not nil.
func newWrappedHarness(t *testing.T, wrap func(http.Handler) http.Handler) *harness {
	t.Helper()
	fake := apitest.New(apitest.Options{Now: func() time.Time { return testNow }})
	var handler http.Handler = fake
	if wrap != nil {
		handler = wrap(fake)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	h := &harness{
		t:      t,
		fake:   fake,
		server: srv,
		env: map[string]string{
			"STYTCH_PROJECT_ID": apitest.ProjectID,
			"STYTCH_SECRET":     apitest.Secret,
			"STYTCHCTL_API_URL": srv.URL,
		},
		configDir: t.TempDir() + "/stytchctl",
		keyring:   &memoryStore{},
		secrets:   leakNeedles(apitest.ProjectID, apitest.Secret),
	}
	t.Cleanup(func() { h.checkFilesNoLeak() })
	return h
}

// blockForever as harness.password makes the terminal prompt wait until
// the command is interrupted.
const blockForever = "\x00block"

// result is what one command run produced.
type result struct {
	code   int
	stdout string
	stderr string
}

func (h *harness) run(args ...string) result {
	return h.runCtx(context.Background(), args...)
}

func (h *harness) runCtx(ctx context.Context, args ...string) result {
	h.t.Helper()
	var out, errb bytes.Buffer
	var stdout io.Writer = &out
	if h.stdout != nil {
		stdout = h.stdout
	}
	retry := fastRetry
	if h.retry != nil {
		retry = *h.retry
	}
	var stdin io.Reader = strings.NewReader(h.stdin)
	if h.stdinReader != nil {
		stdin = h.stdinReader
	}
	deps := &Deps{
		Stdin:        stdin,
		Stdout:       stdout,
		Stderr:       &errb,
		StdinTTY:     h.stdinTTY,
		StdoutTTY:    h.tty || h.env["STYTCHCTL_FORCE_TTY"] != "",
		StdoutForced: !h.tty && h.env["STYTCHCTL_FORCE_TTY"] != "",
		StderrTTY:    h.tty || h.stderrTTY,
		TermWidth:    func() int { return h.width },
		TermHeight:   func() int { return h.height },
		LookupEnv: func(k string) (string, bool) {
			v, ok := h.env[k]
			return v, ok
		},
		Now:        func() time.Time { return testNow },
		Sleep:      h.sleep,
		Operator:   func() string { return testOperator },
		GeoIPDirs:  func() []string { return h.geoipDirs },
		HTTPClient: h.httpClient,
		Locate:     h.locate,
		Build:      BuildInfo{Version: "1.2.3-test"},
		Retry:      retry,
		ConfigDir: func() (string, error) {
			h.configDirCalls++
			return h.configDir, nil
		},
		Keyring: func() config.SecretStore { return countingStore{h.keyring, &h.keyringOps} },
		ReadPassword: func(ctx context.Context) ([]byte, error) {
			if h.password == blockForever {
				<-ctx.Done()
				return nil, ctx.Err()
			}
			return []byte(h.password), nil
		},
	}
	if h.now != nil {
		deps.Now = h.now
	}
	code := Run(ctx, deps, args)
	r := result{code: code, stdout: out.String(), stderr: errb.String()}
	h.checkNoLeak(strings.Join(args, " "), "stdout", r.stdout)
	h.checkNoLeak(strings.Join(args, " "), "stderr", r.stderr)
	return r
}

// expect checks the exit code and that stderr contains every want string.
func (r result) expect(t *testing.T, code int, stderrWants ...string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code = %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	for _, w := range stderrWants {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
		}
	}
}

// fastRetry keeps retry tests quick while still exercising backoff.
var fastRetry = api.RetryPolicy{MaxAttempts: 3, Initial: time.Millisecond, Max: 5 * time.Millisecond, MaxWait: time.Second}

// countingStore counts the calls made on a SecretStore.
type countingStore struct {
	inner config.SecretStore
	n     *int
}

func (c countingStore) Get(k string) (string, error) { *c.n++; return c.inner.Get(k) }
func (c countingStore) Set(k, v string) error        { *c.n++; return c.inner.Set(k, v) }
func (c countingStore) Delete(k string) error        { *c.n++; return c.inner.Delete(k) }
