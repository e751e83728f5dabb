package sessionpick

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/internal/screentest"
	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
)

var testNow = time.Date(2026, 6, 4, 10, 0, 0, 0, time.UTC)

// Keys as a terminal in raw mode sends them.
const (
	down  = "\x1b[B"
	up    = "\x1bOA"
	space = " "
	enter = "\r"
	ctrlC = "\x03"
	esc   = "\x1b"
)

func testRows() []Row {
	return []Row{
		{ID: "session-test-11111111-aaaa", Short: "11111111", Device: "Chrome 126 · macOS", IP: "203.0.113.7",
			Factors: "Google OAuth", LastActive: testNow.Add(-3 * time.Hour)},
		{ID: "session-test-22222222-bbbb", Short: "22222222", Device: "Safari 17 · iOS 17.5.1 · phone", IP: "198.51.100.23",
			Factors: "Impersonated by admin@example.com", LastActive: testNow.Add(-5 * time.Minute),
			Severity: sessionaudit.Critical, Findings: []string{"impersonated: impersonated by admin@example.com"}},
		{ID: "session-test-33333333-cccc", Short: "33333333", Device: "Firefox 128 · Windows 10", IP: "2001:db8::1",
			Factors: "Email magic link", LastActive: testNow.Add(-40 * 24 * time.Hour),
			Severity: sessionaudit.Warning, Findings: []string{"idle: last active 40d ago"}},
	}
}

// pick runs the picker on the keys typed and returns the IDs, the error
// and the screens drawn, as a terminal of 80×24 shows them.
func pick(t *testing.T, multi bool, typed string) ([]string, []string, error) {
	t.Helper()
	var out screentest.Recorder
	ids, err := Pick(context.Background(), testRows(), Options{Title: "Choose sessions", Multi: multi,
		In: strings.NewReader(typed), Out: &out, Width: 80, Height: 24, Now: testNow})
	return ids, screens(80, 24, &out), err
}

// screens are the screens drawn on out, as text, on a terminal of
// width×height.
func screens(width, height int, out *screentest.Recorder) []string {
	var texts []string
	for _, s := range screentest.Screens(width, height, out.Writes()) {
		texts = append(texts, s.Text)
	}
	return texts
}

// viewAfter is the screen of a picker of testRows at 80×24 after the keys
// typed, as the model draws it: Bubble Tea draws at most 60 screens a
// second, so keys typed at once do not each get theirs.
func viewAfter(t *testing.T, multi bool, typed string) string {
	t.Helper()
	m := newModel(withShortIDs(testRows()), multi, 80, 24)
	for _, k := range decodeKeys(t, typed) {
		m.handle(k)
	}
	return ansi.Strip(strings.Join(m.view("Choose sessions", testNow, newStyles(io.Discard, false)), "\n"))
}

// decodeKeys are the keys typed, as Bubble Tea decodes them.
func decodeKeys(t *testing.T, typed string) []key {
	t.Helper()
	var d uv.EventDecoder
	var keys []key
	for b := []byte(typed); len(b) > 0; {
		n, ev := d.Decode(b)
		if n == 0 {
			t.Fatalf("cannot decode %q", b)
		}
		b = b[n:]
		if k, ok := ev.(uv.KeyPressEvent); ok {
			keys = append(keys, keyOf(tea.KeyPressMsg(k)))
		}
	}
	return keys
}

func TestPickSpaceChoosesEnterReturnsInListedOrder(t *testing.T) {
	ids, _, err := pick(t, true, down+down+space+up+space+enter)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"session-test-22222222-bbbb", "session-test-33333333-cccc"}
	if !slices.Equal(ids, want) {
		t.Errorf("chosen %v, want %v", ids, want)
	}
}

func TestPickEnterWithNothingChosenAsksForSpace(t *testing.T) {
	ids, _, err := pick(t, true, enter)
	if !errors.Is(err, ErrAborted) || ids != nil {
		t.Errorf("ids %v, err %v: want nothing and ErrAborted when the input ends", ids, err)
	}
	if screen := viewAfter(t, true, enter); !strings.Contains(screen, "Nothing chosen yet: space chooses the session under the cursor.") {
		t.Errorf("no note after Enter with nothing chosen:\n%s", screen)
	}
}

func TestPickSlashFilters(t *testing.T) {
	// The filter keeps the typed text across columns and case: "FIREFOX"
	// shows only the third row; Enter ends the typing, space chooses.
	ids, _, err := pick(t, true, "/FIREFOX"+enter+space+enter)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, []string{"session-test-33333333-cccc"}) {
		t.Errorf("chosen %v, want the Firefox session", ids)
	}
	if screen := viewAfter(t, true, "/FIREFOX"); !strings.Contains(screen, "filter: FIREFOX_") || !strings.Contains(screen, "1 of 3 shown") {
		t.Errorf("the status line does not show the filter:\n%s", screen)
	}
	// Esc drops the filter: every row is back, the choice stays. (Esc
	// ends a burst: ESC and a key at once are that key with Alt.)
	ids, err = Pick(context.Background(), testRows(), Options{Multi: true,
		In: &bursts{"/198.51" + enter + space + "/x" + esc, space + enter}, Out: io.Discard, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"session-test-11111111-aaaa", "session-test-22222222-bbbb"}; !slices.Equal(ids, want) {
		t.Errorf("chosen %v, want %v", ids, want)
	}
}

