package sessionfilter

import (
	"fmt"
	"math/rand"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/quick"
	"time"

	"github.com/stytchctl/stytchctl/api"
)

var now = time.Date(2026, 6, 4, 10, 0, 0, 0, time.UTC)

// factorPool has known and unknown factor kinds, and an empty one.
var factorPool = []api.Factor{
	{Type: "totp", DeliveryMethod: "authenticator_app"},
	{Type: "oauth", DeliveryMethod: "oauth_google"},
	{Type: "oauth", DeliveryMethod: "oauth_github"},
	{Type: "oauth", DeliveryMethod: "oauth_exchange_slack"},
	{Type: "oauth", DeliveryMethod: "oauth_access_token_exchange"},
	{Type: "otp", DeliveryMethod: "sms"},
	{Type: "otp", DeliveryMethod: "whatsapp"},
	{Type: "email_otp", DeliveryMethod: "email"},
	{Type: "magic_link", DeliveryMethod: "email"},
	{Type: "password", DeliveryMethod: "knowledge"},
	{Type: "impersonated", DeliveryMethod: "impersonation"},
	{Type: "sso", DeliveryMethod: "sso_saml"},
	{Type: "quantum_entanglement", DeliveryMethod: "oauth_futurebook"},
	{Type: "", DeliveryMethod: ""},
}

// factorNames are what people pass to --factor: types, methods,
// providers, in any case, and names that match nothing.
var factorNames = []string{"totp", "authenticator_app", "oauth", "google", "GitHub", "slack", "oauth_google", "sms",
	"whatsapp", "email", "magic_link", "password", "knowledge", "impersonation", "impersonated", "sso", "sso_saml",
	"futurebook", "quantum_entanglement", "oauth_access_token_exchange", "access_token_exchange", "nope", "OTP"}

var agents = []string{
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
	"Go-http-client/2.0", "curl/8.7.1", "", "ÄÖÜ-Agent/1.0 (Straße)",
}

func randTime(r *rand.Rand) time.Time {
	if r.Intn(10) == 0 {
		return time.Time{} // missing in the response
	}
	return now.Add(time.Duration(r.Int63n(int64(120*24*time.Hour))) - 60*24*time.Hour).Truncate(time.Microsecond)
}

func randAddr(r *rand.Rand) netip.Addr {
	if r.Intn(2) == 0 {
		var b [4]byte
		r.Read(b[:])
		return netip.AddrFrom4(b)
	}
	var b [16]byte
	r.Read(b[:])
	if r.Intn(4) == 0 { // share a /32 so that v6 prefixes sometimes match
		copy(b[:4], []byte{0x20, 0x01, 0x0d, 0xb8})
	}
	return netip.AddrFrom16(b)
}

func randIP(r *rand.Rand) string {
	switch r.Intn(8) {
	case 0:
		return ""
	case 1:
		return "not an ip"
	case 2:
		a := randAddr(r)
		if a.Is4() {
			return "::ffff:" + a.String()
		}
		return a.String()
	}
	return randAddr(r).String()
}

func randSession(r *rand.Rand) api.Session {
	s := api.Session{
		SessionID:      fmt.Sprintf("session-test-%d", r.Int63()),
		UserID:         fmt.Sprintf("user-test-%02d", r.Intn(5)),
		StartedAt:      randTime(r),
		LastAccessedAt: randTime(r),
		ExpiresAt:      randTime(r),
		IPAddress:      randIP(r),
		UserAgent:      agents[r.Intn(len(agents))],
	}
	for range r.Intn(3) {
		s.AuthenticationFactors = append(s.AuthenticationFactors, factorPool[r.Intn(len(factorPool))])
	}
	return s
}

// sessions is a generated list of sessions for testing/quick.
type sessions []api.Session

func (sessions) Generate(r *rand.Rand, size int) reflect.Value {
	ss := make(sessions, r.Intn(size+1))
	for i := range ss {
		ss[i] = randSession(r)
	}
	return reflect.ValueOf(ss)
}

