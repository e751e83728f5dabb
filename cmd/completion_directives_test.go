package cmd

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// takesFiles is every flag whose value is a file name, by command path
// (without "stytchctl "). Only these may offer the files of the current
// directory; a flag added to the tree that takes a file belongs here.
var takesFiles = map[string][]string{
	"sessions list":      {"users-file", "geoip-db"},
	"sessions audit":     {"users-file", "from-file", "geoip-db"},
	"sessions devices":   {"from-file", "geoip-db"},
	"sessions show":      {"geoip-db"},
	"inspect":            {"geoip-db"},
	"b2b sessions audit": {"from-file"},
}

// TestCompleteEveryFlagsDirective asks `__complete` for the value of every
// flag of every command (inherited ones included) and checks the
// directive: file completion for the flags of takesFiles, "no file
// completion" (with or without values) for every other one. It also checks
// every command's positional argument: no command takes a file name.
func TestCompleteEveryFlagsDirective(t *testing.T) {
	h := newHarness(t)
	root := newRootCmd(&app{deps: &Deps{LookupEnv: func(string) (string, bool) { return "", false }}})
	seenFiles := map[string]bool{}
	checked := 0
	walkCommands(root, func(c *cobra.Command) {
		path := strings.Fields(c.CommandPath())[1:]
		key := strings.Join(path, " ")
		if c.Runnable() && !c.IsAdditionalHelpTopicCommand() {
			assertNoFileComp(t, h, append(slices.Clone(path), ""))
		}
		visit := func(f *pflag.Flag) {
			if f.NoOptDefVal != "" { // a boolean: takes no value
				return
			}
			checked++
			args := append(slices.Clone(path), "--"+f.Name, "")
			if slices.Contains(takesFiles[key], f.Name) {
				seenFiles[key+" --"+f.Name] = true
				if _, d := h.completions(args...); d != ":0" {
					t.Errorf("__complete %q: directive %s, want :0 (file names)", args, d)
				}
				return
			}
			assertNoFileComp(t, h, args)
		}
		c.Flags().VisitAll(visit)
		c.InheritedFlags().VisitAll(visit)
	})
	for key, names := range takesFiles {
		for _, n := range names {
			if !seenFiles[key+" --"+n] {
				t.Errorf("takesFiles lists %s --%s, which the tree does not have", key, n)
			}
		}
	}
	if checked < 100 {
		t.Errorf("checked only %d flags; is the tree empty?", checked)
	}
}

func assertNoFileComp(t *testing.T, h *harness, args []string) {
	t.Helper()
	_, d := h.completions(args...)
	n, err := strconv.Atoi(strings.TrimPrefix(d, ":"))
	if err != nil || n&int(cobra.ShellCompDirectiveNoFileComp) == 0 || n&int(cobra.ShellCompDirectiveError) != 0 {
		t.Errorf("__complete %q: directive %s offers file names, want NoFileComp (:4)", args, d)
	}
}

func TestCompleteTimeZones(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"sessions", "list", "--tz", "Europe/Pa"}, []string{"Europe/Paris"}},
		{[]string{"users", "get", "--tz", "UT"}, []string{"UTC"}},
		{[]string{"sessions", "list", "--tz", "Nowhere/"}, nil},
	}
	for _, tc := range cases {
		words, d := h.completions(tc.args...)
		if !slices.Equal(words, tc.want) || d != noFileComp {
			t.Errorf("__complete %q = %q %s, want %q %s", tc.args, words, d, tc.want, noFileComp)
		}
	}
	words, _ := h.completions("sessions", "list", "--tz", "")
	if len(words) < 40 || words[0] != "UTC" || !slices.Contains(words, "America/New_York") {
		t.Errorf("--tz offers %d zones, want UTC first and America/New_York among them: %q", len(words), words)
	}
}

func TestCompleteTimeZonesWithoutASystemList(t *testing.T) {
	saved := zoneTabs
	zoneTabs = []string{t.TempDir() + "/no-zone.tab"}
	t.Cleanup(func() { zoneTabs = saved })
	words, d := completeZones(nil, nil, "Asia/T")
	if !slices.Equal(words, []string{"Asia/Taipei", "Asia/Tokyo"}) || d != cobra.ShellCompDirectiveNoFileComp {
		t.Errorf("built-in zones = %q %v", words, d)
	}
	// Every built-in zone is one the embedded database loads, in order.
	if !slices.IsSorted(builtinZones) {
		t.Error("builtinZones is not sorted")
	}
	for _, z := range builtinZones {
		if _, err := (&app{deps: &Deps{}}).location(z); err != nil {
			t.Errorf("built-in zone %q does not load: %v", z, err)
		}
	}
}

func TestCompleteSortByOffersDescendingKeys(t *testing.T) {
	h := newHarness(t)
	words, d := h.completions("sessions", "list", "--sort-by", "")
	want := []string{"started", "last-active", "expires", "user", "-started", "-last-active", "-expires", "-user"}
	if !slices.Equal(words, want) || d != noFileComp {
		t.Errorf("--sort-by offers %q %s, want %q %s", words, d, want, noFileComp)
	}
	words, _ = h.completions("b2b", "sessions", "list", "--sort-by=-l")
	if !slices.Contains(words, "-last-active") || slices.Contains(words, "last-active") {
		t.Errorf("--sort-by=-l offers %q, want the descending keys only", words)
	}
}
