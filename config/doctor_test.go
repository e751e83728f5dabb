package config

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeSystem is a machine described by its environment and files.
func fakeSystem(goos string, env map[string]string, files map[string]string) System {
	return System{
		GOOS: goos,
		Env:  envOf(env),
		Stat: func(p string) (fs.FileInfo, error) {
			if _, ok := files[p]; ok {
				return os.Stat(os.DevNull)
			}
			return nil, fs.ErrNotExist
		},
		ReadFile: func(p string) ([]byte, error) {
			if c, ok := files[p]; ok {
				return []byte(c), nil
			}
			return nil, fs.ErrNotExist
		},
		UID: 1000,
	}
}

func findingsText(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Text + " | fix: " + f.Fix + "\n")
	}
	return b.String()
}

func TestPlatformHints(t *testing.T) {
	cases := []struct {
		name  string
		sys   System
		wants []string
	}{
		{"plain desktop", fakeSystem("linux", nil, nil), nil},
		{"WSL by env", fakeSystem("linux", map[string]string{"WSL_DISTRO_NAME": "Ubuntu"}, nil), []string{"WSL"}},
		{"WSL by kernel", fakeSystem("linux", nil, map[string]string{"/proc/sys/kernel/osrelease": "5.15.90.1-microsoft-standard-WSL2"}), []string{"WSL"}},
		{"SSH", fakeSystem("linux", map[string]string{"SSH_CONNECTION": "10.0.0.1 5 10.0.0.2 22"}, nil), []string{"SSH", "export STYTCH_PROJECT_ID"}},
		{"docker", fakeSystem("linux", nil, map[string]string{"/.dockerenv": ""}), []string{"container", "docker run -e STYTCH_PROJECT_ID"}},
		{"podman", fakeSystem("linux", map[string]string{"container": "podman"}, nil), []string{"container"}},
		{"CI", fakeSystem("linux", map[string]string{"CI": "true"}, nil), []string{"CI is set"}},
		{"macOS over SSH", fakeSystem("darwin", map[string]string{"SSH_TTY": "/dev/ttys001"}, nil), []string{"SSH"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.sys.PlatformHints()
			text := findingsText(got)
			if len(tc.wants) == 0 && len(got) != 0 {
				t.Errorf("unexpected hints:\n%s", text)
			}
			for _, w := range tc.wants {
				if !strings.Contains(text, w) {
					t.Errorf("hints lack %q:\n%s", w, text)
				}
			}
		})
	}
}

func TestDBusAddress(t *testing.T) {
	if a, from := fakeSystem("linux", map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"}, nil).DBusAddress(); a != "unix:path=/x" || from != "DBUS_SESSION_BUS_ADDRESS" {
		t.Errorf("from env: %q %q", a, from)
	}
	if a, from := fakeSystem("linux", nil, map[string]string{"/run/user/1000/bus": ""}).DBusAddress(); a != "unix:path=/run/user/1000/bus" || from != "/run/user/1000/bus" {
		t.Errorf("from runtime dir: %q %q", a, from)
	}
	if a, from := fakeSystem("linux", nil, map[string]string{"/run/user/1000/dbus-session": "DBUS_SESSION_BUS_ADDRESS=unix:abstract=/tmp/dbus-x\n"}).DBusAddress(); a != "unix:abstract=/tmp/dbus-x" || from != "/run/user/1000/dbus-session" {
		t.Errorf("from dbus-session: %q %q", a, from)
	}
	if a, _ := fakeSystem("linux", map[string]string{"DBUS_SESSION_BUS_ADDRESS": "autolaunch:"}, nil).DBusAddress(); a != "" {
		t.Errorf("autolaunch: is no address: %q", a)
	}
	if a, _ := fakeSystem("linux", nil, nil).DBusAddress(); a != "" {
		t.Errorf("none: %q", a)
	}
}

func TestDBusFindings(t *testing.T) {
	withBus := fakeSystem("linux", map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/b"}, nil)
	cases := []struct {
		name   string
		sys    System
		report DBusReport
		fail   bool
		wants  []string
	}{
		{"no bus", fakeSystem("linux", nil, nil), DBusReport{}, true, []string{"no D-Bus session bus", "/run/user/1000/bus does not exist", "dbus-run-session", "gnome-keyring-daemon --unlock"}},
		{"hung bus", withBus, DBusReport{TimedOut: true}, true, []string{"did not answer within 1s", "unset DBUS_SESSION_BUS_ADDRESS"}},
		{"stale address", withBus, DBusReport{Err: errors.New("connect: connection refused")}, true, []string{"cannot be reached", "connection refused"}},
		{"no secret service", withBus, DBusReport{Connected: true}, true, []string{"answers", "no Secret Service on the bus", "gnome-keyring"}},
		{"activatable", withBus, DBusReport{Connected: true, SecretsActivatable: true}, false, []string{"will start one on first use"}},
		{"running", withBus, DBusReport{Connected: true, SecretsRunning: true}, false, []string{"a Secret Service owns org.freedesktop.secrets"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.sys.DBusFindings(time.Second, func(addr string, _ time.Duration) DBusReport {
				if addr != "unix:path=/b" {
					t.Errorf("probed %q", addr)
				}
				return tc.report
			})
			failed := false
			for _, f := range got {
				failed = failed || f.Level == LevelFail
				if f.Level == LevelFail && f.Fix == "" {
					t.Errorf("problem without a fix: %s", f.Text)
				}
			}
			if failed != tc.fail {
				t.Errorf("fail = %v, want %v:\n%s", failed, tc.fail, findingsText(got))
			}
			for _, w := range tc.wants {
				if !strings.Contains(findingsText(got), w) {
					t.Errorf("findings lack %q:\n%s", w, findingsText(got))
				}
			}
		})
	}
}

// TestProbeDBusHungSocket: a bus that accepts the connection and never
// answers is given up on within the timeout.
func TestProbeDBusHungSocket(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "bus")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Skipf("no unix sockets here: %v", err)
	}
	defer l.Close()
	go func() {
		var held []net.Conn
		for {
			c, err := l.Accept()
			if err != nil {
				for _, c := range held {
					c.Close()
				}
				return
			}
			held = append(held, c)
		}
	}()
	start := time.Now()
	r := ProbeDBus("unix:path="+sock, 300*time.Millisecond)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("probe took %s", d)
	}
	if !r.TimedOut || r.Connected {
		t.Errorf("report = %+v, want a timeout", r)
	}
}

