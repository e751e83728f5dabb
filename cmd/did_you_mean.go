package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/stytchctl/stytchctl/render/suggest"
)

// noSubcommandArgs is the Args of the root and of every command group: they
// take no arguments of their own, so an argument is a mistyped command, and
// the error says which commands were probably meant (cobra.NoArgs skips
// cobra's own suggestions).
func noSubcommandArgs(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return unknownCommand(c, args[0])
}

// unknownCommand is the usage error for name typed where a subcommand of c
// was expected, with "did you mean …?" when one is close.
func unknownCommand(c *cobra.Command, name string) error {
	msg := fmt.Sprintf("unknown command %q for %q", name, c.CommandPath())
	if s := suggest.DidYouMean(name, commandNames(c, false)); s != "" {
		msg += ": " + s
	}
	return &exitError{code: ExitUsage, err: fmt.Errorf("%s", msg)}
}

// commandNames lists the names and aliases of c's visible subcommands, and
// the help topics too when topics is set.
func commandNames(c *cobra.Command, topics bool) []string {
	var names []string
	for _, sub := range c.Commands() {
		if sub.Hidden || (!sub.IsAvailableCommand() && !(topics && sub.IsAdditionalHelpTopicCommand())) {
			continue
		}
		names = append(names, sub.Name())
		names = append(names, sub.Aliases...)
	}
	return names
}

// flagErrorOf turns a flag error on a command group into the error about
// the command before it: in `sesions list -u x` the mistake is "sesions",
// not "-u", which only the command that was not found knows.
func flagErrorOf(c *cobra.Command, err error) error {
	if c.HasSubCommands() {
		if args := c.Flags().Args(); len(args) > 0 {
			return unknownCommand(c, args[0])
		}
	}
	if name, ok := strings.CutPrefix(err.Error(), "unknown flag: --"); ok {
		var names []string
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if !f.Hidden {
				names = append(names, f.Name)
			}
		})
		if s := suggest.DidYouMean(name, names); s != "" {
			s = strings.Replace(s, "did you mean ", "did you mean --", 1)
			s = strings.ReplaceAll(s, ", ", ", --")
			s = strings.Replace(s, " or ", " or --", 1)
			return &exitError{code: ExitUsage, err: fmt.Errorf("%w: %s", err, s)}
		}
	}
	return &exitError{code: ExitUsage, err: err}
}

// strictHelp makes `stytchctl help TOPIC` fail (exit 2, with a suggestion)
// for a topic or command that does not exist, instead of printing the
// root's help and succeeding.
func strictHelp(root *cobra.Command) {
	help, _, err := root.Find([]string{"help"})
	if err != nil || help == root || help.Run == nil {
		return
	}
	show := help.Run
	help.RunE = func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			found, rest, err := root.Find(args)
			if err != nil || found == root || len(rest) > 0 {
				parent, name := root, args[0]
				if found != nil && found != root && len(rest) > 0 {
					parent, name = found, rest[0]
				}
				return unknownHelpTopic(parent, name)
			}
		}
		show(c, args)
		return nil
	}
}

// strictHelpFlag makes --help (-h) after a mistyped command an unknown
// command, as the same line without --help is: cobra shows the help of
// the last command it found (`sesions --help` the root's, `sessions lsit
// -h` the group's) and succeeds. The error goes to a.helpErr, which Run
// returns, because a help function cannot fail.
func strictHelpFlag(a *app, root *cobra.Command) {
	show := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		if c.HasSubCommands() && c.Flags().Changed("help") {
			if rest := c.Flags().Args(); len(rest) > 0 {
				a.helpErr = unknownCommand(c, rest[0])
				return
			}
		}
		show(c, args)
	})
}

// unknownHelpTopic is the usage error for `help NAME` when parent has no
// command or topic NAME.
func unknownHelpTopic(parent *cobra.Command, name string) error {
	path := strings.TrimPrefix(parent.CommandPath(), parent.Root().Name())
	msg := fmt.Sprintf("unknown help topic %q", strings.TrimSpace(path+" "+name))
	if s := suggest.DidYouMean(name, commandNames(parent, true)); s != "" {
		msg += ": " + s
	}
	return &exitError{code: ExitUsage, err: fmt.Errorf("%s", msg)}
}

// usersAsFlags is the Args of a command that takes its users as flags: an
// argument is most likely a user (or an email address) put where a flag
// belongs, and the error says which flag.
func usersAsFlags(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	flag := "--user"
	if strings.Contains(args[0], "@") && c.Flags().Lookup("email") != nil {
		flag = "--email"
	}
	return usageErrorf("%s takes users as flags: did you mean %s %s?", strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" "), flag, args[0])
}

// membersAsFlags is usersAsFlags for B2B commands, which take members as
// --member (an ID or external ID) or --email.
func membersAsFlags(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	path := strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
	if c.Flags().Changed("member") || c.Flags().Changed("email") {
		return usageErrorf("%s takes no arguments (members are --member or --email): unexpected %q", path, args[0])
	}
	flag := "--member"
	if strings.Contains(args[0], "@") && c.Flags().Lookup("email") != nil {
		flag = "--email"
	}
	return usageErrorf("%s takes members as flags: did you mean %s %s?", path, flag, args[0])
}

// enumErrorf is the usage error of a value outside a closed list: it
// names the flag, says which value was probably meant, then want (the
// valid values, as a sentence).
func enumErrorf(flag, got string, valid []string, want string) error {
	if s := suggest.DidYouMean(got, valid); s != "" {
		return usageErrorf("invalid %s %q: %s want %s", flag, got, s, want)
	}
	return usageErrorf("invalid %s %q: want %s", flag, got, want)
}
