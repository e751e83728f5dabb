package cmd

import (
	"bytes"
	"context"
	"errors"
	"github.com/stytchctl/stytchctl/config"
	"github.com/stytchctl/stytchctl/render"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func TestCompletionPrintsEachShellsScript(t *testing.T) {
	markers := map[string]string{
		"bash":       "complete -o default -F __start_stytchctl stytchctl",
		"zsh":        "#compdef stytchctl",
		"fish":       "complete -c stytchctl",
		"powershell": "Register-ArgumentCompleter -CommandName 'stytchctl'",
	}
	h := newHarness(t)
	for _, shell := range CompletionShells() {
		r := h.run("completion", shell)
		r.expect(t, ExitOK)
		if r.stderr != "" {
			t.Errorf("%s: stderr = %q, want empty", shell, r.stderr)
		}
		if !strings.Contains(r.stdout, markers[shell]) {
			t.Errorf("%s script lacks %q", shell, markers[shell])
		}
		if !strings.Contains(r.stdout, "__complete") {
			t.Errorf("%s script does not ask the binary for candidates", shell)
		}
		noDesc := h.run("completion", shell, "--no-descriptions")
		noDesc.expect(t, ExitOK)
		if noDesc.stdout == r.stdout {
			t.Errorf("%s: --no-descriptions printed the same script", shell)
		}
	}
}

func TestCompletionRefusesUnknownShell(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}, {"completion", "bash", "zsh"}} {
		r := h.run(args...)
		r.expect(t, ExitUsage, "stytchctl: completion needs one shell: bash, zsh, fish or powershell",
			"Run 'stytchctl completion --help' for usage.")
		if r.stdout != "" {
			t.Errorf("%v: stdout = %q, want empty", args, r.stdout)
		}
	}
}

// TestCompletionHelpHasInstallInstructions: completion --help names the
// topic with the instructions for every shell, and the topic has them.
func TestCompletionHelpHasInstallInstructions(t *testing.T) {
	h := newHarness(t)
	help := h.run("completion", "--help")
	help.expect(t, ExitOK)
	if !strings.Contains(flatHelp(help.stdout), "stytchctl help completion-setup") {
		t.Errorf("completion --help does not name help completion-setup:\n%s", help.stdout)
	}
	r := h.run("help", "completion-setup")
	r.expect(t, ExitOK)
	for _, want := range []string{
		"source <(stytchctl completion bash)",
		"~/.local/share/bash-completion/completions/stytchctl",
		`stytchctl completion zsh > "${fpath[1]}/_stytchctl"`,
		"~/.config/fish/completions/stytchctl.fish",
		"stytchctl completion powershell | Out-String | Invoke-Expression",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help completion-setup lacks %q", want)
		}
	}
}

// completions runs `stytchctl __complete args...` and returns the candidate
// words (descriptions cut off) and the directive line.
func (h *harness) completions(args ...string) (words []string, directive string) {
	h.t.Helper()
	r := h.run(append([]string{cobra.ShellCompRequestCmd}, args...)...)
	if r.code != ExitOK {
		h.t.Fatalf("__complete %q: exit %d, stderr %s", args, r.code, r.stderr)
	}
	return parseCompletions(h.t, r.stdout)
}

func parseCompletions(t *testing.T, out string) (words []string, directive string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[len(lines)-1], ":") {
		t.Fatalf("completion output does not end with a directive:\n%s", out)
	}
	for _, l := range lines[:len(lines)-1] {
		w, _, _ := strings.Cut(l, "\t")
		words = append(words, w)
	}
	return words, lines[len(lines)-1]
}

const noFileComp = ":4"

func TestCompleteBuiltInValues(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		args      []string
		want      []string
		directive string
	}{
		{[]string{"sess"}, []string{"sessions"}, noFileComp},
		{[]string{"sessions", "li"}, []string{"list"}, noFileComp},
		{[]string{"sessions", "list", "-o", ""}, render.Formats(), noFileComp},
		{[]string{"sessions", "list", "--output", ""}, render.Formats(), noFileComp},
		{[]string{"--profile", ""}, []string{"demo"}, noFileComp},
		{[]string{"sessions", "list", "--profile", ""}, []string{"demo"}, noFileComp},
		{[]string{"completion", ""}, []string{"bash", "zsh", "fish", "powershell"}, noFileComp},
		{[]string{"help", "e"}, []string{"environment", "exit-codes"}, noFileComp},
		{[]string{"help", "f"}, []string{"formatting"}, noFileComp},
		// A command that takes no argument offers no files either.
		{[]string{"version", ""}, nil, noFileComp},
		{[]string{"sessions", "list", ""}, nil, noFileComp},
	}
	for _, tc := range cases {
		words, directive := h.completions(tc.args...)
		if !slices.Equal(words, tc.want) || directive != tc.directive {
			t.Errorf("__complete %q = %q %s, want %q %s", tc.args, words, directive, tc.want, tc.directive)
		}
	}
}

