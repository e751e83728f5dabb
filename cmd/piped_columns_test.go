package cmd

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api/apitest"
	"github.com/stytchctl/stytchctl/render"
)

// documentedPipedColumns parses the piped columns out of help formatting:
// a command indented by two spaces, its columns by six, comma-separated
// and wrapped over as many lines as they need.
func documentedPipedColumns(t *testing.T) map[string][]string {
	t.Helper()
	r := newHarness(t).run("help", "formatting")
	r.expect(t, ExitOK)
	_, section, ok := strings.Cut(r.stdout, "\nTables, piped, command by command:")
	if !ok {
		t.Fatalf("help formatting has no piped-columns section:\n%s", r.stdout)
	}
	section, _, _ = strings.Cut(section, "\n\n")
	doc := map[string][]string{}
	command := ""
	for _, line := range strings.Split(section, "\n") {
		switch {
		case strings.HasPrefix(line, "      "):
			for _, c := range strings.Split(strings.TrimSpace(line), ",") {
				if c = strings.TrimSpace(c); c != "" {
					doc[command] = append(doc[command], c)
				}
			}
		case strings.HasPrefix(line, "  "):
			command = strings.TrimSpace(line)
		}
	}
	return doc
}

// columnNames names columns as help formatting does: the CSV key when the
// column has one, else its header in lower case with _ for spaces.
func columnNames(cols []render.Column) []string {
	var names []string
	for _, c := range cols {
		n := c.Key
		if n == "" {
			n = strings.ReplaceAll(strings.ToLower(c.Header), " ", "_")
		}
		names = append(names, n)
	}
	return names
}

// TestPipedColumnsAreDocumented holds help formatting to each command's
// piped columns, by the column lists in the code and by what the commands
// print.
func TestPipedColumnsAreDocumented(t *testing.T) {
	doc := documentedPipedColumns(t)
	sessions := sessionsListing(false, nil)
	inCode := map[string][]render.Column{
		"sessions list":                 sessions.PipedColumns,
		"sessions audit":                findingsListing(false).Columns,
		"sessions devices":              devicesListing().Columns,
		"sessions journal":              journalListing().Columns,
		"sessions revoke --dry-run":     revokePlan{Owner: "User", Detail: "Device"}.targetListing().Columns,
		"sessions revoke":               revokePlan{Owner: "User", Detail: "Device"}.resultListing().Columns,
		"b2b sessions list":             memberSessionsListing().Columns,
		"b2b sessions revoke --dry-run": revokePlan{Owner: "Member", Detail: "Factors", NoIP: true}.targetListing().Columns,
		"b2b sessions revoke":           revokePlan{Owner: "Member", Detail: "Factors", NoIP: true}.resultListing().Columns,
		"users search":                  usersListing().Columns,
		"b2b members search":            membersListing().Columns,
		"b2b orgs search":               orgsListing().Columns,
	}
	if got := sessionsListing(true, nil).PipedColumns; !slices.Equal(columnNames(got), columnNames(sessions.PipedColumns)) {
		t.Errorf("sessions list pipes %v for several users, %v for one", columnNames(got), columnNames(sessions.PipedColumns))
	}
	for command, cols := range inCode {
		if got := columnNames(cols); !slices.Equal(doc[command], got) {
			t.Errorf("%s pipes the columns %v; help formatting says %v", command, got, doc[command])
		}
	}
	for command := range doc {
		if _, ok := inCode[command]; !ok && !slices.Contains([]string{"sessions watch", "b2b sessions watch", "auth status", "users get, b2b orgs get, sessions decode"}, command) {
			t.Errorf("help formatting documents %q, which the test does not check", command)
		}
	}

	// What the commands print has as many cells as documented.
	h := newHarness(t)
	revokeForJournal(t, h)
	org, member := apitest.DemoOrganizationID, apitest.DemoMemberID
	runs := []struct {
		command string
		args    []string
	}{
		{"sessions list", []string{"sessions", "list", "-u", apitest.DemoUserID}},
		{"sessions list", []string{"sessions", "list", "-u", apitest.FactorZooUserID + "," + apitest.HostileUserID + ",emp-00417"}},
		{"sessions audit", []string{"sessions", "audit", "-u", apitest.FactorZooUserID + "," + apitest.HostileUserID}},
		{"sessions devices", []string{"sessions", "devices", "-u", apitest.FactorZooUserID}},
		{"sessions journal", []string{"sessions", "journal"}},
		{"sessions revoke --dry-run", []string{"sessions", "revoke", "-u", apitest.FactorZooUserID, "--all", "--dry-run"}},
		{"sessions revoke", []string{"sessions", "revoke", "-u", "emp-00417", "--all", "--yes"}},
		{"b2b sessions list", []string{"b2b", "sessions", "list", "--organization", org, "--member", member}},
		{"b2b sessions revoke --dry-run", []string{"b2b", "sessions", "revoke", "--organization", org, "--member", member, "--all", "--dry-run"}},
		{"b2b sessions revoke", []string{"b2b", "sessions", "revoke", "--organization", org, "--member", member, "--all", "--yes"}},
		{"users search", []string{"users", "search"}},
		{"b2b members search", []string{"b2b", "members", "search", "--organization", org}},
		{"b2b orgs search", []string{"b2b", "orgs", "search"}},
		{"auth status", []string{"auth", "status"}},
	}
	for _, run := range runs {
		r := h.run(run.args...)
		r.expect(t, ExitOK)
		lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		if r.stdout == "" {
			t.Errorf("%v printed nothing", run.args)
			continue
		}
		for _, l := range lines {
			if n := strings.Count(l, "\t") + 1; n != len(doc[run.command]) {
				t.Errorf("%v: %d cells, help formatting documents %d (%v): %q", run.args, n, len(doc[run.command]), doc[run.command], l)
			}
		}
	}
}

// TestPipedOutputIsNeverCut: no piped table cuts a cell, the hostile
// user agent included.
func TestPipedOutputIsNeverCut(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{
		{"sessions", "list", "-u", apitest.HostileUserID + "," + apitest.FactorZooUserID},
		{"sessions", "audit", "-u", apitest.HostileUserID + "," + apitest.FactorZooUserID},
		{"sessions", "devices", "-u", apitest.HostileUserID},
		{"sessions", "revoke", "-u", apitest.HostileUserID, "--all", "--dry-run"},
	} {
		r := h.run(args...)
		r.expect(t, ExitOK)
		if regexp.MustCompile(`…|\.\.\.`).MatchString(r.stdout) {
			t.Errorf("%v: piped output is cut:\n%s", args, r.stdout)
		}
	}
}
