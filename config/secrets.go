package config

import "errors"

// SecretStore keeps secrets under opaque keys (see SecretKey). Production
// uses the OS keyring (Keyring) or, only when asked, an unencrypted 0600
// file (FileStore); tests bring their own.
type SecretStore interface {
	// Get returns the secret stored under key, or ErrSecretNotFound.
	Get(key string) (string, error)
	// Set stores secret under key, replacing any previous one.
	Set(key, secret string) error
	// Delete removes the secret under key, or returns ErrSecretNotFound.
	Delete(key string) error
}

// ErrSecretNotFound is returned by a SecretStore that holds nothing under a
// key.
var ErrSecretNotFound = errors.New("secret not found")

// SecretKey is the key under which a profile's secret is stored: the
// profile name and the project ID, so that a profile re-pointed at another
// project never reads the old project's secret.
func SecretKey(p Profile) string { return p.Name + ":" + p.ProjectID }
