package sessionview

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/geoip"
)

// UnknownDevice is the label of the group of sessions that carry no user
// agent: they are grouped, not dropped.
const UnknownDevice = "unknown device"

// DeviceGroup is the sessions of one device, as far as user agents can
// tell devices apart: the same browser and major version, the same OS and
// version and the same device type. Two identical phones are one group;
// one phone after a browser update is two.
type DeviceGroup struct {
	// Label names the device for people: "Chrome 126 · macOS 10.15.7 ·
	// desktop", or UnknownDevice.
	Label string
	// Device is what the user agent says, with BrowserVersion cut to the
	// major version (the grouping key).
	Device Device
	// UserAgents are the distinct raw user agents of the group.
	UserAgents []string
	// Sessions are the group's sessions, most recently active first.
	Sessions []api.Session
	// IPAddresses are the distinct non-empty IP addresses, first seen first
	// in Sessions order.
	IPAddresses []string
	// FirstStarted is the earliest started_at, LastActive the latest
	// last_accessed_at; zero when no session has one.
	FirstStarted time.Time
	LastActive   time.Time
	// Factors are the distinct factors used, in words ("Google OAuth").
	Factors []string
	// Locations describe IPAddresses, one each, once LocateGroups has run
	// with a database; nil otherwise.
	Locations []geoip.Description
}

// SessionIDs lists the group's session IDs in Sessions order.
func (g DeviceGroup) SessionIDs() []string {
	ids := make([]string, len(g.Sessions))
	for i, s := range g.Sessions {
		ids[i] = s.SessionID
	}
	return ids
}

// Unknown reports whether this is the group of sessions without a user agent.
func (g DeviceGroup) Unknown() bool { return g.Label == UnknownDevice }

// MarshalJSON writes the group as `sessions devices -o json` shows it:
// {"device":…,"browser":…,"browser_version":…,"os":…,"os_version":…,
// "type":…,"user_agents":[…],"sessions":[…ids…],"ip_addresses":[…],
// "first_started_at":…,"last_active_at":…,"factors":[…]}. Unknown parts are
// null, lists are never null, times are RFC 3339 UTC. A located group (see
// LocateGroups) also has "locations":[{"ip_address":…,"location":{…}|null,
// "label":"private"|"reserved"}], one per IP address.
func (g DeviceGroup) MarshalJSON() ([]byte, error) {
	str, tm := OrNull, TimeOrNull
	list := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	return json.Marshal(struct {
		Device         string       `json:"device"`
		Browser        *string      `json:"browser"`
		BrowserVersion *string      `json:"browser_version"`
		OS             *string      `json:"os"`
		OSVersion      *string      `json:"os_version"`
		Type           string       `json:"type"`
		UserAgents     []string     `json:"user_agents"`
		Sessions       []string     `json:"sessions"`
		IPAddresses    []string     `json:"ip_addresses"`
		FirstStarted   *string      `json:"first_started_at"`
		LastActive     *string      `json:"last_active_at"`
		Factors        []string     `json:"factors"`
		Locations      []ipLocation `json:"locations,omitempty"`
	}{
		g.Label, str(g.Device.Browser), str(g.Device.BrowserVersion), str(g.Device.OS), str(g.Device.OSVersion),
		g.Device.Type, list(g.UserAgents), list(g.SessionIDs()), list(g.IPAddresses), tm(g.FirstStarted),
		tm(g.LastActive), list(g.Factors), g.locationsJSON(),
	})
}

// GroupByDevice groups sessions by device (see DeviceGroup). Groups come
// most recently active first, ties by label, with the unknown device last;
// within a group sessions come most recently active first. Each distinct
// user agent is parsed once. A user agent the parser cannot read at all
// makes a group of its own, labelled with the start of it.
func GroupByDevice(sessions []api.Session) []DeviceGroup {
	parsed := make(map[string]Device)
	index := make(map[string]int)
	var groups []DeviceGroup
	for _, s := range sessions {
		ua := strings.TrimSpace(s.UserAgent)
		d, ok := parsed[ua]
		if !ok {
			d = ParseDevice(ua)
			d.BrowserVersion = major(d.BrowserVersion)
			parsed[ua] = d
		}
		label := deviceLabel(d, ua)
		key := label
		if d.Browser == "" && d.OS == "" && ua != "" {
			key = "\x00" + ua // the label is cut short: group by the whole agent
		}
		i, ok := index[key]
		if !ok {
			i = len(groups)
			index[key] = i
			groups = append(groups, DeviceGroup{Label: label, Device: d})
		}
		g := &groups[i]
		g.Sessions = append(g.Sessions, s)
		if ua != "" && !slices.Contains(g.UserAgents, s.UserAgent) {
			g.UserAgents = append(g.UserAgents, s.UserAgent)
		}
	}
	for i := range groups {
		groups[i].summarize()
	}
	slices.SortStableFunc(groups, func(a, b DeviceGroup) int {
		switch {
		case a.Unknown() != b.Unknown():
			if a.Unknown() {
				return 1
			}
			return -1
		case !a.LastActive.Equal(b.LastActive):
			return b.LastActive.Compare(a.LastActive)
		}
		return strings.Compare(a.Label, b.Label)
	})
	return groups
}

// summarize orders the group's sessions and fills in what is derived from
// them.
func (g *DeviceGroup) summarize() {
	slices.SortStableFunc(g.Sessions, func(a, b api.Session) int {
		return b.LastAccessedAt.Compare(a.LastAccessedAt)
	})
	for _, s := range g.Sessions {
		if ip := strings.TrimSpace(s.IPAddress); ip != "" && !slices.Contains(g.IPAddresses, ip) {
			g.IPAddresses = append(g.IPAddresses, ip)
		}
		if t := s.StartedAt; !t.IsZero() && (g.FirstStarted.IsZero() || t.Before(g.FirstStarted)) {
			g.FirstStarted = t
		}
		if t := s.LastAccessedAt; t.After(g.LastActive) {
			g.LastActive = t
		}
		for _, f := range s.AuthenticationFactors {
			if w := FactorWords(f); !slices.Contains(g.Factors, w) {
				g.Factors = append(g.Factors, w)
			}
		}
	}
}

// deviceLabel is the grouping key and the name people read: browser and
// major version, OS and version, type. Without a user agent it is
// UnknownDevice; when the parser found neither browser nor OS, it is the
// start of the raw user agent.
func deviceLabel(d Device, ua string) string {
	if ua == "" {
		return UnknownDevice
	}
	if d.Browser == "" && d.OS == "" {
		return Device{}.Short(ua) + " · " + d.Type
	}
	var parts []string
	if d.Browser != "" {
		parts = append(parts, strings.TrimSpace(d.Browser+" "+d.BrowserVersion))
	}
	if d.OS != "" {
		parts = append(parts, strings.TrimSpace(d.OS+" "+d.OSVersion))
	}
	return strings.Join(append(parts, d.Type), " · ")
}
