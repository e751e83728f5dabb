// Package suggest finds the names a misspelt word was probably meant to be:
// the "did you mean …?" of unknown commands, help topics and enum flag
// values. Every validator of a closed list of values uses it, so that all
// of them suggest alike.
package suggest

import (
	"strings"
	"unicode/utf8"
)

// MaxDistance is the largest edit distance at which a name is suggested;
// words of four letters or fewer get one edit only ("xml" is not "yaml").
const MaxDistance = 2

// For returns the names in valid closest to got, at most MaxDistance edits
// away (ignoring case), or that got is a prefix of; several when they tie.
func For(got string, valid []string) []string {
	g := strings.ToLower(got)
	limit := MaxDistance
	if len([]rune(g)) <= 4 {
		limit = 1
	}
	best, out := limit+1, []string(nil)
	for _, v := range valid {
		d := distance(g, strings.ToLower(v))
		if d > limit && len(g) >= 3 && strings.HasPrefix(strings.ToLower(v), g) {
			d = limit
		}
		switch {
		case d < best:
			best, out = d, []string{v}
		case d == best && d <= limit:
			out = append(out, v)
		}
	}
	return out
}

// DidYouMean is "did you mean x?" (or "x or y?") for got among valid, or
// "" when nothing is close.
func DidYouMean(got string, valid []string) string {
	s := For(got, valid)
	if len(s) == 0 {
		return ""
	}
	if len(s) == 1 {
		return "did you mean " + s[0] + "?"
	}
	return "did you mean " + strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1] + "?"
}

// distance is the Levenshtein distance between a and b, in runes, with an
// adjacent transposition counted as one edit ("lsit" is one from "list").
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if utf8.RuneCountInString(a) == 0 {
		return len(rb)
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
