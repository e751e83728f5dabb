package cmd

import (
	"strings"

	"github.com/stytchctl/stytchctl/cmd/geoip"
)

// topicGeoIP is `stytchctl help geoip`.
const topicGeoIP = "geoip"

// geoipHelp is the text of `stytchctl help geoip`: where IP locations
// come from, how to get each database, and where to put it.
func geoipHelp() string {
	return strings.ReplaceAll(`Where is that session? stytchctl shows the place (city, region, country)
and the network (AS number and organisation) of each IP address, read
offline from MaxMind DB (.mmdb) files: no extra request, no account with
anyone. Without a file every view is as it would be otherwise.

Which commands use it: sessions devices, sessions show, inspect, sessions
list -o wide and -o csv, and sessions audit (its impossible-travel and
many-countries rules). Only they open the files (memory-mapped), after the
flags are checked and before anything is sent; every other command starts
as before. sessions list -o json stays Stytch's answer, untouched; the
tool's own documents (sessions devices, inspect, audit findings) carry a
location object (country, region, city, latitude, longitude, accuracy_km,
asn, network, source; null where the file does not say) or null. Private
and loopback addresses show "private"; documentation, reserved and
multicast ones "reserved". Scripts that read -o csv or piped wide tables
by position: the location and network columns follow ip_address only
when a database is found; read them by header, or pass --geoip-db none
for the same columns on every machine.

Which files, first match wins:

  1. --geoip-db FILE, repeated for a city file and an ASN file
  2. ENVVAR, the files ':'-separated
  3. geoip_db in config.yaml: a list, or one ':'-separated string; ~ is
     the home directory, a relative path is from config.yaml's directory
     (the demo profile uses its built-in databases instead of 3 and 4)
  4. the first of /usr/share/GeoIP, /var/lib/GeoIP and
     $XDG_DATA_HOME/stytchctl (~/.local/share/stytchctl) that holds one of
     GeoIP2-City, GeoLite2-City, dbip-city-lite*, ipinfo_lite,
     GeoIP2-Country, GeoLite2-Country, dbip-country-lite*, country_asn,
     and of GeoIP2-ISP, GeoLite2-ASN, dbip-asn-lite* (each .mmdb)

--geoip-db none or ENVVAR=none turns location lookup off: no file is
searched for or opened, as when a broken one sits in a searched folder.

Getting a database (update monthly; auth doctor warns after 60 days):

  MaxMind GeoLite2 City and ASN: free account and licence key at
    https://www.maxmind.com/en/geolite2/signup; geoipupdate then keeps
    them in /var/lib/GeoIP (or /usr/share/GeoIP on some distributions).
  DB-IP Lite City and ASN: no account, CC BY 4.0, monthly files at
    https://db-ip.com/db/lite.php; gunzip the MMDB downloads into
    ~/.local/share/stytchctl.
  IPinfo: free token at https://ipinfo.io/signup; download the mmdb
    (ipinfo_lite.mmdb or country_asn.mmdb), which holds both.

A file that is not a MaxMind DB, is truncated or damaged, or holds other
data (an anonymous-IP or domain database) stops the command with exit 2,
naming the file and what is wrong; damage found only by a later lookup is
one warning on stderr. stytchctl auth doctor lists the files in use and
when each was built. Locations are estimates: accuracy_km is the radius.

Found nothing? Put GeoLite2-City.mmdb and GeoLite2-ASN.mmdb (or the DB-IP
Lite files) in ~/.local/share/stytchctl.`, "ENVVAR", geoip.EnvVar)
}
