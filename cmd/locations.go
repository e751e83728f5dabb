package cmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/cmd/geoip"
	"github.com/stytchctl/stytchctl/cmd/sessionview"
	"github.com/stytchctl/stytchctl/config"
	"github.com/stytchctl/stytchctl/render"
)

// locationOptions is the --geoip-db flag of a command that shows where IP
// addresses are (sessions devices, sessions show, sessions list -o wide
// and -o csv). Only these commands ever open a location database.
type locationOptions struct {
	files []string
}

// bindLocations adds --geoip-db to c.
func bindLocations(c *cobra.Command, o *locationOptions) {
	c.Flags().StringArrayVar(&o.files, "geoip-db", nil,
		"MaxMind DB `FILE` of IP locations, or none (repeatable; see help geoip)")
}

// openLocations opens the location databases of this run, before any
// request is sent (see findLocations). Nothing found is nil with no error
// and no noise: the views are drawn as without locations. A file that
// cannot be used is a usage error (exit 2) naming it and what is wrong; a
// damaged record met later is one warning line on stderr per file.
func (o *locationOptions) openLocations(a *app, demo bool) (*geoip.DB, error) {
	found, err := o.findLocations(a, demo)
	switch {
	case err != nil:
		return nil, err
	case found.From == demoLocations:
		return geoip.OpenDemo()
	case len(found.Paths) == 0:
		return nil, nil
	}
	db, err := geoip.Open(found.Paths...)
	var fe *geoip.FileError
	if errors.As(err, &fe) {
		return nil, &exitError{code: ExitUsage,
			err:  fmt.Errorf("IP location database %s (from %s): %s", render.Sanitize(fe.Path), found.From, fe.Problem),
			hint: "Name a GeoLite2/DB-IP City or ASN .mmdb file, or remove it from " + found.From + "; see stytchctl help geoip."}
	}
	db.OnDamage(func(msg string) {
		fmt.Fprintf(a.deps.Stderr, "stytchctl: warning: IP location database %s\n", render.Sanitize(msg))
	})
	return db, err
}

// demoLocations is the From of the built-in demo databases.
const demoLocations = "the demo profile"

// findLocations says which databases this run reads (none, Found.Off,
// when --geoip-db or STYTCHCTL_GEOIP_DB is "none"): --geoip-db, else
// STYTCHCTL_GEOIP_DB, else (with the demo profile) the built-in demo
// databases (From is demoLocations), else the geoip_db setting of
// config.yaml, else the usual directories (Deps.GeoIPDirs).
func (o *locationOptions) findLocations(a *app, demo bool) (geoip.Found, error) {
	explicit := geoip.Sources{Flags: o.files, Env: a.deps.getenv(geoip.EnvVar)}
	found, _ := explicit.Find() // no Config: cannot fail
	if len(found.Paths) > 0 || found.Off {
		return found, nil
	}
	if demo {
		return geoip.Found{From: demoLocations}, nil
	}
	rest := geoip.Sources{Config: a.configGeoIPDB}
	if a.deps.GeoIPDirs != nil {
		rest.Dirs = a.deps.GeoIPDirs()
	}
	return rest.Find()
}

// configGeoIPDB reads the geoip_db setting of config.yaml, each path with
// a leading ~ expanded to the home directory and a relative one read from
// the config file's directory. A missing or unreadable config file is no
// setting: a command whose credentials come from the environment never
// needed that file before, and must not start failing over it now (the
// commands that use profiles still report it); one that exists but cannot
// be read is a warning on stderr naming it and why.
func (a *app) configGeoIPDB() ([]string, error) {
	profs, err := a.openProfiles()
	if err != nil {
		return nil, nil
	}
	file, err := profs.Load()
	if err != nil {
		if !a.configWarned {
			a.configWarned = true
			msg := err.Error()
			if !strings.Contains(msg, profs.ConfigPath()) {
				msg = profs.ConfigPath() + ": " + msg
			}
			fmt.Fprintf(a.deps.Stderr, "stytchctl: warning: geoip_db setting ignored: %s\n", render.Sanitize(msg))
		}
		return nil, nil
	}
	out := make([]string, 0, len(file.GeoIPDB))
	for _, p := range file.GeoIPDB {
		out = append(out, a.configPath(filepath.Dir(profs.ConfigPath()), strings.TrimSpace(p)))
	}
	return out, nil
}

// configPath is path p of config.yaml as a file name: ~ and ~/… are in
// the home directory ($HOME), and a relative path is in dir, the config
// file's directory.
func (a *app) configPath(dir, p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		home := a.deps.getenv("HOME")
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		if home != "" {
			p = filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	}
	if p == "" || filepath.IsAbs(p) || strings.HasPrefix(p, "~") {
		return p
	}
	return filepath.Join(dir, p)
}

// demoSelected reports whether --profile or STYTCHCTL_PROFILE names the
// built-in demo profile: what a command that reads a file, and so resolves
// no credentials, goes by to pick the demo databases.
func (a *app) demoSelected() bool {
	if a.profile != "" {
		return a.profile == config.DemoProfile
	}
	return a.deps.getenv("STYTCHCTL_PROFILE") == config.DemoProfile
}

// locator is db as the views take it: nil (no locations at all) when no
// database is open.
func locator(db *geoip.DB) sessionview.Locator {
	if db == nil {
		return nil
	}
	return db
}
