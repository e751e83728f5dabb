package cmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionpick"
)

// This file connects the commands to the interactive session picker
// (package sessionpick): when it may open, how it is set up from Deps,
// and what its errors mean as exit codes.

// canPick says whether a command may let the person pick sessions
// interactively: stdin, stdout and stderr are all terminals, as gh asks
// before it prompts. A script (stdin a pipe, a file or /dev/null) never
// gets a picker, nor does a command whose output is captured
// (ids=$(stytchctl sessions show -u X -o json)), and STYTCHCTL_FORCE_TTY,
// which only draws stdout like a terminal, never opens one either.
func (a *app) canPick() bool {
	return a.deps.StdinTTY && a.deps.StderrTTY && a.deps.StdoutTTY && !a.deps.StdoutForced
}

// pickOptions are the picker's options from Deps: keys from stdin, drawn
// on stderr at the terminal's size, coloured unless NO_COLOR (or no
// terminal on stderr) says otherwise, ASCII glyphs under a non-UTF-8
// locale.
func (a *app) pickOptions(title string, multi bool) sessionpick.Options {
	o := sessionpick.Options{
		Title: title, Multi: multi,
		In: a.deps.Stdin, Out: a.deps.Stderr,
		Color: a.deps.colorEnabled(a.deps.StderrTTY), ASCII: a.asciiGlyphs(),
		Now: a.deps.Now(),
	}
	if a.deps.TermWidth != nil {
		o.Width = a.deps.TermWidth()
	}
	if a.deps.TermHeight != nil {
		o.Height = a.deps.TermHeight()
	}
	return o
}

// pickSessions lets the person pick among a user's sessions: any number
// when multi (at least one), else one. It returns the whole IDs chosen,
// in the order listed, and nil without showing anything when there are
// no sessions. Ctrl-C is exit 130 and Esc (or q) exit 1, nothing chosen;
// nothing says what did not happen then ("nothing was revoked").
func (a *app) pickSessions(ctx context.Context, sessions []api.Session, title string, multi bool, nothing string) ([]string, error) {
	return a.pickRows(ctx, sessionpick.SessionRows(sessions, a.deps.Now()), title, multi, nothing)
}

// pickRows is pickSessions for rows of any kind of session (a B2B
// member's: sessionpick.MemberSessionRows).
func (a *app) pickRows(ctx context.Context, rows []sessionpick.Row, title string, multi bool, nothing string) ([]string, error) {
	ids, err := sessionpick.Pick(ctx, rows, a.pickOptions(title, multi))
	return ids, pickError(err, nothing)
}

// pickError is what the picker's err means to a command: Ctrl-C is an
// interruption (exit 130, as Ctrl-C anywhere else), leaving it with Esc or
// q is exit 1, like a confirmation answered no; both say what did not
// happen (nothing, "nothing was revoked").
func pickError(err error, nothing string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sessionpick.ErrInterrupted):
		return &exitError{code: ExitInterrupted, err: fmt.Errorf("interrupted in the session picker: %s", nothing)}
	case errors.Is(err, sessionpick.ErrAborted):
		return &exitError{code: ExitFailure, err: fmt.Errorf("cancelled in the session picker: %s", nothing)}
	}
	return err
}
