package cmd

import (
	"context"
	"strings"
	"time"
	_ "time/tzdata" // --tz works where the system has no zoneinfo (Windows, scratch images)

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/render"
)

// outputOptions is -o/--output, --jq, --template, --tz and --csv-raw: how
// every command that prints data prints it. bindOutput adds the flags; validate
// checks them all once, before anything is sent (the printer is chosen
// once from the flags, as in k8s cli-runtime); newListPrinter then builds
// the printer a list command hands its items to.
type outputOptions struct {
	// formats are the -o values the command takes and shape what it
	// prints, set by bindFormats.
	formats []formatChoice
	shape   string

	raw      string
	jq       string
	template string
	tz       string
	csvRaw   bool

	// Set by validate.
	format render.Format
	loc    *time.Location
	print  render.PrintOptions
}

// bindOutput adds -o/--output (every format), --jq, --template, --tz and
// --csv-raw to c: the flags of a command that prints a list.
func bindOutput(c *cobra.Command, o *outputOptions) {
	bindFormats(c, o, "prints a list", listFormatChoices())
	bindDocumentFilters(c, o)
	c.Flags().BoolVar(&o.csvRaw, "csv-raw", false, "With -o csv, keep cells that start with =, +, -, @, a tab or a carriage return as they are instead of after a ' that stops spreadsheets running them as formulas")
}

// bindDocumentFilters adds --jq, --template and --tz.
func bindDocumentFilters(c *cobra.Command, o *outputOptions) {
	bindJQTemplate(c, o)
	bindTZ(c, o)
}

// bindJQTemplate adds --jq and --template.
func bindJQTemplate(c *cobra.Command, o *outputOptions) {
	c.Flags().StringVar(&o.jq, "jq", "", "Filter the JSON document with the jq expression `EXPR`; strings print raw, other values as JSON, one per line")
	c.Flags().StringVar(&o.template, "template", "", "Format the JSON document with a Go `TEMPLATE` (helpers: timeago, timefmt, join, truncate, upper, color)")
}

// bindTZ adds --tz.
func bindTZ(c *cobra.Command, o *outputOptions) {
	c.Flags().StringVar(&o.tz, "tz", "", "Show human times in `ZONE`, such as Europe/Paris (default: $TZ, else the system's); machine formats stay UTC")
}

// bindDocumentOutput is bindOutput for a command that prints one document,
// not a list: -o takes table, json and yaml only, in its help, -o help and
// completion; no --csv-raw.
func bindDocumentOutput(c *cobra.Command, o *outputOptions) {
	bindFormats(c, o, "prints one document", documentFormatChoices())
	bindDocumentFilters(c, o)
}

// bindTimelessDocumentOutput is bindDocumentOutput for a document with no
// time in it (version, auth status): no --tz, which would change nothing.
func bindTimelessDocumentOutput(c *cobra.Command, o *outputOptions) {
	bindFormats(c, o, "prints one document", documentFormatChoices())
	bindJQTemplate(c, o)
}

// validate parses every output flag. It returns done when -o help listed
// the formats (the command then ends successfully without sending
// anything). Every error is a usage error.
func (o *outputOptions) validate(c *cobra.Command, a *app) (done bool, err error) {
	if strings.EqualFold(o.raw, "help") {
		return true, o.writeFormatList(c, a.deps.Stdout)
	}
	f, err := o.parseFormat(c)
	if err != nil {
		return false, err
	}
	o.format = f
	if o.csvRaw && f != render.CSV {
		return false, usageErrorf("--csv-raw changes -o csv only, not -o %s", f)
	}
	if o.loc, err = a.location(o.tz); err != nil {
		return false, err
	}
	tty := a.deps.StdoutTTY
	o.print = render.PrintOptions{
		Format: f,
		Table: render.TableOptions{
			TTY:      tty,
			Color:    a.deps.colorEnabled(tty),
			Now:      a.deps.Now(),
			Location: o.loc,
		},
		Sanitize:    tty,
		CompactJSON: !tty,
		CSVRaw:      o.csvRaw,
	}
	if o.jq != "" || o.template != "" {
		explicit := c.Flags().Changed("output")
		switch {
		case o.jq != "" && o.template != "":
			return false, usageErrorf("--jq and --template cannot be used together")
		case explicit && f != render.JSON:
			flag := "--jq"
			if o.template != "" {
				flag = "--template"
			}
			return false, usageErrorf("%s works on the JSON document: use it with -o json or without -o, not -o %s", flag, f)
		}
		o.format, o.print.Format = render.JSON, render.JSON
	}
	if o.jq != "" {
		q, err := render.CompileJQ(o.jq)
		if err != nil {
			return false, usageErrorf("invalid --jq expression: %w", err)
		}
		o.print.JQ = q
	}
	if o.template != "" {
		t, err := render.ParseTemplate(o.template, render.TemplateOptions{
			Now:      a.deps.Now(),
			Location: o.loc,
			Color:    a.deps.colorEnabled(tty),
			Sanitize: tty,
		})
		if err != nil {
			return false, usageErrorf("invalid --template: %w", err)
		}
		o.print.Template = t
	}
	return false, nil
}

