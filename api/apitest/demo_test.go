package apitest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/authfactor"
)

func TestDemoFactorKindsCoverReference(t *testing.T) {
	types, methods, keys := DemoFactorKinds()
	tests := []struct {
		name       string
		got        []string
		documented []string
		wantCount  int
		wantExtra  []string
	}{
		{"types", types, authfactor.Types(), 14, []string{"quantum_entanglement"}},
		{"delivery methods", methods, authfactor.DeliveryMethods(), 44, []string{"oauth_futurebook"}},
		{"sub-object keys", keys, authfactor.DetailKeys(), 41, []string{"futurebook_oauth_factor"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.documented) != tt.wantCount || len(sortedUnique(slices.Clone(tt.documented))) != tt.wantCount {
				t.Fatalf("test list has %d distinct entries, REFERENCE has %d", len(tt.documented), tt.wantCount)
			}
			if !slices.IsSorted(tt.got) || len(sortedUnique(slices.Clone(tt.got))) != len(tt.got) {
				t.Errorf("DemoFactorKinds %s are not sorted and distinct: %v", tt.name, tt.got)
			}
			for _, d := range tt.documented {
				if !slices.Contains(tt.got, d) {
					t.Errorf("demo data lacks %s %q", tt.name, d)
				}
			}
			var extra []string
			for _, g := range tt.got {
				if !slices.Contains(tt.documented, g) {
					extra = append(extra, g)
				}
			}
			if !slices.Equal(extra, tt.wantExtra) {
				t.Errorf("undocumented %s = %v, want exactly %v", tt.name, extra, tt.wantExtra)
			}
		})
	}
}

// TestFactorZooServedOverAPI checks that the zoo user alone, through the API,
// shows every documented factor kind: the sessions are active and served.
func TestFactorZooServedOverAPI(t *testing.T) {
	_, srv := startFake(t, Options{})
	r := call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, FactorZooExternalID), true, nil)
	sessions := decodeSessions(t, r.body).Sessions
	if len(sessions) < 5 {
		t.Fatalf("zoo user has %d active sessions, want several", len(sessions))
	}
	seen := map[string]bool{}
	sawFingerprint := false
	for _, raw := range sessions {
		var s map[string]json.RawMessage
		mustUnmarshal(t, raw, &s)
		if _, ok := s["device_fingerprint"]; ok {
			sawFingerprint = true
		}
		var factors []map[string]json.RawMessage
		mustUnmarshal(t, s["authentication_factors"], &factors)
		for _, fac := range factors {
			var typ, method string
			mustUnmarshal(t, fac["type"], &typ)
			mustUnmarshal(t, fac["delivery_method"], &method)
			seen["type:"+typ] = true
			seen["method:"+method] = true
			subs := 0
			for k, v := range fac {
				if authfactor.IsCommonKey(k) {
					continue
				}
				subs++
				seen["key:"+k] = true
				if k == "futurebook_oauth_factor" && !bytes.Contains(v, []byte(`"hologram_handle":"@priya.qbit"`)) {
					t.Errorf("unknown factor lacks its unknown field: %s", v)
				}
			}
			if subs > 1 {
				t.Errorf("factor %s/%s has %d sub-objects, want at most 1", typ, method, subs)
			}
		}
	}
	for _, want := range authfactor.Types() {
		if !seen["type:"+want] {
			t.Errorf("zoo lacks type %q", want)
		}
	}
	for _, want := range authfactor.DeliveryMethods() {
		if !seen["method:"+want] {
			t.Errorf("zoo lacks delivery_method %q", want)
		}
	}
	for _, want := range authfactor.DetailKeys() {
		if !seen["key:"+want] {
			t.Errorf("zoo lacks sub-object %q", want)
		}
	}
	if !seen["type:quantum_entanglement"] || !seen["method:oauth_futurebook"] || !seen["key:futurebook_oauth_factor"] {
		t.Error("zoo lacks the invented factor")
	}
	if !sawFingerprint {
		t.Error("no zoo session has the unknown top-level field device_fingerprint")
	}
}

