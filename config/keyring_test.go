package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gokeyring "github.com/zalando/go-keyring"
)

// EnvRequireKeyring makes the tests that need a real Secret Service fail
// instead of skipping when none answers. .ci/run sets it inside
// dbus-run-session with an unlocked gnome-keyring.
const EnvRequireKeyring = "STYTCHCTL_REQUIRE_KEYRING"

// hungBackend never answers until release is closed, like a D-Bus peer
// that accepted the connection and went silent.
type hungBackend struct {
	calls   atomic.Int32
	release chan struct{}
}

func (h *hungBackend) wait() error {
	h.calls.Add(1)
	<-h.release
	return nil
}
func (h *hungBackend) Get(string, string) (string, error) { return "", h.wait() }
func (h *hungBackend) Set(string, string, string) error   { return h.wait() }
func (h *hungBackend) Delete(string, string) error        { return h.wait() }

func TestKeyringTimeout(t *testing.T) {
	h := &hungBackend{release: make(chan struct{})}
	defer close(h.release)
	k := &Keyring{service: "t", timeout: 150 * time.Millisecond, backend: h}
	start := time.Now()
	_, err := k.Get("x")
	took := time.Since(start)
	var ke *KeyringError
	if !errors.As(err, &ke) || ke.Timeout != 150*time.Millisecond || !ke.Unreachable() {
		t.Fatalf("got %T %v, want a timeout KeyringError", err, err)
	}
	if took < 150*time.Millisecond || took > 2*time.Second {
		t.Errorf("gave up after %s, want about 150ms", took)
	}
	if !strings.Contains(err.Error(), "no answer within 150ms") || !strings.Contains(err.Error(), "reading from the OS keyring") {
		t.Errorf("message: %v", err)
	}
	// Once hung, later calls fail at once instead of waiting again.
	start = time.Now()
	if err := k.Set("x", "y"); !errors.As(err, &ke) {
		t.Fatalf("second call: %v", err)
	}
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Errorf("second call waited %s", d)
	}
	if n := h.calls.Load(); n != 1 {
		t.Errorf("backend called %d times, want 1", n)
	}
}

// TestKeyringNeverStartsABus: with no session bus to find, go-keyring's
// D-Bus library would run dbus-launch and leave a dbus-daemon behind. The
// keyring answers "unreachable" without calling go-keyring at all, with
// auth doctor's diagnosis; where a bus is found, or on macOS and Windows,
// go-keyring is called as before.
func TestKeyringNeverStartsABus(t *testing.T) {
	backend := &countingBackend{}
	k := newKeyring("t", time.Second, backend, fakeSystem("linux", map[string]string{"DBUS_SESSION_BUS_ADDRESS": "autolaunch:"}, nil))
	_, err := k.Get("x")
	var ke *KeyringError
	var nb *NoSessionBusError
	if !errors.As(err, &ke) || !ke.Unreachable() || !errors.As(err, &nb) {
		t.Fatalf("got %T %v, want an unreachable KeyringError for the missing bus", err, err)
	}
	for _, want := range []string{"reading from the OS keyring (Secret Service over D-Bus): not available: no D-Bus session bus",
		"DBUS_SESSION_BUS_ADDRESS is not set and /run/user/1000/bus does not exist; stytchctl does not start one"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %v", want, err)
		}
	}
	if hint := KeyringErrorHint(err, "work", testID); !strings.Contains(hint, "dbus-run-session") || !strings.Contains(hint, "--insecure-storage") {
		t.Errorf("hint lacks the ways forward:\n%s", hint)
	}
	if err := k.Set("x", "y"); !errors.As(err, &nb) {
		t.Errorf("Set: %v", err)
	}
	if n := backend.calls.Load(); n != 0 {
		t.Errorf("go-keyring was called %d times without a bus", n)
	}

	for name, sys := range map[string]System{
		"address":        fakeSystem("linux", map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/b"}, nil),
		"runtime socket": fakeSystem("freebsd", nil, map[string]string{"/run/user/1000/bus": ""}),
		"dbus-session":   fakeSystem("linux", nil, map[string]string{"/run/user/1000/dbus-session": "DBUS_SESSION_BUS_ADDRESS=unix:abstract=/tmp/dbus-x\n"}),
		"macOS":          fakeSystem("darwin", nil, nil),
		"Windows":        fakeSystem("windows", nil, nil),
	} {
		backend := &countingBackend{}
		if _, err := newKeyring("t", time.Second, backend, sys).Get("x"); !errors.Is(err, ErrSecretNotFound) || backend.calls.Load() != 1 {
			t.Errorf("%s: %v after %d backend calls, want go-keyring asked once", name, err, backend.calls.Load())
		}
	}
}

// countingBackend counts calls and holds no secrets.
type countingBackend struct{ calls atomic.Int32 }

func (c *countingBackend) Get(string, string) (string, error) {
	c.calls.Add(1)
	return "", gokeyring.ErrNotFound
}
func (c *countingBackend) Set(string, string, string) error { c.calls.Add(1); return nil }
func (c *countingBackend) Delete(string, string) error      { c.calls.Add(1); return nil }

// scriptedBackend answers every call with err.
type scriptedBackend struct{ err error }

func (s scriptedBackend) Get(string, string) (string, error) { return "", s.err }
func (s scriptedBackend) Set(string, string, string) error   { return s.err }
func (s scriptedBackend) Delete(string, string) error        { return s.err }

