package cmd

import (
	"context"

	"github.com/stytchctl/stytchctl/api"
)

// b2bMemberRef is a member as the b2b sessions commands name one: --org
// (ID, slug or external ID) with --member (ID or external ID) or --email.
type b2bMemberRef struct {
	org, member, email string
}

// checkMember checks --member and --email before anything is sent, for a
// command that does verb ("list", "watch") to the member's sessions. Every
// error is a usage error.
func (m b2bMemberRef) checkMember(verb string) error {
	switch {
	case m.member != "" && m.email != "":
		return usageErrorf("--member and --email cannot be used together: name the member one way")
	case m.member == "" && m.email == "":
		return usageErrorf("--member or --email is required: the member whose sessions to %s", verb)
	case m.email != "":
		return validateEmailFlag(m.email)
	}
	return checkMemberID("--member", m.member)
}

// id is the member ID (or external ID) to ask GET /v1/b2b/sessions for:
// --member as given, without a request, or the member --email names, found
// with GET /v1/b2b/organizations/{org}/member. That endpoint takes the
// organization's ID or slug only (see orgResolver), so an organization it
// does not know is exit 3 with the resolver's hint about external IDs; a
// member it does not know is exit 3 naming the address (b2bError).
func (m b2bMemberRef) id(ctx context.Context, client *api.Client) (string, error) {
	if m.email == "" {
		return m.member, nil
	}
	resp, err := client.GetMember(ctx, m.org, api.MemberLookup{EmailAddress: m.email})
	if err != nil {
		return "", b2bError(err, m.org, "with email address "+m.email, "",
			"finding the member with email address "+m.email+" in organization "+m.org)
	}
	return resp.MemberID, nil
}

// sessionsError is err from GET /v1/b2b/sessions for memberID in b2bError's
// words: that endpoint takes the organization's ID, slug or external ID,
// so an organization it does not know is unknown in every form.
func (m b2bMemberRef) sessionsError(err error, memberID string) error {
	return b2bError(err, m.org, memberID, "", "listing sessions of member "+memberID+" in organization "+m.org)
}
