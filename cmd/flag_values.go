package cmd

import (
	"strings"

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
