// Package inspectview draws the one screen of `stytchctl inspect`: the
// person, their active sessions grouped by device with the timelines of
// `sessions devices`, the audit findings of those sessions (critical
// first) and the commands to act on them. It does no I/O but writing the
// screen, so it is pinned by golden files with a fixed clock.
package inspectview

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

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
	User    *api.User
	Member  *api.Member
	UserErr string
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
}

// labelWidth is the width of the person's field labels ("External ID").
const labelWidth = 14

// Write draws r: the person, their sessions by device, the findings and the
// next steps, each part under a heading, fitted to the width (lines break
// between columns, never inside an ID). Text from the API is sanitised.
//
// The devices part is sessionview.DevicesView, so what that view learns to
// show per IP (a location, a network) appears here too.
func (s Screen) Write(w io.Writer, r Report) error {
	if s.Width <= 0 {
		s.Width = 100
	}
	st := newStyles(w, s.Color)
	var b strings.Builder
	s.writePerson(&b, st, r)
	b.WriteString("\n")
	s.writeSessions(&b, st, r)
	if len(r.Sessions) > 0 {
		b.WriteString("\n")
		if err := s.writeFindings(&b, st, r); err != nil {
			return err
		}
	}
	text := render.FitTerminal(b.String(), s.Width, -1)
	if len(r.Next) > 0 {
		// Commands are wrapped by writeNext, as a shell reads them.
		var next strings.Builder
		s.writeNext(&next, st, r.Next)
		text += "\n" + next.String()
	}
	_, err := io.WriteString(w, text)
	return err
}

// styles are the screen's own styles, made by one renderer for the writer.
type styles struct {
	heading, title, dim, ok, bad, alert lipgloss.Style
}

