package cmd

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/render"
)

func TestHelpTopicsPrintToStdout(t *testing.T) {
	h := newHarness(t)
	for _, topic := range []string{"exit-codes", "environment", "formatting"} {
		viaHelp := h.run("help", topic)
		viaHelp.expect(t, ExitOK)
		if viaHelp.stderr != "" {
			t.Errorf("help %s: stderr = %q, want empty", topic, viaHelp.stderr)
		}
		if len(viaHelp.stdout) < 200 {
			t.Errorf("help %s printed only %q", topic, viaHelp.stdout)
		}
		direct := h.run(topic)
		direct.expect(t, ExitOK)
		if direct.stdout != viaHelp.stdout {
			t.Errorf("stytchctl %s differs from stytchctl help %s", topic, topic)
		}
	}
	root := h.run("--help")
	for _, want := range []string{"Additional help topics:", "stytchctl exit-codes", "stytchctl environment", "stytchctl formatting"} {
		if !strings.Contains(root.stdout, want) {
			t.Errorf("root help lacks %q:\n%s", want, root.stdout)
		}
	}
}

// exitGoConstants parses exit.go and returns its Exit* constants by name.
func exitGoConstants(t *testing.T) map[string]int {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "exit.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		for i, name := range vs.Names {
			if !strings.HasPrefix(name.Name, "Exit") || i >= len(vs.Values) {
				continue
			}
			lit, ok := vs.Values[i].(*ast.BasicLit)
			if !ok {
				t.Fatalf("exit.go: %s is not an integer literal", name.Name)
			}
			v, err := strconv.Atoi(lit.Value)
			if err != nil {
				t.Fatalf("exit.go: %s = %s: %v", name.Name, lit.Value, err)
			}
			out[name.Name] = v
		}
		return true
	})
	if len(out) < 8 {
		t.Fatalf("found only %d exit codes in exit.go: %v", len(out), out)
	}
	return out
}

// TestExitCodesTopicCoversExitGo checks that `help exit-codes` lists exactly
// the codes of exit.go, each with a meaning, in ascending order.
func TestExitCodesTopicCoversExitGo(t *testing.T) {
	consts := exitGoConstants(t)
	r := newHarness(t).run("help", "exit-codes")
	r.expect(t, ExitOK)
	row := regexp.MustCompile(`(?m)^  (\d+) +(\S.*)$`)
	var listed []int
	for _, m := range row.FindAllStringSubmatch(r.stdout, -1) {
		code, _ := strconv.Atoi(m[1])
		listed = append(listed, code)
	}
	var want []int
	for _, v := range consts {
		want = append(want, v)
	}
	slices.Sort(want)
	if !slices.Equal(listed, want) {
		t.Errorf("help exit-codes lists %v, exit.go defines %v (%v)", listed, want, consts)
	}
	for _, s := range []string{"2    usage: bad flag", "130  interrupted", "request_id"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("help exit-codes lacks %q:\n%s", s, r.stdout)
		}
	}
}

// envNamesInSource returns every environment variable the binary's code
// reads: string literals like STYTCH…_…, and literal arguments of calls
// named getenv/Getenv/LookupEnv. completions/ (a build-time generator) is
// left out.
func envNamesInSource(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	envLike := regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != ".." && (d.Name() == "testdata" || d.Name() == "completions" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if s, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING &&
					strings.HasPrefix(s, "STYTCH") && strings.Contains(s, "_") && envLike.MatchString(s) {
					seen[s] = true
				}
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				case *ast.Ident:
					name = fn.Name
				}
				if !slices.Contains([]string{"getenv", "Getenv", "LookupEnv", "lookupEnv"}, name) || len(n.Args) == 0 {
					return true
				}
				if lit, ok := n.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil && envLike.MatchString(s) {
						seen[s] = true
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestEnvironmentTopicCoversEveryVariable fails when code reads an
// environment variable that `help environment` does not explain.
func TestEnvironmentTopicCoversEveryVariable(t *testing.T) {
	r := newHarness(t).run("help", "environment")
	r.expect(t, ExitOK)
	names := envNamesInSource(t)
	for _, must := range []string{"STYTCH_PROJECT_ID", "STYTCH_SECRET", "STYTCHCTL_API_URL", "CLICOLOR_FORCE", "NO_COLOR"} {
		if !slices.Contains(names, must) {
			t.Errorf("source scan missed %s (found %v): the scan is broken", must, names)
		}
	}
	documented := regexp.MustCompile(`(?m)^  ([A-Z][A-Z0-9_]*(, [A-Z][A-Z0-9_]*)*)$`)
	var listed []string
	for _, m := range documented.FindAllStringSubmatch(r.stdout, -1) {
		listed = append(listed, strings.Split(m[1], ", ")...)
	}
	for _, n := range names {
		if !slices.Contains(listed, n) {
			t.Errorf("the code reads %s but help environment does not document it (documented: %v)", n, listed)
		}
	}
	for _, s := range []string{
		"1. --profile NAME", "2. STYTCH_PROJECT_ID + STYTCH_SECRET", "3. STYTCHCTL_PROFILE", "4. the active profile",
		"1. --api-url URL", "2. STYTCHCTL_API_URL", "https://api.stytch.com for a project-live-",
	} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("help environment lacks the precedence line %q:\n%s", s, r.stdout)
		}
	}
}

// TestFormattingTopicCoversFormats checks that `help formatting` describes
// every format render accepts, and the TTY and pipe rules.
func TestFormattingTopicCoversFormats(t *testing.T) {
	r := newHarness(t).run("help", "formatting")
	r.expect(t, ExitOK)
	for _, f := range render.Formats() {
		if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(f) + ` +\S`).MatchString(r.stdout) {
			t.Errorf("help formatting does not describe -o %s:\n%s", f, r.stdout)
		}
		if formatDescriptions()[f] == "" {
			t.Errorf("format %s has no description in formatDescriptions", f)
		}
	}
	for _, s := range []string{"tab-separated values", "no header, no colour", "RFC 3339 UTC", "relative times", `\x1b`, "stderr"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("help formatting lacks %q", s)
		}
	}
	// --jq and --template are described once a command has them, not before.
	for _, flag := range []string{"--jq EXPR", "--template TMPL"} {
		if has := strings.Contains(r.stdout, flag); has != treeHasFlag(CommandTree(BuildInfo{}), strings.Fields(flag)[0][2:]) {
			t.Errorf("help formatting mentions %s = %v, but the tree has the flag = %v", flag, has, !has)
		}
	}
}

func TestFormattingTopicDescribesJQAndTemplateWhenPresent(t *testing.T) {
	root := newRootCmd(&app{deps: &Deps{LookupEnv: func(string) (string, bool) { return "", false }, Now: time.Now}})
	c := &cobra.Command{Use: "x", Run: func(*cobra.Command, []string) {}}
	c.Flags().String("jq", "", "")
	c.Flags().String("template", "", "")
	c.Flags().String("tz", "", "")
	root.AddCommand(c)
	fillHelpTopics(root)
	formatting, _, _ := root.Find([]string{"formatting"})
	for _, s := range []string{"--jq EXPR", "strings print raw", "--template TMPL", "timeago", "timefmt", "join", "truncate", "upper", "color"} {
		if !strings.Contains(formatting.Long, s) {
			t.Errorf("formatting topic lacks %q once --jq/--template exist", s)
		}
	}
	environment, _, _ := root.Find([]string{"environment"})
	if !strings.Contains(environment.Long, "\n  TZ\n") {
		t.Errorf("environment topic lacks TZ once --tz exists")
	}
}
