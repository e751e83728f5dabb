// Package sessionfilter selects and orders sessions on the client side. It
// is shared by every command that works on a set of sessions, so that the
// same flags mean the same thing everywhere: `sessions list` prints what a
// Filter keeps, `sessions revoke` revokes exactly that, `sessions audit`
// audits it.
//
// A command embeds an Options in its own options, binds the flags in one
// call (Bind for list commands; BindMatch alone where order and a limit make
// no sense, as in revoke), and calls Compile once, after flag parsing and
// before anything is sent: every error Compile returns is a usage error
// (exit 2) with a message that names the flag.
package sessionfilter

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/authfactor"
)

// Options holds the filter flags as typed on the command line.
type Options struct {
	// Owner is what --sort-by calls the sessions' owner in its errors:
	// "user" when empty, "member" for B2B (BindMemberOrder).
	Owner string
	// Factors are factor types, delivery methods or OAuth providers; a
	// session matches when any of its factors matches any of them.
	Factors []string
	// IPs are addresses or CIDR blocks, IPv4 or IPv6; any of them matches.
	IPs []string
	// UserAgent is a case-insensitive substring of the user agent.
	UserAgent string
	// StartedAfter and StartedBefore are a time or a duration ago.
	StartedAfter, StartedBefore string
	// IdleFor keeps sessions last active longer ago than this duration.
	IdleFor string
	// ExpiresWithin keeps sessions that expire within this duration.
	ExpiresWithin string
	// SortBy is started, last-active, expires or user, with an optional
	// "-" prefix for descending order; empty keeps the API's order.
	SortBy string
	// Limit caps how many sessions are kept after sorting; 0 is no limit.
	Limit int
}

// BindMatch adds the flags that decide which sessions match: --factor,
// --ip, --user-agent, --started-after, --started-before, --idle-for and
// --expires-within.
func BindMatch(fs *pflag.FlagSet, o *Options) {
	bindFactor(fs, o)
	fs.StringArrayVar(&o.IPs, "ip", nil, "Only sessions whose IP is in `IP|CIDR`, an address or a block, IPv4 or IPv6 (repeatable or comma-separated; any of)")
	fs.StringVar(&o.UserAgent, "user-agent", "", "Only sessions whose user agent contains `TEXT` (case-insensitive)")
	bindTimes(fs, o)
}

func bindFactor(fs *pflag.FlagSet, o *Options) {
	fs.StringArrayVar(&o.Factors, "factor", nil, "Only sessions with a factor whose type, delivery method or provider is `NAME` (repeatable or comma-separated; any of)")
}

func bindTimes(fs *pflag.FlagSet, o *Options) {
	fs.StringVar(&o.StartedAfter, "started-after", "", "Only sessions started after `TIME` (RFC 3339, a date, or a duration ago such as 7d)")
	fs.StringVar(&o.StartedBefore, "started-before", "", "Only sessions started before `TIME` (RFC 3339, a date, or a duration ago such as 30d)")
	fs.StringVar(&o.IdleFor, "idle-for", "", "Only sessions last active longer ago than `DURATION` (30m, 12h, 7d)")
	fs.StringVar(&o.ExpiresWithin, "expires-within", "", "Only sessions that expire within `DURATION` (30m, 12h, 7d)")
}

// BindMemberMatch adds the matching flags that make sense for B2B member
// sessions, which carry no IP address or user agent: --factor,
// --started-after, --started-before, --idle-for and --expires-within.
func BindMemberMatch(fs *pflag.FlagSet, o *Options) {
	bindFactor(fs, o)
	bindTimes(fs, o)
}

// DefaultLimit is the default of --limit: every command of stytchctl that
// has a --limit prints at most this many items unless told otherwise.
const DefaultLimit = 100

