package geoip

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Location is what the databases say about one IP address. The JSON names
// are those of the tool's own documents (devices, inspect, audit findings),
// which carry a location object or null; MarshalJSON writes every field of
// that set, an unknown one as null.
type Location struct {
	// Country is the ISO 3166-1 alpha-2 code ("PT"), or "".
	Country string `json:"country"`
	// Region is the first subdivision's English name ("Lisbon"), or "".
	Region string `json:"region"`
	// City is the city's English name, or "".
	City string `json:"city"`
	// Latitude and Longitude are in degrees; both 0 when the database has
	// no coordinates (a country or ASN database): see HasCoordinates.
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	// AccuracyKM is the radius, in kilometres, around the coordinates
	// within which the address is likely to be; 0 when not given.
	AccuracyKM int `json:"accuracy_km"`
	// ASN is the autonomous system number that announces the address, or 0.
	ASN uint `json:"asn"`
	// Network is the organisation of that autonomous system ("Example
	// Fiber"), or "".
	Network string `json:"network"`
	// Source names the database files the answer came from, comma
	// separated ("GeoLite2-City.mmdb,GeoLite2-ASN.mmdb").
	Source string `json:"source"`
}

// HasCoordinates reports whether the location has a place on the map: a
// city database gave coordinates. (0,0) in the Gulf of Guinea is nobody's
// sign-in location.
func (l Location) HasCoordinates() bool { return l.Latitude != 0 || l.Longitude != 0 }

// Place is the place in a few words, most precise first: "San Francisco,
// California, US". A region equal to the city is said once; "" when the
// database knew no place.
func (l Location) Place() string {
	var parts []string
	if l.City != "" {
		parts = append(parts, l.City)
	}
	if l.Region != "" && l.Region != l.City {
		parts = append(parts, l.Region)
	}
	if l.Country != "" {
		parts = append(parts, l.Country)
	}
	return strings.Join(parts, ", ")
}

// AS is the network in a few words: "AS64500 Example Fiber", "AS64500",
// the organisation alone, or "" when unknown.
func (l Location) AS() string {
	switch {
	case l.ASN != 0 && l.Network != "":
		return "AS" + strconv.FormatUint(uint64(l.ASN), 10) + " " + l.Network
	case l.ASN != 0:
		return "AS" + strconv.FormatUint(uint64(l.ASN), 10)
	}
	return l.Network
}

// locationDoc is the location object of the tool's JSON documents: every
// field present, null when the databases did not say.
type locationDoc struct {
	Country    *string  `json:"country"`
	Region     *string  `json:"region"`
	City       *string  `json:"city"`
	Latitude   *float64 `json:"latitude"`
	Longitude  *float64 `json:"longitude"`
	AccuracyKM *int     `json:"accuracy_km"`
	ASN        *uint    `json:"asn"`
	Network    *string  `json:"network"`
	Source     string   `json:"source"`
}

// MarshalJSON writes the location object: "" texts, a zero AS number or
// radius, and coordinates when the database gave none (see
// HasCoordinates) are null, not 0 or "".
func (l Location) MarshalJSON() ([]byte, error) {
	d := locationDoc{Country: known(l.Country), Region: known(l.Region), City: known(l.City),
		ASN: known(l.ASN), Network: known(l.Network), Source: l.Source}
	if l.HasCoordinates() {
		d.Latitude, d.Longitude, d.AccuracyKM = &l.Latitude, &l.Longitude, known(l.AccuracyKM)
	}
	return json.Marshal(d)
}

// known is v, or nil for its zero value (unknown).
func known[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}
