package cmd

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/render"
)

// streamFormats are the -o values of a command that streams events
// (sessions watch), with what each prints: a whole document never exists,
// so the document formats, --jq, --template and --csv-raw are not offered.
var streamFormats = []struct {
	f    render.Format
	desc string
}{
	{render.Table, "one line per event; piped, tab-separated with RFC 3339 UTC times (default)"},
	{render.NDJSON, "one JSON object per event, as it happens"},
}

// streamFormatNames is "table", "ndjson".
func streamFormatNames() []string {
	out := make([]string, len(streamFormats))
	for i, f := range streamFormats {
		out[i] = string(f.f)
	}
	return out
}

// bindStreamOutput is bindOutput for a command that streams events: -o
// (table or ndjson, in its help, -o help and completion) and --tz only.
func bindStreamOutput(c *cobra.Command, o *outputOptions) {
	names := streamFormatNames()
	c.Flags().StringVarP(&o.raw, "output", "o", "table", "Print as `FORMAT`: "+strings.Join(names, ", ")+` ("help" lists them)`)
	_ = c.RegisterFlagCompletionFunc("output", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return names, cobra.ShellCompDirectiveNoFileComp
	})
	bindTZ(c, o)
}

// validateStream is validate for a command bound with bindStreamOutput:
// -o help lists the stream formats only, and any other format is a usage
// error naming the ones it takes.
func (o *outputOptions) validateStream(c *cobra.Command, a *app) (done bool, err error) {
	if strings.EqualFold(o.raw, "help") {
		return true, writeStreamFormatList(a.deps.Stdout)
	}
	names := streamFormatNames()
	if f, err := render.ParseFormat(o.raw); err != nil || !slices.Contains(names, string(f)) {
		return false, usageErrorf("-o %s: %s streams events: use -o %s", o.raw, c.CommandPath(), strings.Join(names, " or -o "))
	}
	return o.validate(c, a)
}

// writeStreamFormatList is -o help for a command that streams events.
func writeStreamFormatList(w io.Writer) error {
	var b strings.Builder
	b.WriteString("Output formats (-o):\n")
	for _, f := range streamFormats {
		fmt.Fprintf(&b, "  %-8s %s\n", f.f, f.desc)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
