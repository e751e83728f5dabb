package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/stytchctl/stytchctl/config"
	"github.com/stytchctl/stytchctl/render"
)

// Help topics are commands that only have help: `stytchctl help
// exit-codes` (or `stytchctl exit-codes`) prints the topic to stdout, and
// cobra lists them under "Additional help topics". Their text is written by
// fillHelpTopics once the whole tree exists, from the same constants and
// lists the code uses, so it cannot drift from what the tool does.

// Names of the help topic commands.
const (
	topicExitCodes   = "exit-codes"
	topicEnvironment = "environment"
	topicFormatting  = "formatting"
)

// newHelpTopicCmds returns the help topic commands, still without their text.
func newHelpTopicCmds() []*cobra.Command {
	topic := func(name, short string) *cobra.Command {
		return &cobra.Command{
			Use:     name,
			Short:   short,
			Example: examples("stytchctl help " + name),
		}
	}
	return append([]*cobra.Command{
		topic(topicExitCodes, "What each exit status means"),
		topic(topicEnvironment, "Environment variables, and which setting wins"),
		topic(topicFormatting, "Output formats, and what changes when piped"),
		topic(topicGeoIP, "IP location databases, and where to put them"),
	}, newGuideTopicCmds()...)
}

// fillHelpTopicsOnUse makes each help topic of root's tree write its text
// (fillHelpTopics) when it is first shown, not on every run: the texts
// walk the tree and wrap pages of prose.
func fillHelpTopicsOnUse(root *cobra.Command) {
	filled := false
	for _, c := range root.Commands() {
		if !c.IsAdditionalHelpTopicCommand() {
			continue
		}
		c.SetHelpFunc(func(c *cobra.Command, args []string) {
			if !filled {
				fillHelpTopics(root)
				filled = true
			}
			root.HelpFunc()(c, args)
		})
	}
}

// fillHelpTopics writes the text of the help topics of root's tree that
// are made from it or from code.
func fillHelpTopics(root *cobra.Command) {
	for _, c := range root.Commands() {
		switch c.Name() {
		case topicDemo:
			c.Long = demoHelp()
		case topicAuditRules:
			c.Long = auditRulesHelp()
		case topicExitCodes:
			c.Long = exitCodesHelp()
		case topicEnvironment:
			c.Long = environmentHelp(root)
		case topicFormatting:
			c.Long = formattingHelp(root)
		case topicGeoIP:
			c.Long = geoipHelp()
		}
	}
}

// exitCodeMeanings documents every exit code of exit.go, in order.
// TestExitCodesTopicCoversExitGo fails when a constant is missing here.
func exitCodeMeanings() []struct {
	code    int
	meaning string
} {
	return []struct {
		code    int
		meaning string
	}{
		{ExitOK, "success, including an empty result (no sessions is not an error)"},
		{ExitFailure, "failure not listed below: network, 5xx after retries, an unreadable response, a redirect, a timeout"},
		{ExitUsage, "usage: bad flag, missing or malformed argument; nothing was sent"},
		{ExitNotFound, "not found: user, session, organization, member, email"},
		{ExitAuth, "authentication: no credentials, or the API said 401/403 (whatever the body)"},
		{ExitRateLimited, "rate limited, still after retries"},
		{ExitCheckFailed, "a check failed: audit findings at or above --fail-on, a JWT that does not verify"},
		{ExitInterrupted, "interrupted (Ctrl-C or SIGTERM)"},
	}
}

