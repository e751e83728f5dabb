package config

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	dbus "github.com/godbus/dbus/v5"
)

// Level grades one finding of `auth doctor`.
type Level int

// The levels, from fine to broken.
const (
	LevelOK Level = iota
	LevelInfo
	LevelWarn
	LevelFail
)

// Finding is one thing `auth doctor` found, with the fix when it is a
// problem.
type Finding struct {
	Level Level
	Text  string
	Fix   string
}

// System is the part of the machine `auth doctor` inspects, so that tests
// can describe a WSL box or a container without being one.
type System struct {
	GOOS     string
	Env      LookupEnv
	Stat     func(string) (fs.FileInfo, error)
	ReadFile func(string) ([]byte, error)
	// UID is the user ID, for /run/user/UID/bus.
	UID int
}

// HostSystem is the running machine, with env for the environment.
func HostSystem(env LookupEnv) System {
	return System{GOOS: runtime.GOOS, Env: env, Stat: os.Stat, ReadFile: os.ReadFile, UID: os.Getuid()}
}

func (s System) getenv(k string) string {
	v, _ := s.Env(k)
	return v
}

// UsesDBus reports whether the keyring of this OS is the Secret Service
// over D-Bus.
func (s System) UsesDBus() bool { return s.GOOS != "darwin" && s.GOOS != "windows" }

// DBusAddress says where the session bus is, as go-keyring's D-Bus library
// (godbus) will look for it: DBUS_SESSION_BUS_ADDRESS (unless it is
// "autolaunch:"), else the socket /run/user/UID/bus, else the address
// written in /run/user/UID/dbus-session. from names which one; addr is ""
// when there is none, where godbus would run dbus-launch to start a bus.
func (s System) DBusAddress() (addr, from string) {
	if v := s.getenv("DBUS_SESSION_BUS_ADDRESS"); v != "" && v != "autolaunch:" {
		return v, "DBUS_SESSION_BUS_ADDRESS"
	}
	bus := fmt.Sprintf("/run/user/%d/bus", s.UID)
	if _, err := s.Stat(bus); err == nil {
		return "unix:path=" + bus, bus
	}
	file := fmt.Sprintf("/run/user/%d/dbus-session", s.UID)
	if b, err := s.ReadFile(file); err == nil {
		if v, ok := strings.CutPrefix(string(b), "DBUS_SESSION_BUS_ADDRESS="); ok && strings.TrimSpace(v) != "" {
			return strings.TrimRight(v, "\r\n"), file
		}
	}
	return "", ""
}

// noSessionBus says why there is no session bus, in the words of both
// auth doctor and the keyring's error.
func (s System) noSessionBus() string {
	return fmt.Sprintf("DBUS_SESSION_BUS_ADDRESS is not set and /run/user/%d/bus does not exist", s.UID)
}

// startBusFix is how to get a session bus with a Secret Service for one
// shell and save profile in it, the fix auth doctor gives ("NAME" when no
// profile is known).
func startBusFix(profile, projectID string) string {
	return "start a session bus with an unlocked gnome-keyring for this shell (or log in to a desktop\n" +
		"session), and log in inside it:\n" + indentLines("  ", startBusSteps(profile, projectID))
}

// startBusSteps are the commands, one a line, that give one shell a
// session bus with an unlocked gnome-keyring (on Debian and Ubuntu) and
// save the profile in it. auth doctor, auth login's error and the README
// give the same commands (TestKeyringRecipeMatchesREADME).
func startBusSteps(profile, projectID string) string {
	return installKeyringCommand + "\n" + startBusCommand + "\n" +
		"stytchctl auth login --profile " + profile + " --project-id " + recipeProjectID(projectID)
}

// recipeProjectID is projectID, or a placeholder when it is not known.
func recipeProjectID(projectID string) string {
	if projectID == "" {
		return "project-test-…"
	}
	return projectID
}

