package cmd

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
	"github.com/stytchctl/stytchctl/config"
)

// Environment variables read only by the scripts' stytchctl (scriptMain),
// never by the real binary.
const (
	// envTestKeyringFile makes the keyring a file, so scripts run the same
	// everywhere; a script that wants the real OS keyring clears it.
	envTestKeyringFile = "STYTCHCTL_TEST_KEYRING_FILE"
	// envTestOutputLog is a file that receives a copy of everything each
	// run prints, for the leak scan.
	envTestOutputLog = "STYTCHCTL_TEST_OUTPUT_LOG"
	// envRequireKeyring makes [keyring] scripts fail instead of skipping
	// when no real Secret Service answers (.ci/run sets it).
	envRequireKeyring = "STYTCHCTL_REQUIRE_KEYRING"
	// envTestFastRetry=1 makes the API client back off for milliseconds
	// between attempts instead of a quarter second and more, as
	// fastRetry does in-process; the number of attempts is the real one.
	envTestFastRetry = "STYTCHCTL_TEST_FAST_RETRY"
	// envTestWaitGate names a file that paces every wait between polls
	// (Deps.Sleep, sessions watch's --interval) instead of a timer: the
	// n-th wait ends when the file has n lines, or when the run is
	// interrupted. The script appends a line with `tick FILE`.
	envTestWaitGate = "STYTCHCTL_TEST_WAIT_GATE"
)

// gatePoll is how often a gated wait looks at its gate file.
const gatePoll = 5 * time.Millisecond

// Files in a script's $WORK that hold the secret on purpose, so the leak
// scan skips them: the secret fed to stdin, the stand-in keyring.
const (
	inputSecretFile = ".input-secret"
	fakeKeyringDir  = ".fake-keyring"
)

// scriptMain is the scripts' "stytchctl": the real entry point and the
// real process dependencies, with the test switches above.
func scriptMain() int {
	deps := processDeps(BuildInfo{Version: "0.0.0-e2e"})
	if path := os.Getenv(envTestKeyringFile); path != "" {
		deps.Keyring = func() config.SecretStore { return config.FileStore{Path: path} }
	}
	if os.Getenv(envTestFastRetry) == "1" {
		deps.Retry = api.RetryPolicy{Initial: time.Millisecond, Max: 5 * time.Millisecond}
	}
	if path := os.Getenv(envTestWaitGate); path != "" {
		deps.Sleep = gatedWait(path)
	}
	if path := os.Getenv(envTestOutputLog); path != "" {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			fmt.Fprintln(os.Stderr, "test output log:", err)
			return 1
		}
		defer f.Close()
		fmt.Fprintf(f, "\n$ stytchctl %s\n", strings.Join(os.Args[1:], " "))
		deps.Stdout = io.MultiWriter(deps.Stdout, f)
		deps.Stderr = io.MultiWriter(deps.Stderr, f)
	}
	return runProcess(deps)
}

// gatedWait returns a Deps.Sleep whose n-th wait ends when the file at
// path has n lines (see envTestWaitGate), whatever duration was asked.
func gatedWait(path string) func(ctx context.Context, d time.Duration) error {
	waits := 0
	return func(ctx context.Context, _ time.Duration) error {
		waits++
		for {
			if b, err := os.ReadFile(path); err == nil && bytes.Count(b, []byte("\n")) >= waits {
				return nil
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(gatePoll):
			}
		}
	}
}

// authScriptSetup prepares every script: HOME and XDG_CONFIG_HOME inside
// $WORK (so the default config directory is $WORK/.config/stytchctl), the
// stand-in keyring, the output log, the secret in $WORK/.input-secret for
// `stdin`, millisecond backoff between retries (envTestFastRetry), and,
// at the end, the leak scan of everything the script left.
func authScriptSetup(env *testscript.Env) error {
	work := env.WorkDir
	env.Setenv(envTestFastRetry, "1")
	env.Setenv("HOME", filepath.Join(work, "home"))
	env.Setenv("XDG_CONFIG_HOME", filepath.Join(work, ".config"))
	env.Setenv(envTestKeyringFile, filepath.Join(work, fakeKeyringDir, "keyring.yaml"))
	env.Setenv(envTestOutputLog, filepath.Join(work, ".stytchctl-output.log"))
	env.Setenv("REAL_DBUS_SESSION_BUS_ADDRESS", os.Getenv("DBUS_SESSION_BUS_ADDRESS"))
	if err := os.WriteFile(filepath.Join(work, inputSecretFile), []byte(apitest.Secret+"\n"), 0o600); err != nil {
		return err
	}
	env.Defer(func() { scanWorkForLeaks(env) })
	return nil
}

