package cmd

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
)

// emailInputs is --email on commands that work on users: each address is
// turned into a user ID with resolveEmail before the real work starts.
type emailInputs struct {
	emails []string
	// typed is filled by resolveInto: the address typed, by the user ID
	// it resolved to (the first address, for a user named twice).
	typed map[string]string
}

// bindEmailInputs adds --email to c; verb says what is done with the users
// ("whose sessions to list").
func bindEmailInputs(c *cobra.Command, e *emailInputs, verb string) {
	c.Flags().StringArrayVar(&e.emails, "email", nil, "Email `ADDR` of a user "+verb+", found with an exact search (repeatable)")
}

// given reports whether any --email was given.
func (e *emailInputs) given() bool { return len(e.emails) > 0 }

// validate checks every address before anything is sent (exit 2) and drops
// repeats, ignoring case as Stytch's exact search does.
func (e *emailInputs) validate() error {
	seen := make(map[string]bool, len(e.emails))
	out := e.emails[:0]
	for _, addr := range e.emails {
		if err := validateEmailFlag(addr); err != nil {
			return err
		}
		k := strings.ToLower(addr)
		if !seen[k] {
			seen[k] = true
			out = append(out, addr)
		}
	}
	e.emails = out
	return nil
}

// resolveInto resolves every address, concurrently, and appends the users
// found to ids, in --email order and without repeating a user already in
// ids. With several inputs in all, an address that fails is one line on
// stderr and the first such failure is returned as failed (the run goes
// on, as for a --user that fails); with a single input its error is err.
// A 401 ends the run at once.
func (e *emailInputs) resolveInto(ctx context.Context, a *app, client *api.Client, ids []string, workers int, several bool) (out []string, failed, err error) {
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		seen[id] = true
	}
	fan := fanOut[string]{
		Workers: workers,
		Fetch: func(ctx context.Context, i int) (string, error) {
			return resolveEmail(ctx, client, e.emails[i])
		},
		Fatal: stopsRun,
		Emit: func(i int, id string, err error) error {
			if err != nil {
				if !several {
					return err
				}
				if failed == nil {
					failed = err
				}
				werr := printFailureLine(a.deps.Stderr, err)
				return werr
			}
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
			if _, ok := e.typed[id]; !ok {
				if e.typed == nil {
					e.typed = map[string]string{}
				}
				e.typed[id] = e.emails[i]
			}
			return nil
		},
	}
	if err := fan.run(ctx, len(e.emails)); err != nil {
		return nil, nil, err
	}
	return ids, failed, nil
}