// indentLines puts prefix before every line of s.
func indentLines(prefix, s string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// startBusCommand starts a shell on a new session bus with a
// gnome-keyring unlocked by a password typed without echo.
const startBusCommand = `dbus-run-session -- bash -c 'read -rsp "Keyring password: " pw; printf %s "$pw" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$SHELL"'`

// installKeyringCommand installs a session bus and gnome-keyring on Debian
// and Ubuntu.
const installKeyringCommand = "sudo apt-get install dbus gnome-keyring"

// PlatformHints reports what about this machine usually means no keyring:
// WSL, an SSH session, a container, CI.
func (s System) PlatformHints() []Finding {
	var out []Finding
	if s.GOOS == "linux" && s.isWSL() {
		out = append(out, Finding{Level: LevelWarn,
			Text: "running under WSL: Linux distributions on WSL start no Secret Service by default",
			Fix:  "install and start one (" + installKeyringCommand + ", then the D-Bus fix above), or use the environment variables or --insecure-storage"})
	}
	if s.getenv("SSH_CONNECTION") != "" || s.getenv("SSH_TTY") != "" || s.getenv("SSH_CLIENT") != "" {
		out = append(out, Finding{Level: LevelWarn,
			Text: "running over SSH: the remote desktop's keyring is usually locked or not on this session's D-Bus",
			Fix:  "export STYTCH_PROJECT_ID and STYTCH_SECRET for this session, or log in on the desktop first so its keyring is unlocked"})
	}
	if s.isContainer() {
		out = append(out, Finding{Level: LevelWarn,
			Text: "running in a container: containers rarely have a D-Bus session or a Secret Service",
			Fix:  "pass STYTCH_PROJECT_ID and STYTCH_SECRET into the container (docker run -e STYTCH_PROJECT_ID -e STYTCH_SECRET …)"})
	}
	if s.getenv("CI") != "" {
		out = append(out, Finding{Level: LevelInfo,
			Text: "CI is set: in CI, keep the credentials in the pipeline's secret variables as STYTCH_PROJECT_ID and STYTCH_SECRET"})
	}
	return out
}

func (s System) isWSL() bool {
	if s.getenv("WSL_DISTRO_NAME") != "" || s.getenv("WSL_INTEROP") != "" {
		return true
	}
	b, err := s.ReadFile("/proc/sys/kernel/osrelease")
	return err == nil && strings.Contains(strings.ToLower(string(b)), "microsoft")
}

func (s System) isContainer() bool {
	for _, f := range []string{"/.dockerenv", "/run/.containerenv"} {
		if _, err := s.Stat(f); err == nil {
			return true
		}
	}
	return s.getenv("container") != "" || s.getenv("KUBERNETES_SERVICE_HOST") != ""
}

// DBusReport is what ProbeDBus found on a session bus.
type DBusReport struct {
	// Connected is true when the bus accepted a connection and said hello.
	Connected bool
	// SecretsRunning is true when a Secret Service owns
	// org.freedesktop.secrets now; SecretsActivatable when the bus would
	// start one on demand.
	SecretsRunning     bool
	SecretsActivatable bool
	// TimedOut is set when the bus did not answer in time.
	TimedOut bool
	Err      error
}

// secretsName is the D-Bus name a Secret Service owns.
const secretsName = "org.freedesktop.secrets"

// ProbeDBus connects to the session bus at addr and asks whether a Secret
// Service is there, all within timeout. It never starts a bus.
func ProbeDBus(addr string, timeout time.Duration) DBusReport {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	done := make(chan DBusReport, 1)
	go func() {
		var r DBusReport
		defer func() { done <- r }()
		conn, err := dbus.Dial(addr, dbus.WithContext(ctx))
		if err != nil {
			r.Err = err
			return
		}
		defer conn.Close()
		if err := conn.Auth(nil); err != nil {
			r.Err = err
			return
		}
		if err := conn.Hello(); err != nil {
			r.Err = err
			return
		}
		r.Connected = true
		bus := conn.BusObject()
		if err := bus.CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, secretsName).Store(&r.SecretsRunning); err != nil {
			r.Err = err
			return
		}
		var names []string
		if err := bus.CallWithContext(ctx, "org.freedesktop.DBus.ListActivatableNames", 0).Store(&names); err == nil {
			r.SecretsActivatable = slices.Contains(names, secretsName)
		}
	}()
	select {
	case r := <-done:
		if ctx.Err() != nil && !r.Connected {
			r.TimedOut, r.Err = true, nil
		}
		return r
	case <-ctx.Done():
		return DBusReport{TimedOut: true}
	}
}

