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

	"github.com/charmbracelet/x/ansi"

	"github.com/stytchctl/stytchctl/api"
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
// and everything drawn.
func pick(t *testing.T, multi bool, typed string) ([]string, string, error) {
	t.Helper()
	var out bytes.Buffer
	ids, err := Pick(context.Background(), testRows(), Options{Title: "Choose sessions", Multi: multi,
		In: strings.NewReader(typed), Out: &out, Width: 80, Height: 24, Now: testNow})
	return ids, out.String(), err
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
	ids, screen, err := pick(t, true, enter)
	if !errors.Is(err, ErrAborted) || ids != nil {
		t.Errorf("ids %v, err %v: want nothing and ErrAborted when the input ends", ids, err)
	}
	if !strings.Contains(screen, "Nothing chosen yet: space chooses the session under the cursor.") {
		t.Errorf("no note after Enter with nothing chosen:\n%s", screen)
	}
}

func TestPickSlashFilters(t *testing.T) {
	// The filter keeps the typed text across columns and case: "FIREFOX"
	// shows only the third row; Enter ends the typing, space chooses.
	ids, screen, err := pick(t, true, "/FIREFOX"+enter+space+enter)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, []string{"session-test-33333333-cccc"}) {
		t.Errorf("chosen %v, want the Firefox session", ids)
	}
	if !strings.Contains(screen, "filter: FIREFOX_") || !strings.Contains(screen, "1 of 3 shown") {
		t.Errorf("the status line does not show the filter:\n%s", screen)
	}
	// Esc drops the filter: every row is back, the choice stays.
	ids, _, err = pick(t, true, "/198.51"+enter+space+"/x"+esc+space+enter)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"session-test-11111111-aaaa", "session-test-22222222-bbbb"}; !slices.Equal(ids, want) {
		t.Errorf("chosen %v, want %v", ids, want)
	}
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
		ids, screen, err := pick(t, true, tc.typed)
		if !errors.Is(err, tc.want) || ids != nil {
			t.Errorf("%q: ids %v, err %v; want none and %v", tc.typed, ids, err, tc.want)
		}
		if !strings.HasSuffix(screen, "\x1b[J\x1b[?25h") {
			t.Errorf("%q: the picker did not erase itself and show the cursor: %q", tc.typed, screen[max(len(screen)-40, 0):])
		}
	}
}

func TestPickSingleTakesTheRowUnderTheCursor(t *testing.T) {
	ids, screen, err := pick(t, false, down+down+up+enter)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, []string{"session-test-22222222-bbbb"}) {
		t.Errorf("chosen %v", ids)
	}
	if strings.Contains(screen, "[ ]") {
		t.Errorf("a single choice shows check boxes:\n%s", screen)
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

// frames splits what the picker drew into its frames, as plain text,
// leaving out the empty one of the erasing at the end.
func frames(drawn string) []string {
	var out []string
	for _, f := range strings.Split(drawn, "\x1b[J")[1:] {
		f = regexp.MustCompile(`\r?\x1b\[\d*A$|\r$|\x1b\[\?25[hl]`).ReplaceAllString(f, "")
		if f = ansi.Strip(strings.ReplaceAll(f, "\r\n", "\n")); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func TestPickFitsNarrowTerminals(t *testing.T) {
	for _, width := range []int{40, 60, 80, 120} {
		var out bytes.Buffer
		_, _ = Pick(context.Background(), testRows(), Options{Multi: true, Title: "Choose sessions of user alice-42 to revoke",
			In: strings.NewReader(down), Out: &out, Width: width, Height: 24, Now: testNow, Color: true})
		for _, f := range frames(out.String()) {
			for _, line := range strings.Split(f, "\n") {
				if w := ansi.StringWidth(line); w > width {
					t.Errorf("width %d: line of %d columns: %q", width, w, line)
				}
				if strings.Contains(line, "2001:db8:") && !strings.Contains(line, "2001:db8::1") {
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
	var out bytes.Buffer
	ids, err := Pick(context.Background(), rows, Options{In: strings.NewReader(strings.Repeat(down, 30) + enter), Out: &out,
		Width: 80, Height: 24, Now: testNow})
	if err != nil || !slices.Equal(ids, []string{rows[30].ID}) {
		t.Fatalf("ids %v, err %v", ids, err)
	}
	for _, f := range frames(out.String()) {
		if n := strings.Count(f, "\n") + 1; n > 23 {
			t.Errorf("a frame of %d lines on a screen of 24", n)
		}
	}
	last := frames(out.String())
	if l := last[len(last)-1]; !regexp.MustCompile(`(?m)^> +` + rows[30].ID).MatchString(l) {
		t.Errorf("the cursor's row is not on the last screen:\n%s", l)
	}
}

func TestParseKeys(t *testing.T) {
	got := parseKeys([]byte("\x1b[A\x1bOB\x1b[5~\x1b[6~\x1b[H\x1b[4~ a\r\x7f\x03\x15é\x1b[1;5C\x1b"))
	want := []keyKind{keyUp, keyDown, keyPageUp, keyPageDown, keyHome, keyEnd, keySpace, keyRune, keyEnter,
		keyBackspace, keyCtrlC, keyCtrlU, keyRune, keyOther, keyEsc}
	var kinds []keyKind
	for _, k := range got {
		kinds = append(kinds, k.kind)
	}
	if !slices.Equal(kinds, want) {
		t.Errorf("kinds %v, want %v", kinds, want)
	}
	if got[12].r != 'é' {
		t.Errorf("rune %q, want é", got[12].r)
	}
}

func TestMemberSessionRowsHaveNoDeviceOrIPColumns(t *testing.T) {
	rows := MemberSessionRows([]api.MemberSession{
		{MemberSessionID: "member-session-test-0a1b2c3d-0000-4000-8000-000000000001", LastAccessedAt: testNow.Add(-time.Hour),
			AuthenticationFactors: []api.Factor{{Type: "magic_link", DeliveryMethod: "email"}}},
		{MemberSessionID: "member-session-test-9f8e7d6c-0000-4000-8000-000000000002", LastAccessedAt: testNow},
	})
	var out bytes.Buffer
	ids, err := Pick(context.Background(), rows, Options{Multi: true, In: strings.NewReader(down + space + enter), Out: &out, Width: 80, Height: 24, Now: testNow})
	if err != nil || !slices.Equal(ids, []string{"member-session-test-9f8e7d6c-0000-4000-8000-000000000002"}) {
		t.Fatalf("ids %v, err %v", ids, err)
	}
	first := frames(out.String())[0]
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
	var out bytes.Buffer
	ids, err := Pick(context.Background(), rows, Options{In: strings.NewReader(enter), Out: &out, Width: 80, Now: testNow})
	if err != nil || !slices.Equal(ids, []string{rows[0].ID}) {
		t.Fatalf("ids %v, err %v: want the whole ID back", ids, err)
	}
	first := frames(out.String())[0]
	for _, want := range []string{`(?m)^> 0a1b2c3d +Email`, `(?m)^  0a1b2c3e +SAML`, `(?m)^  not-a-uuid-id +just now`} {
		if !regexp.MustCompile(want).MatchString(first) {
			t.Errorf("no %q in:\n%s", want, first)
		}
	}
	if rows[0].Short != "" {
		t.Error("Pick changed the caller's rows")
	}
}
