package sessionaudit

import (
	"math"
	"strings"

	"github.com/stytchctl/stytchctl/cmd/geoip"
)

// Place is where an IP address is, as a GeoIP database says. Its fields,
// in this order and of these types, are those of geoip.Location, so that a
// location converts with Place(loc); the JSON names are those of the
// "location" object of the tool's own documents.
type Place struct {
	// Country is the ISO 3166-1 alpha-2 code ("FR"), or "".
	Country string `json:"country"`
	// Region and City are English names, or "".
	Region string `json:"region"`
	City   string `json:"city"`
	// Latitude and Longitude are in degrees; both 0 when the database has
	// no coordinates (see HasCoordinates).
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	// AccuracyKM is the radius around the coordinates within which the
	// address likely is; 0 when not given.
	AccuracyKM int `json:"accuracy_km"`
	// ASN and Network are the autonomous system and its organisation.
	ASN     uint   `json:"asn"`
	Network string `json:"network"`
	// Source names the database file(s) the answer came from.
	Source string `json:"source"`
}

// Locator says where an IP address is (IPv4 or IPv6, as Stytch recorded
// it); ok is false when it does not know: no database entry, a private or
// reserved address, not an address. The audit calls it once per distinct
// address of a user, on one goroutine.
type Locator func(ip string) (p Place, ok bool)

// MarshalJSON writes the location object as geoip.Location does: every
// field of the documented set, an unknown one null.
func (p Place) MarshalJSON() ([]byte, error) { return geoip.Location(p).MarshalJSON() }

// HasCoordinates reports whether the place is on the map: (0,0) is what a
// country-only or ASN-only database leaves, never a sign-in location.
func (p Place) HasCoordinates() bool { return p.Latitude != 0 || p.Longitude != 0 }

// Label is the place in a few words for a reason: "Paris, FR"; the region
// stands in for a missing city; "" when the database named no place.
func (p Place) Label() string {
	var parts []string
	switch {
	case p.City != "":
		parts = append(parts, p.City)
	case p.Region != "":
		parts = append(parts, p.Region)
	}
	if p.Country != "" {
		parts = append(parts, p.Country)
	}
	return strings.Join(parts, ", ")
}

// earthRadiusKM is the Earth's mean radius (IUGG), the sphere on which
// distances are measured.
const earthRadiusKM = 6371.0088

// DistanceKM is the great-circle distance between two places in
// kilometres, by the haversine formula on a sphere of the Earth's mean
// radius (within 0.5% of the distance on the ellipsoid). Accuracy radii
// are not taken into account here.
func DistanceKM(a, b Place) float64 {
	rad := func(deg float64) float64 { return deg * math.Pi / 180 }
	dLat := rad(b.Latitude - a.Latitude)
	dLon := rad(b.Longitude - a.Longitude)
	h := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(rad(a.Latitude))*math.Cos(rad(b.Latitude))*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKM * math.Asin(math.Sqrt(min(1, h)))
}
