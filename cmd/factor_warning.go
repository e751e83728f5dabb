package cmd

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
	"github.com/stytchctl/stytchctl/render/suggest"
)

// warnUnknownFactors warns on w about --factor names Stytch does not
// document, listing the ones it does. They still filter: Stytch may add
// kinds of factor before stytchctl knows them.
func warnUnknownFactors(w io.Writer, o sessionfilter.Options) {
	unknown := o.UnknownFactors()
	if len(unknown) == 0 {
		return
	}
	types, methods, providers := sessionfilter.FactorNames()
	var b strings.Builder
	for _, name := range unknown {
		fmt.Fprintf(&b, "stytchctl: warning: --factor %q is not a factor Stytch documents (it still filters)", name)
		if s := suggest.DidYouMean(name, slices.Concat(types, methods, providers)); s != "" {
			b.WriteString(": " + s)
		}
		b.WriteString("\n")
	}
	writeWrapped(&b, "  factor types: ", types)
	writeWrapped(&b, "  delivery methods: ", methods)
	writeWrapped(&b, "  OAuth providers: ", providers)
	_, _ = io.WriteString(w, b.String())
}

// writeWrapped writes head and words joined by ", ", wrapped to 80 columns
// with continuation lines indented by four spaces.
func writeWrapped(b *strings.Builder, head string, words []string) {
	line := head
	for i, word := range words {
		sep := ", "
		if i == len(words)-1 {
			sep = ""
		}
		if len(line)+len(word)+len(sep) > 80 && line != head {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = "    "
		}
		line += word + sep
	}
	b.WriteString(line + "\n")
}
