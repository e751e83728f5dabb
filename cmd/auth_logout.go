package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/config"
)

func newAuthLogoutCmd(a *app) *cobra.Command {
	var yes bool
	c := &cobra.Command{
		Use:   "logout [--profile NAME] [--yes]",
		Short: "Remove a profile and its secret",
		Long: `Remove a profile's secret from wherever it is kept (the OS keyring or the
--insecure-storage file) and the profile from the config file. Without
--profile, the profile STYTCHCTL_PROFILE names, else the active one, goes;
logging out of the active profile asks first on a terminal and needs --yes
without one. If the keyring cannot be reached, nothing changes. More in
stytchctl help credentials.`,
		Example: examples(
			"stytchctl auth logout",
			"stytchctl auth logout --profile ci",
			"stytchctl auth logout --yes",
		),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return runAuthLogout(c.Context(), a, yes)
		},
	}
	c.Flags().BoolVarP(&yes, "yes", "y", false, "Log out of the active profile without asking (required when stdin is not a terminal)")
	return c
}

// runAuthLogout removes a profile in named steps: which profile (the
// demo profile is only deactivated), its secret, then the profile itself,
// and says what is left.
func runAuthLogout(ctx context.Context, a *app, yes bool) error {
	profs, file, err := a.loadProfiles()
	if err != nil {
		return err
	}
	name := a.logoutName(file)
	switch {
	case name == "":
		return &exitError{code: ExitUsage, err: errors.New("logging out: no profile is active and none was named"),
			hint: "To fix: name the profile with --profile NAME." + savedProfilesNote(file)}
	case name == config.DemoProfile:
		return a.logoutDemo(profs, file)
	}
	if err := config.CheckProfileName(name); err != nil {
		return err
	}
	p, ok := file.Profiles[name]
	if !ok {
		return &exitError{code: ExitUsage, err: fmt.Errorf("logging out: no profile %q in %s", name, profs.ConfigPath()),
			hint: "Nothing was changed." + savedProfilesNote(file)}
	}
	where := storageLabel(profs, p.Storage)
	if file.Active == name && !yes {
		if err := a.confirmLogout(ctx, name, p, where); err != nil {
			return err
		}
	}
	if err := a.removeProfileSecret(profs, name, p, where); err != nil {
		return err
	}
	delete(file.Profiles, name)
	wasActive := file.Active == name
	if wasActive {
		file.Active = ""
	}
	if err := profs.Save(file); err != nil {
		return fmt.Errorf("logging out of profile %q: %w", name, err)
	}
	a.reportLogout(profs, file, name, p, where, wasActive)
	return nil
}

// confirmLogout asks on the terminal before the active profile (p, named
// name, its secret in where) is removed; without a terminal it takes --yes.
func (a *app) confirmLogout(ctx context.Context, name string, p config.Profile, where string) error {
	if !a.deps.StdinTTY {
		return &exitError{code: ExitUsage,
			err:  fmt.Errorf("logging out of profile %q: it is the active profile and stdin is not a terminal, so nothing can be asked; pass --yes", name),
			hint: "Nothing was changed."}
	}
	ok, err := a.confirm(ctx, fmt.Sprintf("Log out of the active profile %q (%s project %s) and remove its secret from %s? [y/N] ",
		name, envLabel(p.ProjectID), p.ProjectID, where))
	if err != nil {
		return err
	}
	if !ok {
		return &exitError{code: ExitFailure, err: fmt.Errorf("not confirmed: profile %q was kept and nothing was changed", name)}
	}
	return nil
}

// logoutName is the profile to log out of: --profile, else
// STYTCHCTL_PROFILE, else the active one; "" when there is none.
func (a *app) logoutName(file *config.File) string {
	name := a.profile
	if name == "" {
		name = a.deps.getenv(config.EnvProfile)
	}
	if name == "" {
		name = file.Active
	}
	return name
}

// savedProfilesNote is " Saved profiles: a, b." for hints, "" when no
// profile is saved.
func savedProfilesNote(file *config.File) string {
	if len(file.Profiles) == 0 {
		return ""
	}
	return " Saved profiles: " + strings.Join(file.Names(), ", ") + "."
}

// logoutDemo makes the demo profile inactive when it is the active one;
// it has no secret and cannot be removed, so logging out of it otherwise
// is a usage error.
func (a *app) logoutDemo(profs *config.Profiles, file *config.File) error {
	name := config.DemoProfile
	if file.Active != name {
		return usageErrorf("%q is the built-in demo profile: there is nothing to log out of", name)
	}
	file.Active = ""
	if err := profs.Save(file); err != nil {
		return fmt.Errorf("logging out of profile %q: %w", name, err)
	}
	fmt.Fprintf(a.deps.Stderr, "Profile %q is no longer active (it is built in and stays available with --profile demo).\n", name)
	return nil
}

// removeProfileSecret deletes the secret of profile name (p) from where
// it is kept. A secret already gone is only noted. An unreachable keyring
// is an error before anything is changed: the profile is kept so that its
// secret can still be removed.
func (a *app) removeProfileSecret(profs *config.Profiles, name string, p config.Profile, where string) error {
	err := profs.Store(p.Storage).Delete(config.SecretKey(p))
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
	return nil
}

// reportLogout tells stderr what was removed, what is left (no profile,
// or no active one), and that credentials in the environment still work.
func (a *app) reportLogout(profs *config.Profiles, file *config.File, name string, p config.Profile, where string, wasActive bool) {
	stderr := a.deps.Stderr
	fmt.Fprintf(stderr, "Logged out of profile %q (project %s): secret removed from %s, profile removed from %s.\n",
		name, p.ProjectID, where, profs.ConfigPath())
	switch {
	case len(file.Profiles) == 0:
		fmt.Fprintf(stderr, "No profile is left; save one with: stytchctl auth login --project-id …\n")
	case wasActive:
		fmt.Fprintf(stderr, "No profile is active now; choose one with: stytchctl auth switch NAME (saved: %s)\n", strings.Join(file.Names(), ", "))
	}
	if id, sec := a.deps.getenv(config.EnvProjectID), a.deps.getenv(config.EnvSecret); id != "" || sec != "" {
		fmt.Fprintf(stderr, "Note: %s and %s are still set in your environment; unset them too if you meant to sign out everywhere.\n", config.EnvProjectID, config.EnvSecret)
	}
}
