package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Error is a failure answered by the Stytch API: a non-2xx status with the
// standard error body (REFERENCE.md §2.1). Every field Stytch sent is kept so
// that the user can quote the request ID to Stytch support.
type Error struct {
	// StatusCode is the HTTP status of the response, which wins over the
	// body's own status_code when the two disagree.
	StatusCode int
	ErrorType  string
	Message    string
	RequestID  string
	ErrorURL   string
	// Details is the optional error_details object, undecoded.
	Details json.RawMessage
	// RetryAfter is the Retry-After header of the final response, if any.
	RetryAfter string
	// Attempts is how many times the request was sent before giving up.
	Attempts int
	// Earlier holds what each attempt before the final one got, oldest
	// first (a *TimeoutError, *NetworkError, *ResponseError or *Error); it
	// is empty when the request was sent once. A non-idempotent-looking
	// answer such as a revoke's 404 is read in its light: see
	// [Error.EarlierMayHaveWorked].
	Earlier []error
}

// EarlierMayHaveWorked reports whether an attempt before the final one may
// have been carried out by the server without its answer reaching us: it
// timed out, lost its connection or got a 5xx. A 429 or 4xx means the
// server refused that attempt, so it does not count. A revoke whose final
// answer is 404 session_not_found after such an attempt did its work on
// that earlier attempt.
func (e *Error) EarlierMayHaveWorked() bool {
	for _, err := range e.Earlier {
		var te *TimeoutError
		var ne *NetworkError
		var ae *Error
		var re *ResponseError
		switch {
		case errors.As(err, &te), errors.As(err, &ne):
			return true
		case errors.As(err, &ae) && ae.StatusCode >= 500:
			return true
		case errors.As(err, &re) && re.StatusCode >= 500:
			return true
		}
	}
	return false
}

// Error renders the failure as "error_type: message (request_id …)" so that
// every field support asks for is in the one line a user copies.
func (e *Error) Error() string {
	var b strings.Builder
	if e.ErrorType != "" {
		b.WriteString(e.ErrorType)
	} else {
		fmt.Fprintf(&b, "HTTP %d", e.StatusCode)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(strings.TrimRight(e.Message, " "))
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request_id %s)", e.RequestID)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	return b.String()
}

// IsNotFound reports whether the API said the thing asked for does not exist.
func (e *Error) IsNotFound() bool { return e.StatusCode == http.StatusNotFound }

// IsRateLimited reports whether the API answered 429.
func (e *Error) IsRateLimited() bool { return e.StatusCode == http.StatusTooManyRequests }

// ResponseError is a response that could not be used at all: a body that is
// not JSON (an HTML page from a proxy), truncated, or larger than the cap.
type ResponseError struct {
	StatusCode  int
	ContentType string
	// Reason says what was wrong, in words, for example "body is not JSON".
	Reason string
	// Snippet is the start of the body, sanitised, to help recognise a proxy page.
	Snippet string
	// Attempts is how many times the request was sent before giving up.
	Attempts int
}

