package cmd

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
	"unicode/utf8"

	"github.com/stytchctl/stytchctl/config"
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
	// Demo marks a revoke made on the built-in demo profile, which
	// sessions journal keeps apart. Entries written before it existed
	// lack it: their profile "demo" says the same (see isDemo).
	Demo bool `json:"demo,omitempty"`
}

// isDemo says whether e is a revoke on the built-in demo profile, tagged
// or, from before the tag, named so (no saved profile can be).
func (e journalEntry) isDemo() bool {
	return e.Demo || e.Profile == config.DemoProfile
}

// journal appends entries to the revoke journal file. It is opened once
// per run, before the first revoke is sent, so that a journal that cannot
// be written stops the run before anything is revoked.
type journal struct {
	f    *os.File
	path string
	// torn is set when the file does not end in a newline (a write cut
	// short by a crash or a full disk): the next entry starts a new line
	// so that it is not glued onto the torn one.
	torn bool
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
// Only a regular file is used: a symbolic link, a device or a FIFO in its
// place is refused (see openJournalFile), before anything is revoked.
func (a *app) openJournal() (*journal, error) {
	path, err := a.journalPath()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, journalOpenError(path, os.O_CREATE, err)
	}
	f, err := openJournalFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().Perm() != 0o600 {
		if err := f.Chmod(0o600); err != nil {
			f.Close()
			return nil, fmt.Errorf("opening the revoke journal: %w", err)
		}
	}
	torn, err := endsTorn(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("opening the revoke journal: %w", err)
	}
	return &journal{f: f, path: path, torn: torn}, nil
}

// endsTorn says whether f is not empty and does not end in a newline.
func endsTorn(f *os.File) (bool, error) {
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return false, err
	}
	last := make([]byte, 1)
	if _, err := f.ReadAt(last, fi.Size()-1); err != nil {
		return false, err
	}
	return last[0] != '\n', nil
}

// maxJournalText bounds the free text of an entry, the error and the
// reason, in bytes: a server's error can be megabytes, and an entry must
// stay one readable line well under maxJournalLine. Longer text is cut and
// ends in journalCut.
const (
	maxJournalText = 4 << 10
	journalCut     = "… [cut]"
)

// maxJournalLine is the longest line readJournal reads as an entry.
const maxJournalLine = 1 << 20

// cutJournalText returns s, or when it is longer than maxJournalText its
// start, cut between two characters, followed by journalCut, in
// maxJournalText bytes.
func cutJournalText(s string) string {
	if len(s) <= maxJournalText {
		return s
	}
	n := maxJournalText - len(journalCut)
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + journalCut
}

// append writes one entry as one line, in one write call, so that lines
// of concurrent runs do not interleave. After a torn last line the first
// entry starts with a newline, leaving the torn line on its own. The error
// and the reason are cut to maxJournalText.
func (j *journal) append(e journalEntry) error {
	e.Error, e.Reason = cutJournalText(e.Error), cutJournalText(e.Reason)
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	line := make([]byte, 0, len(b)+2)
	if j.torn {
		line = append(line, '\n')
	}
	line = append(append(line, b...), '\n')
	if _, err := j.f.Write(line); err != nil {
		return fmt.Errorf("writing the revoke journal %s: %w", j.path, err)
	}
	j.torn = false
	return nil
}

func (j *journal) close() error { return j.f.Close() }

// journalLine is one line of the journal as read back: the raw bytes
// (printed losslessly by -o json) and the typed view for tables.
type journalLine struct {
	raw   json.RawMessage
	entry journalEntry
}

// badJournalLine is a line of the journal that is not an entry: torn by
// a crash mid-write, longer than any entry, or edited by hand. why says
// which, for the warning.
type badJournalLine struct {
	line int
	why  string
}

// readJournal reads every entry of the journal at path, oldest first. A
// missing journal has no entries. A line that is not a journal entry is
// skipped and returned in bad, with its line number: the journal is
// append-only, so a torn line stays there for good and must not hide the
// entries around it.
func readJournal(path string) (out []journalLine, bad []badJournalLine, err error) {
	f, err := openJournalFile(path, os.O_RDONLY)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	for n := 1; ; n++ {
		b, long, err := readJournalLine(br)
		if errors.Is(err, io.EOF) {
			return out, bad, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("reading the revoke journal %s: %w", path, err)
		}
		if long {
			bad = append(bad, badJournalLine{line: n, why: fmt.Sprintf("longer than %d MiB, not a journal entry", maxJournalLine>>20)})
			continue
		}
		if len(b) == 0 {
			continue
		}
		var e journalEntry
		if err := json.Unmarshal(b, &e); err != nil {
			bad = append(bad, badJournalLine{line: n, why: "not a journal entry (" + err.Error() + ")"})
			continue
		}
		out = append(out, journalLine{raw: append(json.RawMessage(nil), b...), entry: e})
	}
}

