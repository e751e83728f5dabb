package cmd

import (
	"context"
	"fmt"

	"github.com/stytchctl/stytchctl/api"
)

// validateEmailFlag checks an --email value before anything is sent: a
// malformed address is a usage error (exit 2) naming the flag.
func validateEmailFlag(addr string) error {
	if err := api.ValidateEmail(addr); err != nil {
		return usageErrorf("invalid --email: %w", err)
	}
	return nil
}

// resolveUserEmail finds the consumer user with exactly this email address
// (POST /v1/users/search with an email_address filter, one page) and
// returns its user ID. Every command that takes --email ADDR for a user
// (`sessions revoke`, `sessions list`) resolves it here, so that they agree
// on what an address means. addr must have passed validateEmailFlag. No
// user with the address is a not-found error (exit 3) that names it; an
// address shared by several users (which Stytch does not allow) is an
// error rather than a guess. API errors keep their error_type and
// request_id, wrapped with what was being done.
func resolveUserEmail(ctx context.Context, client *api.Client, addr string) (string, error) {
	page, err := client.SearchUsers(ctx, api.UserSearch{Limit: 2, Query: api.And(api.FilterEmails(addr))})
	if err != nil {
		return "", wrap(err, "looking up the user with email %s", addr)
	}
	switch len(page.Results) {
	case 0:
		return "", &exitError{code: ExitNotFound, err: fmt.Errorf("no user has the email address %s (request_id %s)", addr, page.RequestID)}
	case 1:
		return page.Results[0].UserID, nil
	}
	return "", fmt.Errorf("looking up the user with email %s: %d users have that address; use --user with one of their IDs", addr, len(page.Results))
}
