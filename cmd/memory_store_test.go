package cmd

import (
	"sync"

	"github.com/stytchctl/stytchctl/config"
)

// memoryStore is a config.SecretStore in memory that stands in for the OS
// keyring in tests. The zero value is ready to use and it is safe for
// concurrent use.
type memoryStore struct {
	mu sync.Mutex
	m  map[string]string
}

// Get implements config.SecretStore.
func (s *memoryStore) Get(key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	if !ok {
		return "", config.ErrSecretNotFound
	}
	return v, nil
}

// Set implements config.SecretStore.
func (s *memoryStore) Set(key, secret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[string]string)
	}
	s.m[key] = secret
	return nil
}

// Delete implements config.SecretStore.
func (s *memoryStore) Delete(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[key]; !ok {
		return config.ErrSecretNotFound
	}
	delete(s.m, key)
	return nil
}
