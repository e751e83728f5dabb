package sessionfilter

import (
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/stytchctl/stytchctl/api"
)

func TestBindAndCompile(t *testing.T) {
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	var o Options
	Bind(fs, &o)
	err := fs.Parse([]string{"--factor", "totp", "--factor", "sms,google", "--ip", "192.0.2.0/24,2001:db8::1",
		"--user-agent", "Chrome", "--started-after", "7d", "--started-before", "2026-06-04",
		"--idle-for", "1h30m", "--expires-within", "2w", "--sort-by", "-expires", "--limit", "3"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := o.Compile(now, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Selects() || !f.Sorts() || f.Limit() != 3 {
		t.Errorf("Selects %v Sorts %v Limit %d", f.Selects(), f.Sorts(), f.Limit())
	}
	if len(f.factors) != 3 || len(f.prefixes) != 2 || f.userAgent != "chrome" {
		t.Errorf("factors %v prefixes %v ua %q", f.factors, f.prefixes, f.userAgent)
	}
	if !f.startedAfter.Equal(now.Add(-7*24*time.Hour)) || !f.startedBefore.Equal(time.Date(2026, 6, 4, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("started window %s – %s", f.startedAfter, f.startedBefore)
	}
	if !f.lastActiveBefore.Equal(now.Add(-90*time.Minute)) || !f.expiresBy.Equal(now.Add(14*24*time.Hour)) {
		t.Errorf("idle %s expires %s", f.lastActiveBefore, f.expiresBy)
	}
	if f.sortKey != SortExpires || !f.desc {
		t.Errorf("sort %v desc %v", f.sortKey, f.desc)
	}
}

func TestBindMatchHasNoOrderFlags(t *testing.T) {
	fs := pflag.NewFlagSet("revoke", pflag.ContinueOnError)
	var o Options
	BindMatch(fs, &o)
	for _, name := range []string{"factor", "ip", "user-agent", "started-after", "started-before", "idle-for", "expires-within"} {
		if fs.Lookup(name) == nil {
			t.Errorf("BindMatch did not add --%s", name)
		}
	}
	for _, name := range []string{"sort-by", "limit"} {
		if fs.Lookup(name) != nil {
			t.Errorf("BindMatch added --%s", name)
		}
	}
}

func TestZeroFilterKeepsEverything(t *testing.T) {
	f, err := Options{}.Compile(now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Selects() || f.Sorts() || f.Limit() != 0 {
		t.Error("empty options select, sort or limit")
	}
	ss := []api.Session{{SessionID: "b"}, {SessionID: "a", IPAddress: "junk"}}
	got := f.Apply(ss)
	if len(got) != 2 || got[0].SessionID != "b" {
		t.Errorf("Apply = %v", got)
	}
}

func TestZonelessTimesUseTheLocation(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]time.Time{
		"2026-06-01":                time.Date(2026, 6, 1, 0, 0, 0, 0, tokyo),
		"2026-06-01T09:30":          time.Date(2026, 6, 1, 9, 30, 0, 0, tokyo),
		"2026-06-01 09:30:15":       time.Date(2026, 6, 1, 9, 30, 15, 0, tokyo),
		"2026-06-01T09:30:00Z":      time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC),
		"2026-06-01T09:30:00+02:00": time.Date(2026, 6, 1, 7, 30, 0, 0, time.UTC),
		"36h":                       now.Add(-36 * time.Hour),
	} {
		got, err := ParseTimeOrAgo(in, now, tokyo)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseTimeOrAgo(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
}

func TestCompileErrorsNameTheFlag(t *testing.T) {
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{Factors: []string{" "}}, "--factor"},
		{Options{IPs: []string{"1.2.3"}}, "--ip"},
		{Options{IPs: []string{"::ffff:0:0/64"}}, "at least 96 bits"},
		{Options{StartedAfter: "soon"}, "--started-after"},
		{Options{StartedBefore: "2026-02-30"}, "--started-before"},
		{Options{IdleFor: "1y"}, "--idle-for"},
		{Options{ExpiresWithin: "h"}, "--expires-within"},
		{Options{SortBy: "--started"}, "--sort-by"},
		{Options{Limit: -5}, "--limit"},
	} {
		_, err := tc.o.Compile(now, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Compile(%+v) = %v, want an error naming %s", tc.o, err, tc.want)
		}
	}
}
