package cmd

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/authfactor"
	"github.com/stytchctl/stytchctl/cmd/sessionfilter"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/config"
	"github.com/stytchctl/stytchctl/render"
)

// finishCommandTree runs once every command is in the tree (newRootCmd
// calls it last). It gives every flag and argument that has a known set of
// values its shell completion, and writes the help topics that describe the
// tree as a whole — for a run (a.lazyTree), only what the run can use. It works by name over whatever commands exist, so a
// command added later gets the same completions without doing anything.
func finishCommandTree(a *app, root *cobra.Command) {
	root.InitDefaultHelpCmd()
	completeHelpTopics(root)
	if !a.lazyTree || a.completing {
		registerValueCompletions(a, root)
	}
	if a.lazyTree {
		fillHelpTopicsOnUse(root)
		return
	}
	fillHelpTopics(root)
}

// completeHelpTopics makes `stytchctl help <Tab>` offer the help topics
// too: cobra's help command completes only runnable commands.
func completeHelpTopics(root *cobra.Command) {
	help, _, err := root.Find([]string{"help"})
	if err != nil || help == root || help.ValidArgsFunction == nil {
		return
	}
	if help.Example == "" {
		help.Example = examples("stytchctl help sessions list", "stytchctl help exit-codes")
	}
	commands := help.ValidArgsFunction
	help.ValidArgsFunction = func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		out, directive := commands(c, args, toComplete)
		if len(args) > 0 {
			return out, directive
		}
		for _, t := range root.Commands() {
			if t.IsAdditionalHelpTopicCommand() && strings.HasPrefix(t.Name(), toComplete) {
				out = append(out, cobra.CompletionWithDesc(t.Name(), t.Short))
			}
		}
		return out, directive
	}
}

// flagValueCompletions maps a flag name to the completion of its values.
// Every command with a flag of that name gets it, unless the command
// registered its own. None of these reads more than the environment and the
// config file: completing never touches the network or the keyring.
func flagValueCompletions(a *app) map[string]cobra.CompletionFunc {
	return map[string]cobra.CompletionFunc{
		"output":  completeFormats,
		"profile": a.completeProfiles,
		"factor":  completeFactors,
		"sort-by": completeSortKeys,
		"tz":      completeZones,
		"fail-on": cobra.FixedCompletions([]cobra.Completion{
			"info\tfail on any finding",
			"warning\tfail on warnings and critical findings",
			"critical\tfail on critical findings only",
		}, cobra.ShellCompDirectiveNoFileComp),
	}
}

// argCompletions maps a command path (without "stytchctl ") to the
// completion of its positional arguments, for commands that do not set
// their own.
func argCompletions(a *app) map[string]cobra.CompletionFunc {
	return map[string]cobra.CompletionFunc{
		"auth switch": a.completeProfiles,
		"auth logout": a.completeProfiles,
	}
}

// fileFlags are the flags whose value is a file name: only these complete
// the files of the current directory. Every other flag (IDs, emails,
// organizations, time zones, durations, times, free text) completes its
// known values or nothing, never file names.
var fileFlags = map[string]bool{
	"users-file": true,
	"from-file":  true,
	"geoip-db":   true,
}

// registerValueCompletions walks the tree and attaches flagValueCompletions
// and argCompletions where they apply. A flag with no known values gets "no
// file completion" unless it is one of fileFlags, and so does a command's
// positional argument (no command takes a file name as an argument), so Tab
// after `stytchctl users get ` or `--user ` does not offer the files of the
// current directory.
func registerValueCompletions(a *app, root *cobra.Command) {
	byFlag := flagValueCompletions(a)
	byPath := argCompletions(a)
	walkCommands(root, func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) { registerFlagCompletion(c, f, byFlag) })
		if c.ValidArgsFunction != nil || len(c.ValidArgs) > 0 || !c.Runnable() {
			return
		}
		if fn, ok := byPath[strings.TrimPrefix(c.CommandPath(), root.Name()+" ")]; ok {
			c.ValidArgsFunction = fn
			return
		}
		c.ValidArgsFunction = cobra.NoFileCompletions
	})
}

// registerFlagCompletion gives flag f of c the completion of byFlag for its
// name, file names if it is one of fileFlags, else none, unless c
// registered its own. A boolean flag takes no value and gets nothing.
func registerFlagCompletion(c *cobra.Command, f *pflag.Flag, byFlag map[string]cobra.CompletionFunc) {
	if _, has := c.GetFlagCompletionFunc(f.Name); has || f.NoOptDefVal != "" {
		return
	}
	fn, ok := byFlag[f.Name]
	switch {
	case ok:
	case fileFlags[f.Name]:
		fn = completeFileNames
	default:
		fn = cobra.NoFileCompletions
	}
	_ = c.RegisterFlagCompletionFunc(f.Name, fn)
}

