// Package sessionaudit holds the rules of `stytchctl sessions audit`: given
// one user's active sessions, the clock and the thresholds, it returns
// findings, each with a severity, a rule name and a reason a person can act
// on. It does no I/O, so the rules are tested as a table.
package sessionaudit

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
	"github.com/stytchctl/stytchctl/render/suggest"
)

// Severity orders findings: Info < Warning < Critical.
type Severity int

// The severities, lowest first. The zero value is no severity.
const (
	Info Severity = iota + 1
	Warning
	Critical
)

// String returns "info", "warning" or "critical".
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Critical:
		return "critical"
	}
	return "none"
}

// ParseSeverity reads a severity name, ignoring case; "warn" is
// "warning".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "info":
		return Info, nil
	case "warning", "warn":
		return Warning, nil
	case "critical":
		return Critical, nil
	}
	if hint := suggest.DidYouMean(s, []string{"info", "warning", "critical"}); hint != "" {
		return 0, fmt.Errorf("invalid severity %q: %s want info, warning or critical", s, hint)
	}
	return 0, fmt.Errorf("invalid severity %q: want info, warning or critical", s)
}

// Rule names, as they appear in the "rule" field of a finding.
const (
	RuleImpersonated   = "impersonated"
	RuleIdle           = "idle"
	RuleLongLifetime   = "long-lifetime"
	RuleTooMany        = "too-many-sessions"
	RuleWeakFactor     = "weak-factor"
	RuleNoDevice       = "no-device-info"
	RuleDeviceMismatch = "device-mismatch"
	// The rules of places and agents: the first two need a locator.
	RuleImpossibleTravel = "impossible-travel"
	RuleManyCountries    = "many-countries"
	RuleNonBrowser       = "non-browser-agent"
)

// Rules describes every rule in the order findings of one session come
// in: name, severity and what it checks. It is printed in the help of
// `sessions audit`.
func Rules() []struct {
	Name     string
	Severity Severity
	Checks   string
} {
	return []struct {
		Name     string
		Severity Severity
		Checks   string
	}{
		{RuleTooMany, Warning, "the user has more than --max-sessions active sessions (one finding per user, no session)"},
		{RuleManyCountries, Warning, "the user's active sessions come from more than --max-countries countries (one finding per user; impersonations left out; needs a GeoIP database)"},
		{RuleImpossibleTravel, Critical, "the session started farther from another session's place than --max-speed allows in the time between them (impersonations left out; needs a GeoIP database)"},
		{RuleImpersonated, Critical, "a factor of the session is an impersonation (type impersonated or delivery method impersonation)"},
		{RuleDeviceMismatch, Warning, "a factor's own user agent (webauthn_factor.user_agent) names another device family than the session's attributes.user_agent"},
		{RuleIdle, Warning, "last active longer ago than --stale-after"},
		{RuleLongLifetime, Warning, "expires_at minus started_at is longer than --max-lifetime"},
		{RuleWeakFactor, Warning, "the session's only factor is a password or an SMS (or WhatsApp) one-time passcode"},
		{RuleNonBrowser, Warning, "the user agent is a script, HTTP library or tool (curl, python-requests, okhttp, …), a headless browser or a bot"},
		{RuleNoDevice, Info, "the session has no user agent (attributes.user_agent empty or missing)"},
	}
}

// Thresholds are the limits the rules compare against, and the locator
// the rules of places need.
type Thresholds struct {
	// StaleAfter is the longest a session may go without activity.
	StaleAfter time.Duration
	// MaxLifetime is the longest a session may live, start to expiry.
	MaxLifetime time.Duration
	// MaxSessions is the most active sessions one user may have.
	MaxSessions int
	// StaleAfterText and MaxLifetimeText are the limits as the user typed
	// them ("1d", not "24h"), echoed in reasons; empty means the limit
	// written by render.Span.
	StaleAfterText, MaxLifetimeText string
	// MaxSpeedKMH is the fastest a person may travel between the places
	// of two sessions (impossible-travel); MaxCountries is the most
	// countries a user's sessions may come from (many-countries).
	MaxSpeedKMH  int
	MaxCountries int
	// Locate places IP addresses for those two rules; nil (no GeoIP
	// database) turns them off.
	Locate Locator
}