// bursts are keys typed in bursts, one per Read, then the end.
type bursts []string

func (b *bursts) Read(p []byte) (int, error) {
	if len(*b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, (*b)[0])
	if (*b)[0] = (*b)[0][n:]; (*b)[0] == "" {
		*b = (*b)[1:]
	}
	return n, nil
}

func TestPickCtrlCAndEsc(t *testing.T) {
	for _, tc := range []struct {
		typed string
		want  error
	}{
		{down + space + ctrlC + enter, ErrInterrupted},
		{"/fire" + ctrlC, ErrInterrupted},
		{space + esc, ErrAborted},
		{space + "q", ErrAborted},
	} {
		var out screentest.Recorder
		ids, err := Pick(context.Background(), testRows(), Options{Multi: true, In: strings.NewReader(tc.typed), Out: &out,
			Width: 80, Height: 24, Now: testNow})
		if !errors.Is(err, tc.want) || ids != nil {
			t.Errorf("%q: ids %v, err %v; want none and %v", tc.typed, ids, err, tc.want)
		}
		drawn := screens(80, 24, &out)
		if len(drawn) < 2 || drawn[len(drawn)-1] != "" {
			t.Errorf("%q: the picker did not erase itself: %q", tc.typed, drawn)
		}
		if all := out.String(); strings.LastIndex(all, "\x1b[?25h") < strings.LastIndex(all, "\x1b[?25l") {
			t.Errorf("%q: the cursor is left hidden: %q", tc.typed, all[max(len(all)-60, 0):])
		}
	}
}

func TestPickSingleTakesTheRowUnderTheCursor(t *testing.T) {
	ids, drawn, err := pick(t, false, down+down+up+enter)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, []string{"session-test-22222222-bbbb"}) {
		t.Errorf("chosen %v", ids)
	}
	if len(drawn) == 0 || !regexp.MustCompile(`(?m)^> +11111111`).MatchString(drawn[0]) || strings.Contains(drawn[0], "[ ]") {
		t.Errorf("a single choice shows check boxes, or no first screen:\n%s", drawn)
	}
}

func TestPickCancelledContextIsInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, w := io.Pipe()
	defer w.Close()
	_, err := Pick(ctx, testRows(), Options{In: r, Out: &bytes.Buffer{}, Multi: true, Now: testNow})
	if !errors.Is(err, ErrInterrupted) {
		t.Errorf("err %v, want ErrInterrupted", err)
	}
}

func TestPickNoRowsDrawsNothing(t *testing.T) {
	var out bytes.Buffer
	ids, err := Pick(context.Background(), nil, Options{In: strings.NewReader(enter), Out: &out})
	if ids != nil || err != nil || out.Len() != 0 {
		t.Errorf("ids %v, err %v, drew %q", ids, err, out.String())
	}
}

func TestPickFitsNarrowTerminals(t *testing.T) {
	// Every screen the model can show, with colour, fits: the first, with
	// the cursor moved, and with the filter typed; an IP is never cut.
	for _, width := range []int{40, 60, 80, 120} {
		m := newModel(withShortIDs(testRows()), true, width, 24)
		st := newStyles(io.Discard, true)
		for _, k := range append([]key{{kind: keyOther}}, decodeKeys(t, down+space+"/db8")...) {
			m.handle(k)
			for _, line := range m.view("Choose sessions of user alice-42 to revoke", testNow, st) {
				if w := ansi.StringWidth(line); w > width {
					t.Errorf("width %d: line of %d columns: %q", width, w, line)
				}
				if line = ansi.Strip(line); strings.Contains(line, "2001:db8:") && !strings.Contains(line, "2001:db8::1") {
					t.Errorf("width %d: an IP was cut: %q", width, line)
				}
			}
		}
	}
}

func TestPickScrollsWithinTheHeight(t *testing.T) {
	var rows []Row
	for i := range 40 {
		rows = append(rows, Row{ID: fmt.Sprintf("row-%02d", i), LastActive: testNow})
	}
	var out screentest.Recorder
	ids, err := Pick(context.Background(), rows, Options{In: strings.NewReader(strings.Repeat(down, 30) + enter), Out: &out,
		Width: 80, Height: 24, Now: testNow})
	if err != nil || !slices.Equal(ids, []string{rows[30].ID}) {
		t.Fatalf("ids %v, err %v", ids, err)
	}
	drawn := screens(80, 24, &out)
	if first := drawn[0]; strings.Count(first, "\n")+1 > 23 || !strings.Contains(first, "> row-00") {
		t.Errorf("the first screen is over 23 lines or lacks the cursor:\n%s", first)
	}
	m := newModel(rows, false, 80, 24)
	for range 30 {
		m.handle(key{kind: keyDown})
	}
	view := m.view("", testNow, newStyles(io.Discard, false))
	if len(view) > 23 || !regexp.MustCompile(`(?m)^> +`+rows[30].ID).MatchString(strings.Join(view, "\n")) {
		t.Errorf("%d lines on a screen of 24, or the cursor's row is not on it:\n%s", len(view), strings.Join(view, "\n"))
	}
}

