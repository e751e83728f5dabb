package cmd

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// commandPaths returns the argument path of every command a user can reach,
// help topics and cobra's help command included, walking the real tree so
// that commands added later are covered.
func commandPaths(t *testing.T) [][]string {
	t.Helper()
	var out [][]string
	walkCommands(CommandTree(BuildInfo{}), func(c *cobra.Command) {
		if !c.IsAvailableCommand() && !c.IsAdditionalHelpTopicCommand() && c.Name() != "help" && c.HasParent() {
			return
		}
		out = append(out, strings.Fields(c.CommandPath())[1:])
	})
	if len(out) < 7 {
		t.Fatalf("walked only %d commands", len(out))
	}
	return out
}

func argv(path []string, more ...string) []string {
	return append(append([]string{}, path...), more...)
}

// TestStdoutCarriesOnlyData runs every command of the tree the ways that
// must not put anything but data (or requested help) on stdout:
//
//   - --help, asked for explicitly, goes to stdout (like gh and git), exit 0,
//     nothing on stderr;
//   - an unknown flag, a malformed global flag value, or a stray argument
//     (for commands that take none) is exit 2 with nothing on stdout and
//     the error plus a "--help" hint on stderr;
//   - run with no arguments against an API that fails every request, a
//     command either succeeds or fails with nothing on stdout and an error
//     line on stderr.
func TestStdoutCarriesOnlyData(t *testing.T) {
	for _, path := range commandPaths(t) {
		name := strings.Join(argv([]string{"stytchctl"}, path...), " ")
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)

			r := h.run(argv(path, "--help")...)
			r.expect(t, ExitOK)
			if r.stderr != "" {
				t.Errorf("--help wrote to stderr: %q", r.stderr)
			}
			if !strings.Contains(r.stdout, "Usage:") && !strings.Contains(r.stdout, "\n\n") {
				t.Errorf("--help printed no help on stdout: %q", r.stdout)
			}

			hint := "Run '" + name + " --help' for usage."
			for _, bad := range [][]string{
				argv(path, "--definitely-not-a-flag"),
				argv(path, "--timeout", "soon"),
				argv(path, "-Z"),
			} {
				r := h.run(bad...)
				r.expect(t, ExitUsage, "stytchctl: ", hint)
				if r.stdout != "" {
					t.Errorf("%q wrote to stdout: %q", bad, r.stdout)
				}
				if strings.Count(r.stderr, "\n") > 3 {
					t.Errorf("%q printed more than an error and a hint on stderr:\n%s", bad, r.stderr)
				}
			}

			cmd, _, _ := CommandTree(BuildInfo{}).Find(path)
			if cmd.Runnable() && cmd.Args != nil && cmd.Args(cmd, []string{"stray-argument"}) != nil {
				r := h.run(argv(path, "stray-argument")...)
				r.expect(t, ExitUsage, "stytchctl: ")
				if r.stdout != "" {
					t.Errorf("a stray argument wrote to stdout: %q", r.stdout)
				}
			}
		})
	}
}

