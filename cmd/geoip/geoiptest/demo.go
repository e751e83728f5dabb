package geoiptest

// DemoBuildEpoch is the demo databases' build time (2026-12-01T00:00:00Z),
// fixed so that the generator reproduces the committed files byte for byte.
const DemoBuildEpoch = 1796083200

// DemoEntries map the documentation addresses of the demo sessions
// (api/apitest/demo.go) to plausible places and networks, under the
// documentation AS numbers (RFC 5398). Alice's Firefox session from Lagos,
// active 78 minutes before her iPhone in San Francisco, is the demo's one
// impossible travel; every other user's addresses stay in one city. Of the
// sessions of Alice's incident, the phone is in San Francisco, the unknown
// PC only "US", and the support agent's impersonation comes from the
// Berlin office (203.0.113.250, as Priya's), which the rules of places
// leave out: the demo keeps exactly one impossible travel.
// 2001:db8:ffff::/48 is left out, so that the demo shows "reserved" too.
func DemoEntries() []Entry {
	sf := Entry{City: "San Francisco", Region: "California", RegionCode: "CA", Country: "US", Lat: 37.7749, Lon: -122.4194, AccuracyKM: 10}
	lagos := Entry{City: "Lagos", Region: "Lagos", RegionCode: "LA", Country: "NG", Lat: 6.4550, Lon: 3.3941, AccuracyKM: 20}
	berlin := Entry{City: "Berlin", Region: "Land Berlin", RegionCode: "BE", Country: "DE", Lat: 52.5200, Lon: 13.4050, AccuracyKM: 5}
	warsaw := Entry{City: "Warsaw", Region: "Mazovia", RegionCode: "14", Country: "PL", Lat: 52.2297, Lon: 21.0122, AccuracyKM: 10}
	toronto := Entry{City: "Toronto", Region: "Ontario", RegionCode: "ON", Country: "CA", Lat: 43.6532, Lon: -79.3832, AccuracyKM: 10}
	amsterdam := Entry{City: "Amsterdam", Region: "North Holland", RegionCode: "NH", Country: "NL", Lat: 52.3676, Lon: 4.9041, AccuracyKM: 50}
	tokyo := Entry{City: "Tokyo", Region: "Tokyo", RegionCode: "13", Country: "JP", Lat: 35.6762, Lon: 139.6503, AccuracyKM: 10}
	at := func(place Entry, prefix string, asn uint32, org string) Entry {
		place.Prefix, place.ASN, place.Org = prefix, asn, org
		return place
	}
	return []Entry{
		at(sf, "203.0.113.32/27", 64496, "Bayline Fiber"),
		at(sf, "2001:db8:4f2a::/48", 64497, "Pacific Mobile"),
		at(lagos, "198.51.100.0/27", 64498, "Lagoon Telecom"),
		at(berlin, "203.0.113.0/28", 64499, "Spree Kabel"),
		at(berlin, "203.0.113.240/28", 64499, "Spree Kabel"),
		at(berlin, "198.51.100.64/27", 64500, "Havel Mobilfunk"),
		at(berlin, "198.51.100.192/27", 64500, "Havel Mobilfunk"),
		// Alice's incident (api/apitest/demo_incident.go): her Android
		// phone at home, and the Windows PC she does not recognise on her
		// home ISP in a range known only to the country, as real
		// databases have many (no coordinates: no trip to measure).
		at(sf, "198.51.100.88/29", 64497, "Pacific Mobile"),
		at(Entry{Country: "US"}, "192.0.2.200/29", 64496, "Bayline Fiber"),
		at(berlin, "192.0.2.72/29", 64499, "Spree Kabel"),
		at(berlin, "2001:db8:a0b::/48", 64499, "Spree Kabel"),
		at(berlin, "2001:db8:1c4e::/48", 64500, "Havel Mobilfunk"),
		at(warsaw, "203.0.113.192/27", 64501, "Vistula Net"),
		at(toronto, "192.0.2.16/28", 64502, "Maple Broadband"),
		at(amsterdam, "192.0.2.64/29", 64503, "Nightjar Hosting"),
		at(tokyo, "192.0.2.0/28", 64504, "Sumida Telecom"),
		at(tokyo, "2001:db8:85a3::/48", 64504, "Sumida Telecom"),
	}
}

// DemoFiles writes the demo databases, keyed by file name: a GeoLite2-City
// shaped one and a GeoLite2-ASN shaped one.
func DemoFiles() (map[string][]byte, error) {
	city, err := CityDB(Options{Type: "stytchctl-Demo-City", BuildEpoch: DemoBuildEpoch}, DemoEntries())
	if err != nil {
		return nil, err
	}
	asn, err := ASNDB(Options{Type: "stytchctl-Demo-ASN", BuildEpoch: DemoBuildEpoch}, DemoEntries())
	if err != nil {
		return nil, err
	}
	return map[string][]byte{"demo-city.mmdb": city, "demo-asn.mmdb": asn}, nil
}
