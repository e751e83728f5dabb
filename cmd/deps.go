package cmd

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/user"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"

	"golang.org/x/term"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/geoip"
	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
	"github.com/stytchctl/stytchctl/config"
)

// BuildInfo is stamped into the binary at release time (see .goreleaser.yaml).
type BuildInfo struct {
	Version string
	Commit  string
	Date    string
}

// UserAgent is the User-Agent header: stytchctl/<version> (<os>/<arch>).
func (b BuildInfo) UserAgent() string {
	return "stytchctl/" + b.Version + " (" + runtime.GOOS + "/" + runtime.GOARCH + ")"
}

// withModuleVersion fills in a version for binaries built with go install,
// which carry the module version but no ldflags.
func (b BuildInfo) withModuleVersion() BuildInfo {
	if b.Version != "" && b.Version != "dev" {
		return b
	}
	b.Version = "dev"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		b.Version = bi.Main.Version
	}
	return b
}

// Deps is everything a command reaches outside the process for. Main builds
// it from the real process; tests build it by hand around a fake API, with
// buffers for the streams and explicit TTY flags.
type Deps struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// StdinTTY, StdoutTTY and StderrTTY say whether each stream is a
	// terminal; they decide prompts, table style and progress bars.
	StdinTTY  bool
	StdoutTTY bool
	StderrTTY bool
	// StdoutForced says that StdoutTTY is true only because
	// STYTCHCTL_FORCE_TTY said so: stdout is a pipe or a file drawn like a
	// terminal, which nobody answers prompts on.
	StdoutForced bool
	// TermWidth returns the terminal width in columns, or 0 when unknown.
	// It is called only when a table is drawn on a terminal.
	TermWidth func() int
	// TermHeight returns the height of the terminal on stdout in lines,
	// or 0 when stdout is not one (piped, STYTCHCTL_FORCE_TTY or not). A
	// human table longer than it goes through the pager; nil never pages.
	// It is called only when such a table is complete.
	TermHeight func() int
	// LookupEnv reads the environment.
	LookupEnv func(string) (string, bool)
	// Now is the clock.
	Now func() time.Time
	// Sleep waits for d or until ctx ends, returning ctx.Err() then; nil
	// means a real timer. Commands that wait between requests (sessions
	// watch) wait through it, so tests never really wait.
	Sleep func(ctx context.Context, d time.Duration) error
	// HTTPClient sends API requests; nil means a default client.
	HTTPClient *http.Client
	// Retry overrides the API client's retry policy; the zero value keeps
	// the defaults. Tests use it to keep backoff short.
	Retry api.RetryPolicy
	// Build identifies this binary.
	Build BuildInfo
	// ConfigDir returns the directory of the config file and the
	// --insecure-storage secrets file. nil means STYTCHCTL_CONFIG_DIR, else
	// the OS user config directory + /stytchctl.
	ConfigDir func() (string, error)
	// Keyring returns the OS keyring's secret store. It is called when a
	// command opens the saved profiles, never for --help, version,
	// completion or a flag error; building the store does no I/O, the
	// keyring is reached only when a secret is read or written. nil means
	// the real OS keyring.
	Keyring func() config.SecretStore
	// ReadPassword reads one line from the terminal on stdin without
	// echoing it, giving up (with the terminal restored) when ctx is
	// cancelled. It is used only when StdinTTY is true.
	ReadPassword func(ctx context.Context) ([]byte, error)
	// Operator returns the name of the OS user running the command, which
	// the revoke journal records. nil means the current OS user.
	Operator func() string
	// Locate places an IP address for the location rules of sessions
	// audit and inspect (impossible-travel, many-countries) in place of
	// the GeoIP databases; tests set it. nil means the databases, and
	// with none found those rules do not run. The views' LOCATION and
	// NETWORK always come from the databases.
	Locate sessionaudit.Locator
	// GeoIPDirs returns the directories searched for IP location
	// databases when nothing names one (geoip.StandardDirs); nil searches
	// none, as in tests.
	GeoIPDirs func() []string

	// paging is set while a pager shows a table: Ctrl-C is the pager's
	// then (see runProcess).
	paging atomic.Bool
}