// session is one generated session.
type session struct{ api.Session }

func (session) Generate(r *rand.Rand, _ int) reflect.Value {
	return reflect.ValueOf(session{randSession(r)})
}

// name is a generated --factor value.
type name string

func (name) Generate(r *rand.Rand, _ int) reflect.Value {
	return reflect.ValueOf(name(factorNames[r.Intn(len(factorNames))]))
}

// dur is a generated duration up to 60 days, in whole seconds.
type dur time.Duration

func (dur) Generate(r *rand.Rand, _ int) reflect.Value {
	return reflect.ValueOf(dur(time.Duration(r.Int63n(60*24*3600)) * time.Second))
}

func compile(t *testing.T, o Options) *Filter {
	t.Helper()
	f, err := o.Compile(now, time.UTC)
	if err != nil {
		t.Fatalf("Compile(%+v): %v", o, err)
	}
	return f
}

var cfg = &quick.Config{MaxCount: 2000}

func check(t *testing.T, f any) {
	t.Helper()
	if err := quick.Check(f, cfg); err != nil {
		t.Error(err)
	}
}

// refFactor is an independent statement of --factor: a factor matches a
// name equal (ignoring case) to its type, its delivery method, or the
// provider an OAuth delivery method names.
func refFactor(s api.Session, n string) bool {
	n = strings.ToLower(n)
	for _, f := range s.AuthenticationFactors {
		dm := strings.ToLower(f.DeliveryMethod)
		provider := ""
		switch {
		case dm == "oauth_access_token_exchange":
		case strings.HasPrefix(dm, "oauth_exchange_"):
			provider = dm[len("oauth_exchange_"):]
		case strings.HasPrefix(dm, "oauth_"):
			provider = dm[len("oauth_"):]
		}
		if n == strings.ToLower(f.Type) || n == dm || (provider != "" && n == provider) {
			return true
		}
	}
	return false
}

func TestPropertyFactor(t *testing.T) {
	check(t, func(s session, a, b name) bool {
		one := compile(t, Options{Factors: []string{string(a)}}).Match(s.Session)
		two := compile(t, Options{Factors: []string{string(b)}}).Match(s.Session)
		repeated := compile(t, Options{Factors: []string{string(a), string(b)}}).Match(s.Session)
		comma := compile(t, Options{Factors: []string{string(a) + "," + string(b)}}).Match(s.Session)
		return one == refFactor(s.Session, string(a)) && repeated == (one || two) && comma == repeated
	})
}

// refContains compares the first bits of two addresses byte by byte, an
// implementation of CIDR containment independent of netip.Prefix.
func refContains(block netip.Addr, bits int, ip string) bool {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	a = a.Unmap()
	if a.BitLen() != block.BitLen() {
		return false
	}
	x, y := a.AsSlice(), block.AsSlice()
	for i := range bits {
		mask := byte(0x80) >> (i % 8)
		if x[i/8]&mask != y[i/8]&mask {
			return false
		}
	}
	return true
}

func TestPropertyIP(t *testing.T) {
	check(t, func(s session, seed int64) bool {
		r := rand.New(rand.NewSource(seed))
		block := randAddr(r)
		if p, err := netip.ParseAddr(s.IPAddress); err == nil && r.Intn(2) == 0 {
			block = p.Unmap() // often a block around the session's own address
		}
		bits := r.Intn(block.BitLen() + 1)
		cidr := fmt.Sprintf("%s/%d", block, bits)
		got := compile(t, Options{IPs: []string{cidr}}).Match(s.Session)
		if got != refContains(block, bits, s.IPAddress) {
			t.Logf("--ip %s, session ip %q: got %v", cidr, s.IPAddress, got)
			return false
		}
		// A plain address matches exactly that address, mapped forms included.
		exact := compile(t, Options{IPs: []string{block.String()}}).Match(s.Session)
		return exact == refContains(block, block.BitLen(), s.IPAddress)
	})
}