// TestFailuresLeaveStdoutEmpty runs every runnable command with no
// arguments, with credentials in the environment but an HTTP client that
// fails every request, and a config dir of its own. Whatever the outcome,
// a failure must leave stdout empty and explain itself on stderr.
func TestFailuresLeaveStdoutEmpty(t *testing.T) {
	for _, path := range commandPaths(t) {
		cmd, _, _ := CommandTree(BuildInfo{}).Find(path)
		if !cmd.Runnable() || len(path) == 0 {
			continue
		}
		name := strings.Join(argv([]string{"stytchctl"}, path...), " ")
		t.Run(name, func(t *testing.T) {
			env := map[string]string{
				"STYTCH_PROJECT_ID":    "project-test-00000000-0000-4000-8000-000000000000",
				"STYTCH_SECRET":        "secret-test-streams",
				"STYTCHCTL_API_URL":    "https://failing.invalid",
				"STYTCHCTL_CONFIG_DIR": t.TempDir(),
			}
			var stdout, stderr strings.Builder
			deps := &Deps{
				Stdin:      strings.NewReader(""),
				Stdout:     &stdout,
				Stderr:     &stderr,
				TermWidth:  func() int { return 0 },
				LookupEnv:  func(k string) (string, bool) { v, ok := env[k]; return v, ok },
				Now:        func() time.Time { return testNow },
				HTTPClient: &http.Client{Transport: &recordingTransport{}},
				Retry:      fastRetry,
				Build:      BuildInfo{Version: "1.2.3-test"},
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			code := Run(ctx, deps, path)
			if code == ExitOK || cmd.Annotations[annotationReport] == "true" {
				return // a report prints what it found, and its exit status says what that was
			}
			if stdout.Len() != 0 {
				t.Errorf("exit %d with stdout %q", code, stdout.String())
			}
			if !strings.HasPrefix(stderr.String(), "stytchctl: ") {
				t.Errorf("exit %d without an error line on stderr: %q", code, stderr.String())
			}
		})
	}
}

// TestExamplesRunCleanly runs the stytchctl part of every Example line,
// and every line of the demo tour (stytchctl help demo). Examples are for
// real use and never name the demo profile: those of the sessions, users
// and b2b commands run with --profile demo added, the tour's as written,
// and all of these must work: exit 0 and no error line on stderr. The
// others (auth, completion, version, sessions decode, which read what the
// test cannot give) get credentials in the environment and an HTTP client
// that fails every request: they must fail with nothing on stdout and the
// error on stderr. A command that waits between requests (a watch) is
// interrupted at its first wait, as Ctrl-C would, through Deps.Sleep: a
// demo one must have printed its first poll and only "interrupted" on
// stderr. A command still running after a few seconds is stopped and not
// judged, and so is one that reads a file or stdin the test does not have.
func TestExamplesRunCleanly(t *testing.T) {
	type example struct {
		path   string
		args   []string
		report bool
		// stdinFed examples read what another command pipes in or a file.
		stdinFed bool
	}
	var all []example
	add := func(path, line string) {
		invocations, _ := stytchctlInvocations(strings.TrimSpace(line))
		for _, args := range invocations {
			target, _, _ := CommandTree(BuildInfo{}).Find(args)
			report := target != nil && target.Annotations[annotationReport] == "true"
			fed := strings.Contains(line, "| stytchctl") || readsFile(args)
			if target != nil && demoRunnable(target) && !slices.Contains(args, "--profile") {
				args = append(args, "--profile", "demo")
			}
			all = append(all, example{path, args, report, fed})
		}
	}
	walkCommands(CommandTree(BuildInfo{}), func(c *cobra.Command) {
		for _, line := range exampleLines(c.Example) {
			add(c.CommandPath(), line)
		}
	})
	for _, line := range demoTour() {
		add("stytchctl help demo", line)
	}
	for _, ex := range all {
		demo := strings.Contains(strings.Join(ex.args, " "), "--profile demo")
		env := map[string]string{
			"STYTCHCTL_CONFIG_DIR": t.TempDir(),
		}
		if !demo {
			env["STYTCH_PROJECT_ID"] = "project-test-00000000-0000-4000-8000-000000000000"
			env["STYTCH_SECRET"] = "secret-test-examples"
			env["STYTCHCTL_API_URL"] = "https://failing.invalid"
		}
		var stdout, stderr strings.Builder
		rt := &recordingTransport{}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		waited := false
		deps := &Deps{
			Stdin:      strings.NewReader(""),
			Stdout:     &stdout,
			Stderr:     &stderr,
			TermWidth:  func() int { return 0 },
			LookupEnv:  func(k string) (string, bool) { v, ok := env[k]; return v, ok },
			Now:        func() time.Time { return testNow },
			HTTPClient: &http.Client{Transport: rt},
			Retry:      fastRetry,
			Build:      BuildInfo{Version: "1.2.3-test"},
			Sleep: func(ctx context.Context, _ time.Duration) error {
				waited = true
				cancel()
				return ctx.Err()
			},
		}
		code := Run(ctx, deps, ex.args)
		deadline := ctx.Err() != nil && !waited
		cancel()
		switch {
		case ex.stdinFed:
			// The example pipes data into stytchctl; the test has none to give.
		case waited && demo && (code != ExitInterrupted || stdout.Len() == 0 || stderr.String() != "stytchctl: interrupted\n"):
			t.Errorf("%s: demo example %q, interrupted at its first wait: exit %d\nstdout: %s\nstderr: %s", ex.path, ex.args, code, stdout.String(), stderr.String())
		case waited && demo && len(rt.reqs) > 0:
			t.Errorf("%s: demo example %q sent requests: %q", ex.path, ex.args, rt.reqs)
		case waited:
			// Interrupted at its first wait: judged above when on the demo.
		case deadline:
			t.Logf("%s: example %q still ran after 3s; stopped", ex.path, ex.args)
		case demo && (code != ExitOK || strings.Contains(stderr.String(), "stytchctl: ")):
			t.Errorf("%s: demo example %q: exit %d\nstdout: %s\nstderr: %s", ex.path, ex.args, code, stdout.String(), stderr.String())
		case demo && len(rt.reqs) > 0:
			t.Errorf("%s: demo example %q sent requests: %q", ex.path, ex.args, rt.reqs)
		case ex.report:
			// A report prints what it found; its exit status says what that was.
		case !demo && code != ExitOK && stdout.Len() != 0:
			t.Errorf("%s: example %q failed (exit %d) with stdout %q", ex.path, ex.args, code, stdout.String())
		case !demo && code != ExitOK && !strings.HasPrefix(stderr.String(), "stytchctl: "):
			t.Errorf("%s: example %q failed (exit %d) without an error line: %q", ex.path, ex.args, code, stderr.String())
		}
	}
	if len(all) < 10 {
		t.Fatalf("ran only %d examples", len(all))
	}
}

// demoRunnable reports whether c's examples can run on the demo profile as
// they are: the commands that read Stytch data, except sessions decode,
// whose JWT the test cannot give.
func demoRunnable(c *cobra.Command) bool {
	path := c.CommandPath()
	for _, p := range []string{"stytchctl sessions ", "stytchctl users ", "stytchctl b2b "} {
		if strings.HasPrefix(path, p) {
			return path != "stytchctl sessions decode"
		}
	}
	return false
}

// readsFile reports whether args read a file (other than stdin) that an
// example names but the test does not have.
func readsFile(args []string) bool {
	for i, a := range args {
		if (a == "--users-file" || a == "--from-file" || a == "--geoip-db") && i+1 < len(args) && args[i+1] != "-" {
			return true
		}
	}
	return false
}
