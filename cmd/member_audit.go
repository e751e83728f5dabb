package cmd

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
)

// memberAuditFindings applies to one member's sessions the audit rules
// that apply to member sessions: every rule but those that need an IP
// address or user agent, which member sessions lack (no-device-info,
// device-mismatch; the rules of places and agents never fire without
// them, and no locator is used). It is the one choice b2b sessions audit
// and inspect --org share; its signature is that of
// sessionaudit.AuditUserMatching.
func memberAuditFindings(memberID string, sessions []api.Session, match func(api.Session) bool, now time.Time, t sessionaudit.Thresholds) []sessionaudit.Finding {
	t.Locate = nil
	var out []sessionaudit.Finding
	for _, f := range sessionaudit.AuditUserMatching(memberID, sessions, match, now, t) {
		if f.Rule != sessionaudit.RuleNoDevice && f.Rule != sessionaudit.RuleDeviceMismatch {
			out = append(out, f)
		}
	}
	return out
}

// memberSessionViews is memberSessionView of each session, with the raw
// session kept.
func memberSessionViews(ms []api.MemberSession) []api.Session {
	out := make([]api.Session, 0, len(ms))
	for _, m := range ms {
		v := memberSessionView(m)
		v.Raw, v.CustomClaims = m.Raw, m.CustomClaims
		out = append(out, v)
	}
	return out
}

// memberFindingsListing describes member findings for the printer: as
// findingsListing, with the member in place of the user and no device or
// IP address. labels names members as the person did (or by email with
// --all-members) in a terminal table.
func memberFindingsListing(labels bool) render.List[sessionaudit.Finding] {
	memberHeader, memberKind, member := findingOwner(labels, "Member ID", "Member")
	str := dashIfEmpty
	return render.List[sessionaudit.Finding]{
		Key: "findings",
		Raw: memberFindingJSON,
		Columns: []render.Column{
			{Header: "Severity", Fixed: true},
			{Header: "Rule", Fixed: true, DropOrder: 2},
			{Header: memberHeader, Kind: memberKind},
			{Header: "Session ID", Kind: render.Identifier, Terminal: sessionview.ShortenIDCells},
			{Header: "Factors", DropOrder: 1},
			{Header: "Reason", Keep: true},
		},
		Row: func(f sessionaudit.Finding) []any {
			return []any{severityCell(f.Severity), f.Rule, member(f), str(f.SessionID), str(f.Factors), f.Reason}
		},
		WideColumns: memberFindingsWideColumns(labels),
		WideRow: func(f sessionaudit.Finding) []any {
			row := []any{severityCell(f.Severity), f.Rule, f.UserID, f.SessionID, f.Factors,
				f.StartedAt, f.LastActive, f.ExpiresAt, f.Reason}
			if labels {
				row = append(row[:2], append([]any{member(f)}, row[2:]...)...)
			}
			return row
		},
	}
}

// memberFindingsWideColumns are the columns of -o wide: the table's, in
// its order of giving way, and the times before them; with labels the
// member as the table names them (their email) stays and the member ID
// is the first to go, so wide never shows less than the table.
func memberFindingsWideColumns(labels bool) []render.Column {
	cols := []render.Column{
		{Header: "Severity", Fixed: true}, {Header: "Rule", Fixed: true, DropOrder: 6},
		{Header: "Member ID", Key: "member_id", Kind: render.Identifier},
		{Header: "Session ID", Key: "session_id", Kind: render.Identifier, Terminal: sessionview.ShortenIDCells},
		{Header: "Factors", Key: "factors", DropOrder: 5}, {Header: "Started", Key: "started_at", Fixed: true, DropOrder: 2},
		{Header: "Last active", Key: "last_accessed_at", Fixed: true, DropOrder: 4},
		{Header: "Expires", Key: "expires_at", Fixed: true, DropOrder: 3}, {Header: "Reason", Keep: true},
	}
	if !labels {
		return cols
	}
	cols[2].DropOrder = 1
	return append(cols[:2], append([]render.Column{{Header: "Member", Key: "member"}}, cols[2:]...)...)
}

