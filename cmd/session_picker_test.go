package cmd

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
	"github.com/stytchctl/stytchctl/cmd/internal/screentest"
)

// Keys as a terminal in raw mode sends them.
const (
	keyDown  = "\x1b[B"
	keySpace = " "
	keyEnter = "\r"
	keyCtrlC = "\x03"
	keyEsc   = "\x1b"
)

// typedKeys is a terminal on which a person types bursts of keys, one
// burst per read (a human pauses between the picker and the prompt after
// it), then nothing more (EOF).
type typedKeys struct{ bursts []string }

func (k *typedKeys) Read(p []byte) (int, error) {
	if len(k.bursts) == 0 {
		return 0, io.EOF
	}
	n := copy(p, k.bursts[0])
	if k.bursts[0] = k.bursts[0][n:]; k.bursts[0] == "" {
		k.bursts = k.bursts[1:]
	}
	return n, nil
}

// pickerHarness is a harness on a terminal 80 columns wide, stdin and
// stderr included, on which bursts are typed.
func pickerHarness(t *testing.T, bursts ...string) *harness {
	t.Helper()
	h := newHarness(t)
	h.tty, h.width, h.stdinTTY = true, 80, true
	h.env["NO_COLOR"] = "1"
	h.stdinReader = &typedKeys{bursts: bursts}
	return h
}

// revokedIDs are the session IDs of the revoke requests the fake saw.
func revokedIDs(h *harness) []string {
	var ids []string
	for _, b := range revokeBodies(h) {
		if m := regexp.MustCompile(`"session_id":"([^"]+)"`).FindStringSubmatch(b); m != nil {
			ids = append(ids, m[1])
		}
	}
	return ids
}

