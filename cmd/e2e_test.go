package cmd

import (
	"fmt"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestMain lets testscript run the real entry point as the "stytchctl"
// command of the scripts in testdata/script.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"stytchctl": func() { os.Exit(scriptMain()) },
	})
}

// TestScripts runs each testdata/script/*.txtar against its own fake API:
// $FAKE_URL, with STYTCH_PROJECT_ID/STYTCH_SECRET accepted by it in
// $FAKE_PROJECT_ID/$FAKE_SECRET (not exported by default, so scripts state
// which credentials they use).
func TestScripts(t *testing.T) {
	keyring := keyringCondition()
	testscript.Run(t, testscript.Params{
		Cmds: withFakeCmds(scriptCmds()),
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "keyring":
				return keyring()
			case "sessionbusfile":
				return sessionBusFile(), nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			fake, srv := apitest.Start(apitest.Options{})
			env.Defer(srv.Close)
			env.Values[fakeKey{}] = fake
			env.Setenv("FAKE_URL", srv.URL)
			env.Setenv("FAKE_PROJECT_ID", apitest.ProjectID)
			env.Setenv("FAKE_SECRET", apitest.Secret)
			env.Setenv("DEMO_USER", apitest.DemoUserID)
			env.Setenv("ZOO_USER", apitest.FactorZooUserID)
			env.Setenv("EMPTY_USER", apitest.NoActiveSessionsUserID)
			env.Setenv("NO_COLOR", "1")
			return authScriptSetup(env)
		},
	})
}

// sessionBusFile reports whether this machine has a session bus where
// godbus looks when DBUS_SESSION_BUS_ADDRESS is unset, so that a script
// can skip what it cannot show here.
func sessionBusFile() bool {
	for _, f := range []string{"bus", "dbus-session"} {
		if _, err := os.Stat(fmt.Sprintf("/run/user/%d/%s", os.Getuid(), f)); err == nil {
			return true
		}
	}
	return false
}
