package sessionview

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/cmd/geoip"
	"github.com/stytchctl/stytchctl/render"
)

// Locator describes IP addresses for the views; *geoip.DB is one. Views
// take it as an interface so that they never open a database themselves.
type Locator interface {
	Describe(ip string) geoip.Description
}

// LocateGroups fills each group's Locations from loc, one per IP address.
// Without a locator (no database found) the groups stay as they are and
// every view is drawn as without locations.
func LocateGroups(groups []DeviceGroup, loc Locator) {
	if loc == nil {
		return
	}
	for i := range groups {
		g := &groups[i]
		g.Locations = make([]geoip.Description, len(g.IPAddresses))
		for j, ip := range g.IPAddresses {
			g.Locations[j] = loc.Describe(ip)
		}
	}
}

// Located reports whether the groups carry locations (LocateGroups ran
// with a database).
func Located(groups []DeviceGroup) bool {
	for _, g := range groups {
		if g.Locations != nil {
			return true
		}
	}
	return false
}

// Places is the LOCATION cell of a group: the distinct places of its IP
// addresses, in IP order, joined with sep.
func (g DeviceGroup) Places(sep string) string {
	return distinct(g.Locations, sep, func(d geoip.Description) string { return d.Place })
}

// Networks is the NETWORK cell of a group, as Places.
func (g DeviceGroup) Networks(sep string) string {
	return distinct(g.Locations, sep, func(d geoip.Description) string { return d.Network })
}

func distinct(ds []geoip.Description, sep string, f func(geoip.Description) string) string {
	var out []string
	for _, d := range ds {
		if s := f(d); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}

// ipLocation is one entry of the "locations" list of the devices JSON.
type ipLocation struct {
	IPAddress string          `json:"ip_address"`
	Location  *geoip.Location `json:"location"`
	Label     *string         `json:"label,omitempty"`
}

// locationsJSON is the "locations" list of a located group: per IP, the
// location object or null, and "private"/"reserved" as label where that
// is all there is to say.
func (g DeviceGroup) locationsJSON() []ipLocation {
	out := make([]ipLocation, len(g.Locations))
	for i, d := range g.Locations {
		out[i] = ipLocation{IPAddress: g.IPAddresses[i], Location: d.Location}
		if d.Location == nil && d.Place != "" {
			out[i].Label = &d.Place
		}
	}
	return out
}

// writeLocatedIPs draws a located group's IP addresses one per line, each
// with its place and network: "203.0.113.42  San Francisco, California,
// US · AS64496 Bayline Fiber". Text from the database is sanitised.
func writeLocatedIPs(b *strings.Builder, st devicesStyles, g DeviceGroup) {
	ipWidth := 0
	for _, ip := range g.IPAddresses {
		ipWidth = max(ipWidth, len([]rune(render.Sanitize(ip))))
	}
	for i, ip := range g.IPAddresses {
		label := "  IPs:     "
		if i > 0 {
			label = strings.Repeat(" ", len(label))
		}
		ip = render.Sanitize(ip)
		d := g.Locations[i]
		where := d.Place
		if d.Network != "" {
			where = strings.TrimPrefix(where+" · "+d.Network, " · ")
		}
		if where == "" {
			fmt.Fprintf(b, "%s%s\n", label, ip)
			continue
		}
		fmt.Fprintf(b, "%s%s%s  %s\n", label, ip, strings.Repeat(" ", ipWidth-len([]rune(ip))), st.dim.Render(render.Sanitize(where)))
	}
}

// LocateFields adds "Location" and "Network" lines after the IP line of
// sessions show, from d (keys location and network when piped). A line
// with nothing to say is left out; without a database (d empty) the
// fields stay as they are.
func LocateFields(fields []Field, d geoip.Description) []Field {
	var add []Field
	if d.Place != "" {
		add = append(add, Field{Key: "location", Label: "Location", Value: d.Place})
	}
	if d.Network != "" {
		add = append(add, Field{Key: "network", Label: "Network", Value: d.Network})
	}
	i := slices.IndexFunc(fields, func(f Field) bool { return f.Key == "ip_address" })
	if len(add) == 0 || i < 0 {
		return fields
	}
	return slices.Insert(fields, i+1, add...)
}

// LocateWide adds LOCATION and NETWORK after the IP column of -o wide and
// -o csv (keys location and network), described by loc. On a narrow
// terminal the network goes after the custom claims and the user agent,
// and the place is the last numbered column to go, after the IP.
func LocateWide(cols []render.Column, row func(api.Session) []any, loc Locator) ([]render.Column, func(api.Session) []any) {
	ip := slices.IndexFunc(cols, func(c render.Column) bool { return c.Key == "ip_address" })
	if loc == nil || ip < 0 {
		return cols, row
	}
	last := 0
	out := make([]render.Column, 0, len(cols)+2)
	for _, c := range cols {
		if c.DropOrder >= 3 {
			c.DropOrder++
		}
		last = max(last, c.DropOrder)
		out = append(out, c)
	}
	out = slices.Insert(out, ip+1,
		render.Column{Header: "Location", Key: "location", DropOrder: last + 1},
		render.Column{Header: "Network", Key: "network", DropOrder: 3})
	return out, func(s api.Session) []any {
		d := loc.Describe(s.IPAddress)
		return slices.Insert(row(s), ip+1, any(d.Place), any(d.Network))
	}
}