func exitCodesHelp() string {
	var b strings.Builder
	b.WriteString("stytchctl's exit status tells a script what happened without parsing stderr:\n\n")
	for _, e := range exitCodeMeanings() {
		fmt.Fprintf(&b, "  %-4d %s\n", e.code, strings.Join(wrapWords(e.meaning, helpWidth-9), "\n       "))
	}
	b.WriteString(`
On failure stderr has one line naming what was being done, Stytch's
error_type, its message and the request_id (Stytch support will ask for it),
then the next step when one is known (one line, shown here on two):

  stytchctl: listing sessions of user user-test-…: user_not_found: User
  could not be found. (request_id request-id-test-…)

stdout only ever has data. When one command fetches for several users and
some fail, stdout has the results that worked, stderr has one line per
failure, and the exit status is that of the failure.

Retries (429, 5xx, timeouts, connection errors) happen before the exit status
is decided: 5 means Stytch was still rate limiting after the last retry.

A broken pipe (stytchctl … | head -1) ends the command quietly with 0.

inspect exits 3 when no user has the ID or email address, 1 when several
users share the address (stderr lists them). When the user or the sessions
could not be fetched, the other part is still printed and the exit status
is the failure's; otherwise 6 with --fail-on, as sessions audit.

A revoke declined at its prompt (any answer but y or yes) exits 1 with
"not confirmed: nothing was revoked", as does leaving the session picker
with Esc or q ("cancelled in the session picker"); Ctrl-C there is 130.
A revoke that cannot ask (stdin is not a terminal) and has no --yes is
exit 2, after the selection is checked: what to revoke is reported before
how it is confirmed. auth login replacing a profile and auth logout of the
active one ask the same way: declined, exit 1; unable to ask, pass --force
(login) or --yes (logout), else exit 2.`)
	return b.String()
}

// envVar documents one environment variable.
type envVar struct {
	name, meaning string
}

func environmentVars(root *cobra.Command) []envVar {
	vars := []envVar{
		{config.EnvProjectID + ", " + config.EnvSecret,
			"Credentials of a Stytch project, from the dashboard's API keys. Set both or neither: one alone is an error (exit 4), and so is a project ID with a \":\", spaces or control characters. The secret is never accepted as a flag."},
		{config.EnvProfile, "Profile to use when --profile is not given."},
		{config.EnvAPIURL, "API base URL (a custom domain, a proxy, a local fake), when --api-url is not given. https, or http only for loopback hosts."},
		{config.EnvConfigDir, "Where the config file, profiles and the revoke journal live. Default: the OS user config dir + /stytchctl ($XDG_CONFIG_HOME/stytchctl or ~/.config/stytchctl on Linux, ~/Library/Application Support/stytchctl on macOS, %AppData%\\stytchctl on Windows)."},
		{"STYTCHCTL_DEBUG", "Set to 1 for the same as --debug: trace every API request on stderr, secrets masked."},
		{"NO_COLOR", "Set to anything but empty to turn colour off (https://no-color.org)."},
		{"CLICOLOR_FORCE", "Set to anything but empty or 0 to force colour in terminal tables; wins over NO_COLOR."},
		{"TERM", "dumb turns colour off."},
		{"STYTCHCTL_GEOIP_DB", "MaxMind DB (.mmdb) files for IP locations, ':'-separated (a city file, an ASN file), when --geoip-db is not given; none turns location lookup off. See stytchctl help geoip."},
		{"HOME", "What a leading ~ in the geoip_db setting of config.yaml stands for."},
		{"XDG_DATA_HOME", "$XDG_DATA_HOME/stytchctl (default ~/.local/share/stytchctl) is one of the directories searched for IP location databases."},
		{"STYTCHCTL_FORCE_TTY", "Set to 1 (or true) to draw the human table even when stdout is not a terminal, for | less -R or watch(1); a number (100) also sets the width. Only stdout is forced: prompts, the session picker and progress bars still need a real terminal."},
		{"COLUMNS", "The terminal width, when no terminal reports one (watch(1) sets it)."},
		{"STYTCHCTL_PAGER, PAGER", "Pager for human tables longer than the terminal is high (default: less -FRX). Only on a terminal: never when stdout is piped (STYTCHCTL_FORCE_TTY or not), never for -o json, yaml, ndjson or csv, --jq or --template. Set but empty (or --no-pager) turns paging off; STYTCHCTL_PAGER wins over PAGER. The command's exit code and errors are its own, whatever the pager does, and Ctrl-C while the pager shows belongs to the pager."},
		{"LESS, LV", "Passed to the pager; when unset, stytchctl sets LESS=FRX and LV=-c so that colour passes through."},
		{"LC_ALL, LC_CTYPE, LANG", "The locale, first set wins. When it names no UTF-8 character set (LANG=C, POSIX), human output draws its glyphs in ASCII: · as -, … as ~, the timeline's ━ ┄ ─ ● │ as = . - * |. Unset means UTF-8."},
		{"HTTPS_PROXY, HTTP_PROXY, NO_PROXY", "Route API requests through a proxy, as Go's HTTP client reads them (lower-case names work too). The proxy sees the Basic-auth credentials only inside the TLS tunnel it relays."},
		{"DBUS_SESSION_BUS_ADDRESS", "The D-Bus session bus through which the Linux keyring (Secret Service) is reached; without it (and without /run/user/UID/bus), profiles cannot keep secrets in the keyring: stytchctl never starts a bus (see stytchctl auth doctor)."},
		{"CI, KUBERNETES_SERVICE_HOST", "Read only by stytchctl auth doctor, like the two entries below, to tell CI, containers, SSH sessions and WSL apart when it explains why no keyring answers."},
		{"SSH_CLIENT, SSH_CONNECTION, SSH_TTY", "Read only by stytchctl auth doctor: an SSH session (see above)."},
		{"WSL_DISTRO_NAME, WSL_INTEROP", "Read only by stytchctl auth doctor: WSL (see above)."},
	}
	if treeHasFlag(root, "tz") {
		vars = append(vars, envVar{"TZ", "Time zone of the times shown to people when --tz is not given; machine formats stay UTC."})
	}
	return vars
}