// completeFileNames lets the shell complete file names, for the flags that
// read a file.
func completeFileNames(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveDefault
}

// walkCommands calls fn for root and every command below it, parents first.
func walkCommands(root *cobra.Command, fn func(*cobra.Command)) {
	fn(root)
	for _, c := range root.Commands() {
		walkCommands(c, fn)
	}
}

// completeFormats completes -o/--output with every format render knows.
func completeFormats(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return render.Formats(), cobra.ShellCompDirectiveNoFileComp
}

// completeProfiles completes --profile and the profile arguments of the
// auth commands: the built-in demo profile and the profiles saved in the
// config file. It never opens the keyring.
func (a *app) completeProfiles(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	out := []cobra.Completion{config.DemoProfile + "\tbuilt in: fake data, no credentials, no network"}
	for _, name := range storedProfileNamesForCompletion(a) {
		if name != config.DemoProfile {
			out = append(out, name)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// storedProfileNamesForCompletion returns the names of the profiles saved in
// the config file, for shell completion only. It reads the config file and
// nothing else (never the keyring, never the network) and returns nil, not
// an error, when there is no config or it cannot be read: a completion has
// nowhere to report an error.
func storedProfileNamesForCompletion(a *app) []string {
	dir, err := a.deps.configDir()
	if err != nil {
		return nil
	}
	f, err := (&config.Profiles{Dir: dir}).Load()
	if err != nil {
		return nil
	}
	return f.Names()
}

// completeSortKeys completes --sort-by: each key ascending and, with a "-"
// prefix, descending ("-last-active": most recently active first). Once the
// user has typed the "-" (as --sort-by=-…: a separate word that starts with
// "-" is completed as a flag) only the descending keys are offered.
func completeSortKeys(c *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	keys := sortKeysFor(c)
	if !strings.HasPrefix(toComplete, "-") {
		for _, k := range keys {
			out = append(out, k[0]+"\t"+k[1]+", ascending")
		}
	}
	for _, k := range keys {
		out = append(out, "-"+k[0]+"\t"+k[1]+", descending")
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeAuditSortKeys completes the --sort-by of sessions audit: severity
// first, then the keys of the list commands.
func completeAuditSortKeys(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	keys, directive := completeSortKeys(c, args, toComplete)
	out := []cobra.Completion{"severity\tcritical first"}
	if strings.HasPrefix(toComplete, "-") {
		out = nil
	}
	out = append(out, keys[:len(keys)-len(sortKeys())]...)
	out = append(out, "-severity\tinfo first")
	return append(out, keys[len(keys)-len(sortKeys()):]...), directive
}

// sortKeysFor is sortKeys in c's words: a b2b command's sessions belong
// to members, so its owner key is member.
func sortKeysFor(c *cobra.Command) [][2]string {
	keys := sortKeys()
	if c == nil || !strings.HasPrefix(c.CommandPath(), c.Root().Name()+" b2b ") {
		return keys
	}
	for i, k := range keys {
		if k[0] == "user" {
			keys[i] = [2]string{"member", "the member ID"}
		}
	}
	return keys
}

// sortKeys lists the --sort-by keys of the list commands with what each
// sorts on, from the filter package.
func sortKeys() [][2]string {
	var out [][2]string
	for _, k := range sessionfilter.SortKeys() {
		out = append(out, [2]string{k.Name, k.Description})
	}
	return out
}

// completeFactors completes --factor with every word it matches on
// (issue 4): the factor types and delivery methods Stytch documents
// (REFERENCE.md §3.7) and the OAuth providers named in those methods.
func completeFactors(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	seen := map[string]bool{}
	add := func(word, desc string) {
		if seen[word] || !strings.HasPrefix(word, strings.ToLower(toComplete)) {
			return
		}
		seen[word] = true
		out = append(out, word+"\t"+desc)
	}
	for _, t := range authfactor.Types() {
		add(t, "factor type")
	}
	for _, dm := range authfactor.DeliveryMethods() {
		add(dm, sessionview.FactorWords(api.Factor{DeliveryMethod: dm}))
	}
	for _, dm := range authfactor.DeliveryMethods() {
		if p, _ := authfactor.OAuthProvider(dm); p != "" {
			add(p, authfactor.ProviderName(p)+", any OAuth factor")
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
