package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/config"
	"github.com/stytchctl/stytchctl/render"
)

// Exit codes: the contract of DESIGN.md §2, printed by `help exit-codes`.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitNotFound    = 3
	ExitAuth        = 4
	ExitRateLimited = 5
	ExitCheckFailed = 6
	ExitInterrupted = 130
)

// exitError carries an exit code and an optional hint (the next step) with
// an error.
type exitError struct {
	code int
	err  error
	hint string
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageErrorf reports a bad flag or argument: exit 2, nothing sent.
func usageErrorf(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// silentError ends the command with a code after the command has already
// told the user everything (for example a partial failure it listed).
type silentError struct{ code int }

func (e *silentError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// ExitCode maps an error to the process exit code. It is the only place
// that knows the mapping.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	var se *silentError
	if errors.As(err, &se) {
		return se.code
	}
	if errors.Is(err, context.Canceled) {
		return ExitInterrupted
	}
	var ue *config.UsageError
	if errors.As(err, &ue) || errors.Is(err, api.ErrInvalidID) {
		return ExitUsage
	}
	var ce *config.CredentialsError
	if errors.As(err, &ce) {
		return ExitAuth
	}
	if api.IsAuthFailure(err) {
		return ExitAuth
	}
	if ae, ok := api.AsError(err); ok {
		switch {
		case ae.IsNotFound():
			return ExitNotFound
		case ae.IsRateLimited():
			return ExitRateLimited
		}
	}
	var re *api.ResponseError
	if errors.As(err, &re) && re.StatusCode == 429 {
		return ExitRateLimited
	}
	return ExitFailure
}

// isBrokenPipe reports a write to a closed pipe (`| head -1`): the reader
// has all it wanted, so the command ends quietly.
func isBrokenPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE)
}

// printError writes err to stderr in the one form every command shares:
// "stytchctl: <action>: <error_type>: <message> (request_id …)" and then
// the next step, if one is known. Each is one line of printable text.
func printError(w io.Writer, err error, commandPath string) {
	var se *silentError
	if errors.As(err, &se) {
		return // the command has already said everything
	}
	code := ExitCode(err)
	if ee := (*exitError)(nil); code == ExitInterrupted {
		if errors.As(err, &ee) && ee.code == ExitInterrupted {
			fmt.Fprintf(w, "stytchctl: %s\n", ee.err) // says what did not happen
			return
		}
		fmt.Fprintln(w, "stytchctl: interrupted")
		return
	}
	// Messages carry text from the API (or a proxy): sanitised, so that
	// escape sequences and line breaks in it cannot reach the terminal.
	fmt.Fprintf(w, "stytchctl: %s\n", render.Sanitize(err.Error()))
	if hint := hintFor(err, code, commandPath); hint != "" {
		// Hints are ours and may span lines: API text in them (an
		// error_url) was sanitised before it joined the hint, so that a
		// line break in it is shown, not obeyed. Each line is sanitised
		// again for what else may be in it.
		for _, line := range strings.Split(hint, "\n") {
			fmt.Fprintf(w, "%s\n", render.Sanitize(line))
		}
	}
}

// hintFor is the next step to print after err, "" when none is known. Text
// from the API in it is sanitised already: the hint may span lines.
func hintFor(err error, code int, commandPath string) string {
	var ee *exitError
	if errors.As(err, &ee) && ee.hint != "" {
		return ee.hint
	}
	var ce *config.CredentialsError
	if errors.As(err, &ce) && ce.Hint != "" {
		return "To fix: " + ce.Hint
	}
	if hint := answerHint(err); hint != "" {
		return hint
	}
	if code == ExitUsage {
		if commandPath == "" {
			commandPath = "stytchctl"
		}
		return "Run '" + strings.TrimSpace(commandPath) + " --help' for usage."
	}
	return ""
}

// answerHint is the next step after an answer from the API, or "".
func answerHint(err error) string {
	var re *api.ResponseError
	var rd *api.RedirectError
	ae, isAPI := api.AsError(err)
	switch {
	case api.HTTPStatus(err) == 401:
		return "To fix: check STYTCH_PROJECT_ID and STYTCH_SECRET (or the profile) against the Stytch dashboard's API keys; test and live keys differ."
	case errors.As(err, &re) && re.StatusCode == 403:
		return "To fix: this 403 came without a Stytch error, so something between stytchctl and Stytch (a firewall, a proxy) refused the request: check the API base URL and the network."
	case errors.As(err, &rd):
		return "To fix: check the API base URL (--api-url, " + config.EnvAPIURL + " or the profile's): Stytch's API answers without redirecting, so a redirect means the URL points elsewhere."
	case isAPI && ae.IsRateLimited() && ae.RetryAfter != "":
		return "To fix: Stytch asked to wait (Retry-After: " + render.Sanitize(ae.RetryAfter) + ") before trying again; when fetching many users at once, lower --concurrency."
	case isAPI && ae.IsRateLimited():
		return "To fix: wait a minute and try again; when fetching many users at once, lower --concurrency."
	case isAPI && ae.ErrorURL != "":
		return "See " + render.Sanitize(ae.ErrorURL)
	}
	return ""
}

// annotationReport marks a command whose output is a report that it prints
// to stdout whatever it finds, and whose exit status then says what it
// found (auth status, auth doctor, an audit with --fail-on). For every
// other command a failure leaves stdout empty.
const annotationReport = "stytchctl/report"

func reportAnnotation() map[string]string { return map[string]string{annotationReport: "true"} }

// printFailureLine reports one failure of a run that goes on (one user of
// many): the same sanitised "stytchctl: …" line as printError, without a
// hint. Text in it may come from the API.
func printFailureLine(w io.Writer, err error) error {
	_, werr := fmt.Fprintf(w, "stytchctl: %s\n", render.Sanitize(err.Error()))
	return werr
}
