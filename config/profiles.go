package config

import (
	"io"
	"path/filepath"
)

// Profiles is the config directory: the config file with the saved
// profiles, and the two places a profile's secret can be.
type Profiles struct {
	// Dir is the config directory (see Dir).
	Dir string
	// Keyring is the OS keyring in production; tests give a store of their
	// own.
	Keyring SecretStore
}

// ConfigPath is the config file.
func (p *Profiles) ConfigPath() string { return filepath.Join(p.Dir, ConfigFileName) }

// InsecurePath is the --insecure-storage secrets file.
func (p *Profiles) InsecurePath() string { return filepath.Join(p.Dir, InsecureSecretsFileName) }

// maxConfigFile bounds the config file: a profile takes a few hundred
// bytes, so thousands fit.
const maxConfigFile = 1 << 20

// Load reads the config file. A missing file is an empty config; a corrupt
// one, or one over maxConfigFile, is a *FileError naming the file (and the
// line, when one is at fault).
func (p *Profiles) Load() (*File, error) {
	data, err := readOptional(p.ConfigPath(), maxConfigFile)
	if err != nil {
		return nil, err
	}
	return ParseFile(p.ConfigPath(), data)
}

// Save writes f to the config file atomically, creating the directory with
// mode 0700 and the file with mode 0600.
func (p *Profiles) Save(f *File) error {
	data := f.Marshal()
	return writeAtomic(p.ConfigPath(), FilePerm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Store returns the store that holds secrets kept in s.
func (p *Profiles) Store(s Storage) SecretStore {
	if s == StorageInsecureFile {
		return FileStore{Path: p.InsecurePath()}
	}
	return p.Keyring
}

// Secret reads a profile's secret from where the profile says it is.
func (p *Profiles) Secret(pr Profile) (string, error) {
	return p.Store(pr.Storage).Get(SecretKey(pr))
}
