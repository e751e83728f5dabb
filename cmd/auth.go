package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/config"
)

func newAuthCmd(a *app) *cobra.Command {
	return group(&cobra.Command{
		Use:   "auth",
		Short: "Save, inspect and switch your Stytch projects' credentials",
		Long: `Save the project ID and secret of each Stytch project you work on as a
named profile, see which one commands use, and switch between them.
Secrets go to the OS keyring, never to the config file, and are never
accepted as a flag value. Which credentials win: stytchctl help
environment; where profiles live and what each auth command does:
stytchctl help credentials.`,
		Example: examples(
			"stytchctl auth login --project-id project-test-6f0d2a4b-9c1e-4b7a-8e35-2d9f1c7a4b60",
			"stytchctl auth status",
			"stytchctl auth switch prod",
		),
	},
		newAuthLoginCmd(a),
		newAuthStatusCmd(a),
		newAuthSwitchCmd(a),
		newAuthLogoutCmd(a),
		newAuthDoctorCmd(a),
	)
}

// credentialsProbeUser is the external ID that verification looks up. No
// project has a user by that name, so Stytch answers 404 user_not_found
// when it accepts the credentials and 401 when it does not; either way
// nothing changes on the project.
const credentialsProbeUser = "stytchctl-credentials-check"

// verifyCredentials checks that the API accepts the client's credentials
// with one cheap read-only call (GET /v1/sessions for a user that does not
// exist). It returns the request_id of the answer. A 401 or 403 comes back
// as the *api.Error, so it exits 4.
func verifyCredentials(ctx context.Context, client *api.Client) (string, error) {
	resp, err := client.GetSessions(ctx, credentialsProbeUser)
	if err == nil {
		return resp.RequestID, nil
	}
	if ae, ok := api.AsError(err); ok {
		// Anything that got past authentication to look at the user
		// proves the credentials work.
		if ae.IsNotFound() || (ae.StatusCode == 400 && strings.Contains(ae.ErrorType, "user_id")) {
			return ae.RequestID, nil
		}
	}
	return "", err
}

// envOverrides describes environment variables that take precedence over
// the active profile, for notes after login and switch; "" when none.
func (a *app) envOverrides() string {
	var set []string
	for _, k := range []string{config.EnvProjectID, config.EnvSecret, config.EnvProfile} {
		if v, ok := a.deps.LookupEnv(k); ok && v != "" {
			set = append(set, k)
		}
	}
	if len(set) == 0 {
		return ""
	}
	return strings.Join(set, " and ") + " set in your environment take precedence over the active profile until you unset them"
}

// keyringRefusal is the error when the OS keyring cannot be used for a
// profile: what went wrong, and both ways forward. It exits 1.
func keyringRefusal(err error, action, profile, projectID string) error {
	return &exitError{
		code: ExitFailure,
		err:  fmt.Errorf("%s: %w", action, err),
		hint: "To fix: " + config.KeyringErrorHint(err, profile, projectID),
	}
}

// isKeyringError reports a keyring that failed (as opposed to one that
// answered that it holds no such secret).
func isKeyringError(err error) bool {
	var ke *config.KeyringError
	return errors.As(err, &ke)
}

// envLabel is how a project's environment is shown: LIVE stands out.
func envLabel(projectID string) string {
	if config.IsLive(projectID) {
		return "LIVE"
	}
	return "test"
}
