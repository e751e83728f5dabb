package config

import (
	"errors"
	"sync"
)

// SecretStore keeps secrets under opaque keys (see SecretKey). Production
// uses the OS keyring (Keyring) or, only when asked, an unencrypted 0600
// file (FileStore); tests use MemoryStore.
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

// MemoryStore is a SecretStore in memory, for tests. The zero value is
// ready to use and it is safe for concurrent use.
type MemoryStore struct {
	mu sync.Mutex
	m  map[string]string
}

// Get implements SecretStore.
func (s *MemoryStore) Get(key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	if !ok {
		return "", ErrSecretNotFound
	}
	return v, nil
}

// Set implements SecretStore.
func (s *MemoryStore) Set(key, secret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[string]string)
	}
	s.m[key] = secret
	return nil
}

// Delete implements SecretStore.
func (s *MemoryStore) Delete(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[key]; !ok {
		return ErrSecretNotFound
	}
	delete(s.m, key)
	return nil
}

// Keys returns every key held, for tests to assert on.
func (s *MemoryStore) Keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.m))
	for k := range s.m {
		keys = append(keys, k)
	}
	return keys
}