// Defaults are the documented defaults: 30 days idle, 30 days of lifetime,
// 10 sessions, 900 km/h (an airliner), 2 countries; no locator.
func Defaults() Thresholds {
	return Thresholds{StaleAfter: 30 * day, MaxLifetime: 30 * day, MaxSessions: 10, MaxSpeedKMH: 900, MaxCountries: 2}
}

const day = 24 * time.Hour

// Finding is one thing the audit found. SessionID is empty for a finding
// about the user as a whole (too many sessions, many countries).
type Finding struct {
	Severity Severity
	Rule     string
	Reason   string
	UserID   string
	// UserLabel is how the person named the user (the external ID or
	// email typed), shown on a terminal instead of UserID; "" means
	// UserID. It is not part of the JSON.
	UserLabel string
	SessionID string
	// Device is the session's device in short form ("Chrome 126 · macOS"),
	// empty when unknown or for a user finding.
	Device    string
	IPAddress string
	Factors   string
	StartedAt time.Time
	// LastActive is last_accessed_at.
	LastActive time.Time
	ExpiresAt  time.Time
	// Location is where the session's IP address is, when a locator knew.
	Location *Place
	// Other, DistanceKM and SpeedKMH are the evidence of impossible-travel:
	// the other session, the distance less both accuracy radii, and the
	// implied speed (0 when both sessions were in use at once).
	Other      *Related
	DistanceKM int
	SpeedKMH   int
	// Countries are the countries of many-countries, sorted.
	Countries []string
}

// newFinding is a finding about session s.
func newFinding(s api.Session, sev Severity, rule, reason string) Finding {
	f := Finding{Severity: sev, Rule: rule, Reason: reason, UserID: s.UserID, SessionID: s.SessionID,
		IPAddress: s.IPAddress, Factors: sessionview.Factors(s.AuthenticationFactors),
		StartedAt: s.StartedAt, LastActive: s.LastAccessedAt, ExpiresAt: s.ExpiresAt}
	if ua := strings.TrimSpace(s.UserAgent); ua != "" {
		f.Device = sessionview.ParseDevice(ua).Short(ua)
	}
	return f
}

// MarshalJSON writes a finding as `sessions audit -o json` shows it:
// {"severity","rule","reason","user_id","session_id","device","ip_address",
// "factors","started_at","last_accessed_at","expires_at","location",
// "other_session","distance_km","speed_kmh","countries"}; what is unknown
// (or, for a user finding, does not apply) is null; times are RFC 3339 UTC.
// location is a Place; other_session is {"session_id","ip_address",
// "location","started_at","last_accessed_at"}.
func (f Finding) MarshalJSON() ([]byte, error) {
	str, tm := sessionview.OrNull, sessionview.TimeOrNull
	type related struct {
		SessionID  string  `json:"session_id"`
		IPAddress  *string `json:"ip_address"`
		Location   Place   `json:"location"`
		StartedAt  *string `json:"started_at"`
		LastActive *string `json:"last_accessed_at"`
	}
	var other *related
	if o := f.Other; o != nil {
		other = &related{o.SessionID, str(o.IPAddress), o.Location, tm(o.StartedAt), tm(o.LastActive)}
	}
	num := func(n int) *int {
		if n == 0 {
			return nil
		}
		return &n
	}
	return json.Marshal(struct {
		Severity   string   `json:"severity"`
		Rule       string   `json:"rule"`
		Reason     string   `json:"reason"`
		UserID     string   `json:"user_id"`
		SessionID  *string  `json:"session_id"`
		Device     *string  `json:"device"`
		IPAddress  *string  `json:"ip_address"`
		Factors    *string  `json:"factors"`
		StartedAt  *string  `json:"started_at"`
		LastActive *string  `json:"last_accessed_at"`
		ExpiresAt  *string  `json:"expires_at"`
		Location   *Place   `json:"location"`
		Other      *related `json:"other_session"`
		DistanceKM *int     `json:"distance_km"`
		SpeedKMH   *int     `json:"speed_kmh"`
		Countries  []string `json:"countries"`
	}{f.Severity.String(), f.Rule, f.Reason, f.UserID, str(f.SessionID), str(f.Device), str(f.IPAddress),
		str(f.Factors), tm(f.StartedAt), tm(f.LastActive), tm(f.ExpiresAt),
		f.Location, other, num(f.DistanceKM), num(f.SpeedKMH), f.Countries})
}

