package geoip

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// EnvVar lists database files, ':'-separated.
const EnvVar = "STYTCHCTL_GEOIP_DB"

// Off, as the only --geoip-db value or as EnvVar, turns location lookup
// off: no file is named, searched for or opened (the demo's neither).
const Off = "none"

// Sources are the places database files can be named or found, in the
// order they are tried: the first that yields any file wins.
type Sources struct {
	// Flags are the --geoip-db values.
	Flags []string
	// Env is the value of STYTCHCTL_GEOIP_DB.
	Env string
	// Config returns the geoip_db setting of config.yaml; it is called only
	// when neither flags nor the environment name a file.
	Config func() ([]string, error)
	// Dirs are searched for the usual file names (see StandardDirs).
	Dirs []string
}

// Found is the outcome of Find.
type Found struct {
	// Paths are the files to open, in order; none when nothing was found.
	Paths []string
	// From says where they came from: "--geoip-db", EnvVar, "config.yaml"
	// or the directory searched.
	From string
	// Off is set when From turned lookup off (Off); Paths is then empty.
	Off bool
}

// Find returns the files of the first source that names or holds any. A
// file named explicitly (flag, environment, config) is returned whether
// or not it exists, so that Open can say what is wrong with it; the
// directories are searched for the usual names only. A source whose only
// value is Off wins with Found.Off and no paths.
func (s Sources) Find() (Found, error) {
	if f := nonEmpty(s.Flags); len(f) > 0 {
		return Found{Paths: f, From: "--geoip-db", Off: isOff(f)}.off(), nil
	}
	if f := nonEmpty(filepath.SplitList(s.Env)); len(f) > 0 {
		return Found{Paths: f, From: EnvVar, Off: isOff(f)}.off(), nil
	}
	if s.Config != nil {
		c, err := s.Config()
		if err != nil {
			return Found{}, err
		}
		if f := nonEmpty(c); len(f) > 0 {
			return Found{Paths: f, From: "config.yaml"}, nil
		}
	}
	for _, d := range s.Dirs {
		if f := searchDir(d); len(f) > 0 {
			return Found{Paths: f, From: d}, nil
		}
	}
	return Found{}, nil
}

// isOff reports whether list is Off alone.
func isOff(list []string) bool { return len(list) == 1 && strings.EqualFold(list[0], Off) }

// off drops the paths of a Found that turned lookup off.
func (f Found) off() Found {
	if f.Off {
		f.Paths = nil
	}
	return f
}

// nonEmpty drops blank entries.
func nonEmpty(list []string) []string {
	var out []string
	for _, p := range list {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Usual file names, best first: where geoipupdate, distributions and the
// vendors' downloads put them. A pattern takes the last match by name (the
// newest of dated DB-IP files).
func placeNames() []string {
	return []string{"GeoIP2-City.mmdb", "GeoLite2-City.mmdb", "dbip-city-lite*.mmdb", "ipinfo_lite.mmdb",
		"GeoIP2-Country.mmdb", "GeoLite2-Country.mmdb", "dbip-country-lite*.mmdb", "country_asn.mmdb"}
}

func networkNames() []string {
	return []string{"GeoIP2-ISP.mmdb", "GeoLite2-ASN.mmdb", "dbip-asn-lite*.mmdb"}
}

// searchDir returns the best place file and the best network file in dir.
func searchDir(dir string) []string {
	var out []string
	for _, group := range [][]string{placeNames(), networkNames()} {
		for _, pat := range group {
			m, _ := filepath.Glob(filepath.Join(dir, pat))
			if len(m) > 0 {
				slices.Sort(m)
				out = append(out, m[len(m)-1])
				break
			}
		}
	}
	if len(out) == 2 && strings.HasPrefix(filepath.Base(out[0]), "ipinfo") {
		return out[:1] // IPinfo's file names the network too
	}
	return out
}

// StandardDirs are the directories searched when nothing names a file:
// /usr/share/GeoIP (distributions), /var/lib/GeoIP (geoipupdate) and
// $XDG_DATA_HOME/stytchctl (default ~/.local/share/stytchctl).
func StandardDirs(lookupEnv func(string) (string, bool)) []string {
	dirs := []string{"/usr/share/GeoIP", "/var/lib/GeoIP"}
	if d, ok := lookupEnv("XDG_DATA_HOME"); ok && filepath.IsAbs(d) {
		return append(dirs, filepath.Join(d, "stytchctl"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, ".local", "share", "stytchctl"))
	}
	return dirs
}
