package cmd

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// fakeKey holds each script's *apitest.Fake in its testscript Values.
type fakeKey struct{}

// withFakeCmds adds the script commands that look at and steer the
// script's fake API:
//
//	fakereq [PATH]                   print every request received (on PATH),
//	                                 one "METHOD PATH?QUERY BODY" line each
//	fakereset                        forget the requests received so far
//	fakefault PATH STATUS TIMES [apply]  answer the next TIMES requests to
//	                                 PATH with STATUS; apply runs the
//	                                 endpoint first (its effect happens)
//	fakelatency DURATION             delay every answer
//	fakehas SESSION_ID               succeed when the session is active
func withFakeCmds(cmds map[string]func(ts *testscript.TestScript, neg bool, args []string)) map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	fake := func(ts *testscript.TestScript) *apitest.Fake {
		f, ok := ts.Value(fakeKey{}).(*apitest.Fake)
		if !ok {
			ts.Fatalf("no fake API in this script")
		}
		return f
	}
	cmds["fakereq"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) > 1 {
			ts.Fatalf("usage: fakereq [PATH]")
		}
		var b strings.Builder
		for _, r := range fake(ts).Requests() {
			if len(args) == 1 && r.Path != args[0] {
				continue
			}
			target := r.Path
			if r.RawQuery != "" {
				target += "?" + r.RawQuery
			}
			fmt.Fprintf(&b, "%s %s %s\n", r.Method, target, r.Body)
		}
		ts.Stdout().Write([]byte(b.String()))
	}
	cmds["fakesynthetic"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: fakesynthetic USER_ID N")
		}
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 1 {
			ts.Fatalf("fakesynthetic: N must be a positive number, got %q", args[1])
		}
		fake(ts).AddSyntheticSessions(args[0], n)
	}
	cmds["fakereset"] = func(ts *testscript.TestScript, neg bool, args []string) {
		fake(ts).ResetRequests()
	}
	cmds["fakefault"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 3 || len(args) > 4 || (len(args) == 4 && args[3] != "apply") {
			ts.Fatalf("usage: fakefault PATH STATUS TIMES [apply]")
		}
		status, err := strconv.Atoi(args[1])
		ts.Check(err)
		times, err := strconv.Atoi(args[2])
		ts.Check(err)
		fake(ts).AddFault(apitest.Fault{Path: args[0], Status: status, Times: times, Apply: len(args) == 4})
	}
	cmds["fakelatency"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: fakelatency DURATION")
		}
		d, err := time.ParseDuration(args[0])
		ts.Check(err)
		fake(ts).SetLatency(d)
	}
	cmds["fakehas"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: [!] fakehas SESSION_ID")
		}
		if has := fake(ts).HasSession(args[0]); has == neg {
			ts.Fatalf("session %s active: %v", args[0], has)
		}
	}
	withMoreFakeCmds(cmds, fake)
	return cmds
}