// readJournalLine reads the next line of br, without its line feed. A
// line longer than maxJournalLine is read to its end and dropped: it comes
// back empty, with long set. The last line may lack a line feed; after it
// the error is io.EOF.
func readJournalLine(br *bufio.Reader) (line []byte, long bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !long && len(line)+len(chunk) > maxJournalLine+1 { // +1: the line feed
			long, line = true, nil
		}
		if !long {
			line = append(line, chunk...)
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(line) == 0 && !long:
			return nil, false, io.EOF
		case err != nil && !errors.Is(err, io.EOF):
			return nil, false, err
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		if len(line) > maxJournalLine { // the last line, without a line feed
			return nil, true, nil
		}
		return line, long, nil
	}
}

// openJournalFile opens the journal at path with flag, without following
// a symbolic link, and only when it is a regular file: a link would have
// the journal appended to, and chmodded, wherever it points (a device node
// included), and a FIFO or a device is no journal. Anything else in its
// place is an error (exit 1) that says what it is and what to do; a
// missing file is fs.ErrNotExist unless flag creates it.
func openJournalFile(path string, flag int) (*os.File, error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && flag&os.O_CREATE == 0:
		return nil, err
	case err == nil && !fi.Mode().IsRegular():
		return nil, notRegularJournal(path, flag, fi.Mode())
	}
	// O_NOFOLLOW: a link put there since the Lstat is refused by open(2)
	// too, and the Stat below sees what was opened.
	f, err := os.OpenFile(path, flag|openNoFollow, 0o600)
	if err != nil {
		if fi, lerr := os.Lstat(path); lerr == nil && !fi.Mode().IsRegular() {
			return nil, notRegularJournal(path, flag, fi.Mode())
		}
		return nil, journalOpenError(path, flag, err)
	}
	fi, err = f.Stat()
	switch {
	case err != nil:
		f.Close()
		return nil, journalOpenError(path, flag, err)
	case !fi.Mode().IsRegular():
		f.Close()
		return nil, notRegularJournal(path, flag, fi.Mode())
	case linkCount(fi) > 1:
		// A hard link is another name of a file elsewhere, which
		// appending and chmodding would change as a symbolic link would.
		f.Close()
		return nil, journalRefused(path, flag, fmt.Sprintf("has %d hard links, so writing it would change another file too", linkCount(fi)))
	}
	return f, nil
}

// journalOpenError is the error of a journal that could not be opened
// (permissions, a directory that is a file): what happened, and for a
// revoke that nothing was revoked.
func journalOpenError(path string, flag int, err error) error {
	if errors.Is(err, fs.ErrNotExist) && flag&os.O_CREATE == 0 {
		return err
	}
	return &exitError{code: ExitFailure, err: fmt.Errorf("opening the revoke journal: %w", err),
		hint: journalHint(flag, "check that "+path+" and its directory can be written, or set "+config.EnvConfigDir+" to another directory.")}
}

// journalHint is the next step after a journal was refused; a revoke (one
// that opens it to create it) also says that nothing was revoked.
func journalHint(flag int, fix string) string {
	if flag&os.O_CREATE == 0 {
		return "To fix: " + fix
	}
	return "Nothing was revoked. To fix: " + fix
}

// notRegularJournal is the error of a journal path that holds something
// other than a regular file.
func notRegularJournal(path string, flag int, m fs.FileMode) error {
	what := "is not a regular file"
	switch {
	case m&fs.ModeSymlink != 0:
		what = "is a symbolic link, not a regular file"
	case m.IsDir():
		what = "is not a regular file but a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "is not a regular file but a FIFO"
	case m&fs.ModeDevice != 0:
		what = "is not a regular file but a device"
	case m&fs.ModeSocket != 0:
		what = "is not a regular file but a socket"
	}
	return journalRefused(path, flag, what)
}

// journalRefused is the error of a journal path that holds something
// other than a journal of its own: what it is, and what to do.
func journalRefused(path string, flag int, what string) error {
	return &exitError{code: ExitFailure,
		err:  fmt.Errorf("opening the revoke journal: %s %s", path, what),
		hint: journalHint(flag, "move it out of the way (a new journal is then created there), or set "+config.EnvConfigDir+" to another directory.")}
}