func TestProbeDBusNoSocket(t *testing.T) {
	r := ProbeDBus("unix:path="+filepath.Join(t.TempDir(), "none"), time.Second)
	if r.Connected || r.TimedOut || r.Err == nil {
		t.Errorf("report = %+v, want a connection error", r)
	}
}

// TestProbeDBusReal asks the session bus this test runs on, when there is
// one (inside dbus-run-session in CI).
func TestProbeDBusReal(t *testing.T) {
	addr, _ := HostSystem(os.LookupEnv).DBusAddress()
	if addr == "" {
		if os.Getenv(EnvRequireKeyring) == "1" {
			t.Fatalf("%s=1 but there is no D-Bus session bus", EnvRequireKeyring)
		}
		t.Skip("no D-Bus session bus; .ci/run runs this inside dbus-run-session")
	}
	r := ProbeDBus(addr, 3*time.Second)
	if !r.Connected {
		t.Fatalf("session bus at %s: %+v", addr, r)
	}
	if os.Getenv(EnvRequireKeyring) == "1" && !r.SecretsRunning && !r.SecretsActivatable {
		t.Errorf("no Secret Service on the bus: %+v", r)
	}
}

func TestConfigFindings(t *testing.T) {
	fx := newFixture(t)
	sys := HostSystem(envOf(nil))
	got := findingsText(sys.ConfigFindings(fx.profs))
	for _, w := range []string{"config directory " + fx.profs.Dir + " (mode 0700)", "config file " + fx.profs.ConfigPath() + " (mode 0600)",
		"prod (" + liveID + ", live, secret in insecure file)", `active: "work"`, "holds secrets unencrypted"} {
		if !strings.Contains(got, w) {
			t.Errorf("findings lack %q:\n%s", w, got)
		}
	}
	if err := os.Chmod(fx.profs.ConfigPath(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(fx.profs.InsecurePath(), 0o640); err != nil {
		t.Fatal(err)
	}
	writeFile(t, fx.profs.ConfigPath()+".x", "")
	got = findingsText(sys.ConfigFindings(fx.profs))
	for _, w := range []string{"mode 0644: others can access it | fix: chmod 600 " + fx.profs.ConfigPath(),
		"stytchctl refuses to use it | fix: chmod 600 " + fx.profs.InsecurePath()} {
		if !strings.Contains(got, w) {
			t.Errorf("findings lack %q:\n%s", w, got)
		}
	}
	writeFile(t, fx.profs.ConfigPath(), "active: [\n")
	if got = findingsText(sys.ConfigFindings(fx.profs)); !strings.Contains(got, "config.yaml:1: not valid YAML") {
		t.Errorf("corrupt file not reported:\n%s", got)
	}
	empty := &Profiles{Dir: filepath.Join(t.TempDir(), "new")}
	if got = findingsText(sys.ConfigFindings(empty)); !strings.Contains(got, "does not exist yet") {
		t.Errorf("missing dir: %s", got)
	}
}

func TestOverrideFindings(t *testing.T) {
	half := findingsText(fakeSystem("linux", map[string]string{EnvSecret: envSecret}, nil).OverrideFindings())
	if !strings.Contains(half, "STYTCH_SECRET is set but STYTCH_PROJECT_ID is not") || strings.Contains(half, envSecret) {
		t.Errorf("half-set env: %s", half)
	}
	both := findingsText(fakeSystem("linux", map[string]string{EnvSecret: envSecret, EnvProjectID: envID, EnvProfile: "x"}, nil).OverrideFindings())
	if !strings.Contains(both, envID) || !strings.Contains(both, "STYTCHCTL_PROFILE=x") || strings.Contains(both, envSecret) {
		t.Errorf("overrides: %s", both)
	}
	bad := findingsText(fakeSystem("linux", map[string]string{EnvSecret: envSecret, EnvProjectID: "project-test-\x1b[2Ja:b"}, nil).OverrideFindings())
	if !strings.Contains(bad, `STYTCH_PROJECT_ID: invalid project ID "project-test-\x1b[2Ja:b"`) || !strings.Contains(bad, "commands stop with an error") ||
		strings.Contains(bad, "\x1b") {
		t.Errorf("invalid STYTCH_PROJECT_ID: %q", bad)
	}
}

func TestKeyringFinding(t *testing.T) {
	if f, _ := KeyringFinding(FileStore{Path: filepath.Join(t.TempDir(), "keyring.yaml")}); f.Level != LevelOK {
		t.Errorf("working store: %+v", f)
	}
	f, _ := KeyringFinding(failingStore{err: &KeyringError{Op: "reading from", Backend: "x", Timeout: time.Second}})
	if f.Level != LevelFail || !strings.Contains(f.Fix, "--insecure-storage") || !strings.Contains(f.Fix, "export STYTCH_PROJECT_ID") {
		t.Errorf("broken store: %+v", f)
	}
}
