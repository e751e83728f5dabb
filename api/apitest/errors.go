package apitest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// errorBody is Stytch's error body; the field order matches the API's.
type errorBody struct {
	StatusCode   int    `json:"status_code"`
	RequestID    string `json:"request_id"`
	ErrorType    string `json:"error_type"`
	ErrorMessage string `json:"error_message"`
	ErrorURL     string `json:"error_url"`
}

// errorJSON returns a complete Stytch error body with a fresh request_id and
// an error_url of the form the live API returns
// (https://stytch.com/docs/api/errors/<status>#<error_type>).
func errorJSON(status int, errorType, message string) []byte {
	b, err := json.Marshal(errorBody{
		StatusCode:   status,
		RequestID:    newRequestID(),
		ErrorType:    errorType,
		ErrorMessage: message,
		ErrorURL:     "https://stytch.com/docs/api/errors/" + strconv.Itoa(status) + "#" + errorType,
	})
	if err != nil {
		// Only strings and an int are marshalled; this cannot fail.
		panic("apitest: marshal error body: " + err.Error())
	}
	return b
}

// writeError answers with a Stytch error body.
func writeError(w http.ResponseWriter, status int, errorType, message string) {
	writeBody(w, status, "application/json", errorJSON(status, errorType, message))
}

// writeBody answers with body, declaring its exact Content-Length.
func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// defaultError returns the error_type and error_message the fake uses for an
// injected fault with no explicit body. 429 and 5xx use the types Stytch
// documents; anything else gets the snake_case of its HTTP status text.
func defaultError(status int) (errorType, message string) {
	switch {
	case status == http.StatusTooManyRequests:
		return "too_many_requests", "Too many requests have been made."
	case status >= 500:
		return "internal_server_error",
			"Oops, something seems to have gone wrong, please reach out to support@stytch.com to let us know what went wrong."
	case status == http.StatusUnauthorized:
		return "unauthorized_credentials", "Unauthorized credentials."
	}
	text := http.StatusText(status)
	if text == "" {
		return "unknown_error", "Unknown error."
	}
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r == ' ' || r == '-':
			b.WriteByte('_')
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			b.WriteRune(r)
		}
	}
	return b.String(), text + "."
}

// newRequestID returns a fresh "request-id-test-<uuid v4>", as every Stytch
// test-environment response body carries.
func newRequestID() string {
	return "request-id-test-" + newUUID()
}

// newUUID returns a random version 4 UUID in canonical lowercase form.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never returns an error.
	return formatUUID(b)
}

// formatUUID sets the version 4 and RFC 4122 variant bits on b and formats it
// as xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx.
func formatUUID(b [16]byte) string {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}

// isUUID reports whether s is a canonical 8-4-4-4-12 hex UUID (either case).
// The version digit is not checked: Stytch's IDs are v4, but the fake's fixed
// IDs only need the shape.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}
