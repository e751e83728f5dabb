package cmd

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
)

// minFuzzyLen is the shortest --email-contains fragment. Stytch documents
// three characters for B2B member search; the consumer minimum is
// UNCONFIRMED and taken to be the same, so a fragment Stytch would refuse
// fails before anything is sent.
const minFuzzyLen = 3

// emailFlags are the --email and --email-contains filters that users
// search and b2b members search share.
type emailFlags struct {
	exact    []string
	contains string
}

// bind registers the flags on c; who names what is searched ("users") and
// matching says how --email-contains matches, in the words of the help
// ("whose email address contains `TEXT`"), since Stytch's users and members
// filters are documented differently.
func (e *emailFlags) bind(c *cobra.Command, who, matching string) {
	f := c.Flags()
	f.StringArrayVar(&e.exact, "email", nil, "Match "+who+" with the email `ADDR` exactly (repeatable)")
	f.StringVar(&e.contains, "email-contains", "", "Match "+who+" "+matching+" (at least 3 characters)")
}

// filters checks the values given on c and returns their search filters,
// made by exact and part (the users' or the members' filter names). An
// --email-contains given empty is checked too.
func (e *emailFlags) filters(c *cobra.Command, exact func(...string) api.SearchFilter, part func(string) api.SearchFilter) ([]api.SearchFilter, error) {
	var out []api.SearchFilter
	if len(e.exact) > 0 {
		if err := validateEmailFlag(e.exact...); err != nil {
			return nil, err
		}
		out = append(out, exact(e.exact...))
	}
	if c.Flags().Changed("email-contains") {
		frag, err := fuzzyFragment("--email-contains", e.contains)
		if err != nil {
			return nil, err
		}
		out = append(out, part(frag))
	}
	return out, nil
}

// fuzzyFragment checks a part-of-an-address filter value.
func fuzzyFragment(flag, s string) (string, error) {
	if strings.TrimSpace(s) != s {
		return "", usageErrorf("invalid %s %q: leading or trailing spaces", flag, s)
	}
	if n := len([]rune(s)); n < minFuzzyLen {
		return "", usageErrorf("invalid %s %q: want at least %d characters, Stytch refuses shorter fragments", flag, s, minFuzzyLen)
	}
	return s, nil
}
