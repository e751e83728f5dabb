package geoip_test

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/stytchctl/stytchctl/cmd/geoip"
	"github.com/stytchctl/stytchctl/cmd/geoip/geoiptest"
)

// benchFiles writes a city and an ASN file of 4,096 IPv4 /24 networks and
// 4,096 IPv6 /48 networks, each its own place and network.
func benchFiles(b *testing.B) []string {
	var entries []geoiptest.Entry
	for i := range 4096 {
		place := geoiptest.Entry{City: fmt.Sprintf("City %d", i), Region: "Region", Country: "PT",
			Lat: float64(i%180) - 90, Lon: float64(i%360) - 180, AccuracyKM: 20, ASN: uint32(64512 + i), Org: fmt.Sprintf("Org %d", i)}
		v4, v6 := place, place
		v4.Prefix = fmt.Sprintf("%d.%d.%d.0/24", 11+i/65536, (i/256)%256, i%256)
		v6.Prefix = fmt.Sprintf("2a01:%x:%x::/48", i/256, i%256)
		entries = append(entries, v4, v6)
	}
	dir := b.TempDir()
	var paths []string
	for name, build := range map[string]func(geoiptest.Options, []geoiptest.Entry) ([]byte, error){
		"GeoLite2-City.mmdb": geoiptest.CityDB, "GeoLite2-ASN.mmdb": geoiptest.ASNDB} {
		data, err := build(geoiptest.Options{Type: name[:len(name)-5]}, entries)
		if err != nil {
			b.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			b.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// BenchmarkLocate10000 locates 10,000 distinct addresses (half IPv4, half
// IPv6; 8,192 with an entry, the rest without) in a city and an ASN file
// opened afresh each round, so that no answer comes from the cache; it
// reports the time per address.
//
//	go test ./cmd/geoip -run '^$' -bench Locate
func BenchmarkLocate10000(b *testing.B) {
	paths := benchFiles(b)
	ips := make([]netip.Addr, 0, 10000)
	for i := range 5000 {
		ips = append(ips, netip.MustParseAddr(fmt.Sprintf("%d.%d.%d.%d", 11+i/65536, (i/256)%256, i%256, 1+i%250)),
			netip.MustParseAddr(fmt.Sprintf("2a01:%x:%x::%x", i/256, i%256, i+1)))
	}
	b.ReportAllocs()
	found := 0
	for b.Loop() {
		db, err := geoip.Open(paths...)
		if err != nil {
			b.Fatal(err)
		}
		found = 0
		for _, ip := range ips {
			if _, ok := db.Locate(ip); ok {
				found++
			}
		}
		db.Close()
	}
	if found != 8192 {
		b.Fatalf("%d of 10,000 found, want 8,192", found)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(ips)), "ns/ip")
}

// BenchmarkLocateCached is the second lookup of an address: the cache.
func BenchmarkLocateCached(b *testing.B) {
	db, err := geoip.Open(benchFiles(b)...)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ip := netip.MustParseAddr("11.0.5.9")
	db.Locate(ip)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := db.Locate(ip); !ok {
			b.Fatal("not found")
		}
	}
}
