package cmd

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/config"
)

// doctorBusTimeout bounds the D-Bus probe of `auth doctor`.
const doctorBusTimeout = 3 * config.DefaultKeyringTimeout / 5

func newAuthDoctorCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Annotations: reportAnnotation(),
		Use:         "doctor",
		Short:       "Find out why the OS keyring cannot be used, and how to fix it",
		Long: `Diagnose where stytchctl keeps secrets: the OS keyring backend and whether
it answers (D-Bus and a Secret Service, the Keychain, the Credential
Manager), hints for WSL, SSH and containers, the config directory and its
files' permissions, the environment variables that override profiles, and
the IP location databases in use. Each problem comes with its fix. No secret
is read or shown. Exits 6 when a problem was found (help credentials).`,
		Example: examples(
			"stytchctl auth doctor",
			"STYTCHCTL_CONFIG_DIR=/tmp/stytchctl-test stytchctl auth doctor",
		),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return runAuthDoctor(a)
		},
	}
}

// doctorSection is one heading of the report and what was found under it.
type doctorSection struct {
	title    string
	findings []config.Finding
}

// runAuthDoctor gathers the findings of each section, prints them with
// their fixes, and exits 6 when one is a failure.
func runAuthDoctor(a *app) error {
	sys := config.HostSystem(a.deps.LookupEnv)
	sections := []doctorSection{
		a.doctorKeyring(sys),
		doctorMachine(sys),
		a.doctorConfig(sys),
		{title: "Environment", findings: sys.OverrideFindings()},
		a.doctorGeoIP(),
	}
	report, problems := doctorReport(sections)
	if _, err := fmt.Fprint(a.deps.Stdout, a.terminalText(report)); err != nil {
		return err
	}
	if problems > 0 {
		noun := "problem"
		if problems > 1 {
			noun = "problems"
		}
		return &exitError{code: ExitCheckFailed, err: fmt.Errorf("auth doctor found %d %s; each is listed above with its fix", problems, noun)}
	}
	return nil
}

// doctorKeyring is the keyring section: the backend, then, where the
// keyring is reached over D-Bus, the bus's health, then whether the
// keyring answers. A bus that fails for any reason but a missing Secret
// Service is not probed further: login would refuse the keyring anyway,
// and the section says what to do instead.
func (a *app) doctorKeyring(sys config.System) doctorSection {
	store := a.deps.keyring()
	keyring := doctorSection{title: "Keyring"}
	keyring.findings = append(keyring.findings, config.Finding{Level: config.LevelInfo,
		Text: fmt.Sprintf("backend: %s (%s/%s)", config.KeyringBackend(), runtime.GOOS, runtime.GOARCH)})
	probeKeyring := true
	if _, real := store.(*config.Keyring); real && sys.UsesDBus() {
		bus := sys.DBusFindings(doctorBusTimeout, config.ProbeDBus)
		keyring.findings = append(keyring.findings, bus...)
		for _, f := range bus {
			if f.Level == config.LevelFail && !strings.HasPrefix(f.Text, "no Secret Service") {
				probeKeyring = false
			}
		}
	}
	if probeKeyring {
		f, _ := config.KeyringFinding(store)
		keyring.findings = append(keyring.findings, f)
	} else {
		keyring.findings = append(keyring.findings, config.Finding{Level: config.LevelInfo,
			Text: "until the bus is fixed, stytchctl auth login refuses to save a secret in the keyring",
			Fix:  config.KeyringWaysForward("NAME", "")})
	}
	return keyring
}

// doctorMachine is the section on WSL, SSH, containers and CI, with an
// all-clear when there is no sign of them.
func doctorMachine(sys config.System) doctorSection {
	machine := doctorSection{title: "This machine", findings: sys.PlatformHints()}
	if len(machine.findings) == 0 {
		machine.findings = []config.Finding{{Level: config.LevelOK, Text: "no sign of WSL, SSH, a container or CI"}}
	}
	return machine
}

// doctorConfig is the section on the config directory and its files.
func (a *app) doctorConfig(sys config.System) doctorSection {
	cfg := doctorSection{title: "Config"}
	if profs, err := a.openProfiles(); err != nil {
		cfg.findings = []config.Finding{{Level: config.LevelFail, Text: err.Error(), Fix: "set " + config.EnvConfigDir + " to a directory of your own"}}
	} else {
		cfg.findings = sys.ConfigFindings(profs)
	}
	return cfg
}

// doctorReport writes the sections as the report prints them, each
// finding marked by its level with its fix indented under it, and counts
// the failures.
func doctorReport(sections []doctorSection) (report string, problems int) {
	var b strings.Builder
	for i, s := range sections {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(s.title + "\n")
		for _, f := range s.findings {
			fmt.Fprintf(&b, "  %s %s\n", doctorMark(f.Level), f.Text)
			if f.Fix != "" {
				fmt.Fprintf(&b, "    fix: %s\n", strings.ReplaceAll(f.Fix, "\n", "\n         "))
			}
			if f.Level == config.LevelFail {
				problems++
			}
		}
	}
	return b.String(), problems
}

func doctorMark(l config.Level) string {
	switch l {
	case config.LevelOK:
		return "✓"
	case config.LevelWarn:
		return "!"
	case config.LevelFail:
		return "✗"
	}
	return "·"
}
