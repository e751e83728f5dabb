package cmd

import (
	"bufio"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// zoneTabs are the system's lists of IANA zone names, tried in order: one
// small file read, not a walk of /usr/share/zoneinfo. A variable so tests
// can point it elsewhere.
var zoneTabs = []string{"/usr/share/zoneinfo/zone.tab", "/usr/share/zoneinfo/zone1970.tab"}

// builtinZones is what --tz offers where the system has no zone list
// (Windows, scratch images): the embedded time/tzdata knows every zone but
// cannot list them, so these are the common ones.
var builtinZones = []string{
	"Africa/Cairo", "Africa/Johannesburg", "Africa/Lagos", "Africa/Nairobi",
	"America/Anchorage", "America/Argentina/Buenos_Aires", "America/Bogota",
	"America/Chicago", "America/Denver", "America/Halifax", "America/Los_Angeles",
	"America/Mexico_City", "America/New_York", "America/Phoenix", "America/Sao_Paulo",
	"America/Toronto", "America/Vancouver", "Asia/Bangkok", "Asia/Dubai",
	"Asia/Hong_Kong", "Asia/Jakarta", "Asia/Jerusalem", "Asia/Kolkata", "Asia/Manila",
	"Asia/Seoul", "Asia/Shanghai", "Asia/Singapore", "Asia/Taipei", "Asia/Tokyo",
	"Atlantic/Reykjavik", "Australia/Adelaide", "Australia/Brisbane", "Australia/Perth",
	"Australia/Sydney", "Europe/Amsterdam", "Europe/Athens", "Europe/Berlin",
	"Europe/Dublin", "Europe/Helsinki", "Europe/Istanbul", "Europe/Lisbon",
	"Europe/London", "Europe/Madrid", "Europe/Moscow", "Europe/Paris", "Europe/Rome",
	"Europe/Stockholm", "Europe/Warsaw", "Europe/Zurich", "Pacific/Auckland",
	"Pacific/Honolulu",
}

// completeZones completes --tz with IANA zone names (UTC first), from the
// system's zone list when there is one, else builtinZones. It runs only
// under __complete: building the command reads nothing.
func completeZones(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, z := range append([]string{"UTC"}, zoneNames()...) {
		if strings.HasPrefix(z, toComplete) {
			out = append(out, z)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// zoneNames returns the sorted zone names of the first readable file of
// zoneTabs (the third column of each line that is not a comment), or
// builtinZones.
func zoneNames() []string {
	for _, path := range zoneTabs {
		if names := readZoneTab(path); len(names) > 0 {
			return names
		}
	}
	return builtinZones
}

func readZoneTab(path string) []string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) >= 3 && !strings.HasPrefix(fields[0], "#") {
			names = append(names, fields[2])
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}
