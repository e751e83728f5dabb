// Package inspectview draws the one screen of `stytchctl inspect`, the
// answer first so that it is on the first screen at 80x24: the person
// (compact), the audit findings of their sessions (critical first), the
// commands to act on them, then the sessions by device with the timelines
// of `sessions devices`, one line per session. It does no I/O but writing
// the screen, so it is pinned by golden files with a fixed clock.
package inspectview

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
)

// Report is what inspect found out about one person. A part that could not
// be fetched is nil (User) or not SessionsFetched, with the reason in its
// Err; the screen says so where the part would be, and the command prints
// the error itself on stderr.
type Report struct {
	// User is the person, nil when it could not be fetched; Member is
	// the person instead when a member of an organization is inspected.
	User   *api.User
	Member *api.Member
	// Organization is the member's organization when the member lookup
	// returned it (nil otherwise), named by name and slug.
	Organization *api.Organization
	UserErr      string
	// SessionsFetched is false when the sessions could not be listed
	// (SessionsErr says why); Groups and Findings are then empty.
	SessionsFetched bool
	SessionsErr     string
	Sessions        []api.Session
	// Groups are the sessions grouped by device (sessionview.GroupByDevice).
	Groups []sessionview.DeviceGroup
	// Findings are the audit's, in the order shown: critical first.
	Findings []sessionaudit.Finding
	// ShortIDs are the short session IDs shown (sessionview.GroupShortIDs),
	// which the commands of Next use too.
	ShortIDs map[string]string
	// Next are the next steps, in the order shown.
	Next []Step
}

// Step is one next step: a command to run as it is, and why.
type Step struct {
	Why     string
	Command string
}

// Screen is how the report is drawn on a terminal.
type Screen struct {
	Now   time.Time
	Color bool
	// Width is the terminal width; 0 means 100.
	Width int
	// Location is the zone of absolute times (the creation date).
	Location *time.Location
	// Rows is how many rows the answer (person, findings, next steps)
	// should fit in, FirstScreen on a terminal: reasons that would push
	// the next steps past it are cut to a line. 0 (piped) cuts nothing.
	Rows int
}

// labelWidth is the width of the person's field labels ("Enrolled").
const labelWidth = 10

// Write draws r so that the answer is on the first screen: the person
// (compact), the findings (critical first), the next steps, then the
// sessions by device, one line per session where the width allows. Lines
// break between items, never inside an ID. Text from the API is
// sanitised.
func (s Screen) Write(w io.Writer, r Report) error {
	if s.Width <= 0 {
		s.Width = 100
	}
	st := newStyles(w, s.Color)
	var person, next strings.Builder
	s.writePerson(&person, st, r)
	text := render.FitTerminal(person.String(), s.Width, -1)
	if len(r.Next) > 0 {
		// Commands are wrapped by writeNext, as a shell reads them.
		s.writeNext(&next, st, r.Next)
	}
	if r.SessionsFetched && len(r.Sessions) > 0 {
		// What the findings may take of the first screen: the rest of
		// it once the person, the blank lines, the findings' heading and
		// the next steps are counted.
		rows := s.Rows - lineCount(text) - lineCount(next.String()) - 3
		if s.Rows <= 0 {
			rows = -1
		}
		var findings strings.Builder
		s.writeFindings(&findings, st, r, rows)
		text += "\n" + render.FitTerminal(findings.String(), s.Width, -1)
	}
	if next.Len() > 0 {
		text += "\n" + next.String()
	}
	var sessions strings.Builder
	s.writeSessions(&sessions, st, r)
	text += "\n" + render.FitTerminal(sessions.String(), s.Width, -1)
	_, err := io.WriteString(w, text)
	return err
}

// styles are the screen's own styles, made by one renderer for the writer.
type styles struct {
	heading, title, dim, ok, bad, alert lipgloss.Style
}

