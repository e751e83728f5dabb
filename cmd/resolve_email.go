package cmd

import (
	"context"
	"fmt"
	"strings"

	"github.com/stytchctl/stytchctl/api"
)

// resolveEmail finds the one consumer user who has the email address addr,
// with an exact search (POST /v1/users/search, filter email_address, limit
// 2 so that a shared address shows up). Callers validate addr with
// validateEmailFlag before anything is sent; a malformed addr reaching this
// function is still a usage error (exit 2) and sends nothing.
//
// No user: a not-found error (exit 3) naming the address. More than one
// user: an error (exit 1) listing their IDs, so the caller can pick one with
// --user. An API failure is wrapped with the address, keeping its
// error_type, request_id and exit code.
func resolveEmail(ctx context.Context, client *api.Client, addr string) (userID string, err error) {
	return resolveEmailWith(ctx, client, addr, 2, sharedAddress)
}

// resolveEmailWith is resolveEmail searching for at most limit (≥ 2)
// users, with the error of an address several users share made by shared
// from the users the search returned (more: it had more than those).
func resolveEmailWith(ctx context.Context, client *api.Client, addr string, limit int, shared func(addr string, users []api.User, more bool) error) (userID string, err error) {
	if err := validateEmailFlag(addr); err != nil {
		return "", err
	}
	page, err := client.SearchUsers(ctx, api.UserSearch{Limit: limit, Query: api.And(api.FilterEmails(addr))})
	if err != nil {
		return "", wrap(err, "finding the user with email address %s", addr)
	}
	switch len(page.Results) {
	case 0:
		return "", &exitError{code: ExitNotFound,
			err:  fmt.Errorf("finding the user with email address %s: no user has that address (request_id %s)", addr, page.RequestID),
			hint: "To fix: check the address, or look for it with stytchctl users search --email-contains START (the start of the address or of its domain)."}
	case 1:
		return page.Results[0].UserID, nil
	}
	return "", shared(addr, page.Results, page.NextCursor != "" || page.Total > len(page.Results))
}

// sharedAddress is resolveEmail's error for an address several users
// share: their IDs, and --user to name one.
func sharedAddress(addr string, users []api.User, hasMore bool) error {
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.UserID
	}
	more := ""
	if hasMore {
		more = " and more"
	}
	return &exitError{code: ExitFailure,
		err:  fmt.Errorf("finding the user with email address %s: the address belongs to several users: %s%s", addr, strings.Join(ids, ", "), more),
		hint: "To fix: name the user with --user ID instead."}
}
