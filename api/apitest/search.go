package apitest

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// apiError is a Stytch error a handler answers with.
type apiError struct {
	status    int
	errorType string
	message   string
}

func (e *apiError) write(w http.ResponseWriter) { writeError(w, e.status, e.errorType, e.message) }

func badRequest(errorType, format string, args ...any) *apiError {
	return &apiError{http.StatusBadRequest, errorType, fmt.Sprintf(format, args...)}
}

// searchDialect names the error types of one search endpoint: the consumer
// and B2B searches report the same mistakes under different names
// (REFERENCE.md §2.2). Where Stytch's list has no name for a B2B case, the
// generic invalid_request_value is used (UNCONFIRMED).
type searchDialect struct {
	kind                   string // mixed into cursors, so one endpoint's cursor fails on another
	invalidBody            string
	invalidLimit           string
	invalidCursor          string
	invalidOperator        string
	missingFilterName      string
	filterNameMustBeString string
	missingFilterValue     string
	filterNotRecognized    string
	expectedString         string
	expectedStrings        string
	expectedBool           string
}

// searchRequest is a parsed search body.
type searchRequest struct {
	limit    int
	offset   int // from the cursor; 0 without one
	operator string
	operands []operand
	// fingerprint identifies the query (and, for members, the organization
	// IDs); a cursor is valid only with the query that produced it.
	fingerprint string
}

// operand is one {filter_name, filter_value}.
type operand struct {
	name  string
	value json.RawMessage
}

// parseSearch reads limit, cursor and query from a search body. extra is
// mixed into the fingerprint (the organization_ids of a member search).
// Mistakes are reported in the order Stytch checks them: the body, the
// limit, the query, then the cursor, which must belong to the query.
func parseSearch(body []byte, d searchDialect, extra string) (searchRequest, *apiError) {
	req := searchRequest{limit: 100, operator: "AND"}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil || top == nil {
		return req, badRequest(d.invalidBody, "Request body must be a JSON object.")
	}
	if err := req.readLimit(top["limit"], d); err != nil {
		return req, err
	}
	canon, err := req.readQuery(top["query"], d)
	if err != nil {
		return req, err
	}
	sum := sha256.Sum256([]byte(d.kind + "\x00" + extra + "\x00" + string(canon)))
	req.fingerprint = hex.EncodeToString(sum[:8])
	if err := req.readCursor(top["cursor"], d); err != nil {
		return req, err
	}
	return req, nil
}

// given reports whether a member of the body was sent with a value other
// than null.
func given(raw json.RawMessage) bool { return raw != nil && !isNull(raw) }

// readLimit reads limit: 1 to 1000, with 0 (like no limit) the default.
func (req *searchRequest) readLimit(raw json.RawMessage, d searchDialect) *apiError {
	if !given(raw) {
		return nil
	}
	var n int
	if err := json.Unmarshal(raw, &n); err != nil || n < 0 || n > 1000 {
		return badRequest(d.invalidLimit, "limit must be an integer between 1 and 1000.")
	}
	if n > 0 {
		req.limit = n
	}
	return nil
}

// readQuery reads the query's operator and operands and returns the query
// in canonical form for the fingerprint (nil without a query).
func (req *searchRequest) readQuery(raw json.RawMessage, d searchDialect) ([]byte, *apiError) {
	if !given(raw) {
		return nil, nil
	}
	var q map[string]json.RawMessage
	if err := json.Unmarshal(raw, &q); err != nil || q == nil {
		return nil, badRequest(d.invalidBody, "query must be an object.")
	}
	if op := q["operator"]; given(op) {
		var s string
		if json.Unmarshal(op, &s) != nil || (s != "AND" && s != "OR") {
			return nil, badRequest(d.invalidOperator, "operator must be AND or OR.")
		}
		req.operator = s
	}
	if ops := q["operands"]; given(ops) {
		operands, err := readOperands(ops, d)
		if err != nil {
			return nil, err
		}
		req.operands = operands
	}
	return canonicalJSON(raw), nil
}

// readOperands reads the operands array: each a filter_name string and a
// filter_value that is not null.
func readOperands(raw json.RawMessage, d searchDialect) ([]operand, *apiError) {
	var list []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, badRequest(d.invalidBody, "operands must be an array of objects.")
	}
	var out []operand
	for _, o := range list {
		nameRaw := o["filter_name"]
		if !given(nameRaw) {
			return nil, badRequest(d.missingFilterName, "Each operand must have a filter_name.")
		}
		var name string
		if json.Unmarshal(nameRaw, &name) != nil {
			return nil, badRequest(d.filterNameMustBeString, "filter_name must be a string.")
		}
		value := o["filter_value"]
		if !given(value) {
			return nil, badRequest(d.missingFilterValue, "The %s filter needs a filter_value.", name)
		}
		out = append(out, operand{name: name, value: value})
	}
	return out, nil
}

// readCursor reads the cursor, which must come from the same query (the
// fingerprint is set by then); "" is no cursor.
func (req *searchRequest) readCursor(raw json.RawMessage, d searchDialect) *apiError {
	if !given(raw) {
		return nil
	}
	var cur string
	if json.Unmarshal(raw, &cur) != nil {
		return badRequest(d.invalidCursor, "cursor must be a string.")
	}
	if cur == "" {
		return nil
	}
	off, ok := decodeCursor(cur, req.fingerprint)
	if !ok {
		return badRequest(d.invalidCursor, "The cursor is invalid or belongs to a different query.")
	}
	req.offset = off
	return nil
}