func TestPropertyUserAgentSubstring(t *testing.T) {
	check(t, func(s session, i, j uint8, upper bool) bool {
		ua := s.UserAgent
		if ua == "" {
			return !compile(t, Options{UserAgent: "x"}).Match(s.Session)
		}
		a, b := int(i)%len(ua), int(j)%len(ua)
		if a > b {
			a, b = b, a
		}
		sub := ua[a : b+1]
		if !strings.Contains(ua, sub) || !utf8Valid(sub) {
			return true // cut inside a character: not a meaningful query
		}
		if upper {
			sub = strings.ToUpper(sub)
		}
		return compile(t, Options{UserAgent: sub}).Match(s.Session)
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func TestPropertyStartedPartition(t *testing.T) {
	check(t, func(s session, d dur, future bool) bool {
		at := now.Add(-time.Duration(d))
		if future {
			at = now.Add(time.Duration(d))
		}
		ts := at.Format(time.RFC3339Nano)
		after := compile(t, Options{StartedAfter: ts}).Match(s.Session)
		before := compile(t, Options{StartedBefore: ts}).Match(s.Session)
		switch {
		case s.StartedAt.IsZero():
			return !after && !before // unknown start matches neither
		case s.StartedAt.Equal(at):
			return !after && !before
		default:
			return after != before // exactly one side
		}
	})
}

func TestPropertyDurationsAreMonotonic(t *testing.T) {
	check(t, func(ss sessions, d1, d2 dur) bool {
		if d1 > d2 {
			d1, d2 = d2, d1
		}
		short, long := time.Duration(d1).String(), time.Duration(d2).String()
		idleShort, idleLong := compile(t, Options{IdleFor: short}), compile(t, Options{IdleFor: long})
		expShort, expLong := compile(t, Options{ExpiresWithin: short}), compile(t, Options{ExpiresWithin: long})
		agoShort, agoLong := compile(t, Options{StartedAfter: short}), compile(t, Options{StartedAfter: long})
		for _, s := range ss {
			// Idle longer than the longer duration implies idle longer than the shorter.
			if idleLong.Match(s) && !idleShort.Match(s) {
				return false
			}
			if expShort.Match(s) && !expLong.Match(s) {
				return false
			}
			if agoShort.Match(s) && !agoLong.Match(s) {
				return false
			}
			// And each agrees with its definition.
			if idleShort.Match(s) != (!s.LastAccessedAt.IsZero() && now.Sub(s.LastAccessedAt) > time.Duration(d1)) {
				return false
			}
			if expShort.Match(s) != (!s.ExpiresAt.IsZero() && !s.ExpiresAt.After(now.Add(time.Duration(d1)))) {
				return false
			}
		}
		return true
	})
}

func TestPropertyFlagsCombineWithAnd(t *testing.T) {
	check(t, func(s session, n name, d dur, seed int64) bool {
		r := rand.New(rand.NewSource(seed))
		a := Options{Factors: []string{string(n)}, UserAgent: []string{"", "mozilla", "go-http"}[r.Intn(3)]}
		b := Options{IdleFor: time.Duration(d).String(), IPs: []string{[]string{"0.0.0.0/0", "::/0", "0.0.0.0/1"}[r.Intn(3)]}}
		both := a
		both.IdleFor, both.IPs = b.IdleFor, b.IPs
		return compile(t, both).Match(s.Session) == (compile(t, a).Match(s.Session) && compile(t, b).Match(s.Session))
	})
}

func sortKeyTime(k string, s api.Session) time.Time {
	switch k {
	case "started":
		return s.StartedAt
	case "last-active":
		return s.LastAccessedAt
	case "expires":
		return s.ExpiresAt
	}
	return time.Time{}
}

func TestPropertyApply(t *testing.T) {
	keys := []string{"started", "last-active", "expires", "user"}
	check(t, func(ss sessions, k uint8, desc bool, n name, limit uint8) bool {
		key := keys[int(k)%len(keys)]
		by := key
		if desc {
			by = "-" + key
		}
		lim := int(limit % 8)
		opts := Options{SortBy: by, Limit: lim}
		if limit%3 == 0 {
			opts.Factors = []string{string(n)}
		}
		f := compile(t, opts)
		in := slices.Clone(ss)
		got := f.Apply(ss)
		if !slices.EqualFunc(in, ss, func(a, b api.Session) bool { return a.SessionID == b.SessionID }) {
			return false // Apply must not reorder its input
		}
		unlimited := compile(t, Options{SortBy: by, Factors: opts.Factors}).Apply(ss)
		var matched []api.Session
		for _, s := range ss {
			if f.Match(s) {
				matched = append(matched, s)
			}
		}
		// Same elements as the matches, cut to the limit, a prefix of the unlimited order.
		if len(unlimited) != len(matched) {
			return false
		}
		wantLen := len(matched)
		if lim > 0 {
			wantLen = min(lim, wantLen)
		}
		if len(got) != wantLen || !slices.EqualFunc(got, unlimited[:wantLen], func(a, b api.Session) bool { return a.SessionID == b.SessionID }) {
			return false
		}
		// Ordered, with missing times last, ties in input order.
		pos := map[string]int{}
		for i, s := range matched {
			pos[s.SessionID] = i
		}
		for i := 1; i < len(unlimited); i++ {
			a, b := unlimited[i-1], unlimited[i]
			var c int
			if key == "user" {
				c = strings.Compare(a.UserID, b.UserID)
			} else {
				ta, tb := sortKeyTime(key, a), sortKeyTime(key, b)
				switch {
				case ta.IsZero() && tb.IsZero():
				case ta.IsZero():
					return false // a missing time before a present one
				case tb.IsZero():
					continue
				default:
					c = ta.Compare(tb)
				}
			}
			if desc {
				c = -c
			}
			if c > 0 || (c == 0 && pos[a.SessionID] > pos[b.SessionID]) {
				return false
			}
		}
		return true
	})
}

func TestPropertyDescendingIsReversed(t *testing.T) {
	check(t, func(ss sessions) bool {
		// Distinct, present start times.
		seen := map[time.Time]bool{}
		var distinct []api.Session
		for _, s := range ss {
			if !s.StartedAt.IsZero() && !seen[s.StartedAt] {
				seen[s.StartedAt] = true
				distinct = append(distinct, s)
			}
		}
		asc := compile(t, Options{SortBy: "started"}).Apply(distinct)
		desc := compile(t, Options{SortBy: "-started"}).Apply(distinct)
		slices.Reverse(desc)
		return slices.EqualFunc(asc, desc, func(a, b api.Session) bool { return a.SessionID == b.SessionID })
	})
}

func TestPropertyParseDuration(t *testing.T) {
	// Go's own spelling (1h2m3.004s, 300ms) reads back exactly.
	check(t, func(ms uint32) bool {
		d := time.Duration(ms) * time.Millisecond
		got, err := ParseDuration(d.String())
		return err == nil && got == d
	})
	// Days and weeks, alone and combined.
	check(t, func(w, d, h, m uint8) bool {
		s := fmt.Sprintf("%dw%dd%dh%dm", w, d, h, m)
		got, err := ParseDuration(s)
		want := time.Duration(w)*7*24*time.Hour + time.Duration(d)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
		return err == nil && got == want
	})
	// Anything with a character outside digits, '.', and the units fails.
	check(t, func(s string) bool {
		_, err := ParseDuration(s)
		clean := s != "" && strings.Trim(strings.ToLower(s), "0123456789.mshdw") == ""
		return clean || err != nil
	})
}

func TestPropertyParseIPOrCIDR(t *testing.T) {
	check(t, func(seed int64) bool {
		a := randAddr(rand.New(rand.NewSource(seed)))
		p, err := ParseIPOrCIDR(a.String())
		if err != nil || p.Bits() != a.BitLen() || !p.Contains(a) {
			return false
		}
		if a.Is4() { // the v4-mapped spelling is the same address
			m, err := ParseIPOrCIDR("::ffff:" + a.String())
			return err == nil && m == p
		}
		return true
	})
}
