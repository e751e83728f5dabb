package cmd

import (
	"fmt"

	"github.com/stytchctl/stytchctl/api"
)

// b2bSearchLimitHint is the next step after the B2B searches' own rate
// limit (api.ClassB2BSearch): the figure is the one the SDKs document.
const b2bSearchLimitHint = "To fix: b2b members search and b2b orgs search share Stytch's limit of\n" +
	"100 requests per minute (stytchctl keeps to it within one run, not across\n" +
	"runs): wait a minute and try again, or narrow the search."

// orgUnknownHint is the one next step wherever an organization is not
// found. Stytch documents GET /v1/b2b/organizations/{id} for an ID or slug
// (stytch-node organizations.d.ts); newer SDK types say organization_id
// parameters generally accept an external ID too, so the hint promises
// the ID or slug and an external ID only where Stytch accepts one.
const orgUnknownHint = "To fix: give the organization's ID or slug (an external ID works only where\n" +
	"Stytch accepts one); stytchctl b2b orgs search --name-contains NAME finds it."

// b2bError is err, from doing something about a member of org, in the
// words every b2b command uses for what was not found: Stytch's 404
// organization_not_found is exit 3 "unknown organization ORG" (hint, if
// not "", says what the endpoint takes), its member_not_found exit 3
// "unknown member M in organization ORG", where member names the member
// as given ("emp-7731", "with email address a@b.example"). A 429 is exit
// 5 as everywhere; every other error is wrapped with doing.
func b2bError(err error, org, member, hint, doing string) error {
	ae, ok := api.AsError(err)
	switch {
	case err == nil:
		return nil
	case !ok || !ae.IsNotFound():
		return wrap(err, "%s", doing)
	case ae.ErrorType == "organization_not_found":
		if hint == "" {
			hint = orgUnknownHint
		}
		return &exitError{code: ExitNotFound, err: fmt.Errorf("unknown organization %s: %w", org, err), hint: hint}
	case ae.ErrorType == "member_not_found" && member != "":
		return &exitError{code: ExitNotFound, err: fmt.Errorf("unknown member %s in organization %s: %w", member, org, err)}
	}
	return wrap(err, "%s", doing)
}

// b2bSearchError is err from a member search in org or an organization
// search (org ""), doing saying which: the search's own 429 is exit 5 with
// Stytch's error and request ID and a hint that names the limit; an
// unknown organization is b2bError's; any other error is wrapped.
func b2bSearchError(err error, org, doing string) error {
	if ae, ok := api.AsError(err); ok && ae.IsRateLimited() {
		return &exitError{code: ExitRateLimited, err: wrap(err, "%s", doing), hint: b2bSearchLimitHint}
	}
	return b2bError(err, org, "", "", doing)
}
