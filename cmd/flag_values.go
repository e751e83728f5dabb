package cmd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/stytchctl/stytchctl/api"
)

// Checks of flag values that several commands share. Each runs before
// anything is sent, and its error is a usage error (exit 2) naming the flag.

// validateEmailFlag checks --email values.
func validateEmailFlag(addrs ...string) error {
	for _, addr := range addrs {
		if err := api.ValidateEmail(addr); err != nil {
			return usageErrorf("invalid --email: %w", err)
		}
	}
	return nil
}

// validateUserFlag checks a user ID or external ID given with flag
// (--user, --user-id).
func validateUserFlag(flag, id string) error {
	if api.ValidateEmail(id) == nil {
		return &exitError{code: ExitUsage, err: &emailAsUserError{flag: flag, addr: id}}
	}
	if err := api.ValidateUserID(id); err != nil {
		return usageErrorf("invalid %s: %w", flag, err)
	}
	return nil
}

// splitList returns the values of a repeatable flag that also takes
// comma-separated lists ("a,b"), each trimmed of spaces and passed to check,
// whose first error it returns.
func splitList(vals []string, check func(string) error) ([]string, error) {
	var out []string
	for _, v := range vals {
		for _, item := range strings.Split(v, ",") {
			item = strings.TrimSpace(item)
			if err := check(item); err != nil {
				return nil, err
			}
			out = append(out, item)
		}
	}
	return out, nil
}

// emailAsUserError is an email address given where a user ID goes. Run
// adds "use --email" when the command has that flag.
type emailAsUserError struct {
	flag, addr string
	// useEmail is set when the command takes --email.
	useEmail bool
}

func (e *emailAsUserError) Error() string {
	if e.useEmail {
		return fmt.Sprintf("%s %q is an email address, not a user ID: use --email %s", e.flag, e.addr, e.addr)
	}
	return fmt.Sprintf("invalid %s: %q looks like an email address, not a user ID", e.flag, e.addr)
}

// pointToEmailFlag marks an emailAsUserError in err for a command that
// takes --email, so that it says to use it.
func pointToEmailFlag(err error, c *cobra.Command) {
	var e *emailAsUserError
	if c != nil && errors.As(err, &e) && c.Flags().Lookup("email") != nil {
		e.useEmail = true
	}
}