// DBusFindings turns a probe of the session bus into findings.
func (s System) DBusFindings(timeout time.Duration, probe func(addr string, timeout time.Duration) DBusReport) []Finding {
	startFix := startBusFix("NAME", "") + "\notherwise use the environment variables or --insecure-storage"
	addr, from := s.DBusAddress()
	if addr == "" {
		return []Finding{{Level: LevelFail, Text: "no D-Bus session bus: " + s.noSessionBus(), Fix: startFix}}
	}
	r := probe(addr, timeout)
	where := fmt.Sprintf("D-Bus session bus at %s (from %s)", addr, from)
	switch {
	case r.TimedOut:
		return []Finding{{Level: LevelFail, Text: where + " did not answer within " + timeout.String(),
			Fix: "the bus is hung or the address is stale: unset DBUS_SESSION_BUS_ADDRESS or start a new session; " + startFix}}
	case !r.Connected:
		return []Finding{{Level: LevelFail, Text: fmt.Sprintf("%s cannot be reached: %v", where, r.Err),
			Fix: "the address is stale or the bus is not running; " + startFix}}
	}
	out := []Finding{{Level: LevelOK, Text: where + " answers"}}
	switch {
	case r.SecretsRunning:
		out = append(out, Finding{Level: LevelOK, Text: "a Secret Service owns " + secretsName})
	case r.SecretsActivatable:
		out = append(out, Finding{Level: LevelInfo, Text: "no Secret Service is running; the bus will start one on first use (" + secretsName + " is activatable)"})
	case r.Err != nil:
		out = append(out, Finding{Level: LevelFail, Text: fmt.Sprintf("asking the bus for %s failed: %v", secretsName, r.Err),
			Fix: "restart the session bus, or use the environment variables or --insecure-storage"})
	default:
		out = append(out, Finding{Level: LevelFail, Text: "no Secret Service on the bus: nothing owns or can start " + secretsName,
			Fix: "install and run one: gnome-keyring (gnome-keyring-daemon --unlock --components=secrets), KWallet or KeePassXC with its Secret Service integration; " +
				"otherwise use the environment variables or --insecure-storage"})
	}
	return out
}

// KeyringFinding asks the keyring for a secret that does not exist: a
// "not found" answer proves it works end to end.
func KeyringFinding(store SecretStore) (Finding, time.Duration) {
	start := time.Now()
	_, err := store.Get("stytchctl-doctor-probe:none")
	took := time.Since(start)
	if err == nil || errors.Is(err, ErrSecretNotFound) {
		return Finding{Level: LevelOK, Text: fmt.Sprintf("the OS keyring (%s) answered a lookup in %s", KeyringBackend(), took.Round(time.Millisecond))}, took
	}
	return Finding{Level: LevelFail, Text: err.Error(),
		Fix: KeyringWaysForward("NAME", "")}, took
}

