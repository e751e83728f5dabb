package sessionfilter

import (
	"slices"
	"strings"

	"github.com/stytchctl/stytchctl/api/authfactor"
)

// FactorNames lists the words --factor matches on that Stytch documents:
// the factor types, the delivery methods, and the OAuth providers named in
// those methods, each without repeats.
func FactorNames() (types, methods, providers []string) {
	types = slices.Clone(authfactor.Types())
	methods = slices.Clone(authfactor.DeliveryMethods())
	for _, dm := range methods {
		if p, _ := authfactor.OAuthProvider(dm); p != "" && !slices.Contains(providers, p) {
			providers = append(providers, p)
		}
	}
	return types, methods, providers
}

// UnknownFactors returns the --factor names of o that Stytch does not
// document. They still filter (Stytch may add kinds of factor); the caller
// warns about them.
func (o Options) UnknownFactors() []string {
	types, methods, providers := FactorNames()
	known := slices.Concat(types, methods, providers)
	var out []string
	for _, name := range splitList(o.Factors) {
		if name != "" && !slices.Contains(known, strings.ToLower(name)) {
			out = append(out, name)
		}
	}
	return out
}