// location resolves the zone of human times: --tz, else $TZ (as the C
// library reads it, ":Europe/Paris" included), else the system's zone. A bad
// --tz is a usage error; a bad $TZ means UTC, as it does for the Go runtime
// and libc.
func (a *app) location(flag string) (*time.Location, error) {
	if flag != "" {
		loc, err := time.LoadLocation(flag)
		if err != nil {
			return nil, usageErrorf("invalid --tz %q: want an IANA time zone such as UTC, Europe/Paris or America/New_York", flag)
		}
		return loc, nil
	}
	if tz, ok := a.deps.LookupEnv("TZ"); ok {
		tz = strings.TrimPrefix(tz, ":")
		if tz == "" {
			return time.UTC, nil
		}
		loc, err := time.LoadLocation(tz)
		if err != nil {
			return time.UTC, nil
		}
		return loc, nil
	}
	return time.Local, nil
}

// newListPrinter builds the printer of list l from validated output
// options, writing to stdout. Every list command prints through it, with
// its own top-level key ("sessions", "results", "member_sessions",
// "findings").
func newListPrinter[T any](a *app, o *outputOptions, l render.List[T]) render.Printer[T] {
	p := o.print
	if p.Table.TTY && (p.Format == render.Table || p.Format == render.Wide) && a.deps.TermWidth != nil {
		p.Table.Width = a.deps.TermWidth()
	}
	if p.Table.TTY && p.JQ == nil && p.Template == nil && (p.Format == render.Table || p.Format == render.Wide) {
		// A table for a person: shown when complete, paged when long.
		out := a.humanOut()
		return pagedPrinter[T]{render.NewPrinter(out, p, l), out}
	}
	return render.NewPrinter(a.deps.Stdout, p, l)
}

// validateDocument is validate for a command bound with
// bindDocumentOutput: -o table, json or yaml, and --jq or --template over
// the JSON.
func (o *outputOptions) validateDocument(c *cobra.Command, a *app) (done bool, err error) {
	return o.validate(c, a)
}

// printDocumentOutput prints one JSON document as o asks: through --jq or
// --template when given, else as JSON or YAML.
func (a *app) printDocumentOutput(ctx context.Context, o *outputOptions, raw []byte) error {
	switch {
	case o.print.JQ != nil:
		return o.print.JQ.Run(ctx, a.deps.Stdout, raw, o.print.Sanitize)
	case o.print.Template != nil:
		return o.print.Template.Execute(a.deps.Stdout, raw)
	}
	return a.printDocument(o.format, raw)
}

// passThrough reports whether the document is printed as a whole, with no
// --jq or --template to run over it.
func (o *outputOptions) passThrough() bool {
	return o.format.IsDocument() && o.jq == "" && o.template == ""
}

// printDocument prints a whole JSON document in a document format. JSON is
// indented for a person on a terminal and compact on one line for a pipe,
// as every command's -o json is (see help formatting): the API's bytes
// with only the whitespace between tokens removed.
func (a *app) printDocument(f render.Format, raw []byte) error {
	switch {
	case f == render.YAML:
		return render.WriteYAML(a.deps.Stdout, raw, a.deps.StdoutTTY)
	case a.deps.StdoutTTY:
		return render.WriteJSON(a.deps.Stdout, raw, true)
	default:
		return render.WriteCompactJSON(a.deps.Stdout, raw)
	}
}

// printTable draws t for a person on a terminal, or as TSV when piped.
func (a *app) printTable(t render.TableData) error {
	o := render.TableOptions{
		TTY:   a.deps.StdoutTTY,
		Color: a.deps.colorEnabled(a.deps.StdoutTTY),
		Now:   a.deps.Now(),
	}
	if !o.TTY {
		return render.WriteTable(a.deps.Stdout, t, o)
	}
	if a.deps.TermWidth != nil {
		o.Width = a.deps.TermWidth()
	}
	out := a.humanOut()
	if err := render.WriteTable(out, t, o); err != nil {
		return err
	}
	return out.finish()
}
