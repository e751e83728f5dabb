package cmd

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/mattn/go-runewidth"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// helpWidth is the width every help screen fits: an 80-column terminal.
// TestHelpFitsEightyColumns holds every line of every screen to it.
const helpWidth = 80

// maxLongLines bounds a command's Long: what the command does and its
// contract. Details (rules, document shapes, retry arithmetic, rationale)
// go to the help topics, which are also man pages.
const maxLongLines = 6

// setHelpLayout makes every command of root's tree print its usage as
// cobra does (Usage, Aliases, Examples, Commands, Flags, Global Flags,
// help topics), except that the usage line and the descriptions of flags
// are wrapped to helpWidth, continuation lines under the text they
// continue.
func setHelpLayout(root *cobra.Command) {
	root.SetUsageFunc(func(c *cobra.Command) error {
		return writeUsage(c.OutOrStderr(), c)
	})
}

// writeUsage writes c's usage to w in the layout setHelpLayout describes.
func writeUsage(w io.Writer, c *cobra.Command) error {
	var b strings.Builder
	b.WriteString("Usage:")
	if c.Runnable() {
		b.WriteString("\n" + wrapUseLine(c))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\n  %s [command]", c.CommandPath())
	}
	if len(c.Aliases) > 0 {
		fmt.Fprintf(&b, "\n\nAliases:\n  %s", c.NameAndAliases())
	}
	if c.HasExample() {
		fmt.Fprintf(&b, "\n\nExamples:\n%s", c.Example)
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\nAvailable Commands:")
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				fmt.Fprintf(&b, "\n  %-*s %s", sub.NamePadding(), sub.Name(), sub.Short)
			}
		}
	}
	if c.HasAvailableLocalFlags() {
		b.WriteString("\n\nFlags:\n")
		b.WriteString(wrapFlagUsages(c.LocalFlags()))
	}
	if c.HasAvailableInheritedFlags() {
		b.WriteString("\n\nGlobal Flags:\n")
		b.WriteString(wrapFlagUsages(c.InheritedFlags()))
	}
	if c.HasHelpSubCommands() {
		b.WriteString("\n\nAdditional help topics:")
		for _, sub := range c.Commands() {
			if sub.IsAdditionalHelpTopicCommand() {
				fmt.Fprintf(&b, "\n  %-*s %s", sub.CommandPathPadding(), sub.CommandPath(), sub.Short)
			}
		}
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\n\nUse \"%s [command] --help\" for more about a command.", c.CommandPath())
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// wrapUseLine is c's usage line, indented by two spaces and wrapped to
// helpWidth, continuation lines under the first argument. It breaks only
// before a flag, a bracket or a "|", so a flag stays with its value.
func wrapUseLine(c *cobra.Command) string {
	indent := 2 + len(c.CommandPath()) + 1
	if indent > helpWidth/2 {
		indent = 6
	}
	var words []string
	for _, w := range strings.Fields(strings.TrimPrefix(c.UseLine(), c.CommandPath())) {
		if n := len(words); n > 0 && !strings.ContainsAny(w[:1], "-[(|") {
			words[n-1] += " " + w
			continue
		}
		words = append(words, w)
	}
	line := "  " + c.CommandPath()
	var lines []string
	for _, w := range words {
		if len(line)+1+len(w) > helpWidth && strings.TrimSpace(line) != "" {
			lines = append(lines, line)
			line = strings.Repeat(" ", indent-1)
		}
		line += " " + w
	}
	return strings.Join(append(lines, line), "\n")
}

