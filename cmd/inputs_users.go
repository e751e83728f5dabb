package cmd

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// userInputs is --user/-u (repeatable, comma-separated) and --users-file,
// for every command that works on many users at once (`sessions list`, and
// later `sessions audit`). Bind it with bindUserInputs and read it with
// resolve before anything is sent.
type userInputs struct {
	users []string
	file  string
}

// bindUserInputs adds --user/-u and --users-file to c; verb says what is
// done with the users ("whose sessions to list").
func bindUserInputs(c *cobra.Command, u *userInputs, verb string) {
	c.Flags().StringArrayVarP(&u.users, "user", "u", nil, "User `ID` or external ID "+verb+" (repeatable or comma-separated)")
	c.Flags().StringVar(&u.file, "users-file", "", "Read user IDs from `PATH`, one per line (- for stdin; blank lines and # comments are ignored)")
}

// maxUsersFileLine bounds one line of --users-file; an ID is at most 128
// bytes, so anything near this is not a list of IDs.
const maxUsersFileLine = 64 << 10

// maxUsersFile bounds --users-file, which is read whole before anything is
// sent: 100,000 user IDs take 5 MiB.
const maxUsersFile = 16 << 20

// resolve returns the users to work on, in input order: the --user values
// first, then the lines of --users-file. Every ID is validated and
// duplicates are dropped (the first one counts). All errors are usage
// errors: a bad value names the flag, a bad line its number and file.
func (u *userInputs) resolve(ctx context.Context, a *app, verb string) ([]string, error) {
	var ids []string
	seen := make(map[string]bool)
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	given, err := splitList(u.users, func(id string) error { return validateUserFlag("--user", id) })
	if err != nil {
		return nil, err
	}
	for _, id := range given {
		add(id)
	}
	if u.file != "" {
		fileIDs, err := u.readFile(ctx, a)
		if err != nil {
			return nil, err
		}
		if len(fileIDs) == 0 {
			return nil, usageErrorf("--users-file %s has no user IDs (blank lines and # comments are ignored)", u.fileName())
		}
		for _, id := range fileIDs {
			add(id)
		}
	}
	if len(ids) == 0 {
		return nil, usageErrorf("--user is required: the user ID or external ID %s (or --users-file with one per line)", verb)
	}
	return ids, nil
}

func (u *userInputs) fileName() string {
	if u.file == "-" {
		return "stdin"
	}
	return u.file
}

// readFile reads --users-file, up to maxUsersFile, and validates every ID
// in it. The file is read as it is scanned, and found too large as soon as
// the reading goes past the limit, before a line cut there is looked at.
// Ctrl-C or SIGTERM while it waits for input ends the command (exit 130).
func (u *userInputs) readFile(ctx context.Context, a *app) ([]string, error) {
	r, err := openInput(ctx, a.deps.Stdin, u.file)
	if err != nil {
		return nil, inputError(err, "reading --users-file: %w", err)
	}
	defer r.Close()
	name := render.Sanitize(u.fileName())
	lr := &io.LimitedReader{R: r, N: maxUsersFile + 1}
	tooLarge := func() error {
		return usageErrorf("--users-file %s is larger than %d MiB; want one user ID per line (split a longer list across runs)", name, maxUsersFile>>20)
	}
	sc := bufio.NewScanner(bufio.NewReaderSize(lr, 64<<10)) // few, large reads
	sc.Buffer(make([]byte, 0, 4096), maxUsersFileLine)
	var ids []string
	line := 0
	for sc.Scan() {
		if lr.N <= 0 {
			return nil, tooLarge()
		}
		line++
		text := sc.Bytes()
		if line == 1 {
			text = bytes.TrimPrefix(text, []byte("\xef\xbb\xbf")) // a UTF-8 BOM
		}
		s := string(text)
		if i := strings.IndexByte(s, '#'); i >= 0 {
			s = s[:i]
		}
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if err := api.ValidateUserID(s); err != nil {
			return nil, usageErrorf("invalid user ID on line %d of %s: %w", line, name, err)
		}
		ids = append(ids, s)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, usageErrorf("reading --users-file %s: line %d is longer than %d KiB; want one user ID per line", name, line+1, maxUsersFileLine>>10)
		}
		return nil, inputError(err, "reading --users-file %s: %w", name, err)
	}
	if lr.N <= 0 {
		return nil, tooLarge()
	}
	return ids, nil
}
