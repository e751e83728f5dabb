package api

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
)

// OrganizationResponse is the answer of GET
// /v1/b2b/organizations/{organization_id}: {request_id, organization,
// status_code}.
type OrganizationResponse struct {
	// Raw is the response body exactly as Stytch sent it.
	Raw          json.RawMessage
	RequestID    string
	Organization Organization
}

// IsOrganizationID reports whether s is named as a Stytch organization ID
// (organization-test-… or organization-live-…) rather than a slug or an
// external ID.
func IsOrganizationID(s string) bool {
	return strings.HasPrefix(s, "organization-test-") || strings.HasPrefix(s, "organization-live-")
}

// GetOrganization fetches one organization (GET
// /v1/b2b/organizations/{organization_id}). ref is the organization ID or
// its slug: checked against stytch-go stytch/b2b/organizations.go
// (OrganizationsClient.Get: GET /v1/b2b/organizations/%s) and stytch-node
// types/lib/b2b/organizations.d.ts (B2BOrganizationsGetRequest: "You may
// also use the organization_slug here as a convenience"). Neither SDK
// documents an external ID here, nor an external-ID filter for POST
// /v1/b2b/organizations/search (its operands: organization_ids,
// organization_slugs, organization_name_fuzzy, organization_slug_fuzzy,
// member_emails, member_email_fuzzy, allowed_domains,
// allowed_domain_fuzzy, …). Errors are *Error, e.g. 404
// organization_not_found; an answer without organization.organization_id
// is a *ResponseError.
func (c *Client) GetOrganization(ctx context.Context, ref string) (*OrganizationResponse, error) {
	seg, err := pathSegment("organization", ref)
	if err != nil {
		return nil, err
	}
	body, err := c.do(ctx, request{method: "GET", path: "/v1/b2b/organizations/" + seg})
	if err != nil {
		return nil, err
	}
	var w struct {
		RequestID    string        `json:"request_id"`
		Organization *Organization `json:"organization"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, listShapeError("organization", body, err)
	}
	if w.Organization == nil || w.Organization.OrganizationID == "" {
		return nil, listShapeError("organization", body, errors.New("it has no organization.organization_id"))
	}
	return &OrganizationResponse{Raw: body, RequestID: w.RequestID, Organization: *w.Organization}, nil
}
