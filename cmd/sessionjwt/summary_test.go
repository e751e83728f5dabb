package sessionjwt

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// token builds an unsigned token over payload, enough for Summarize and
// Table, which never check the signature.
func token(t *testing.T, payload string) *Token {
	t.Helper()
	return mustParse(t, b64(`{"alg":"RS256","kid":"`+testKID+`","typ":"JWT"}`)+"."+b64(payload)+".")
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSummarizeConsumer(t *testing.T) {
	c := claims(testNow.Add(-2 * time.Minute))
	c["flags"] = map[string]any{"beta": false}
	payload := marshal(t, c)
	s := Summarize(token(t, payload), testNow)
	want := `{"session_id":"session-test-3d8f1a6e-9b2c-4e57-a0d4-5c7b8e2f1a63","user_id":"user-test-8e0d3b5a-2c4f-4b7e-9a1d-6f5e3c2b1a90",` +
		`"factors":["Email magic link"],"roles":["stytch_user"],"started_at":"2026-06-03T21:47:05Z","last_accessed_at":"2026-06-04T09:58:00Z",` +
		`"expires_at":"2026-07-03T21:47:05Z","ip_address":"203.0.113.9","user_agent":"curl/8.7.1","device":"curl 8",` +
		`"custom_claims":{"app_tier":"premium","flags":{"beta":false}},"jwt_issued_at":"2026-06-04T09:58:00Z","jwt_not_before":"2026-06-04T09:58:00Z",` +
		`"jwt_expires_at":"2026-06-04T10:03:00Z","jwt_expired":false}`
	if got := marshal(t, s); got != want {
		t.Errorf("summary =\n%s\nwant\n%s", got, want)
	}
	if s := Summarize(token(t, payload), testNow.Add(3*time.Minute)); s.JWTExpired == nil || !*s.JWTExpired {
		t.Errorf("at exp the JWT is expired: %v", s.JWTExpired)
	}
}

func TestSummarizeB2B(t *testing.T) {
	s := Summarize(token(t, `{"sub":"member-test-1","https://stytch.com/organization":{"organization_id":"organization-test-1","slug":"acme"},"https://stytch.com/session":{"id":"s"}}`), testNow)
	if s.UserID != nil || *s.MemberID != "member-test-1" || *s.OrganizationID != "organization-test-1" || *s.OrganizationSlug != "acme" || *s.SessionID != "s" {
		t.Errorf("summary = %s", marshal(t, s))
	}
}

// TestSummarizeIsLenient: claims of unexpected shapes leave their fields
// null, and the document still has every key.
func TestSummarizeIsLenient(t *testing.T) {
	s := Summarize(token(t, `{"sub":7,"iat":"soon","exp":1e400,"https://stytch.com/session":[1],"https://stytch.com/other":1,"jti":"j","z":null}`), testNow)
	want := `{"session_id":null,"factors":null,"roles":null,"started_at":null,"last_accessed_at":null,"expires_at":null,` +
		`"ip_address":null,"user_agent":null,"device":null,"custom_claims":{"z":null},"jwt_issued_at":null,"jwt_not_before":null,` +
		`"jwt_expires_at":null,"jwt_expired":null}`
	if got := marshal(t, s); got != want {
		t.Errorf("summary =\n%s\nwant\n%s", got, want)
	}
}

func TestTable(t *testing.T) {
	c := claims(testNow.Add(-2 * time.Minute))
	c["display_name"] = "Mallory"
	c["flags"] = map[string]any{"beta": false}
	tok := token(t, marshal(t, c))
	s := Summarize(tok, testNow)
	rows := func(tty bool, ver Verification) string { return rowText(Table(tok, s, ver, tty, testNow).Rows) }
	want := `Algorithm	RS256
Key ID	` + testKID + `
Type	JWT
Issuer	stytch.com/` + testProject + `
Audience	` + testProject + `
User	user-test-8e0d3b5a-2c4f-4b7e-9a1d-6f5e3c2b1a90
Session ID	session-test-3d8f1a6e-9b2c-4e57-a0d4-5c7b8e2f1a63
Factors	Email magic link
Roles	stytch_user
Device	curl 8
IP address	203.0.113.9
User agent	curl/8.7.1
Session started	2026-06-03 21:47:05 UTC (12h ago)
Last active	2026-06-04 09:58:00 UTC (2m ago)
Session expires	2026-07-03 21:47:05 UTC (in 29d)
JWT issued	2026-06-04 09:58:00 UTC (2m ago)
JWT not before	2026-06-04 09:58:00 UTC (2m ago)
JWT expires	2026-06-04 10:03:00 UTC (in 3m)
Claim app_tier	premium
Claim display_name	Mallory
Claim flags	{"beta":false}
Verified	not checked (add --verify)
`
	if got := rows(true, Verification{}); got != want {
		t.Errorf("terminal rows =\n%s\nwant\n%s", got, want)
	}
	if got := rows(false, Verification{}); !strings.Contains(got, "Session started\t2026-06-03 21:47:05 +0000 UTC\n") {
		t.Errorf("piped rows hold the times themselves:\n%s", got)
	}
	for ver, want := range map[Verification]string{
		{Checked: true, Valid: true, KeyID: "k", LeewaySeconds: 5}:         "Verified\tyes: RS256 signature by k, audience, issuer and times (leeway 5s)\n",
		{Checked: true, Valid: false, Check: "expired", Reason: "expired"}: "Verified\tNO: expired\n",
	} {
		if got := rows(false, ver); !strings.HasSuffix(got, want) {
			t.Errorf("last row = %q, want %q", got[strings.LastIndex(strings.TrimSuffix(got, "\n"), "\n")+1:], want)
		}
	}

	b2b := token(t, `{"sub":"member-test-1","https://stytch.com/organization":{"organization_id":"organization-test-1","slug":"acme"}}`)
	got := rowText(Table(b2b, Summarize(b2b, testNow), Verification{}, false, testNow).Rows)
	if !strings.Contains(got, "Member\tmember-test-1\nOrganization\torganization-test-1 (acme)\n") || strings.Contains(got, "User\t") {
		t.Errorf("B2B rows:\n%s", got)
	}
}

// rowText writes table rows as label<TAB>value lines.
func rowText(rows [][]any) string {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%v\t%v\n", r[0], r[1])
	}
	return b.String()
}
