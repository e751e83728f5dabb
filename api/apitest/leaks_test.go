package apitest

import (
	"strings"
	"testing"
)

// TestFindLeakFindsEveryEcho: each echo a hostile server may send is found
// as it is, inside other text, and JSON-encoded once more (as a journal
// line stores an error message); masked text is not.
func TestFindLeakFindsEveryEcho(t *testing.T) {
	needles := LeakNeedles(ProjectID, Secret)
	for name, echo := range CredentialEchoes(ProjectID, Secret) {
		for _, text := range []string{echo, "<p>Basic " + echo + "</p>", strings.ReplaceAll(echo, `\`, `\\`)} {
			if FindLeak(text, needles) == "" {
				t.Errorf("%s: no leak found in %q", name, text)
			}
		}
	}
	for _, clean := range []string{"Basic ****", "secr****", Secret[:20] + "…", "%3D%3D &#61; \\u003d", "&#;&#x;%G0\\uZZZZ"} {
		if n := FindLeak(clean, needles); n != "" {
			t.Errorf("FindLeak(%q) = %q, want none", clean, n)
		}
	}
}
