package cmd

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/render"
)

// TestEveryCommandHasExamples: DESIGN.md §5 asks for real invocations on
// every command, help topics and cobra's help command included.
func TestEveryCommandHasExamples(t *testing.T) {
	walkCommands(CommandTree(BuildInfo{}), func(c *cobra.Command) {
		if !c.IsAvailableCommand() && !c.IsAdditionalHelpTopicCommand() && c.Name() != "help" {
			return
		}
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("%q has no Example", c.CommandPath())
		}
	})
}

// TestExamplesParse runs each stytchctl invocation in every command's
// Example through cobra's argument parsing, never executing it: the
// command path must exist, the flags must exist and parse, the positional
// arguments and required flags must satisfy the command, and an -o value
// must be a known format. It walks the tree, so new commands are covered.
func TestExamplesParse(t *testing.T) {
	n := 0
	walkCommands(CommandTree(BuildInfo{}), func(c *cobra.Command) {
		for _, line := range exampleLines(c.Example) {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			invocations, err := stytchctlInvocations(line)
			if err == nil && len(invocations) == 0 {
				err = fmt.Errorf("no stytchctl invocation in it")
			}
			for _, args := range invocations {
				if err == nil {
					err = parseExample(args)
					n++
				}
			}
			if err != nil {
				t.Errorf("%q example %q: %v", c.CommandPath(), line, err)
			}
		}
	})
	if n < 10 {
		t.Fatalf("checked only %d example invocations", n)
	}
}

// exampleLines splits an Example into its command lines, a line ending in
// " \\" joined with the next as a shell joins them.
func exampleLines(example string) []string {
	return strings.Split(strings.ReplaceAll(example, " \\\n", " "), "\n")
}

// parseExample does what cobra does before running a command, on a fresh
// tree, and stops there.
func parseExample(args []string) error {
	root := CommandTree(BuildInfo{})
	c, rest, err := root.Find(args)
	if err != nil {
		return err
	}
	c.InitDefaultHelpFlag() // cobra adds -h/--help when it executes
	if err := c.ParseFlags(rest); err != nil {
		return err
	}
	positional := c.Flags().Args()
	if c.Name() == "help" && c.HasParent() && c.Parent() == root {
		// `help TOPIC|COMMAND…`: the target must exist.
		target, _, err := root.Find(positional)
		if err != nil || target == root {
			return fmt.Errorf("help: no command or topic %q", positional)
		}
		return nil
	}
	if !c.Runnable() {
		return fmt.Errorf("%q is not a command that runs", c.CommandPath())
	}
	if err := c.ValidateArgs(positional); err != nil {
		return err
	}
	if err := c.ValidateRequiredFlags(); err != nil {
		return err
	}
	if err := c.ValidateFlagGroups(); err != nil {
		return err
	}
	if f := c.Flags().Lookup("output"); f != nil && f.Changed {
		if _, err := render.ParseFormat(f.Value.String()); err != nil {
			return err
		}
	}
	return nil
}

// stytchctlInvocations splits a shell command line into pipeline and list
// segments and returns the arguments (after "stytchctl") of each segment
// that runs stytchctl, after any VAR=value assignments. Redirections and
// their targets are dropped; quotes are removed without expansion.
func stytchctlInvocations(line string) ([][]string, error) {
	words, err := shellWords(line)
	if err != nil {
		return nil, err
	}
	var out [][]string
	var seg []string
	flush := func() {
		for len(seg) > 0 && strings.Contains(seg[0], "=") && !strings.HasPrefix(seg[0], "-") {
			seg = seg[1:]
		}
		if len(seg) > 0 && seg[0] == "stytchctl" {
			out = append(out, seg[1:])
		}
		seg = nil
	}
	for i := 0; i < len(words); i++ {
		switch w := words[i]; {
		case w.op && (w.s == "|" || w.s == "||" || w.s == "&&" || w.s == ";"):
			flush()
		case w.op: // a redirection: skip its target
			i++
		default:
			seg = append(seg, w.s)
		}
	}
	flush()
	return out, nil
}

type shellWord struct {
	s  string
	op bool // an operator: | || && ; > >> < 2> 2>&1 …
}

