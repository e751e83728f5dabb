package cmd

import (
	"encoding/json"
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

type versionOptions struct {
	output outputOptions
}

func newVersionCmd(a *app) *cobra.Command {
	o := &versionOptions{}
	c := &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and build date",
		Long: `Print stytchctl's version, the commit and date it was built from, and the
Go version and platform. -o json and -o yaml print them as one document,
for scripts and bug reports.`,
		Args: cobra.NoArgs,
		Example: examples(
			"stytchctl version",
			"stytchctl --version",
			"stytchctl version -o json | jq -r .version",
		),
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c, a)
		},
	}
	bindTimelessDocumentOutput(c, &o.output)
	return c
}

// versionDoc is the -o json document of version. Commit and date are ""
// in a build that was not made by the release (go build, go run).
type versionDoc struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	Date    string `json:"date"`
	Go      string `json:"go"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
}

func (o *versionOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.output.validateDocument(c, a); done || err != nil {
		return err
	}
	b := a.deps.Build
	if o.output.format.IsDocument() {
		raw, err := json.Marshal(versionDoc{Version: b.Version, Commit: b.Commit, Date: b.Date,
			Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH})
		if err != nil {
			return err
		}
		return a.printDocumentOutput(c.Context(), &o.output, raw)
	}
	if _, err := fmt.Fprintf(a.deps.Stdout, "stytchctl %s\n", b.Version); err != nil {
		return err
	}
	if b.Commit != "" {
		fmt.Fprintf(a.deps.Stdout, "commit: %s\n", b.Commit)
	}
	if b.Date != "" {
		fmt.Fprintf(a.deps.Stdout, "built: %s\n", b.Date)
	}
	_, err := fmt.Fprintf(a.deps.Stdout, "go: %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}