func environmentHelp(root *cobra.Command) string {
	var b strings.Builder
	b.WriteString("Environment variables stytchctl reads:\n\n")
	for _, v := range environmentVars(root) {
		fmt.Fprintf(&b, "  %s\n%s\n", v.name, indentWrap(v.meaning, 6, 78))
	}
	fmt.Fprintf(&b, `
Which credentials a command uses, first match wins:

  1. --profile NAME (the built-in %[1]q profile needs nothing)
  2. %[2]s + %[3]s
  3. %[4]s
  4. the active profile of the config file (stytchctl auth switch NAME)

Which API base URL, first match wins:

  1. --api-url URL
  2. %[5]s
  3. the profile's API URL
  4. %[6]s for a project-live-… project ID,
     else %[7]s

Flags always win over the environment, and the environment over the config
file; the one exception is that an explicit --profile wins over
%[2]s/%[3]s, because it was asked for on this command line.

Colour, first match wins: CLICOLOR_FORCE, then NO_COLOR, then TERM=dumb,
then whether stdout is a terminal. Piped output never has colour.`,
		config.DemoProfile, config.EnvProjectID, config.EnvSecret, config.EnvProfile,
		config.EnvAPIURL, config.LiveBaseURL, config.TestBaseURL)
	return b.String()
}

// formatDescriptions describes each -o format. TestFormattingTopicCoversFormats
// fails when render gains a format that is not described here.
func formatDescriptions() map[string]string {
	return map[string]string{
		"table":  "aligned columns for people on a terminal; tab-separated values when piped (see below)",
		"wide":   "the table with more columns: user ID, roles, full user agent, custom claims",
		"json":   "what the API returned, losslessly: every field, unknown ones too, with the API's names and values",
		"yaml":   "the same document as YAML",
		"ndjson": "one compact JSON object per line (one session, one user), written as results arrive",
		"csv":    "RFC 4180 with a header row, RFC 3339 UTC times; cells safe to open in a spreadsheet (see below)",
	}
}

