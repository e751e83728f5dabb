package cmd

import (
	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/render"
)

// outputOptions is the -o flag and what it needs to print, shared by every
// command that prints data. The format is validated once, before anything
// is sent (k8s cli-runtime's printer model).
type outputOptions struct {
	raw    string
	format render.Format
}

// bindOutput adds -o/--output to c.
func bindOutput(c *cobra.Command, o *outputOptions) {
	c.Flags().StringVarP(&o.raw, "output", "o", "table", render.FormatHelp())
	_ = c.RegisterFlagCompletionFunc("output", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return render.Formats(), cobra.ShellCompDirectiveNoFileComp
	})
}

// validate parses the format; an unknown one is a usage error.
func (o *outputOptions) validate() error {
	f, err := render.ParseFormat(o.raw)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	o.format = f
	return nil
}

// printDocument prints a whole JSON document in a document format. JSON is
// indented for a person on a terminal and passed through byte for byte to
// a pipe, which is both lossless and as fast as the API can send it.
func (a *app) printDocument(f render.Format, raw []byte) error {
	switch {
	case f == render.YAML:
		return render.WriteYAML(a.deps.Stdout, raw)
	case a.deps.StdoutTTY:
		return render.WriteJSON(a.deps.Stdout, raw)
	default:
		return render.WriteRawJSON(a.deps.Stdout, raw)
	}
}

// printTable draws t for a person on a terminal, or as TSV when piped.
func (a *app) printTable(t render.TableData) error {
	o := render.TableOptions{
		TTY:   a.deps.StdoutTTY,
		Color: a.deps.colorEnabled(a.deps.StdoutTTY),
		Now:   a.deps.Now(),
	}
	if o.TTY && a.deps.TermWidth != nil {
		o.Width = a.deps.TermWidth()
	}
	return render.WriteTable(a.deps.Stdout, t, o)
}
