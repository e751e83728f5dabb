package geoip

import (
	"strconv"
	"strings"

	"github.com/oschwald/maxminddb-golang/v2"
)

// names is a localised name; English is what the views print.
type names struct {
	EN string `maxminddb:"en"`
}

// cityRecord is the part of a GeoIP2 City/Country record that Location
// keeps. A Country database has no city, subdivisions or location.
type cityRecord struct {
	City struct {
		Names names `maxminddb:"names"`
	} `maxminddb:"city"`
	Country struct {
		ISOCode string `maxminddb:"iso_code"`
	} `maxminddb:"country"`
	RegisteredCountry struct {
		ISOCode string `maxminddb:"iso_code"`
	} `maxminddb:"registered_country"`
	Subdivisions []struct {
		ISOCode string `maxminddb:"iso_code"`
		Names   names  `maxminddb:"names"`
	} `maxminddb:"subdivisions"`
	Location struct {
		Latitude       *float64 `maxminddb:"latitude"`
		Longitude      *float64 `maxminddb:"longitude"`
		AccuracyRadius uint16   `maxminddb:"accuracy_radius"`
	} `maxminddb:"location"`
}

// decodeCity fills loc's place from a City/Country record; false when the
// record names no country or city, an error when it cannot be decoded.
func decodeCity(res maxminddb.Result, loc *Location) (bool, error) {
	var r cityRecord
	if err := res.Decode(&r); err != nil {
		return false, err
	}
	loc.Country = r.Country.ISOCode
	if loc.Country == "" {
		loc.Country = r.RegisteredCountry.ISOCode
	}
	loc.City = r.City.Names.EN
	if len(r.Subdivisions) > 0 {
		loc.Region = r.Subdivisions[0].Names.EN
		if loc.Region == "" {
			loc.Region = r.Subdivisions[0].ISOCode
		}
	}
	if r.Location.Latitude != nil && r.Location.Longitude != nil {
		loc.Latitude, loc.Longitude = *r.Location.Latitude, *r.Location.Longitude
		loc.AccuracyKM = int(r.Location.AccuracyRadius)
	}
	return loc.Country != "" || loc.City != "", nil
}

// asnRecord is a GeoLite2 ASN (or GeoIP2 ISP) record.
type asnRecord struct {
	Number       uint   `maxminddb:"autonomous_system_number"`
	Organization string `maxminddb:"autonomous_system_organization"`
}

// decodeASN fills loc's network from an ASN record; an error when it
// cannot be decoded.
func decodeASN(res maxminddb.Result, loc *Location) (bool, error) {
	var r asnRecord
	if err := res.Decode(&r); err != nil {
		return false, err
	}
	loc.ASN, loc.Network = r.Number, r.Organization
	return r.Number != 0 || r.Organization != "", nil
}

// ipinfoRecord is IPinfo's flat record; which keys are present depends on
// the download (country_asn, lite, location). country is the code in some
// and the name in others, so it is read as a code only when it looks like
// one.
type ipinfoRecord struct {
	Country     string `maxminddb:"country"`
	CountryCode string `maxminddb:"country_code"`
	Region      string `maxminddb:"region"`
	City        string `maxminddb:"city"`
	Lat         any    `maxminddb:"lat"`
	Lng         any    `maxminddb:"lng"`
	ASN         string `maxminddb:"asn"`
	ASName      string `maxminddb:"as_name"`
}

// decodeIPinfo fills what loc still lacks (a place unless placed, a
// network unless named) from an IPinfo record, and says what it filled;
// an error when the record cannot be decoded.
func decodeIPinfo(res maxminddb.Result, loc *Location, placed, named bool) (place, network bool, err error) {
	var r ipinfoRecord
	if err := res.Decode(&r); err != nil {
		return false, false, err
	}
	if !placed {
		cc := r.CountryCode
		if cc == "" && len(r.Country) == 2 {
			cc = r.Country
		}
		loc.Country, loc.Region, loc.City = cc, r.Region, r.City
		lat, okLat := number(r.Lat)
		lng, okLng := number(r.Lng)
		if okLat && okLng {
			loc.Latitude, loc.Longitude = lat, lng
		}
		place = cc != "" || r.City != ""
	}
	if !named {
		n, _ := strconv.ParseUint(strings.TrimPrefix(strings.ToUpper(r.ASN), "AS"), 10, 32)
		loc.ASN, loc.Network = uint(n), r.ASName
		network = n != 0 || r.ASName != ""
	}
	return place, network, nil
}

// number reads a coordinate stored as a number or as a string.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	}
	return 0, false
}