// BindOrder adds --sort-by and --limit (default DefaultLimit).
func BindOrder(fs *pflag.FlagSet, o *Options) {
	fs.StringVar(&o.SortBy, "sort-by", "", "Order by `KEY`: started, last-active, expires or user; prefix - for descending (-started is newest first)")
	fs.IntVar(&o.Limit, "limit", DefaultLimit, "Keep at most `N` sessions, after sorting (0: no limit)")
}

// BindMemberOrder is BindOrder for member sessions: --sort-by speaks of
// the member (user is still accepted).
func BindMemberOrder(fs *pflag.FlagSet, o *Options) {
	BindOrder(fs, o)
	o.Owner = "member"
	fs.Lookup("sort-by").Usage = "Order by `KEY`: started, last-active, expires or member; prefix - for descending (-started is newest first)"
}

// Bind adds every filter, order and limit flag: BindMatch and BindOrder.
func Bind(fs *pflag.FlagSet, o *Options) {
	BindMatch(fs, o)
	BindOrder(fs, o)
}

// Filter is a compiled Options: it matches, sorts and limits sessions. The
// zero value keeps everything in the API's order.
type Filter struct {
	factors       []string
	prefixes      []netip.Prefix
	userAgent     string
	startedAfter  time.Time
	startedBefore time.Time
	// lastActiveBefore is now minus --idle-for.
	lastActiveBefore time.Time
	// expiresBy is now plus --expires-within.
	expiresBy time.Time
	sortKey   SortKey
	desc      bool
	limit     int
}

// Compile validates o and returns its Filter. Durations are measured back
// (--started-*, --idle-for) or forward (--expires-within) from now; a time
// without a zone (2026-06-01, 2026-06-01T09:00) is read in loc, UTC when
// nil. Every error names the flag and says what a valid value looks like.
func (o Options) Compile(now time.Time, loc *time.Location) (*Filter, error) {
	if loc == nil {
		loc = time.UTC
	}
	f := &Filter{}
	for _, name := range splitList(o.Factors) {
		if name == "" {
			return nil, fmt.Errorf("invalid --factor: empty name; want a factor type, delivery method or provider such as totp, sms or google")
		}
		f.factors = append(f.factors, strings.ToLower(name))
	}
	for _, s := range splitList(o.IPs) {
		p, err := ParseIPOrCIDR(s)
		if err != nil {
			return nil, fmt.Errorf("invalid --ip %q: %w", s, err)
		}
		f.prefixes = append(f.prefixes, p)
	}
	f.userAgent = strings.ToLower(o.UserAgent)
	var err error
	if f.startedAfter, err = parseFlagTime("--started-after", o.StartedAfter, now, loc); err != nil {
		return nil, err
	}
	if f.startedBefore, err = parseFlagTime("--started-before", o.StartedBefore, now, loc); err != nil {
		return nil, err
	}
	if !f.startedAfter.IsZero() && !f.startedBefore.IsZero() && !f.startedAfter.Before(f.startedBefore) {
		return nil, fmt.Errorf("--started-after (%s) must be earlier than --started-before (%s): no session can match",
			f.startedAfter.UTC().Format(time.RFC3339), f.startedBefore.UTC().Format(time.RFC3339))
	}
	if o.IdleFor != "" {
		d, err := ParseDuration(o.IdleFor)
		if err != nil {
			return nil, fmt.Errorf("invalid --idle-for %q: %w", o.IdleFor, err)
		}
		f.lastActiveBefore = now.Add(-d)
	}
	if o.ExpiresWithin != "" {
		d, err := ParseDuration(o.ExpiresWithin)
		if err != nil {
			return nil, fmt.Errorf("invalid --expires-within %q: %w", o.ExpiresWithin, err)
		}
		f.expiresBy = now.Add(d)
	}
	if o.SortBy != "" {
		owner := o.Owner
		if owner == "" {
			owner = "user"
		}
		if f.sortKey, f.desc, err = ParseSortByOwner(o.SortBy, owner); err != nil {
			return nil, fmt.Errorf("invalid --sort-by %q: %w", o.SortBy, err)
		}
	}
	if o.Limit < 0 {
		return nil, fmt.Errorf("invalid --limit %d: want a positive number, or 0 for no limit", o.Limit)
	}
	f.limit = o.Limit
	return f, nil
}