func newStyles(w io.Writer, color bool) styles {
	r := render.NewRenderer(w, color)
	return styles{
		heading: r.NewStyle().Bold(true),
		title:   r.NewStyle().Bold(true).Foreground(lipgloss.Color("12")),
		dim:     r.NewStyle().Faint(true),
		ok:      r.NewStyle().Foreground(lipgloss.Color("2")),
		bad:     r.NewStyle().Foreground(lipgloss.Color("3")),
		alert:   r.NewStyle().Foreground(lipgloss.Color("1")),
	}
}

// field writes one "  Label        value" line of the person, the value
// wrapped under itself when it is wider than the screen.
func (s Screen) field(b *strings.Builder, label, value string) {
	indent := 2 + labelWidth
	for i, line := range wrapText(value, s.Width-indent) {
		if i == 0 {
			fmt.Fprintf(b, "  %-*s%s\n", labelWidth, label, line)
			continue
		}
		fmt.Fprintf(b, "%s%s\n", strings.Repeat(" ", indent), line)
	}
}

// fieldItems writes one "  Label     a · b · c" line of the person, the
// items wrapped under the first between items, never inside one.
func (s Screen) fieldItems(b *strings.Builder, label string, items []string) {
	indent := 2 + labelWidth
	for i, line := range wrapItems(items, " · ", s.Width-indent) {
		if i == 0 {
			fmt.Fprintf(b, "  %-*s%s\n", labelWidth, label, line)
			continue
		}
		fmt.Fprintf(b, "%s%s\n", strings.Repeat(" ", indent), line)
	}
}

// writePerson draws who the person is, compactly: name and user ID; the
// external ID; status, lock and when the user was created; emails and
// phones with verified marks; the factors enrolled.
func (s Screen) writePerson(b *strings.Builder, st styles, r Report) {
	u := r.User
	switch {
	case r.Member != nil:
		s.writeMember(b, st, r.Member, r.Organization)
		return
	case u == nil:
		fmt.Fprintf(b, "%s  %s\n", st.heading.Render("Person"), "could not be fetched (the error is on stderr)")
		return
	}
	name := render.Sanitize(u.Name.Full())
	if name == "" {
		name = "(no name)"
	}
	fmt.Fprintf(b, "%s  %s\n", st.title.Render(name), render.Sanitize(u.UserID))
	if u.ExternalID != "" {
		s.field(b, "External", render.Sanitize(u.ExternalID))
	}
	s.fieldItems(b, "Status", []string{s.status(u), s.created(u.CreatedAt)})
	var contact []string
	for _, e := range u.Emails {
		contact = append(contact, render.Sanitize(e.Email)+" "+st.mark(e.Verified))
	}
	for _, p := range u.PhoneNumbers {
		contact = append(contact, render.Sanitize(p.PhoneNumber)+" "+st.mark(p.Verified))
	}
	if len(contact) == 0 {
		contact = []string{"no email address or phone number"}
	}
	s.fieldItems(b, "Contact", contact)
	mfa := compactEnrolled(Enrolled(*u))
	if len(mfa) == 0 {
		mfa = []string{"none"}
	}
	for i := range mfa {
		mfa[i] = render.Sanitize(mfa[i])
	}
	s.fieldItems(b, "Enrolled", mfa)
}

// created is "created 2026-05-20 (201d ago)", "created: unknown" without
// a date.
func (s Screen) created(t time.Time) string {
	if t.IsZero() {
		return "created: unknown"
	}
	loc := s.Location
	if loc == nil {
		loc = time.UTC
	}
	return "created " + t.In(loc).Format("2006-01-02") + " (" + ago(t, s.Now) + ")"
}

// ago is how long before now t was, in render.Span's units however long
// ago ("400d ago"; render.Relative gives a date beyond a year), "in 5d"
// for a time to come.
func ago(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < 0:
		return "in " + render.Span(-d)
	case d < time.Minute:
		return "just now"
	}
	return render.Span(d) + " ago"
}