// wrapFlagUsages is pflag's aligned list of fs's flags with every
// description wrapped to helpWidth, continuation lines under the
// description's first column. A line breaks only where a reader would:
// never inside "RFC 3339", "(default …)" or after a bare "-" or "(-".
func wrapFlagUsages(fs *pflag.FlagSet) string {
	lines := strings.Split(strings.TrimRight(fs.FlagUsagesWrapped(0), " \n"), "\n")
	col := 0
	for _, l := range lines {
		col = max(col, descriptionColumn(l))
	}
	indent := col
	if helpWidth-col < 30 {
		indent = 12 // too little room beside the names: wrap beneath them
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteString("\n")
		}
		if len(l) <= col {
			b.WriteString(strings.TrimRight(l, " "))
			continue
		}
		first, desc := l[:col], strings.TrimSpace(l[col:])
		if indent != col && col+len(desc) > helpWidth {
			first = strings.TrimRight(first, " ") + "\n" + strings.Repeat(" ", indent)
		}
		b.WriteString(first)
		b.WriteString(strings.Join(wrapWords(desc, helpWidth-indent), "\n"+strings.Repeat(" ", indent)))
	}
	return b.String()
}

// descriptionColumn is the byte offset at which the description of the
// flag on line l starts: after the name and its value placeholder, which
// pflag ends with at least two spaces.
func descriptionColumn(l string) int {
	start := len(l) - len(strings.TrimLeft(l, " "))
	gap := strings.Index(l[start:], "  ")
	if gap < 0 {
		return len(l)
	}
	rest := l[start+gap:]
	return start + gap + len(rest) - len(strings.TrimLeft(rest, " "))
}

// wrapWords breaks s into lines of at most width columns at spaces,
// keeping together the words that glued says belong together. A unit
// longer than width stays whole on its own line.
func wrapWords(s string, width int) []string {
	var units []string
	for _, w := range strings.Fields(s) {
		if n := len(units); n > 0 && (glued(units[n-1], w) || openAside(units[n-1])) {
			units[n-1] += " " + w
			continue
		}
		units = append(units, w)
	}
	var lines []string
	line := ""
	for _, u := range units {
		switch {
		case line == "":
			line = u
		case runewidth.StringWidth(line)+1+runewidth.StringWidth(u) <= width:
			line += " " + u
		default:
			lines = append(lines, line)
			line = u
		}
	}
	return append(lines, line)
}

// glued reports whether a line must not break between prev (the end of
// the text so far) and next: "RFC 3339", "(default "table")", after a short
// opening such as "(0:", and after a word of punctuation only, such as the
// "(-" of "(- for stdin".
func glued(prev, next string) bool {
	last := prev[strings.LastIndex(prev, " ")+1:]
	if strings.TrimLeft(last, "(") == "RFC" || last == "(default" || last == "-o" || strings.HasPrefix(last, "(") && len(last) <= 3 {
		return true
	}
	return strings.IndexFunc(last, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0
}

// wrapExample breaks a shell command line longer than the help's width
// (after its two-space indent) into lines joined by " \\" and indented
// by four spaces, as a shell reads them back. It breaks only before a
// flag or a pipe outside quotes; a piece longer than a line stays whole.
func wrapExample(line string) string {
	if 2+runewidth.StringWidth(line) <= helpWidth {
		return line
	}
	var pieces []string
	start := 0
	var quote byte
	for i := 0; i < len(line); i++ {
		switch ch := line[i]; {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == ' ' && i+1 < len(line) && (line[i+1] == '-' || line[i+1] == '|'):
			pieces = append(pieces, line[start:i])
			start = i + 1
		}
	}
	pieces = append(pieces, line[start:])
	var out []string
	cur, limit := pieces[0], helpWidth-2
	for _, p := range pieces[1:] {
		if runewidth.StringWidth(cur)+1+runewidth.StringWidth(p)+2 > limit {
			out = append(out, cur+" \\")
			cur, limit = "  "+p, helpWidth-2
			continue
		}
		cur += " " + p
	}
	return strings.Join(append(out, cur), "\n  ")
}

// openAside reports whether unit starts a short parenthesis that it does
// not close yet, such as "(0: no" of "(0: no limit)": a line does not break
// inside a short aside.
func openAside(unit string) bool {
	return strings.HasPrefix(unit, "(") && !strings.Contains(unit, ")") && len(unit) < 16
}