// AuditUserMatching applies every rule to the active sessions of one user
// at now, the per-session rules only to the sessions that match (all when
// match is nil); too-many-sessions and many-countries still count every
// session, and impossible-travel compares a matching session with any
// other: they are about the user. Findings come in session order, and for
// each session in the order of Rules; the user's findings, if any, come
// first. userID names the user when a session does not (sessions carry
// their own user_id). With t.Locate, every finding about a session
// carries its Location.
func AuditUserMatching(userID string, sessions []api.Session, match func(api.Session) bool, now time.Time, t Thresholds) []Finding {
	var out []Finding
	if t.MaxSessions > 0 && len(sessions) > t.MaxSessions {
		out = append(out, Finding{Severity: Warning, Rule: RuleTooMany, UserID: userID,
			Reason: fmt.Sprintf("%d active sessions, more than the %d allowed (--max-sessions)", len(sessions), t.MaxSessions)})
	}
	places := locateAll(sessions, t.Locate)
	if f, ok := manyCountries(usersOwn(sessions), places, t.MaxCountries); ok {
		out = append(out, f)
	}
	travel := travelFindings(sessions, places, t.MaxSpeedKMH)
	for _, s := range sessions {
		if match != nil && !match(s) {
			continue
		}
		var fs []Finding
		if f, ok := travel[s.SessionID]; ok {
			fs = append(fs, f)
		}
		fs = append(fs, AuditSession(s, now, t)...)
		if p, ok := placeOf(s, places); ok {
			for i := range fs {
				fs[i].Location = &p
			}
		}
		out = append(out, fs...)
	}
	for i := range out {
		if out[i].UserID == "" {
			out[i].UserID = userID
		}
	}
	return out
}

// AuditSession applies the rules about one session alone (all but
// too-many-sessions, many-countries and impossible-travel) to one session.
func AuditSession(s api.Session, now time.Time, t Thresholds) []Finding {
	var out []Finding
	add := func(sev Severity, rule, reason string) {
		out = append(out, newFinding(s, sev, rule, reason))
	}

	if f, ok := impersonation(s); ok {
		add(Critical, RuleImpersonated, impersonationReason(f))
	}
	if reason, ok := deviceMismatch(s); ok {
		add(Warning, RuleDeviceMismatch, reason)
	}
	if !s.LastAccessedAt.IsZero() && t.StaleAfter > 0 {
		if idle := now.Sub(s.LastAccessedAt); idle > t.StaleAfter {
			add(Warning, RuleIdle, fmt.Sprintf("idle for %s, longer than %s (--stale-after)", render.Span(idle), limitText(t.StaleAfterText, t.StaleAfter)))
		}
	}
	if !s.StartedAt.IsZero() && !s.ExpiresAt.IsZero() && t.MaxLifetime > 0 {
		if life := s.ExpiresAt.Sub(s.StartedAt); life > t.MaxLifetime {
			add(Warning, RuleLongLifetime, fmt.Sprintf("lives %s from start to expiry, longer than %s (--max-lifetime)", render.Span(life), limitText(t.MaxLifetimeText, t.MaxLifetime)))
		}
	}
	if len(s.AuthenticationFactors) == 1 {
		switch f := s.AuthenticationFactors[0]; {
		case f.Type == "password" || f.DeliveryMethod == "knowledge":
			add(Warning, RuleWeakFactor, "password is the only factor")
		case f.DeliveryMethod == "sms":
			add(Warning, RuleWeakFactor, "an SMS one-time passcode is the only factor")
		case f.DeliveryMethod == "whatsapp":
			add(Warning, RuleWeakFactor, "a WhatsApp one-time passcode is the only factor")
		}
	}
	if what, ok := sessionview.NonBrowser(s.UserAgent); ok {
		add(Warning, RuleNonBrowser, what)
	}
	if strings.TrimSpace(s.UserAgent) == "" {
		reason := "no user agent recorded"
		if strings.TrimSpace(s.IPAddress) == "" {
			reason = "no user agent or IP address recorded"
		}
		add(Info, RuleNoDevice, reason)
	}
	return out
}

