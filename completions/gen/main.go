// Command gen writes stytchctl's shell completion scripts and man pages from
// the command tree. `go generate ./completions` runs it for the committed
// scripts; goreleaser's before hook runs it for the man pages:
//
//	go run ./completions/gen -completions completions
//	go run ./completions/gen -man completions/man -version 1.2.3 -date 2026-06-04T10:00:00Z
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/stytchctl/stytchctl/cmd"
	"github.com/stytchctl/stytchctl/completions"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	compDir := fs.String("completions", "", "write the shell completion scripts into this directory")
	manDir := fs.String("man", "", "write the man pages (gzip-compressed) into this directory")
	version := fs.String("version", "dev", "version named in the man pages' footer")
	date := fs.String("date", "", "date of the man pages, RFC 3339 (default: SOURCE_DATE_EPOCH, else now)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 || (*compDir == "" && *manDir == "") {
		return fmt.Errorf("usage: gen [-completions DIR] [-man DIR [-version V] [-date RFC3339]]")
	}
	root := cmd.CommandTree(cmd.BuildInfo{Version: *version})
	if *compDir != "" {
		if err := completions.WriteScripts(root, *compDir); err != nil {
			return err
		}
	}
	if *manDir != "" {
		when, err := manDate(*date)
		if err != nil {
			return err
		}
		names, err := completions.WriteManPages(root, completions.ManHeader(*version, when), *manDir)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "gen: wrote %d man pages into %s\n", len(names), *manDir)
	}
	return nil
}

// manDate picks the man pages' date: -date, else SOURCE_DATE_EPOCH (for
// reproducible builds), else now. A zero -date (goreleaser's CommitDate in
// a clone without a remote) counts as not given.
func manDate(flagValue string) (time.Time, error) {
	if flagValue != "" {
		t, err := time.Parse(time.RFC3339, flagValue)
		if err != nil {
			return time.Time{}, fmt.Errorf("-date: %w", err)
		}
		if !t.IsZero() {
			return t.UTC(), nil
		}
	}
	if epoch := os.Getenv("SOURCE_DATE_EPOCH"); epoch != "" {
		var secs int64
		if _, err := fmt.Sscan(epoch, &secs); err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q: %w", epoch, err)
		}
		return time.Unix(secs, 0).UTC(), nil
	}
	return time.Now().UTC(), nil
}