// seedSession is the typed view the invariants test needs.
type seedSession struct {
	SessionID      string                       `json:"session_id"`
	UserID         string                       `json:"user_id"`
	Factors        []map[string]json.RawMessage `json:"authentication_factors"`
	Roles          *[]string                    `json:"roles"`
	StartedAt      string                       `json:"started_at"`
	LastAccessedAt string                       `json:"last_accessed_at"`
	ExpiresAt      string                       `json:"expires_at"`
	Attributes     struct {
		IPAddress string `json:"ip_address"`
		UserAgent string `json:"user_agent"`
	} `json:"attributes"`
	CustomClaims map[string]any `json:"custom_claims"`
}

func TestDemoDataInvariants(t *testing.T) {
	now := testNow()
	users := demoUsers(now)
	if len(users) < 5 || len(users) > 6 {
		t.Errorf("%d demo users, want 5 or 6", len(users))
	}
	docRanges := []netip.Prefix{
		netip.MustParsePrefix("192.0.2.0/24"),
		netip.MustParsePrefix("198.51.100.0/24"),
		netip.MustParsePrefix("203.0.113.0/24"),
		netip.MustParsePrefix("2001:db8::/32"),
	}
	uuid := `[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`
	userIDRe := regexp.MustCompile(`^user-test-` + uuid + `$`)
	sessionIDRe := regexp.MustCompile(`^session-test-` + uuid + `$`)
	testIDRe := regexp.MustCompile(`^[a-z-]+-test-` + uuid + `$`)
	emailRe := regexp.MustCompile(`"email(_address)?":"([^"]*)"`)

	seenSessions := map[string]bool{}
	seenUsers := map[string]bool{}
	fractional := 0
	for _, u := range users {
		if !userIDRe.MatchString(u.userID) || seenUsers[u.userID] {
			t.Errorf("user ID %q is malformed or repeated", u.userID)
		}
		seenUsers[u.userID] = true
		if u.externalID != "" && !validExternalID(u.externalID) {
			t.Errorf("external ID %q is invalid", u.externalID)
		}
		for _, raw := range u.sessions {
			var s seedSession
			dec := json.NewDecoder(bytes.NewReader(raw))
			if err := dec.Decode(&s); err != nil {
				t.Fatalf("%s: %v", raw, err)
			}
			if !sessionIDRe.MatchString(s.SessionID) || seenSessions[s.SessionID] {
				t.Errorf("session ID %q is malformed or repeated", s.SessionID)
			}
			seenSessions[s.SessionID] = true
			if s.UserID != u.userID {
				t.Errorf("session %s has user_id %q, stored under %q", s.SessionID, s.UserID, u.userID)
			}
			if len(s.Factors) == 0 {
				t.Errorf("session %s has no factors", s.SessionID)
			}
			if ip := s.Attributes.IPAddress; ip != "" {
				addr, err := netip.ParseAddr(ip)
				inRange := err == nil && slices.ContainsFunc(docRanges, func(p netip.Prefix) bool { return p.Contains(addr) })
				if !inRange {
					t.Errorf("session %s IP %q is not in a documentation range", s.SessionID, ip)
				}
			}
			for _, m := range emailRe.FindAllSubmatch(raw, -1) {
				if !strings.HasSuffix(string(m[2]), "@example.com") {
					t.Errorf("session %s has email %q outside example.com", s.SessionID, m[2])
				}
			}
			times := map[string]time.Time{}
			for name, v := range map[string]string{"started_at": s.StartedAt, "last_accessed_at": s.LastAccessedAt, "expires_at": s.ExpiresAt} {
				ts, err := time.Parse(time.RFC3339Nano, v)
				if err != nil || !strings.HasSuffix(v, "Z") {
					t.Errorf("session %s %s = %q is not RFC 3339 UTC", s.SessionID, name, v)
				}
				if strings.Contains(v, ".") {
					fractional++
				}
				times[name] = ts
			}
			if times["started_at"].After(times["last_accessed_at"]) || times["last_accessed_at"].After(now) {
				t.Errorf("session %s: started %v, last accessed %v, now %v out of order", s.SessionID, times["started_at"], times["last_accessed_at"], now)
			}
			if times["expires_at"].After(now) == (s.SessionID == ExpiredSessionID) {
				t.Errorf("session %s expires %v; only %s may be expired at %v", s.SessionID, times["expires_at"], ExpiredSessionID, now)
			}
			for _, fac := range s.Factors {
				for k, v := range fac {
					if authfactor.IsCommonKey(k) {
						continue
					}
					var sub map[string]any
					mustUnmarshal(t, v, &sub)
					for field, val := range sub {
						str, _ := val.(string)
						if strings.HasSuffix(field, "_id") && strings.Contains(str, "-test-") && !testIDRe.MatchString(str) {
							t.Errorf("session %s %s.%s = %q is not <kind>-test-<uuid v4>", s.SessionID, k, field, str)
						}
					}
				}
			}
		}
	}
	if fractional == 0 {
		t.Error("no timestamp has fractional seconds")
	}
}

