package cmd

import (
	"errors"
	"fmt"
	"time"

	"github.com/stytchctl/stytchctl/cmd/geoip"
	"github.com/stytchctl/stytchctl/config"
	"github.com/stytchctl/stytchctl/render"
)

// geoipMaxAge is the age past which auth doctor calls a location database
// stale: MaxMind and DB-IP publish monthly, and addresses move.
const geoipMaxAge = 60 * 24 * time.Hour

// doctorGeoIP is the section on the IP location databases: which files the
// location views would read (for the demo profile, its built-in ones),
// what each holds and when it was built, a warning for a file older than
// geoipMaxAge and a failure for one that cannot be used.
func (a *app) doctorGeoIP() doctorSection {
	sec := doctorSection{title: "IP locations"}
	o := locationOptions{}
	found, err := o.findLocations(a, a.demoSelected())
	if err == nil && found.Off {
		sec.findings = []config.Finding{{Level: config.LevelInfo,
			Text: "IP location lookup is turned off (" + found.From + "=" + geoip.Off + "): views show IP addresses without places"}}
		return sec
	}
	if err == nil && found.From == "" {
		sec.findings = []config.Finding{{Level: config.LevelInfo,
			Text: "no IP location database found: views show IP addresses without places",
			Fix:  "optional; see stytchctl help geoip to add one"}}
		return sec
	}
	db, err := o.openLocations(a, a.demoSelected())
	if err != nil {
		fix := "see stytchctl help geoip"
		var ee *exitError
		if errors.As(err, &ee) && ee.hint != "" {
			fix = ee.hint
		}
		sec.findings = []config.Finding{{Level: config.LevelFail, Text: err.Error(), Fix: fix}}
		return sec
	}
	defer db.Close()
	now := a.deps.Now()
	for _, f := range db.Files() {
		age := now.Sub(f.Built)
		// The path and database_type are the file's text: escaped.
		covers := f.Covers
		if f.BuiltIn {
			covers += ", built in"
		}
		text := fmt.Sprintf("%s (%s, from %s): %s, built %s", render.Sanitize(f.Path), covers, render.Sanitize(found.From),
			render.Sanitize(f.Type), f.Built.Format("2006-01-02"))
		if age >= 0 {
			text += fmt.Sprintf(" (%d days ago)", int(age.Hours()/24))
		}
		finding := config.Finding{Level: config.LevelOK, Text: text}
		if age > geoipMaxAge && found.From != demoLocations {
			finding.Level = config.LevelWarn
			finding.Fix = "locations drift as addresses move: update it monthly (geoipupdate, or the month's DB-IP Lite file)"
		}
		sec.findings = append(sec.findings, finding)
	}
	return sec
}