// compactEnrolled keeps the factors enrolled short: more than three OAuth
// providers become one item, "25 OAuth providers (Google, Microsoft, …)",
// where the first was.
func compactEnrolled(factors []string) []string {
	var providers []string
	for _, f := range factors {
		if p, ok := strings.CutSuffix(f, " OAuth"); ok {
			providers = append(providers, p)
		}
	}
	if len(providers) <= 3 {
		return factors
	}
	var out []string
	for _, f := range factors {
		switch {
		case !strings.HasSuffix(f, " OAuth"):
			out = append(out, f)
		case strings.TrimSuffix(f, " OAuth") == providers[0]:
			out = append(out, fmt.Sprintf("%d OAuth providers (%s, %s, …)", len(providers), providers[0], providers[1]))
		}
	}
	return out
}

// wrapItems joins items with sep into lines at most width wide, breaking
// only between items (an item wider than width is a line of its own,
// left for the caller's fitting); width < 20 counts as 20.
func wrapItems(items []string, sep string, width int) []string {
	width = max(width, 20)
	var out []string
	cur := ""
	for _, it := range items {
		switch {
		case cur == "":
			cur = it
		case lipgloss.Width(cur)+lipgloss.Width(sep)+lipgloss.Width(it) <= width:
			cur += sep + it
		default:
			out = append(out, cur)
			cur = it
		}
	}
	return append(out, cur)
}

// writeMember draws a member of an organization compactly: name and
// member ID; the organization (name and slug when the lookup returned it);
// external ID; status, lock and creation; email with its verified mark;
// roles; what is enrolled.
func (s Screen) writeMember(b *strings.Builder, st styles, m *api.Member, org *api.Organization) {
	name := render.Sanitize(m.Name)
	if name == "" {
		name = "(no name)"
	}
	fmt.Fprintf(b, "%s  %s\n", st.title.Render(name), render.Sanitize(m.MemberID))
	s.fieldItems(b, "Org", orgItems(m, org))
	if m.ExternalID != "" {
		s.field(b, "External", render.Sanitize(m.ExternalID))
	}
	status := render.Sanitize(m.Status)
	if m.IsLocked {
		status += ", locked"
	} else {
		status += ", not locked"
	}
	s.fieldItems(b, "Status", []string{status, s.created(m.CreatedAt)})
	if m.EmailAddress != "" {
		s.field(b, "Email", render.Sanitize(m.EmailAddress)+" "+st.mark(m.EmailAddressVerified))
	}
	if len(m.Roles) > 0 {
		s.field(b, "Roles", render.Sanitize(strings.Join(m.Roles, ", ")))
	}
	s.fieldItems(b, "Enrolled", memberEnrolled(m))
}

// orgItems name the member's organization: "Northwind Traders
// (northwind-traders)" and its ID when the lookup returned it, else the
// organization ID alone.
func orgItems(m *api.Member, org *api.Organization) []string {
	id := render.Sanitize(m.OrganizationID)
	if org == nil || (org.OrganizationName == "" && org.OrganizationSlug == "") {
		return []string{id}
	}
	name := render.Sanitize(org.OrganizationName)
	if slug := render.Sanitize(org.OrganizationSlug); slug != "" {
		name = strings.TrimSpace(name + " (" + slug + ")")
	}
	if id == "" {
		id = render.Sanitize(org.OrganizationID)
	}
	return []string{name, id}
}

// memberEnrolled is what a member has enrolled, in words, then whether
// MFA is enrolled.
func memberEnrolled(m *api.Member) []string {
	var enrolled []string
	if m.MemberPasswordID != "" {
		enrolled = append(enrolled, "password")
	}
	if m.TOTPRegistrationID != "" {
		enrolled = append(enrolled, "TOTP")
	}
	if m.MFAPhoneNumber != "" {
		enrolled = append(enrolled, "SMS "+render.Sanitize(m.MFAPhoneNumber))
	}
	for _, p := range m.OAuthProviders {
		enrolled = append(enrolled, render.Sanitize(p)+" OAuth")
	}
	if n := len(m.SSOConnectionIDs); n > 0 {
		enrolled = append(enrolled, count(n, "SSO connection", "SSO connections"))
	}
	if len(enrolled) == 0 {
		enrolled = []string{"none"}
	}
	mfa := "MFA not enrolled"
	if m.MFAEnrolled {
		mfa = "MFA enrolled"
	}
	return append(enrolled, mfa)
}

