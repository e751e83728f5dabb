package geoip

import (
	"embed"
	"fmt"
)

//go:generate go run ./demogen .

// demoFiles are the demo profile's databases, written by demogen from
// geoiptest.DemoEntries: the documentation addresses of the demo sessions
// mapped to plausible places.
//
//go:embed demo-city.mmdb demo-asn.mmdb
var demoFiles embed.FS

// OpenDemo opens the built-in demo databases (a city and an ASN file),
// which the demo profile uses when no database is named explicitly.
func OpenDemo() (*DB, error) {
	names := []string{"demo-city.mmdb", "demo-asn.mmdb"}
	data := make(map[string][]byte, len(names))
	for _, n := range names {
		b, err := demoFiles.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("built-in demo database %s: %w", n, err)
		}
		data[n] = b
	}
	return OpenBytes(names, data)
}
