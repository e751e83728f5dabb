package cmd

import (
	"slices"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// BenchmarkSessionsDevicesLocated measures what a location database adds
// to `sessions devices` for one user (Alice: three sessions, three IPs)
// against the in-process fake: each round runs the command without a
// database and then with the demo's city and ASN files (opened, checked,
// three addresses located), so that a busy machine slows both alike. It
// reports the medians of each (ms-without, ms-with) and their difference
// (ms-overhead).
//
//	go test ./cmd -run '^$' -bench SessionsDevicesLocated -benchtime 300x
func BenchmarkSessionsDevicesLocated(b *testing.B) {
	benchLocated(b, "sessions", "devices", "-u", apitest.DemoUserID, "-o", "wide")
}

// BenchmarkInspectLocated is BenchmarkSessionsDevicesLocated for
// `inspect` of Alice (-o json: the user and her sessions fetched, the
// devices located, the audit's rules of places run).
//
//	go test ./cmd -run '^$' -bench InspectLocated -benchtime 300x
func BenchmarkInspectLocated(b *testing.B) {
	benchLocated(b, "inspect", apitest.DemoUserID, "-o", "json")
}

// benchLocated times base without a database and with the demo's city
// and ASN files, alternately, and reports the medians and their
// difference.
func benchLocated(b *testing.B, base ...string) {
	_, srv := apitest.Start(apitest.Options{})
	b.Cleanup(srv.Close)
	located := append(append([]string(nil), base...), "--geoip-db", "geoip/demo-city.mmdb", "--geoip-db", "geoip/demo-asn.mmdb")
	var without, with []time.Duration
	timed := func(args []string) time.Duration {
		start := time.Now()
		if benchRun(b, srv, "", args...) == 0 {
			b.Fatal("nothing printed")
		}
		return time.Since(start)
	}
	for b.Loop() {
		without = append(without, timed(base))
		with = append(with, timed(located))
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	mw, ml := median(without), median(with)
	b.ReportMetric(ms(mw), "ms-without")
	b.ReportMetric(ms(ml), "ms-with")
	b.ReportMetric(ms(ml-mw), "ms-overhead")
}

// median is the middle of ds (which it sorts).
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}