func TestRevokePickerChoosesThenPreviewsAndConfirms(t *testing.T) {
	// Space, down, space, Enter: the Safari and Firefox sessions (the most
	// recently active first).
	h := pickerHarness(t, keySpace+keyDown+keySpace+keyEnter, "y\n")
	r := h.run("sessions", "revoke", "-u", "alice-42")
	r.expect(t, ExitOK, "Revoke which sessions of user alice-42?",
		"About to revoke 2 sessions in project", "Revoke 2 sessions in test project")
	if got, want := revokedIDs(h), []string{aliceSafari, aliceFirefox}; !slices.Equal(sortedCopy(got), sortedCopy(want)) {
		t.Errorf("revoked %v, want %v", got, want)
	}
	if !h.fake.HasSession(aliceChrome) {
		t.Error("the session not chosen was revoked")
	}
	// The picker erased itself: the preview starts where it was.
	screens := screentest.ScreensOf(80, 24, r.stderr)
	if last := screens[len(screens)-1].Text; !strings.HasPrefix(last, "About to revoke") || strings.Contains(last, "Revoke which") {
		t.Errorf("the preview does not follow the erased picker:\n%s", last)
	}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

func TestRevokePickerByEmailWithFilter(t *testing.T) {
	// / filters ("firefox" matches the device), Enter ends the filter,
	// space chooses, Enter goes on; --dry-run then prints it, sends
	// nothing. (What the filter shows: sessionpick's TestPickSlashFilters.)
	h := pickerHarness(t, "/firefox"+keyEnter+keySpace+keyEnter)
	r := h.run("sessions", "revoke", "--email", "alice.nakamura@example.com", "--dry-run", "-o", "json")
	r.expect(t, ExitOK, "Revoke which sessions of user alice.nakamura@example.com?", "Dry run: 1 session")
	if !strings.Contains(r.stdout, aliceFirefox) || strings.Contains(r.stdout, aliceChrome) || strings.Contains(r.stdout, aliceSafari) {
		t.Errorf("dry run printed:\n%s", r.stdout)
	}
	if ids := revokedIDs(h); len(ids) != 0 {
		t.Errorf("a dry run revoked %v", ids)
	}
}

func TestRevokePickerCtrlCSendsNothingExit130(t *testing.T) {
	h := pickerHarness(t, keySpace+keyDown+keySpace+keyCtrlC, "y\n")
	r := h.run("sessions", "revoke", "-u", "alice-42", "--yes")
	r.expect(t, ExitInterrupted, "stytchctl: interrupted in the session picker: nothing was revoked")
	if ids := revokedIDs(h); len(ids) != 0 {
		t.Errorf("revoked %v after Ctrl-C in the picker", ids)
	}
	if r.stdout != "" || strings.Contains(r.stderr, "About to revoke") {
		t.Errorf("went on after Ctrl-C:\nstdout %s\nstderr %q", r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(h.configDir, "revoke-journal.jsonl")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a journal was written after Ctrl-C (%v)", err)
	}
}

func TestRevokePickerEscIsNothingChosenExit1(t *testing.T) {
	h := pickerHarness(t, keySpace+keyEsc)
	r := h.run("sessions", "revoke", "-u", "alice-42")
	r.expect(t, ExitFailure, "cancelled in the session picker: nothing was revoked")
	if ids := revokedIDs(h); len(ids) != 0 {
		t.Errorf("revoked %v after Esc", ids)
	}
}

// Without a terminal on stdin and stderr nothing changes: the old
// refusal, exit 2, nothing sent, nothing read from stdin, even when
// stdout (STYTCHCTL_FORCE_TTY) and stderr are terminals, and with stdin
// and stderr terminals but stdout captured by a pipe.
func TestRevokePickerNeverWithoutTerminal(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		stdout, stdin, stderr bool
	}{
		{"stdin piped, stdout and stderr terminals", true, false, true},
		{"stdin piped, stderr a terminal", false, false, true},
		{"stderr piped", false, true, false},
		{"nothing a terminal", false, false, false},
		{"stdout piped, stdin and stderr terminals", false, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := pickerHarness(t, keySpace+keyEnter, "y\n")
			h.tty, h.stdinTTY, h.stderrTTY = tc.stdout, tc.stdin, tc.stderr
			if tc.stdout {
				h.env["STYTCHCTL_FORCE_TTY"] = "80"
			}
			r := h.run("sessions", "revoke", "-u", "alice-42", "--yes")
			r.expect(t, ExitUsage, "refusing to revoke every session of the user without --all")
			if strings.Contains(r.stderr, "Revoke which") || strings.Contains(r.stderr, "\x1b[") {
				t.Errorf("a picker was drawn:\n%q", r.stderr)
			}
			if n := len(h.fake.Requests()); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
			if k := h.stdinReader.(*typedKeys); len(k.bursts) != 2 {
				t.Errorf("stdin was read: %q left", k.bursts)
			}
		})
	}
	// The same on stdout as the only terminal (the harness's tty makes
	// stderr one too, so it is set by hand here).
	h := pickerHarness(t, keySpace+keyEnter)
	h.tty, h.stdinTTY = false, false
	r := h.run("sessions", "show", "-u", "alice-42")
	r.expect(t, ExitUsage, "sessions show needs exactly one session ID or short ID, got 0 arguments")
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

func TestShowPickerShowsTheSessionChosen(t *testing.T) {
	h := pickerHarness(t, keyDown+keyEnter) // the second most recently active: Firefox
	r := h.run("sessions", "show", "-u", "alice-42", "-o", "json")
	r.expect(t, ExitOK, "Show which session of user alice-42?", "enter show")
	if !strings.Contains(r.stdout, `"session_id": "`+aliceFirefox+`"`) && !strings.Contains(r.stdout, `"session_id":"`+aliceFirefox+`"`) {
		t.Errorf("stdout is not the Firefox session:\n%s", r.stdout)
	}
	if strings.Contains(r.stderr, "[ ]") {
		t.Errorf("show's picker has check boxes:\n%s", r.stderr)
	}

	h = pickerHarness(t, keyCtrlC)
	r = h.run("sessions", "show", "--email", "alice.nakamura@example.com")
	r.expect(t, ExitInterrupted, "stytchctl: interrupted")
	if r.stdout != "" {
		t.Errorf("stdout after Ctrl-C: %s", r.stdout)
	}
}

// pickerGoldenCases pin the first screen of the picker (what stderr shows
// before Ctrl-C ends it) at 80 and 120 columns, without and with colour:
// Alice's three sessions, and a user with eight, one of them impersonated
// (marked !!).
func pickerGoldenCases() []goldenCase {
	var views []goldenView
	for _, width := range []int{80, 120} {
		for _, color := range []bool{false, true} {
			v := goldenView{suffix: "picker.w" + strconv.Itoa(width), tty: true, width: width, color: color}
			if color {
				v.suffix += ".color"
			}
			views = append(views, v)
		}
	}
	typeCtrlC := func(_ *testing.T, h *harness) {
		h.stdinTTY = true
		h.stdinReader = &typedKeys{bursts: []string{keyCtrlC}}
	}
	firstScreen := func(s string) string {
		if s == "" {
			return ""
		}
		return pickerFirstScreen(s)
	}
	return []goldenCase{
		{name: "sessions_revoke.alice", args: []string{"sessions", "revoke", "-u", "alice-42"}, views: views,
			code: ExitInterrupted, setup: typeCtrlC, normalize: firstScreen},
		{name: "sessions_revoke.flagged", args: []string{"sessions", "revoke", "-u", apitest.FactorZooUserID}, views: views,
			code: ExitInterrupted, setup: typeCtrlC, normalize: firstScreen},
	}
}

// pickerFirstScreen is the first screen the picker drew on stderr, as a
// terminal shows it (with its colours when it has any), or what was
// written when it drew none.
func pickerFirstScreen(stderr string) string {
	screens := screentest.ScreensOf(120, 24, stderr)
	if len(screens) == 0 || !strings.Contains(stderr, "\x1b[?25l") {
		return stderr
	}
	if screens[0].Styled != screens[0].Text {
		return screens[0].Styled + "\n"
	}
	return screens[0].Text + "\n"
}

// The picker's screen fits a terminal of 80×24 (and 40 columns), and has
// no escape sequence under NO_COLOR.
func TestPickerScreenFits(t *testing.T) {
	for _, width := range []int{40, 80} {
		h := newGoldenHarness(t, goldenView{tty: true, width: width})
		h.stdinTTY = true
		h.stdinReader = &typedKeys{bursts: []string{keyDown, keyCtrlC}}
		r := h.run("sessions", "revoke", "-u", apitest.FactorZooUserID)
		r.expect(t, ExitInterrupted)
		screens := screentest.ScreensOf(width, 24, r.stderr)
		if len(screens) < 2 {
			t.Fatalf("width %d: fewer screens than bursts of keys:\n%q", width, r.stderr)
		}
		for _, s := range screens {
			if s.Styled != s.Text {
				t.Errorf("width %d: NO_COLOR, yet colours on the screen:\n%q", width, s.Styled)
			}
			if n := strings.Count(s.Text, "\n") + 1; n > 23 {
				t.Errorf("width %d: %d lines on a terminal 24 high", width, n)
			}
		}
		// The emulator wraps what is too wide: no line may fill a row and
		// go on to the next.
		if first := screentest.ScreensOf(width+1, 24, r.stderr)[0].Text; first != screens[0].Text {
			t.Errorf("width %d: the screen is wider than the terminal:\n%s", width, first)
		}
	}
}

// A user without active sessions has nothing to pick: revoke says so and
// ends (0), show is not found (3); no picker is drawn, nothing is revoked.
func TestPickerUserWithoutSessions(t *testing.T) {
	h := pickerHarness(t, keyEnter)
	r := h.run("sessions", "revoke", "-u", apitest.NoActiveSessionsUserID)
	r.expect(t, ExitOK, "Nothing to revoke: no active sessions match.")
	if strings.Contains(r.stderr, "Revoke which") || len(revokeBodies(h)) != 0 {
		t.Errorf("picker drawn or revokes sent:\n%q\n%v", r.stderr, revokeBodies(h))
	}

	h = pickerHarness(t, keyEnter)
	r = h.run("sessions", "show", "-u", apitest.NoActiveSessionsUserID)
	r.expect(t, ExitNotFound, "user "+apitest.NoActiveSessionsUserID+" has no active sessions")
	if strings.Contains(r.stderr, "Show which") || r.stdout != "" {
		t.Errorf("picker drawn or something shown:\n%q\n%s", r.stderr, r.stdout)
	}
}

// TestB2BRevokePickerChoosesMemberSessions: b2b sessions revoke --member
// with nothing else opens the same picker on a terminal, over the
// member's sessions, and revokes exactly the one chosen, by its
// member_session_id.
func TestB2BRevokePickerChoosesMemberSessions(t *testing.T) {
	h := pickerHarness(t, keyDown+keySpace+keyEnter, "y\n")
	r := h.run("b2b", "sessions", "revoke", "--org", apitest.DemoOrganizationSlug, "--member", apitest.DemoMemberID)
	r.expect(t, ExitOK, "Revoke which sessions of member member-test-", "About to revoke 1 member session")
	if strings.Contains(r.stderr, "no-device-info") {
		t.Error("the picker flags member sessions for lacking a device, which no member session has")
	}
	var revoked []string
	for _, b := range revokeBodies(h) {
		if m := regexp.MustCompile(`"member_session_id":"([^"]+)"`).FindStringSubmatch(b); m != nil {
			revoked = append(revoked, m[1])
		}
	}
	if len(revoked) != 1 || (revoked[0] != apitest.DemoMemberSessionSAML && revoked[0] != apitest.DemoMemberSessionMagicLink) {
		t.Fatalf("revoked %v, want one of the member's two sessions", revoked)
	}
	// Without a terminal the old refusal stands and nothing is sent.
	h2 := newHarness(t)
	r = h2.run("b2b", "sessions", "revoke", "--org", apitest.DemoOrganizationSlug, "--member", apitest.DemoMemberID, "--yes")
	r.expect(t, ExitUsage, "refusing to revoke every session of the member without --all")
	if n := len(revokeBodies(h2)); n != 0 {
		t.Errorf("%d revokes sent without a terminal", n)
	}
}
