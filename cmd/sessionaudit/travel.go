package sessionaudit

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/render"
)

// Related is the other session of an impossible-travel finding: where and
// when it was.
type Related struct {
	SessionID string
	IPAddress string
	// Location is where its IP address is.
	Location   Place
	StartedAt  time.Time
	LastActive time.Time
}

// locateAll asks locate where each distinct IP address of sessions is,
// once per address; the map holds the addresses it knows. It is empty
// without a locator.
func locateAll(sessions []api.Session, locate Locator) map[string]Place {
	places := map[string]Place{}
	if locate == nil {
		return places
	}
	asked := map[string]bool{}
	for _, s := range sessions {
		ip := strings.TrimSpace(s.IPAddress)
		if ip == "" || asked[ip] {
			continue
		}
		asked[ip] = true
		if p, ok := locate(ip); ok {
			places[ip] = p
		}
	}
	return places
}

// placeOf is the place of a session's IP address among places.
func placeOf(s api.Session, places map[string]Place) (Place, bool) {
	p, ok := places[strings.TrimSpace(s.IPAddress)]
	return p, ok
}

// manyCountries is the many-countries finding of a user whose sessions
// (all of them, as too-many-sessions counts) come from more than limit
// countries; addresses without a country do not count.
func manyCountries(sessions []api.Session, places map[string]Place, limit int) (Finding, bool) {
	if limit <= 0 {
		return Finding{}, false
	}
	var countries []string
	for _, s := range sessions {
		if p, ok := placeOf(s, places); ok && p.Country != "" && !slices.Contains(countries, p.Country) {
			countries = append(countries, p.Country)
		}
	}
	if len(countries) <= limit {
		return Finding{}, false
	}
	slices.Sort(countries)
	return Finding{Severity: Warning, Rule: RuleManyCountries, Countries: countries,
		Reason: fmt.Sprintf("active sessions in %d countries (%s), more than the %d allowed (--max-countries)",
			len(countries), strings.Join(countries, ", "), limit)}, true
}

// visit is a session with a place on the map and its activity window:
// from started_at, when Stytch recorded its IP address, to
// last_accessed_at (or started_at when that is missing or earlier).
type visit struct {
	s        api.Session
	place    Place
	from, to time.Time
}

// visits are the sessions that impossible-travel can compare: the user's
// own (see usersOwn), with a start time and coordinates.
func visits(sessions []api.Session, places map[string]Place) []visit {
	var out []visit
	for _, s := range usersOwn(sessions) {
		p, ok := placeOf(s, places)
		if !ok || !p.HasCoordinates() || s.StartedAt.IsZero() {
			continue
		}
		to := s.StartedAt
		if s.LastAccessedAt.After(to) {
			to = s.LastAccessedAt
		}
		out = append(out, visit{s: s, place: p, from: s.StartedAt, to: to})
	}
	return out
}

// trip is how a session was reached from an earlier one: at least km
// kilometres (the great-circle distance, rounded, less both accuracy
// radii) in gap, the time from the earlier session's last activity to the
// later one's start; gap is 0 when the later started while the earlier
// was in use.
type trip struct {
	from visit
	km   int
	gap  time.Duration
}

// speed is the implied speed in km/h, rounded up so that a speed over the
// limit never reads as the limit; 0 when gap is 0 (no finite speed).
func (t trip) speed() int {
	if t.gap <= 0 {
		return 0
	}
	return int(math.Ceil(float64(t.km) * 3600 / t.gap.Seconds()))
}

// faster reports whether t needs a higher speed than u: both at once is
// the fastest, and among those the longer distance.
func (t trip) faster(u trip) bool {
	switch {
	case t.gap == 0 && u.gap == 0:
		return t.km > u.km
	case t.gap == 0 || u.gap == 0:
		return t.gap == 0
	}
	return float64(t.km)*u.gap.Seconds() > float64(u.km)*t.gap.Seconds()
}

// tripBetween is the trip from a to b, km apart less their accuracy
// radii, and whether it is impossible at maxSpeed km/h: farther apart than
// their accuracy radii allow, and either b started while a was in use or
// the distance took more than maxSpeed. Exactly maxSpeed is possible.
func tripBetween(a, b visit, km, maxSpeed int) (trip, bool) {
	if km <= 0 {
		return trip{}, false
	}
	gap := max(b.from.Sub(a.to), 0)
	if gap > 0 && float64(km)*3600 <= float64(maxSpeed)*gap.Seconds() {
		return trip{}, false
	}
	return trip{from: a, km: km, gap: gap}, true
}