// isNull reports a JSON null.
func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// canonicalJSON re-encodes raw with sorted object keys, so that the same
// query with its keys in another order has the same fingerprint.
func canonicalJSON(raw json.RawMessage) []byte {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return raw
	}
	b, err := json.Marshal(v)
	if err != nil {
		return raw
	}
	return b
}

// Cursors are opaque to clients: base64url of "v1:<offset>:<fingerprint>".
// A cursor only works with the query that produced it and only within the
// results, like Stytch's.

func encodeCursor(offset int, fingerprint string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("v1:" + strconv.Itoa(offset) + ":" + fingerprint))
}

func decodeCursor(cur, fingerprint string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(cur)
	if err != nil {
		return 0, false
	}
	parts := strings.Split(string(b), ":")
	if len(parts) != 3 || parts[0] != "v1" || parts[2] != fingerprint {
		return 0, false
	}
	off, err := strconv.Atoi(parts[1])
	if err != nil || off <= 0 {
		return 0, false
	}
	return off, true
}

// page cuts one page out of n matches: the index range to return and the
// next cursor (nil on the last page). A cursor past the end is invalid.
func (r searchRequest) page(n int, d searchDialect) (from, to int, next *string, err *apiError) {
	if r.offset > n {
		return 0, 0, nil, badRequest(d.invalidCursor, "The cursor is invalid or belongs to a different query.")
	}
	from = r.offset
	to = min(from+r.limit, n)
	if to < n {
		c := encodeCursor(to, r.fingerprint)
		next = &c
	}
	return from, to, next, nil
}

// matches evaluates the operands with the request's operator; no operands
// match everything.
func matches[T any](r searchRequest, preds []func(T) bool, x T) bool {
	if len(preds) == 0 {
		return true
	}
	for _, p := range preds {
		ok := p(x)
		if r.operator == "OR" && ok {
			return true
		}
		if r.operator != "OR" && !ok {
			return false
		}
	}
	return r.operator != "OR"
}

// Decoders for filter values; each answers with the dialect's error.

func stringValue(d searchDialect, op operand) (string, *apiError) {
	var s string
	if json.Unmarshal(op.value, &s) != nil {
		return "", badRequest(d.expectedString, "The %s filter expects a string.", op.name)
	}
	return s, nil
}

func stringsValue(d searchDialect, op operand) ([]string, *apiError) {
	var s []string
	if json.Unmarshal(op.value, &s) != nil || s == nil {
		return nil, badRequest(d.expectedStrings, "The %s filter expects an array of strings.", op.name)
	}
	return s, nil
}

func boolValue(d searchDialect, op operand) (bool, *apiError) {
	var b bool
	if json.Unmarshal(op.value, &b) != nil {
		return false, badRequest(d.expectedBool, "The %s filter expects a boolean.", op.name)
	}
	return b, nil
}

// anyEqualFold reports whether any of have equals any of want, ignoring case.
func anyEqualFold(have []string, want []string) bool {
	for _, h := range have {
		for _, w := range want {
			if strings.EqualFold(h, w) {
				return true
			}
		}
	}
	return false
}

// searchBody writes {"request_id":…,"<items>":[…],"results_metadata":{…}
// [,"organizations":{…}],"status_code":200} by concatenation, so every item
// appears exactly as stored.
func searchBody(itemsKey string, items []json.RawMessage, total int, next *string, orgs object) []byte {
	var b bytes.Buffer
	b.WriteString(`{"request_id":`)
	b.WriteString(strconv.Quote(newRequestID()))
	b.WriteString(`,"` + itemsKey + `":[`)
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(it)
	}
	b.WriteString(`],"results_metadata":`)
	b.Write(mustRaw(object{{"total", total}, {"next_cursor", next}}))
	if orgs != nil {
		b.WriteString(`,"organizations":`)
		b.Write(mustRaw(orgs))
	}
	b.WriteString(`,"status_code":200}`)
	return b.Bytes()
}

// readBody reads a request body (already capped by ServeHTTP).
func readBody(r *http.Request) ([]byte, error) { return io.ReadAll(r.Body) }

func lower(s string) string { return strings.ToLower(s) }

// requiredStrings reads op's array of strings and refuses an empty one
// with the error type missing.
func requiredStrings(d searchDialect, op operand, missing string) ([]string, *apiError) {
	v, err := stringsValue(d, op)
	if err != nil {
		return nil, err
	}
	if len(v) == 0 {
		return nil, badRequest(missing, "The %s filter needs at least one value.", op.name)
	}
	return v, nil
}

// fuzzyString reads a fuzzy filter's string, refusing an empty one (error
// type missing) and one shorter than MinFuzzyLen (error type tooShort).
func fuzzyString(d searchDialect, op operand, missing, tooShort string) (string, *apiError) {
	v, err := stringValue(d, op)
	if err != nil {
		return "", err
	}
	if v == "" {
		return "", badRequest(missing, "The %s filter needs a value.", op.name)
	}
	if len([]rune(v)) < MinFuzzyLen {
		return "", badRequest(tooShort, "The %s filter needs at least %d characters.", op.name, MinFuzzyLen)
	}
	return v, nil
}
