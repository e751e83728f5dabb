package config

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	gokeyring "github.com/zalando/go-keyring"
)

// KeyringService is the service name stytchctl's secrets are filed under
// in the OS keyring.
const KeyringService = "stytchctl"

// DefaultKeyringTimeout bounds every keyring call. A healthy keyring answers
// in milliseconds; a hung D-Bus or a Secret Service waiting on an unlock
// prompt nobody can see would otherwise hang the tool for ever.
const DefaultKeyringTimeout = 5 * time.Second

// keyringBackend is the part of go-keyring the adapter uses, so that tests
// can put a hung or failing backend behind the timeout.
type keyringBackend interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// goKeyring calls the OS keyring through zalando/go-keyring.
type goKeyring struct{}

func (goKeyring) Get(service, user string) (string, error) { return gokeyring.Get(service, user) }
func (goKeyring) Set(service, user, pw string) error       { return gokeyring.Set(service, user, pw) }
func (goKeyring) Delete(service, user string) error        { return gokeyring.Delete(service, user) }

// Keyring is the SecretStore of the OS keyring. Every call is bounded by
// Timeout. Once the keyring has proved unreachable (no D-Bus, no Secret
// Service, no answer in time), later calls on the same Keyring fail at once
// with the same error instead of waiting again. Creating a Keyring does no
// I/O.
type Keyring struct {
	service string
	timeout time.Duration
	backend keyringBackend
	// noBus, when set, is asked before every backend call and reports a
	// machine with no D-Bus session bus to use (see NewKeyringService).
	noBus func() error

	mu     sync.Mutex
	broken *KeyringError
}

// NewKeyring returns the OS keyring store with the stytchctl service name
// and DefaultKeyringTimeout.
func NewKeyring() *Keyring {
	return NewKeyringService(KeyringService, DefaultKeyringTimeout)
}

// NewKeyringService returns an OS keyring store filing secrets under
// service, with each call bounded by timeout. Tests use a service name of
// their own so they never touch a user's real secrets.
//
// Where the keyring is the Secret Service over D-Bus, a machine with no
// session bus gets an unreachable-keyring error before go-keyring is
// called: asked for a bus that is not there, godbus runs dbus-launch,
// which starts a dbus-daemon that outlives stytchctl. stytchctl never
// starts a bus. The check reads the process environment, as godbus does.
func NewKeyringService(service string, timeout time.Duration) *Keyring {
	return newKeyring(service, timeout, goKeyring{}, HostSystem(os.LookupEnv))
}

func newKeyring(service string, timeout time.Duration, backend keyringBackend, sys System) *Keyring {
	k := &Keyring{service: service, timeout: timeout, backend: backend}
	if sys.UsesDBus() {
		k.noBus = sys.missingSessionBus
	}
	return k
}

// NoSessionBusError is the keyring's answer on a machine with no D-Bus
// session bus: Diagnosis says what auth doctor says, and the fixes are
// auth doctor's too.
type NoSessionBusError struct{ Diagnosis string }

func (e *NoSessionBusError) Error() string {
	return e.Diagnosis + "; stytchctl does not start one"
}

// missingSessionBus returns a *NoSessionBusError when godbus would find no
// session bus and start one.
func (s System) missingSessionBus() error {
	if addr, _ := s.DBusAddress(); addr != "" {
		return nil
	}
	return &NoSessionBusError{Diagnosis: s.noSessionBus()}
}

// KeyringBackend names the keyring of this OS, for messages.
func KeyringBackend() string {
	switch runtime.GOOS {
	case "darwin":
		return "macOS Keychain"
	case "windows":
		return "Windows Credential Manager"
	default:
		return "Secret Service over D-Bus"
	}
}

// Get implements SecretStore.
func (k *Keyring) Get(key string) (string, error) {
	var v string
	err := k.call("reading from", func(b keyringBackend) (err error) {
		v, err = b.Get(k.service, key)
		return err
	})
	return v, err
}

// Set implements SecretStore.
func (k *Keyring) Set(key, secret string) error {
	return k.call("saving to", func(b keyringBackend) error { return b.Set(k.service, key, secret) })
}

