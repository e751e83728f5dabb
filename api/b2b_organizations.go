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
// (OrganizationsClient.Get: GET /v1/b2b/organizations/%s; commit
// fddf5772e5bba87b1a948deca7c2564c70a2e28f) and stytch-node
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

// OrganizationSearch is the body of POST /v1/b2b/organizations/search
// (stytch-go organizations.SearchParams; stytch-node
// B2BOrganizationsSearchRequest): limit (default 100, at most 1000),
// cursor and query, each left out when unset. Search is counted against
// [ClassB2BSearch], the 100 requests per minute the SDKs document.
type OrganizationSearch struct {
	Limit  int
	Cursor string
	Query  *SearchQuery
}

// MarshalJSON leaves out what is unset, as the SDKs do.
func (s OrganizationSearch) MarshalJSON() ([]byte, error) {
	return json.Marshal(searchBody{Limit: s.Limit, Cursor: s.Cursor, Query: s.Query})
}

// Organization search filters (stytch-node OrganizationSearchOperand).

// FilterOrganizationSlugs matches organizations with any of these slugs.
func FilterOrganizationSlugs(slugs ...string) SearchFilter {
	return SearchFilter{"organization_slugs", nonNil(slugs)}
}

// FilterOrganizationNameContains matches organizations whose name
// contains s (organization_name_fuzzy; fuzzy filters need at least three
// characters).
func FilterOrganizationNameContains(s string) SearchFilter {
	return SearchFilter{"organization_name_fuzzy", s}
}

// FilterAllowedDomains matches organizations whose email_allowed_domains
// hold any of these domains (allowed_domains).
func FilterAllowedDomains(domains ...string) SearchFilter {
	return SearchFilter{"allowed_domains", nonNil(domains)}
}

// OrganizationSearchPage is one page of POST /v1/b2b/organizations/search:
// {request_id, organizations[], results_metadata{total, next_cursor},
// status_code}.
type OrganizationSearchPage struct {
	// Raw is the response body exactly as Stytch sent it.
	Raw           json.RawMessage
	RequestID     string
	Organizations []Organization
	// Total and NextCursor are as in [UserSearchPage].
	Total      int
	NextCursor string
}

// SearchOrganizations fetches one page of organization search (POST
// /v1/b2b/organizations/search, checked against stytch-go
// stytch/b2b/organizations.go (OrganizationsClient.Search, commit
// fddf5772e5bba87b1a948deca7c2564c70a2e28f; SearchParams in
// stytch/b2b/organizations/types.go, commit
// e6f008461ef51330df25a07041e9942a3e131ade) and stytch-node
// Organizations.search). It is
// counted against [ClassB2BSearch]. Errors are *Error.
func (c *Client) SearchOrganizations(ctx context.Context, s OrganizationSearch) (*OrganizationSearchPage, error) {
	body, err := c.do(ctx, request{method: "POST", path: "/v1/b2b/organizations/search", body: s, class: ClassB2BSearch})
	if err != nil {
		return nil, err
	}
	var w struct {
		RequestID       string          `json:"request_id"`
		Organizations   *[]Organization `json:"organizations"`
		ResultsMetadata resultsMetadata `json:"results_metadata"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, listShapeError("organization search", body, err)
	}
	orgs, err := objectList("organization search", "organizations", body, w.Organizations, func(o Organization) json.RawMessage { return o.Raw })
	if err != nil {
		return nil, err
	}
	return &OrganizationSearchPage{Raw: body, RequestID: w.RequestID, Organizations: orgs,
		Total: w.ResultsMetadata.total(), NextCursor: w.ResultsMetadata.next()}, nil
}

// EachOrganizationPage walks every page of an organization search exactly
// like [Client.EachUserPage] walks a user search.
func (c *Client) EachOrganizationPage(ctx context.Context, s OrganizationSearch, fn func(*OrganizationSearchPage) error) error {
	return walkPages(s.Cursor, func(cursor string) (string, error) {
		s.Cursor = cursor
		page, err := c.SearchOrganizations(ctx, s)
		if err != nil {
			return "", err
		}
		return page.NextCursor, fn(page)
	})
}