func (e *ResponseError) Error() string {
	var b strings.Builder
	what := "unreadable response"
	if e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden {
		what = "request refused" // whatever the body says, a 401 or 403 is that
	}
	fmt.Fprintf(&b, "%s (HTTP %d", what, e.StatusCode)
	if e.ContentType != "" {
		fmt.Fprintf(&b, ", %s", e.ContentType)
	}
	fmt.Fprintf(&b, "): %s", e.Reason)
	if e.Snippet != "" {
		fmt.Fprintf(&b, ": %q", e.Snippet)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	return b.String()
}

// HTTPStatus returns the HTTP status of the answer err reports (an *Error
// or a *ResponseError in its chain), or 0 when err is not about an answer.
func HTTPStatus(err error) int {
	if ae, ok := AsError(err); ok {
		return ae.StatusCode
	}
	var re *ResponseError
	if errors.As(err, &re) {
		return re.StatusCode
	}
	return 0
}

// IsAuthFailure reports whether err is an answer 401 or 403, whatever its
// body: a Stytch error, nothing at all, a firewall's plain text or a
// proxy's HTML page all mean that the request was not allowed.
func IsAuthFailure(err error) bool {
	s := HTTPStatus(err)
	return s == http.StatusUnauthorized || s == http.StatusForbidden
}

// AsError returns the *Error in err's chain, if there is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// errorBody is the wire form of a Stytch error.
type errorBody struct {
	StatusCode   int             `json:"status_code"`
	RequestID    string          `json:"request_id"`
	ErrorType    string          `json:"error_type"`
	ErrorMessage string          `json:"error_message"`
	ErrorURL     string          `json:"error_url"`
	ErrorDetails json.RawMessage `json:"error_details"`
	// OAuth2-style endpoints use these names instead (REFERENCE.md §2.1).
	OAuthError       string `json:"error"`
	OAuthDescription string `json:"error_description"`
	OAuthURI         string `json:"error_uri"`
}

// decodeError turns a non-2xx body into *Error, or *ResponseError when the
// body is not a Stytch error document.
func decodeError(status int, contentType string, body []byte, retryAfter string) error {
	var eb errorBody
	if err := json.Unmarshal(body, &eb); err != nil || (eb.ErrorType == "" && eb.OAuthError == "" && eb.RequestID == "") {
		return &ResponseError{
			StatusCode:  status,
			ContentType: contentType,
			Reason:      "error body is not a Stytch JSON error",
			Snippet:     snippet(body),
		}
	}
	e := &Error{
		StatusCode: status,
		ErrorType:  eb.ErrorType,
		Message:    eb.ErrorMessage,
		RequestID:  eb.RequestID,
		ErrorURL:   eb.ErrorURL,
		Details:    eb.ErrorDetails,
		RetryAfter: retryAfter,
	}
	if e.ErrorType == "" {
		e.ErrorType, e.Message, e.ErrorURL = eb.OAuthError, eb.OAuthDescription, eb.OAuthURI
	}
	return e
}

// embeddedError returns the Stytch error that a 2xx body is (an error_type,
// or a status_code that is not 2xx), or nil when the body is not one: a
// proxy or a gateway that answers 200 with the API's error document.
func embeddedError(body []byte) *Error {
	var eb errorBody
	if json.Unmarshal(body, &eb) != nil || (eb.ErrorType == "" && (eb.StatusCode == 0 || eb.StatusCode/100 == 2)) {
		return nil
	}
	return &Error{StatusCode: eb.StatusCode, ErrorType: eb.ErrorType, Message: eb.ErrorMessage, RequestID: eb.RequestID}
}

// snippet returns up to 120 printable characters of body for error messages.
func snippet(body []byte) string {
	const max = 120
	var b strings.Builder
	for _, r := range string(body) {
		if b.Len() >= max {
			b.WriteString("…")
			break
		}
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\uFFFD':
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// RedirectError is a 3xx answer. Stytch's API never redirects, so a
// redirect comes from something else (a wrong base URL, a proxy, a
// hostile server): it is not followed, so that the request and its
// credentials go nowhere else, and it is not retried.
type RedirectError struct {
	StatusCode int
	// Location is where the answer pointed, resolved against the request's
	// URL, without credentials, query or fragment (a hostile server may
	// echo the secret there) and sanitised like a snippet; "" when the
	// answer had no usable Location.
	Location string
}

func (e *RedirectError) Error() string {
	to := "without a usable Location"
	if e.Location != "" {
		to = "to " + e.Location
	}
	return fmt.Sprintf("the API answered HTTP %d, a redirect %s; not followed: Stytch's API does not redirect", e.StatusCode, to)
}

// newRedirectError describes resp, a 3xx, quoting its Location safely:
// userinfo, query and fragment are shown as "…" (they may hold
// credentials, the secret echoed back included).
func newRedirectError(resp *http.Response) *RedirectError {
	e := &RedirectError{StatusCode: resp.StatusCode}
	u, err := resp.Location()
	if err != nil || u.Scheme == "" || u.Host == "" {
		return e // none, or not an absolute URL
	}
	var b strings.Builder
	b.WriteString(u.Scheme + "://")
	if u.User != nil {
		b.WriteString("…@")
	}
	b.WriteString(u.Host + u.EscapedPath())
	if u.RawQuery != "" || u.ForceQuery {
		b.WriteString("?…")
	}
	if u.Fragment != "" {
		b.WriteString("#…")
	}
	e.Location = snippet([]byte(b.String()))
	return e
}