// mark is a verified (✓) or unverified (✗ unverified) mark.
func (st styles) mark(verified bool) string {
	if verified {
		return st.ok.Render("✓")
	}
	return st.bad.Render("✗ unverified")
}

// status is the user's status and lock: "active, not locked" or
// "active, locked: unlocks in 40m".
func (s Screen) status(u *api.User) string {
	status := render.Sanitize(u.Status)
	if status == "" {
		status = "status unknown"
	}
	switch {
	case !u.IsLocked:
		return status + ", not locked"
	case u.LockExpiresAt.IsZero():
		return status + ", locked"
	}
	return status + ", locked: unlocks " + render.Relative(u.LockExpiresAt, s.Now) +
		" (" + render.HumanTime(u.LockExpiresAt, s.Location) + ")"
}

// Enrolled lists the factors a user has enrolled, in words: password,
// passkeys by name, TOTP, OAuth providers, wallets and biometrics; an
// unverified one says so.
func Enrolled(u api.User) []string {
	var out []string
	unverified := func(s string, v bool) string {
		if v {
			return s
		}
		return s + " (unverified)"
	}
	if u.Password != nil {
		p := "password"
		if u.Password.RequiresReset {
			p += " (reset required)"
		}
		out = append(out, p)
	}
	for _, w := range u.WebAuthnRegistrations {
		name := "passkey"
		if w.Name != "" {
			name += " " + w.Name
		}
		out = append(out, unverified(name, w.Verified))
	}
	for _, t := range u.TOTPs {
		out = append(out, unverified("TOTP", t.Verified))
	}
	for _, p := range u.Providers {
		out = append(out, p.ProviderType+" OAuth")
	}
	for _, c := range u.CryptoWallets {
		out = append(out, unverified(strings.TrimSpace(c.CryptoWalletType+" wallet"), c.Verified))
	}
	for _, bio := range u.BiometricRegistrations {
		out = append(out, unverified("biometric", bio.Verified))
	}
	return out
}

// FirstScreen is the number of rows the answer (person, findings and
// next steps) should fit in on a terminal: the first screen of an 80x24
// one.
const FirstScreen = 24

// lineCount is the number of lines of text, which ends in a newline.
func lineCount(text string) int {
	return strings.Count(text, "\n")
}

// cutMark ends a reason cut to one line on the screen.
const cutMark = "…"

// writeFindings draws the findings, critical first and coloured:
// severity, short session ID, then the rule and its reason, wrapped under
// itself. When the whole reasons would take more than rows lines (rows
// < 0: no limit), those
// that do not fit (taken in the order shown, so critical ones first) are
// cut to one line ending in cutMark, and the heading says where they are
// whole. A finding about the user (too many sessions) has "-" for its
// session.
func (s Screen) writeFindings(b *strings.Builder, st styles, r Report, rows int) {
	if len(r.Findings) == 0 {
		fmt.Fprintf(b, "%s  %s\n", st.heading.Render("Findings"), "none")
		return
	}
	ids := make([]string, len(r.Findings))
	idWidth := 1
	for i, f := range r.Findings {
		ids[i] = "-"
		if f.SessionID != "" {
			ids[i] = render.Sanitize(shortID(r.ShortIDs, f.SessionID))
		}
		idWidth = max(idWidth, lipgloss.Width(ids[i]))
	}
	indent := 2 + len("critical") + 2 + idWidth + 2
	reasons := make([][]string, len(r.Findings))
	for i, f := range r.Findings {
		reasons[i] = wrapText(render.Sanitize(f.Rule+": "+f.Reason), s.Width-indent)
	}
	cut := cutToFit(reasons, rows, s.Width-indent)
	counts := findingCounts(r.Findings)
	if cut {
		counts += st.dim.Render(" · " + cutMark + " cut to fit, whole in -o json")
	}
	fmt.Fprintf(b, "%s  %s\n", st.heading.Render("Findings"), counts)
	for i, f := range r.Findings {
		sev := SeverityCell(f.Severity)
		fmt.Fprintf(b, "  %s%s  %-*s  %s\n", st.tone(sev), strings.Repeat(" ", len("critical")-len(sev.Text)), idWidth, ids[i], reasons[i][0])
		for _, line := range reasons[i][1:] {
			b.WriteString(strings.Repeat(" ", indent) + line + "\n")
		}
	}
}

