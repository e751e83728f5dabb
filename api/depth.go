package api

import (
	"bytes"
	"fmt"
)

// MaxNesting is how deeply a response's JSON may nest arrays and objects.
// Stytch's answers nest fewer than 10 levels; past the cap a body is an
// unreadable response, refused before any parser recurses into it (a few
// megabytes of "[[[[…" would otherwise cost a stack overflow or hundreds
// of megabytes of stack).
const MaxNesting = 512

// nestsDeeper reports whether b nests arrays and objects deeper than max,
// in one pass and without recursion. Brackets inside strings do not count;
// whether b is valid JSON is left to the parsers.
func nestsDeeper(b []byte, max int) bool {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			i = stringEnd(b, i+1)
		case '[', '{':
			depth++
			if depth > max {
				return true
			}
		case ']', '}':
			depth--
		}
	}
	return false
}

// stringEnd returns the offset of the quote that closes the string whose
// contents start at i (one not escaped by an odd run of backslashes), or
// len(b) when there is none.
func stringEnd(b []byte, i int) int {
	for {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return len(b)
		}
		q := i + j
		k := q
		for k > i && b[k-1] == '\\' {
			k--
		}
		if (q-k)%2 == 0 {
			return q
		}
		i = q + 1
	}
}

// tooDeep is the error for a 2xx body that nestsDeeper.
func tooDeep(status int, contentType string) *ResponseError {
	return &ResponseError{StatusCode: status, ContentType: contentType,
		Reason: fmt.Sprintf("body is JSON nested deeper than %d levels", MaxNesting)}
}
