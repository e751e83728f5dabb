package cmd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/config"
)

func newAuthLogoutCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "logout [--profile NAME]",
		Short: "Remove a profile and its secret",
		Long: `Remove a profile's secret from wherever it is kept (the OS keyring or the
--insecure-storage file) and the profile from the config file.

Without --profile, the profile that STYTCHCTL_PROFILE names, else the
active one, is removed. When the removed profile was active, no profile is
active afterwards: choose one with stytchctl auth switch NAME.

If the keyring cannot be reached the secret cannot be removed, so the
profile is kept and nothing changes.`,
		Example: examples(
			"stytchctl auth logout",
			"stytchctl auth logout --profile ci",
		),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return runAuthLogout(a)
		},
	}
}

func runAuthLogout(a *app) error {
	profs, file, err := a.loadProfiles()
	if err != nil {
		return err
	}
	name := a.profile
	if name == "" {
		name = a.deps.getenv(config.EnvProfile)
	}
	if name == "" {
		name = file.Active
	}
	switch {
	case name == "":
		hint := "To fix: name the profile with --profile NAME."
		if len(file.Profiles) > 0 {
			hint += " Saved profiles: " + strings.Join(file.Names(), ", ") + "."
		}
		return &exitError{code: ExitUsage, err: errors.New("logging out: no profile is active and none was named"), hint: hint}
	case name == config.DemoProfile:
		if file.Active == name {
			file.Active = ""
			if err := profs.Save(file); err != nil {
				return fmt.Errorf("logging out of profile %q: %w", name, err)
			}
			fmt.Fprintf(a.deps.Stderr, "Profile %q is no longer active (it is built in and stays available with --profile demo).\n", name)
			return nil
		}
		return usageErrorf("%q is the built-in demo profile: there is nothing to log out of", name)
	}
	if err := config.CheckProfileName(name); err != nil {
		return err
	}
	p, ok := file.Profiles[name]
	if !ok {
		hint := "Nothing was changed."
		if len(file.Profiles) > 0 {
			hint += " Saved profiles: " + strings.Join(file.Names(), ", ") + "."
		}
		return &exitError{code: ExitUsage, err: fmt.Errorf("logging out: no profile %q in %s", name, profs.ConfigPath()), hint: hint}
	}
	where := storageLabel(profs, p.Storage)
	err = profs.Store(p.Storage).Delete(config.SecretKey(p))
	switch {
	case errors.Is(err, config.ErrSecretNotFound):
		fmt.Fprintf(a.deps.Stderr, "Profile %q had no secret in %s.\n", name, where)
	case isKeyringError(err):
		return &exitError{
			code: ExitFailure,
			err:  fmt.Errorf("logging out of profile %q: removing its secret: %w", name, err),
			hint: "The profile was kept so that its secret can still be removed. To fix: make the keyring reachable (stytchctl auth doctor) and run this again.",
		}
	case err != nil:
		return fmt.Errorf("logging out of profile %q: removing its secret: %w", name, err)
	}
	delete(file.Profiles, name)
	wasActive := file.Active == name
	if wasActive {
		file.Active = ""
	}
	if err := profs.Save(file); err != nil {
		return fmt.Errorf("logging out of profile %q: %w", name, err)
	}
	fmt.Fprintf(a.deps.Stderr, "Logged out of profile %q (project %s): secret removed from %s, profile removed from %s.\n",
		name, p.ProjectID, where, profs.ConfigPath())
	switch {
	case len(file.Profiles) == 0:
		fmt.Fprintf(a.deps.Stderr, "No profile is left; save one with: stytchctl auth login --project-id …\n")
	case wasActive:
		fmt.Fprintf(a.deps.Stderr, "No profile is active now; choose one with: stytchctl auth switch NAME (saved: %s)\n", strings.Join(file.Names(), ", "))
	}
	if id, sec := a.deps.getenv(config.EnvProjectID), a.deps.getenv(config.EnvSecret); id != "" || sec != "" {
		fmt.Fprintf(a.deps.Stderr, "Note: %s and %s are still set in your environment; unset them too if you meant to sign out everywhere.\n", config.EnvProjectID, config.EnvSecret)
	}
	return nil
}
