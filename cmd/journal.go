package cmd

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// journalFileName is the revoke journal inside the config directory.
const journalFileName = "revoke-journal.jsonl"

// journalEntry is one line of the revoke journal: one revoke of one
// session, whatever its result. The journal is append-only JSON lines, so
// that `stytchctl sessions journal`, jq and grep can all read it and an
// interrupted run loses nothing it already did.
type journalEntry struct {
	Time     time.Time `json:"time"`
	Operator string    `json:"operator"`
	Profile  string    `json:"profile"`
	Project  string    `json:"project"`
	// Environment is "live" or "test".
	Environment string `json:"environment"`
	// UserID is the consumer user; MemberID and OrganizationID the B2B
	// member, for `b2b sessions revoke`.
	UserID         string `json:"user_id,omitempty"`
	MemberID       string `json:"member_id,omitempty"`
	OrganizationID string `json:"organization_id,omitempty"`
	SessionID      string `json:"session_id"`
	// Result is revoked, not found or failed.
	Result    string `json:"result"`
	RequestID string `json:"request_id"`
	Error     string `json:"error,omitempty"`
	Reason    string `json:"reason"`
}

// journal appends entries to the revoke journal file. It is opened once
// per run, before the first revoke is sent, so that a journal that cannot
// be written stops the run before anything is revoked.
type journal struct {
	f    *os.File
	path string
}

// journalPath returns where the revoke journal lives.
func (a *app) journalPath() (string, error) {
	dir, err := a.deps.configDir()
	if err != nil {
		return "", fmt.Errorf("finding the config directory: %w", err)
	}
	return filepath.Join(dir, journalFileName), nil
}

// openJournal opens the revoke journal for appending, creating the config
// directory (0700) and the file (0600) when needed. An existing file with
// looser permissions is tightened to 0600: it names users and sessions.
func (a *app) openJournal() (*journal, error) {
	path, err := a.journalPath()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("opening the revoke journal: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening the revoke journal: %w", err)
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().Perm() != 0o600 {
		if err := f.Chmod(0o600); err != nil {
			f.Close()
			return nil, fmt.Errorf("opening the revoke journal: %w", err)
		}
	}
	return &journal{f: f, path: path}, nil
}

// append writes one entry as one line, in one write call, so that lines
// of concurrent runs do not interleave.
func (j *journal) append(e journalEntry) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("writing the revoke journal %s: %w", j.path, err)
	}
	return nil
}

func (j *journal) close() error { return j.f.Close() }

// journalLine is one line of the journal as read back: the raw bytes
// (printed losslessly by -o json) and the typed view for tables.
type journalLine struct {
	raw   json.RawMessage
	entry journalEntry
}

// readJournal reads every entry of the journal at path, oldest first. A
// missing journal has no entries. A line that is not a journal entry is
// an error naming its line number.
func readJournal(path string) ([]journalLine, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the revoke journal: %w", err)
	}
	defer f.Close()
	var out []journalLine
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		b := sc.Bytes()
		if len(b) == 0 {
			continue
		}
		var e journalEntry
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, fmt.Errorf("reading the revoke journal %s: line %d is not a journal entry: %w", path, n, err)
		}
		out = append(out, journalLine{raw: append(json.RawMessage(nil), b...), entry: e})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the revoke journal %s: %w", path, err)
	}
	return out, nil
}
