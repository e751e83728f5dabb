package cmd

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/stytchctl/stytchctl/api/apitest"
	"github.com/stytchctl/stytchctl/render"
)

// formatRuns is, for every command that takes -o, the rest of a command
// line that succeeds against the fake (or, for the watches, runs until
// interrupted). A command added to the tree with -o needs a line here.
// (A function: a package-level map would count against start-up.)
func formatRuns() map[string][]string {
	return map[string][]string{
		"version":            {},
		"auth status":        {},
		"users get":          {apitest.DemoExternalID},
		"users search":       {"--email", apitest.DemoEmail},
		"sessions list":      {"-u", apitest.DemoExternalID},
		"sessions revoke":    {"-u", apitest.DemoExternalID, "--all", "--dry-run"},
		"sessions audit":     {"-u", apitest.DemoExternalID},
		"sessions devices":   {"-u", apitest.DemoExternalID},
		"sessions journal":   {},
		"sessions show":      {"4e9b2d7a", "-u", apitest.DemoExternalID},
		"sessions decode":    {"--profile", "demo", "--demo-jwt"},
		"sessions watch":     {"-u", apitest.DemoExternalID},
		"inspect":            {apitest.DemoExternalID},
		"b2b orgs get":       {apitest.DemoOrganizationSlug},
		"b2b orgs search":    {"--slug", apitest.DemoOrganizationSlug},
		"b2b members search": {"--org", apitest.DemoOrganizationID},
		"b2b members get":    {"emp-7731", "--org", apitest.DemoOrganizationSlug},
		"b2b sessions list":  {"--org", apitest.DemoOrganizationID, "--member", apitest.DemoMemberID},
		"b2b sessions audit": {"--org", apitest.DemoOrganizationSlug, "--member", "emp-8812"},
		"b2b sessions revoke": {apitest.DemoMemberSessionSAML, "--org", apitest.DemoOrganizationID,
			"--member", apitest.DemoMemberID, "--dry-run"},
		"b2b sessions watch": {"--org", apitest.DemoOrganizationSlug, "--member", apitest.DemoMemberID},
	}
}

// TestEveryCommandTakesTheFormatsItLists walks the command tree. For
// every command with -o, `-o help` works without the command's arguments,
// and the formats it lists are the ones
// the flag's help and its completion offer; each of them runs (against
// the fake) without being refused; every other format, and a typo of
// each listed one, is a usage error (exit 2, with "did you mean" for the
// typo) that sends nothing.
func TestEveryCommandTakesTheFormatsItLists(t *testing.T) {
	root := newRootCmd(&app{deps: &Deps{LookupEnv: func(string) (string, bool) { return "", false }}})
	seen, runs := map[string]bool{}, formatRuns()
	walkCommands(root, func(c *cobra.Command) {
		if c.Flags().Lookup("output") == nil {
			return
		}
		key := strings.Join(strings.Fields(c.CommandPath())[1:], " ")
		seen[key] = true
		rest, ok := runs[key]
		if !ok {
			t.Errorf("%s takes -o: add a command line that succeeds to formatRuns", key)
			return
		}
		t.Run(key, func(t *testing.T) {
			checkListedFormats(t, c, strings.Fields(key), rest)
		})
	})
	for key := range runs {
		if !seen[key] {
			t.Errorf("formatRuns lists %q, which has no -o", key)
		}
	}
}

func checkListedFormats(t *testing.T, c *cobra.Command, path, rest []string) {
	h := newHarness(t)
	line := func(more ...string) []string {
		return append(append(slices.Clone(path), rest...), more...)
	}
	// -o help needs none of the command's arguments.
	listed := listedFormats(t, h, append(slices.Clone(path), "-o", "help"))
	if len(listed) == 0 {
		return
	}
	if _, usage := pflag.UnquoteUsage(c.Flags().Lookup("output")); !strings.Contains(usage, "FORMAT: "+strings.Join(listed, ", ")+" ") {
		t.Errorf("-o help lists %v, but the flag's help says %q", listed, usage)
	}
	if words, _ := h.completions(append(slices.Clone(path), "-o", "")...); !slices.Equal(words, listed) {
		t.Errorf("-o completes %v, want what -o help lists, %v", words, listed)
	}
	for _, f := range listed {
		r := runWithFormat(h, line("-o", f))
		if strings.Contains(r.stderr, "output format") || strings.Contains(r.stderr, "-o "+f) ||
			r.code == ExitUsage || (r.code != ExitOK && !(path[len(path)-1] == "watch" && r.code == ExitInterrupted)) {
			t.Errorf("-o %s, listed by -o help, fails: exit %d\n%s", f, r.code, r.stderr)
		}
	}
	h.fake.ResetRequests()
	for _, f := range render.Formats() {
		if slices.Contains(listed, f) {
			continue
		}
		r := h.run(line("-o", f)...)
		r.expect(t, ExitUsage, "-o "+f, strings.Join(listed[:len(listed)-1], ", ")+" or "+listed[len(listed)-1])
	}
	for _, f := range listed {
		typo := f[:len(f)-2] + f[len(f)-1:] + f[len(f)-2:len(f)-1]
		r := h.run(line("-o", typo)...)
		r.expect(t, ExitUsage, "did you mean "+f+"?")
	}
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("%d requests sent for refused formats", n)
	}
}

// listedFormats runs args (ending in -o help) and returns the names it
// lists, checking that it succeeds.
func listedFormats(t *testing.T, h *harness, args []string) []string {
	t.Helper()
	r := h.run(args...)
	r.expect(t, ExitOK)
	head, body, ok := strings.Cut(r.stdout, "Output formats (-o):\n")
	if !ok || head != "" {
		t.Errorf("-o help printed %q", r.stdout)
		return nil
	}
	for _, l := range strings.Split(r.stdout, "\n") {
		if n := len([]rune(l)); n > 80 {
			t.Errorf("-o help line of %d columns: %q", n, l)
		}
	}
	var names []string
	for _, l := range strings.Split(body, "\n") {
		if !strings.HasPrefix(l, "  ") {
			break
		}
		names = append(names, strings.Fields(l)[0])
	}
	return names
}

// runWithFormat runs args once; sessions watch is interrupted at its
// first wait.
func runWithFormat(h *harness, args []string) result {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h.sleep = func(ctx context.Context, d time.Duration) error {
		cancel()
		return ctx.Err()
	}
	defer func() { h.sleep = nil }()
	return h.runCtx(ctx, args...)
}

// TestTimelessDocumentsTakeNoTZ: version and auth status print no time,
// so --tz, which would change nothing, is not offered: it is an unknown
// flag (exit 2), absent from their help.
func TestTimelessDocumentsTakeNoTZ(t *testing.T) {
	for _, path := range [][]string{{"version"}, {"auth", "status"}} {
		t.Run(strings.Join(path, " "), func(t *testing.T) {
			h := newHarness(t)
			r := h.run(append(slices.Clone(path), "--tz", "Europe/Paris")...)
			r.expect(t, ExitUsage, "unknown flag: --tz")
			if n := len(h.fake.Requests()); n != 0 {
				t.Errorf("%d requests sent", n)
			}
			r = h.run(append(slices.Clone(path), "--help")...)
			r.expect(t, ExitOK)
			if strings.Contains(r.stdout, "--tz") || !strings.Contains(r.stdout, "--jq EXPR") {
				t.Errorf("help offers --tz, or lost --jq:\n%s", r.stdout)
			}
		})
	}
}
