package sessionaudit

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api"
)

var now = time.Date(2026, 6, 4, 10, 0, 0, 0, time.UTC)

const (
	uaMac     = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
	uaMac2    = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	uaAndroid = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36"
	uaWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0"
	uaCurl    = "curl/8.7.1"
)

// sess builds a session as Stytch sends it; opts edit the JSON object.
func sess(t *testing.T, id string, opts ...func(m map[string]any)) api.Session {
	t.Helper()
	m := map[string]any{
		"session_id":       id,
		"user_id":          "user-test-1",
		"started_at":       now.Add(-2 * time.Hour).Format(time.RFC3339),
		"last_accessed_at": now.Add(-time.Minute).Format(time.RFC3339),
		"expires_at":       now.Add(5 * 24 * time.Hour).Format(time.RFC3339),
		"attributes":       map[string]any{"ip_address": "203.0.113.7", "user_agent": uaMac},
		"authentication_factors": []any{
			map[string]any{"type": "magic_link", "delivery_method": "email", "email_factor": map[string]any{"email_address": "a@example.com"}},
			map[string]any{"type": "totp", "delivery_method": "authenticator_app"},
		},
	}
	for _, o := range opts {
		o(m)
	}
	b, _ := json.Marshal(m)
	var s api.Session
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func factors(fs ...map[string]any) func(map[string]any) {
	return func(m map[string]any) {
		l := make([]any, len(fs))
		for i, f := range fs {
			l[i] = f
		}
		m["authentication_factors"] = l
	}
}

func ua(s string) func(map[string]any) {
	return func(m map[string]any) { m["attributes"].(map[string]any)["user_agent"] = s }
}

func at(key string, d time.Duration) func(map[string]any) {
	return func(m map[string]any) { m[key] = now.Add(d).Format(time.RFC3339) }
}

func webauthn(agent string) map[string]any {
	return map[string]any{"type": "webauthn", "delivery_method": "webauthn_registration",
		"webauthn_factor": map[string]any{"webauthn_registration_id": "webauthn-registration-test-1", "domain": "app.example.com", "user_agent": agent}}
}

func TestAuditSessionRules(t *testing.T) {
	password := map[string]any{"type": "password", "delivery_method": "knowledge"}
	sms := map[string]any{"type": "otp", "delivery_method": "sms", "phone_number_factor": map[string]any{"phone_number": "+14155550100"}}
	imp := map[string]any{"type": "impersonated", "delivery_method": "impersonation",
		"impersonated_factor": map[string]any{"impersonator_id": "member-test-1", "impersonator_email_address": "lead@example.com"}}
	tests := []struct {
		name string
		opts []func(map[string]any)
		th   func(*Thresholds)
		// want is "severity rule: reason" per finding, in order.
		want []string
	}{
		{name: "clean session", want: nil},
		{name: "impersonated", opts: []func(map[string]any){factors(imp)},
			want: []string{"critical impersonated: impersonation by lead@example.com"}},
		{name: "impersonated among others", opts: []func(map[string]any){factors(password, imp)},
			want: []string{"critical impersonated: impersonation by lead@example.com"}},
		{name: "idle just over", opts: []func(map[string]any){at("started_at", -40*day), at("last_accessed_at", -30*day-time.Second)},
			want: []string{"warning idle: idle for 30d, longer than 30d (--stale-after)", "warning long-lifetime: lives 45d from start to expiry, longer than 30d (--max-lifetime)"}},
		{name: "idle exactly the limit is fine", opts: []func(map[string]any){at("started_at", -30*day), at("last_accessed_at", -30*day), at("expires_at", 0)}},
		{name: "idle with a short --stale-after", opts: []func(map[string]any){at("last_accessed_at", -3*time.Hour)},
			th: func(t *Thresholds) { t.StaleAfter = 2 * time.Hour }, want: []string{"warning idle: idle for 3h, longer than 2h (--stale-after)"}},
		{name: "no last activity is not idle", opts: []func(map[string]any){func(m map[string]any) { delete(m, "last_accessed_at") }}},
		{name: "long lifetime", opts: []func(map[string]any){at("expires_at", 60*day)},
			want: []string{"warning long-lifetime: lives 60d from start to expiry, longer than 30d (--max-lifetime)"}},
		{name: "lifetime with a custom limit", opts: []func(map[string]any){at("expires_at", 2*day)},
			th: func(t *Thresholds) { t.MaxLifetime = day }, want: []string{"warning long-lifetime: lives 2d from start to expiry, longer than 24h (--max-lifetime)"}},
		{name: "thresholds echoed as typed", opts: []func(map[string]any){at("last_accessed_at", -(4*day + 23*time.Hour)), at("expires_at", 2*day)},
			th: func(t *Thresholds) {
				t.StaleAfter, t.StaleAfterText, t.MaxLifetime, t.MaxLifetimeText = day, "1d", 36*time.Hour, "1d12h"
			},
			want: []string{"warning idle: idle for 4d, longer than 1d (--stale-after)", "warning long-lifetime: lives 2d from start to expiry, longer than 1d12h (--max-lifetime)"}},
		{name: "password only", opts: []func(map[string]any){factors(password)},
			want: []string{"warning weak-factor: password is the only factor"}},
		{name: "SMS only", opts: []func(map[string]any){factors(sms)},
			want: []string{"warning weak-factor: an SMS one-time passcode is the only factor"}},
		{name: "WhatsApp only", opts: []func(map[string]any){factors(map[string]any{"type": "otp", "delivery_method": "whatsapp"})},
			want: []string{"warning weak-factor: a WhatsApp one-time passcode is the only factor"}},
		{name: "password plus SMS is MFA", opts: []func(map[string]any){factors(password, sms)}},
		{name: "no user agent", opts: []func(map[string]any){ua("")},
			want: []string{"info no-device-info: no user agent recorded"}},
		{name: "no attributes at all", opts: []func(map[string]any){func(m map[string]any) { delete(m, "attributes") }},
			want: []string{"info no-device-info: no user agent or IP address recorded"}},
		{name: "passkey from another device family", opts: []func(map[string]any){factors(webauthn(uaAndroid)), ua(uaWindows)},
			want: []string{"warning device-mismatch: session user agent is Windows desktop but its Passkey factor was used on Android phone"}},
		{name: "passkey from the same family after updates", opts: []func(map[string]any){factors(webauthn(uaMac)), ua(uaMac2)}},
		{name: "passkey agent unknown is no mismatch", opts: []func(map[string]any){factors(webauthn(uaCurl)), ua(uaWindows)}},
		{name: "session agent unknown is no mismatch", opts: []func(map[string]any){factors(webauthn(uaAndroid)), ua(uaCurl)},
			want: []string{"warning non-browser-agent: curl 8.7.1: an HTTP client or library, not a browser or app"}},
		{name: "everything at once", opts: []func(map[string]any){factors(imp), ua(""), at("started_at", -50*day), at("last_accessed_at", -40*day)},
			want: []string{
				"critical impersonated: impersonation by lead@example.com",
				"warning idle: idle for 40d, longer than 30d (--stale-after)",
				"warning long-lifetime: lives 55d from start to expiry, longer than 30d (--max-lifetime)",
				"info no-device-info: no user agent recorded",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := Defaults()
			if tt.th != nil {
				tt.th(&th)
			}
			s := sess(t, "session-test-1", tt.opts...)
			var got []string
			for _, f := range AuditSession(s, now, th) {
				got = append(got, fmt.Sprintf("%s %s: %s", f.Severity, f.Rule, f.Reason))
				if f.SessionID != "session-test-1" || f.UserID != "user-test-1" {
					t.Errorf("finding %+v does not name the session and user", f)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// auditUser audits every session of one user.
func auditUser(userID string, sessions []api.Session, now time.Time, t Thresholds) []Finding {
	return AuditUserMatching(userID, sessions, nil, now, t)
}

func TestAuditUserTooManySessions(t *testing.T) {
	for _, tt := range []struct {
		n, max int
		want   bool
	}{{10, 10, false}, {11, 10, true}, {2, 1, true}, {1, 1, false}, {0, 10, false}} {
		var ss []api.Session
		for i := range tt.n {
			ss = append(ss, sess(t, fmt.Sprintf("session-test-%d", i)))
		}
		th := Defaults()
		th.MaxSessions = tt.max
		got := auditUser("user-test-1", ss, now, th)
		if tt.want {
			if len(got) != 1 || got[0].Rule != RuleTooMany || got[0].Severity != Warning || got[0].SessionID != "" ||
				got[0].Reason != fmt.Sprintf("%d active sessions, more than the %d allowed (--max-sessions)", tt.n, tt.max) {
				t.Errorf("%d sessions, max %d: %+v", tt.n, tt.max, got)
			}
		} else if len(got) != 0 {
			t.Errorf("%d sessions, max %d: unexpected %+v", tt.n, tt.max, got)
		}
	}
}

func TestAuditUserOrderAndUserID(t *testing.T) {
	a := sess(t, "session-test-a", ua(""))
	b := sess(t, "session-test-b", factors(map[string]any{"type": "password", "delivery_method": "knowledge"}))
	b.UserID = "" // a session without user_id takes the user audited
	th := Defaults()
	th.MaxSessions = 1
	got := auditUser("user-test-9", []api.Session{a, b}, now, th)
	var rules []string
	for _, f := range got {
		rules = append(rules, f.Rule+"/"+f.SessionID+"/"+f.UserID)
	}
	want := "too-many-sessions//user-test-9 no-device-info/session-test-a/user-test-1 weak-factor/session-test-b/user-test-9"
	if strings.Join(rules, " ") != want {
		t.Errorf("order = %q\nwant    %q", strings.Join(rules, " "), want)
	}
}

func TestSeverity(t *testing.T) {
	for _, name := range []string{"info", "warning", "critical"} {
		s, err := ParseSeverity(strings.ToUpper(name))
		if err != nil || s.String() != name {
			t.Errorf("ParseSeverity(%q) = %v, %v", name, s, err)
		}
	}
	if s, err := ParseSeverity("Warn"); err != nil || s != Warning {
		t.Errorf("ParseSeverity(Warn) = %v, %v; want warning", s, err)
	}
	if !(Info < Warning && Warning < Critical) {
		t.Error("severities are out of order")
	}
	if _, err := ParseSeverity("high"); err == nil || !strings.Contains(err.Error(), "want info, warning or critical") {
		t.Errorf("ParseSeverity(high) = %v", err)
	}
}

func TestFindingJSON(t *testing.T) {
	user := Finding{Severity: Warning, Rule: RuleTooMany, Reason: "r", UserID: "user-test-1"}
	b, _ := json.Marshal(user)
	want := `{"severity":"warning","rule":"too-many-sessions","reason":"r","user_id":"user-test-1","session_id":null,"device":null,"ip_address":null,"factors":null,"started_at":null,"last_accessed_at":null,"expires_at":null,"location":null,"other_session":null,"distance_km":null,"speed_kmh":null,"countries":null}`
	if string(b) != want {
		t.Errorf("user finding JSON:\n%s\nwant\n%s", b, want)
	}
	f := AuditSession(sess(t, "session-test-1", factors(map[string]any{"type": "password", "delivery_method": "knowledge"})), now, Defaults())[0]
	b, _ = json.Marshal(f)
	want = `{"severity":"warning","rule":"weak-factor","reason":"password is the only factor","user_id":"user-test-1","session_id":"session-test-1","device":"Chrome 126 · macOS","ip_address":"203.0.113.7","factors":"Password","started_at":"2026-06-04T08:00:00Z","last_accessed_at":"2026-06-04T09:59:00Z","expires_at":"2026-06-09T10:00:00Z","location":null,"other_session":null,"distance_km":null,"speed_kmh":null,"countries":null}`
	if string(b) != want {
		t.Errorf("session finding JSON:\n%s\nwant\n%s", b, want)
	}
}

func TestFamily(t *testing.T) {
	for ua, want := range map[string]string{
		uaMac: "macOS desktop", uaMac2: "macOS desktop", uaAndroid: "Android phone", uaWindows: "Windows desktop", uaCurl: "", "": "",
	} {
		if got := Family(ua); got != want {
			t.Errorf("Family(%.40q) = %q, want %q", ua, got, want)
		}
	}
}