// processDeps returns the Deps of the running process. It does no I/O
// beyond the isatty checks; the terminal size is asked only when needed.
// STYTCHCTL_FORCE_TTY makes stdout count as a terminal (and may set the
// width); stdin and stderr stay what they are, so prompts and progress
// bars never go into a pipe.
func processDeps(b BuildInfo) *Deps {
	forced, forcedWidth := forceTTY(os.LookupEnv)
	return &Deps{
		Stdin:        os.Stdin,
		Stdout:       os.Stdout,
		Stderr:       os.Stderr,
		StdinTTY:     term.IsTerminal(int(os.Stdin.Fd())),
		StdoutTTY:    forced || term.IsTerminal(int(os.Stdout.Fd())),
		StdoutForced: forced && !term.IsTerminal(int(os.Stdout.Fd())),
		StderrTTY:    term.IsTerminal(int(os.Stderr.Fd())),
		TermWidth: func() int {
			// The terminal's width, from stdout or else stderr (a preview
			// on stderr fits the terminal even when stdout is piped), else
			// $COLUMNS.
			return termWidth(forcedWidth, os.LookupEnv, fdWidth(os.Stdout), fdWidth(os.Stderr))
		},
		TermHeight: func() int {
			_, h, err := term.GetSize(int(os.Stdout.Fd()))
			if err != nil {
				return 0
			}
			return h
		},
		LookupEnv: os.LookupEnv,
		Now:       time.Now,
		Build:     b.withModuleVersion(),
		ConfigDir: func() (string, error) {
			return config.Dir(os.LookupEnv, os.UserConfigDir)
		},
		Keyring: func() config.SecretStore { return config.NewKeyring() },
		ReadPassword: func(ctx context.Context) ([]byte, error) {
			return readPassword(ctx, int(os.Stdin.Fd()))
		},
		Operator:  osOperator,
		GeoIPDirs: func() []string { return geoip.StandardDirs(os.LookupEnv) },
	}
}

// fdWidth returns the width of the terminal on f.
func fdWidth(f *os.File) func() (int, error) {
	return func() (int, error) {
		w, _, err := term.GetSize(int(f.Fd()))
		return w, err
	}
}

// osOperator returns the current OS user's login name, or "unknown".
func osOperator() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// operator returns the OS user running the command (see Deps.Operator).
func (d *Deps) operator() string {
	if d.Operator != nil {
		return d.Operator()
	}
	return osOperator()
}

// readPassword reads a line from the terminal fd without echo. Ctrl-C is
// caught for the whole process (see Main), so the read is abandoned when
// ctx is cancelled, and the terminal's echo is switched back on then.
func readPassword(ctx context.Context, fd int) ([]byte, error) {
	state, err := term.GetState(fd)
	if err != nil {
		return nil, err
	}
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		return r.b, r.err
	case <-ctx.Done():
		_ = term.Restore(fd, state)
		return nil, ctx.Err()
	}
}

// configDir returns the config directory (see Deps.ConfigDir).
func (d *Deps) configDir() (string, error) {
	if d.ConfigDir != nil {
		return d.ConfigDir()
	}
	return config.Dir(d.LookupEnv, os.UserConfigDir)
}

// keyring returns the OS keyring store (see Deps.Keyring).
func (d *Deps) keyring() config.SecretStore {
	if d.Keyring != nil {
		return d.Keyring()
	}
	return config.NewKeyring()
}

// sleep waits as Deps.Sleep says.
func (d *Deps) sleep(ctx context.Context, dur time.Duration) error {
	if d.Sleep != nil {
		return d.Sleep(ctx, dur)
	}
	t := time.NewTimer(dur)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// getenv returns an environment variable or "".
func (d *Deps) getenv(key string) string {
	v, _ := d.LookupEnv(key)
	return v
}

// colorEnabled applies NO_COLOR and CLICOLOR_FORCE to a stream's TTY flag.
func (d *Deps) colorEnabled(tty bool) bool {
	if v := d.getenv("CLICOLOR_FORCE"); v != "" && v != "0" {
		return true
	}
	if d.getenv("NO_COLOR") != "" {
		return false
	}
	if d.getenv("TERM") == "dumb" {
		return false
	}
	return tty
}
