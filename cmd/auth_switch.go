package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/config"
)

func newAuthSwitchCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "switch NAME",
		Short: "Make a saved profile the active one",
		Long: `Make a saved profile (or "demo") the active one: commands use it when
neither --profile, STYTCH_PROJECT_ID+STYTCH_SECRET nor STYTCHCTL_PROFILE
says otherwise. Only the config file changes; no secret is read.`,
		Example: examples(
			"stytchctl auth switch prod",
			"stytchctl auth switch staging",
		),
		Args: cobra.ExactArgs(1),
		ValidArgsFunction: func(c *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return a.profileNames(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			return runAuthSwitch(a, args[0])
		},
	}
}

func runAuthSwitch(a *app, name string) error {
	if a.profile != "" && a.profile != name {
		return usageErrorf("give the profile to switch to as the argument, not with --profile")
	}
	if name != config.DemoProfile {
		if err := config.CheckProfileName(name); err != nil {
			return err
		}
	}
	profs, file, err := a.loadProfiles()
	if err != nil {
		return err
	}
	p, ok := file.Profiles[name]
	if !ok && name != config.DemoProfile {
		hint := "To fix: save it first with: stytchctl auth login --profile " + name + " --project-id project-test-…"
		if len(file.Profiles) > 0 {
			hint = "Saved profiles: " + strings.Join(file.Names(), ", ") + ". " + hint
		}
		return &exitError{code: ExitUsage, err: fmt.Errorf("switching profile: no profile %q in %s", name, profs.ConfigPath()), hint: hint}
	}
	file.Active = name
	if err := profs.Save(file); err != nil {
		return fmt.Errorf("switching to profile %q: %w", name, err)
	}
	if name == config.DemoProfile {
		fmt.Fprintf(a.deps.Stderr, "Profile %q is active: the built-in demo, served in-process.\n", name)
	} else {
		fmt.Fprintf(a.deps.Stderr, "Profile %q is active: project %s (%s).\n", name, p.ProjectID, envLabel(p.ProjectID))
	}
	if note := a.envOverrides(); note != "" {
		fmt.Fprintf(a.deps.Stderr, "Note: %s.\n", note)
	}
	return nil
}

// profileNames lists the saved profiles and "demo", for shell completion.
// It reads only the config file, never the keyring.
func (a *app) profileNames() []string {
	names := []string{config.DemoProfile}
	profs, err := a.openProfiles()
	if err != nil {
		return names
	}
	file, err := profs.Load()
	if err != nil {
		return names
	}
	return append(file.Names(), names...)
}
