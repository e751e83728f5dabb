// Package completions holds stytchctl's shell completion scripts, generated
// from the command tree, and the code that writes them and the man pages.
//
// The scripts are committed (stytchctl.bash, _stytchctl, stytchctl.fish,
// stytchctl.ps1) so that a release archive, a package or a user without Go
// has them; TestScriptsUpToDate fails when they differ from what the binary
// prints. Regenerate them with
//
//	go generate ./completions
//
// The man pages are not committed: they change with every flag and help
// text, and goreleaser writes them at release time (its before hook runs
// `go run ./completions/gen -man completions/man`).
package completions

//go:generate go run ./gen -completions .

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/stytchctl/stytchctl/cmd"
)

// Scripts returns the completion script of every shell, keyed by its file
// name under completions/, exactly as `stytchctl completion SHELL` prints it.
func Scripts(root *cobra.Command) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, shell := range cmd.CompletionShells() {
		var b bytes.Buffer
		if err := cmd.WriteCompletionScript(&b, root, shell, true); err != nil {
			return nil, fmt.Errorf("generating the %s completion script: %w", shell, err)
		}
		out[cmd.CompletionFileName(shell)] = b.Bytes()
	}
	return out, nil
}

// WriteScripts writes Scripts(root) into dir.
func WriteScripts(root *cobra.Command, dir string) error {
	scripts, err := Scripts(root)
	if err != nil {
		return err
	}
	for name, body := range scripts {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			return fmt.Errorf("writing completion script: %w", err)
		}
	}
	return nil
}

// ManHeader is the header of the generated man pages.
func ManHeader(version string, date time.Time) *doc.GenManHeader {
	return &doc.GenManHeader{
		Title:   "STYTCHCTL",
		Section: "1",
		Source:  "stytchctl " + version,
		Manual:  "stytchctl manual",
		Date:    &date,
	}
}

// ManPages returns one gzip-compressed man page per available command of
// root (stytchctl.1.gz, stytchctl-sessions-list.1.gz, …, the help topics
// too), keyed by file name. The gzip headers carry no time, so the same
// tree and header give the same bytes.
func ManPages(root *cobra.Command, header *doc.GenManHeader) (map[string][]byte, error) {
	out := map[string][]byte{}
	var walk func(c *cobra.Command) error
	walk = func(c *cobra.Command) error {
		for _, sub := range c.Commands() {
			if !sub.IsAvailableCommand() && !sub.IsAdditionalHelpTopicCommand() {
				continue
			}
			if err := walk(sub); err != nil {
				return err
			}
		}
		// GenMan mutates the header it is given; each page gets a copy.
		// It reads Long as Markdown, so indented blocks are made code
		// blocks for the page and restored afterwards.
		h := *header
		var page bytes.Buffer
		long, autoGen := c.Long, c.DisableAutoGenTag
		c.Long, c.DisableAutoGenTag = manMarkdown(long), true
		err := doc.GenMan(c, &h, &page)
		c.Long, c.DisableAutoGenTag = long, autoGen
		if err != nil {
			return fmt.Errorf("generating the man page of %q: %w", c.CommandPath(), err)
		}
		var gz bytes.Buffer
		zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		if err != nil {
			return err
		}
		if _, err := zw.Write(page.Bytes()); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		out[ManFileName(c)] = gz.Bytes()
		return nil
	}
	return out, walk(root)
}

// manMarkdown turns help text into the Markdown that cobra/doc expects:
// every run of indented lines (tables, commands to type) becomes a code
// block, so that man keeps its layout instead of reflowing it or reading
// "  # comment" as a heading.
func manMarkdown(help string) string {
	lines := strings.Split(help, "\n")
	var out []string
	inBlock := false
	for _, l := range lines {
		indented := strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")
		switch {
		case indented && !inBlock:
			if len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
			inBlock = true
		case !indented && inBlock && l != "":
			out = append(out, "")
			inBlock = false
		}
		if inBlock && l != "" {
			l = "    " + l
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// ManFileName is the man page file of c: its command path joined with
// dashes, as `man stytchctl-sessions-list` looks it up.
func ManFileName(c *cobra.Command) string {
	return strings.ReplaceAll(c.CommandPath(), " ", "-") + ".1.gz"
}

// WriteManPages writes ManPages(root, header) into dir, creating it, and
// returns the file names written, sorted.
func WriteManPages(root *cobra.Command, header *doc.GenManHeader, dir string) ([]string, error) {
	pages, err := ManPages(root, header)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating the man page directory: %w", err)
	}
	names := make([]string, 0, len(pages))
	for name, body := range pages {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			return nil, fmt.Errorf("writing man page: %w", err)
		}
		names = append(names, name)
	}
	sort.Strings(names)
	return names, nil
}