func newStyles(w io.Writer, color bool) styles {
	r := lipgloss.NewRenderer(w)
	if color {
		r.SetColorProfile(termenv.ANSI256)
	} else {
		r.SetColorProfile(termenv.Ascii)
	}
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

// writePerson draws who the person is: name and user ID, external ID,
// status and lock, emails and phones with verified marks, the factors
// enrolled and when the user was created.
func (s Screen) writePerson(b *strings.Builder, st styles, r Report) {
	u := r.User
	switch {
	case r.Member != nil:
		s.writeMember(b, st, r.Member)
		return
	case u == nil:
		fmt.Fprintf(b, "%s  %s\n", st.heading.Render("Person"), "could not be fetched (the error is on stderr)")
		return
	}
	name := render.Sanitize(u.Name.Full())
	if name == "" {
		name = "(no name)"
	}
	fmt.Fprintf(b, "%s  %s\n", st.title.Render(name), u.UserID)
	if u.ExternalID != "" {
		s.field(b, "External ID", render.Sanitize(u.ExternalID))
	}
	s.field(b, "Status", s.status(u))
	for _, e := range u.Emails {
		s.field(b, "Email", render.Sanitize(e.Email)+" "+st.mark(e.Verified))
	}
	for _, p := range u.PhoneNumbers {
		s.field(b, "Phone", render.Sanitize(p.PhoneNumber)+" "+st.mark(p.Verified))
	}
	if len(u.Emails)+len(u.PhoneNumbers) == 0 {
		s.field(b, "Contact", "no email address or phone number")
	}
	mfa := Enrolled(*u)
	if len(mfa) == 0 {
		mfa = []string{"none"}
	}
	s.field(b, "Enrolled", render.Sanitize(strings.Join(mfa, ", ")))
	created := "unknown"
	if !u.CreatedAt.IsZero() {
		created = render.HumanTime(u.CreatedAt, s.Location)
		if rel := render.Relative(u.CreatedAt, s.Now); !strings.HasPrefix(created, rel) {
			created += " (" + rel + ")" // beyond a year, Relative is the date
		}
	}
	s.field(b, "Created", created)
}

// writeMember draws a member of an organization: name and member ID,
// organization, external ID, status and lock, email with its verified
// mark, roles, MFA, SSO and OAuth, and when the member was created.
func (s Screen) writeMember(b *strings.Builder, st styles, m *api.Member) {
	name := render.Sanitize(m.Name)
	if name == "" {
		name = "(no name)"
	}
	fmt.Fprintf(b, "%s  %s\n", st.title.Render(name), render.Sanitize(m.MemberID))
	s.field(b, "Organization", render.Sanitize(m.OrganizationID))
	if m.ExternalID != "" {
		s.field(b, "External ID", render.Sanitize(m.ExternalID))
	}
	status := render.Sanitize(m.Status)
	if m.IsLocked {
		status += ", locked"
	} else {
		status += ", not locked"
	}
	s.field(b, "Status", status)
	if m.EmailAddress != "" {
		s.field(b, "Email", render.Sanitize(m.EmailAddress)+" "+st.mark(m.EmailAddressVerified))
	}
	if len(m.Roles) > 0 {
		s.field(b, "Roles", render.Sanitize(strings.Join(m.Roles, ", ")))
	}
	var enrolled []string
	if m.MemberPasswordID != "" {
		enrolled = append(enrolled, "password")
	}
	if m.TOTPRegistrationID != "" {
		enrolled = append(enrolled, "TOTP")
	}
	if m.MFAPhoneNumber != "" {
		enrolled = append(enrolled, "SMS "+m.MFAPhoneNumber)
	}
	for _, p := range m.OAuthProviders {
		enrolled = append(enrolled, p+" OAuth")
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
	s.field(b, "Enrolled", render.Sanitize(strings.Join(enrolled, ", ")+" ("+mfa+")"))
	if !m.CreatedAt.IsZero() {
		s.field(b, "Created", render.HumanTime(m.CreatedAt, s.Location)+" ("+render.Relative(m.CreatedAt, s.Now)+")")
	}
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

// writeSessions draws the sessions by device, or why there are none.
func (s Screen) writeSessions(b *strings.Builder, st styles, r Report) {
	switch {
	case !r.SessionsFetched:
		fmt.Fprintf(b, "%s  %s\n", st.heading.Render("Sessions"), "could not be listed (the error is on stderr)")
		return
	case len(r.Sessions) == 0:
		fmt.Fprintf(b, "%s  %s\n", st.heading.Render("Sessions"), "none active")
		return
	}
	what := fmt.Sprintf("%d active on %s", len(r.Sessions), count(len(r.Groups), "device", "devices"))
	if r.Member != nil {
		what = fmt.Sprintf("%d active (member sessions carry no device or IP)", len(r.Sessions))
	}
	fmt.Fprintf(b, "%s  %s\n\n", st.heading.Render("Sessions"), what)
	v := sessionview.DevicesView{Now: s.Now, Color: s.Color, Width: s.Width, ShortIDs: r.ShortIDs}
	_ = v.Write(b, r.Groups) // a strings.Builder does not fail
}

// writeFindings draws the findings, critical first and coloured, one per
// line: severity, short session ID, then the rule and its whole reason,
// wrapped under itself. A finding about the user (too many sessions) has
// "-" for its session.
func (s Screen) writeFindings(b *strings.Builder, st styles, r Report) error {
	if len(r.Findings) == 0 {
		fmt.Fprintf(b, "%s  %s\n", st.heading.Render("Findings"), "none")
		return nil
	}
	fmt.Fprintf(b, "%s  %s\n", st.heading.Render("Findings"), findingCounts(r.Findings))
	ids := make([]string, len(r.Findings))
	idWidth := 1
	for i, f := range r.Findings {
		ids[i] = "-"
		if f.SessionID != "" {
			ids[i] = render.Sanitize(shortID(r.ShortIDs, f.SessionID))
		}
		idWidth = max(idWidth, lipgloss.Width(ids[i]))
	}
	for i, f := range r.Findings {
		sev := SeverityCell(f.Severity)
		prefix := fmt.Sprintf("  %s%s  %-*s  ", st.tone(sev), strings.Repeat(" ", len("critical")-len(sev.Text)), idWidth, ids[i])
		indent := 2 + len("critical") + 2 + idWidth + 2
		text := render.Sanitize(f.Rule + ": " + f.Reason)
		for j, line := range wrapText(text, s.Width-indent) {
			if j == 0 {
				b.WriteString(prefix + line + "\n")
				continue
			}
			b.WriteString(strings.Repeat(" ", indent) + line + "\n")
		}
	}
	return nil
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
	width = max(width, 20)
	var out []string
	cur := ""
	for _, word := range strings.Fields(text) {
		switch {
		case cur == "":
			cur = word
		case lipgloss.Width(cur)+1+lipgloss.Width(word) <= width:
			cur += " " + word
		default:
			out = append(out, cur)
			cur = word
		}
	}
	return append(out, cur)
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
