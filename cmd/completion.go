package cmd

import (
	"io"
	"slices"

	"github.com/spf13/cobra"
)

// CompletionShells returns the shells `completion` writes scripts for, in
// help order. The generator under completions/ writes one file for each.
func CompletionShells() []string { return []string{"bash", "zsh", "fish", "powershell"} }

// completionOptions is what `completion` uses.
type completionOptions struct {
	noDescriptions bool
}

func newCompletionCmd(a *app) *cobra.Command {
	o := &completionOptions{}
	c := &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print a shell completion script: bash, zsh, fish, powershell",
		Long: `Print the script that makes Tab complete stytchctl's commands, flags and
values (formats, profiles, time zones, --factor and --sort-by values).
Completing never sends a request and never opens the keyring. The deb, rpm,
Homebrew and Scoop packages install the script for you; how to install it
by hand, shell by shell: stytchctl help completion-setup.`,
		Example: examples(
			`stytchctl completion zsh > "${fpath[1]}/_stytchctl"`,
			"stytchctl completion fish > ~/.config/fish/completions/stytchctl.fish",
			"stytchctl completion bash | sudo tee /etc/bash_completion.d/stytchctl",
			"stytchctl completion powershell --no-descriptions",
		),
		ValidArgs: CompletionShells(),
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 || !slices.Contains(CompletionShells(), args[0]) {
				return usageErrorf("completion needs one shell: bash, zsh, fish or powershell")
			}
			return nil
		},
		DisableFlagsInUseLine: true,
		RunE: func(c *cobra.Command, args []string) error {
			return WriteCompletionScript(a.deps.Stdout, c.Root(), args[0], !o.noDescriptions)
		},
	}
	c.Flags().BoolVar(&o.noDescriptions, "no-descriptions", false, "Leave the descriptions out of completion candidates")
	return c
}

// WriteCompletionScript writes root's completion script for shell to w,
// with candidate descriptions when descriptions is true. The scripts are
// thin: they ask the binary (`stytchctl __complete …`) for candidates, so a
// script keeps working when commands and flags are added. The generator of
// completions/ calls this too, so the committed scripts are byte for byte
// what `stytchctl completion SHELL` prints.
func WriteCompletionScript(w io.Writer, root *cobra.Command, shell string, descriptions bool) error {
	switch shell {
	case "bash":
		return root.GenBashCompletionV2(w, descriptions)
	case "zsh":
		if descriptions {
			return root.GenZshCompletion(w)
		}
		return root.GenZshCompletionNoDesc(w)
	case "fish":
		return root.GenFishCompletion(w, descriptions)
	case "powershell":
		if descriptions {
			return root.GenPowerShellCompletionWithDesc(w)
		}
		return root.GenPowerShellCompletion(w)
	}
	return usageErrorf("unknown shell %q: want one of bash, zsh, fish, powershell", shell)
}

// CompletionFileName is the file name of shell's script under completions/
// (zsh's must start with an underscore to be autoloaded), or "" for a shell
// not in CompletionShells.
func CompletionFileName(shell string) string {
	switch shell {
	case "bash":
		return "stytchctl.bash"
	case "zsh":
		return "_stytchctl"
	case "fish":
		return "stytchctl.fish"
	case "powershell":
		return "stytchctl.ps1"
	}
	return ""
}
