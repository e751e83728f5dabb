package cmd

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/render"
	"github.com/stytchctl/stytchctl/render/suggest"
)

// formatChoice is one -o value a command takes, with what it prints
// there (the line -o help shows).
type formatChoice struct {
	f    render.Format
	desc string
}

// formatChoices are the given formats with render's descriptions.
func formatChoices(fs ...render.Format) []formatChoice {
	out := make([]formatChoice, len(fs))
	for i, f := range fs {
		out[i] = formatChoice{f, f.Description()}
	}
	return out
}

// listFormatChoices are the formats of a command that prints a list:
// every format there is.
func listFormatChoices() []formatChoice {
	return formatChoices(render.Table, render.Wide, render.JSON, render.YAML, render.NDJSON, render.CSV)
}

// documentFormatChoices are the formats of a command that prints one
// document: no list formats.
func documentFormatChoices() []formatChoice {
	return formatChoices(render.Table, render.JSON, render.YAML)
}

// formatNames are the names of choices, in help order.
func formatNames(choices []formatChoice) []string {
	out := make([]string, len(choices))
	for i, c := range choices {
		out[i] = string(c.f)
	}
	return out
}

// bindFormats adds -o/--output to c taking only choices, which its help,
// its completion and -o help list; shape says what c prints when a format
// it does not take is asked for ("prints one document").
func bindFormats(c *cobra.Command, o *outputOptions, shape string, choices []formatChoice) {
	o.formats, o.shape = choices, shape
	names := formatNames(choices)
	o.raw = string(render.Table)
	c.Flags().VarP(formatFlag{o}, "output", "o", "Print as `FORMAT`: "+strings.Join(names, ", ")+` ("help" lists them)`)
	_ = c.RegisterFlagCompletionFunc("output", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return names, cobra.ShellCompDirectiveNoFileComp
	})
}

// choices are the formats o takes: those bound with bindFormats, else
// every format.
func (o *outputOptions) choices() []formatChoice {
	if len(o.formats) == 0 {
		return listFormatChoices()
	}
	return o.formats
}

// parseFormat checks -o against the formats c takes. A misspelt name gets
// "did you mean" among them; a format c does not take names the ones it
// does. Both are usage errors.
func (o *outputOptions) parseFormat(c *cobra.Command) (render.Format, error) {
	names := formatNames(o.choices())
	if o.raw == "" {
		return render.Table, nil
	}
	for _, n := range names {
		if strings.EqualFold(o.raw, n) {
			return render.Format(n), nil
		}
	}
	if _, err := render.ParseFormat(o.raw); err == nil {
		return "", usageErrorf("-o %s: %s %s: use -o %s", strings.ToLower(o.raw), c.CommandPath(), o.shape, orList(names))
	}
	hint := ""
	if s := suggest.DidYouMean(o.raw, names); s != "" {
		hint = s + " "
	}
	return "", usageErrorf("unknown output format %q: %svalid formats are %s", o.raw, hint, strings.Join(names, ", "))
}

// orList is "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// writeFormatList is -o help: the formats c takes, each with what it
// prints, and the note on --jq and --template when c has them.
func (o *outputOptions) writeFormatList(c *cobra.Command, w io.Writer) error {
	var b strings.Builder
	b.WriteString("Output formats (-o):\n")
	for _, f := range o.choices() {
		fmt.Fprintf(&b, "  %-8s %s\n", f.f, f.desc)
	}
	if c.Flags().Lookup("jq") != nil && slices.ContainsFunc(o.choices(), func(f formatChoice) bool { return f.f == render.JSON }) {
		b.WriteString("\nWith --jq EXPR or --template TMPL the JSON document is filtered or\n" +
			"formatted instead (they need -o json, or no -o at all).\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// formatFlag is the value of -o: o.raw, with o at hand for -o help.
type formatFlag struct{ o *outputOptions }

func (f formatFlag) String() string { return f.o.raw }

// Set keeps the name as given; validate checks it.
func (f formatFlag) Set(s string) error { f.o.raw = s; return nil }

// Type is pflag's name of the value's type; not "string", so that help
// writes the default unquoted, as the other defaults are: (default table).
func (f formatFlag) Type() string { return "format" }

// formatHelpSkipsArgs makes `-o help` list the formats of every command
// in the tree, and do nothing else, without the arguments the command
// needs to run (`users get -o help`, with no user): the command's checks
// of its arguments and its run are skipped.
func formatHelpSkipsArgs(root *cobra.Command) {
	walkCommands(root, func(c *cobra.Command) {
		f := c.Flags().Lookup("output")
		if f == nil || c.RunE == nil {
			return
		}
		out, ok := f.Value.(formatFlag)
		if !ok {
			return
		}
		args, run := c.Args, c.RunE
		asked := func() bool { return strings.EqualFold(out.o.raw, "help") }
		if args != nil {
			c.Args = func(c *cobra.Command, a []string) error {
				if asked() {
					return nil
				}
				return args(c, a)
			}
		}
		c.RunE = func(c *cobra.Command, a []string) error {
			if asked() {
				return out.o.writeFormatList(c, c.OutOrStdout())
			}
			return run(c, a)
		}
	})
}
