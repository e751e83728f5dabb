package cmd

import (
	"context"
	"fmt"

	"github.com/stytchctl/stytchctl/api"
)

// resolveEmail finds the one user whose email address is exactly addr,
// with an exact users search (query emails = [addr], limit 2), and returns
// its user_id. No match is exit 3 naming the address; two or more (which
// Stytch should not allow) are exit 1 naming them, since picking one would
// act on a user nobody chose. Callers validate addr (api.ValidateEmail)
// before calling, so a bad address is a usage error with nothing sent.
func resolveEmail(ctx context.Context, client *api.Client, addr string) (userID string, err error) {
	page, err := client.SearchUsers(ctx, api.UserSearch{Limit: 2, Query: api.And(api.FilterEmails(addr))})
	if err != nil {
		return "", wrap(err, "looking up the user with email %s", addr)
	}
	switch len(page.Results) {
	case 0:
		return "", &exitError{code: ExitNotFound, err: fmt.Errorf("no user has the email address %s", addr),
			hint: "To fix: check the address (the match is exact); 'stytchctl users get ID' shows a user's addresses."}
	case 1:
		return page.Results[0].UserID, nil
	}
	return "", &exitError{code: ExitFailure, err: fmt.Errorf("more than one user has the email address %s (%s, %s): use --user with the user ID",
		addr, page.Results[0].UserID, page.Results[1].UserID)}
}
