package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// MaxSearchLimit is the largest page Stytch's search endpoints return
// (REFERENCE.md §4.2, §5.5); DefaultSearchLimit is what they return when no
// limit is sent.
const (
	MaxSearchLimit     = 1000
	DefaultSearchLimit = 100
)

// SearchQuery is the query object of the search endpoints:
// {"operator": "AND"|"OR", "operands": [{filter_name, filter_value}, …]}.
// Stytch deprecates OR; [And] builds the usual form.
type SearchQuery struct {
	Operator string         `json:"operator"`
	Operands []SearchFilter `json:"operands"`
}

// SearchFilter is one operand. FilterValue is marshalled as given: a string,
// a []string, a bool or an object, depending on the filter.
type SearchFilter struct {
	FilterName  string `json:"filter_name"`
	FilterValue any    `json:"filter_value"`
}

// And combines filters with AND. With no filters it returns nil, which
// sends no query at all and so matches everything.
func And(filters ...SearchFilter) *SearchQuery {
	if len(filters) == 0 {
		return nil
	}
	return &SearchQuery{Operator: "AND", Operands: filters}
}

// Consumer user filters (REFERENCE.md §4.2), as the CLI's flags use them.

// FilterEmails matches users with any of these exact addresses.
func FilterEmails(addrs ...string) SearchFilter {
	return SearchFilter{"email_address", nonNil(addrs)}
}

// FilterEmailContains matches users with an address that starts with s or
// whose domain does (email_address_fuzzy is a prefix match, REFERENCE.md
// §4.2; not a substring match). Stytch rejects short fragments
// (user_search_email_address_fuzzy_too_short).
func FilterEmailContains(s string) SearchFilter { return SearchFilter{"email_address_fuzzy", s} }

// FilterPhones matches users with any of these E.164 numbers.
func FilterPhones(numbers ...string) SearchFilter {
	return SearchFilter{"phone_number", nonNil(numbers)}
}

// FilterStatus matches "active" or "pending" users.
func FilterStatus(status string) SearchFilter { return SearchFilter{"status", status} }

// FilterCreatedAfter matches users created strictly after t.
func FilterCreatedAfter(t time.Time) SearchFilter {
	return SearchFilter{"created_at_greater_than", timestamp(t)}
}

// FilterCreatedBefore matches users created strictly before t.
func FilterCreatedBefore(t time.Time) SearchFilter {
	return SearchFilter{"created_at_less_than", timestamp(t)}
}

// FilterCreatedBetween matches users created strictly between after and
// before, in one operand (the form of examples/users_search_request.json).
func FilterCreatedBetween(after, before time.Time) SearchFilter {
	return SearchFilter{"created_at_between", map[string]string{
		"greater_than": timestamp(after),
		"less_than":    timestamp(before),
	}}
}

// FilterUserIDs matches users by user ID or external ID. Stytch refuses a
// list that mixes the two (user_search_cannot_mix_internal_and_external_user_ids).
func FilterUserIDs(ids ...string) SearchFilter { return SearchFilter{"user_id", nonNil(ids)} }

// timestamp formats t as Stytch's filters expect: RFC 3339 in UTC.
func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// UserSearch is the body of POST /v1/users/search. A zero Limit sends none
// (Stytch's default of 100); an empty Cursor starts at the first page; a
// nil Query matches every user.
type UserSearch struct {
	Limit  int
	Cursor string
	Query  *SearchQuery
}

// MarshalJSON leaves out what is unset, as the SDKs do.
func (s UserSearch) MarshalJSON() ([]byte, error) {
	return json.Marshal(searchBody{Limit: s.Limit, Cursor: s.Cursor, Query: s.Query})
}

type searchBody struct {
	OrganizationIDs []string     `json:"organization_ids,omitempty"`
	Limit           int          `json:"limit,omitempty"`
	Cursor          string       `json:"cursor,omitempty"`
	Query           *SearchQuery `json:"query,omitempty"`
}

