package suggest

import "testing"

func TestDidYouMean(t *testing.T) {
	for _, c := range []struct {
		got   string
		valid []string
		want  string
	}{
		{"jsno", []string{"table", "wide", "json", "yaml", "ndjson", "csv"}, "did you mean json?"},
		{"lsit", []string{"list", "show", "revoke"}, "did you mean list?"},
		{"sesions", []string{"sessions", "users", "auth"}, "did you mean sessions?"},
		{"lastactive", []string{"started", "last-active", "expires", "user"}, "did you mean last-active?"},
		{"critcal", []string{"info", "warning", "critical"}, "did you mean critical?"},
		{"exit-code", []string{"exit-codes", "formatting"}, "did you mean exit-codes?"},
		{"zzzzzz", []string{"json", "yaml"}, ""},
		{"xml", []string{"json", "yaml"}, ""},
		{"", []string{"json"}, ""},
	} {
		if got := DidYouMean(c.got, c.valid); got != c.want {
			t.Errorf("DidYouMean(%q) = %q, want %q", c.got, got, c.want)
		}
	}
}