// memberFindingJSON is a member finding as b2b sessions audit -o json
// shows it: {"severity","rule","reason","member_id","session_id",
// "factors","started_at","last_accessed_at","expires_at"}; what does not
// apply (a finding about the member as a whole has no session) is null;
// times are RFC 3339 UTC.
func memberFindingJSON(f sessionaudit.Finding) json.RawMessage {
	str, tm := sessionview.OrNull, sessionview.TimeOrNull
	b, _ := json.Marshal(struct { // strings only: cannot fail
		Severity   string  `json:"severity"`
		Rule       string  `json:"rule"`
		Reason     string  `json:"reason"`
		MemberID   string  `json:"member_id"`
		SessionID  *string `json:"session_id"`
		Factors    *string `json:"factors"`
		StartedAt  *string `json:"started_at"`
		LastActive *string `json:"last_accessed_at"`
		ExpiresAt  *string `json:"expires_at"`
	}{f.Severity.String(), f.Rule, f.Reason, f.UserID, str(f.SessionID), str(f.Factors),
		tm(f.StartedAt), tm(f.LastActive), tm(f.ExpiresAt)})
	return b
}

// readMemberSessionsFile reads member sessions saved by `b2b sessions list
// -o json` (Stytch's response: an object with "member_sessions"), `-o
// ndjson` (one member session per line) or any sequence of those; a bare
// JSON array of member sessions is accepted too. path - reads stdin. It
// sends nothing. With org (an ID or slug) only that organization's
// sessions are kept, and a file holding sessions of other organizations
// only is a usage error. Every problem is a usage error naming the file.
func readMemberSessionsFile(ctx context.Context, a *app, path, org string) ([]api.MemberSession, error) {
	name := path
	if path == "-" {
		name = "stdin"
	}
	name = render.Sanitize(name)
	r, err := openInput(ctx, a.deps.Stdin, path)
	if err != nil {
		return nil, inputError(err, "reading --from-file: %w", err)
	}
	defer r.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(io.LimitReader(r, maxSessionsFile), 64<<10))
	var all []api.MemberSession
	values := 0
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			break
		}
		values++
		if err != nil {
			return nil, inputError(err, "reading --from-file %s: value %d is not valid JSON: %w", name, values, err)
		}
		got, err := memberSessionsIn(raw)
		if err != nil {
			return nil, usageErrorf("reading --from-file %s: value %d: %w", name, values, err)
		}
		all = append(all, got...)
	}
	if values == 0 {
		return nil, usageErrorf("--from-file %s is empty: want the output of 'stytchctl b2b sessions list -o json' or '-o ndjson'", name)
	}
	return sessionsOfOrg(all, org, name)
}

// sessionsOfOrg keeps the sessions of org (matched by organization ID or
// slug); "" keeps all.
func sessionsOfOrg(all []api.MemberSession, org, name string) ([]api.MemberSession, error) {
	if org == "" || len(all) == 0 {
		return all, nil
	}
	var kept []api.MemberSession
	for _, s := range all {
		if s.OrganizationID == org || s.OrganizationSlug == org {
			kept = append(kept, s)
		}
	}
	if len(kept) == 0 {
		first := all[0].OrganizationID
		if all[0].OrganizationSlug != "" {
			first = all[0].OrganizationSlug + " (" + first + ")"
		}
		return nil, usageErrorf("--from-file %s holds no sessions of organization %s: it holds sessions of %s; give --org as the organization's ID or slug",
			name, render.Sanitize(org), render.Sanitize(first))
	}
	return kept, nil
}

// memberSessionsIn reads one JSON value of a member sessions file.
func memberSessionsIn(raw json.RawMessage) ([]api.MemberSession, error) {
	const want = "want the output of 'stytchctl b2b sessions list -o json' or '-o ndjson'"
	switch firstByte(raw) {
	case '[':
		var ms []api.MemberSession
		if err := json.Unmarshal(raw, &ms); err != nil {
			return nil, fmt.Errorf("an array that is not of member sessions: %w", err)
		}
		return ms, nil
	case '{':
	default:
		return nil, errors.New("not an object or array: " + want)
	}
	var probe struct {
		MemberSessions  *json.RawMessage `json:"member_sessions"`
		MemberSessionID *string          `json:"member_session_id"`
		Sessions        *json.RawMessage `json:"sessions"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, fmt.Errorf("an object that is not a member sessions listing: %w", err)
	}
	switch {
	case probe.MemberSessions != nil:
		var ms []api.MemberSession
		if err := json.Unmarshal(*probe.MemberSessions, &ms); err != nil {
			return nil, fmt.Errorf(`"member_sessions" is not an array of member sessions: %w`, err)
		}
		return ms, nil
	case probe.MemberSessionID != nil:
		var m api.MemberSession
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, err
		}
		return []api.MemberSession{m}, nil
	case probe.Sessions != nil:
		return nil, errors.New(`consumer sessions ("sessions"), not member sessions: audit them with 'stytchctl sessions audit --from-file'`)
	}
	return nil, errors.New(`an object with neither "member_sessions" nor "member_session_id": ` + want)
}