// Family is the device family of a user agent: the operating system
// (without version) and the device type, such as "Android phone" or
// "macOS desktop". It is "" when the parser cannot name the OS: an
// unknown family never counts as a mismatch.
func Family(ua string) string {
	ua = strings.TrimSpace(ua)
	if ua == "" {
		return ""
	}
	d := sessionview.ParseDevice(ua)
	if d.OS == "" {
		return ""
	}
	return d.OS + " " + d.Type
}

// deviceMismatch compares the family of the session's user agent with the
// family of every user agent a factor recorded (webauthn_factor.user_agent,
// and any other factor sub-object with a user_agent string). A browser or
// OS update keeps the family; a passkey registered on an Android phone
// used in a session whose agent is a Windows desktop does not.
func deviceMismatch(s api.Session) (string, bool) {
	sessionFam := Family(s.UserAgent)
	if sessionFam == "" {
		return "", false
	}
	for _, f := range s.AuthenticationFactors {
		if len(f.Detail) == 0 {
			continue
		}
		var d struct {
			UserAgent string `json:"user_agent"`
		}
		if json.Unmarshal(f.Detail, &d) != nil {
			continue
		}
		if fam := Family(d.UserAgent); fam != "" && fam != sessionFam {
			return fmt.Sprintf("session user agent is %s but its %s factor was used on %s", sessionFam, sessionview.FactorWords(f), fam), true
		}
	}
	return "", false
}

// limitText is a threshold as the user typed it, or as render.Span writes
// it when it was not typed (the defaults in tests).
func limitText(typed string, d time.Duration) string {
	if typed = strings.TrimSpace(typed); typed != "" {
		return typed
	}
	return render.Span(d)
}

// impersonation is the session's first impersonation factor (type
// impersonated or delivery method impersonation), if it has one.
func impersonation(s api.Session) (api.Factor, bool) {
	for _, f := range s.AuthenticationFactors {
		if f.Type == "impersonated" || f.DeliveryMethod == "impersonation" {
			return f, true
		}
	}
	return api.Factor{}, false
}

// usersOwn are the sessions the user signed in to: an impersonated
// session's IP address is the support agent's, so it says nothing about
// where the user is (the rules of places leave it out; the impersonated
// rule flags it).
func usersOwn(sessions []api.Session) []api.Session {
	out := make([]api.Session, 0, len(sessions))
	for _, s := range sessions {
		if _, imp := impersonation(s); !imp {
			out = append(out, s)
		}
	}
	return out
}

// impersonationReason says who signed in through impersonation factor f:
// "impersonation by lead@example.com", or "impersonation" without a name.
// It leads with the word, so that a table whose RULE column gave way to
// the reason still says what happened.
func impersonationReason(f api.Factor) string {
	if who, named := strings.CutPrefix(sessionview.FactorWords(f), "Impersonated by "); named {
		return "impersonation by " + who
	}
	return "impersonation"
}