func formattingHelp(root *cobra.Command) string {
	var b strings.Builder
	b.WriteString("-o/--output FORMAT chooses how a command prints its data:\n\n")
	desc := formatDescriptions()
	for _, f := range render.Formats() {
		fmt.Fprintf(&b, "  %-7s %s\n", f, strings.Join(wrapWords(desc[f], helpWidth-12), "\n          "))
	}
	b.WriteString(`
Each command takes only the formats it can print: its -o help lists them.
A command that prints one document takes table, json and yaml. Any other
format is a usage error (exit 2) that lists the ones it takes.

Data goes to stdout and nothing else does: errors, warnings, notes such as
"No active sessions for user …", progress and hints go to stderr. A script
that pipes stdout into jq, cut or a file never sees a message.

Tables, on a terminal (-o table and -o wide):
  a styled header, relative times ("3h ago", "in 5d"), never wider than the
  terminal, by one rule for every table: IDs (session, user, member,
  organization, request), IP addresses and emails are never cut; free text
  (device, factors, reason, names) shrinks, cut on a word boundary with "…"
  where it can; when that is not enough, the columns of least value go whole
  (start and expiry times first), so what stays can be read and pasted.
  The text a table is for (an audit's REASON, a revoke's ERROR) is cut
  last: other free text shrinks and lesser columns go first.
  A table longer than the screen goes through the pager ($STYTCHCTL_PAGER,
  $PAGER, less -FRX; --no-pager turns it off). STYTCHCTL_FORCE_TTY=1 draws
  this table through a pipe:
    STYTCHCTL_FORCE_TTY=1 stytchctl sessions list -u alice-42 | less -R
  Relative times and ages ("idle for 4d") are floored in one unit, as
  kubectl's are: 59s is "just now", 1h35m is "1h", 47h36m is "47h", 4d23h is
  "4d"; never rounded up. With several users, the USER column names each as
  you did (external ID or email address) or, when you typed a user ID, by
  the user's name; piped output has the user ID. On a colour terminal an
  audit's severity is red (critical), yellow (warning) or dim (info).

Tables, piped or redirected:
  tab-separated values, one line per row, no header, no colour, times in
  RFC 3339 UTC, nothing truncated, so cut, awk and sort work:
    stytchctl sessions list -u alice-42 | cut -f1

Session IDs, on a terminal:
  a short ID, git style: the first 8 or more characters of the ID's UUID
  part (4e9b2d7a), as many as keep it unique among the rows. Every command
  that takes a session ID takes it back with its user, and an ambiguous or
  unknown one is exit 2 listing the candidates; piped and machine formats
  keep whole IDs:
    stytchctl sessions revoke 4e9b2d7a -u alice-42 --dry-run
    stytchctl sessions show 4e9b2d7a -u alice-42

Tables, piped, command by command: the columns in order, the same whatever
the number of users (-u, --users-file); -o wide piped has the columns of
the header row of -o csv:
` + pipedColumnsHelp() + `
Text that came from the API (user agents, names, claims) never reaches a
terminal raw: control characters and escape sequences are shown as \x1b, \n,
\t, …, and tabs inside a cell never break the tab-separated framing. JSON and
YAML on a terminal write C1 controls, DEL and bidirectional overrides as
escapes that mean the same characters (\u202e); piped, JSON is the API's bytes
with only the whitespace between tokens removed.

CSV and spreadsheets:
  a cell that starts with =, +, -, @, a tab or a carriage return is written
  after a ' (as OWASP advises against CSV injection): a spreadsheet then
  shows the text instead of running it as a formula, and a user agent is
  chosen by whoever signs in. --csv-raw writes such cells as they are, for
  pipelines that need the exact values.
    stytchctl sessions list -u alice-42 -o csv --csv-raw | xsv select user_agent

JSON and YAML:
  -o json prints the API's response object exactly as sent (false, "", [] and
  {} survive). When several requests feed one answer (several users, several
  pages), the document keeps the same top-level array (sessions, results, …),
  so one jq filter works for both:
    stytchctl sessions list -u alice-42 -o json | jq -r '.sessions[].session_id'
  One rule for every command: -o json is indented on a terminal and compact,
  one line per document, when piped or redirected (pipe it through jq . to
  read it indented). -o yaml is block-style everywhere.

inspect -o json:
  {"user":…,"sessions":[…],"devices":[…],"findings":[…]}. user is Stytch's
  user object as sent, without the request_id and status_code of its
  answer; sessions are as sent. devices are as sessions devices -o json
  prints them, findings as sessions audit -o json does (critical first).
  user is null when it could not be fetched; sessions, devices and findings
  are null when the sessions could not be listed (nothing was audited: []
  would read as "nothing found"). stderr says why, and the exit status is
  the failure's. With --org the person is "member": the member object of
  the lookup's answer, as sent, and findings are as b2b sessions audit
  -o json prints them (member_id, no device or IP). Piped, the default
  output is the screen without colour, 100 columns wide, reasons whole:
  scripts read -o json.
  On a terminal, findings' reasons that would push the next steps past
  row 24 are cut to a line ending in "…" (the Findings heading says so).
    stytchctl inspect alice-42 --jq '[.findings[].session_id] | unique | .[]'`)
	if treeHasFlag(root, "jq") {
		b.WriteString(`

--jq EXPR:
  applies a jq expression (gojq) to the JSON document without needing jq
  installed: strings print raw, other values as JSON, one per line, as with
  gh --jq. A bad expression is a usage error (exit 2).
    stytchctl sessions list -u alice-42 --jq '.sessions[].session_id'`)
	}
	if treeHasFlag(root, "template") {
		b.WriteString(`

--template TMPL:
  a Go text/template over the same JSON document, with the helpers timeago
  (relative time), timefmt (format a time), join, truncate, upper and color.
  A bad template is a usage error (exit 2). On a terminal the document's
  strings and object keys are escaped before the template sees them, and
  anything else in its output that a terminal would act on (escape sequences
  in the template's own text, a character it computed) is shown as \x1b, …;
  only color's colours pass. Piped, the output is the text as it is.
    stytchctl sessions list -u alice-42 --template \
      '{{range .sessions}}{{println .session_id (timeago .expires_at)}}{{end}}'`)
	}
	b.WriteString("\n\n" + commandFormatsHelp())
	b.WriteString(`

Colour: see stytchctl help environment (NO_COLOR, CLICOLOR_FORCE).`)
	return b.String()
}