// Keys as terminals send them, decoded by Bubble Tea, move and choose:
// CSI and SS3 arrows, page and home/end keys of xterm and the VT220, DEL
// and BS, Ctrl-U, and UTF-8 text in the filter.
func TestPickKeysAsTerminalsSendThem(t *testing.T) {
	var rows []Row
	for i := range 40 {
		rows = append(rows, Row{ID: fmt.Sprintf("row-%02d-é", i), LastActive: testNow})
	}
	for _, tc := range []struct{ typed, want string }{
		{"\x1b[B\x1bOB\x1b[A", "row-01-é"},
		{"\x1b[6~", "row-16-é"},
		{"\x1b[6~\x1b[5~", "row-00-é"},
		{"\x1b[F", "row-39-é"},
		{"\x1b[4~\x1b[H", "row-00-é"},
		{"\x1b[4~\x1b[1~", "row-00-é"},
		{"jjjk", "row-02-é"},
		{"/12-é\r", "row-12-é"},
		{"/99\x7f\r", "row-09-é"},
		{"/99\x08\r", "row-09-é"},
		{"/99\x15\r", "row-00-é"},
		{"\x1b[1;5C", "row-00-é"},
	} {
		var out screentest.Recorder
		ids, err := Pick(context.Background(), rows, Options{In: strings.NewReader(tc.typed + enter), Out: &out,
			Width: 80, Height: 24, Now: testNow})
		if err != nil || !slices.Equal(ids, []string{tc.want}) {
			t.Errorf("%q: ids %v, err %v; want %s", tc.typed, ids, err, tc.want)
		}
	}
}

func TestMemberSessionRowsHaveNoDeviceOrIPColumns(t *testing.T) {
	rows := MemberSessionRows([]api.MemberSession{
		{MemberSessionID: "member-session-test-0a1b2c3d-0000-4000-8000-000000000001", LastAccessedAt: testNow.Add(-time.Hour),
			AuthenticationFactors: []api.Factor{{Type: "magic_link", DeliveryMethod: "email"}}},
		{MemberSessionID: "member-session-test-9f8e7d6c-0000-4000-8000-000000000002", LastAccessedAt: testNow},
	})
	var out screentest.Recorder
	ids, err := Pick(context.Background(), rows, Options{Multi: true, In: strings.NewReader(space + enter), Out: &out, Width: 80, Height: 24, Now: testNow})
	if err != nil || !slices.Equal(ids, []string{"member-session-test-9f8e7d6c-0000-4000-8000-000000000002"}) {
		t.Fatalf("ids %v, err %v", ids, err)
	}
	first := screens(80, 24, &out)[0]
	if !strings.Contains(first, "0a1b2c3d  Email magic link  1h ago") || strings.Contains(first, "Device") || strings.Contains(first, "IP") {
		t.Errorf("member rows:\n%s", first)
	}
	if strings.Contains(first, "No audit findings") {
		t.Errorf("member sessions are not audited, yet the picker says no findings:\n%s", first)
	}
}

// Rows built by hand without Short get short IDs (b2b sessions revoke
// builds its rows from its revoke targets).
func TestPickFillsShortIDs(t *testing.T) {
	rows := []Row{
		{ID: "member-session-test-0a1b2c3d-0000-4000-8000-000000000001", Factors: "Email magic link", LastActive: testNow},
		{ID: "member-session-test-0a1b2c3e-0000-4000-8000-000000000002", Factors: "SAML SSO", LastActive: testNow},
		{ID: "not-a-uuid-id", LastActive: testNow},
	}
	var out screentest.Recorder
	ids, err := Pick(context.Background(), rows, Options{In: strings.NewReader(enter), Out: &out, Width: 80, Now: testNow})
	if err != nil || !slices.Equal(ids, []string{rows[0].ID}) {
		t.Fatalf("ids %v, err %v: want the whole ID back", ids, err)
	}
	first := screens(80, 24, &out)[0]
	for _, want := range []string{`(?m)^> 0a1b2c3d +Email`, `(?m)^  0a1b2c3e +SAML`, `(?m)^  not-a-uuid-id +just now`} {
		if !regexp.MustCompile(want).MatchString(first) {
			t.Errorf("no %q in:\n%s", want, first)
		}
	}
	if rows[0].Short != "" {
		t.Error("Pick changed the caller's rows")
	}
}