// UserSearchPage is one page of POST /v1/users/search.
type UserSearchPage struct {
	// Raw is the response body exactly as Stytch sent it.
	Raw       json.RawMessage
	RequestID string
	// Results are the users of this page, each keeping its raw bytes.
	Results []User
	// Total is results_metadata.total: the number of matches over all pages,
	// or -1 when the workspace has totals turned off.
	Total int
	// NextCursor is "" on the last page (Stytch sends null or leaves it out).
	NextCursor string
}

// resultsMetadata is results_metadata.
type resultsMetadata struct {
	Total      *int    `json:"total"`
	NextCursor *string `json:"next_cursor"`
}

func (m resultsMetadata) total() int {
	if m.Total == nil {
		return -1
	}
	return *m.Total
}

func (m resultsMetadata) next() string {
	if m.NextCursor == nil {
		return ""
	}
	return *m.NextCursor
}

// SearchUsers fetches one page of POST /v1/users/search. It is counted
// against [ClassUserSearch]. Errors are *Error, for example 400
// user_search_invalid_cursor or user_search_filter_name_not_recognized.
func (c *Client) SearchUsers(ctx context.Context, s UserSearch) (*UserSearchPage, error) {
	body, err := c.do(ctx, request{method: "POST", path: "/v1/users/search", body: s, class: ClassUserSearch})
	if err != nil {
		return nil, err
	}
	var w struct {
		RequestID       string          `json:"request_id"`
		Results         *[]User         `json:"results"`
		ResultsMetadata resultsMetadata `json:"results_metadata"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, listShapeError("user search", body, err)
	}
	results, err := objectList("user search", "results", body, w.Results, func(u User) json.RawMessage { return u.Raw })
	if err != nil {
		return nil, err
	}
	for _, u := range results {
		if err := checkAnswerUserID(u.UserID); err != nil {
			return nil, listShapeError("user search", body, err)
		}
	}
	return &UserSearchPage{Raw: body, RequestID: w.RequestID, Results: results,
		Total: w.ResultsMetadata.total(), NextCursor: w.ResultsMetadata.next()}, nil
}

// ErrStopPaging, returned by a page callback, ends a walk early without an
// error (like filepath.SkipAll).
var ErrStopPaging = errors.New("stop paging")

// PagingError reports a server that handed back a cursor it had already
// given, which would otherwise page forever.
type PagingError struct {
	Cursor string
	Pages  int
}

func (e *PagingError) Error() string {
	return fmt.Sprintf("search paging did not advance: page %d returned a cursor already seen", e.Pages)
}

// EachUserPage walks every page of a user search, starting at s.Cursor,
// and calls fn with each page as soon as it arrives, in order, so a caller
// can stream results without holding them all. It stops after the page
// whose next_cursor is null or missing, when fn returns [ErrStopPaging]
// (returning nil), or at the first error from the API or fn. The limit of
// s applies to each page. Each request goes through the client's rate
// limiter under [ClassUserSearch].
func (c *Client) EachUserPage(ctx context.Context, s UserSearch, fn func(*UserSearchPage) error) error {
	return walkPages(s.Cursor, func(cursor string) (string, error) {
		s.Cursor = cursor
		page, err := c.SearchUsers(ctx, s)
		if err != nil {
			return "", err
		}
		return page.NextCursor, fn(page)
	})
}

// walkPages calls page with each cursor in turn, starting from first, until
// page returns an empty next cursor or an error. Cursors are opaque: the
// only check is that none comes back twice.
func walkPages(first string, page func(cursor string) (next string, err error)) error {
	seen := map[string]bool{}
	if first != "" {
		seen[first] = true
	}
	cursor := first
	for n := 1; ; n++ {
		next, err := page(cursor)
		if errors.Is(err, ErrStopPaging) {
			return nil
		}
		if err != nil {
			return err
		}
		if next == "" {
			return nil
		}
		if seen[next] {
			return &PagingError{Cursor: next, Pages: n}
		}
		seen[next] = true
		cursor = next
	}
}
