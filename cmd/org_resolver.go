package cmd

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/stytchctl/stytchctl/api"
)

// orgFlagUsage is the help line of --org wherever an organization is taken.
const orgFlagUsage = "Organization `ORG`: its ID, slug or external ID"

// bindOrgFlag adds --org to c, the one spelling of an organization in
// every command, with --organization (the old spelling) kept as a hidden
// alias: it is read as --org, so giving both is giving --org twice.
func bindOrgFlag(c *cobra.Command, org *string, usage string) {
	c.Flags().StringVar(org, "org", "", usage)
	c.Flags().SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		if name == "organization" {
			name = "org"
		}
		return pflag.NormalizedName(name)
	})
}

// orgResolver turns what --org (or b2b orgs get's ORG) names into the
// organization, looking each name up at most once per run (a command
// builds one per run).
//
// Endpoints that take the organization in any of its forms get --org as
// typed and need no resolver: GET /v1/b2b/sessions (ID, slug or external
// ID, REFERENCE.md §5.1) and GET /v1/b2b/organizations/{org}/member (ID,
// slug or external ID, per stytch-go members.GetParams). Those that take IDs only, such as POST
// /v1/b2b/organizations/members/search (organization_ids), ask ID.
type orgResolver struct {
	client *api.Client
	got    map[string]*api.OrganizationResponse
}

// newOrgResolver is a resolver with an empty cache.
func newOrgResolver(client *api.Client) *orgResolver {
	return &orgResolver{client: client, got: map[string]*api.OrganizationResponse{}}
}

// Get fetches the organization ref names, its ID or slug, with GET
// /v1/b2b/organizations/{ref}, once per run. An organization that does not
// exist is exit 3 "unknown organization REF" (b2bError) with
// orgUnknownHint; other failures keep Stytch's error.
func (r *orgResolver) Get(ctx context.Context, ref string) (*api.OrganizationResponse, error) {
	if resp, ok := r.got[ref]; ok {
		return resp, nil
	}
	resp, err := r.client.GetOrganization(ctx, ref)
	if err != nil {
		return nil, b2bError(err, ref, "", "", "looking up organization "+ref)
	}
	r.got[ref] = resp
	r.got[resp.Organization.OrganizationID] = resp
	return resp, nil
}

// ID returns the organization ID of ref. An ID (organization-test-…,
// organization-live-…) is taken as it is, without a request; a slug is
// looked up with Get.
func (r *orgResolver) ID(ctx context.Context, ref string) (string, error) {
	if api.IsOrganizationID(ref) {
		return ref, nil
	}
	resp, err := r.Get(ctx, ref)
	if err != nil {
		return "", err
	}
	return resp.Organization.OrganizationID, nil
}
