package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// File names inside the config directory.
const (
	// ConfigFileName holds the profiles and which one is active. It never
	// holds a secret.
	ConfigFileName = "config.yaml"
	// InsecureSecretsFileName holds the secrets of profiles logged in with
	// --insecure-storage, unencrypted, mode 0600.
	InsecureSecretsFileName = "secrets-insecure.yaml"
)

// Permissions of what stytchctl creates in the config directory.
const (
	DirPerm  fs.FileMode = 0o700
	FilePerm fs.FileMode = 0o600
)

// Dir returns the config directory: STYTCHCTL_CONFIG_DIR when set, else
// the OS user config directory (userConfigDir, os.UserConfigDir in
// production) plus "/stytchctl". The result is absolute. Dir creates
// nothing.
func Dir(env LookupEnv, userConfigDir func() (string, error)) (string, error) {
	if v, ok := env(EnvConfigDir); ok && v != "" {
		abs, err := filepath.Abs(v)
		if err != nil {
			return "", fmt.Errorf("resolving %s=%q: %w", EnvConfigDir, v, err)
		}
		return abs, nil
	}
	base, err := userConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the config directory: %w (set %s to choose one)", err, EnvConfigDir)
	}
	return filepath.Join(base, "stytchctl"), nil
}

// ensureDir creates dir (and its parents) with mode 0700 when it does not
// exist. An existing directory keeps its mode: `auth doctor` reports one
// that others can read.
func ensureDir(dir string) error {
	if err := os.MkdirAll(dir, DirPerm); err != nil {
		return fmt.Errorf("creating config directory: %w", err)
	}
	return nil
}

// writeAtomic replaces path with what write produces, so that a reader or
// a crash never sees a half-written file: the data goes to a temporary file
// in the same directory (created 0600, then set to perm), is synced, and is
// renamed over path. If write or any step fails, path is untouched and the
// temporary file is removed.
func writeAtomic(path string, perm fs.FileMode, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if err := ensureDir(dir); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(perm); err != nil && runtime.GOOS != "windows" {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := write(tmp); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename durable where the OS supports syncing a
// directory; elsewhere it does nothing.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}

// readOptional reads path, returning nil and no error when it does not
// exist. A file of more than limit bytes is a *FileError, found without
// reading it whole (a wrong file of 100 MB in its place took 432 MB).
func readOptional(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if int64(len(b)) > limit {
		return nil, &FileError{Path: path, Msg: fmt.Sprintf("larger than %d MiB, far more than a file of profiles takes", limit>>20)}
	}
	return b, nil
}
