package cmd

import (
	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/render"
)

// streamFormatChoices are the -o values of a command that streams events
// (sessions watch), with what each prints: a whole document never exists,
// so the document formats, --jq, --template and --csv-raw are not offered.
func streamFormatChoices() []formatChoice {
	return []formatChoice{
		{render.Table, "one line per event; piped, tab-separated, RFC 3339 UTC times"},
		{render.NDJSON, "one JSON object per event, as it happens"},
	}
}

// bindStreamOutput is bindOutput for a command that streams events: -o
// (table or ndjson, in its help, -o help and completion) and --tz only.
func bindStreamOutput(c *cobra.Command, o *outputOptions) {
	bindFormats(c, o, "streams events", streamFormatChoices())
	bindTZ(c, o)
}

// validateStream is validate for a command bound with bindStreamOutput:
// -o help lists the stream formats only, and any other format is a usage
// error naming the ones it takes.
func (o *outputOptions) validateStream(c *cobra.Command, a *app) (done bool, err error) {
	return o.validate(c, a)
}