// Delete implements SecretStore.
func (k *Keyring) Delete(key string) error {
	return k.call("deleting from", func(b keyringBackend) error { return b.Delete(k.service, key) })
}

// call runs fn against the backend with the timeout. On timeout the call
// is abandoned: its goroutine may linger until the process exits, which
// for a command-line tool is moments later.
func (k *Keyring) call(op string, fn func(keyringBackend) error) error {
	k.mu.Lock()
	broken := k.broken
	k.mu.Unlock()
	if broken != nil {
		return broken
	}
	if k.noBus != nil {
		if err := k.noBus(); err != nil {
			kerr := &KeyringError{Op: op, Backend: KeyringBackend(), Err: err}
			k.setBroken(kerr)
			return kerr
		}
	}
	done := make(chan error, 1)
	go func() { done <- fn(k.backend) }()
	timer := time.NewTimer(k.timeout)
	defer timer.Stop()
	var err error
	select {
	case err = <-done:
	case <-timer.C:
		kerr := &KeyringError{Op: op, Backend: KeyringBackend(), Timeout: k.timeout}
		k.setBroken(kerr)
		return kerr
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gokeyring.ErrNotFound):
		return ErrSecretNotFound
	}
	kerr := &KeyringError{Op: op, Backend: KeyringBackend(), Err: err}
	if kerr.Unreachable() {
		k.setBroken(kerr)
	}
	return kerr
}

func (k *Keyring) setBroken(e *KeyringError) {
	k.mu.Lock()
	k.broken = e
	k.mu.Unlock()
}

// KeyringError is a keyring call that failed for a reason other than a
// missing secret.
type KeyringError struct {
	// Op is what was being done: "reading from", "saving to", "deleting from".
	Op      string
	Backend string
	// Timeout is set when the keyring did not answer in time.
	Timeout time.Duration
	// Err is the backend's error, nil on timeout.
	Err error
}

func (e *KeyringError) Error() string {
	return fmt.Sprintf("%s the OS keyring (%s): %s", e.Op, e.Backend, e.Reason())
}

func (e *KeyringError) Unwrap() error { return e.Err }

// Unreachable reports whether no keyring answered at all, as opposed to a
// keyring that answered with an error.
func (e *KeyringError) Unreachable() bool {
	if e.Timeout > 0 {
		return true
	}
	c := e.cause()
	return c == causeNoBus || c == causeNoService
}

type keyringCause int

const (
	causeOther keyringCause = iota
	causeNoBus
	causeNoService
	causePrompt
)

func (e *KeyringError) cause() keyringCause {
	if e.Err == nil {
		return causeOther
	}
	s := e.Err.Error()
	has := func(subs ...string) bool {
		for _, sub := range subs {
			if strings.Contains(s, sub) {
				return true
			}
		}
		return false
	}
	switch {
	case has("ServiceUnknown", "not provided by any .service files", "NameHasNoOwner"):
		return causeNoService
	case has("session bus", "DBUS_SESSION_BUS_ADDRESS", "dbus-launch", "autolaunch", "no such file or directory",
		"connection refused", "dbus: authentication failed", "broken pipe", "connection reset"):
		return causeNoBus
	case has("prompt", "dismissed", "failed to unlock"):
		return causePrompt
	}
	return causeOther
}

// Reason explains the failure in words a user can act on.
func (e *KeyringError) Reason() string {
	if e.Timeout > 0 {
		return fmt.Sprintf("no answer within %s (D-Bus or the Secret Service is hung, or the keyring is waiting to be unlocked on a screen you cannot see)", e.Timeout)
	}
	switch e.cause() {
	case causeNoBus:
		return fmt.Sprintf("not available: no D-Bus session bus to reach it, as is usual over SSH, in containers, CI and WSL (%v)", e.Err)
	case causeNoService:
		return fmt.Sprintf("no Secret Service (gnome-keyring, KWallet, KeePassXC) is running on the D-Bus session bus (%v)", e.Err)
	case causePrompt:
		return fmt.Sprintf("the keyring is locked and was not unlocked; unlock it (log in to the desktop, or gnome-keyring-daemon --unlock) and try again (%v)", e.Err)
	}
	return e.Err.Error()
}