func TestDemoUserSessions(t *testing.T) {
	_, srv := startFake(t, Options{})
	r := call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, DemoUserID), true, nil)
	sessions := decodeSessions(t, r.body).Sessions
	type view struct {
		factors, ua string
		roles       int
		claims      int
	}
	var got []view
	for _, raw := range sessions {
		var s seedSession
		mustUnmarshal(t, raw, &s)
		var fs []string
		for _, fac := range s.Factors {
			var typ string
			mustUnmarshal(t, fac["type"], &typ)
			fs = append(fs, typ)
		}
		got = append(got, view{strings.Join(fs, "+"), s.Attributes.UserAgent, len(*s.Roles), len(s.CustomClaims)})
	}
	want := []struct {
		factors string
		uaParts []string
		roles   int
		claims  int
	}{
		{"magic_link", []string{"Macintosh", "Chrome/"}, 1, 0},
		{"oauth+totp", []string{"iPhone", "Safari/"}, 2, 1},
		{"password+otp", []string{"Windows", "Firefox/"}, 1, 2},
	}
	if len(got) != len(want) {
		t.Fatalf("demo user has %d sessions, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].factors != w.factors || got[i].roles != w.roles || got[i].claims != w.claims {
			t.Errorf("session %d = %+v, want factors %s, %d roles, %d claims", i, got[i], w.factors, w.roles, w.claims)
		}
		for _, p := range w.uaParts {
			if !strings.Contains(got[i].ua, p) {
				t.Errorf("session %d user agent %q lacks %q", i, got[i].ua, p)
			}
		}
	}
	// Timestamps are relative to the fake's clock.
	if !bytes.Contains(sessions[0], []byte(`"started_at":"`+testNow().Add(-72*time.Hour).Format(time.RFC3339)+`"`)) {
		t.Errorf("first session did not start 3 days before the clock: %s", sessions[0])
	}
	// A fake on a different clock shifts its seed accordingly.
	later := New(Options{Now: func() time.Time { return testNow().Add(24 * time.Hour) }})
	if s := later.Sessions(DemoUserID)[0]; !bytes.Contains(s, []byte(`"started_at":"`+testNow().Add(-48*time.Hour).Format(time.RFC3339)+`"`)) {
		t.Errorf("seed did not follow Options.Now: %s", s)
	}
}

func TestDemoEdgeCaseSessions(t *testing.T) {
	f := New(Options{Now: testNow})
	lossless := f.Sessions(LosslessUserID)
	if len(lossless) != 2 {
		t.Fatalf("%d lossless sessions, want 2", len(lossless))
	}
	contains := []struct {
		session int
		want    string
	}{
		{0, `"attributes":{"ip_address":"","user_agent":""}`},
		{0, `"custom_claims":{}`},
		{1, `"roles":[]`},
		{1, `"beta_opt_in":false`},
		{1, `"nickname":""`},
		{1, `"feature_flags":[]`},
		{1, `"manager_id":null`},
		{1, `"seat_count":0`},
		{1, `"preferences":{}`},
	}
	for _, c := range contains {
		if !bytes.Contains(lossless[c.session], []byte(c.want)) {
			t.Errorf("lossless session %d lacks %s: %s", c.session, c.want, lossless[c.session])
		}
	}
	var first map[string]json.RawMessage
	mustUnmarshal(t, lossless[0], &first)
	if _, ok := first["roles"]; ok {
		t.Errorf("first lossless session has a roles key: %s", lossless[0])
	}

	hostile := f.Sessions(HostileUserID)
	if len(hostile) != 1 {
		t.Fatalf("%d hostile sessions, want 1", len(hostile))
	}
	raw := hostile[0]
	for _, esc := range []string{`\u001b[31m`, `\n`, `\r`, `\u0007`, `\u001b[2J`} {
		if !bytes.Contains(raw, []byte(esc)) {
			t.Errorf("hostile session lacks the JSON escape %s", esc)
		}
	}
	if bytes.ContainsAny(raw, "\x1b\n\r\x07") {
		t.Error("hostile session contains raw control bytes; they must be JSON escapes")
	}
	var s seedSession
	mustUnmarshal(t, raw, &s)
	if !strings.Contains(s.Attributes.UserAgent, "\x1b[31m") || !strings.Contains(s.Attributes.UserAgent, "\n") || !strings.Contains(s.Attributes.UserAgent, "\u202e") {
		t.Errorf("decoded hostile user agent %q lacks ESC[31m, newline or RLO", s.Attributes.UserAgent)
	}
}

