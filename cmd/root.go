// Package cmd holds stytchctl's commands: one file per command, each with an
// options struct, a constructor that binds flags and a run function. Commands
// fetch through package api, hand results to package render and take
// credentials from package config. Only main calls os.Exit, with the code
// that Main returns.
//
// File names say what a file holds. <noun>_<verb>.go is exactly one command
// (sessions_revoke.go is `sessions revoke`, b2b_sessions_revoke.go is
// `b2b sessions revoke`), and <noun>.go is the command group of that noun
// (sessions.go). A file that several commands share is named by its role,
// never after one of the commands that use it: revoke_engine.go previews,
// confirms, sends and journals the revokes of both revoke commands;
// journal.go reads and writes the revoke journal; exit.go maps errors to
// exit codes; connection.go resolves credentials into an API connection;
// inputs_*.go read what commands take in (inputs_users.go the --user and
// --users-file lists, inputs_emails.go --email, inputs_sessions.go
// --from-file, inputs_read.go any input that Ctrl-C must interrupt); a
// *_collector.go gathers the answers of a many-user command for printing.
package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
)

// Main runs stytchctl as a process: real streams, environment and signals.
// It returns the exit code.
func Main(b BuildInfo) int {
	return runProcess(processDeps(b))
}

// runProcess runs the command line of this process with deps: Ctrl-C and
// SIGTERM cancel the run (exit 130), and a reader that goes away
// (| head -1) ends it quietly with 0 instead of killing it with SIGPIPE
// (141): writes then fail with EPIPE, which Run treats as "the reader has
// all it wanted" and which also stops any fetching still under way.
//
// While a pager shows a table, Ctrl-C belongs to the pager (less uses it
// to stop a search) and does not interrupt stytchctl, as with git: the
// terminal sends it to the whole process group.
func runProcess(deps *Deps) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		for s := range sigs {
			if s == os.Interrupt && deps.paging.Load() {
				continue
			}
			cancel()
		}
	}()
	signal.Ignore(syscall.SIGPIPE)
	return Run(ctx, deps, os.Args[1:])
}

// Run executes one command line with deps and returns the exit code. Tests
// call it directly with hand-built Deps.
func Run(ctx context.Context, deps *Deps, args []string) int {
	a := &app{deps: deps, lazyTree: true, completing: isCompletionRequest(args)}
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetIn(deps.Stdin)
	root.SetOut(deps.Stdout)
	root.SetErr(deps.Stderr)
	executed, err := root.ExecuteContextC(ctx)
	if err == nil && a.helpErr != nil {
		err = a.helpErr
	}
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	if err != nil && !a.started && ExitCode(err) == ExitFailure {
		// Cobra failed before any command ran: an unknown command or
		// flag, or arguments its validators refused.
		err = &exitError{code: ExitUsage, err: err}
	}
	if err == nil {
		return ExitOK
	}
	if isBrokenPipe(err) {
		return ExitOK
	}
	pointToEmailFlag(err, executed)
	path := ""
	if executed != nil {
		path = executed.CommandPath()
	}
	printError(deps.Stderr, err, path)
	return ExitCode(err)
}

// app is the state one run of the command tree shares: the dependencies and
// the global flags. The API client is built from it lazily, on first use.
type app struct {
	deps    *Deps
	profile string
	apiURL  string
	timeout time.Duration
	debug   bool
	noPager bool
	// started is set once flags and arguments have parsed and a command's
	// own code runs; errors before that are usage errors.
	started bool
	// helpErr is set, instead of help being shown, when --help came with
	// a mistyped command (see strictHelpFlag).
	helpErr error
	// lazyTree builds only what this run can use, to keep start-up close
	// to a bare Cobra binary: value completions only when completing is
	// set (a shell's __complete request), help topic texts only when a
	// topic is shown. Documentation and tests leave it false and get the
	// whole tree at once.
	lazyTree   bool
	completing bool
	// configWarned is set once a config.yaml that cannot be read has been
	// warned about, so that a run warns once (see configGeoIPDB).
	configWarned bool
}

// isCompletionRequest reports whether args are a shell's request for
// completions (cobra's hidden __complete commands).
func isCompletionRequest(args []string) bool {
	return len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "stytchctl",
		Short: "See and manage the sessions of a Stytch project's users",
		Long: `stytchctl lets the people who run a Stytch project see every device a user
is signed in on, script it with JSON, and sign sessions out.

Credentials come from STYTCH_PROJECT_ID and STYTCH_SECRET, or a profile
(stytchctl help credentials). The built-in "demo" profile needs neither and
never touches the network: stytchctl help demo.`,
		Example: examples(
			"stytchctl sessions list -u alice-42",
			"stytchctl sessions list -u alice-42 -o json | jq -r '.sessions[].session_id'",
			"stytchctl sessions revoke -u alice-42 --idle-for 30d --dry-run",
		),
		Version: a.deps.Build.Version,
		PersistentPreRun: func(*cobra.Command, []string) {
			a.started = true
		},
		SilenceUsage:  true,
		SilenceErrors: true,
		// Without this, cobra prints "Error: unknown command" by itself.
		Args: noSubcommandArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return c.Help()
		},
	}
	root.SetVersionTemplate("stytchctl {{.Version}}\n")
	root.SetFlagErrorFunc(flagErrorOf)
	root.CompletionOptions.HiddenDefaultCmd = true

	pf := root.PersistentFlags()
	pf.StringVar(&a.profile, "profile", "", "Use the saved profile `NAME` (\"demo\" is built in)")
	pf.StringVar(&a.apiURL, "api-url", "", "Send API requests to base `URL`, not the project's (https, or http on loopback)")
	pf.Var(newDurationValue(&a.timeout, 30*time.Second), "timeout", "Give up on an API request after `DURATION`")
	pf.BoolVar(&a.debug, "debug", false, "Trace API requests on stderr, with secrets masked (also STYTCHCTL_DEBUG=1)")
	pf.BoolVar(&a.noPager, "no-pager", false, "Never page long tables on a terminal (also STYTCHCTL_PAGER=)")

	root.AddCommand(
		newVersionCmd(a),
		newInspectCmd(a),
		newSessionsCmd(a),
		newUsersCmd(a),
		newAuthCmd(a),
		newB2BCmd(a),
	)
	root.AddCommand(newCompletionCmd(a))
	root.AddCommand(newHelpTopicCmds()...)
	finishCommandTree(a, root) // last: it completes and documents every command above
	strictHelp(root)
	setHelpLayout(root)
	strictHelpFlag(a, root)
	formatHelpSkipsArgs(root)
	return root
}

// checkTimeout validates --timeout before anything is sent.
func (a *app) checkTimeout() error {
	if a.timeout <= 0 {
		return usageErrorf("--timeout must be positive, got %s", api.DurationText(a.timeout))
	}
	return nil
}

// wrap adds what was being done to an error, keeping its exit code.
func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), err)
}

// examples joins example lines with the two-space indent cobra expects,
// wrapping a line too long for the help's width (see wrapExample).
func examples(lines ...string) string {
	for i, l := range lines {
		lines[i] = wrapExample(l)
	}
	return "  " + strings.Join(lines, "\n  ")
}