// treeHasFlag reports whether any command under root has a flag of that name.
func treeHasFlag(root *cobra.Command, name string) bool {
	found := false
	walkCommands(root, func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Name == name {
				found = true
			}
		})
	})
	return found
}

// indentWrap wraps s at width columns, every line indented by indent spaces.
func indentWrap(s string, indent, width int) string {
	pad := strings.Repeat(" ", indent)
	var b strings.Builder
	line := pad
	for _, w := range strings.Fields(s) {
		if len(line) > indent && len(line)+1+len(w) > width {
			b.WriteString(line + "\n")
			line = pad
		}
		if len(line) > indent {
			line += " "
		}
		line += w
	}
	b.WriteString(line)
	return b.String()
}

// pipedColumns documents, command by command, the columns of the default
// table when it is piped. TestPipedColumnsAreDocumented holds it to each
// command's column list and to what the command prints: a column added,
// removed or moved is changed here too, where scripts read it.
var pipedColumns = []struct{ command, columns string }{
	{"sessions list", "session_id, user_id, factors, device, ip_address, started_at, last_accessed_at, expires_at"},
	{"sessions audit", "severity, rule, user_id, session_id, device, reason"},
	{"sessions devices", "device, sessions, ips, factors, first_started, last_active"},
	{"sessions journal", "time, profile, operator, project, environment, user_or_member_id, session_id, result, request_id, reason"},
	{"sessions revoke --dry-run", "session_id, user, device, ip, last_accessed_at"},
	{"sessions revoke", "session_id, user, result, request_id, error"},
	{"sessions watch", "at, event, session_id, device, ip_address, factors"},
	{"b2b sessions watch", "at, event, session_id, factors, roles"},
	{"b2b sessions list", "session_id, factors, roles, started, last_active, expires"},
	{"b2b sessions revoke --dry-run", "session_id, member, factors, last_accessed_at"},
	{"b2b sessions revoke", "session_id, member, result, request_id, error"},
	{"users search", "user_id, external_id, name, email, status, created, factors"},
	{"b2b members search", "member_id, name, email, status, created, factors"},
	{"b2b orgs search", "organization_id, name, slug, domains, created"},
	{"auth status", "profile, active, project_id, env, api_url, secret_from, secret, check"},
	{"users get, b2b orgs get, sessions decode", "field, value: one line per field"},
}

// pipedColumnsHelp is pipedColumns as help text: each command, then its
// columns indented under it.
func pipedColumnsHelp() string {
	var b strings.Builder
	for _, c := range pipedColumns {
		fmt.Fprintf(&b, "  %s\n%s\n", c.command, indentWrap(c.columns, 6, 78))
	}
	return b.String()
}