// ConfigFindings checks the config directory, file and insecure secrets
// file: that they parse and that no one else can read them.
func (s System) ConfigFindings(profs *Profiles) []Finding {
	var out []Finding
	perm := func(path string, want fs.FileMode) (Finding, bool) {
		fi, err := s.Stat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return Finding{}, false
		}
		if err != nil {
			return Finding{Level: LevelFail, Text: fmt.Sprintf("%s cannot be read: %v", path, err)}, true
		}
		got := fi.Mode().Perm()
		if s.GOOS != "windows" && got&0o077 != 0 {
			return Finding{Level: LevelWarn, Text: fmt.Sprintf("%s has mode %04o: others can access it", path, got),
				Fix: fmt.Sprintf("chmod %o %s", want, path)}, true
		}
		return Finding{Level: LevelOK, Text: fmt.Sprintf("%s (mode %04o)", path, got)}, true
	}
	if f, ok := perm(profs.Dir, DirPerm); ok {
		f.Text = "config directory " + f.Text
		out = append(out, f)
	} else {
		return append(out, Finding{Level: LevelInfo, Text: fmt.Sprintf("config directory %s does not exist yet; stytchctl auth login creates it (mode 0700)", profs.Dir)})
	}
	f, ok := perm(profs.ConfigPath(), FilePerm)
	if !ok {
		out = append(out, Finding{Level: LevelInfo, Text: fmt.Sprintf("no config file at %s: no profile saved yet", profs.ConfigPath())})
	} else {
		f.Text = "config file " + f.Text
		out = append(out, f)
		file, err := profs.Load()
		if err != nil {
			out = append(out, Finding{Level: LevelFail, Text: err.Error(),
				Fix: "correct that line by hand, or move the file away and save the profiles again with stytchctl auth login"})
		} else {
			out = append(out, Finding{Level: LevelInfo, Text: describeProfiles(file)})
		}
	}
	if fi, err := s.Stat(profs.InsecurePath()); err == nil {
		lvl, text, fix := LevelWarn, fmt.Sprintf("%s holds secrets unencrypted (--insecure-storage, mode %04o)", profs.InsecurePath(), fi.Mode().Perm()),
			"where a keyring is available, log in again without --insecure-storage"
		if s.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
			lvl, text, fix = LevelFail, text+": others can access it, so stytchctl refuses to use it", "chmod 600 "+profs.InsecurePath()
		}
		out = append(out, Finding{Level: lvl, Text: text, Fix: fix})
	}
	return out
}

func describeProfiles(f *File) string {
	if len(f.Profiles) == 0 {
		return "no profile saved"
	}
	var parts []string
	for _, n := range f.Names() {
		p := f.Profiles[n]
		where := "keyring"
		if p.Storage == StorageInsecureFile {
			where = "insecure file"
		}
		parts = append(parts, fmt.Sprintf("%s (%s, %s, secret in %s)", n, p.ProjectID, p.Environment(), where))
	}
	active := "none"
	if f.Active != "" {
		active = fmt.Sprintf("%q", f.Active)
	}
	return fmt.Sprintf("profiles: %s; active: %s", strings.Join(parts, ", "), active)
}

// OverrideFindings lists the environment variables that change which
// credentials, URL or config directory commands use.
func (s System) OverrideFindings() []Finding {
	var out []Finding
	id, secret := s.getenv(EnvProjectID), s.getenv(EnvSecret)
	badID := CheckEnvProjectID(id)
	switch {
	case id != "" && secret != "" && badID != nil:
		out = append(out, Finding{Level: LevelFail, Text: badID.Msg + ": commands stop with an error", Fix: badID.Hint})
	case id != "" && secret != "":
		out = append(out, Finding{Level: LevelInfo, Text: fmt.Sprintf("%s (%s) and %s are set: every command uses them instead of the active profile or %s (only --profile wins over them)", EnvProjectID, id, EnvSecret, EnvProfile)})
	case id != "":
		out = append(out, Finding{Level: LevelFail, Text: EnvProjectID + " is set but " + EnvSecret + " is not: commands stop with an error", Fix: "set both, or unset " + EnvProjectID})
	case secret != "":
		out = append(out, Finding{Level: LevelFail, Text: EnvSecret + " is set but " + EnvProjectID + " is not: commands stop with an error", Fix: "set both, or unset " + EnvSecret})
	}
	for _, k := range []string{EnvProfile, EnvAPIURL, EnvConfigDir, EnvDebug} {
		if v := s.getenv(k); v != "" {
			out = append(out, Finding{Level: LevelInfo, Text: fmt.Sprintf("%s=%s is set", k, v)})
		}
	}
	if len(out) == 0 {
		out = append(out, Finding{Level: LevelOK, Text: "no environment variable overrides the profiles"})
	}
	return out
}