// shellWords splits line as a POSIX shell would, without expansions.
func shellWords(line string) ([]shellWord, error) {
	var words []shellWord
	var cur strings.Builder
	inWord := false
	end := func() {
		if inWord {
			words = append(words, shellWord{s: cur.String()})
			cur.Reset()
			inWord = false
		}
	}
	for i := 0; i < len(line); i++ {
		ch := line[i]
		switch {
		case ch == ' ' || ch == '\t':
			end()
		case ch == '\'':
			j := strings.IndexByte(line[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unterminated ' quote")
			}
			cur.WriteString(line[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case ch == '"':
			j := i + 1
			for ; j < len(line) && line[j] != '"'; j++ {
				if line[j] == '\\' && j+1 < len(line) {
					j++
				}
			}
			if j >= len(line) {
				return nil, fmt.Errorf("unterminated \" quote")
			}
			cur.WriteString(line[i+1 : j])
			i = j
			inWord = true
		case ch == '\\' && i+1 < len(line):
			cur.WriteByte(line[i+1])
			i++
			inWord = true
		case ch == '|' || ch == '&' || ch == ';' || ch == '>' || ch == '<':
			if ch == '>' && inWord && cur.Len() == 1 && (cur.String() == "1" || cur.String() == "2") {
				cur.Reset() // 2>file: the fd number belongs to the operator
				inWord = false
			} else {
				end()
			}
			op := string(ch)
			for i+1 < len(line) && strings.IndexByte("|&>", line[i+1]) >= 0 {
				i++
				op += string(line[i])
			}
			if strings.HasSuffix(op, "&") && i+1 < len(line) && line[i+1] >= '0' && line[i+1] <= '9' {
				i++ // >&2 or 2>&1: the target is part of the operator
				op += string(line[i])
				words = append(words, shellWord{s: op, op: true}, shellWord{s: "", op: false})
				continue
			}
			words = append(words, shellWord{s: op, op: true})
		default:
			cur.WriteByte(ch)
			inWord = true
		}
	}
	end()
	return words, nil
}

func TestStytchctlInvocations(t *testing.T) {
	cases := []struct {
		line string
		want string
	}{
		{"stytchctl sessions list -u alice-42", "[[sessions list -u alice-42]]"},
		{"stytchctl sessions list -u alice-42 -o json | jq -r '.sessions[].session_id'", "[[sessions list -u alice-42 -o json]]"},
		{`stytchctl completion zsh > "${fpath[1]}/_stytchctl"`, "[[completion zsh]]"},
		{"STYTCHCTL_PROFILE=demo stytchctl version 2>/dev/null", "[[version]]"},
		{"cat ids.txt | stytchctl sessions list --users-file - 2>&1 | less", "[[sessions list --users-file -]]"},
		{`stytchctl x --template '{{.a}} | {{"\n"}}' && stytchctl version`, `[[x --template {{.a}} | {{"\n"}}] [version]]`},
		{"echo hi", "[]"},
	}
	for _, tc := range cases {
		got, err := stytchctlInvocations(tc.line)
		if err != nil || fmt.Sprint(got) != tc.want {
			t.Errorf("stytchctlInvocations(%q) = %v, %v; want %s", tc.line, got, err, tc.want)
		}
	}
	if _, err := stytchctlInvocations("stytchctl 'oops"); err == nil {
		t.Errorf("an unterminated quote was accepted")
	}
}

// TestParseExampleRejects shows that the example check can fail: each of
// these is a mistake an example could make.
func TestParseExampleRejects(t *testing.T) {
	for _, args := range [][]string{
		{"sesions", "list"},                         // no such command
		{"sessions", "list", "--usr", "x"},          // no such flag
		{"sessions", "list", "-o", "xml"},           // no such format
		{"sessions", "list", "--timeout", "soon"},   // a value that does not parse
		{"version", "extra"},                        // an argument the command refuses
		{"completion"},                              // a required argument missing
		{"help", "no-such-topic"},                   // help for nothing
		{"exit-codes", "--definitely-not-a-flag"},   // flags of a topic
		{"sessions", "list", "--profile"},           // a flag without its value
		{"sessions", "list", "-u", "a", "unwanted"}, // stray argument
	} {
		if err := parseExample(args); err == nil {
			t.Errorf("parseExample(%q) accepted it", args)
		}
	}
}