// scanWorkForLeaks fails the script when any file it left (outputs of
// every run included, via the output log) holds the secret or its
// Basic-auth form, except the files whose job is to hold it.
func scanWorkForLeaks(env *testscript.Env) {
	needles := leakNeedles(apitest.ProjectID, apitest.Secret)
	var found []string
	_ = filepath.WalkDir(env.WorkDir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if d.Name() == fakeKeyringDir {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Name() == inputSecretFile || d.Name() == config.InsecureSecretsFileName || !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err == nil {
			if n := findLeak(string(b), needles); n != "" {
				found = append(found, fmt.Sprintf("%s holds %q", path, n))
			}
		}
		return nil
	})
	if len(found) == 0 {
		return
	}
	msg := "secret leaked:\n" + strings.Join(found, "\n")
	if tb, ok := env.T().(interface{ Errorf(string, ...any) }); ok {
		tb.Errorf("%s", msg)
		return
	}
	env.T().Log(msg)
	env.T().FailNow()
}

// scriptCmds are the scripts' own commands:
//
//	exits CODE PROG ARGS...   run PROG like exec, and require exit CODE
//	perm PATH MODE            require PATH to have permissions MODE (octal)
//	timer start | timer under DURATION
//	hungdbus PATH             listen on a unix socket at PATH that accepts
//	                          connections and never answers
//	tick FILE                 append a line to FILE: let a gated wait end
//	                          (see envTestWaitGate)
func scriptCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"exits": func(ts *testscript.TestScript, neg bool, args []string) {
			if neg || len(args) < 2 {
				ts.Fatalf("usage: exits CODE PROG [ARGS...]")
			}
			want, err := strconv.Atoi(args[0])
			ts.Check(err)
			err = ts.Exec(args[1], args[2:]...)
			got := 0
			var ee *exec.ExitError
			switch {
			case errors.As(err, &ee):
				got = ee.ExitCode()
			case err != nil:
				ts.Fatalf("running %s: %v", args[1], err)
			}
			if got != want {
				ts.Fatalf("%s exited %d, want %d", args[1], got, want)
			}
		},
		"perm": func(ts *testscript.TestScript, neg bool, args []string) {
			if neg || len(args) != 2 {
				ts.Fatalf("usage: perm PATH MODE")
			}
			want, err := strconv.ParseUint(args[1], 8, 32)
			ts.Check(err)
			fi, err := os.Stat(ts.MkAbs(args[0]))
			ts.Check(err)
			if got := fi.Mode().Perm(); uint64(got) != want {
				ts.Fatalf("%s has mode %04o, want %04o", args[0], got, want)
			}
		},
		"timer": func(ts *testscript.TestScript, neg bool, args []string) {
			switch {
			case len(args) == 1 && args[0] == "start":
				ts.Setenv("TIMER_START", strconv.FormatInt(time.Now().UnixNano(), 10))
			case len(args) == 2 && args[0] == "under":
				limit, err := time.ParseDuration(args[1])
				ts.Check(err)
				start, err := strconv.ParseInt(ts.Getenv("TIMER_START"), 10, 64)
				ts.Check(err)
				took := time.Since(time.Unix(0, start))
				ts.Logf("took %s", took.Round(time.Millisecond))
				if took >= limit {
					ts.Fatalf("took %s, want under %s", took.Round(time.Millisecond), limit)
				}
			default:
				ts.Fatalf("usage: timer start | timer under DURATION")
			}
		},
		"tick": func(ts *testscript.TestScript, neg bool, args []string) {
			if neg || len(args) != 1 {
				ts.Fatalf("usage: tick FILE")
			}
			f, err := os.OpenFile(ts.MkAbs(args[0]), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
			ts.Check(err)
			_, err = f.WriteString("tick\n")
			ts.Check(errors.Join(err, f.Close()))
		},
		"hungdbus": func(ts *testscript.TestScript, neg bool, args []string) {
			if neg || len(args) != 1 {
				ts.Fatalf("usage: hungdbus PATH")
			}
			l, err := net.Listen("unix", ts.MkAbs(args[0]))
			ts.Check(err)
			var mu sync.Mutex
			var held []net.Conn
			go func() {
				for {
					c, err := l.Accept()
					if err != nil {
						return
					}
					mu.Lock()
					held = append(held, c)
					mu.Unlock()
				}
			}()
			ts.Defer(func() {
				l.Close()
				mu.Lock()
				defer mu.Unlock()
				for _, c := range held {
					c.Close()
				}
			})
		},
	}
}

// keyringCondition answers [keyring]: whether the machine's real OS
// keyring works. With STYTCHCTL_REQUIRE_KEYRING=1 a missing keyring is an
// error, so the script fails instead of skipping.
func keyringCondition() func() (bool, error) {
	var once sync.Once
	var ok bool
	var why error
	return func() (bool, error) {
		once.Do(func() {
			b := make([]byte, 6)
			_, _ = rand.Read(b)
			_, err := config.NewKeyringService("stytchctl-test-"+hex.EncodeToString(b), config.DefaultKeyringTimeout).Get("probe")
			ok = err == nil || errors.Is(err, config.ErrSecretNotFound)
			why = err
		})
		if !ok && os.Getenv(envRequireKeyring) == "1" {
			return false, fmt.Errorf("%s=1 but the OS keyring cannot be used: %v", envRequireKeyring, why)
		}
		return ok, nil
	}
}