func TestSeedDataIsBuiltPerFake(t *testing.T) {
	a := New(Options{Now: testNow})
	b := New(Options{Now: testNow})
	a.AddUser(DemoUserID)
	if n := len(a.Sessions(DemoUserID)); n != 0 {
		t.Errorf("a: %d sessions after clearing, want 0", n)
	}
	if n := len(b.Sessions(DemoUserID)); n != 3 {
		t.Errorf("b: %d sessions, want 3: fakes share state", n)
	}
	for _, id := range []string{DemoUserID, FactorZooUserID, NoActiveSessionsUserID, LosslessUserID, HostileUserID} {
		if b.Sessions(id) == nil {
			t.Errorf("documented demo user %s is not seeded", id)
		}
	}
	for _, ext := range []string{DemoExternalID, FactorZooExternalID} {
		if b.Sessions(ext) == nil {
			t.Errorf("documented external ID %s does not resolve", ext)
		}
	}
}

func TestAddSyntheticSessions(t *testing.T) {
	f, srv := startFake(t, Options{})
	const userID = "user-test-0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"
	f.AddSyntheticSessions(userID, 500)
	r := call(t, srv.Client(), http.MethodGet, sessionsURL(srv.URL, userID), true, nil)
	sessions := decodeSessions(t, r.body).Sessions
	if len(sessions) != 500 {
		t.Fatalf("served %d synthetic sessions, want 500", len(sessions))
	}
	ids := map[string]bool{}
	methods := map[string]bool{}
	agents := map[string]bool{}
	var v4, v6 int
	for _, raw := range sessions {
		var s seedSession
		mustUnmarshal(t, raw, &s)
		if ids[s.SessionID] || !strings.HasPrefix(s.SessionID, "session-test-") || s.UserID != userID {
			t.Fatalf("bad or repeated session %s for %s", s.SessionID, s.UserID)
		}
		ids[s.SessionID] = true
		for _, fac := range s.Factors {
			var m string
			mustUnmarshal(t, fac["delivery_method"], &m)
			methods[m] = true
		}
		agents[s.Attributes.UserAgent] = true
		if addr, err := netip.ParseAddr(s.Attributes.IPAddress); err != nil {
			t.Fatalf("bad IP %q", s.Attributes.IPAddress)
		} else if addr.Is4() {
			v4++
		} else {
			v6++
		}
	}
	if len(methods) < 6 || len(agents) < 6 || v4 == 0 || v6 == 0 {
		t.Errorf("not varied: %d delivery methods, %d user agents, %d IPv4, %d IPv6", len(methods), len(agents), v4, v6)
	}

	// Deterministic for the same user, clock and starting point.
	g := New(Options{Now: testNow})
	g.AddSyntheticSessions(userID, 500)
	if !slices.EqualFunc(f.Sessions(userID), g.Sessions(userID), func(a, b json.RawMessage) bool { return bytes.Equal(a, b) }) {
		t.Error("synthetic sessions differ between two fakes with the same clock")
	}

	// Appends to an existing user, with fresh IDs.
	f.AddSyntheticSessions(DemoUserID, 10)
	all := f.Sessions(DemoUserID)
	if len(all) != 13 {
		t.Fatalf("demo user has %d sessions after adding 10, want 13", len(all))
	}
	f.AddSyntheticSessions(DemoUserID, 10)
	allIDs := sessionIDs(t, f.Sessions(DemoUserID))
	if len(sortedUnique(slices.Clone(allIDs))) != 23 {
		t.Errorf("a second batch repeated session IDs: %v", allIDs)
	}
	f.AddSyntheticSessions(DemoUserID, 0)
	if n := len(f.Sessions(DemoUserID)); n != 23 {
		t.Errorf("adding 0 changed the count to %d", n)
	}
}