func TestKeyringErrors(t *testing.T) {
	cases := []struct {
		name        string
		err         error
		notFound    bool
		unreachable bool
		reason      string
	}{
		{"not found", gokeyring.ErrNotFound, true, false, ""},
		{"no bus address", errors.New("dbus: couldn't determine address of session bus"), false, true, "no D-Bus session bus"},
		{"no dbus-launch", errors.New(`exec: "dbus-launch": executable file not found in $PATH`), false, true, "no D-Bus session bus"},
		{"stale socket", errors.New("dial unix /run/user/1000/bus: connect: no such file or directory"), false, true, "no D-Bus session bus"},
		{"no secret service", errors.New("The name org.freedesktop.secrets was not provided by any .service files"), false, true, "no Secret Service (gnome-keyring, KWallet, KeePassXC)"},
		{"prompt dismissed", errors.New("prompt dismissed"), false, false, "locked"},
		{"locked collection", errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"), false, false, "unlock it"},
		{"other", errors.New("data passed to Set was too big"), false, false, "too big"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			k := &Keyring{service: "t", timeout: time.Second, backend: scriptedBackend{tc.err}}
			_, err := k.Get("x")
			if tc.notFound {
				if !errors.Is(err, ErrSecretNotFound) {
					t.Fatalf("got %v, want ErrSecretNotFound", err)
				}
				return
			}
			var ke *KeyringError
			if !errors.As(err, &ke) {
				t.Fatalf("got %T %v", err, err)
			}
			if ke.Unreachable() != tc.unreachable {
				t.Errorf("Unreachable = %v", ke.Unreachable())
			}
			if !strings.Contains(ke.Reason(), tc.reason) || !errors.Is(err, tc.err) {
				t.Errorf("reason %q lacks %q (or the cause is lost)", ke.Reason(), tc.reason)
			}
			_, err2 := k.Get("x")
			if tc.unreachable && err2 != err {
				t.Errorf("an unreachable keyring was asked again")
			}
		})
	}
}

// realKeyring returns a Keyring on the machine's Secret Service (or
// Keychain, or Credential Manager) under a service name of its own, so the
// test never touches a user's real secrets. Without a reachable keyring it
// skips, or fails when STYTCHCTL_REQUIRE_KEYRING=1.
func realKeyring(t *testing.T) *Keyring {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	k := NewKeyringService("stytchctl-test-"+hex.EncodeToString(b), DefaultKeyringTimeout)
	_, err := k.Get("probe")
	if err == nil || errors.Is(err, ErrSecretNotFound) {
		return k
	}
	if os.Getenv(EnvRequireKeyring) == "1" {
		t.Fatalf("%s=1 but the OS keyring (%s) cannot be used: %v", EnvRequireKeyring, KeyringBackend(), err)
	}
	t.Skipf("no usable OS keyring (%v); .ci/run runs this inside dbus-run-session with an unlocked gnome-keyring (set %s=1 to make this a failure)", err, EnvRequireKeyring)
	return nil
}

// TestKeyringSecretService runs the adapter against the real keyring: the
// same calls auth login, status and logout make.
func TestKeyringSecretService(t *testing.T) {
	k := realKeyring(t)
	key := "work:" + testID
	t.Cleanup(func() { _ = k.Delete(key); _ = k.Delete("other:" + testID) })

	if _, err := k.Get(key); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get before Set: %v, want ErrSecretNotFound", err)
	}
	if err := k.Set(key, testSecret); err != nil {
		t.Fatalf("Set: %v", err)
	}
	// A second adapter, as a second stytchctl process would be, reads it.
	other := NewKeyringService(k.service, DefaultKeyringTimeout)
	if got, err := other.Get(key); err != nil || got != testSecret {
		t.Fatalf("Get from a fresh adapter = ok:%v, %v", got == testSecret, err)
	}
	// Set replaces; keys are independent.
	const unicodeSecret = "secret-test-ünïcødé/+=\"'\\"
	if err := k.Set(key, unicodeSecret); err != nil {
		t.Fatal(err)
	}
	if err := k.Set("other:"+testID, liveSecret); err != nil {
		t.Fatal(err)
	}
	if got, err := k.Get(key); err != nil || got != unicodeSecret {
		t.Fatalf("after replace: ok:%v, %v", got == unicodeSecret, err)
	}
	if got, err := k.Get("other:" + testID); err != nil || got != liveSecret {
		t.Fatalf("other key: ok:%v, %v", got == liveSecret, err)
	}
	if err := k.Delete(key); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := k.Get(key); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get after Delete: %v", err)
	}
	if err := k.Delete(key); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("second Delete: %v, want ErrSecretNotFound", err)
	}
	if got, err := k.Get("other:" + testID); err != nil || got != liveSecret {
		t.Fatalf("deleting one key removed another: %v", err)
	}
}

// TestProfilesOnSecretService saves and resolves a profile through the
// real keyring, end to end within the package.
func TestProfilesOnSecretService(t *testing.T) {
	k := realKeyring(t)
	profs := &Profiles{Dir: t.TempDir(), Keyring: k}
	p := Profile{Name: "work", ProjectID: testID, Storage: StorageKeyring}
	t.Cleanup(func() { _ = k.Delete(SecretKey(p)) })
	if err := k.Set(SecretKey(p), testSecret); err != nil {
		t.Fatal(err)
	}
	f := &File{Active: "work"}
	f.Put(p)
	if err := profs.Save(f); err != nil {
		t.Fatal(err)
	}
	c, err := Resolver{Env: envOf(nil), Profiles: func() (*Profiles, error) { return profs, nil }}.Resolve(Request{})
	if err != nil || c.Secret != testSecret || c.Source != SourceKeyring {
		t.Fatalf("Resolve = source %q ok:%v, %v", c.Source, c.Secret == testSecret, err)
	}
	b, _ := os.ReadFile(profs.ConfigPath())
	if strings.Contains(string(b), testSecret) {
		t.Error("the config file holds the secret")
	}
}
