package geoip

import (
	"net/netip"
	"sync"
)

// Labels of addresses that no database places: Classify returns them and
// views print them where a place would be.
const (
	// Private is a private, loopback, link-local or carrier-grade NAT
	// address: the session came through a network of its own.
	Private = "private"
	// Reserved is a documentation, benchmarking, multicast or otherwise
	// reserved address, which the public internet never routes.
	Reserved = "reserved"
)

// reservedPrefixes are the IANA special-purpose ranges that are not
// private networks (RFC 6890, 5737, 3849, 9637, 2544), parsed on first use.
var reservedPrefixes = sync.OnceValue(func() []netip.Prefix {
	return []netip.Prefix{
		netip.MustParsePrefix("0.0.0.0/8"),
		netip.MustParsePrefix("192.0.0.0/24"),
		netip.MustParsePrefix("192.0.2.0/24"),
		netip.MustParsePrefix("198.18.0.0/15"),
		netip.MustParsePrefix("198.51.100.0/24"),
		netip.MustParsePrefix("203.0.113.0/24"),
		netip.MustParsePrefix("240.0.0.0/4"),
		netip.MustParsePrefix("100::/64"),
		netip.MustParsePrefix("2001:db8::/32"),
		netip.MustParsePrefix("3fff::/20"),
	}
})

// sharedPrefix is carrier-grade NAT space (RFC 6598): private in effect.
func sharedPrefix() netip.Prefix { return netip.PrefixFrom(netip.AddrFrom4([4]byte{100, 64}), 10) }

// Classify says whether ip is Private, Reserved or neither (""): the
// answer for addresses that no database has an entry for. An IPv4-mapped
// IPv6 address is classified as its IPv4 address.
func Classify(ip netip.Addr) string {
	ip = ip.Unmap()
	switch {
	case !ip.IsValid():
		return ""
	case ip.IsPrivate(), ip.IsLoopback(), ip.IsLinkLocalUnicast(), sharedPrefix().Contains(ip):
		return Private
	case ip.IsUnspecified(), ip.IsMulticast(), ip.IsLinkLocalMulticast(), ip.IsInterfaceLocalMulticast():
		return Reserved
	}
	for _, p := range reservedPrefixes() {
		if p.Contains(ip) {
			return Reserved
		}
	}
	return ""
}