// cutToFit cuts reasons (each its lines, wrapped to width) so that
// together they take at most rows lines: when they do not already, every
// reason is cut to its first line, then, in order, each that fits whole
// in what is left is given back whole; rows < 0 cuts nothing. A cut reason is one line ending
// in cutMark (cutLine). It reports whether any reason was cut.
func cutToFit(reasons [][]string, rows, width int) bool {
	total := 0
	for _, lines := range reasons {
		total += len(lines)
	}
	if rows < 0 || total <= rows {
		return false
	}
	left := rows - len(reasons)
	cut := false
	for i, lines := range reasons {
		if extra := len(lines) - 1; extra > 0 && extra <= left {
			left -= extra
			continue
		}
		if len(lines) > 1 {
			reasons[i] = []string{cutLine(lines[0], width)}
			cut = true
		}
	}
	return cut
}

// cutLine is line with " …" after it, words taken off its end until
// that fits in width (one word is always kept).
func cutLine(line string, width int) string {
	words := strings.Fields(line)
	for len(words) > 1 && lipgloss.Width(strings.Join(words, " "))+2 > width {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ") + " " + cutMark
}

// tone colours a severity as the audit's table does.
func (st styles) tone(t render.Toned) string {
	switch t.Tone {
	case render.ToneAlert:
		return st.alert.Render(t.Text)
	case render.ToneCaution:
		return st.bad.Render(t.Text)
	}
	return st.dim.Render(t.Text)
}

// shortID is id's short form when there is one.
func shortID(short map[string]string, id string) string {
	if s, ok := short[id]; ok {
		return s
	}
	return id
}

// wrapText breaks text between words into lines at most width wide (a
// word wider than that is a line of its own); width < 20 counts as 20.
func wrapText(text string, width int) []string {
	return render.WrapWords(strings.Join(strings.Fields(text), " "), max(width, 20))
}

// SeverityCell is a severity as a table cell: red for critical, yellow for
// warning, dim for info on a colour terminal.
func SeverityCell(sev sessionaudit.Severity) render.Toned {
	tone := render.ToneDim
	switch sev {
	case sessionaudit.Critical:
		tone = render.ToneAlert
	case sessionaudit.Warning:
		tone = render.ToneCaution
	}
	return render.Toned{Text: sev.String(), Tone: tone}
}

// findingCounts is "4: 1 critical, 3 warning".
func findingCounts(fs []sessionaudit.Finding) string {
	counts := map[sessionaudit.Severity]int{}
	for _, f := range fs {
		counts[f.Severity]++
	}
	var parts []string
	for _, sev := range []sessionaudit.Severity{sessionaudit.Critical, sessionaudit.Warning, sessionaudit.Info} {
		if n := counts[sev]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, sev))
		}
	}
	return fmt.Sprintf("%d: %s", len(fs), strings.Join(parts, ", "))
}

// writeNext draws the next steps: why as a comment, then the command on
// a line of its own, ready to copy; a command wider than the screen is
// continued on the next lines with a backslash, as a shell reads it.
func (s Screen) writeNext(b *strings.Builder, st styles, steps []Step) {
	fmt.Fprintf(b, "%s\n", st.heading.Render("Next steps"))
	for _, step := range steps {
		fmt.Fprintf(b, "%s\n", st.dim.Render("# "+step.Why))
		command := render.Sanitize(step.Command)
		lines := []string{command}
		if lipgloss.Width(command) > s.Width {
			lines = wrapText(command, s.Width-6) // the indent and " \\"
		}
		for i, line := range lines {
			if i > 0 {
				b.WriteString("    ")
			}
			b.WriteString(line)
			if i < len(lines)-1 {
				b.WriteString(" \\")
			}
			b.WriteString("\n")
		}
	}
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
