package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// FileStore is a SecretStore in one unencrypted YAML file, mode 0600: the
// store of --insecure-storage, for machines without a reachable keyring.
// Every write is atomic. A file that others may read is refused, as ssh
// refuses a private key with loose permissions.
type FileStore struct {
	Path string
}

const insecureHeader = `# Secrets of stytchctl profiles saved with --insecure-storage. NOT ENCRYPTED:
# anyone who can read this file can use these Stytch projects. Keep it mode 0600.
`

// Get implements SecretStore.
func (s FileStore) Get(key string) (string, error) {
	m, err := s.read()
	if err != nil {
		return "", err
	}
	v, ok := m[key]
	if !ok {
		return "", ErrSecretNotFound
	}
	return v, nil
}

// Set implements SecretStore.
func (s FileStore) Set(key, secret string) error {
	m, err := s.read()
	if err != nil {
		return err
	}
	m[key] = secret
	return s.write(m)
}

// Delete implements SecretStore. Deleting the last secret removes the file.
func (s FileStore) Delete(key string) error {
	m, err := s.read()
	if err != nil {
		return err
	}
	if _, ok := m[key]; !ok {
		return ErrSecretNotFound
	}
	delete(m, key)
	if len(m) == 0 {
		if err := os.Remove(s.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("removing %s: %w", s.Path, err)
		}
		return nil
	}
	return s.write(m)
}

func (s FileStore) read() (map[string]string, error) {
	f, err := os.Open(s.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", s.Path, err)
	}
	defer f.Close()
	if err := CheckPrivate(f, s.Path); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", s.Path, err)
	}
	return parseSecrets(s.Path, data)
}

// CheckPrivate refuses a secrets file that anyone but its owner may read
// or write. Windows has no such mode bits and is not checked.
func CheckPrivate(f *os.File, path string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return &FileError{Path: path, Msg: fmt.Sprintf("refusing to use a secrets file that others can access (mode %04o); run: chmod 600 %s", perm, path)}
	}
	return nil
}

// parseSecrets reads the secrets file. Its errors name the line but never
// quote a value, since values are secrets.
func parseSecrets(path string, data []byte) (map[string]string, error) {
	m := map[string]string{}
	root, err := parseYAML(path, data)
	if err != nil || root == nil {
		return m, err
	}
	ferr := func(n *yaml.Node, msg string) error { return &FileError{Path: path, Line: n.Line, Msg: msg} }
	if root.Kind != yaml.MappingNode {
		return nil, ferr(root, "expected \"secrets:\" at the top")
	}
	err = eachPair(path, root, func(k, v *yaml.Node) error {
		if k.Value != "secrets" {
			return ferr(k, fmt.Sprintf("unknown setting %q (known: secrets)", k.Value))
		}
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			return nil
		}
		if v.Kind != yaml.MappingNode {
			return ferr(v, "secrets must map profile keys to secrets")
		}
		return eachPair(path, v, func(sk, sv *yaml.Node) error {
			if sv.Kind != yaml.ScalarNode || sv.Value == "" {
				return ferr(sv, fmt.Sprintf("the secret of %q must be one non-empty value", sk.Value))
			}
			m[sk.Value] = sv.Value
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

func (s FileStore) write(m map[string]string) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString(insecureHeader)
	b.WriteString("secrets:\n")
	for _, k := range keys {
		// strconv.Quote output is a valid YAML double-quoted scalar for the
		// printable text that keys and secrets are.
		fmt.Fprintf(&b, "  %s: %s\n", strconv.Quote(k), strconv.Quote(m[k]))
	}
	return writeAtomic(s.Path, FilePerm, func(w io.Writer) error {
		_, err := io.WriteString(w, b.String())
		return err
	})
}