// splitList splits every value at commas, so that --ip a,b and --ip a
// --ip b mean the same. Surrounding spaces are dropped; empty elements are
// kept so that the caller can refuse them.
func splitList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return out
}

// Selects reports whether the filter drops anything: whether any of the
// match flags was given. Callers use it to word "nothing matched" notes.
func (f *Filter) Selects() bool {
	return len(f.factors) > 0 || len(f.prefixes) > 0 || f.userAgent != "" ||
		!f.startedAfter.IsZero() || !f.startedBefore.IsZero() ||
		!f.lastActiveBefore.IsZero() || !f.expiresBy.IsZero()
}

// Sorts reports whether --sort-by was given: the caller must then see every
// session before it can put out the first one.
func (f *Filter) Sorts() bool { return f.sortKey != SortNone }

// Limit is --limit: the most sessions to keep, 0 for no limit.
func (f *Filter) Limit() int { return f.limit }

// Match reports whether s passes every match flag. Within --factor and
// --ip any value may match; between flags all must. A session that lacks
// what a flag looks at (no IP, no start time…) does not match that flag.
func (f *Filter) Match(s api.Session) bool {
	if len(f.factors) > 0 && !f.matchFactor(s.AuthenticationFactors) {
		return false
	}
	if len(f.prefixes) > 0 && !f.matchIP(s.IPAddress) {
		return false
	}
	if f.userAgent != "" && !strings.Contains(strings.ToLower(s.UserAgent), f.userAgent) {
		return false
	}
	if !f.startedAfter.IsZero() && (s.StartedAt.IsZero() || !s.StartedAt.After(f.startedAfter)) {
		return false
	}
	if !f.startedBefore.IsZero() && (s.StartedAt.IsZero() || !s.StartedAt.Before(f.startedBefore)) {
		return false
	}
	if !f.lastActiveBefore.IsZero() && (s.LastAccessedAt.IsZero() || !s.LastAccessedAt.Before(f.lastActiveBefore)) {
		return false
	}
	if !f.expiresBy.IsZero() && (s.ExpiresAt.IsZero() || s.ExpiresAt.After(f.expiresBy)) {
		return false
	}
	return true
}

func (f *Filter) matchFactor(fs []api.Factor) bool {
	for _, fac := range fs {
		typ, dm := strings.ToLower(fac.Type), strings.ToLower(fac.DeliveryMethod)
		provider, _ := authfactor.OAuthProvider(dm)
		if slices.ContainsFunc(f.factors, func(n string) bool {
			return n == typ || n == dm || (provider != "" && n == provider)
		}) {
			return true
		}
	}
	return false
}

func (f *Filter) matchIP(ip string) bool {
	a, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		return false
	}
	a = a.WithZone("").Unmap()
	for _, p := range f.prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ParseIPOrCIDR reads an IPv4 or IPv6 address (a block of one) or a CIDR
// block. IPv4-mapped IPv6 forms are read as IPv4, and host bits in a block
// (203.0.113.7/24) are cleared.
func ParseIPOrCIDR(s string) (netip.Prefix, error) {
	const want = "want an IP address (203.0.113.7, 2001:db8::1) or a CIDR block (203.0.113.0/24, 2001:db8::/32)"
	if s == "" {
		return netip.Prefix{}, fmt.Errorf("empty; %s", want)
	}
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("not a CIDR block; %s", want)
		}
		a, bits := p.Addr(), p.Bits()
		if a.Is4In6() {
			if bits < 96 {
				return netip.Prefix{}, fmt.Errorf("an IPv4-mapped block needs at least 96 bits; %s", want)
			}
			a, bits = a.Unmap(), bits-96
		}
		return netip.PrefixFrom(a, bits).Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, fmt.Errorf("not an IP address; %s", want)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}