// treeWithFutureCommands is the real tree plus commands shaped like those
// that other issues add (--factor, --sort-by, --fail-on, auth switch), to
// show that their values complete without the commands doing anything.
func treeWithFutureCommands(a *app) *cobra.Command {
	root := newRootCmd(a)
	sessions, _, _ := root.Find([]string{"sessions"})
	future := &cobra.Command{Use: "audit", Args: cobra.NoArgs, RunE: func(*cobra.Command, []string) error { return nil }}
	future.Flags().StringSlice("factor", nil, "Only sessions with this factor")
	future.Flags().String("sort-by", "", "Sort key")
	future.Flags().String("fail-on", "", "Fail level")
	sessions.AddCommand(future)
	auth := &cobra.Command{Use: "auth"}
	auth.AddCommand(&cobra.Command{Use: "switch NAME", Args: cobra.ExactArgs(1), RunE: func(*cobra.Command, []string) error { return nil }})
	root.AddCommand(auth)
	registerValueCompletions(a, root)
	return root
}

func runTree(t *testing.T, root *cobra.Command, args ...string) (stdout string) {
	t.Helper()
	var out, errb bytes.Buffer
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errb)
	if err := root.Execute(); err != nil {
		t.Fatalf("%q: %v\nstderr: %s", args, err, errb.String())
	}
	return out.String()
}

func TestCompleteValuesOfCommandsAddedLater(t *testing.T) {
	deps := &Deps{LookupEnv: func(string) (string, bool) { return "", false }, Now: time.Now}
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"sessions", "audit", "--sort-by", ""}, []string{"severity", "started", "last-active", "expires", "user", "-severity", "-started", "-last-active", "-expires", "-user"}},
		{[]string{"sessions", "audit", "--sort-by=-"}, []string{"-severity", "-started", "-last-active", "-expires", "-user"}},
		{[]string{"sessions", "audit", "--fail-on", ""}, []string{"info", "warning", "critical"}},
		{[]string{"sessions", "audit", "--factor", "oauth_g"}, []string{"oauth_google", "oauth_github", "oauth_gitlab"}},
		{[]string{"sessions", "audit", "--factor", "goo"}, []string{"google"}},
		{[]string{"sessions", "audit", "--factor", "tot"}, []string{"totp"}},
		{[]string{"auth", "switch", ""}, []string{"demo"}},
	}
	for _, tc := range cases {
		root := treeWithFutureCommands(&app{deps: deps})
		words, directive := parseCompletions(t, runTree(t, root, append([]string{cobra.ShellCompRequestCmd}, tc.args...)...))
		if !slices.Equal(words, tc.want) || directive != noFileComp {
			t.Errorf("__complete %q = %q %s, want %q %s", tc.args, words, directive, tc.want, noFileComp)
		}
	}
	// Every factor word is offered once, with a description.
	root := treeWithFutureCommands(&app{deps: deps})
	out := runTree(t, root, cobra.ShellCompRequestCmd, "sessions", "audit", "--factor", "")
	words, _ := parseCompletions(t, out)
	// 14 types + 44 delivery methods + 24 distinct OAuth providers.
	if len(words) != 14+44+24 || len(slices.Compact(slices.Sorted(slices.Values(words)))) != len(words) {
		t.Errorf("--factor offers %d words, want 82 distinct:\n%s", len(words), out)
	}
	if !strings.Contains(out, "oauth_google\tGoogle OAuth\n") || !strings.Contains(out, "authenticator_app\tTOTP\n") {
		t.Errorf("--factor candidates lack their descriptions:\n%s", out)
	}
}

func TestCompleteKeepsACommandsOwnCompletion(t *testing.T) {
	deps := &Deps{LookupEnv: func(string) (string, bool) { return "", false }, Now: time.Now}
	a := &app{deps: deps}
	root := newRootCmd(a)
	own := &cobra.Command{Use: "own", Args: cobra.NoArgs, RunE: func(*cobra.Command, []string) error { return nil }}
	own.Flags().String("sort-by", "", "Sort key")
	_ = own.RegisterFlagCompletionFunc("sort-by", cobra.FixedCompletions([]cobra.Completion{"mine"}, cobra.ShellCompDirectiveNoFileComp))
	root.AddCommand(own)
	registerValueCompletions(a, root)
	words, _ := parseCompletions(t, runTree(t, root, cobra.ShellCompRequestCmd, "own", "--sort-by", ""))
	if !slices.Equal(words, []string{"mine"}) {
		t.Errorf("a command's own completion was replaced: got %q", words)
	}
}

