// Command demogen writes the built-in demo databases of package geoip
// (demo-city.mmdb and demo-asn.mmdb) into the directory given as its
// argument. Run it with `go generate ./cmd/geoip`; TestDemoFilesUpToDate
// fails when the committed files differ from what it writes.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/stytchctl/stytchctl/cmd/geoip/geoiptest"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: demogen DIR")
		os.Exit(2)
	}
	files, err := geoiptest.DemoFiles()
	if err != nil {
		fmt.Fprintln(os.Stderr, "demogen:", err)
		os.Exit(1)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(os.Args[1], n), files[n], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "demogen:", err)
			os.Exit(1)
		}
	}
}