// distances measures, once per pair of places (by index), the
// great-circle distance rounded to the kilometre less both accuracy radii.
type distances map[[2]int]int

func (d distances) km(i, j int, a, b Place) int {
	if km, ok := d[[2]int{i, j}]; ok {
		return km
	}
	km := int(math.Round(DistanceKM(a, b))) - a.AccuracyKM - b.AccuracyKM
	d[[2]int{i, j}], d[[2]int{j, i}] = km, km
	return km
}

// impossibleTrips finds, for each session, the fastest impossible trip to
// it from a session that started earlier (or at the same time, earlier in
// the list), if any, keyed by session ID. Among the sessions of one place
// the one last used latest needs the highest speed, so each session is
// compared with one session per place seen so far: the work grows with
// sessions × distinct places, not sessions².
func impossibleTrips(vs []visit, maxSpeed int) map[string]trip {
	order := make([]int, len(vs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return vs[i].from.Compare(vs[j].from) })
	index := map[Place]int{} // each distinct place, numbered as met
	var latest []visit       // per place number, the session last used latest
	out := map[string]trip{}
	dist := distances{}
	for _, j := range order {
		b := vs[j]
		bi, known := index[b.place]
		if !known {
			bi = len(latest) // its number once appended below
			index[b.place] = bi
		}
		for ai, a := range latest {
			t, ok := tripBetween(a, b, dist.km(ai, bi, a.place, b.place), maxSpeed)
			if best, found := out[b.s.SessionID]; ok && (!found || t.faster(best)) {
				out[b.s.SessionID] = t
			}
		}
		switch {
		case !known:
			latest = append(latest, b)
		case b.to.After(latest[bi].to):
			latest[bi] = b
		}
	}
	return out
}

// travelFinding is the impossible-travel finding of session b, reached by
// t; short names the other session as a terminal table would. The reason
// leads with the two places, which a narrow table still shows.
func travelFinding(b api.Session, place Place, t trip, short string, maxSpeed int) Finding {
	here, there := labelOr(place, b.IPAddress), labelOr(t.from.place, t.from.s.IPAddress)
	var reason string
	if t.gap == 0 {
		reason = fmt.Sprintf("%s while %s (%s) was in use: at least %d km apart",
			here, there, short, t.km)
	} else {
		reason = fmt.Sprintf("%s %s after %s (%s) was last used: at least %d km at %d km/h (--max-speed %d)",
			here, render.Span(t.gap), there, short, t.km, t.speed(), maxSpeed)
	}
	f := newFinding(b, Critical, RuleImpossibleTravel, reason)
	f.Other = &Related{SessionID: t.from.s.SessionID, IPAddress: t.from.s.IPAddress, Location: t.from.place,
		StartedAt: t.from.s.StartedAt, LastActive: t.from.s.LastAccessedAt}
	f.DistanceKM, f.SpeedKMH = t.km, t.speed()
	return f
}

// travelFindings are the impossible-travel findings of a user's sessions,
// by session ID.
func travelFindings(sessions []api.Session, places map[string]Place, maxSpeed int) map[string]Finding {
	if maxSpeed <= 0 || len(places) < 2 {
		return nil
	}
	vs := visits(sessions, places)
	trips := impossibleTrips(vs, maxSpeed)
	if len(trips) == 0 {
		return nil
	}
	ids := make([]string, len(sessions))
	for i, s := range sessions {
		ids[i] = s.SessionID
	}
	short := sessionview.ShortIDs(ids)
	out := map[string]Finding{}
	for _, v := range vs {
		if t, ok := trips[v.s.SessionID]; ok {
			out[v.s.SessionID] = travelFinding(v.s, v.place, t, short[t.from.s.SessionID], maxSpeed)
		}
	}
	return out
}

// labelOr is the place's label, or the address when the place has none.
func labelOr(p Place, ip string) string {
	if l := p.Label(); l != "" {
		return l
	}
	return ip
}