// recordingTransport fails every request and remembers it.
type recordingTransport struct {
	mu   sync.Mutex
	reqs []string
}

func (rt *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.reqs = append(rt.reqs, r.Method+" "+r.URL.String())
	return nil, errors.New("request refused by the test transport")
}

// TestCompletionNeverSendsRequests completes every command, argument and
// flag value of the whole tree (commands added later included) with
// credentials in the environment and an HTTP client that records and fails:
// nothing may be sent. It also checks that each completion answers.
func TestCompletionNeverSendsRequests(t *testing.T) {
	rt := &recordingTransport{}
	env := map[string]string{
		"STYTCH_PROJECT_ID": "project-test-00000000-0000-4000-8000-000000000000",
		"STYTCH_SECRET":     "secret-test-never-sent-anywhere",
		"STYTCHCTL_API_URL": "https://completion-must-not-call.invalid",
	}
	var lines [][]string
	walkCommands(newRootCmd(&app{deps: &Deps{LookupEnv: func(string) (string, bool) { return "", false }}}), func(c *cobra.Command) {
		path := strings.Fields(c.CommandPath())[1:]
		lines = append(lines, append(slices.Clone(path), ""))
		lines = append(lines, append(slices.Clone(path), "-"))
		c.Flags().VisitAll(func(f *pflag.Flag) {
			lines = append(lines, append(slices.Clone(path), "--"+f.Name, ""))
		})
		c.InheritedFlags().VisitAll(func(f *pflag.Flag) {
			lines = append(lines, append(slices.Clone(path), "--"+f.Name, ""))
		})
	})
	for _, l := range lines {
		for _, req := range []string{cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd} {
			var out, errb bytes.Buffer
			deps := &Deps{
				Stdin:      strings.NewReader(""),
				Stdout:     &out,
				Stderr:     &errb,
				LookupEnv:  func(k string) (string, bool) { v, ok := env[k]; return v, ok },
				Now:        func() time.Time { return testNow },
				HTTPClient: &http.Client{Transport: rt},
				Build:      BuildInfo{Version: "1.2.3-test"},
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			code := Run(ctx, deps, append([]string{req}, l...))
			cancel()
			if code != ExitOK {
				t.Errorf("%s %q: exit %d, stderr %s", req, l, code, errb.String())
				continue
			}
			if _, directive := parseCompletions(t, out.String()); directive == "" {
				t.Errorf("%s %q: no directive", req, l)
			}
		}
	}
	if len(lines) < 20 {
		t.Fatalf("walked only %d completion requests; is the tree empty?", len(lines))
	}
	if len(rt.reqs) != 0 {
		t.Errorf("completion sent %d requests: %q", len(rt.reqs), rt.reqs)
	}
}

func TestCompleteProfileNamesFromTheConfigFile(t *testing.T) {
	h := newHarness(t)
	f := &config.File{}
	f.Put(config.Profile{Name: "acme-live", ProjectID: "project-live-00000000-0000-4000-8000-000000000009", Storage: config.StorageKeyring})
	f.Put(config.Profile{Name: "staging", ProjectID: "project-test-00000000-0000-4000-8000-000000000009", Storage: config.StorageKeyring})
	if err := (&config.Profiles{Dir: h.configDir}).Save(f); err != nil {
		t.Fatal(err)
	}
	r := h.run("__complete", "sessions", "list", "--profile", "")
	r.expect(t, 0)
	for _, want := range []string{"demo", "acme-live", "staging"} {
		if !strings.Contains(r.stdout, want+"\t") && !strings.Contains(r.stdout, want+"\n") {
			t.Errorf("profile %q not offered:\n%s", want, r.stdout)
		}
	}
	if h.keyringOps != 0 || len(h.fake.Requests()) != 0 {
		t.Errorf("completion touched the keyring (%d calls) or the API (%d requests)", h.keyringOps, len(h.fake.Requests()))
	}
	r = h.run("__complete", "auth", "switch", "")
	if !strings.Contains(r.stdout, "staging") {
		t.Errorf("auth switch does not offer saved profiles:\n%s", r.stdout)
	}
}
