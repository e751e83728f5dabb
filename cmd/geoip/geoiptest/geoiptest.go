// Package geoiptest writes small MaxMind DB files with
// github.com/maxmind/mmdbwriter: the built-in demo databases (see
// DemoFiles) and the databases tests need. Only tests and the demo
// generator import it, so the writer never reaches the stytchctl binary.
package geoiptest

import (
	"bytes"
	"fmt"
	"net"
	"strconv"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
)

// Entry is one network and what a database says about it. Place fields
// go into City databases, ASN and Org into ASN databases, all of them into
// IPinfo ones.
type Entry struct {
	Prefix                string // "203.0.113.32/27", "2001:db8:4f2a::/48"
	City, Region, Country string
	RegionCode            string
	Lat, Lon              float64
	AccuracyKM            uint16
	ASN                   uint32
	Org                   string
}

// Options are a database's metadata.
type Options struct {
	// Type is the database_type ("GeoLite2-City").
	Type string
	// BuildEpoch is the build time in Unix seconds; fixed values make the
	// file reproducible.
	BuildEpoch int64
	// IPv4Only builds an IPv4 tree instead of an IPv6 one.
	IPv4Only bool
}

// CityDB writes a database of the GeoIP2 City schema.
func CityDB(o Options, entries []Entry) ([]byte, error) {
	return write(o, entries, cityRecord)
}

// ASNDB writes a database of the GeoLite2 ASN schema.
func ASNDB(o Options, entries []Entry) ([]byte, error) {
	return write(o, entries, func(e Entry) mmdbtype.Map {
		return mmdbtype.Map{
			"autonomous_system_number":       mmdbtype.Uint32(e.ASN),
			"autonomous_system_organization": mmdbtype.String(e.Org),
		}
	})
}

// IPinfoDB writes a database of IPinfo's flat schema, with the ASN as
// "AS64500" and the coordinates as strings, as IPinfo's downloads have
// them.
func IPinfoDB(o Options, entries []Entry) ([]byte, error) {
	return write(o, entries, func(e Entry) mmdbtype.Map {
		return mmdbtype.Map{
			"country":      mmdbtype.String(e.Country),
			"country_name": mmdbtype.String(e.Country),
			"city":         mmdbtype.String(e.City),
			"region":       mmdbtype.String(e.Region),
			"lat":          mmdbtype.String(strconv.FormatFloat(e.Lat, 'f', 5, 64)),
			"lng":          mmdbtype.String(strconv.FormatFloat(e.Lon, 'f', 5, 64)),
			"asn":          mmdbtype.String("AS" + strconv.FormatUint(uint64(e.ASN), 10)),
			"as_name":      mmdbtype.String(e.Org),
		}
	})
}

// cityRecord is an Entry as GeoLite2 City stores it.
func cityRecord(e Entry) mmdbtype.Map {
	en := func(s string) mmdbtype.Map { return mmdbtype.Map{"en": mmdbtype.String(s)} }
	m := mmdbtype.Map{
		"country": mmdbtype.Map{"iso_code": mmdbtype.String(e.Country), "names": en(e.Country)},
	}
	if e.City != "" {
		m["city"] = mmdbtype.Map{"names": en(e.City)}
		m["location"] = mmdbtype.Map{
			"latitude":        mmdbtype.Float64(e.Lat),
			"longitude":       mmdbtype.Float64(e.Lon),
			"accuracy_radius": mmdbtype.Uint16(e.AccuracyKM),
		}
	}
	if e.Region != "" {
		m["subdivisions"] = mmdbtype.Slice{mmdbtype.Map{"iso_code": mmdbtype.String(e.RegionCode), "names": en(e.Region)}}
	}
	return m
}

// write builds the tree, documentation and private ranges included.
func write(o Options, entries []Entry, record func(Entry) mmdbtype.Map) ([]byte, error) {
	ipVersion := 6
	if o.IPv4Only {
		ipVersion = 4
	}
	t, err := mmdbwriter.New(mmdbwriter.Options{
		DatabaseType:            o.Type,
		BuildEpoch:              o.BuildEpoch,
		Description:             map[string]string{"en": "stytchctl test database"},
		Languages:               []string{"en"},
		IncludeReservedNetworks: true,
		IPVersion:               ipVersion,
		RecordSize:              24,
	})
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		_, n, err := net.ParseCIDR(e.Prefix)
		if err != nil {
			return nil, fmt.Errorf("entry %q: %w", e.Prefix, err)
		}
		if err := t.Insert(n, record(e)); err != nil {
			return nil, fmt.Errorf("entry %q: %w", e.Prefix, err)
		}
	}
	var b bytes.Buffer
	if _, err := t.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
